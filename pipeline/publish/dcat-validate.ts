/**
 * @module
 * Checks a catalog against the DCAT-US 1.1 JSON schema shipped in `schema/`
 * (Ajv 8 with formats; no network: the schema is local and self-contained).
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

const schema = JSON.parse(readFileSync(new URL('./schema/dcat-us-1.1.json', import.meta.url), 'utf8')) as object;

// ajv-formats is CommonJS: its default export arrives wrapped under Node's ESM interop.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

// The published patterns use escapes such as `\:` that are invalid under the u flag.
let validate: ReturnType<Ajv['compile']> | undefined;

/** Returns the schema errors as readable lines; an empty list means valid. */
export function dcatErrors(catalog: unknown): string[] {
  if (!validate) {
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    validate = ajv.compile(schema);
  }
  if (validate(catalog)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is not valid'}`);
}

/**
 * @module
 * The versioned JSON Schema of the document model (Document, Page, Word, Warning,
 * Finding, Redaction) and the validator used wherever a document crosses a
 * boundary (a JSON file, the CLI, HTTP). Beyond the schema it checks what a schema
 * cannot: each word's offsets point at its own text in `Page.text`.
 *
 * ```ts
 * const document = validateDocument(JSON.parse(await readFile(path, 'utf8')));
 * if (!document.ok) return document;
 * ```
 */
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';
import { MODEL_VERSION } from './types.ts';
import type { Document, Finding, Redaction } from './types.ts';

const box = { type: 'array', items: { type: 'number' }, minItems: 4, maxItems: 4 } as const;
const pageBox = {
  type: 'object',
  required: ['page', 'box'],
  additionalProperties: false,
  properties: { page: { type: 'integer', minimum: 1 }, box: { $ref: '#/definitions/box' } },
} as const;

const definitions = {
  box,
  pageBox,
  word: {
    type: 'object',
    required: ['text', 'box', 'start', 'end', 'line'],
    additionalProperties: false,
    properties: {
      text: { type: 'string', minLength: 1 },
      box: { $ref: '#/definitions/box' },
      start: { type: 'integer', minimum: 0 },
      end: { type: 'integer', minimum: 0 },
      line: { type: 'integer', minimum: 0 },
      confidence: { type: 'number', minimum: 0, maximum: 1 },
    },
  },
  page: {
    type: 'object',
    required: ['number', 'width', 'height', 'rotation', 'source', 'text', 'words'],
    additionalProperties: false,
    properties: {
      number: { type: 'integer', minimum: 1 },
      width: { type: 'number', exclusiveMinimum: 0 },
      height: { type: 'number', exclusiveMinimum: 0 },
      rotation: { enum: [0, 90, 180, 270] },
      source: { enum: ['text', 'ocr'] },
      dpi: { type: 'number', exclusiveMinimum: 0 },
      text: { type: 'string' },
      words: { type: 'array', items: { $ref: '#/definitions/word' } },
    },
  },
  warning: {
    type: 'object',
    required: ['code', 'message'],
    additionalProperties: false,
    properties: { code: { type: 'string', minLength: 1 }, message: { type: 'string' }, page: { type: 'integer', minimum: 1 } },
  },
  finding: {
    type: 'object',
    required: ['id', 'detector', 'category', 'exemption', 'action', 'score', 'text', 'why', 'start', 'end', 'boxes'],
    additionalProperties: false,
    properties: {
      id: { type: 'string', minLength: 1 },
      detector: { type: 'string', minLength: 1 },
      category: { type: 'string', minLength: 1 },
      exemption: { type: 'string' },
      action: { enum: ['redact', 'review', 'keep'] },
      score: { type: 'number', minimum: 0, maximum: 1 },
      text: { type: 'string' },
      why: { type: 'array', items: { type: 'string' } },
      start: { type: 'integer', minimum: 0 },
      end: { type: 'integer', minimum: 0 },
      boxes: { type: 'array', items: { $ref: '#/definitions/pageBox' } },
    },
  },
  redaction: {
    type: 'object',
    required: ['id', 'boxes', 'category', 'exemption', 'from', 'decision', 'reason'],
    additionalProperties: false,
    properties: {
      id: { type: 'string', minLength: 1 },
      boxes: { type: 'array', items: { $ref: '#/definitions/pageBox' } },
      category: { type: 'string' },
      exemption: { type: 'string' },
      from: {
        oneOf: [
          { type: 'object', required: ['findings'], additionalProperties: false, properties: { findings: { type: 'array', items: { type: 'string' } } } },
          { type: 'object', required: ['reviewer'], additionalProperties: false, properties: { reviewer: { type: 'string', minLength: 1 } } },
        ],
      },
      decision: { enum: ['proposed', 'accepted', 'rejected'] },
      reason: { type: 'string' },
    },
  },
} as const;

/** JSON Schema (draft-07) of a serialised Document, version `MODEL_VERSION`. */
export const documentSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: `urn:daylight:document:v${MODEL_VERSION}`,
  title: 'Daylight document',
  type: 'object',
  required: ['modelVersion', 'id', 'fileName', 'mediaType', 'byteLength', 'pages', 'warnings'],
  additionalProperties: false,
  properties: {
    modelVersion: { const: MODEL_VERSION },
    id: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    fileName: { type: 'string', minLength: 1 },
    mediaType: { enum: ['application/pdf', 'image/png', 'image/jpeg', 'image/tiff'] },
    byteLength: { type: 'integer', minimum: 1 },
    pages: { type: 'array', items: { $ref: '#/definitions/page' } },
    warnings: { type: 'array', items: { $ref: '#/definitions/warning' } },
  },
  definitions,
} as const;

export const findingSchema = { $id: `urn:daylight:finding:v${MODEL_VERSION}`, $ref: '#/definitions/finding', definitions } as const;
export const redactionSchema = { $id: `urn:daylight:redaction:v${MODEL_VERSION}`, $ref: '#/definitions/redaction', definitions } as const;

const ajv = new Ajv({ allErrors: false, strict: true });
let compiled: { document: ValidateFunction; finding: ValidateFunction; redaction: ValidateFunction } | undefined;

function validators() {
  compiled ??= { document: ajv.compile(documentSchema), finding: ajv.compile(findingSchema), redaction: ajv.compile(redactionSchema) };
  return compiled;
}

function describe(errors: ErrorObject[] | null | undefined): string {
  const first = errors?.[0];
  if (!first) return 'it does not match the schema';
  return `${first.instancePath || 'the top level'} ${first.message ?? 'is not valid'}`;
}

export function validateDocument(json: unknown): Result<Document> {
  const version = (json as { modelVersion?: unknown } | null)?.modelVersion;
  if (typeof json === 'object' && json !== null && version !== MODEL_VERSION) {
    return fail('document.invalid', `The document has model version ${JSON.stringify(version)}; this Daylight reads version ${MODEL_VERSION} only.`);
  }
  const validate = validators().document;
  if (!validate(json)) return fail('document.invalid', `The document JSON is not valid: ${describe(validate.errors)}.`);
  const document = json as Document;
  for (const page of document.pages) {
    for (const [index, word] of page.words.entries()) {
      const [x0, y0, x1, y1] = word.box;
      if (!(x0 <= x1 && y0 <= y1)) return fail('document.invalid', `Word ${index} on page ${page.number} has a box whose corners are out of order.`, { page: page.number });
      if (word.end < word.start || page.text.slice(word.start, word.end) !== word.text) {
        return fail('document.invalid', `Word ${index} on page ${page.number} ("${word.text}") does not match the page text at ${word.start}–${word.end}.`, { page: page.number });
      }
    }
  }
  return ok(document);
}

export function validateFinding(json: unknown): Result<Finding> {
  const validate = validators().finding;
  return validate(json) ? ok(json as Finding) : fail('document.invalid', `The finding is not valid: ${describe(validate.errors)}.`);
}

export function validateRedaction(json: unknown): Result<Redaction> {
  const validate = validators().redaction;
  return validate(json) ? ok(json as Redaction) : fail('document.invalid', `The redaction is not valid: ${describe(validate.errors)}.`);
}

/**
 * @module
 * The app's only static files, read once at start-up into memory and served by
 * exact name: a request path is a key in this table, never a file-system path,
 * so there is nothing to traverse. The client script is written in TypeScript
 * and served as JavaScript after Node strips its types.
 */
import { readFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import { createHash } from 'node:crypto';

export interface Asset {
  body: string;
  type: string;
  etag: string;
}

function asset(body: string, type: string): Asset {
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` };
}

/**
 * Node flags `stripTypeScriptTypes` as experimental and warns on stderr the first time it
 * runs; the review app would print that to every approver's terminal. Only that warning is
 * held back, for the one call.
 */
function stripTypes(source: string): string {
  const emit = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (!String(typeof warning === 'string' ? warning : warning.message).includes('stripTypeScriptTypes')) (emit as (...a: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return stripTypeScriptTypes(source);
  } finally {
    process.emitWarning = emit;
  }
}

function load(): Map<string, Asset> {
  const read = (name: string) => readFileSync(new URL(`./static/${name}`, import.meta.url), 'utf8');
  return new Map([
    ['review.css', asset(read('review.css'), 'text/css; charset=utf-8')],
    ['review.js', asset(stripTypes(read('client.ts')), 'text/javascript; charset=utf-8')],
  ]);
}

let assets: Map<string, Asset> | undefined;

export function staticAsset(name: string): Asset | undefined {
  assets ??= load();
  return assets.get(name);
}

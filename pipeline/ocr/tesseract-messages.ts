/**
 * @module
 * The messages between the OCR pool (tesseract.ts) and each of its threads
 * (tesseract-thread.mjs, plain JavaScript: see there why). Types only.
 *
 * In: `{ image, dpi }` (a PBM or PGM file's bytes) per page, or `{ saveCodeCache: file }`.
 * Out: `{ ready: true }` once (or `{ ready: false, message }`), then `{ ok: true, tsv }` or
 * `{ ok: false, message }` per page, and `{ saved }` per cache request.
 */

export interface PageRequest {
  image: Uint8Array;
  dpi: number;
}
export interface SaveCodeCacheRequest {
  saveCodeCache: string;
}
export type ThreadReply = { ready: true } | { ready: false; message: string } | { ok: true; tsv: string } | { ok: false; message: string } | { saved: boolean };

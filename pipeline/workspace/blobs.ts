/**
 * @module
 * The content-addressed blob store, as the rest of Daylight sees it: each blob
 * is named by the SHA-256 of its bytes and lives in a folder (`blobs-file.ts`,
 * the default) or an S3 bucket (`blobs-s3.ts`), chosen by `blobStoreFromEnv`
 * (`blobs-config.ts`). Store the blob first, then the row that names it.
 *
 * ```ts
 * const sha = await putBlob(ws.blobs, bytes);      // Result<string>
 * const back = await readBlob(ws.blobs, sha.value); // re-hashed on the way back
 * ```
 */
import type { Result } from '../problems.ts';
import type { BlobStore } from './blobs-store.ts';

export type { BlobBackend, BlobStore } from './blobs-store.ts';
export { sha256Hex, isSha256 } from './blobs-store.ts';
export type { BlobFs, FileBlobStore } from './blobs-file.ts';
export { blobPath, fileBlobStore, leftoverTempFiles, nodeBlobFs, removeStaleTempFiles } from './blobs-file.ts';
export type { S3BlobSettings, S3BlobStore } from './blobs-s3.ts';
// The S3 store itself (`s3BlobStore`, `s3Client`) is imported from blobs-s3.ts where needed: loading it loads the AWS SDK.
export { DEFAULT_PART_SIZE, MIN_PART_SIZE, blobStoreFromEnv, s3SettingsFromEnv } from './blobs-config.ts';

/** Stores `bytes` and returns their SHA-256 (`workspace.disk-full`, `workspace.write-failed`, `blobs.unavailable`). */
export function putBlob(store: BlobStore, bytes: Uint8Array): Promise<Result<string>> {
  return store.put(bytes);
}

export function putJsonBlob(store: BlobStore, value: unknown): Promise<Result<string>> {
  return store.put(new TextEncoder().encode(JSON.stringify(value)));
}

/** Reads a blob and checks its bytes still hash to its name (`workspace.missing-blob`). */
export function readBlob(store: BlobStore, sha: string): Promise<Result<Uint8Array>> {
  return store.get(sha);
}

export async function readJsonBlob<T>(store: BlobStore, sha: string): Promise<Result<T>> {
  const r = await store.get(sha);
  if (!r.ok) return r;
  return { ok: true, value: JSON.parse(new TextDecoder().decode(r.value)) as T };
}

export function hasBlob(store: BlobStore, sha: string): Promise<boolean> {
  return store.has(sha);
}

/** Secure disposal (see each store); the number of bytes disposed of, 0 when it was already gone. */
export function disposeBlob(store: BlobStore, sha: string): Promise<number> {
  return store.dispose(sha);
}

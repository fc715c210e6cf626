/**
 * @module
 * The blob store contract. Originals, extracted models, artifacts and reports
 * are stored under the SHA-256 of their bytes, in a folder (`blobs-file.ts`,
 * the default) or an S3 bucket (`blobs-s3.ts`). A backend only moves bytes;
 * `contentAddressed` adds what every store must do the same way: name by hash,
 * write once, re-check the hash on every read, refuse a malformed name.
 */
import { createHash } from 'node:crypto';
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';

export interface BlobStore {
  kind: 'file' | 's3';
  /** Where the blobs are, for messages and `daylight doctor`: "folder /x/blobs", "S3 bucket b (prefix p/)". */
  describe(): string;
  /** Stores `bytes` and returns their SHA-256; storing the same bytes twice writes once. */
  put(bytes: Uint8Array): Promise<Result<string>>;
  /** The bytes named `sha`, checked against their hash (`workspace.missing-blob` when gone or damaged). */
  get(sha: string): Promise<Result<Uint8Array>>;
  has(sha: string): Promise<boolean>;
  /** Secure disposal (file: zeroed, fsynced, unlinked; S3: every version deleted). Bytes disposed of, 0 when already gone. */
  dispose(sha: string): Promise<number>;
  /** For `daylight doctor`: the store is reachable and a probe blob can be written, read and deleted. */
  check(): Promise<Result<void>>;
  /** Lets go of sockets and handles. */
  close(): void;
}

/** What a backend provides: byte moves under a validated name. */
export interface BlobBackend {
  kind: BlobStore['kind'];
  describe(): string;
  /** Writes whole or not at all. */
  write(sha: string, bytes: Uint8Array): Promise<Result<void>>;
  /** The stored bytes, unchecked; `workspace.missing-blob` when there are none. */
  read(sha: string): Promise<Result<Uint8Array>>;
  exists(sha: string): Promise<boolean>;
  /** Secure disposal of one blob; bytes disposed of, 0 when already gone. */
  remove(sha: string): Promise<number>;
  check(): Promise<Result<void>>;
  close(): void;
}

const SHA = /^[0-9a-f]{64}$/;

export function isSha256(value: string): boolean {
  return SHA.test(value);
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Throws for a malformed hash, so no request string becomes a path or an object key. */
export function assertSha256(sha: string): void {
  if (!SHA.test(sha)) throw new Error(`not a SHA-256: ${JSON.stringify(sha)}`);
}

/** Wraps a backend with the naming and checking every store shares. */
export function contentAddressed<B extends BlobBackend>(backend: B): B & BlobStore {
  return {
    ...backend,
    async put(bytes: Uint8Array): Promise<Result<string>> {
      const sha = sha256Hex(bytes);
      let present = false;
      try {
        present = await backend.exists(sha);
      } catch {
        // An unreachable store: the write below says so as a problem.
      }
      if (present) return ok(sha);
      const written = await backend.write(sha, bytes);
      return written.ok ? ok(sha) : written;
    },
    async get(sha: string): Promise<Result<Uint8Array>> {
      if (!SHA.test(sha)) return fail('workspace.missing-blob', `${JSON.stringify(sha)} is not the name of a stored file.`);
      const read = await backend.read(sha);
      if (!read.ok) return read;
      if (sha256Hex(read.value) !== sha) return fail('workspace.missing-blob', `Stored file ${sha} is damaged: its bytes no longer match its hash.`);
      return read;
    },
    has: (sha: string) => (SHA.test(sha) ? backend.exists(sha) : Promise.resolve(false)),
    async dispose(sha: string): Promise<number> {
      assertSha256(sha);
      return backend.remove(sha);
    },
  };
}

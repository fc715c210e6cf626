/**
 * @module
 * The content-addressed blob store: each file is named by the SHA-256 of its
 * bytes, under `blobs/ab/cd/<sha>`. A write goes to a temp file in the same
 * folder, is fsynced, renamed into place and the folder fsynced, so a blob
 * either exists whole or not at all; callers record a row only after `putBlob`
 * returned, so no row points at an incomplete blob.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, constants, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';

/** The file operations a write needs; tests swap in one that fails (ENOSPC). */
export interface BlobFs {
  /** Writes all of `bytes` to a new file at `path` and fsyncs it. */
  writeDurably(path: string, bytes: Uint8Array): void;
  rename(from: string, to: string): void;
  fsyncDir(path: string): void;
}

export const nodeBlobFs: BlobFs = {
  writeDurably(path, bytes) {
    const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    try {
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  },
  rename: renameSync,
  fsyncDir(path) {
    const fd = openSync(path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  },
};

export interface BlobStore {
  root: string;
  fs: BlobFs;
}

const SHA = /^[0-9a-f]{64}$/;

export function blobStore(root: string, fs: BlobFs = nodeBlobFs): BlobStore {
  mkdirSync(root, { recursive: true });
  return { root, fs };
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Where a blob lives; throws for a malformed hash, so no request string becomes a path. */
export function blobPath(store: BlobStore, sha: string): string {
  if (!SHA.test(sha)) throw new Error(`not a SHA-256: ${JSON.stringify(sha)}`);
  return join(store.root, sha.slice(0, 2), sha.slice(2, 4), sha);
}

export function hasBlob(store: BlobStore, sha: string): boolean {
  if (!SHA.test(sha)) return false;
  try {
    return statSync(blobPath(store, sha)).isFile();
  } catch {
    return false;
  }
}

/** Stores `bytes` and returns their SHA-256; storing the same bytes twice writes once. */
export function putBlob(store: BlobStore, bytes: Uint8Array): Result<string> {
  const sha = sha256Hex(bytes);
  if (hasBlob(store, sha)) return ok(sha);
  const final = blobPath(store, sha);
  const dir = join(final, '..');
  const temp = join(dir, `.tmp-${sha.slice(0, 16)}-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    mkdirSync(dir, { recursive: true });
    store.fs.writeDurably(temp, bytes);
    store.fs.rename(temp, final);
    store.fs.fsyncDir(dir);
    return ok(sha);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // The temp file may never have been created.
    }
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ENOSPC' || e.code === 'EDQUOT') {
      return fail('workspace.disk-full', `No space left to store a ${bytes.length}-byte file in ${store.root} (${e.code}).`);
    }
    return fail('workspace.write-failed', `A ${bytes.length}-byte file could not be stored in ${store.root}: ${e.message}.`);
  }
}

export function putJsonBlob(store: BlobStore, value: unknown): Result<string> {
  return putBlob(store, new TextEncoder().encode(JSON.stringify(value)));
}

/** Reads a blob and checks its bytes still hash to its name. */
export async function readBlob(store: BlobStore, sha: string): Promise<Result<Uint8Array>> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(blobPath(store, sha)));
  } catch (error) {
    return fail('workspace.missing-blob', `Stored file ${sha} could not be read: ${(error as Error).message}.`);
  }
  if (sha256Hex(bytes) !== sha) return fail('workspace.missing-blob', `Stored file ${sha} is damaged: its bytes no longer match its hash.`);
  return ok(bytes);
}

export async function readJsonBlob<T>(store: BlobStore, sha: string): Promise<Result<T>> {
  const r = await readBlob(store, sha);
  if (!r.ok) return r;
  return ok(JSON.parse(new TextDecoder().decode(r.value)) as T);
}

/**
 * Overwrites a blob with zeros, fsyncs, then unlinks it. On copy-on-write file
 * systems and SSDs the old blocks may survive; full-disk encryption covers that.
 * Returns the number of bytes disposed of (0 when it was already gone).
 */
export function disposeBlob(store: BlobStore, sha: string): number {
  const path = blobPath(store, sha);
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return 0;
  }
  const fd = openSync(path, 'r+');
  try {
    const zeros = new Uint8Array(Math.min(size, 1 << 20));
    for (let offset = 0; offset < size; offset += zeros.length) writeSync(fd, zeros, 0, Math.min(zeros.length, size - offset), offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  unlinkSync(path);
  return size;
}

/** Removes temp files whose writing process is gone (killed mid-write); returns how many. */
export function removeStaleTempFiles(store: BlobStore, isRunning: (pid: number) => boolean): number {
  let removed = 0;
  for (const path of leftoverTempFiles(store)) {
    const pid = Number(/\.tmp-[0-9a-f]+-(\d+)-/.exec(path)?.[1]);
    if (Number.isInteger(pid) && isRunning(pid)) continue;
    try {
      unlinkSync(path);
      removed++;
    } catch {
      // Another cleaner got there first.
    }
  }
  return removed;
}

/** Temp files left by a process killed mid-write. */
export function leftoverTempFiles(store: BlobStore): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name);
      if (entry.isDirectory() && depth < 2) walk(p, depth + 1);
      else if (entry.isFile() && entry.name.startsWith('.tmp-')) out.push(p);
    }
  };
  walk(store.root, 0);
  return out;
}

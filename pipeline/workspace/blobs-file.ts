/**
 * @module
 * The file blob store, the default: each blob under `blobs/ab/cd/<sha>`. A
 * write goes to a temp file in the same folder, is fsynced, renamed into place
 * and the folder fsynced, so a blob either exists whole or not at all; callers
 * record a row only after `put` returned, so no row points at an incomplete
 * blob.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';
import { assertSha256, contentAddressed, sha256Hex } from './blobs-store.ts';
import type { BlobBackend, BlobStore } from './blobs-store.ts';

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

export interface FileBlobStore extends BlobStore {
  kind: 'file';
  root: string;
  fs: BlobFs;
}

function pathIn(root: string, sha: string): string {
  assertSha256(sha);
  return join(root, sha.slice(0, 2), sha.slice(2, 4), sha);
}

function existsIn(root: string, sha: string): boolean {
  try {
    return statSync(pathIn(root, sha)).isFile();
  } catch {
    return false;
  }
}

function writeIn(root: string, fs: BlobFs, sha: string, bytes: Uint8Array): Result<void> {
  const final = pathIn(root, sha);
  const dir = join(final, '..');
  const temp = join(dir, `.tmp-${sha.slice(0, 16)}-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    mkdirSync(dir, { recursive: true });
    fs.writeDurably(temp, bytes);
    fs.rename(temp, final);
    fs.fsyncDir(dir);
    return ok(undefined);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // The temp file may never have been created.
    }
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ENOSPC' || e.code === 'EDQUOT') {
      return fail('workspace.disk-full', `No space left to store a ${bytes.length}-byte file in ${root} (${e.code}).`);
    }
    return fail('workspace.write-failed', `A ${bytes.length}-byte file could not be stored in ${root}: ${e.message}.`);
  }
}

/**
 * Overwrites a blob with zeros, fsyncs, then unlinks it. On copy-on-write file
 * systems and SSDs the old blocks may survive; full-disk encryption covers that.
 */
function removeIn(root: string, sha: string): number {
  const path = pathIn(root, sha);
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

export function fileBlobStore(root: string, fs: BlobFs = nodeBlobFs): FileBlobStore {
  mkdirSync(root, { recursive: true });
  const backend: BlobBackend & { kind: 'file'; root: string; fs: BlobFs } = {
    kind: 'file',
    root,
    fs,
    describe: () => `folder ${root}`,
    write: async (sha, bytes) => writeIn(root, fs, sha, bytes),
    async read(sha) {
      try {
        return ok(new Uint8Array(await readFile(pathIn(root, sha))));
      } catch (error) {
        return fail('workspace.missing-blob', `Stored file ${sha} could not be read: ${(error as Error).message}.`);
      }
    },
    exists: async (sha) => existsIn(root, sha),
    remove: async (sha) => removeIn(root, sha),
    async check() {
      const probe = new TextEncoder().encode(`daylight doctor ${process.pid} ${Date.now()}`);
      const sha = sha256Hex(probe);
      const written = writeIn(root, fs, sha, probe);
      if (!written.ok) return written;
      removeIn(root, sha);
      return ok(undefined);
    },
    close: () => {},
  };
  return contentAddressed(backend);
}

/** Where a blob of the file store lives; throws for a malformed hash or another kind of store. */
export function blobPath(store: BlobStore, sha: string): string {
  if (store.kind !== 'file') throw new Error(`blobs are in ${store.describe()}, not in a folder`);
  return pathIn((store as FileBlobStore).root, sha);
}

/** Temp files left by a process killed mid-write (file store only; S3 writes are atomic). */
export function leftoverTempFiles(store: BlobStore): string[] {
  if (store.kind !== 'file') return [];
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name);
      if (entry.isDirectory() && depth < 2) walk(p, depth + 1);
      else if (entry.isFile() && entry.name.startsWith('.tmp-')) out.push(p);
    }
  };
  walk((store as FileBlobStore).root, 0);
  return out;
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

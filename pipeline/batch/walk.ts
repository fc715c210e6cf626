/**
 * @module
 * Lists the files of a batch folder, recursively and in a stable order. Names
 * are read as raw bytes so a non-UTF-8 name is noticed rather than mangled;
 * symbolic links are followed, but a link back into a folder being walked is a
 * loop and is reported instead of followed. Problems come back as entries, so
 * the batch records them as failed documents and goes on.
 */
import { readdir, stat } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import type { Problem, ProblemCode } from '../problems.ts';

export interface WalkEntry {
  /** Path relative to the folder, as UTF-8 (lossy for odd names), "/"-separated. */
  path: string;
  /** Absolute path; for entries with a problem it may be a lossy rendering of the raw name. */
  absolute: string;
  problem?: Problem;
}

/** Longest relative path, in bytes, that the workspace stores as a document path. */
export const MAX_PATH_BYTES = 1024;

/** System clutter that is never a record. */
const JUNK = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini']);

const decoder = new TextDecoder('utf-8', { fatal: true });

function utf8(name: Buffer): string | undefined {
  try {
    return decoder.decode(name);
  } catch {
    return undefined;
  }
}

function problem(code: ProblemCode, message: string, file: string): Problem {
  return { code, message, file };
}

function problemOf(error: unknown, path: string): Problem {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return problem('input.vanished', `${path} was removed while the folder was read.`, path);
  if (e.code === 'ELOOP') return problem('input.symlink-loop', `${path} is a chain of symbolic links that never ends.`, path);
  if (e.code === 'ENAMETOOLONG') return problem('input.bad-name', `${path} is longer than the system allows.`, path);
  return problem('input.unreadable', `${path} could not be read (${e.code ?? e.message}).`, path);
}

export async function walkFolder(folder: string): Promise<WalkEntry[]> {
  const out: WalkEntry[] = [];
  const root = Buffer.from(folder);
  const rootStat = await stat(root);
  await walkDir(root, '', new Set([`${rootStat.dev}:${rootStat.ino}`]), out);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function walkDir(dir: Buffer, rel: string, ancestors: Set<string>, out: WalkEntry[]): Promise<void> {
  let entries: Dirent<Buffer>[];
  try {
    entries = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
  } catch (error) {
    out.push({ path: rel || '.', absolute: dir.toString(), problem: problemOf(error, rel || '.') });
    return;
  }
  for (const entry of entries) {
    const rawName = entry.name;
    const decoded = utf8(rawName);
    const name = decoded ?? new TextDecoder().decode(rawName);
    const path = rel ? `${rel}/${name}` : name;
    const absolute = Buffer.concat([dir, Buffer.from('/'), rawName]);
    if (JUNK.has(name) || name.startsWith('._')) continue;
    if (decoded === undefined) {
      out.push({ path, absolute: absolute.toString(), problem: problem('input.bad-name', `The name of ${path} is not valid UTF-8 (bytes ${rawName.toString('hex')}).`, path) });
      continue;
    }
    if (Buffer.byteLength(path) > MAX_PATH_BYTES) {
      out.push({ path, absolute: absolute.toString(), problem: problem('input.bad-name', `The path ${path.slice(0, 60)}… is ${Buffer.byteLength(path)} bytes long; the limit is ${MAX_PATH_BYTES}.`, path) });
      continue;
    }
    let info;
    try {
      // Follows symbolic links: a link to a file is read as that file.
      info = await stat(absolute);
    } catch (error) {
      out.push({ path, absolute: absolute.toString(), problem: problemOf(error, path) });
      continue;
    }
    if (info.isDirectory()) {
      const id = `${info.dev}:${info.ino}`;
      if (ancestors.has(id)) {
        out.push({ path, absolute: absolute.toString(), problem: problem('input.symlink-loop', `${path} links back to a folder that contains it; it was not followed.`, path) });
        continue;
      }
      await walkDir(absolute, path, new Set([...ancestors, id]), out);
    } else if (info.isFile()) {
      out.push({ path, absolute: absolute.toString() });
    }
    // Sockets, FIFOs and devices are not records: skipped without a row.
  }
}

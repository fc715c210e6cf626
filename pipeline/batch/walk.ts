/**
 * @module
 * Lists the files of a batch folder, recursively and in a stable order. Names
 * are read as raw bytes so a non-UTF-8 name is opened as it is and shown with
 * its stray bytes escaped, never mangled;
 * symbolic links are followed, but a link back into a folder being walked is a
 * loop and is reported instead of followed. Problems come back as entries, so
 * the batch records them as failed documents and goes on.
 */
import { readdir, stat } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import type { Problem, ProblemCode } from '../problems.ts';
import { displayName, isUtf8 } from '../ingest/names.ts';
import { openProblem, whatItIs } from '../ingest/read-input.ts';

export interface WalkEntry {
  /** Path relative to the folder, "/"-separated, as stored and shown (stray non-UTF-8 bytes as `\xNN`, see `displayName`). */
  path: string;
  /** The file's real path, as raw bytes when its name is not UTF-8. */
  absolute: string | Buffer;
  problem?: Problem;
}

/** Longest relative path, in bytes, that the workspace stores as a document path. */
export const MAX_PATH_BYTES = 1024;

/** System clutter that is never a record. */
const JUNK = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini']);

function problem(code: ProblemCode, message: string, file: string): Problem {
  return { code, message, file };
}

/** An entry the listing named but that could not be opened: gone since, a link to nothing, a loop. */
async function problemOf(error: unknown, absolute: Buffer, path: string): Promise<Problem> {
  const [code, message] = await openProblem(error, absolute, path);
  if (code === 'input.unreadable' && (error as NodeJS.ErrnoException).code === 'ENOENT') return problem('input.vanished', `${path} was removed while the folder was read.`, path);
  return problem(code, message, path);
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
    out.push({ path: rel || '.', absolute: dir, problem: await problemOf(error, dir, rel || '.') });
    return;
  }
  for (const entry of entries) {
    const rawName = entry.name;
    // The same reading of names as `daylight extract`: raw bytes to open, a display name to store.
    const name = displayName(rawName);
    const path = rel ? `${rel}/${name}` : name;
    const absolute = Buffer.concat([dir, Buffer.from('/'), rawName]);
    const opened = isUtf8(absolute) ? absolute.toString() : absolute;
    if (JUNK.has(name) || name.startsWith('._')) continue;
    if (Buffer.byteLength(path) > MAX_PATH_BYTES) {
      out.push({ path, absolute: opened, problem: problem('input.bad-name', `The path ${path.slice(0, 60)}… is ${Buffer.byteLength(path)} bytes long; the limit is ${MAX_PATH_BYTES}.`, path) });
      continue;
    }
    let info;
    try {
      // Follows symbolic links: a link to a file is read as that file.
      info = await stat(absolute);
    } catch (error) {
      out.push({ path, absolute: opened, problem: await problemOf(error, absolute, path) });
      continue;
    }
    if (info.isDirectory()) {
      const id = `${info.dev}:${info.ino}`;
      if (ancestors.has(id)) {
        out.push({ path, absolute: opened, problem: problem('input.symlink-loop', `${path} links back to a folder that contains it; it was not followed.`, path) });
        continue;
      }
      await walkDir(absolute, path, new Set([...ancestors, id]), out);
    } else if (info.isFile()) {
      out.push({ path, absolute: opened });
    } else {
      // Reading a FIFO would wait forever and a device has no end: recorded, never opened.
      out.push({ path, absolute: opened, problem: problem('input.not-a-file', `${path} ${whatItIs(info)}, not a file; it was not read.`, path) });
    }
  }
}

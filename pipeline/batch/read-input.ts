/**
 * @module
 * Reads one file of a batch through the ingest reader (size limits, empty
 * files), and tells a file that disappeared after the folder was listed
 * (`input.vanished`) from one that cannot be read.
 */
import { lstat } from 'node:fs/promises';
import { readInput as ingestRead } from '../ingest/read-input.ts';
import { fail } from '../problems.ts';
import type { Result } from '../problems.ts';

/** `absolute` is the file's real path (raw bytes for a non-UTF-8 name); `path` is how it is shown and stored. */
export type ReadInput = (absolute: string | Buffer, path: string) => Promise<Result<Uint8Array>>;

export const readInput: ReadInput = async (absolute, path) => {
  const read = await ingestRead(absolute);
  if (read.ok) return { ok: true, value: read.value.bytes };
  if ((read.problem.code === 'input.unreadable' || read.problem.code === 'input.dangling-link') && !(await exists(absolute))) {
    return fail('input.vanished', `${path} was removed or moved after the folder was listed.`, { file: path });
  }
  return { ok: false, problem: { ...read.problem, file: path } };
};

async function exists(path: string | Buffer): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

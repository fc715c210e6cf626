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

/** `absolute` is a path whose name already passed the walker's UTF-8 and length checks. */
export type ReadInput = (absolute: string, path: string) => Promise<Result<Uint8Array>>;

export const readInput: ReadInput = async (absolute, path) => {
  const read = await ingestRead(absolute);
  if (read.ok) return { ok: true, value: read.value.bytes };
  if (read.problem.code === 'input.unreadable' && !(await exists(absolute))) {
    return fail('input.vanished', `${path} was removed or moved after the folder was listed.`, { file: path });
  }
  return { ok: false, problem: { ...read.problem, file: path } };
};

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

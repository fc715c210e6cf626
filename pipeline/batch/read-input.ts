/**
 * @module
 * Reads one input file of a batch into memory, within a size limit, turning
 * file-system errors into the problems a clerk can act on.
 */
import { open } from 'node:fs/promises';
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';

/** Largest file a batch reads (the extractor has its own page and pixel limits). */
export const MAX_INPUT_BYTES = 512 * 1024 * 1024;

export type ReadInput = (absolute: Buffer, path: string) => Promise<Result<Uint8Array>>;

export const readInput: ReadInput = async (absolute, path) => {
  try {
    const handle = await open(absolute, 'r');
    try {
      const { size } = await handle.stat();
      if (size > MAX_INPUT_BYTES) return fail('input.too-large', `${path} is ${size} bytes; the batch reads files up to ${MAX_INPUT_BYTES} bytes.`, { file: path });
      if (size === 0) return fail('input.empty', `${path} is empty (0 bytes).`, { file: path });
      const bytes = new Uint8Array(await handle.readFile());
      return ok(bytes);
    } finally {
      await handle.close();
    }
  } catch (error) {
    return readProblem(error, path);
  }
};

export function readProblem(error: unknown, path: string): Result<never> {
  const e = error as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOENT':
      return fail('input.vanished', `${path} was removed or moved after the folder was listed.`, { file: path });
    case 'EACCES':
    case 'EPERM':
      return fail('input.unreadable', `${path} may not be read by this user (${e.code}); check its permissions.`, { file: path });
    case 'ELOOP':
      return fail('input.symlink-loop', `${path} is a chain of symbolic links that never ends.`, { file: path });
    case 'ENAMETOOLONG':
      return fail('input.bad-name', `${path} is longer than the system allows.`, { file: path });
    default:
      return fail('input.unreadable', `${path} could not be read (${e.code ?? e.message}).`, { file: path });
  }
}

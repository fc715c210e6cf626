/**
 * @module
 * Reads one input file from disk, within a size limit, so the rest of ingest works
 * on bytes. The limit is checked from the file's size before reading anything.
 *
 * ```ts
 * const input = await readInput('/drop/report.pdf');
 * if (input.ok) extractDocument(input.value, {});
 * ```
 */
import { readFile, readlink, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename } from 'node:path';
import { fail, ok } from '../problems.ts';
import type { ProblemCode, Result } from '../problems.ts';
import { displayName, findRawPath } from './names.ts';
import { sha256Hex } from './hash.ts';

/** Larger than any report an office sends; bounded because the whole file is held in memory. */
export const defaultMaxBytes = 512 * 1024 * 1024;

export interface Input {
  bytes: Uint8Array;
  fileName: string;
  sha256: string;
}

export async function readInput(path: string | Buffer, options: { maxBytes?: number } = {}): Promise<Result<Input>> {
  const maxBytes = options.maxBytes ?? defaultMaxBytes;
  const raw = typeof path === 'string' ? await findRawPath(path) : path;
  const fileName = displayName(typeof raw === 'string' ? Buffer.from(basename(raw)) : Buffer.from(basename(raw.toString('latin1')), 'latin1'));
  const shown = typeof raw === 'string' ? raw : displayName(raw);
  let size: number;
  try {
    const info = await stat(raw);
    if (!info.isFile()) return fail('input.not-a-file', `${shown} ${whatItIs(info)}, not a file.`, { file: fileName });
    size = info.size;
  } catch (error) {
    return fail(...(await openProblem(error, raw, shown)), { file: fileName });
  }
  if (size === 0) return fail('input.empty', `${fileName} is 0 bytes long, so there is nothing to read.`, { file: fileName });
  if (size > maxBytes) {
    return fail('input.too-large', `${fileName} is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit.`, { file: fileName });
  }
  let bytes: Uint8Array;
  try {
    const buffer = await readFile(raw);
    bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error) {
    return fail('input.unreadable', `${shown} could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`, { file: fileName });
  }
  if (bytes.length === 0) return fail('input.empty', `${fileName} is 0 bytes long, so there is nothing to read.`, { file: fileName });
  return ok({ bytes, fileName, sha256: sha256Hex(bytes) });
}

/** "is a folder", "is a named pipe (FIFO)"…: what a path that is not a regular file is. */
export function whatItIs(info: Stats): string {
  if (info.isDirectory()) return 'is a folder';
  if (info.isFIFO()) return 'is a named pipe (FIFO)';
  if (info.isSocket()) return 'is a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'is a device';
  return 'is a special file';
}

/**
 * Why a path could not be opened, told apart: a link to nothing, a loop of links, a
 * name too long, missing, or not allowed. `shown` is the path as people read it.
 */
export async function openProblem(error: unknown, path: string | Buffer, shown: string): Promise<[ProblemCode, string]> {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    const target = await readlink(path).catch(() => undefined);
    if (target !== undefined) return ['input.dangling-link', `${shown} is a symbolic link to ${target}, which does not exist.`];
    return ['input.unreadable', `${shown} does not exist.`];
  }
  if (code === 'ELOOP') return ['input.symlink-loop', `${shown} is a chain of symbolic links that never reaches a file.`];
  if (code === 'ENAMETOOLONG') return ['input.bad-name', `${shown} is longer than the system allows.`];
  if (code === 'EACCES' || code === 'EPERM') return ['input.unreadable', `${shown} may not be read by this user (${code}).`];
  return ['input.unreadable', `${shown} could not be opened (${code ?? (error as Error).message}).`];
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MB` : `${n} bytes`;
}

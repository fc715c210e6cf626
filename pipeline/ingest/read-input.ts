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
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';
import { sha256Hex } from './hash.ts';

/** Larger than any report an office sends; bounded because the whole file is held in memory. */
export const defaultMaxBytes = 512 * 1024 * 1024;

export interface Input {
  bytes: Uint8Array;
  fileName: string;
  sha256: string;
}

export async function readInput(path: string, options: { maxBytes?: number } = {}): Promise<Result<Input>> {
  const maxBytes = options.maxBytes ?? defaultMaxBytes;
  const fileName = basename(path);
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) return fail('input.unreadable', `${path} is not a regular file.`, { file: fileName });
    size = info.size;
  } catch (error) {
    return fail('input.unreadable', `${path} could not be opened (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`, { file: fileName });
  }
  if (size === 0) return fail('input.empty', `${fileName} is 0 bytes long, so there is nothing to read.`, { file: fileName });
  if (size > maxBytes) {
    return fail('input.too-large', `${fileName} is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit.`, { file: fileName });
  }
  let bytes: Uint8Array;
  try {
    const buffer = await readFile(path);
    bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error) {
    return fail('input.unreadable', `${path} could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`, { file: fileName });
  }
  if (bytes.length === 0) return fail('input.empty', `${fileName} is 0 bytes long, so there is nothing to read.`, { file: fileName });
  return ok({ bytes, fileName, sha256: sha256Hex(bytes) });
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MB` : `${n} bytes`;
}

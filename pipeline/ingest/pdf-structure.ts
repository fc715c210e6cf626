/**
 * @module
 * Cheap checks of a PDF's raw bytes before pdf.js parses it: whether the
 * `startxref` pointer lands on a cross-reference section (when it does not, pdf.js
 * rebuilds the table by scanning, and the result deserves a warning), and whether
 * a Flate stream inflates past a limit (a decompression bomb, which pdf.js would
 * inflate whole into memory).
 */
import { Inflate, constants } from 'node:zlib';

const latin1 = new TextDecoder('latin1');

/** True when the last `startxref` points at `xref` or at an `N G obj` (a cross-reference stream). */
export function xrefLooksIntact(bytes: Uint8Array): boolean {
  const tail = latin1.decode(bytes.subarray(Math.max(0, bytes.length - 2048)));
  const match = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail) ?? /startxref\s+(\d+)/.exec(tail);
  if (!match) return false;
  const offset = Number(match[1]);
  if (!Number.isSafeInteger(offset) || offset >= bytes.length) return false;
  const at = latin1.decode(bytes.subarray(offset, offset + 32));
  return /^\s*(xref|\d+\s+\d+\s+obj)/.test(at);
}

export interface InflateLimits {
  /** Most bytes one stream may inflate to. */
  maxStreamBytes: number;
}

/** 256 MB: a 600 DPI colour letter page is about 100 MB decoded. */
export const defaultInflateLimits: InflateLimits = { maxStreamBytes: 256 * 1024 * 1024 };

/** Flate never exceeds about 1032:1, so a stream this much smaller than the limit cannot pass it. */
const maxFlateRatio = 1032;

export interface Bomb {
  /** Byte offset of the stream's data in the file. */
  offset: number;
  compressedBytes: number;
}

/**
 * The first Flate stream that inflates past the limit, if any. Only streams large
 * enough to possibly pass it are inflated, in chunks that are counted and dropped,
 * so checking costs little time and bounded memory.
 */
export async function findDecompressionBomb(bytes: Uint8Array, limits: InflateLimits = defaultInflateLimits): Promise<Bomb | undefined> {
  const minCompressed = Math.floor(limits.maxStreamBytes / maxFlateRatio);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let from = 0;
  for (;;) {
    const keyword = buffer.indexOf('stream', from, 'latin1');
    if (keyword < 0) return undefined;
    from = keyword + 6;
    // "endstream" also contains "stream"; a stream keyword follows a dictionary's ">>".
    if (keyword >= 3 && buffer.toString('latin1', keyword - 3, keyword) === 'end') continue;
    let start = keyword + 6;
    if (buffer[start] === 0x0d) start++;
    if (buffer[start] === 0x0a) start++;
    const end = buffer.indexOf('endstream', start, 'latin1');
    if (end < 0) return undefined;
    from = end + 9;
    if (end - start < minCompressed) continue;
    const dictionary = buffer.toString('latin1', Math.max(0, keyword - 512), keyword);
    const ownDictionary = dictionary.slice(dictionary.lastIndexOf('obj'));
    if (!/\/FlateDecode|\/Fl\b/.test(ownDictionary)) continue;
    if (await inflatesPast(buffer.subarray(start, end), limits.maxStreamBytes)) return { offset: start, compressedBytes: end - start };
  }
}

function inflatesPast(data: Buffer, limit: number): Promise<boolean> {
  return new Promise((resolve) => {
    const inflate = new Inflate({ finishFlush: constants.Z_SYNC_FLUSH });
    let total = 0;
    let settled = false;
    const settle = (value: boolean) => {
      if (settled) return;
      settled = true;
      inflate.destroy();
      resolve(value);
    };
    inflate.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) settle(true);
    });
    // A damaged stream is pdf.js's business, not a bomb.
    inflate.on('error', () => settle(false));
    inflate.on('end', () => settle(false));
    inflate.end(data);
  });
}

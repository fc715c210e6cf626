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

/** Entries of a classic xref table checked against the objects they point at. */
const entriesToCheck = 2000;

/**
 * True when the last `startxref` points at a cross-reference section and, for a
 * classic table, its first sections' entries point at the objects they name.
 */
export function xrefLooksIntact(bytes: Uint8Array): boolean {
  const tail = latin1.decode(bytes.subarray(Math.max(0, bytes.length - 2048)));
  const match = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail) ?? /startxref\s+(\d+)/.exec(tail);
  if (!match) return false;
  const offset = Number(match[1]);
  if (!Number.isSafeInteger(offset) || offset >= bytes.length) return false;
  // Some producers are a few bytes off; readers look just past the offset, and so do we.
  const near = latin1.decode(bytes.subarray(offset, offset + 24));
  const section = /(^|\s)(xref|\d+\s+\d+\s+obj)/.exec(near);
  if (!section) return false;
  const start = offset + section.index + section[1].length;
  if (section[2] === 'xref') return classicEntriesPointAtObjects(bytes, start);
  // A cross-reference stream (its entries are compressed): the object must say it is one.
  const head = latin1.decode(bytes.subarray(start, start + 1024));
  return /\/Type\s*\/XRef\b/.test(head.slice(0, Math.max(0, head.indexOf('stream')) || head.length));
}

function classicEntriesPointAtObjects(bytes: Uint8Array, offset: number): boolean {
  const table = latin1.decode(bytes.subarray(offset, offset + 20 * (entriesToCheck + 50)));
  const section = /(\d+)\s+(\d+)\s*\r?\n/y;
  const entry = /(\d{10}) (\d{5}) ([nf])\s{0,2}/y;
  let position = table.indexOf('xref') + 4;
  while (/\s/.test(table[position] ?? '')) position++;
  let checked = 0;
  while (checked < entriesToCheck) {
    section.lastIndex = position;
    const head = section.exec(table);
    if (!head) return true;
    position = section.lastIndex;
    const first = Number(head[1]);
    const count = Number(head[2]);
    for (let i = 0; i < count && checked < entriesToCheck; i++) {
      entry.lastIndex = position;
      const row = entry.exec(table);
      if (!row) return checked > 0 || count === 0;
      position = entry.lastIndex;
      if (row[3] !== 'n') continue;
      checked++;
      const objectAt = Number(row[1]);
      if (objectAt >= bytes.length) return false;
      const object = latin1.decode(bytes.subarray(objectAt, objectAt + 24));
      if (!new RegExp(`^\\s*${first + i}\\s+${Number(row[2])}\\s+obj`).test(object)) return false;
    }
  }
  return true;
}

export interface InflateLimits {
  /** Most bytes one stream may inflate to. */
  maxStreamBytes: number;
  /**
   * One Flate pass never expands more than about 1032:1; a stream that expands
   * more than that (Flate applied several times over) past this size is a bomb too.
   */
  maxChainedBytes: number;
}

/** 256 MB: a 600 DPI colour letter page is about 100 MB decoded. */
export const defaultInflateLimits: InflateLimits = { maxStreamBytes: 256 * 1024 * 1024, maxChainedBytes: 16 * 1024 * 1024 };

const maxFlateRatio = 1032;

export interface Bomb {
  /** Byte offset of the stream's data in the file. */
  offset: number;
  compressedBytes: number;
  /** Bytes inflated before the check stopped (it stops at the limit). */
  inflatedBytes: number;
}

/**
 * The first Flate stream that inflates past the limits, if any. Only streams that
 * could pass them (by size and number of Flate passes) are inflated, in chunks
 * that are counted and dropped, so checking costs little time and bounded memory.
 */
export async function findDecompressionBomb(bytes: Uint8Array, limits: InflateLimits = defaultInflateLimits): Promise<Bomb | undefined> {
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
    const dictionary = buffer.toString('latin1', Math.max(0, keyword - 512), keyword);
    const ownDictionary = dictionary.slice(dictionary.lastIndexOf('obj'));
    const passes = leadingFlatePasses(ownDictionary);
    if (passes === 0) continue;
    const compressed = end - start;
    const mostPossible = compressed * maxFlateRatio ** passes;
    if (mostPossible <= limits.maxStreamBytes && (passes === 1 || mostPossible <= limits.maxChainedBytes)) continue;
    const inflated = await inflatesPast(buffer.subarray(start, end), passes, limits);
    if (inflated !== undefined) return { offset: start, compressedBytes: compressed, inflatedBytes: inflated };
  }
}

/** How many FlateDecode filters a stream's dictionary applies before any other. */
function leadingFlatePasses(dictionary: string): number {
  const filter = /\/Filter\s*(\[[^\]]*\]|\/\w+)/.exec(dictionary)?.[1] ?? '';
  const names = filter.match(/\/\w+/g) ?? [];
  let passes = 0;
  while (passes < names.length && (names[passes] === '/FlateDecode' || names[passes] === '/Fl')) passes++;
  return passes;
}

/** Inflates through `passes` chained Flate streams, counting the output and keeping none of it: the count when past a limit. */
function inflatesPast(data: Buffer, passes: number, limits: InflateLimits): Promise<number | undefined> {
  return new Promise((resolve) => {
    const chain = Array.from({ length: passes }, () => new Inflate({ finishFlush: constants.Z_SYNC_FLUSH }));
    let total = 0;
    let settled = false;
    const settle = (bomb: boolean) => {
      if (settled) return;
      settled = true;
      for (const inflate of chain) inflate.destroy();
      resolve(bomb ? total : undefined);
    };
    for (let i = 0; i + 1 < chain.length; i++) chain[i].pipe(chain[i + 1]);
    const last = chain[chain.length - 1];
    last.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > limits.maxStreamBytes || (total > limits.maxChainedBytes && total > data.length * maxFlateRatio)) settle(true);
    });
    // A damaged stream is pdf.js's business, not a bomb.
    for (const inflate of chain) inflate.on('error', () => settle(false));
    last.on('end', () => settle(false));
    chain[0].end(data);
  });
}

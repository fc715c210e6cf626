/**
 * @module
 * Tells an image file that was cut short (an interrupted copy or download)
 * from one that is damaged or of a kind Daylight does not read, from the
 * structure alone: a PNG's chunks run past the end or never reach IEND, a
 * JPEG has no end-of-image marker, a TIFF's directory or strips point past the
 * end. Used only to explain a decoder's failure.
 */
import { mediaTypeOf } from '../ingest/sniff-type.ts';

/** True when the bytes are a PNG, JPEG or TIFF whose structure runs past the end of the file. */
export function isTruncated(bytes: Uint8Array): boolean {
  const type = mediaTypeOf(bytes);
  if (type === 'image/png') return pngTruncated(bytes);
  if (type === 'image/jpeg') return jpegTruncated(bytes);
  if (type === 'image/tiff') return tiffTruncated(bytes);
  return false;
}

function pngTruncated(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  while (at + 8 <= bytes.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]);
    const end = at + 12 + length;
    if (end > bytes.length) return true;
    if (type === 'IEND') return false;
    at = end;
  }
  return true;
}

function jpegTruncated(bytes: Uint8Array): boolean {
  // The end-of-image marker, allowing for padding some writers append.
  for (let i = bytes.length - 2; i >= Math.max(2, bytes.length - 4096); i--) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return false;
  }
  return true;
}

function tiffTruncated(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return true;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = bytes[0] === 0x49;
  const u16 = (at: number) => view.getUint16(at, little);
  const u32 = (at: number) => view.getUint32(at, little);
  const ifd = u32(4);
  if (ifd + 2 > bytes.length) return true;
  const count = u16(ifd);
  if (ifd + 2 + count * 12 + 4 > bytes.length) return true;
  const values = (entry: number): number[] => {
    const type = u16(entry + 2);
    const n = u32(entry + 4);
    const size = type === 3 ? 2 : type === 4 ? 4 : 0;
    if (size === 0 || n > 1_000_000) return [];
    const inline = size * n <= 4;
    const base = inline ? entry + 8 : u32(entry + 8);
    if (base + size * n > bytes.length) return [Infinity];
    return Array.from({ length: n }, (_, i) => (size === 2 ? u16(base + i * 2) : u32(base + i * 4)));
  };
  let offsets: number[] = [];
  let counts: number[] = [];
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    const tag = u16(entry);
    if (tag === 273 || tag === 324) offsets = values(entry);
    if (tag === 279 || tag === 325) counts = values(entry);
  }
  return offsets.some((o, i) => !Number.isFinite(o) || o + (counts[i] ?? 0) > bytes.length);
}

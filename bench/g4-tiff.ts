/**
 * @module
 * Writes gray rasters as a bilevel CCITT G4 TIFF, one page per raster, the
 * format most office scanners produce: the OCR benchmark's scanned input, read
 * by Daylight as one multi-page file and by native tesseract page by page.
 */
import { encodeG4Stream } from '../pipeline/image/ccitt-g4.ts';
import type { GrayImage } from '../pipeline/model/raster.ts';

const SHORT = 3;
const LONG = 4;
const RATIONAL = 5;

export function g4Tiff(pages: GrayImage[]): Uint8Array {
  const strips = pages.map((p) => encodeG4Stream(p.data, p.width, p.height));
  const entries = 12;
  // Each IFD: count, entries, next offset, then its two resolution rationals.
  const ifdBytes = 2 + entries * 12 + 4 + 16;
  const size = 8 + strips.reduce((s, b) => s + b.length + (b.length % 2), 0) + pages.length * ifdBytes;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set([0x49, 0x49, 42, 0]);
  let at = 8;
  let previousNext = 4;
  pages.forEach((page, i) => {
    const strip = at;
    out.set(strips[i], at);
    at += strips[i].length + (strips[i].length % 2);
    view.setUint32(previousNext, at, true);
    const ifd = at;
    const rationals = ifd + 2 + entries * 12 + 4;
    const tags: Array<[number, number, number]> = [
      [256, LONG, page.width],
      [257, LONG, page.height],
      [258, SHORT, 1],
      [259, SHORT, 4], // CCITT Group 4
      [262, SHORT, 0], // WhiteIsZero: the coded white runs are white
      [273, LONG, strip],
      [277, SHORT, 1],
      [278, LONG, page.height],
      [279, LONG, strips[i].length],
      [282, RATIONAL, rationals],
      [283, RATIONAL, rationals + 8],
      [296, SHORT, 2], // inches
    ];
    view.setUint16(ifd, entries, true);
    tags.forEach(([tag, type, value], k) => {
      const e = ifd + 2 + k * 12;
      view.setUint16(e, tag, true);
      view.setUint16(e + 2, type, true);
      view.setUint32(e + 4, 1, true);
      if (type === SHORT) view.setUint16(e + 8, value, true);
      else view.setUint32(e + 8, value, true);
    });
    previousNext = ifd + 2 + entries * 12;
    view.setUint32(previousNext, 0, true);
    for (const r of [rationals, rationals + 8]) {
      view.setUint32(r, Math.round(page.dpi), true);
      view.setUint32(r + 4, 1, true);
    }
    at = rationals + 16;
  });
  return out.subarray(0, at);
}

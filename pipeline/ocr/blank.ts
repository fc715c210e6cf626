/**
 * @module
 * Recognises a blank or near-blank page raster in a few milliseconds, so it is
 * not sent to OCR (which costs about a second a page and finds nothing on
 * it). Ink is a pixel darker than mid-gray; a page is blank when its ink is no
 * more than dust: at 300 DPI a page number alone is about 500 pixels of ink,
 * well above the limit, so a page with any word on it is still read.
 *
 * ```ts
 * if (looksBlank(gray)) return emptyPage;
 * ```
 */
import type { GrayImage } from '../model/raster.ts';

/** Darker than this is ink. */
const INK_LEVEL = 128;
/** Share of the page's pixels that may be ink on a blank page (specks, scanner dust). */
const BLANK_INK_SHARE = 2e-5;
/** At any resolution, this many pixels of ink are never a blank page. */
const MIN_INK_PIXELS = 24;

/** Pixels of ink on the raster, counting until `stopAt`. */
export function inkPixels(image: GrayImage, stopAt = Infinity): number {
  const data = image.data;
  const n = Math.min(data.length, image.width * image.height);
  let ink = 0;
  for (let i = 0; i < n; i++) {
    if (data[i] < INK_LEVEL && ++ink >= stopAt) break;
  }
  return ink;
}

/** True when the raster carries no more ink than dust. */
export function looksBlank(image: GrayImage): boolean {
  const allowed = Math.max(MIN_INK_PIXELS, image.width * image.height * BLANK_INK_SHARE);
  return inkPixels(image, allowed + 1) <= allowed;
}

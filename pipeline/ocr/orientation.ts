/**
 * @module
 * Which way up a page is, from a small probe rather than full-resolution
 * retries: the inkiest window of the page (about a quarter of it), shrunk to at
 * most 150 DPI, is read in all four orientations, and the one that reads
 * clearly best wins. Four probes cost about one page at full resolution where
 * three retries of the whole page cost three; the page itself is then read once
 * more, in the chosen orientation only.
 *
 * ```ts
 * const turns = await probeTurns(gray, (probe) => readScore(probe));
 * ```
 */
import type { GrayImage } from '../model/raster.ts';
import type { Box } from '../model/types.ts';
import { crop, shrink, turnClockwise } from '../image/transform.ts';
import type { QuarterTurns } from '../image/transform.ts';
import { stretchContrast } from '../image/preprocess.ts';
import { histogram, otsu } from '../image/skew.ts';

/** Text of 8 pt and up still has x-heights of 8 pixels or more at this resolution: enough to tell up from down. */
export const PROBE_DPI = 150;
/** A window side is half the page's, but never under this many probe pixels (small pages are probed whole). */
const MIN_WINDOW = 700;
/** Grid cell of the window search, in probe pixels. */
const CELL = 16;
/** Another orientation must read clearly better to be believed. */
export const TURN_MARGIN = 0.1;

/**
 * The probe: the page shrunk by a whole factor to at most PROBE_DPI (never
 * below it), then cropped to the window holding the most ink, contrast stretched.
 */
export function orientationProbe(image: GrayImage): GrayImage {
  const small = shrink(image, Math.floor(image.dpi / PROBE_DPI));
  return stretchContrast(crop(small, inkiestWindow(small)).image);
}

/** The window (half the page's width and height, at least MIN_WINDOW) with the most ink, on a coarse grid. */
export function inkiestWindow(image: GrayImage): Box {
  const w = Math.min(image.width, Math.max(Math.ceil(image.width / 2), MIN_WINDOW));
  const h = Math.min(image.height, Math.max(Math.ceil(image.height / 2), MIN_WINDOW));
  if (w === image.width && h === image.height) return [0, 0, w, h];
  const threshold = otsu(histogram(image.data));
  const gw = Math.ceil(image.width / CELL);
  const gh = Math.ceil(image.height / CELL);
  // Summed-area table of ink per grid cell, one row and column of zeros in front.
  const sat = new Float64Array((gw + 1) * (gh + 1));
  for (let y = 0; y < image.height; y++) {
    const row = y * image.width;
    const cellRow = ((y / CELL) | 0) + 1;
    for (let x = 0; x < image.width; x++) if (image.data[row + x] < threshold) sat[cellRow * (gw + 1) + ((x / CELL) | 0) + 1]++;
  }
  for (let y = 1; y <= gh; y++) {
    for (let x = 1; x <= gw; x++) sat[y * (gw + 1) + x] += sat[(y - 1) * (gw + 1) + x] + sat[y * (gw + 1) + x - 1] - sat[(y - 1) * (gw + 1) + x - 1];
  }
  const cw = Math.floor(w / CELL);
  const ch = Math.floor(h / CELL);
  let best = -1;
  let at: [number, number] = [0, 0];
  for (let y = 0; y + ch <= gh; y++) {
    for (let x = 0; x + cw <= gw; x++) {
      const ink = sat[(y + ch) * (gw + 1) + x + cw] - sat[y * (gw + 1) + x + cw] - sat[(y + ch) * (gw + 1) + x] + sat[y * (gw + 1) + x];
      if (ink > best) {
        best = ink;
        at = [x * CELL, y * CELL];
      }
    }
  }
  const x0 = Math.min(at[0], image.width - w);
  const y0 = Math.min(at[1], image.height - h);
  return [x0, y0, x0 + w, y0 + h];
}

/**
 * The clockwise quarter turns that make the page upright: the probe is read in
 * each orientation by `score` (0..1, undefined when the reading failed) and a turn
 * wins only by reading better than the probe as it is by TURN_MARGIN.
 */
export async function probeTurns(image: GrayImage, score: (probe: GrayImage) => Promise<number | undefined>): Promise<{ turns: QuarterTurns; scores: Array<number | undefined> }> {
  const probe = orientationProbe(image);
  const scores = await Promise.all(([0, 1, 2, 3] as const).map((turns) => score(turnClockwise(probe, turns).image)));
  return { turns: pickTurns(scores), scores };
}

/** The turn whose score beats no turn at all by TURN_MARGIN and every other turn; 0 otherwise. */
export function pickTurns(scores: Array<number | undefined>): QuarterTurns {
  const upright = scores[0] ?? 0;
  let best: QuarterTurns = 0;
  let bestScore = upright + TURN_MARGIN;
  for (const turns of [1, 2, 3] as const) {
    const s = scores[turns];
    if (s !== undefined && s > bestScore) {
      best = turns;
      bestScore = s;
    }
  }
  return best;
}

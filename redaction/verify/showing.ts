/**
 * @module
 * The verifier's own judgment of whether a word an extractor returns shows on a
 * rendering of the page. Written apart from the writer's (redaction/audit/
 * glyph-visibility.ts, which splits a word into character cells by font widths):
 * a judgment both sides shared would hide its own mistakes from the check meant
 * to catch them. Pure, over a gray raster.
 *
 * The method is a column profile. A band across the middle of the word's box (where
 * every letter, capital or not, has strokes) is read one pixel column at a time:
 * - a column whose brightest pixel is still dark is covered (a box, a black
 *   highlight, a cross-hatched fill: nothing light enough to be a stroke on it;
 *   on a dark ground only a light stroke shows);
 * - any other column is inked when a pixel in it stands out from the band's
 *   commonest gray (the paper, or the fill the word was printed on) by the contrast.
 * A word shows when inked columns lie inside its box, away from its ends (a
 * neighbour's edge may reach in). It is hidden when no column is inked (white
 * text, invisible text, text under an image or clipped away), when a run of covered
 * columns spans two characters or more (a box over part of it), when its box lies
 * off the page, or when it is too small for any reader to see.
 */
import type { GrayImage } from '../../pipeline/model/raster.ts';
import type { Box } from '../../pipeline/model/types.ts';

export type Unseen = 'off-page' | 'too-small' | 'no-ink' | 'covered';

/** Gray levels a stroke must differ from the band's commonest gray by. */
export const STROKE_CONTRAST = 30;
/**
 * A column whose brightest pixel is below this is covered: nothing in it is light enough to read.
 * On a dark ground (a fill under the word) a stroke that shows is a light one, at least mid-gray:
 * darker lines there are the fill's own pattern (cross-hatching).
 */
const COVERED_BELOW = 80;
const DARK_GROUND = 80;
const LIGHT_STROKE = 128;
/** Text whose box is less than this tall (points) is below any legible size: about a 2 pt font. */
const MIN_HEIGHT_PT = 1;
/** The band read, as shares of the box's height from its top: below the ascenders, above the descenders. */
const BAND_TOP = 0.25;
const BAND_BOTTOM = 0.8;
/** Share of a character's width left out at each end of the word: a neighbouring glyph's edge may lie there. */
const END_MARGIN = 0.2;

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/gu;

/** One histogram and one column profile, reused: words are judged by the thousand a page. */
const counts = new Uint32Array(256);
let colMin = new Uint8Array(256);
let colMax = new Uint8Array(256);

/**
 * Whether the word with this text and box (top-left points) shows on `image`, a
 * rendering of a page of `page` size: undefined when it shows, else how it does not.
 * Words with fewer than two letters or digits are not judged (too little ink to tell).
 */
export function unseen(image: GrayImage, text: string, box: Box, page: { width: number; height: number }, contrast: number = STROKE_CONTRAST): Unseen | undefined {
  const letters = text.match(LETTER_OR_DIGIT)?.length ?? 0;
  if (letters < 2) return undefined;
  const [x0, y0, x1, y1] = box;
  if (Math.min(x1, page.width) <= Math.max(x0, 0) || Math.min(y1, page.height) <= Math.max(y0, 0)) return 'off-page';
  if (y1 - y0 < MIN_HEIGHT_PT) return 'too-small';
  const scale = image.dpi / 72;
  const glyphs = Math.max(letters, text.replace(/\s/g, '').length);
  const charPx = ((x1 - x0) * scale) / glyphs;
  const h = y1 - y0;
  const top = Math.max(0, Math.floor((y0 + h * BAND_TOP) * scale));
  const bottom = Math.min(image.height, Math.max(top + 1, Math.ceil((y0 + h * BAND_BOTTOM) * scale)));
  const left = Math.max(0, Math.floor(x0 * scale));
  const right = Math.min(image.width, Math.ceil(x1 * scale));
  // Nothing of the band is on the rendering (a sliver of a box at the page's edge): nothing to judge.
  if (bottom <= top || right <= left) return undefined;

  // One row-major pass over the band: the histogram of its grays and each column's darkest and
  // brightest pixel. A column holds a pixel at least `contrast` from the ground exactly when its
  // darkest or its brightest one is, so the column judgment below needs no second pass over the
  // pixels (reading them down each column, a row apart, cost as much again).
  const data = image.data;
  const stride = image.width;
  const columns = right - left;
  if (colMin.length < columns) {
    colMin = new Uint8Array(columns * 2);
    colMax = new Uint8Array(columns * 2);
  }
  colMin.fill(255, 0, columns);
  colMax.fill(0, 0, columns);
  for (let y = top; y < bottom; y++) {
    const row = y * stride + left;
    for (let c = 0; c < columns; c++) {
      const v = data[row + c];
      counts[v]++;
      if (v < colMin[c]) colMin[c] = v;
      if (v > colMax[c]) colMax[c] = v;
    }
  }
  let lo = 255;
  let hi = 0;
  for (let c = 0; c < columns; c++) {
    if (colMin[c] < lo) lo = colMin[c];
    if (colMax[c] > hi) hi = colMax[c];
  }
  // The band's commonest gray: the paper, or whatever the word was printed on.
  let ground = lo;
  for (let v = lo; v <= hi; v++) {
    if (counts[v] > counts[ground]) ground = v;
  }
  counts.fill(0, lo, hi + 1);
  const coveredBelow = ground < DARK_GROUND ? LIGHT_STROKE : COVERED_BELOW;

  const margin = Math.max(1, Math.round(charPx * END_MARGIN));
  const inner0 = Math.max(left, Math.floor(x0 * scale) + margin);
  const inner1 = Math.min(right, Math.ceil(x1 * scale) - margin);
  let inked = 0;
  let coveredRun = 0;
  let longestCovered = 0;
  let covered = 0;
  for (let x = left; x < right; x++) {
    const brightest = colMax[x - left];
    if (brightest < coveredBelow) {
      covered++;
      if (++coveredRun > longestCovered) longestCovered = coveredRun;
      continue;
    }
    coveredRun = 0;
    const ink = brightest - ground >= contrast || ground - colMin[x - left] >= contrast;
    if (ink && x >= inner0 && x < inner1) inked++;
  }
  if (inked === 0 || (inner1 - inner0 >= 6 && inked < 2)) return covered * 2 >= columns ? 'covered' : 'no-ink';
  if (glyphs >= 3 && longestCovered >= 2 * charPx) return 'covered';
  return undefined;
}

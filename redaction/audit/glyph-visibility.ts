/**
 * @module
 * Whether the glyphs of a text-layer word actually show on the rendered page.
 * Text an extractor returns but a reader cannot see is the signature of a failed
 * redaction: a black box or image drawn over live text, white text on white,
 * text in render mode 3, text outside the visible page. The approach is the one
 * freelawproject/x-ray takes: render, then look at the word's own pixels. A word
 * is split into character cells (by standard sans-serif widths); a cell shows a
 * glyph when some of its pixels stand out from the cell's background. Pure.
 */
import { charWidth } from '../../pipeline/extract/standard-widths.ts';
import type { GrayImage } from '../../pipeline/model/raster.ts';
import type { Box, Word } from '../../pipeline/model/types.ts';

/**
 * Gray levels a glyph stroke must differ from the cell's background by. Two thresholds
 * leave a margin between the two judges: the writer keeps a word in the text layer only
 * when its glyphs clearly show (`keep`), and the verifier flags a word of a release only
 * when they clearly do not (`flag`): re-encoding and rendering at another resolution
 * soften faint strokes (gray text on a photographed page), never invent them.
 */
export const CONTRAST = { keep: 64, flag: 32 } as const;
/** A word's box less tall than this (points) is too small to read. */
const MIN_READABLE_PT = 1;
/** Share of a cell's pixels that must stand out for the cell to show a glyph. */
const MIN_INK_SHARE = 0.02;
/** Background darker than this is an opaque dark shape (a box drawn over the text). */
const DARK_BACKGROUND = 80;
/** On a dark background, a glyph stroke must be at least this light. */
const LIGHT_STROKE = 128;

export type HiddenHow = 'under-dark-shape' | 'no-visible-ink' | 'outside-page' | 'too-small' | 'overdrawn';

export interface WordVisibility {
  word: Word;
  /** Cells (characters, spaces excluded) that show no glyph. */
  hiddenChars: number;
  chars: number;
  how?: HiddenHow;
  /** Where the hidden run lies, for the audit report. */
  hiddenBox?: Box;
}

/**
 * Words with fewer than two letters or digits are not judged.
 * Hidden when no glyph shows anywhere in the word, or when two or more adjacent
 * characters sit on an opaque dark background (a box over part of a word); a single
 * dark cell alone is too easily a heavy glyph, a rule or a clipped edge.
 */
export function wordVisibility(image: GrayImage, word: Word, page: { width: number; height: number }, contrast: number = CONTRAST.keep): WordVisibility {
  // Characters are read by index: a word is judged by the thousand a page, by the writer, the
  // input audit and the verifier, and an array of one-letter strings a word (with its widths and
  // a box and a result object a cell) made the collector run for memory held a microsecond.
  const text = word.text;
  const chars = SURROGATE.test(text) ? [...text] : undefined;
  const count = chars ? chars.length : text.length;
  let nonBlank = 0;
  let lettersOrDigits = 0;
  let total = 0;
  for (let i = 0; i < count; i++) {
    const code = chars ? -1 : text.charCodeAt(i);
    if (code >= 0 && code < 128) {
      if (!ASCII_BLANK[code]) nonBlank++;
      if (ASCII_LETTER_OR_DIGIT[code]) lettersOrDigits++;
    } else {
      const c = chars ? chars[i] : text[i];
      if (c.trim()) nonBlank++;
      if (LETTER_OR_DIGIT.test(c)) lettersOrDigits++;
    }
  }
  // One letter, a digit or a dot is too little ink to judge: a thin glyph can fall between samples.
  if (lettersOrDigits < 2) return { word, hiddenChars: 0, chars: nonBlank };
  const [x0, y0, x1, y1] = word.box;
  if (x1 <= 0 || y1 <= 0 || x0 >= page.width || y0 >= page.height) {
    return { word, hiddenChars: nonBlank, chars: nonBlank, how: 'outside-page', hiddenBox: word.box };
  }
  // Set in a font of a point or two, a word is a smudge no reader can read, at any resolution
  // (its cells hold no whole pixel at 100 DPI): text hidden in plain sight.
  if (y1 - y0 < MIN_READABLE_PT) return { word, hiddenChars: nonBlank, chars: nonBlank, how: 'too-small', hiddenBox: word.box };
  // Summed left to right from zero, as the cells below are laid: the same sums to the last bit.
  for (let i = 0; i < count; i++) total += widthOf(chars, text, i);
  total ||= 1;
  let x = x0;
  let hidden = 0;
  let darkRun = 0;
  let longestDarkRun = 0;
  let runStart = x0;
  let hiddenBox: Box | undefined;
  let anyInk = false;
  for (let i = 0; i < count; i++) {
    const w = ((x1 - x0) * widthOf(chars, text, i)) / total;
    const left = x;
    const right = x + w;
    x += w;
    const code = chars ? -1 : text.charCodeAt(i);
    if (code >= 0 && code < 128 ? ASCII_BLANK[code] : !(chars ? chars[i] : text[i]).trim()) continue;
    const inkShare = cellStats(image, left, y0, right, y1, contrast);
    if (inkShare < 0) continue;
    if (inkShare >= MIN_INK_SHARE) {
      anyInk = true;
      darkRun = 0;
      continue;
    }
    hidden++;
    if (cellBackground < DARK_BACKGROUND) {
      if (darkRun === 0) runStart = left;
      darkRun++;
      if (darkRun > longestDarkRun) {
        longestDarkRun = darkRun;
        hiddenBox = [runStart, y0, right, y1];
      }
    } else darkRun = 0;
  }
  if (!anyInk && hidden > 0) {
    const dark = longestDarkRun >= Math.max(1, Math.ceil(hidden / 2));
    return { word, hiddenChars: hidden, chars: nonBlank, how: dark ? 'under-dark-shape' : 'no-visible-ink', hiddenBox: word.box };
  }
  if (longestDarkRun >= 2 && nonBlank >= 3) return { word, hiddenChars: hidden, chars: nonBlank, how: 'under-dark-shape', ...(hiddenBox ? { hiddenBox } : {}) };
  return { word, hiddenChars: hidden, chars: nonBlank };
}

const SURROGATE = /[\uD800-\uDFFF]/;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/** ASCII characters `trim` removes (tab, line feed, vertical tab, form feed, carriage return, space). */
const ASCII_BLANK = Uint8Array.from({ length: 128 }, (_, c) => (String.fromCharCode(c).trim() ? 0 : 1));
const ASCII_LETTER_OR_DIGIT = Uint8Array.from({ length: 128 }, (_, c) => (LETTER_OR_DIGIT.test(String.fromCharCode(c)) ? 1 : 0));
/** The standard sans-serif width of each ASCII character, as `charWidth` gives it (or 0.5 for none). */
const ASCII_WIDTH = Float64Array.from({ length: 128 }, (_, c) => charWidth('sans-serif', String.fromCharCode(c)) || 0.5);

/** The cell width of character `i`: of the code points `chars` where the word has surrogates, else of `text`'s code units. */
function widthOf(chars: string[] | undefined, text: string, i: number): number {
  if (chars) return charWidth('sans-serif', chars[i]) || 0.5;
  const code = text.charCodeAt(i);
  return code < 128 ? ASCII_WIDTH[code] : charWidth('sans-serif', text[i]) || 0.5;
}

/** Visibility of every word of a page (by ink; for words drawn over each other see `overdrawn`). */
export function pageVisibility(image: GrayImage, words: Word[], page: { width: number; height: number }, contrast: number = CONTRAST.keep): WordVisibility[] {
  return words.map((w) => wordVisibility(image, w, page, contrast));
}

/** A word's letters and digits, folded: how two extractors' readings of one word compare. */
export function textKey(t: string): string {
  return t.normalize('NFKD').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** Lines of the same size overlap by this share of the smaller height. */
const SAME_LINE = 0.6;
/** Words overlap by this share of the narrower width. */
const SAME_PLACE = 0.3;
/** ...and by at least this much: a short word's box grazing its neighbour is a measuring error. */
const MIN_OVERLAP_PT = 3;
/** The same text printed again this close (a share of its width) is a fake bold or a shadow, not a second word. */
const DOUBLE_PRINT = 0.15;

/**
 * Indexes of the words that share their place on a line with a different word: two
 * texts of the same size drawn over each other. Ink cannot say which shows (corrected
 * text typed over a white box leaves ink where the hidden word lies), so these are the
 * candidates `hiddenUnderDrawing` renders with and without. The same text printed twice a hair apart
 * (fake bold) is not a conflict, nor are neighbours in the text (given offsets): a run's
 * words whose measured boxes overlap by a little.
 */
export function overdrawn(words: readonly (Pick<Word, 'text' | 'box'> & Partial<Pick<Word, 'start' | 'end'>>)[]): number[] {
  const order = words.map((_, i) => i).filter((i) => (words[i].text.match(/[\p{L}\p{N}]/gu)?.length ?? 0) >= 2).sort((a, b) => words[a].box[0] - words[b].box[0]);
  const out = new Set<number>();

  for (let i = 0; i < order.length; i++) {
    const a = words[order[i]];
    for (let j = i + 1; j < order.length && words[order[j]].box[0] < a.box[2]; j++) {
      const b = words[order[j]];
      const ha = a.box[3] - a.box[1];
      const hb = b.box[3] - b.box[1];
      const down = Math.min(a.box[3], b.box[3]) - Math.max(a.box[1], b.box[1]);
      if (Math.max(ha, hb) > 1.6 * Math.min(ha, hb) || down < SAME_LINE * Math.min(ha, hb)) continue;
      const wa = a.box[2] - a.box[0];
      const wb = b.box[2] - b.box[0];
      const across = Math.min(a.box[2], b.box[2]) - Math.max(a.box[0], b.box[0]);
      if (across < Math.max(SAME_PLACE * Math.min(wa, wb), MIN_OVERLAP_PT)) continue;
      if (textKey(a.text) === textKey(b.text) && Math.abs(a.box[0] - b.box[0]) <= DOUBLE_PRINT * Math.min(wa, wb)) continue;
      // Neighbours in the text (one space apart) are one run of words whose measured boxes overlap, not two draws.
      if (a.start !== undefined && b.start !== undefined && a.end !== undefined && b.end !== undefined && Math.min(Math.abs(b.start - a.end), Math.abs(a.start - b.end)) <= 1) continue;
      out.add(order[i]);
      out.add(order[j]);
    }
  }
  return [...out].sort((x, y) => x - y);
}

/** One histogram for every large cell: cells are measured one at a time, by the thousand a page. */
const histogram = new Uint32Array(256);
/**
 * Cells of up to this many pixels (a glyph at 100 to 150 DPI) are measured on a copy of
 * their pixels: a median by selection and one counting pass cost less than walking the
 * histogram's bins, up to 256 of them twice, for a few dozen pixels.
 */
const SMALL_CELL = 160;
const cellPixels = new Uint8Array(SMALL_CELL);
/** Median gray of the cell last measured by `cellStats`: the background its glyph would be drawn on. */
let cellBackground = 255;

/**
 * The share of the cell's pixels that are glyph strokes, measured in its middle (a fifth in
 * from each side, so neighbours' strokes do not count), with its background left in
 * `cellBackground`; -1 when the cell holds no whole pixel.
 */
function cellStats(image: GrayImage, left: number, top: number, right: number, bottom: number, contrast: number): number {
  const s = image.dpi / 72;
  const w = right - left;
  const h = bottom - top;
  const px0 = Math.max(0, Math.floor((left + w * 0.15) * s));
  const px1 = Math.min(image.width, Math.ceil((right - w * 0.15) * s));
  const py0 = Math.max(0, Math.floor((top + h * 0.2) * s));
  const py1 = Math.min(image.height, Math.ceil((bottom - h * 0.15) * s));
  if (px1 <= px0 || py1 <= py0) return -1;
  const n = (px1 - px0) * (py1 - py0);
  return n <= SMALL_CELL ? smallCellStats(image, px0, px1, py0, py1, contrast) : largeCellStats(image, px0, px1, py0, py1, contrast);
}

/** Whether gray `v` is a glyph stroke on `background`. */
function isInk(v: number, background: number, contrast: number): boolean {
  // On a dark background only light strokes count: a glyph drawn over the fill is light,
  // while a cross-hatched fill shows gray lines (under 100 at 150 and 300 DPI).
  return Math.abs(v - background) >= contrast && (background >= DARK_BACKGROUND || v >= LIGHT_STROKE);
}

function smallCellStats(image: GrayImage, px0: number, px1: number, py0: number, py1: number, contrast: number): number {
  const data = image.data;
  let n = 0;
  let lo = 255;
  let hi = 0;
  for (let y = py0; y < py1; y++) {
    const row = y * image.width;
    for (let x = px0; x < px1; x++) {
      const v = data[row + x];
      cellPixels[n++] = v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  // The median as the histogram walk defines it: the smallest gray that half the pixels are at or below.
  const k = (n - 1) >> 1;
  if (hi - lo < contrast) {
    // No gray here differs from any other by the contrast, so none is a stroke on any background.
    cellBackground = lo === hi ? lo : select(cellPixels, n, k);
    return 0;
  }
  let atLo = 0;
  let twoGrays = true;
  for (let i = 0; i < n; i++) {
    const v = cellPixels[i];
    if (v === lo) atLo++;
    else if (v !== hi) {
      twoGrays = false;
      break;
    }
  }
  // A render without anti-aliasing draws a glyph in two grays, ink and paper: counted, not selected.
  if (twoGrays) {
    const background = atLo > k ? lo : hi;
    cellBackground = background;
    return ((isInk(lo, background, contrast) ? atLo : 0) + (isInk(hi, background, contrast) ? n - atLo : 0)) / n;
  }
  const background = select(cellPixels, n, k);
  cellBackground = background;
  let ink = 0;
  for (let i = 0; i < n; i++) if (isInk(cellPixels[i], background, contrast)) ink++;
  return ink / n;
}

/** The `k`-th smallest of the first `n` values (0-based), reordering them (Hoare's selection). */
function select(values: Uint8Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const pivot = values[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i++] = values[j];
        values[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k];
  }
  return values[k];
}

function largeCellStats(image: GrayImage, px0: number, px1: number, py0: number, py1: number, contrast: number): number {
  // Only the range of grays the cell holds is walked and cleared.
  let n = 0;
  let lo = 255;
  let hi = 0;
  for (let y = py0; y < py1; y++) {
    const row = y * image.width;
    for (let x = px0; x < px1; x++) {
      const v = image.data[row + x];
      histogram[v]++;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      n++;
    }
  }
  let acc = 0;
  let background = 255;
  for (let v = lo; v <= hi; v++) {
    acc += histogram[v];
    if (acc * 2 >= n) {
      background = v;
      break;
    }
  }
  let ink = 0;
  for (let v = lo; v <= hi; v++) {
    if (isInk(v, background, contrast)) ink += histogram[v];
    histogram[v] = 0;
  }
  cellBackground = background;
  return ink / n;
}

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
/** Share of a cell's pixels that must stand out for the cell to show a glyph. */
const MIN_INK_SHARE = 0.02;
/** Background darker than this is an opaque dark shape (a box drawn over the text). */
const DARK_BACKGROUND = 80;
/** On a dark background, a glyph stroke must be at least this light. */
const LIGHT_STROKE = 128;

export type HiddenHow = 'under-dark-shape' | 'no-visible-ink' | 'outside-page' | 'overdrawn';

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
  const chars = [...word.text];
  const base: WordVisibility = { word, hiddenChars: 0, chars: chars.filter((c) => c.trim()).length };
  // One letter, a digit or a dot is too little ink to judge: a thin glyph can fall between samples.
  if ((word.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0) < 2) return base;
  const [x0, y0, x1, y1] = word.box;
  if (x1 <= 0 || y1 <= 0 || x0 >= page.width || y0 >= page.height) {
    return { ...base, hiddenChars: base.chars, how: 'outside-page', hiddenBox: word.box };
  }
  const widths = chars.map((c) => charWidth('sans-serif', c) || 0.5);
  const total = widths.reduce((a, b) => a + b, 0) || 1;
  let x = x0;
  let hidden = 0;
  let darkRun = 0;
  let longestDarkRun = 0;
  let runStart = x0;
  let hiddenBox: Box | undefined;
  let anyInk = false;
  chars.forEach((c, i) => {
    const w = ((x1 - x0) * widths[i]) / total;
    const cell: Box = [x, y0, x + w, y1];
    x += w;
    if (!c.trim()) return;
    const s = cellStats(image, cell, contrast);
    if (s === undefined) return;
    if (s.inkShare >= MIN_INK_SHARE) {
      anyInk = true;
      darkRun = 0;
      return;
    }
    hidden++;
    if (s.background < DARK_BACKGROUND) {
      if (darkRun === 0) runStart = cell[0];
      darkRun++;
      if (darkRun > longestDarkRun) {
        longestDarkRun = darkRun;
        hiddenBox = [runStart, y0, cell[2], y1];
      }
    } else darkRun = 0;
  });
  const wordChars = base.chars;
  if (!anyInk && hidden > 0) {
    const dark = longestDarkRun >= Math.max(1, Math.ceil(hidden / 2));
    return { ...base, hiddenChars: hidden, how: dark ? 'under-dark-shape' : 'no-visible-ink', hiddenBox: word.box };
  }
  if (longestDarkRun >= 2 && wordChars >= 3) return { ...base, hiddenChars: hidden, how: 'under-dark-shape', ...(hiddenBox ? { hiddenBox } : {}) };
  return { ...base, hiddenChars: hidden };
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

interface CellStats {
  /** Median gray of the cell: the background the glyph would be drawn on. */
  background: number;
  inkShare: number;
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

/** The middle of the cell (a fifth in from each side), so neighbours' strokes do not count. */
function cellStats(image: GrayImage, cell: Box, contrast: number): CellStats | undefined {
  const s = image.dpi / 72;
  const w = cell[2] - cell[0];
  const h = cell[3] - cell[1];
  const px0 = Math.max(0, Math.floor((cell[0] + w * 0.15) * s));
  const px1 = Math.min(image.width, Math.ceil((cell[2] - w * 0.15) * s));
  const py0 = Math.max(0, Math.floor((cell[1] + h * 0.2) * s));
  const py1 = Math.min(image.height, Math.ceil((cell[3] - h * 0.15) * s));
  if (px1 <= px0 || py1 <= py0) return undefined;
  const n = (px1 - px0) * (py1 - py0);
  return n <= SMALL_CELL ? smallCellStats(image, px0, px1, py0, py1, contrast) : largeCellStats(image, px0, px1, py0, py1, contrast);
}

/** Whether gray `v` is a glyph stroke on `background`. */
function isInk(v: number, background: number, contrast: number): boolean {
  // On a dark background only light strokes count: a glyph drawn over the fill is light,
  // while a cross-hatched fill shows gray lines (under 100 at 150 and 300 DPI).
  return Math.abs(v - background) >= contrast && (background >= DARK_BACKGROUND || v >= LIGHT_STROKE);
}

function smallCellStats(image: GrayImage, px0: number, px1: number, py0: number, py1: number, contrast: number): CellStats {
  const data = image.data;
  let n = 0;
  for (let y = py0; y < py1; y++) {
    const row = y * image.width;
    for (let x = px0; x < px1; x++) cellPixels[n++] = data[row + x];
  }
  // The median as the histogram walk defines it: the smallest gray that half the pixels are at or below.
  const background = select(cellPixels, n, (n - 1) >> 1);
  let ink = 0;
  for (let i = 0; i < n; i++) if (isInk(cellPixels[i], background, contrast)) ink++;
  return { background, inkShare: ink / n };
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

function largeCellStats(image: GrayImage, px0: number, px1: number, py0: number, py1: number, contrast: number): CellStats {
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
  return { background, inkShare: ink / n };
}

/**
 * @module
 * The header of the table column a span sits in, so that a number under
 * "Bank Account" or a date under "DOB" gets the context a sentence would give
 * it. Found from word boxes: the words straight above the span, row after row,
 * up to the first row of words only (the header row). Rows are visual (words
 * side by side at one height), not the extractor's lines: a row whose cells
 * wrap is read as several lines, and the lines of a wrapped cell sit between
 * the rows.
 */
import type { Page, Word } from '../../pipeline/model/types.ts';
import type { DetectInput } from './input.ts';
import { words } from './detector.ts';

const MAX_ROWS_ABOVE = 60;
/** A gap between cells: wider than most of a character height (a space between words is about a quarter). */
const CELL_GAP = 0.8;
/** A line narrower than this share of the page, between table rows, is a wrapped cell, not prose. */
const WRAPPED_LINE_WIDTH = 0.4;

interface PageRows {
  /** Words sorted by their start offset, for binary search. */
  byStart: Word[];
  /** Visual row of each word in `byStart`. */
  rowOf: number[];
  /** Words of each visual row, left to right; rows top to bottom. */
  rows: Word[][];
}

const cache = new WeakMap<Page, PageRows>();

function pageRows(page: Page): PageRows {
  let v = cache.get(page);
  if (v) return v;
  const byTop = [...page.words].sort((a, b) => a.box[1] - b.box[1] || a.box[0] - b.box[0]);
  const rows: Word[][] = [];
  const rowIndex = new Map<Word, number>();
  let bottom = -Infinity;
  for (const w of byTop) {
    const middle = (w.box[1] + w.box[3]) / 2;
    if (rows.length === 0 || middle > bottom) {
      rows.push([w]);
      bottom = w.box[3];
    } else {
      rows[rows.length - 1].push(w);
      bottom = Math.max(bottom, w.box[3]);
    }
    rowIndex.set(w, rows.length - 1);
  }
  for (const row of rows) row.sort((a, b) => a.box[0] - b.box[0]);
  const byStart = [...page.words].sort((a, b) => a.start - b.start);
  v = { byStart, rowOf: byStart.map((w) => rowIndex.get(w)!), rows };
  cache.set(page, v);
  return v;
}

/** A line between table rows narrower than a share of the page: the second line of a wrapped cell. */
export function isWrappedLine(row: Word[], pageWidth: number): boolean {
  return row.length > 0 && row[row.length - 1].box[2] - row[0].box[0] < pageWidth * WRAPPED_LINE_WIDTH;
}

/** OCR reads a table's vertical rules as words of bars ("|", "||"). */
const RULE = /^[|¦‖]+$/u;

export function isRule(word: Word): boolean {
  return RULE.test(word.text);
}

/**
 * A table row: three or more cells separated by gaps wider than most of a character height,
 * or by a vertical rule that OCR read as a bar.
 */
export function isTableRow(row: Word[]): boolean {
  const cells = row.filter((w) => !isRule(w));
  if (cells.length < 3) return false;
  const height = Math.max(...cells.map((w) => w.box[3] - w.box[1]));
  let gaps = 0;
  for (let i = 1; i < row.length; i++) {
    if (isRule(row[i])) gaps++;
    else if (!isRule(row[i - 1]) && row[i].box[0] - row[i - 1].box[2] > height * CELL_GAP) gaps++;
  }
  return gaps >= 2;
}

const tableRows = new WeakMap<Word[], boolean>();

/** `isTableRow` of a page's cached visual row, computed once: a column header's search asks of the same rows again and again. */
function isCachedTableRow(row: Word[]): boolean {
  let v = tableRows.get(row);
  if (v === undefined) {
    v = isTableRow(row);
    tableRows.set(row, v);
  }
  return v;
}

/** Index of the first word whose end lies after `offset`. */
function firstEndingAfter(words: Word[], offset: number): number {
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (words[mid].end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where a span sits on its page: its visual row, the rows of the page, and its words on that row. */
export interface SpanRow {
  page: Page;
  rows: Word[][];
  at: number;
  words: Word[];
}

/** The visual row of [start, end) (that of its first word) and its words on that row, or undefined off the words. */
export function spanRow(input: DetectInput, start: number, end: number): SpanRow | undefined {
  // the last page starting at or before `start` (binary search: a long document has hundreds of pages)
  let p = 0;
  let hi = input.pageStarts.length - 1;
  while (p < hi) {
    const mid = (p + hi + 1) >> 1;
    if (input.pageStarts[mid] <= start) p = mid;
    else hi = mid - 1;
  }
  const page = input.document.pages[p];
  const base = input.pageStarts[p];
  const { byStart, rowOf, rows } = pageRows(page);
  const first = firstEndingAfter(byStart, start - base);
  if (first >= byStart.length || byStart[first].start >= end - base) return undefined;
  const at = rowOf[first];
  const spanWords: Word[] = [];
  for (let i = first; i < byStart.length && byStart[i].start < end - base; i++) if (rowOf[i] === at) spanWords.push(byStart[i]);
  return { page, rows, at, words: spanWords };
}

/** Lower-case words of the column header above [start, end), or none when the span is not in a table. */
export function columnHeader(input: DetectInput, start: number, end: number): string[] {
  // a table written as text names its columns by index (see textColumnHeader); its cells do not line up on the page
  const written = textColumnHeader(input.text, start, end);
  if (written.length > 0) return written;
  const span = spanRow(input, start, end);
  if (!span || !isCachedTableRow(span.rows[span.at])) return [];
  const { page, rows, at } = span;
  const x0 = Math.min(...span.words.map((w) => w.box[0]));
  const x1 = Math.max(...span.words.map((w) => w.box[2]));
  for (let i = at - 1; i >= Math.max(0, at - MAX_ROWS_ABOVE); i--) {
    const row = rows[i];
    const above = row.filter((w) => w.box[0] < x1 + 2 && w.box[2] > x0 - 2);
    // lines of wrapped cells sit between rows and are narrow; a line of prose runs across the page and ends the table
    if (!isCachedTableRow(row)) {
      if (above.length === 0 || isWrappedLine(row, page.width)) continue;
      return [];
    }
    if (above.length === 0) continue;
    // the header row: words, not values
    if (above.every((w) => !/\d/.test(w.text))) return words(above.map((w) => w.text).join(' '));
  }
  return [];
}

/** A table written as text: cells split by " | " (a web page's or a converted spreadsheet's table). */
const TEXT_CELL = /[ \t]*\|[ \t]*/;
/**
 * Rows above a text table's row that its header may sit. A roster or a booking log prints its header once over all
 * its rows (a jail's booking log runs to a hundred and more), so the reach is a long table's, not a short one's; a line
 * with another number of cells still ends the table first.
 */
const TEXT_ROWS_ABOVE = 200;
/** Lines without cells that may stand under one row (its wrapped detail: charges, a comment), and lines in all. */
const DETAIL_LINES = 12;
const TEXT_LINES_ABOVE = 600;

/**
 * The header of a table written as text: the value's line splits into cells at " | ", and the nearest line above with
 * as many cells, each of words only, is the header row; its cell at the value's index names the column ("Booking # |
 * Inmate Full Name | Date of Birth" over "2014-1107234 | … | 03/19/1993"). Cells need not line up on the page (a
 * text table's widths vary by row), so the column is the cell's index, not its position. A line with another number
 * of cells ends the table. Lines without cells (a booking's charges run together under its row, a wrapped comment, a
 * blank line or a page break) belong to the row above them and are passed over, but only between two rows of the
 * table: under the header, or between the header and a table, a line without cells is prose and ends the search.
 * Only a value that fills its cell has a header.
 */
export function textColumnHeader(text: string, start: number, end: number): string[] {
  const from = text.lastIndexOf('\n', start - 1) + 1;
  const stop = text.indexOf('\n', end);
  const line = text.slice(from, stop === -1 ? text.length : stop);
  if (!line.includes('|') || /[|\n]/.test(text.slice(start, end))) return [];
  const cells = line.split(TEXT_CELL);
  if (cells.length < 3) return [];
  const index = text.slice(from, start).split(TEXT_CELL).length - 1;
  // the header names a cell's value; a value inside a cell of prose ("Notice filed; cell 907-555-0148 given") is
  // named by its sentence
  if (cells[index].trim() !== text.slice(start, end).trim()) return [];
  let at = from;
  let rows = 0;
  // lines without cells passed since the last row: they must sit under a row of the table, not under its header
  let detail = 0;
  for (let i = 0; i < TEXT_LINES_ABOVE && rows < TEXT_ROWS_ABOVE && at > 0; i++) {
    const prev = text.lastIndexOf('\n', at - 2) + 1;
    const line = text.slice(prev, at - 1);
    at = prev;
    if (!line.includes('|')) {
      if (++detail > DETAIL_LINES) return [];
      continue;
    }
    const row = line.split(TEXT_CELL);
    if (row.length !== cells.length) return [];
    if (row.every((cell) => !/\d/.test(cell))) return detail > 0 ? [] : words(row[index]);
    detail = 0;
    rows++;
  }
  return [];
}

/** A page's words by the height of their middle and of their bottom edge, for formLabel's searches. */
interface Heights {
  /** Places in `page.words`, by middle; words whose middle is no number (never near anything) are left out. */
  byMiddle: Int32Array;
  middles: Float64Array;
  byBottom: Int32Array;
  bottoms: Float64Array;
}
const heightCache = new WeakMap<Page, Heights>();

function heights(page: Page): Heights {
  let v = heightCache.get(page);
  if (v) return v;
  const sorted = (value: (w: Word) => number): [Int32Array, Float64Array] => {
    const places = [...page.words.keys()].filter((i) => !Number.isNaN(value(page.words[i]))).sort((a, b) => value(page.words[a]) - value(page.words[b]));
    return [Int32Array.from(places), Float64Array.from(places, (i) => value(page.words[i]))];
  };
  const [byMiddle, middles] = sorted((w) => (w.box[1] + w.box[3]) / 2);
  const [byBottom, bottoms] = sorted((w) => w.box[3]);
  v = { byMiddle, middles, byBottom, bottoms };
  heightCache.set(page, v);
  return v;
}

/**
 * The words of `page` whose height (`values`, sorted, of the words at `places`) is within [from, to] and that pass
 * `keep`, in the page's order: the same words, in the same order, as filtering every word of the page, so a stable
 * sort after it breaks ties as before. A form's page has hundreds of words and a field value is looked up for each
 * candidate, so the binary search saves the scan of the page per candidate.
 */
function within(page: Page, places: Int32Array, values: Float64Array, from: number, to: number, keep: (w: Word) => boolean): Word[] {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] < from) lo = mid + 1;
    else hi = mid;
  }
  const found: number[] = [];
  for (let i = lo; i < values.length && values[i] <= to; i++) if (keep(page.words[places[i]])) found.push(places[i]);
  return found.sort((a, b) => a - b).map((i) => page.words[i]);
}

/** How far left of a value a form's label may sit, in points, and how far above it. */
const LABEL_REACH_LEFT = 260;
const LABEL_REACH_ABOVE = 14;
const LABEL_WORDS = 8;
/** A label a value sits under starts within this many points of the value's left edge. */
const LABEL_ALIGN = 8;

/**
 * Lower-case words of the printed label of a form field's value, found from word boxes: the words to its left
 * whose middle lies within the value's height ("b Routing number" … "122000247"), then the nearest words just
 * above it that it sits under ("ZIP code" over "97405", "Apt. no." over "2C"). Only for a value set apart as a
 * filled field is: a flattened form writes its values after the page's own text, so the text before a value is
 * not its label, or the value stands alone in its cell (nothing on its row, or a gap wider than two of its
 * characters' height before it). A word in running prose gets none: its context is the sentence.
 */
export function formLabel(input: DetectInput, start: number, end: number): string[] {
  const span = spanRow(input, start, end);
  if (!span || span.words.length === 0) return [];
  const page = span.page;
  const x0 = Math.min(...span.words.map((w) => w.box[0]));
  const x1 = Math.max(...span.words.map((w) => w.box[2]));
  const y0 = Math.min(...span.words.map((w) => w.box[1]));
  const y1 = Math.max(...span.words.map((w) => w.box[3]));
  const height = y1 - y0;
  const index = heights(page);
  const left = within(page, index.byMiddle, index.middles, y0 - 2, y1 + 2, (w) => w.box[2] <= x0 + 1 && w.box[2] > x0 - LABEL_REACH_LEFT).sort((a, b) => b.box[2] - a.box[2]);
  const { byStart } = pageRows(page);
  const first = firstEndingAfter(byStart, start - (input.pageStarts[input.document.pages.indexOf(page)] ?? 0));
  const previous = first > 0 ? byStart[first - 1] : undefined;
  const nearest = left[0];
  const apart = !nearest || x0 - nearest.box[2] > 2 * height || nearest !== previous;
  if (!apart) return [];
  // the words to the left up to the first number (another field's value), and a label the value sits under: the
  // nearest row above, words only, starting where the value starts ("ZIP code" over "97405")
  const labelLeft: Word[] = [];
  for (const w of left) {
    if (/\d/.test(w.text) || labelLeft.length === LABEL_WORDS) break;
    labelLeft.unshift(w);
  }
  const above = within(page, index.byBottom, index.bottoms, y0 - LABEL_REACH_ABOVE, y0 + 1, (w) => w.box[3] > y0 - LABEL_REACH_ABOVE && w.box[0] < x1 + 4 && w.box[2] > x0 - 4);
  const top = Math.max(...above.map((w) => w.box[3]));
  const under = above.filter((w) => w.box[3] >= top - 3).sort((a, b) => a.box[0] - b.box[0]);
  const aligned = under.length > 0 && !under.some((w) => /\d/.test(w.text)) && Math.abs(under[0].box[0] - x0) <= LABEL_ALIGN;
  return words([...labelLeft, ...(aligned ? under.slice(0, LABEL_WORDS) : [])].map((w) => w.text).join(' '));
}

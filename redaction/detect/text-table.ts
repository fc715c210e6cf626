/**
 * @module
 * The records of a table written as text (cells split by " | ": an open-data export, a converted spreadsheet), read
 * whole even where its rows wrap. A wide table laid out on a page wraps each record over several lines: the break
 * falls inside a cell ("194\nWATERFRONT ROW") or next to a separator, and the next record starts on a line of its own.
 * So a line is not a record: read line by line, a row's owner and its mailing address stand on different lines, and
 * no cell has a header. Read as one stream of cells, a table whose header has N cells has N - 1 separators per record,
 * and every record after the header starts on a new line: the cell that holds a record's last value and the next
 * record's first holds a line break, and the last one splits them. The reading holds only when it fits the whole
 * table (every record the header's number of cells, a line break between every two records, a header of words); a
 * table it does not fit (rows of other lengths, a header that is not one) has no records here, and the line-by-line
 * readings elsewhere stand.
 *
 * ```ts
 * const record = textRecordAt(text, hit.start); // its cells, each with the header of its column
 * const owner = record?.cells.find((c) => /owner/i.test(c.head));
 * ```
 */
import { memo } from './document-context.ts';

/** A cell of a record: its trimmed span in the text and its column's header ("StreetAddress", "Zip"). */
export interface TextCell {
  start: number;
  end: number;
  head: string;
}

/** One record of a text table: its cells in column order, and the span from its first cell to its last. */
export interface TextRecord {
  start: number;
  end: number;
  cells: TextCell[];
}

/** A cell separator of a text table: a bar with any spaces around it (a line break next to it stays in the cell). */
const SEPARATOR = /[ \t]*\|[ \t]*/g;
/** Lines without a separator that may stand inside a table (the wrapped end of a record's last cell). */
const LINES_WITHOUT_CELLS = 2;
/** A header has at least this many columns, and a table at least one record under it. */
const MIN_COLUMNS = 3;
const MAX_COLUMNS = 80;
/** A header cell is words: a letter, and no run of three digits (a value: a year, an amount, a number). */
const HEADER_CELL = /^(?=[^\n]*\p{L})(?![^\n]*\d{3})/u;

const tables = memo<TextRecord[]>();

/** The record of a text table that holds `at`, when the text's table reads whole (see the module comment). */
export function textRecordAt(text: string, at: number): TextRecord | undefined {
  if (!text.includes('|')) return undefined;
  return tables(text, () => readTables(text)).find((r) => r.start <= at && at < r.end);
}

/** Every record of every text table that reads whole, in text order. */
export function textRecords(text: string): TextRecord[] {
  return text.includes('|') ? tables(text, () => readTables(text)) : [];
}

function readTables(text: string): TextRecord[] {
  const out: TextRecord[] = [];
  for (const [from, to] of blocks(text)) out.push(...readBlock(text, from, to));
  return out;
}

/**
 * Runs of lines that hold a separator, from the first such line to the last, with at most LINES_WITHOUT_CELLS lines
 * without one between two of them; a blank line ends a run. Page breaks count as line breaks.
 */
function blocks(text: string): [number, number][] {
  const out: [number, number][] = [];
  let start = -1;
  let end = -1;
  let without = 0;
  let at = 0;
  while (at <= text.length) {
    const stop = text.slice(at).search(/[\n\f]/);
    const lineEnd = stop === -1 ? text.length : at + stop;
    const line = text.slice(at, lineEnd);
    if (line.includes('|')) {
      if (start === -1) start = at;
      end = lineEnd;
      without = 0;
    } else if (start !== -1 && (line.trim() === '' || ++without > LINES_WITHOUT_CELLS)) {
      out.push([start, end]);
      start = -1;
      without = 0;
    }
    at = lineEnd + 1;
  }
  if (start !== -1) out.push([start, end]);
  return out;
}

/** The records of one block, when its cells read as a header and records of one length (see the module comment). */
function readBlock(text: string, from: number, to: number): TextRecord[] {
  // the stream's cells: [start, end) between separators, line breaks inside kept
  const cells: [number, number][] = [];
  let at = from;
  for (const m of text.slice(from, to).matchAll(SEPARATOR)) {
    cells.push([at, from + m.index]);
    at = from + m.index + m[0].length;
  }
  cells.push([at, to]);
  const separators = cells.length - 1;
  const breakIn = (i: number) => /[\n\f]/.test(text.slice(cells[i][0], cells[i][1]));
  for (let n = MIN_COLUMNS; n <= Math.min(MAX_COLUMNS, separators / 2 + 1); n++) {
    if (separators % (n - 1) !== 0) continue;
    // records, the header's included
    const records = separators / (n - 1);
    let fits = true;
    for (let r = 1; r < records && fits; r++) fits = breakIn(r * (n - 1));
    if (!fits) continue;
    // the header: its cells are words, the last up to the line break before the first record
    const [headLast] = split(text, cells[n - 1]);
    const headCells = [...cells.slice(0, n - 1), headLast];
    if (!headCells.every(([s, e]) => HEADER_CELL.test(clean(text, s, e)))) continue;
    const heads = headCells.map(([s, e]) => clean(text, s, e));
    const out: TextRecord[] = [];
    for (let r = 1; r < records; r++) {
      const first = split(text, cells[r * (n - 1)])[1];
      const lastIndex = (r + 1) * (n - 1);
      const last = r === records - 1 ? cells[lastIndex] : split(text, cells[lastIndex])[0];
      const spans = [first, ...cells.slice(r * (n - 1) + 1, lastIndex), last];
      const row = spans.map(([s, e], i) => ({ ...trimmed(text, s, e), head: heads[i] }));
      out.push({ start: row[0].start, end: row[row.length - 1].end, cells: row });
    }
    return out;
  }
  return [];
}

/** A cell that holds a record's end and the next one's start, split at its last line break. */
function split(text: string, [s, e]: [number, number]): [[number, number], [number, number]] {
  const value = text.slice(s, e);
  const i = Math.max(value.lastIndexOf('\n'), value.lastIndexOf('\f'));
  return i === -1 ? [[s, e], [e, e]] : [[s, s + i], [s + i + 1, e]];
}

function trimmed(text: string, s: number, e: number): { start: number; end: number } {
  while (s < e && /\s/.test(text[s])) s++;
  while (e > s && /\s/.test(text[e - 1])) e--;
  return { start: s, end: e };
}

/** A header cell's words on one line: a wrapped header reads as it was written. */
function clean(text: string, s: number, e: number): string {
  return text.slice(s, e).replace(/\s+/g, ' ').trim();
}

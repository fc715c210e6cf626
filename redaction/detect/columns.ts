/**
 * @module
 * The header of the table column a span sits in, so that a number under
 * "Bank Account" or a date under "DOB" gets the context a sentence would give
 * it. Found from word boxes: the words straight above the span, line after
 * line, up to the first line with a wide gap structure (the header row).
 */
import type { Word } from '../../pipeline/model/types.ts';
import type { DetectInput } from './input.ts';
import { words } from './detector.ts';

const MAX_ROWS_ABOVE = 60;

interface PageLines {
  lines: Map<number, Word[]>;
  order: number[];
}

const cache = new WeakMap<object, PageLines>();

function pageLines(words: Word[]): PageLines {
  let v = cache.get(words);
  if (!v) {
    const lines = new Map<number, Word[]>();
    for (const w of words) {
      const row = lines.get(w.line);
      if (row) row.push(w);
      else lines.set(w.line, [w]);
    }
    v = { lines, order: [...lines.keys()].sort((a, b) => a - b) };
    cache.set(words, v);
  }
  return v;
}

/** A table row: three or more cells separated by gaps wider than a character height. */
function isTableRow(row: Word[]): boolean {
  if (row.length < 3) return false;
  const height = Math.max(...row.map((w) => w.box[3] - w.box[1]));
  return row.slice(1).filter((w, i) => w.box[0] - row[i].box[2] > height * 1.2).length >= 2;
}

/** Lower-case words of the column header above [start, end), or none when the span is not in a table. */
export function columnHeader(input: DetectInput, start: number, end: number): string[] {
  let p = 0;
  while (p + 1 < input.pageStarts.length && input.pageStarts[p + 1] <= start) p++;
  const page = input.document.pages[p];
  const base = input.pageStarts[p];
  const covered = page.words.filter((w) => base + w.end > start && base + w.start < end);
  if (covered.length === 0) return [];
  const { lines, order } = pageLines(page.words);
  const line = covered[0].line;
  if (!isTableRow(lines.get(line) ?? [])) return [];
  const x0 = Math.min(...covered.map((w) => w.box[0]));
  const x1 = Math.max(...covered.map((w) => w.box[2]));
  const at = order.indexOf(line);
  for (let i = at - 1; i >= Math.max(0, at - MAX_ROWS_ABOVE); i--) {
    const row = lines.get(order[i])!;
    if (!isTableRow(row)) return [];
    const above = row.filter((w) => w.box[0] < x1 + 2 && w.box[2] > x0 - 2);
    if (above.length === 0) continue;
    // the header row: words, not values
    if (above.every((w) => !/\d/.test(w.text))) return words(above.map((w) => w.text).join(' '));
  }
  return [];
}

/**
 * @module
 * Values a label names directly, as a form or a table does: the label, then at
 * most a few filler words ("number", "no.", "#", "is", ":") and the value, on
 * its line or the next; or a value in a table column whose header holds the
 * label. The value is the whole run of letters and digits there (groups joined
 * by dashes, or by spaces when the next group holds a digit), so a format check
 * sees the whole value and a finding never covers part of one.
 *
 * ```ts
 * labelledValues(input, /\bpassport\b/gi); // [{ start, end, label: 'passport', where: 'label' }]
 * ```
 */
import type { DetectInput } from './input.ts';
import { columnHeader } from './columns.ts';
import { caseless } from './caseless.ts';

export interface LabelledValue {
  start: number;
  end: number;
  /** The label as written, lower case. */
  label: string;
  where: 'label' | 'column header';
  /** The label's line up to the value, and the value's line after it: where a state or country is named. */
  before: string;
  after: string;
}

/** Words between a label and its value that name nothing ("Driver's License No. (OR) is: 7291554"). */
const FILLER = String.raw`[\s:#.,()[\]/-]|\b(?:${caseless('number|numbers|no|nos|num|nbr|nr|id|is|was|reads|of|issued by|state')})\b|\b[A-Z]{2}\b`;
const fillers = new Map<string, RegExp>();

/** Fillers, plus the words `extra` (a regex source, e.g. state names) allows between label and value. */
function fillerRegex(extra: string | undefined): RegExp {
  const key = extra ?? '';
  let r = fillers.get(key);
  if (!r) {
    r = new RegExp(`^(?:${FILLER}${extra ? `|${extra}` : ''})*(?=[A-Za-z0-9])`);
    fillers.set(key, r);
  }
  return r;
}
/** The value: groups of letters and digits joined by a dash, or by a space when the next group holds a digit. */
const VALUE = /[A-Za-z0-9*]+(?:[-–][A-Za-z0-9*]+|[ .](?=[A-Za-z]{0,3}\d)[A-Za-z0-9*]+)*/y;
/** A token in a table cell that might be an identifier: holds a digit, four or more characters. */
const CELL_TOKEN = /(?<![\w-])(?=[A-Za-z0-9-]*\d)[A-Za-z0-9][A-Za-z0-9-]{2,30}[A-Za-z0-9](?![\w-])/g;

function lineStart(text: string, at: number): number {
  return Math.max(text.lastIndexOf('\n', at - 1), text.lastIndexOf('\f', at - 1)) + 1;
}

function lineEnd(text: string, at: number): number {
  const m = /[\n\f]/.exec(text.slice(at));
  return m ? at + m.index : text.length;
}

/**
 * Every value `label` (a global regex) names directly in the document, in text order. `header` (default: `label`) finds
 * values in columns whose header words (lower case, punctuation dropped: "driver s license") match it; `filler` is a
 * regex source of more words allowed between label and value.
 */
export function labelledValues(input: DetectInput, label: RegExp, options: { header?: RegExp; filler?: string } = {}): LabelledValue[] {
  const { text } = input;
  const header = options.header ?? label;
  const filler = fillerRegex(options.filler);
  const out: LabelledValue[] = [];
  const seen = new Set<number>();
  for (const m of text.matchAll(label)) {
    const labelEnd = m.index + m[0].length;
    // the value is on the label's line or, when only fillers follow the label there, the next line
    const stop = lineEnd(text, labelEnd);
    const limit = stop < text.length && text[stop] === '\n' ? lineEnd(text, stop + 1) : stop;
    const gap = filler.exec(text.slice(labelEnd, limit));
    if (!gap) continue;
    VALUE.lastIndex = labelEnd + gap[0].length;
    const v = VALUE.exec(text);
    if (!v || v.index + v[0].length > limit || seen.has(v.index)) continue;
    seen.add(v.index);
    const start = v.index;
    const end = start + v[0].length;
    out.push({ start, end, label: m[0].toLowerCase().replace(/\s+/g, ' '), where: 'label', before: text.slice(lineStart(text, m.index), start), after: text.slice(end, lineEnd(text, end)) });
  }
  if (input.document.pages.some((p) => p.words.length > 0)) {
    const words = new RegExp(header.source, header.flags.includes('g') ? header.flags : `${header.flags}g`);
    for (const cell of cellTokens(input)) {
      if (seen.has(cell.start)) continue;
      words.lastIndex = 0;
      const h = cell.head ? words.exec(cell.head) : null;
      if (!h) continue;
      seen.add(cell.start);
      out.push({ start: cell.start, end: cell.end, label: h[0].toLowerCase(), where: 'column header', before: cell.head, after: '' });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** A document's cell tokens with their column headers (joined), kept with the input it was read from. */
const cells = new WeakMap<DetectInput, { start: number; end: number; head: string }[]>();

/**
 * The cell tokens of a document and their column headers, found once per input: a detector asks for the values of
 * several labels in turn (id-number: five), and the tokens and headers are the same for each.
 */
function cellTokens(input: DetectInput): { start: number; end: number; head: string }[] {
  let v = cells.get(input);
  if (!v) {
    v = [...input.text.matchAll(CELL_TOKEN)].map((m) => ({ start: m.index, end: m.index + m[0].length, head: columnHeader(input, m.index, m.index + m[0].length).join(' ') }));
    cells.set(input, v);
  }
  return v;
}

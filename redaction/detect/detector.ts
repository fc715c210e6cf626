/**
 * @module
 * The detector contract and its single runner. A detector is mostly data:
 * patterns with base scores, a validator, context words, examples. The runner
 * applies them in one order for every detector:
 * patterns → validator → context boost → threshold → candidate with `why`.
 * Detectors that need more than regexes (names, markings) add a `find` hook
 * and go through the same context and threshold steps.
 *
 * ```ts
 * export const email: Detector = {
 *   id: 'email', category: 'personal.email', summary: 'Email addresses.',
 *   patterns: [{ name: 'address', regex: /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, score: 0.9 }],
 *   examples: { match: ['write to ana@example.org'], ignore: ['@handle'] },
 * };
 * ```
 */
import type { CategoryKey } from '../policy/categories.ts';
import type { DetectInput } from './input.ts';
import { columnHeader, formLabel } from './columns.ts';

export interface Pattern {
  name: string;
  /** Global regex. A named group `value` narrows the finding to that group. */
  regex: RegExp;
  score: number;
  /**
   * A string every match of `regex` contains ("@" of an e-mail address): a text without it is not scanned. One
   * `includes` instead of a scan that starts at every position (and, under a lookbehind, at every word).
   */
  requires?: string;
}

/** A span a detector proposes, in `documentText` offsets. */
export interface Candidate {
  start: number;
  end: number;
  score: number;
  why: string[];
}

export interface Detector {
  /** Unique, stable: it is part of finding ids. */
  id: string;
  category: CategoryKey;
  summary: string;
  patterns?: Pattern[];
  /** Match patterns against the text with OCR digit confusions repaired (O→0, l/I→1, S→5, B→8). */
  ocrDigits?: boolean;
  /** Whole words or phrases, lower case, looked for in the few words before a match. */
  context?: string[];
  /** Words that count as context only as the first word after a match (labels that follow a value: "555 0100 office"). */
  contextAfter?: string[];
  /**
   * Words that count as context only in a table's column header or a form's printed label, where the word alone names
   * the field ("Account" over a filled comb); in running text they name too much ("the Treasury account 75-0512").
   */
  labelContext?: string[];
  /** Added to the score when a context word is found (default 0.35). */
  contextBoost?: number;
  /** Words before the match that rule it out ("version 1.2.3.4" is not an IP address). */
  exclude?: string[];
  /** False drops the match; a string keeps it and says why (e.g. "Luhn checksum ok"). */
  validate?: (text: string) => false | string;
  /**
   * The validator proves the format (a checksum, the registry's rules): a value it passed is that identifier
   * wherever it recurs, so batch consistency may copy it. Shape checks ("ID-shaped token") are not proof.
   */
  certain?: boolean;
  /** For detectors beyond patterns; runs once per document. */
  find?: (input: DetectInput) => Candidate[];
  /** Findings cover passages (marked paragraphs), not identifiers: they never compete with other findings. */
  passage?: boolean;
  examples: { match: string[]; ignore: string[] };
}

const CONTEXT_WORDS_BEFORE = 6;
const CONTEXT_WORDS_AFTER = 2;
const DEFAULT_BOOST = 0.35;

const compiled = new WeakMap<RegExp, RegExp>();

/** Every pattern runs with indices (for the `value` group); compiled once per process. */
function withIndices(regex: RegExp): RegExp {
  let r = compiled.get(regex);
  if (!r) {
    const flags = new Set([...regex.flags, 'g', 'd']);
    r = new RegExp(regex.source, [...flags].join(''));
    compiled.set(regex, r);
  }
  r.lastIndex = 0;
  return r;
}

/** Lower-case word tokens of a string, punctuation dropped ("D.O.B." → d o b). */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

const phraseCache = new Map<string, string>();
function phrase(p: string): string {
  let v = phraseCache.get(p);
  if (v === undefined) {
    v = ` ${words(p).join(' ')} `;
    phraseCache.set(p, v);
  }
  return v;
}

/** The first phrase of `list` found as whole words in `window`, if any. */
export function findPhrase(window: string[], list: readonly string[]): string | undefined {
  const joined = ` ${window.join(' ')} `;
  return list.find((p) => joined.includes(phrase(p)));
}

/**
 * The few words before [start, end) and the couple after, for context checks. A label comes before its value,
 * on its line or the line above; words after a value count only on its own line (the next line is something else).
 */
export function contextWindow(text: string, start: number, end: number, before = CONTEXT_WORDS_BEFORE, after = CONTEXT_WORDS_AFTER): { before: string[]; after: string[] } {
  const b = words(text.slice(Math.max(0, start - 12 * before), start)).slice(-before);
  const tail = text.slice(end, end + 12 * after);
  const a = words(tail.slice(0, tail.search(/[\n\f]|$/))).slice(0, after);
  return { before: b, after: a };
}

const EXCLUDE_WORDS_BEFORE = 3;

/**
 * The words a label would occupy: the last few before `start` on its own line. A word further back
 * ("license clerk" a line above a phone number) labels something else.
 */
function labelBefore(text: string, start: number): string[] {
  const from = Math.max(0, start - 40);
  const head = text.slice(from, start);
  const cut = Math.max(head.lastIndexOf('\n'), head.lastIndexOf('\f'));
  return words(cut === -1 ? head : head.slice(cut + 1)).slice(-EXCLUDE_WORDS_BEFORE);
}

/** A span's column header and form label, by span, for one input (see fieldWords). */
const fieldCache = new WeakMap<DetectInput, Map<string, { table: string[]; label: string[] }>>();

/**
 * The words of the column header above [start, end) (`columnHeader`) and of its form field's printed label
 * (`formLabel`), found once per span and input: several detectors propose the same span (a form's number is a phone's,
 * a PIN's and an account's candidate), and both depend on the document and the span alone. The arrays are shared:
 * read them, do not change them. The cache lives with the input, so no document sees another's.
 */
function fieldWords(input: DetectInput, start: number, end: number): { table: string[]; label: string[] } {
  let spans = fieldCache.get(input);
  if (!spans) {
    spans = new Map();
    fieldCache.set(input, spans);
  }
  const key = `${start}:${end}`;
  let v = spans.get(key);
  if (!v) {
    // a filled form's field: its printed label, to its left or above it, says what it is
    v = { table: columnHeader(input, start, end), label: formLabel(input, start, end) };
    spans.set(key, v);
  }
  return v;
}

/** Runs one detector over one document; returns candidates at or above `threshold`. */
export function runDetector(detector: Detector, input: DetectInput, threshold: number): Candidate[] {
  const raw: Candidate[] = [];
  const haystack = detector.ocrDigits ? input.digitText : input.text;
  for (const pattern of detector.patterns ?? []) {
    if (pattern.requires !== undefined && !haystack.includes(pattern.requires)) continue;
    const regex = withIndices(pattern.regex);
    for (let m = regex.exec(haystack); m !== null; m = regex.exec(haystack)) {
      if (m[0].length === 0) {
        regex.lastIndex++;
        continue;
      }
      const [start, end] = m.indices?.groups?.value ?? [m.index, m.index + m[0].length];
      const why = [`pattern ${pattern.name}`];
      if (haystack !== input.text && haystack.slice(start, end) !== input.text.slice(start, end)) {
        why.push(`OCR confusions repaired ("${input.text.slice(start, end)}")`);
      }
      raw.push({ start, end, score: pattern.score, why });
    }
  }
  if (detector.find) raw.push(...detector.find(input));

  const out: Candidate[] = [];
  for (const c of raw) {
    if (detector.validate) {
      const verdict = detector.validate(haystack.slice(c.start, c.end));
      if (verdict === false) continue;
      c.why.push(verdict);
    }
    if (detector.context || detector.contextAfter || detector.labelContext || detector.exclude) {
      // In a table, the column header and the cells to the left on the same row say what a cell is; the rows
      // above (for the first row, the header row of other columns) must neither exclude nor support it.
      const { table, label } = fieldWords(input, c.start, c.end);
      const header = [...table, ...label];
      const lineStart = header.length > 0 ? input.text.lastIndexOf('\n', c.start - 1) + 1 : 0;
      const near = contextWindow(input.text.slice(lineStart), c.start - lineStart, c.end - lineStart);
      const window = { before: [...header, ...near.before], after: near.after };
      const where = header.length > 0 && !findPhrase(near.before, detector.context ?? []) ? (findPhrase(table, detector.context ?? []) ? ' in column header' : ' in form label') : '';
      if (detector.exclude && findPhrase([...header, ...labelBefore(input.text, c.start)], detector.exclude)) continue;
      const word =
        (detector.context && (findPhrase(window.before, detector.context) ?? findPhrase(window.after, detector.context))) ??
        (detector.contextAfter && findPhrase(window.after.slice(0, 1), detector.contextAfter)) ??
        (detector.labelContext && findPhrase(header, detector.labelContext));
      if (word && !c.why.some((w) => w.startsWith('context') || w.includes('cue'))) {
        c.score = Math.min(1, c.score + (detector.contextBoost ?? DEFAULT_BOOST));
        c.why.push(`context "${word}"${where}`);
      }
    }
    if (c.score >= threshold) out.push(c);
  }
  return mergeOverlapping(out);
}

/** Several patterns of one detector may match the same text: one candidate, the widest span, the best score. */
function mergeOverlapping(candidates: Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  for (const c of [...candidates].sort((a, b) => a.start - b.start || b.end - a.end)) {
    const prev = out[out.length - 1];
    if (prev && c.start < prev.end) {
      prev.end = Math.max(prev.end, c.end);
      prev.score = Math.max(prev.score, c.score);
      for (const w of c.why) if (!prev.why.includes(w)) prev.why.push(w);
    } else out.push(c);
  }
  return out;
}

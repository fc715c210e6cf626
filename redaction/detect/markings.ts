/**
 * @module
 * Shared by the three marking detectors: banner and portion markings, and the
 * paragraph a portion marking governs (ended by the next portion marking, a
 * blank line or a wider gap between lines, and never more than a paragraph).
 */
import type { Candidate } from './detector.ts';
import type { DetectInput } from './input.ts';

const MAX_PASSAGE_LINES = 15;

export interface MarkingRules {
  /** Label in reasons: "classification", "handling", "deliberative". */
  kind: string;
  /** All-caps banner words, as regex source (e.g. "TOP SECRET|SECRET"). */
  banner: string;
  /** Portion marks inside parentheses that govern a paragraph (e.g. "TS|S|C"). */
  portion: string;
}

/** Every marking of `rules` in the document: banners as themselves, portion marks with their paragraph. */
export function findMarkings(input: DetectInput, rules: MarkingRules): Candidate[] {
  const out: Candidate[] = [];
  const banner = new RegExp(`(?<![A-Za-z])(?:${rules.banner})(?://[A-Z][A-Z0-9 ,/-]*[A-Z0-9])?(?![A-Za-z])`, 'g');
  for (const m of input.text.matchAll(banner)) {
    const lineStart = input.text.lastIndexOf('\n', m.index) + 1;
    const lineEndRaw = input.text.slice(m.index).search(/[\n\f]/);
    const lineEnd = lineEndRaw === -1 ? input.text.length : m.index + lineEndRaw;
    const line = input.text.slice(Math.max(lineStart, input.text.lastIndexOf('\f', m.index) + 1), lineEnd).trim();
    const standalone = line.length <= m[0].length + 12 || /^[A-Z0-9 ,/()-]+$/.test(line);
    if (!standalone && !m[0].includes('//')) continue;
    out.push({ start: m.index, end: m.index + m[0].length, score: 0.9, why: [`${rules.kind} banner "${m[0]}": the page needs ${rules.kind} review`] });
  }
  const portion = new RegExp(`(?<=^|[\\n\\f]|[.:]\\s)\\s*\\((?:U//)?(?:${rules.portion})(?://[A-Z][A-Z0-9 ,/-]*)?\\)`, 'g');
  for (const m of input.text.matchAll(portion)) {
    const start = m.index + m[0].length - m[0].trimStart().length;
    if (listItem(input.text, start, m[0].trim())) continue;
    const end = passageEnd(input, start);
    out.push({ start, end, score: 0.9, why: [`portion marked ${m[0].trim()}: the paragraph it governs`] });
  }
  return out;
}

/** How far back the item before a lettered list item is looked for. */
const LIST_LOOKBACK = 4000;

/**
 * "(C) for which a management decision was made", "(C) the total number of persons": a single letter in brackets
 * that goes on in lower case, or that follows the item lettered before it ("(B) …" earlier at a line start), numbers a
 * list in a statute or a regulation; a portion marking starts a paragraph of its own in capitals.
 */
function listItem(text: string, start: number, mark: string): boolean {
  const letter = /^\((?:U\/\/)?([A-Z])\)$/.exec(mark)?.[1];
  if (!letter) return false;
  if (/^[ \t]*\p{Ll}/u.test(text.slice(start + mark.length, start + mark.length + 8))) return true;
  if (letter === 'A') return false;
  const before = String.fromCharCode(letter.charCodeAt(0) - 1);
  return new RegExp(`(?:^|[\\n\\f]|[.:;]\\s)\\s*\\(${before}\\)\\s`).test(text.slice(Math.max(0, start - LIST_LOOKBACK), start));
}

/** End offset of the paragraph starting at `start`, within its page. */
function passageEnd(input: DetectInput, start: number): number {
  const pageIndex = pageIndexAt(input, start);
  const page = input.document.pages[pageIndex];
  const base = input.pageStarts[pageIndex];
  const local = start - base;
  const text = page.text;
  const lineTops = new Map<number, number>();
  for (const w of page.words) if (!lineTops.has(w.line)) lineTops.set(w.line, w.box[1]);
  const tops = [...lineTops.values()];
  const gaps = tops.slice(1).map((t, i) => t - tops[i]).filter((g) => g > 0).sort((a, b) => a - b);
  const usualGap = gaps.length > 0 ? gaps[Math.floor(gaps.length / 2)] : Infinity;
  const lineOf = (offset: number) => page.words.find((w) => w.end > offset)?.line;

  let end = text.indexOf('\n', local);
  if (end === -1) return base + text.length;
  for (let n = 1; n < MAX_PASSAGE_LINES; n++) {
    const next = end + 1;
    if (next >= text.length || text[next] === '\n') break;
    const nextEnd = text.indexOf('\n', next) === -1 ? text.length : text.indexOf('\n', next);
    const nextLine = text.slice(next, nextEnd);
    if (/^\s*\([A-Z/]{1,12}\)/.test(nextLine)) break;
    const a = lineOf(end - 1);
    const b = lineOf(next);
    if (a !== undefined && b !== undefined && lineTops.has(a) && lineTops.has(b) && lineTops.get(b)! - lineTops.get(a)! > usualGap * 1.6) break;
    end = nextEnd;
  }
  return base + end;
}

/**
 * The paragraph around `offset`: lines before and after it until a wider gap
 * between lines, a portion mark, a line that ends a sentence just before a
 * heading, or 15 lines either way. Offsets in the document text.
 */
export function paragraphAt(input: DetectInput, offset: number): [number, number] {
  const pageIndex = pageIndexAt(input, offset);
  const page = input.document.pages[pageIndex];
  const base = input.pageStarts[pageIndex];
  const byLine = new Map<number, { start: number; end: number; top: number }>();
  for (const w of page.words) {
    const l = byLine.get(w.line);
    if (l) l.end = Math.max(l.end, w.end);
    else byLine.set(w.line, { start: w.start, end: w.end, top: w.box[1] });
  }
  const lines = [...byLine.entries()].sort((a, b) => a[0] - b[0]).map(([, l]) => l);
  if (lines.length === 0) return [offset, offset];
  const gaps = lines.slice(1).map((l, i) => l.top - lines[i].top).filter((g) => g > 0).sort((a, b) => a - b);
  const usual = gaps.length > 0 ? gaps[Math.floor(gaps.length / 2)] : Infinity;
  const local = offset - base;
  let at = lines.findIndex((l) => l.start <= local && local <= l.end);
  if (at === -1) at = Math.max(0, lines.findIndex((l) => l.start > local) - 1);
  const lengths = lines.map((l) => l.end - l.start).sort((x, y) => x - y);
  const usualLength = lengths[Math.floor(lengths.length / 2)];
  // a short line ends a paragraph (or is a heading); so does a wider gap, a portion mark or a numbered heading
  const breakBetween = (a: number, b: number) => lines[a].end - lines[a].start < usualLength * 0.6 || lines[b].top - lines[a].top > usual * 1.6 || /^\s*\([A-Z/]{1,12}\)/.test(page.text.slice(lines[b].start, lines[b].end)) || /^\d+\.\s/.test(page.text.slice(lines[b].start, lines[b].end));
  let first = at;
  while (first > 0 && at - first < MAX_PASSAGE_LINES && !breakBetween(first - 1, first)) first--;
  let last = at;
  while (last + 1 < lines.length && last - at < MAX_PASSAGE_LINES && !breakBetween(last, last + 1)) last++;
  return [base + lines[first].start, base + lines[last].end];
}

function pageIndexAt(input: DetectInput, offset: number): number {
  let i = 0;
  while (i + 1 < input.pageStarts.length && input.pageStarts[i + 1] <= offset) i++;
  return i;
}

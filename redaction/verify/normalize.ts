/**
 * @module
 * Whether a removed string can still be read in extracted text, under every
 * normalisation an extractor or a reader might apply: case, whitespace,
 * punctuation, accents, and digits alone (an SSN typed as "372 41 8806" or
 * "372418806"). Pure functions; the verifier runs them on each tool's output.
 */

/** Lower case, accents stripped, compatibility forms folded (ﬁ → fi, full-width digits). */
function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

export function tokens(text: string): string[] {
  return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

export function alnum(text: string): string {
  return fold(text).replace(/[^\p{L}\p{N}]/gu, '');
}

/** Runs of digits that may be split by up to two separator characters ("372-41-8806", "372 41 8806"). */
export function digitRuns(text: string): string[] {
  const folded = fold(text);
  return (folded.match(/\p{N}+(?:[^\p{L}\p{N}]{1,2}\p{N}+)*/gu) ?? []).map((r) => r.replace(/[^\p{N}]/gu, ''));
}

/** A needle this short is too common to search for as a string; only its position is checked. */
export const MIN_SEARCHABLE = 4;

export interface PreparedText {
  tokens: string[];
  digitRuns: string[];
}

export function prepare(text: string): PreparedText {
  return { tokens: tokens(text), digitRuns: digitRuns(text) };
}

export function isSearchable(needle: string): boolean {
  return alnum(needle).length >= MIN_SEARCHABLE;
}

/**
 * The normalisation under which `needle` shows in `text`, or undefined.
 * Order: whole tokens in sequence (case, whitespace, punctuation); whole tokens
 * run together (a word split by an extractor, "372 41 8806"); digits alone (for
 * needles that are mostly digits). Never inside a longer word: "Option" is not
 * found in "Options".
 */
export function findNeedle(text: PreparedText, needle: string): 'tokens' | 'alnum' | 'digits' | undefined {
  const want = tokens(needle);
  if (want.length === 0 || !isSearchable(needle)) return undefined;
  if (containsSequence(text.tokens, want)) return 'tokens';
  const joined = alnum(needle);
  if (joined.length >= 6 && joinsTokens(text.tokens, joined)) return 'alnum';
  const digits = joined.replace(/[^\p{N}]/gu, '');
  if (digits.length >= 5 && digits.length >= joined.length * 0.6 && text.digitRuns.some((r) => r.includes(digits))) return 'digits';
  return undefined;
}

const SEP = '[^\\p{L}\\p{N}]';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Where `needle` shows in an original (unfolded) text under the rules of `findNeedle`,
 * as a global, case-insensitive pattern: the planner boxes every match so the verifier
 * finds none. Whole tokens with any separators between them; for needles of six or more
 * letters and digits, the same characters with separators anywhere (an extractor's split
 * word); for mostly-digit needles, the digits with up to two separators between each,
 * inside longer numbers too. Matches accents only as written.
 */
export function needlePattern(needle: string): RegExp | undefined {
  const parts = needle.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (parts.length === 0) return undefined;
  const joined = parts.join('');
  const forms = [
    joined.length >= 6 ? [...joined].map(escapeRegExp).join(`${SEP}*`) : parts.map(escapeRegExp).join(`${SEP}+`),
  ].map((f) => `(?<![\\p{L}\\p{N}])${f}(?![\\p{L}\\p{N}])`);
  const digits = joined.replace(/[^\p{N}]/gu, '');
  if (digits.length >= 5 && digits.length >= joined.length * 0.6) forms.push([...digits].join(`${SEP}{0,2}`));
  return new RegExp(forms.map((f) => `(?:${f})`).join('|'), 'giu');
}

/** Whether consecutive whole tokens spell `joined` ("gon" + "zalez"), never part of a longer word. */
function joinsTokens(haystack: string[], joined: string): boolean {
  for (let i = 0; i < haystack.length; i++) {
    if (!joined.startsWith(haystack[i])) continue;
    let acc = haystack[i];
    for (let j = i + 1; acc.length < joined.length && j < haystack.length && joined.startsWith(acc + haystack[j]); j++) acc += haystack[j];
    if (acc === joined) return true;
  }
  return false;
}

function containsSequence(haystack: string[], needle: string[]): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

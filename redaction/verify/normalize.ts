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
  alnum: string;
  digitRuns: string[];
}

export function prepare(text: string): PreparedText {
  return { tokens: tokens(text), alnum: alnum(text), digitRuns: digitRuns(text) };
}

export function isSearchable(needle: string): boolean {
  return alnum(needle).length >= MIN_SEARCHABLE;
}

/**
 * The normalisation under which `needle` shows in `text`, or undefined.
 * Order: whole tokens in sequence (case, whitespace, punctuation); letters and
 * digits joined (words split or run together); digits alone (for needles that
 * are mostly digits).
 */
export function findNeedle(text: PreparedText, needle: string): 'tokens' | 'alnum' | 'digits' | undefined {
  const want = tokens(needle);
  if (want.length === 0 || !isSearchable(needle)) return undefined;
  if (containsSequence(text.tokens, want)) return 'tokens';
  const joined = alnum(needle);
  if (joined.length >= 6 && text.alnum.includes(joined)) return 'alnum';
  const digits = joined.replace(/[^\p{N}]/gu, '');
  if (digits.length >= 5 && digits.length >= joined.length * 0.6 && text.digitRuns.some((r) => r.includes(digits))) return 'digits';
  return undefined;
}

function containsSequence(haystack: string[], needle: string[]): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

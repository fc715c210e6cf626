/**
 * @module
 * Whether a removed string can still be read in extracted text, under every
 * normalisation an extractor or a reader might apply: case, whitespace,
 * punctuation, accents, and digits alone (an SSN typed as "372 41 8806" or
 * "372418806"). Pure functions; the verifier runs them on each tool's output.
 */

/** Lower case, accents stripped, compatibility forms folded (ﬁ → fi, full-width digits). */
function fold(text: string): string {
  // ASCII has nothing to decompose and no marks: most extracted text is, and pages are long.
  if (ASCII.test(text)) return text.toLowerCase();
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

const ASCII = /^[\x00-\x7f]*$/;

export function tokens(text: string): string[] {
  return tokensOf(fold(text));
}

function tokensOf(folded: string): string[] {
  // Folded ASCII holds no capitals: its letters and digits are a-z and 0-9, which a non-Unicode pattern finds faster.
  return folded.split(ASCII.test(folded) ? /[^a-z0-9]+/ : /[^\p{L}\p{N}]+/u).filter(Boolean);
}

export function alnum(text: string): string {
  return fold(text).replace(/[^\p{L}\p{N}]/gu, '');
}

/** Runs of digits that may be split by up to two separator characters ("372-41-8806", "372 41 8806"). */
export function digitRuns(text: string): string[] {
  return digitRunsOf(fold(text));
}

function digitRunsOf(folded: string): string[] {
  if (ASCII.test(folded)) return (folded.match(/[0-9]+(?:[^a-z0-9]{1,2}[0-9]+)*/g) ?? []).map((r) => r.replace(/[^0-9]/g, ''));
  return (folded.match(/\p{N}+(?:[^\p{L}\p{N}]{1,2}\p{N}+)*/gu) ?? []).map((r) => r.replace(/[^\p{N}]/gu, ''));
}

/** A needle this short is too common to search for as a string; only its position is checked. */
export const MIN_SEARCHABLE = 4;

export interface PreparedText {
  tokens: string[];
  digitRuns: string[];
  /** Where each token stands in `tokens`, built on the first search: a page is searched for every needle. */
  at?: Map<string, number[]>;
}

export function prepare(text: string): PreparedText {
  const folded = fold(text);
  return { tokens: tokensOf(folded), digitRuns: digitRunsOf(folded) };
}

function positions(text: PreparedText): Map<string, number[]> {
  if (text.at) return text.at;
  const at = new Map<string, number[]>();
  text.tokens.forEach((t, i) => {
    const list = at.get(t);
    if (list) list.push(i);
    else at.set(t, [i]);
  });
  return (text.at = at);
}

interface NeedleForms {
  want: string[];
  joined: string;
  searchable: boolean;
  /** The needle's digits where `findNeedle` also looks for them alone (mostly digits, five or more), else empty. */
  digits: string;
}

/** A needle's folded forms, kept: the same needles are looked for on every page by every engine. */
const needleForms = new Map<string, NeedleForms>();

function formsOf(needle: string): NeedleForms {
  let forms = needleForms.get(needle);
  if (!forms) {
    if (needleForms.size > 10_000) needleForms.clear();
    const joined = alnum(needle);
    forms = { want: tokens(needle), joined, searchable: isSearchable(needle), digits: digitForm(joined) };
    needleForms.set(needle, forms);
  }
  return forms;
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
export function findNeedle(text: PreparedText, needle: string): NeedleMatch | undefined {
  const { want, joined, searchable, digits } = formsOf(needle);
  if (want.length === 0 || !searchable) return undefined;
  const at = positions(text);
  if (containsSequence(text.tokens, want, at)) return 'tokens';
  if (joined.length >= 6 && joinsTokens(text.tokens, joined, at)) return 'alnum';
  if (digits && text.digitRuns.some((r) => r.includes(digits))) return 'digits';
  return undefined;
}

/** A needle's digits when it is mostly digits, five or more (an SSN, a phone number), else empty. */
function digitForm(joined: string): string {
  const digits = joined.replace(/[^\p{N}]/gu, '');
  return digits.length >= 5 && digits.length >= joined.length * 0.6 ? digits : '';
}

export type NeedleMatch = 'tokens' | 'alnum' | 'digits';

/**
 * Each of `needles` that shows in `text`, with how (`findNeedle`'s answer for each), in the
 * needles' order. Every form `findNeedle` matches is a run of the text's letters and digits
 * once its separators are dropped (whole tokens in sequence, tokens run together, digits with
 * up to two separators between them), so a needle whose letters and digits are not in that
 * string, nor its digits where the digit form applies, cannot show: the text is split into
 * tokens and digit runs only when some needle passes that look. A verifier searches every page
 * of every engine for every removed string; nearly all pages hold none.
 */
export function findNeedles(text: string, needles: readonly string[]): { needle: string; how: NeedleMatch }[] {
  const folded = fold(text);
  const letters = lettersAndDigits(folded);
  let prepared: PreparedText | undefined;
  const out: { needle: string; how: NeedleMatch }[] = [];
  for (const needle of needles) {
    const { want, joined, searchable, digits } = formsOf(needle);
    if (want.length === 0 || !searchable) continue;
    if (!letters.includes(joined) && !(digits && letters.includes(digits))) continue;
    prepared ??= { tokens: tokensOf(folded), digitRuns: digitRunsOf(folded) };
    const how = findNeedle(prepared, needle);
    if (how) out.push({ needle, how });
  }
  return out;
}

const ASCII_LETTER_OR_DIGIT = Uint8Array.from({ length: 128 }, (_, c) => (/[\p{L}\p{N}]/u.test(String.fromCharCode(c)) ? 1 : 0));
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * `text` without what is not a letter or a digit, as `text.replace(/[^\p{L}\p{N}]+/gu, '')`
 * gives it: a character at a time for the few outside ASCII. A dash or a quote on every page
 * (a running header) keeps most pages off the ASCII path, where that Unicode pattern was most
 * of the text search's time.
 */
function lettersAndDigits(text: string): string {
  if (ASCII.test(text)) return text.replace(/[^a-z0-9]+/gi, '');
  let out = '';
  let from = -1;
  for (let i = 0; i < text.length; ) {
    const code = text.charCodeAt(i);
    let width = 1;
    let keep: boolean;
    if (code < 128) keep = ASCII_LETTER_OR_DIGIT[code] === 1;
    else {
      const point = text.codePointAt(i)!;
      width = point > 0xffff ? 2 : 1;
      keep = LETTER_OR_DIGIT.test(String.fromCodePoint(point));
    }
    if (keep) {
      if (from < 0) from = i;
    } else if (from >= 0) {
      out += text.slice(from, i);
      from = -1;
    }
    i += width;
  }
  return from >= 0 ? out + text.slice(from) : out;
}

/**
 * An original (unfolded) text seen as the verifier sees it: its letters and digits alone,
 * folded, each mapped back to where it stands in the original. Built once per document;
 * `needleRanges` then searches it with indexOf instead of a regular expression per needle.
 */
export interface TextIndex {
  /** Folded letters and digits, in order. */
  chars: string;
  /** For each of `chars`: start and end (exclusive) of its character in the original. */
  from: Int32Array;
  to: Int32Array;
}

export function indexText(text: string): TextIndex {
  // Typed arrays and the folded text built from char codes: a 100-page report's 300,000
  // characters went through a JavaScript array of one-letter strings and two of numbers, most
  // of the planner's time. Only a character outside ASCII can fold to more than one (a ligature).
  let codes = new Uint16Array(text.length + 16);
  let from = new Int32Array(codes.length);
  let to = new Int32Array(codes.length);
  let n = 0;
  for (let i = 0; i < text.length; ) {
    const code = text.charCodeAt(i);
    if (code < 128) {
      if ((code >= 48 && code <= 57) || (code >= 97 && code <= 122)) {
        codes[n] = code;
        from[n] = i;
        to[n++] = i + 1;
      } else if (code >= 65 && code <= 90) {
        codes[n] = code + 32;
        from[n] = i;
        to[n++] = i + 1;
      }
      i++;
      continue;
    }
    const point = text.codePointAt(i)!;
    const width = point > 0xffff ? 2 : 1;
    const folded = alnum(String.fromCodePoint(point));
    if (n + folded.length > codes.length) {
      const size = 2 * (n + folded.length);
      codes = grow(codes, new Uint16Array(size));
      from = grow(from, new Int32Array(size));
      to = grow(to, new Int32Array(size));
    }
    for (let k = 0; k < folded.length; k++) {
      codes[n] = folded.charCodeAt(k);
      from[n] = i;
      to[n++] = i + width;
    }
    i += width;
  }
  return { chars: fromCodes(codes, n), from: from.slice(0, n), to: to.slice(0, n) };
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The first `n` UTF-16 code units as a string: decoded whole (a spread of thousands of arguments is far slower). */
function fromCodes(codes: Uint16Array, n: number): string {
  if (littleEndian) return Buffer.from(codes.buffer, codes.byteOffset, n * 2).toString('utf16le');
  let out = '';
  for (let k = 0; k < n; k += 4096) out += String.fromCharCode(...codes.subarray(k, Math.min(n, k + 4096)));
  return out;
}

function grow<T extends Uint16Array | Int32Array>(old: T, bigger: T): T {
  bigger.set(old);
  return bigger;
}

/**
 * Where `needle` shows in the indexed text under the rules of `findNeedle`, as [start, end)
 * ranges of the original: whole tokens with any separators between them; for needles of six
 * or more letters and digits, the same characters with separators anywhere (an extractor's
 * split word); for mostly-digit needles, the digits with up to two separators between each,
 * inside longer numbers too. The planner boxes every range so the verifier finds none.
 */
export function needleRanges(index: TextIndex, needle: string): [number, number][] {
  const parts = tokens(needle);
  const joined = parts.join('');
  if (!joined) return [];
  const { chars, from, to } = index;
  // Adjacent in the original: no separator between the i-th and the next letter or digit (or both
  // come from one character, as "fi" from the ligature "ﬁ").
  const adjacent = (i: number) => to[i] === from[i + 1] || from[i] === from[i + 1];
  const ends = new Set<number>();
  for (let k = 0, acc = 0; k < parts.length - 1; k++) ends.add((acc += parts[k].length) - 1);
  const out: [number, number][] = [];
  for (let i = chars.indexOf(joined); i >= 0; i = chars.indexOf(joined, i + 1)) {
    const last = i + joined.length - 1;
    if ((i > 0 && adjacent(i - 1)) || (last + 1 < chars.length && adjacent(last))) continue;
    let whole = true;
    // Short needles are whole tokens: separators exactly where the needle has them.
    if (joined.length < 6) for (let p = 0; p < joined.length - 1 && whole; p++) whole = adjacent(i + p) !== ends.has(p);
    if (whole) out.push([from[i], to[last]]);
  }
  const digits = joined.replace(/[^\p{N}]/gu, '');
  if (digits.length >= 5 && digits.length >= joined.length * 0.6) {
    for (let i = chars.indexOf(digits[0]); i >= 0; i = chars.indexOf(digits[0], i + 1)) {
      let p = i;
      let k = 1;
      // The next digit must follow with at most two separators and no letter between.
      for (; k < digits.length && p + 1 < chars.length && chars[p + 1] === digits[k] && from[p + 1] - to[p] <= 2; k++) p++;
      if (k === digits.length && !out.some(([s, e]) => s <= from[i] && e >= to[p])) out.push([from[i], to[p]]);
    }
  }
  return out;
}

/**
 * Whether consecutive whole tokens spell `joined` ("gon" + "zalez"), never part of a longer word.
 * A run can only start at a token that is a prefix of `joined`: those are looked up, one per prefix length.
 */
function joinsTokens(haystack: string[], joined: string, at: Map<string, number[]>): boolean {
  for (let len = 1; len <= joined.length; len++) {
    for (const i of at.get(joined.slice(0, len)) ?? []) {
      let acc = haystack[i];
      for (let j = i + 1; acc.length < joined.length && j < haystack.length && joined.startsWith(acc + haystack[j]); j++) acc += haystack[j];
      if (acc === joined) return true;
    }
  }
  return false;
}

function containsSequence(haystack: string[], needle: string[], at: Map<string, number[]>): boolean {
  outer: for (const i of at.get(needle[0]) ?? []) {
    if (i + needle.length > haystack.length) continue;
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

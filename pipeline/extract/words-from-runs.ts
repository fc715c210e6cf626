/**
 * @module
 * Turns pdf.js text runs (often whole lines, baseline origin, PDF user space) into
 * words with boxes in displayed top-left points, grouped into lines in reading
 * order. Pure: the page geometry comes in as a function.
 *
 * Within a run, each character's x extent comes from the font's own glyph widths
 * (noted from the operator list) or, failing those, standard Helvetica/Times widths,
 * fitted so the run adds up to the width pdf.js measured: glyphs keep their width
 * and spaces take a justified line's stretch. Boxes then match `pdftotext -bbox`
 * to a fraction of a point (test/extract/box-accuracy.test.ts).
 *
 * Word breaks follow what pdf.js saw and the glyphs' geometry, as a reader would:
 * a space pdf.js reports between two runs (even a whitespace-only run, which is how
 * it marks a gap between separately placed words) is a break; runs that touch with
 * nothing between are one word ("Smith" + ","), unless the second overlaps the first
 * by more than kerning does or is a raised, smaller footnote marker ("statutory.¹");
 * and a letter-spaced heading ("D E P A R T M E N T   O F") is read as its words,
 * the wider gaps between letters being the word breaks.
 *
 * ```ts
 * const { runs, styles } = await page.textRuns();
 * const { glyphWidths } = await page.contentSummary();
 * const { text, words } = pageTextFromRuns(runs, styles, page.toTopLeft, glyphWidths);
 * ```
 */
import type { Box } from '../model/types.ts';
import { layoutLines } from '../model/page-text.ts';
import type { LaidWord } from '../model/page-text.ts';
import type { FontStyle, TextRun } from './pdfjs.ts';
import { charWidth } from './standard-widths.ts';
import type { FontClass } from './standard-widths.ts';

export type ToTopLeft = (x: number, y: number) => [number, number];

/** Real advance widths by font and character (from the operator list), when known. */
export type GlyphWidths = Record<string, Record<string, number>>;

/** Used when a font reports no usable ascent or descent (fractions of the font size). */
const fallbackAscent = 0.8;
const fallbackDescent = -0.2;
/** Runs whose baselines differ by less than this share of the font size sit on one line. */
const sameLineTolerance = 0.5;
/** Two runs touching within this share of the font size, with no space between, form one word… */
const joinGap = 0.15;
/** …unless the second starts this far back over the first: kerning pairs overlap less, separately placed words more. */
const joinOverlap = 0.05;
/** A footnote marker: smaller than its neighbour by this ratio and raised by this share of the neighbour's size. */
const markerSizeRatio = 0.85;
const markerRise = 0.15;
const footnoteMarker = /^[\d*†‡§¶]+$/u;
/**
 * Letter-spaced text: at least this many single letters in a row, each gap under
 * `spacedRowGap` of the font size, the smallest (between letters) under
 * `spacedMaxGap`, and some gaps clearly wider (the word breaks). Evenly spaced
 * letters stay apart: they may be single-letter words ("a b c d"), and when pdf.js
 * reports a letter-spaced line with one space everywhere, even gaps hide where its
 * words end ("DEPARTMENTOFHEALTH" would be worse than the letters).
 */
const spacedMinLetters = 4;
const spacedRowGap = 1.5;
const spacedMaxGap = 0.6;

interface Token {
  text: string;
  box: Box;
  /** Position along the line's direction in displayed points, for joining. */
  along0: number;
  along1: number;
  /** The token starts at the run's first character / ends at its last (no whitespace there). */
  atRunStart: boolean;
  atRunEnd: boolean;
  size: number;
  /** Distance of the baseline from the origin, perpendicular to the line: smaller is higher on the page. */
  offset: number;
}

interface RunGeometry {
  /** Unit direction of the baseline on the displayed page. */
  dir: [number, number];
  /** Distance of the baseline from the origin, perpendicular to `dir`. */
  offset: number;
  along0: number;
  along1: number;
  size: number;
}

/** Words in lines (reading order), ready for `layoutLines`. */
export function linesFromRuns(runs: TextRun[], styles: Record<string, FontStyle>, toTopLeft: ToTopLeft, glyphWidths: GlyphWidths = {}): LaidWord[][] {
  const lines: Token[][] = [];
  let current: { tokens: Token[]; geometry: RunGeometry } | undefined;
  let breakBefore = false;
  const measure = widthSource(styles, glyphWidths);
  const measured = runs.map((run) => naturalWidths(run, measure));
  const glyphScales = glyphScaleByFont(runs, measured);
  for (const [index, run] of runs.entries()) {
    const geometry = runGeometry(run, toTopLeft);
    if (geometry && run.text.trim() !== '') {
      const tokens = tokensOfRun(run, measured[index], styles[run.fontName], glyphScales.get(run.fontName) ?? 1, toTopLeft, geometry);
      if (current && !breakBefore && continuesLine(current.geometry, geometry)) {
        appendTokens(current.tokens, tokens);
        current.geometry = { ...current.geometry, along1: Math.max(current.geometry.along1, geometry.along1), size: Math.max(current.geometry.size, geometry.size) };
      } else {
        current = { tokens: [...tokens], geometry };
        lines.push(current.tokens);
      }
      breakBefore = false;
    } else if (geometry && current && !breakBefore && continuesLine(current.geometry, geometry)) {
      // pdf.js marks the gap between separately placed words with a whitespace-only run.
      const last = current.tokens[current.tokens.length - 1];
      if (last) current.tokens[current.tokens.length - 1] = { ...last, atRunEnd: false };
    }
    if (run.hasEOL) breakBefore = true;
  }
  // A word joined from runs may hold a combining accent its first run began with: composed here.
  return lines.map((line) => joinSpacedLetters(line).map((t) => ({ text: /\p{M}/u.test(t.text) ? t.text.normalize('NFC') : t.text, box: t.box })));
}

/** `Page.text` and words with offsets, from pdf.js runs. */
export function pageTextFromRuns(runs: TextRun[], styles: Record<string, FontStyle>, toTopLeft: ToTopLeft, glyphWidths: GlyphWidths = {}) {
  return layoutLines(linesFromRuns(runs, styles, toTopLeft, glyphWidths));
}

function runGeometry(run: TextRun, toTopLeft: ToTopLeft): RunGeometry | undefined {
  const [a, b, c, d, e, f] = run.transform;
  const advance = Math.hypot(a, b);
  const size = Math.hypot(c, d) || advance;
  if (!(advance > 0) || !(size > 0) || !Number.isFinite(e) || !Number.isFinite(f)) return undefined;
  const p0 = toTopLeft(e, f);
  const p1 = toTopLeft(e + a / advance, f + b / advance);
  const len = Math.hypot(p1[0] - p0[0], p1[1] - p0[1]);
  const dir: [number, number] = [(p1[0] - p0[0]) / len, (p1[1] - p0[1]) / len];
  const along0 = p0[0] * dir[0] + p0[1] * dir[1];
  return { dir, offset: p0[1] * dir[0] - p0[0] * dir[1], along0, along1: along0 + Math.abs(run.width), size };
}

function continuesLine(line: RunGeometry, next: RunGeometry): boolean {
  const sameDirection = line.dir[0] * next.dir[0] + line.dir[1] * next.dir[1] > 0.99;
  const size = Math.max(line.size, next.size);
  return sameDirection && Math.abs(line.offset - next.offset) < sameLineTolerance * size && next.along0 > line.along1 - size;
}

function appendTokens(line: Token[], tokens: Token[]): void {
  for (const token of tokens) {
    const last = line[line.length - 1];
    if (last && last.atRunEnd && token.atRunStart && continuesWord(last, token)) line[line.length - 1] = joined(last, token);
    else line.push(token);
  }
}

/** Whether a token drawn by the next run, with no space between, goes on the previous word. */
function continuesWord(last: Token, token: Token): boolean {
  const size = Math.max(last.size, token.size);
  const gap = token.along0 - last.along1;
  // An accent drawn back over the letter before it ("Age" then "ˆncia") belongs to that letter.
  if (/^\p{M}/u.test(token.text) && gap < 0 && gap > -size) return true;
  if (gap >= joinGap * size || gap <= -joinOverlap * size) return false;
  return !isMarkerOf(token, last) && !isMarkerOf(last, token);
}

/** `marker` is a footnote mark set small and raised beside `word`. */
function isMarkerOf(marker: Token, word: Token): boolean {
  return marker.size < markerSizeRatio * word.size && word.offset - marker.offset > markerRise * word.size && footnoteMarker.test(marker.text.replace(/[.,;:)]+$/u, ''));
}

function joined(a: Token, b: Token): Token {
  return {
    ...a,
    text: a.text + b.text,
    box: [Math.min(a.box[0], b.box[0]), Math.min(a.box[1], b.box[1]), Math.max(a.box[2], b.box[2]), Math.max(a.box[3], b.box[3])],
    along1: b.along1,
    atRunEnd: b.atRunEnd,
    size: Math.max(a.size, b.size),
  };
}

/** Spacing accents some PDFs draw as glyphs of their own after the letter, and the combining marks they stand for. */
const combiningOf: Record<string, string> = {
  '\u02c6': '\u0302', // ˆ circumflex
  '\u02dc': '\u0303', // ˜ tilde
  '\u00b8': '\u0327', // ¸ cedilla
  '\u00b4': '\u0301', // ´ acute
  '\u0060': '\u0300', // ` grave
  '\u00a8': '\u0308', // ¨ diaeresis
  '\u02c7': '\u030c', // ˇ caron
  '\u02d8': '\u0306', // ˘ breve
  '\u02d9': '\u0307', // ˙ dot above
  '\u02dd': '\u030b', // ˝ double acute
  '\u02db': '\u0328', // ˛ ogonek
  '\u00af': '\u0304', // ¯ macron
  '\u02da': '\u030a', // ˚ ring above
};
const accents = Object.keys(combiningOf).join('');
/** An accent after a letter, or starting a piece of a word (its letter ended the run before). */
const accentOnLetter = new RegExp(`(?<=\\p{L})[${accents}]|^[${accents}](?=\\p{L})`, 'gu');

/**
 * "Aviac¸a˜o" → "Aviac\u0327a\u0303o": an accent drawn after its letter becomes the
 * combining mark it stands for, before NFKC would make it a space and a mark. A lone
 * accent (a backtick in code) stays as it is.
 */
function accentsAsMarks(text: string): string {
  return text.replace(accentOnLetter, (accent) => combiningOf[accent]);
}

const singleLetter = /^\p{L}\p{M}*$/u;

/**
 * Letter-spaced text comes out of pdf.js as one "word" a letter ("D E P A R T M E N T"):
 * in a row of single letters set close together, the smallest gap is the spacing
 * between letters, and only clearly wider gaps are word breaks, as pdftotext reads
 * it. Digits are left alone (a form's "1 2 3 4 5" scale is five answers).
 */
function joinSpacedLetters(line: Token[]): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < line.length) {
    let j = i;
    while (j + 1 < line.length && singleLetter.test(line[j].text) && singleLetter.test(line[j + 1].text) && gapBetween(line[j], line[j + 1]) <= spacedRowGap * line[j].size) j++;
    // Too few letters in a row to be letter-spaced: the word as it is (most words of a page).
    if (j - i + 1 < spacedMinLetters) {
      out.push(line[i]);
      i++;
      continue;
    }
    const gaps = line.slice(i, j).map((t, k) => gapBetween(t, line[i + k + 1]));
    const size = line[i].size;
    const letterGap = Math.max(0, Math.min(...gaps));
    const wordBreak = Math.max(1.5 * letterGap, letterGap + 0.1 * size);
    const spaced = j - i + 1 >= spacedMinLetters && letterGap <= spacedMaxGap * size && gaps.some((gap) => gap > wordBreak);
    if (!spaced) {
      out.push(line[i]);
      i++;
      continue;
    }
    let word = line[i];
    gaps.forEach((gap, k) => {
      const next = line[i + k + 1];
      if (gap > wordBreak) {
        out.push(word);
        word = next;
      } else word = joined(word, next);
    });
    out.push(word);
    i = j + 1;
  }
  return out;
}

function gapBetween(a: Token, b: Token): number {
  return b.along0 - a.along1;
}

function fontClassOf(style: FontStyle | undefined): FontClass {
  const family = style?.fontFamily ?? '';
  if (/mono/i.test(family)) return 'monospace';
  if (/sans/i.test(family)) return 'sans-serif';
  return 'serif';
}

function verticalMetrics(style: FontStyle | undefined): { ascent: number; descent: number } {
  const ascent = style?.ascent;
  const descent = style?.descent;
  const usable = ascent !== undefined && descent !== undefined && ascent > 0.3 && ascent < 1.5 && descent <= 0 && descent > -0.8;
  return usable ? { ascent, descent } : { ascent: fallbackAscent, descent: fallbackDescent };
}

const whitespace = /\s/u;
/** Called for every character of a page, so ASCII (nearly all of them) skips the regular expression. */
function isSpace(ch: string): boolean {
  const code = ch.charCodeAt(0);
  if (code < 0x80) return code === 32 || (code >= 9 && code <= 13);
  return whitespace.test(ch);
}

/** Widths of characters in a font, in 1/1000 em. */
type Measure = (fontName: string) => (char: string) => number;

/**
 * The font's own widths where the page drew that character, else the standard
 * font of its class. Own widths are rescaled to 1/1000 em by their ratio to the
 * standard widths of the characters both know, so the two can be mixed in a run.
 */
function widthSource(styles: Record<string, FontStyle>, glyphWidths: GlyphWidths): Measure {
  const unit = new Map<string, number>();
  for (const [font, widths] of Object.entries(glyphWidths)) {
    const fontClass = fontClassOf(styles[font]);
    let own = 0;
    let standard = 0;
    for (const [ch, w] of Object.entries(widths)) {
      own += w;
      standard += charWidth(fontClass, ch);
    }
    if (own > 0 && standard > 0) unit.set(font, standard / own);
  }
  // One table per font, filled as characters come: a page asks the same few dozen characters thousands of times.
  const tables = new Map<string, (char: string) => number>();
  return (font) => {
    let widthOf = tables.get(font);
    if (widthOf) return widthOf;
    const own = glyphWidths[font] ?? {};
    const scale = unit.get(font) ?? 0;
    const fontClass = fontClassOf(styles[font]);
    const known = new Map<string, number>();
    widthOf = (ch) => {
      let width = known.get(ch);
      if (width === undefined) {
        const ownWidth = own[ch];
        width = ownWidth !== undefined && scale > 0 ? ownWidth * scale : charWidth(fontClass, ch);
        known.set(ch, width);
      }
      return width;
    };
    tables.set(font, widthOf);
    return widthOf;
  };
}

/** Natural widths of a run's characters, in user-space units at the run's size. */
interface Measured {
  chars: string[];
  widths: number[];
}

function naturalWidths(run: TextRun, measure: Measure): Measured {
  const chars = [...run.text];
  const em = Math.hypot(run.transform[0], run.transform[1]) / 1000;
  const widthOf = measure(run.fontName);
  return { chars, widths: chars.map((ch) => widthOf(ch) * em) };
}

/**
 * How much wider each font's glyphs are than the standard widths. Justified lines
 * stretch only their spaces, so a low quantile of (measured / standard) over a
 * font's runs estimates the glyphs' own scale; the stretch is then given to spaces.
 */
function glyphScaleByFont(runs: TextRun[], measured: Measured[]): Map<string, number> {
  const ratios = new Map<string, number[]>();
  runs.forEach((run, index) => {
    const { chars, widths } = measured[index];
    let glyphs = 0;
    for (const ch of chars) if (!isSpace(ch)) glyphs++;
    if (glyphs < 4) return;
    const natural = widths.reduce((sum, w) => sum + w, 0);
    if (!(natural > 0 && run.width > 0)) return;
    const list = ratios.get(run.fontName);
    if (list) list.push(Math.abs(run.width) / natural);
    else ratios.set(run.fontName, [Math.abs(run.width) / natural]);
  });
  const scales = new Map<string, number>();
  for (const [font, values] of ratios) {
    values.sort((x, y) => x - y);
    scales.set(font, values[Math.floor(values.length * 0.2)]);
  }
  return scales;
}

/**
 * Advance of each character so they add up to the run's measured width: glyphs at
 * the font's scale and spaces taking the rest, or everything scaled alike when
 * that does not fit (no spaces, or glyphs wider than the run).
 */
function fittedWidths(chars: string[], natural: number[], runWidth: number, glyphScale: number): number[] {
  let glyphs = 0;
  let spaces = 0;
  chars.forEach((ch, i) => {
    if (isSpace(ch)) spaces++;
    else glyphs += natural[i];
  });
  const slack = runWidth - glyphs * glyphScale;
  if (spaces > 0 && slack >= 0) return chars.map((ch, i) => (isSpace(ch) ? slack / spaces : natural[i] * glyphScale));
  const total = natural.reduce((sum, w) => sum + w, 0);
  return total > 0 ? natural.map((w) => (w * runWidth) / total) : natural.map(() => 0);
}

/** Widens `box` to take in the point. */
function corner(box: Box, [x, y]: [number, number]): void {
  if (x < box[0]) box[0] = x;
  if (y < box[1]) box[1] = y;
  if (x > box[2]) box[2] = x;
  if (y > box[3]) box[3] = y;
}

/** Splits one run on whitespace and boxes each piece. */
function tokensOfRun(run: TextRun, { chars, widths: natural }: Measured, style: FontStyle | undefined, glyphScale: number, toTopLeft: ToTopLeft, geometry: RunGeometry): Token[] {
  const widths = fittedWidths(chars, natural, Math.abs(run.width), glyphScale);
  const [a, b, c, d, e, f] = run.transform;
  const advance = Math.hypot(a, b);
  const ux = a / advance;
  const uy = b / advance;
  const upLength = Math.hypot(c, d) || advance;
  // The glyph's up direction in user space; for unskewed text it is perpendicular to the baseline.
  const vx = Math.hypot(c, d) ? c / upLength : -uy;
  const vy = Math.hypot(c, d) ? d / upLength : ux;
  const { ascent, descent } = verticalMetrics(style);
  const top = ascent * geometry.size;
  const bottom = descent * geometry.size;

  // The four corners in the order u0/bottom, u0/top, u1/bottom, u1/top; unrolled, as this runs for every word of a page.
  const boxOf = (u0: number, u1: number): Box => {
    const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
    corner(box, toTopLeft(e + u0 * ux + bottom * vx, f + u0 * uy + bottom * vy));
    corner(box, toTopLeft(e + u0 * ux + top * vx, f + u0 * uy + top * vy));
    corner(box, toTopLeft(e + u1 * ux + bottom * vx, f + u1 * uy + bottom * vy));
    corner(box, toTopLeft(e + u1 * ux + top * vx, f + u1 * uy + top * vy));
    return box;
  };

  const tokens: Token[] = [];
  let position = 0;
  let start = -1;
  let startPosition = 0;
  // Where the token starts and where the character being read starts in `run.text` (UTF-16 units): a code point may take two.
  let startOffset = 0;
  let offset = 0;
  const close = (endIndex: number) => {
    const raw = run.text.slice(startOffset, offset);
    // NFKC turns ligatures (ﬁ) and compatibility forms into plain letters; ASCII needs none.
    const text = /[^\x00-\x7f]/.test(raw) ? accentsAsMarks(raw).normalize('NFKC') : raw;
    if (text.trim() !== '') {
      tokens.push({
        text,
        box: boxOf(startPosition, position),
        along0: geometry.along0 + startPosition,
        along1: geometry.along0 + position,
        atRunStart: start === 0,
        atRunEnd: endIndex === chars.length,
        size: geometry.size,
        offset: geometry.offset,
      });
    }
    start = -1;
  };
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    const white = isSpace(ch);
    if (white && start >= 0) close(i);
    if (!white && start < 0) {
      start = i;
      startPosition = position;
      startOffset = offset;
    }
    position += widths[i];
    offset += ch.length;
  }
  if (start >= 0) close(chars.length);
  return tokens;
}

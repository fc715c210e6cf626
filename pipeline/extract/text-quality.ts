/**
 * @module
 * Decides whether a PDF page's text layer can be trusted or the page must be OCRed:
 * no text at all, only an invisible OCR layer of unknown quality, a scan with just
 * a stamp of text on it, or text that decodes to garbage (fonts without a Unicode
 * mapping). Pure: it reads the extracted text and a summary of what the page draws.
 */
import type { ContentSummary } from './pdfjs.ts';

export type TextVerdict =
  | { use: 'text' }
  | { use: 'ocr'; reason: 'no-text' | 'invisible-text' | 'scan-with-stamp' | 'garbage'; detail: string };

/** A page mostly covered by images with less text than this is a scan with a stamp (an ECF header, a Bates number). */
const stampCharacters = 300;
const scanCoverage = 0.5;
/** Garbage when more than this share of characters are control, replacement or private-use characters… */
const maxBadCharacterShare = 0.05;
/** …or fewer than this share of tokens read as words or numbers. */
const minPlausibleTokenShare = 0.5;
/** Too few tokens to judge garbage by. */
const minTokensToJudge = 8;

const vowel = /[aeiouyàâäéèêëîïôöùûüÿæœ]/iu;

/** A token that reads like a word, a number, an abbreviation or ordinary punctuation. */
export function isPlausibleToken(token: string): boolean {
  const core = token.replace(/^[("'“‘\[¶§•*–—-]+|[)"'”’\].,;:!?*]+$/gu, '');
  if (core === '') return /^[\p{P}\p{S}]{1,3}$/u.test(token);
  if (/^[$€£]?[\d][\d,./:%-]*$/u.test(core)) return true;
  if (/^\p{L}$/u.test(core)) return true;
  if (/^(\p{L}\.)+\p{L}?$/u.test(core)) return true; // U.S., e.g
  if (!/^[\p{L}\p{M}]+(['’-][\p{L}\p{M}]+)*$/u.test(core)) return /^[\p{L}\d-]+$/u.test(core) && /\d/.test(core) && /\p{L}/u.test(core); // 12cv5708, A-10
  // Without a vowel: acronyms (FBI, NCSC) and short abbreviations (Mr, Dkt, St).
  if (/^[\p{Script=Latin}\p{M}'’-]+$/u.test(core) && !vowel.test(core)) return core.length <= (/^\p{Lu}+$/u.test(core) ? 5 : 4);
  return !/(.)\1\1/u.test(core.toLowerCase());
}

export function judgeTextLayer(text: string, summary: Pick<ContentSummary, 'visibleGlyphs' | 'invisibleGlyphs' | 'imageCoverage'>): TextVerdict {
  // Counted in one pass rather than an array of characters: this runs on every page.
  const characterCount = countVisible(text);
  if (characterCount === 0) return { use: 'ocr', reason: 'no-text', detail: 'the page has no text layer' };
  if (summary.invisibleGlyphs > 0 && summary.invisibleGlyphs >= summary.visibleGlyphs) {
    return { use: 'ocr', reason: 'invisible-text', detail: `its text is an invisible layer (${summary.invisibleGlyphs} glyphs in render mode 3), likely OCR of unknown quality` };
  }
  if (summary.imageCoverage >= scanCoverage && characterCount < stampCharacters) {
    return {
      use: 'ocr',
      reason: 'scan-with-stamp',
      detail: `images cover ${Math.round(summary.imageCoverage * 100)}% of it and it has only ${characterCount} characters of text`,
    };
  }
  const bad = countBad(text);
  if (bad / characterCount > maxBadCharacterShare) {
    return { use: 'ocr', reason: 'garbage', detail: `${Math.round((bad / characterCount) * 100)}% of its text characters are control or replacement characters` };
  }
  const tokens = text.split(/\s+/u).filter(Boolean);
  if (tokens.length >= minTokensToJudge) {
    // Pages repeat their words; each distinct token is judged once.
    const judged = new Map<string, boolean>();
    const plausibleToken = (token: string) => {
      let verdict = judged.get(token);
      if (verdict === undefined) judged.set(token, (verdict = isPlausibleToken(token)));
      return verdict;
    };
    const plausible = tokens.filter(plausibleToken).length / tokens.length;
    if (plausible < minPlausibleTokenShare) {
      return { use: 'ocr', reason: 'garbage', detail: `only ${Math.round(plausible * 100)}% of its text reads as words or numbers` };
    }
  }
  return { use: 'text' };
}


/**
 * Whitespace as `\s` reads it (ECMAScript WhiteSpace and LineTerminator): every character
 * but these counts as visible. A loop over char codes, because a regular expression
 * matching nearly every character costs a call per character.
 */
function isWhitespaceCode(code: number): boolean {
  if (code < 0x80) return code === 32 || (code >= 9 && code <= 13);
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** Characters other than whitespace, counted by code point as `/\S/gu` counts them (a surrogate pair is one). */
export function countVisible(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count++;
        i++;
        continue;
      }
    }
    if (!isWhitespaceCode(code)) count++;
  }
  return count;
}

/**
 * Control characters other than whitespace, private-use characters, lone surrogates and
 * U+FFFD, counted by code point as `/(?!\s)[\p{Cc}\p{Co}\p{Cs}\uFFFD]/gu` counts them: in one
 * loop, since that expression's look-ahead costs a step at every character of the page.
 */
export function countBad(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        // Planes 15 and 16 are private use but for their last two code points (noncharacters).
        const point = ((code - 0xd800) << 10) + (next - 0xdc00) + 0x10000;
        if (point >= 0xf0000 && (point & 0xffff) <= 0xfffd) count++;
        i++;
      } else count++; // a lone surrogate
      continue;
    }
    if (((code < 0x20 || (code >= 0x7f && code <= 0x9f)) && !isWhitespaceCode(code)) || (code >= 0xe000 && code <= 0xf8ff) || code === 0xfffd) count++;
  }
  return count;
}

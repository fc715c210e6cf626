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

/** Control (other than whitespace), private-use, lone surrogate or replacement characters. */
const badCharacters = /(?!\s)[\p{Cc}\p{Co}\p{Cs}\uFFFD]/gu;
const visibleCharacters = /\S/gu;
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
  // Counted by one regular-expression pass each rather than an array of characters: this runs on every page.
  const characterCount = countMatches(text, visibleCharacters);
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
  const bad = countMatches(text, badCharacters);
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

function countMatches(text: string, pattern: RegExp): number {
  let count = 0;
  pattern.lastIndex = 0;
  while (pattern.exec(text) !== null) count++;
  return count;
}

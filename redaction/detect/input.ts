/**
 * @module
 * What every detector reads: one document's text (pages joined by "\f"), a copy
 * with OCR digit confusions repaired, and the NLP analysis, parsed at most once
 * per page and shared by every detector that asks for it.
 */
import { documentText } from '../../pipeline/model/document-text.ts';
import type { Document } from '../../pipeline/model/types.ts';
import { analyze } from './nlp.ts';
import type { NlpTerm } from './nlp.ts';

export interface DetectInput {
  document: Document;
  text: string;
  pageStarts: number[];
  /** Same length as `text`: inside number-like tokens of OCR pages, O→0, l/I→1, S→5, B→8. */
  digitText: string;
  /** Terms of the whole document with tags, in document offsets; computed on first call. */
  terms(): NlpTerm[];
}

export function prepareInput(document: Document): DetectInput {
  const { text, pageStarts } = documentText(document);
  let digitText = text;
  if (document.pages.some((p) => p.source === 'ocr')) {
    const parts = document.pages.map((p) => (p.source === 'ocr' ? repairOcrDigits(p.text) : p.text));
    digitText = parts.join('\f');
  }
  let terms: NlpTerm[] | undefined;
  return {
    document,
    text,
    pageStarts,
    digitText,
    terms() {
      terms ??= document.pages.flatMap((page, i) => analyze(page.text).map((t) => ({ ...t, start: t.start + pageStarts[i], end: t.end + pageStarts[i] })));
      return terms;
    },
  };
}

const CONFUSABLE: Record<string, string> = { O: '0', o: '0', l: '1', I: '1', '|': '1', S: '5', B: '8' };

/**
 * Repairs letters that OCR reads in place of digits, only where a letter touches
 * digits inside a token ("372-4l-88O6" → "372-41-8806"), so words stay as read.
 */
export function repairOcrDigits(text: string): string {
  return text.replace(/\S+/g, (token) => {
    if (!/\d/.test(token)) return token;
    const chars = [...token];
    let changed = true;
    while (changed) {
      changed = false;
      for (let i = 0; i < chars.length; i++) {
        const digit = CONFUSABLE[chars[i]];
        if (digit && (/\d/.test(chars[i - 1] ?? '') || /\d/.test(chars[i + 1] ?? ''))) {
          chars[i] = digit;
          changed = true;
        }
      }
    }
    const out = chars.join('');
    return out.length === token.length ? out : token;
  });
}

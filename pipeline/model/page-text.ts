/**
 * @module
 * Builds `Page.text` and each word's offsets from words grouped in lines, so the
 * text-layer and OCR adapters share one layout and offsets are set once, here.
 */
import type { Box, Word } from './types.ts';

export interface LaidWord {
  text: string;
  box: Box;
  confidence?: number;
}

/** Lines in reading order, each a list of words in reading order. Empty words are dropped. */
export function layoutLines(lines: LaidWord[][]): { text: string; words: Word[] } {
  const words: Word[] = [];
  let text = '';
  let lineIndex = 0;
  for (const line of lines) {
    const kept = line.filter((w) => w.text.trim() !== '');
    if (kept.length === 0) continue;
    if (words.length > 0) text += '\n';
    kept.forEach((w, i) => {
      if (i > 0) text += ' ';
      const clean = w.text.trim();
      const word: Word = { text: clean, box: w.box, start: text.length, end: text.length + clean.length, line: lineIndex };
      if (w.confidence !== undefined) word.confidence = w.confidence;
      words.push(word);
      text += clean;
    });
    lineIndex++;
  }
  return { text, words };
}

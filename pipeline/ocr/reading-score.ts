/**
 * @module
 * How well a page read, 0..1, for choosing between orientations: the mean
 * confidence of the words, each weighted by its length, so that a few
 * confident specks do not outvote lines of text.
 */
import type { PixelWord } from './tesseract.ts';

export function readingScore(lines: PixelWord[][]): number {
  let weighted = 0;
  let chars = 0;
  for (const line of lines) {
    for (const word of line) {
      weighted += word.confidence * word.text.length;
      chars += word.text.length;
    }
  }
  return chars === 0 ? 0 : weighted / chars;
}

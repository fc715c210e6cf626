/**
 * @module
 * Snapping a box drawn by hand to the words it touches, and finding a phrase
 * in a document: both give boxes that cover whole words, one per line, because
 * a box that leaves part of a word readable is a leak.
 */
import { isMostlyInside, overlapArea, unionBox } from '../model/document-text.ts';
import type { Box, Page, PageBox } from '../model/types.ts';

/** Share of a word's area the drawn box must cover for the word to be taken. */
const MIN_COVER = 0.25;


/**
 * The drawn box grown to the whole words it covers, one box per line. Where it
 * covers no word (a signature, a photo) the drawn box is kept as drawn.
 */
export function snapToWords(page: Pick<Page, 'number' | 'words'>, drawn: Box): PageBox[] {
  const lines = new Map<number, Box>();
  for (const word of page.words) {
    const area = (word.box[2] - word.box[0]) * (word.box[3] - word.box[1]);
    if (area <= 0 || overlapArea(word.box, drawn) / area < MIN_COVER) continue;
    const prev = lines.get(word.line);
    lines.set(word.line, prev ? unionBox(prev, word.box) : [...word.box]);
  }
  if (lines.size === 0) return [{ page: page.number, box: drawn }];
  return [...lines.entries()].sort((a, b) => a[0] - b[0]).map(([, box]) => ({ page: page.number, box }));
}

/** The words under a set of boxes: one definition, shared with the removal expectation. */
export { textUnder } from '../../redaction/expectation.ts';

/** True when every box of `candidate` lies mostly inside some box of `existing` (already redacted). */
export function alreadyCovered(candidate: readonly PageBox[], existing: readonly PageBox[]): boolean {
  return candidate.every((c) => isMostlyInside(c.box, existing.filter((e) => e.page === c.page).map((e) => e.box)));
}

/**
 * @module
 * When a word counts as under a redaction box. One rule, shared by the writer
 * (which leaves covered words out of the text layer) and the verifier (which
 * treats any text it finds there as a leak), so the two can never disagree.
 */
import type { Box, Page, PageBox, Word } from '../../pipeline/model/types.ts';

/**
 * A word is covered when the box meets at least a third of its height and at
 * least half a point of its width: a box over one letter hides that letter in
 * the pixels, so the whole word must leave the text layer too. Boxes that only
 * graze the line above or below (overlapping ascenders) do not count.
 */
export function isCovered(word: Box, box: Box): boolean {
  const w = Math.min(word[2], box[2]) - Math.max(word[0], box[0]);
  const h = Math.min(word[3], box[3]) - Math.max(word[1], box[1]);
  const height = Math.max(word[3] - word[1], 0.1);
  return w >= 0.5 && h >= height / 3;
}

export function coveredByAny(word: Box, boxes: Box[]): boolean {
  return boxes.some((b) => isCovered(word, b));
}

/** Boxes of one page, from a list over many pages. */
export function boxesOnPage(boxes: PageBox[], page: number): Box[] {
  return boxes.filter((b) => b.page === page).map((b) => b.box);
}

/** The words of a page that lie under any of the boxes. */
export function coveredWords(page: Page, boxes: Box[]): Word[] {
  return page.words.filter((w) => coveredByAny(w.box, boxes));
}

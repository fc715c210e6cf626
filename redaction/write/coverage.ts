/**
 * @module
 * When a word counts as under a redaction box. One rule, shared by the writer
 * (which leaves covered words out of the text layer) and the verifier (which
 * treats any text it finds there as a leak), with the writer's threshold well
 * inside the verifier's, so a kept word can never come back as a leak.
 */
import type { Box, Page, PageBox, Word } from '../../pipeline/model/types.ts';

/**
 * A word is covered when the box meets at least `share` of its height and at
 * least half a point of its width: a box over one letter hides that letter in
 * the pixels, so the whole word must leave the text layer too. Boxes that only
 * graze the line above or below (overlapping ascenders) do not count.
 */
export function isCovered(word: Box, box: Box, share = VERIFY_SHARE): boolean {
  const w = Math.min(word[2], box[2]) - Math.max(word[0], box[0]);
  const h = Math.min(word[3], box[3]) - Math.max(word[1], box[1]);
  const height = Math.max(word[3] - word[1], 0.1);
  return w >= 0.5 && h >= height * share;
}

/** The verifier's rule: half the word's height (its middle) under the box. */
export const VERIFY_SHARE = 1 / 2;
/**
 * The writer drops words at a quarter already. An extractor re-measures each kept word from its own font
 * metrics (pdf.js's Helvetica stands a few points taller than ours), so a word the writer kept must stay
 * clearly below the verifier's rule, never at its edge.
 */
export const WRITE_SHARE = 1 / 4;

export function coveredByAny(word: Box, boxes: Box[], share = VERIFY_SHARE): boolean {
  return boxes.some((b) => isCovered(word, b, share));
}

/** Boxes of one page, from a list over many pages. */
export function boxesOnPage(boxes: PageBox[], page: number): Box[] {
  return boxes.filter((b) => b.page === page).map((b) => b.box);
}

/** The words of a page that lie under any of the boxes. */
export function coveredWords(page: Page, boxes: Box[]): Word[] {
  return page.words.filter((w) => coveredByAny(w.box, boxes));
}

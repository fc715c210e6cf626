/**
 * @module
 * How wide a drawn box is. A box exactly as wide as the value it hides tells the
 * reader the value's length in the font, which is enough to tell short values
 * apart (a two-letter given name from a five-letter one; one account number format
 * from another). So each box is widened to at least MIN_EMS line heights and then
 * to a whole number of line heights, into the free space beside it: never over a
 * word that stays, never off the page. Where neighbours leave no room (running
 * text) the box stays as it is, and what its width and the position of the next
 * word tell is no more than the raster path has always told.
 */
import type { Box } from '../../pipeline/model/types.ts';

/** Minimum width of a box, in line heights (about eight average characters). */
export const MIN_EMS = 4;
/** Room left between a widened box and a word that stays, in points. */
const CLEARANCE_PT = 1.5;

export function quantizedBox(box: Box, kept: Box[], page: { width: number }): Box {
  const h = Math.max(box[3] - box[1], 1);
  const w = box[2] - box[0];
  const target = Math.ceil(Math.max(w, MIN_EMS * h) / h - 1e-6) * h;
  if (target <= w) return box;
  // Words that share the box's line limit how far it may grow on either side.
  const sameLine = kept.filter((k) => Math.min(k[3], box[3]) - Math.max(k[1], box[1]) > 0.1 * Math.min(h, k[3] - k[1]));
  const leftLimit = Math.max(0, ...sameLine.filter((k) => k[2] <= box[0] + 0.5).map((k) => k[2] + CLEARANCE_PT));
  const rightLimit = Math.min(page.width, ...sameLine.filter((k) => k[0] >= box[2] - 0.5).map((k) => k[0] - CLEARANCE_PT));
  let grow = target - w;
  const right = Math.max(0, Math.min(grow, rightLimit - box[2]));
  grow -= right;
  const left = Math.max(0, Math.min(grow, box[0] - leftLimit));
  return [box[0] - left, box[1], box[2] + right, box[3]];
}

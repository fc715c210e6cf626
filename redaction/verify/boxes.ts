/**
 * @module
 * The verifier's own geometry, independent of the writer's: when an extracted
 * word counts as under a redaction box, and which expected boxes form one drawn
 * shape. The verifier judges the output as any reader would, from the redaction
 * list and what it sees, so it never borrows the writer's rules.
 */
import type { Box } from '../../pipeline/model/types.ts';
import type { ExpectedBox } from './verify-pdf.ts';

/**
 * A word is under a box when the box covers the middle of its height (at least half
 * of it) and any visible part of its width (half a point): a box over one letter
 * hides that letter, so the word must not be extractable there at all.
 */
export function isUnder(word: Box, box: Box): boolean {
  const across = Math.min(word[2], box[2]) - Math.max(word[0], box[0]);
  const down = Math.min(word[3], box[3]) - Math.max(word[1], box[1]);
  return across >= 0.5 && down >= Math.max(word[3] - word[1], 0.1) / 2;
}

/**
 * The shapes the boxes of one page make: boxes that overlap (any shared area) are one
 * shape, carrying every code of its boxes, since a writer may draw them as one box
 * with one label. Boxes that only touch stay apart.
 */
export function shapes(boxes: readonly ExpectedBox[]): ExpectedBox[] {
  const out: { page: number; box: Box; codes: string[] }[] = [];
  for (const b of boxes) {
    let shape = { page: b.page, box: [...b.box] as Box, codes: b.code ? [b.code] : [] };
    for (let i = out.length - 1; i >= 0; i--) {
      const o = out[i];
      if (o.page !== shape.page || !overlaps(o.box, shape.box)) continue;
      shape = { page: o.page, box: [Math.min(o.box[0], shape.box[0]), Math.min(o.box[1], shape.box[1]), Math.max(o.box[2], shape.box[2]), Math.max(o.box[3], shape.box[3])], codes: [...o.codes, ...shape.codes] };
      out.splice(i, 1);
      // The grown shape may now reach shapes it did not before: look again from the end.
      i = out.length;
    }
    out.push(shape);
  }
  return out.map((s) => ({ page: s.page, box: s.box, ...(s.codes.length ? { code: [...new Set(s.codes)].join(', ') } : {}) }));
}

function overlaps(a: Box, b: Box): boolean {
  return Math.min(a[2], b[2]) > Math.max(a[0], b[0]) && Math.min(a[3], b[3]) > Math.max(a[1], b[1]);
}

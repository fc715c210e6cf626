/**
 * @module
 * Where the text after a removed value goes on the surgical path. Left where it
 * was, the first word after a box starts exactly the removed value's width after
 * the word before it, and that width tells short values apart even under a wide
 * box (glyph-position deredaction, Bland et al., PETS 2023). So on a line that
 * holds one box, the box takes the width the box-width rule gives it (at least
 * MIN_EMS line heights, then whole line heights) and the rest of the line is moved
 * to start just after it: the first kept word then lies at the box's left edge plus
 * that width plus the original word gap, whatever the value was. PDFium then draws
 * every kept glyph of the changed text objects alone, at an absolute position
 * (`pdfium.ts`), so no kerning number keeps the old advance either.
 *
 * A line with several boxes, a box taller than its line, or one with nothing after
 * it keeps the free-space rule of `box-width.ts`.
 */
import type { Box } from '../../pipeline/model/types.ts';
import { MIN_EMS, quantizedBox } from './box-width.ts';

export interface Shift {
  /** The box as it was placed on the original page (top-left points). */
  box: Box;
  /** Text on the box's line starting at or right of this x (the box's right edge) moves. */
  fromX: number;
  dx: number;
}

export interface Layout {
  drawn: { box: Box; code: string }[];
  shifts: Shift[];
}

/** Room left before the page's edge when a line is moved right, in points. */
const EDGE_PT = 1;

/**
 * The drawn boxes of a surgical page and the line shifts that go with them.
 * `merged`: the page's boxes, overlapping ones of a line merged; `kept`: the boxes
 * of the words that stay.
 */
export function layoutLines(boxes: { box: Box; code: string }[], kept: Box[], page: { width: number }): Layout {
  const merged = joinNeighbours(boxes, kept);
  const drawn: { box: Box; code: string }[] = [];
  const shifts: Shift[] = [];
  for (const m of merged) {
    const b = m.box;
    const h = Math.max(b[3] - b[1], 1);
    const line = (k: Box) => Math.min(k[3], b[3]) - Math.max(k[1], b[1]) > 0.5 * Math.min(h, k[3] - k[1]);
    const lineWords = kept.filter(line);
    const after = lineWords.filter((k) => k[0] >= b[2] - 0.5);
    const others = merged.filter((o) => o !== m && line(o.box));
    const wordHeight = lineWords.length ? Math.max(...lineWords.map((k) => k[3] - k[1])) : h;
    if (!after.length || others.length || h > 1.6 * wordHeight) {
      drawn.push({ box: quantizedBox(b, kept, page), code: m.code });
      continue;
    }
    const w = b[2] - b[0];
    const target = Math.ceil(Math.max(w, MIN_EMS * h) / h - 1e-6) * h;
    const lineEnd = Math.max(...after.map((k) => k[2]));
    const dx = Math.max(0, Math.min(target - w, page.width - EDGE_PT - lineEnd));
    drawn.push({ box: [b[0], b[1], b[2] + dx, b[3]], code: m.code });
    if (dx > 0) shifts.push({ box: b, fromX: b[2], dx });
  }
  return { drawn, shifts };
}

/** Boxes of one line with no kept word between them (the words of one value, boxed one by one) become one box. */
function joinNeighbours(boxes: { box: Box; code: string }[], kept: Box[]): { box: Box; code: string }[] {
  const out = boxes.map((b) => ({ box: [...b.box] as Box, code: b.code })).sort((a, b) => a.box[0] - b.box[0]);
  for (let i = 0; i < out.length; i++) {
    for (let j = i + 1; j < out.length; j++) {
      const a = out[i].box;
      const b = out[j].box;
      const h = Math.min(a[3] - a[1], b[3] - b[1]);
      if (Math.min(a[3], b[3]) - Math.max(a[1], b[1]) < 0.5 * h) continue;
      const gap: Box = [Math.min(a[2], b[2]), Math.max(a[1], b[1]), Math.max(a[0], b[0]), Math.min(a[3], b[3])];
      if (kept.some((k) => k[0] < gap[2] && k[2] > gap[0] && Math.min(k[3], gap[3]) - Math.max(k[1], gap[1]) > 0)) continue;
      out[i] = { box: [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])], code: [...new Set([...out[i].code.split(', '), ...out[j].code.split(', ')])].join(', ') };
      out.splice(j, 1);
      j = i;
    }
  }
  return out;
}

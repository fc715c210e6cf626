/**
 * @module
 * Which boxes are drawn as one: the writer and the verifier must agree, since the
 * label (and so the pixels allowed light) belongs to the drawn box.
 */
import { unionBox } from '../../pipeline/model/document-text.ts';
import type { Box } from '../../pipeline/model/types.ts';

/**
 * Boxes on the same line that overlap are drawn as one, with every code they carry:
 * two labels and two markers on top of each other would read as neither. Boxes of
 * neighbouring lines that only touch stay apart.
 */
export function mergeOverlapping(entries: { box: Box; code: string }[]): { box: Box; code: string }[] {
  const groups = entries.map((e) => ({ box: [...e.box] as Box, codes: [e.code] }));
  for (let merged = true; merged; ) {
    merged = false;
    for (let i = 0; i < groups.length && !merged; i++) {
      for (let j = i + 1; j < groups.length && !merged; j++) {
        const a = groups[i].box;
        const b = groups[j].box;
        const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
        const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
        if (w > 0 && h >= 0.5 * Math.min(a[3] - a[1], b[3] - b[1])) {
          groups[i] = { box: unionBox(a, b), codes: [...groups[i].codes, ...groups[j].codes] };
          groups.splice(j, 1);
          merged = true;
        }
      }
    }
  }
  return groups.map((g) => ({ box: g.box, code: [...new Set(g.codes.filter(Boolean))].join(', ') }));
}

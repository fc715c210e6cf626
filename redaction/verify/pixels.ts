/**
 * @module
 * Whether each redaction box is solid in a rendering of the output: dark
 * everywhere except where its exemption label may be written. A box that is only
 * partly black, or was never burned, fails. Pure, over a gray raster.
 *
 * How large a label may be is worked out here from the code and the box alone (not
 * from the writer): a label is the code set in a sans-serif face, at most 9 pt and
 * at most 0.7 of the box's height; where it sits is read from the pixels. Its region
 * may hold light strokes, but must stay mostly dark: a hole in a box shows dark text
 * on a light page, the reverse of a label.
 */
import { charWidth } from '../../pipeline/extract/standard-widths.ts';
import type { GrayImage } from '../../pipeline/model/raster.ts';
import type { Box } from '../../pipeline/model/types.ts';

const DARK = 96;
export const MIN_DARK_SHARE = 0.98;
/** Inside a label's region the light strokes take well under half the area. */
const MIN_LABEL_DARK_SHARE = 0.5;
const MAX_LABEL_PT = 9;
const LABEL_HEIGHT_SHARE = 0.7;

export interface BoxSolidity {
  box: Box;
  darkShare: number;
  labelDarkShare?: number;
  solid: boolean;
}

/**
 * The largest label `code` can be in a box of this height: at most 9 pt and 0.7 of the box's
 * height, as wide as the code set at that size, with a margin for rendering. Where the label
 * sits is not assumed: a writer may centre it in a box drawn wider than the one expected.
 */
export function labelLimit(box: Box, code: string): { width: number; height: number } | undefined {
  const advance = [...code].reduce((sum, c) => sum + charWidth('sans-serif', c), 0) / 1000;
  if (!code.trim() || advance <= 0) return undefined;
  const size = Math.min(MAX_LABEL_PT, (box[3] - box[1]) * LABEL_HEIGHT_SHARE);
  return { width: advance * size + 2, height: size * 1.2 + 1 };
}

/**
 * A box is solid when its pixels are dark, but for one label: the light pixels may gather in
 * a region no larger than the label of the longest code in `codes` could be, which must itself
 * stay mostly dark (light strokes on black). Anything else light counts against the box.
 */
export function boxSolidity(image: GrayImage, box: Box, codes: readonly string[] = []): BoxSolidity {
  const s = image.dpi / 72;
  // One pixel in from each edge: the edge pixel of a box may be shared with its neighbour.
  const x0 = Math.max(0, Math.ceil(box[0] * s) + 1);
  const y0 = Math.max(0, Math.ceil(box[1] * s) + 1);
  const x1 = Math.min(image.width, Math.floor(box[2] * s) - 1);
  const y1 = Math.min(image.height, Math.floor(box[3] * s) - 1);
  let n = 0;
  let dark = 0;
  let lx0 = Infinity;
  let ly0 = Infinity;
  let lx1 = -1;
  let ly1 = -1;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      n++;
      if (image.data[y * image.width + x] < DARK) dark++;
      else {
        lx0 = Math.min(lx0, x);
        ly0 = Math.min(ly0, y);
        lx1 = Math.max(lx1, x + 1);
        ly1 = Math.max(ly1, y + 1);
      }
    }
  }
  const darkShare = n > 0 ? dark / n : 1;
  if (darkShare >= MIN_DARK_SHARE || lx1 < 0) return { box, darkShare, solid: true };
  const limits = codes.map((c) => labelLimit(box, c)).filter((l) => l !== undefined);
  // Two pixels of slack each way: the render rounds the label's edges out to whole pixels.
  const fits = limits.some((l) => (lx1 - lx0 - 2) / s <= l.width && (ly1 - ly0 - 2) / s <= l.height);
  if (!fits) return { box, darkShare, solid: false };
  // Every light pixel is inside the label's region: outside it the box is wholly dark.
  const labelN = (lx1 - lx0) * (ly1 - ly0);
  const labelDarkShare = (labelN - (n - dark)) / labelN;
  return { box, darkShare: 1, labelDarkShare, solid: labelDarkShare >= MIN_LABEL_DARK_SHARE };
}

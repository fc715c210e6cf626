/**
 * @module
 * Whether each redaction box is solid in a rendering of the output: dark
 * everywhere except where its exemption label may be written. A box that is only
 * partly black, or was never burned, fails. Pure, over a gray raster.
 *
 * Where a label may be is worked out here from the code and the box alone (not
 * from the writer): a label is the code set in a sans-serif face, centred in its
 * box, at most 9 pt and at most 0.7 of the box's height, and no wider than 0.9 of
 * the box. Its region may hold light strokes, but must stay mostly dark: a hole
 * in a box shows dark text on a light page, the reverse of a label.
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
const LABEL_WIDTH_SHARE = 0.9;

export interface BoxSolidity {
  box: Box;
  darkShare: number;
  labelDarkShare?: number;
  solid: boolean;
}

/** The widest region a label of `code` may take in `box` (top-left points), with a margin for rendering. */
export function labelRegion(box: Box, code: string): Box | undefined {
  const advance = [...code].reduce((sum, c) => sum + charWidth('sans-serif', c), 0) / 1000;
  if (!code.trim() || advance <= 0) return undefined;
  const w = box[2] - box[0];
  const h = box[3] - box[1];
  const size = Math.min(MAX_LABEL_PT, h * LABEL_HEIGHT_SHARE, (w * LABEL_WIDTH_SHARE) / advance);
  const half = (advance * size) / 2 + 1;
  const cx = (box[0] + box[2]) / 2;
  const cy = (box[1] + box[3]) / 2;
  // Glyphs from parentheses' descent to ascent: about 0.55 em either side of the middle.
  return [cx - half, cy - size * 0.6 - 0.5, cx + half, cy + size * 0.6 + 0.5];
}

/**
 * `labels` are the regions where a label may be (see `labelRegion`); every other
 * pixel of the box must be dark.
 */
export function boxSolidity(image: GrayImage, box: Box, labels: readonly Box[] = []): BoxSolidity {
  const s = image.dpi / 72;
  // One pixel in from each edge: the edge pixel of a box may be shared with its neighbour.
  const x0 = Math.max(0, Math.ceil(box[0] * s) + 1);
  const y0 = Math.max(0, Math.ceil(box[1] * s) + 1);
  const x1 = Math.min(image.width, Math.floor(box[2] * s) - 1);
  const y1 = Math.min(image.height, Math.floor(box[3] * s) - 1);
  const px = labels.map((l) => [l[0] * s - 1, l[1] * s - 1, l[2] * s + 1, l[3] * s + 1]);
  let dark = 0;
  let n = 0;
  let labelDark = 0;
  let labelN = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const isDark = image.data[y * image.width + x] < DARK;
      if (px.some((l) => x >= l[0] && x < l[2] && y >= l[1] && y < l[3])) {
        labelN++;
        if (isDark) labelDark++;
      } else {
        n++;
        if (isDark) dark++;
      }
    }
  }
  const darkShare = n > 0 ? dark / n : 1;
  const labelDarkShare = labelN > 0 ? labelDark / labelN : undefined;
  const solid = darkShare >= MIN_DARK_SHARE && (labelDarkShare === undefined || labelDarkShare >= MIN_LABEL_DARK_SHARE);
  return { box, darkShare, ...(labelDarkShare !== undefined ? { labelDarkShare } : {}), solid };
}

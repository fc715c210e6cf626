/**
 * @module
 * Whether each redaction box is solid in a rendering of the output: dark
 * everywhere except where its exemption label is written. A box that is only
 * partly black, or was never burned, fails. Pure, over a gray raster.
 */
import type { GrayImage } from '../../pipeline/model/raster.ts';
import type { Box } from '../../pipeline/model/types.ts';
import { labelLayout } from '../write/label.ts';

const DARK = 96;
export const MIN_DARK_SHARE = 0.98;
/** Inside the label's own rectangle the white strokes take well under half the area. */
const MIN_LABEL_DARK_SHARE = 0.5;

export interface BoxSolidity {
  box: Box;
  darkShare: number;
  labelDarkShare?: number;
  solid: boolean;
}

export function boxSolidity(image: GrayImage, box: Box, code?: string): BoxSolidity {
  const s = image.dpi / 72;
  // One pixel in from each edge: the edge pixel of a box may be shared with its neighbour.
  const x0 = Math.max(0, Math.ceil(box[0] * s) + 1);
  const y0 = Math.max(0, Math.ceil(box[1] * s) + 1);
  const x1 = Math.min(image.width, Math.floor(box[2] * s) - 1);
  const y1 = Math.min(image.height, Math.floor(box[3] * s) - 1);
  const label = code ? labelLayout(box, code)?.rect : undefined;
  const lx0 = label ? label[0] * s - 1 : 0;
  const ly0 = label ? label[1] * s - 1 : 0;
  const lx1 = label ? label[2] * s + 1 : -1;
  const ly1 = label ? label[3] * s + 1 : -1;
  let dark = 0;
  let n = 0;
  let labelDark = 0;
  let labelN = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const isDark = image.data[y * image.width + x] < DARK;
      if (x >= lx0 && x < lx1 && y >= ly0 && y < ly1) {
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

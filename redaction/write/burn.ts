/**
 * @module
 * Burns solid black boxes into a gray raster, in place. Boxes are in page points
 * (top-left origin); they are grown to whole pixels outward, plus a margin, so
 * anti-aliased glyph edges just outside a box cannot survive next to it.
 */
import type { Box } from '../../pipeline/model/types.ts';
import type { GrayImage } from '../../pipeline/model/raster.ts';

/** Pixel rectangle [x0, y0, x1, y1), clamped to the image. */
export function pixelRect(image: Pick<GrayImage, 'width' | 'height' | 'dpi'>, box: Box, marginPt = 0): [number, number, number, number] {
  const s = image.dpi / 72;
  const x0 = Math.max(0, Math.floor((box[0] - marginPt) * s));
  const y0 = Math.max(0, Math.floor((box[1] - marginPt) * s));
  const x1 = Math.min(image.width, Math.ceil((box[2] + marginPt) * s));
  const y1 = Math.min(image.height, Math.ceil((box[3] + marginPt) * s));
  return [x0, y0, Math.max(x0, x1), Math.max(y0, y1)];
}

/** Margin added around every burned box, in points. */
export const BURN_MARGIN_PT = 1;

export function burnBoxes(image: GrayImage, boxes: Box[]): void {
  for (const box of boxes) {
    const [x0, y0, x1, y1] = pixelRect(image, box, BURN_MARGIN_PT);
    for (let y = y0; y < y1; y++) image.data.fill(0, y * image.width + x0, y * image.width + x1);
  }
}

/**
 * @module
 * How the writer stores a redacted page raster compactly: text pages as 1-bit
 * CCITT Group 4 (a dense text page at 300 DPI is tens of kilobytes), pages with
 * photographs or shading as gray JPEG.
 */
import type { GrayImage } from '../../pipeline/model/raster.ts';
import { encodeG4, encodeJpeg } from '../../pipeline/image/encode.ts';
import type { EncodedPage } from '../../pipeline/image/encode.ts';

/**
 * Photographs and shaded areas have many mid-gray pixels; text, rules and black
 * boxes have nearly none (only anti-aliased edges). Sampled, since the decision
 * does not need every pixel.
 */
export function looksPhotographic(image: GrayImage, threshold = 0.06): boolean {
  const { data } = image;
  // A prime stride, so the samples do not line up with the rows; about 270,000 samples at 300 DPI.
  const step = 31;
  let mid = 0;
  let n = 0;
  for (let i = 0; i < data.length; i += step) {
    const v = data[i];
    if (v > 48 && v < 208) mid++;
    n++;
  }
  return n > 0 && mid / n > threshold;
}

export async function encodePage(image: GrayImage, options: { jpegQuality?: number } = {}): Promise<EncodedPage> {
  return looksPhotographic(image) ? encodeJpeg(image, options.jpegQuality ?? 70) : encodeG4(image);
}

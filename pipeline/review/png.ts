/**
 * @module
 * The review app's one use of sharp: a gray page raster to a PNG of a given
 * width (scans arrive at 300 DPI or more; the browser needs about 100).
 */
import sharp from 'sharp';
import type { GrayImage } from '../model/raster.ts';

export async function encodePng(image: GrayImage, width: number): Promise<Uint8Array> {
  let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } });
  if (width < image.width) pipeline = pipeline.resize({ width, kernel: 'lanczos3' });
  // Level 6 without adaptive filtering: a text page encodes in a few ms at about 80 KB.
  const out = await pipeline.toColourspace('b-w').png({ compressionLevel: 6, adaptiveFiltering: false, palette: false }).toBuffer();
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/**
 * @module
 * Encodes a rendered page (8-bit gray) as the WebP the portal shows. The only
 * place publishing touches sharp. Lossy WebP at this size keeps a text page near
 * 50 kB, which matters on a phone; the pixels come from the redacted PDF only.
 */
import sharp from 'sharp';
import type { GrayImage } from '../model/raster.ts';

export async function encodePageImage(image: GrayImage, quality = 70): Promise<Uint8Array> {
  const out = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } })
    .webp({ quality, effort: 2 })
    .toBuffer();
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

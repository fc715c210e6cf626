/**
 * @module
 * Encodes a rendered page (8-bit gray) as the PNG the portal shows. The only
 * place publishing touches sharp. Sixteen gray levels in a palette PNG keep a
 * dense text page near 55 kB (half a WebP of the same page at quality 70, and
 * sharp-edged), which matters on a phone. The pixels come from the redacted PDF only.
 */
import sharp from 'sharp';
import type { GrayImage } from '../model/raster.ts';

export async function encodePageImage(image: GrayImage): Promise<Uint8Array> {
  const out = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } })
    .png({ palette: true, colors: 16, effort: 1, compressionLevel: 9 })
    .toBuffer();
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/**
 * @module
 * Page rasters out: the writer's compact page images (1-bit CCITT Group 4, coded
 * in-process by `ccitt-g4.ts`, or gray JPEG through sharp), the review app's PNG at
 * screen width, and the portal's 16-level palette PNG. With `decode.ts` and
 * `preprocess.ts`, the only modules that use sharp (loaded on first use: `sharp.ts`).
 */
import { loadSharp } from './sharp.ts';
import type { GrayImage } from '../model/raster.ts';
import { encodeG4Stream } from './ccitt-g4.ts';

export interface EncodedPage {
  kind: 'g4' | 'jpeg';
  bytes: Uint8Array;
  width: number;
  height: number;
}

export async function encodeJpeg(image: GrayImage, quality: number): Promise<EncodedPage> {
  const sharp = await loadSharp();
  const out = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } })
    .toColourspace('b-w')
    .jpeg({ quality, chromaSubsampling: '4:4:4' })
    .toBuffer();
  return { kind: 'jpeg', bytes: new Uint8Array(out.buffer, out.byteOffset, out.byteLength), width: image.width, height: image.height };
}

/** A bilevel page image (gray below the G4 threshold is black), coded in-process. */
export function encodeG4(image: GrayImage): EncodedPage {
  return { kind: 'g4', bytes: encodeG4Stream(image.data, image.width, image.height), width: image.width, height: image.height };
}

/** A gray page raster as a PNG of `width` pixels (scans arrive at 300 DPI or more; a browser needs about 100). */
export async function encodePng(image: GrayImage, width: number): Promise<Uint8Array> {
  const sharp = await loadSharp();
  let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } });
  if (width < image.width) pipeline = pipeline.resize({ width, kernel: 'lanczos3' });
  // Level 6 without adaptive filtering: a text page encodes in a few ms at about 80 KB.
  const out = await pipeline.toColourspace('b-w').png({ compressionLevel: 6, adaptiveFiltering: false, palette: false }).toBuffer();
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** Each gray value to the nearest of sixteen evenly spaced levels (0, 17, … 255). */
const SIXTEEN_LEVELS = Uint8Array.from({ length: 256 }, (_, v) => Math.round(v / 17) * 17);

/**
 * The portal's page image: sixteen gray levels in a palette PNG keep a dense text page
 * near 50 kB (half a WebP of the same page at quality 70, and sharp-edged), which
 * matters on a phone. The levels are fixed here, so the quantiser has nothing to choose
 * and nothing to dither: 25 ms a letter page at 110 dpi, where letting it pick sixteen of
 * 256 levels with dithering and zlib level 9 took 64 ms for a file 15 % larger.
 */
export async function encodePortalPng(image: GrayImage): Promise<Uint8Array> {
  const levels = new Uint8Array(image.data.length);
  for (let i = 0; i < levels.length; i++) levels[i] = SIXTEEN_LEVELS[image.data[i]];
  const sharp = await loadSharp();
  const out = await sharp(levels, { raw: { width: image.width, height: image.height, channels: 1 } })
    .png({ palette: true, colors: 16, effort: 1, dither: 0, compressionLevel: 6 })
    .toBuffer();
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

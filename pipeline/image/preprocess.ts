/**
 * @module
 * Prepares a gray page for OCR: contrast stretched to the full range, small
 * skew removed. Returns the transform from the prepared raster back to the
 * input raster, so OCR boxes land on the original.
 *
 * ```ts
 * const prepared = await prepareForOcr(page);
 * const box = mapBox(prepared.toSource, boxOnPrepared);
 * ```
 */
import { loadSharp } from './sharp.ts';
import type { GrayImage } from '../model/raster.ts';
import { IDENTITY, rotationToSource } from './transform.ts';
import type { Affine } from './transform.ts';
import { estimateSkew, histogram } from './skew.ts';

/** Tilts smaller than this are left alone: Tesseract reads them as well, and rotating costs time. */
const MIN_DESKEW_DEGREES = 0.15;

export interface Prepared {
  image: GrayImage;
  /** Maps prepared-raster pixels to input-raster pixels. */
  toSource: Affine;
  /** The clockwise tilt that was measured (and undone when large enough), in degrees. */
  skewDegrees: number;
}

export interface PrepareOptions {
  /** Largest tilt looked for, in degrees (default 3). 0 turns deskewing off. */
  maxSkewDegrees?: number;
}

export async function prepareForOcr(image: GrayImage, options: PrepareOptions = {}): Promise<Prepared> {
  const maxSkew = options.maxSkewDegrees ?? 3;
  const stretched = stretchContrast(image);
  const skewDegrees = maxSkew > 0 ? estimateSkew(stretched, maxSkew) : 0;
  if (Math.abs(skewDegrees) < MIN_DESKEW_DEGREES) return { image: stretched, toSource: IDENTITY, skewDegrees };
  const level = await rotate(stretched, -skewDegrees);
  return { ...level, skewDegrees };
}

/**
 * Maps the darkest 0.5 % of pixels to black, the lightest 0.5 % to white and
 * stretches the rest linearly: a lookup table, about 20 ms a page where sharp's
 * `normalize()` costs about 0.6 s.
 */
export function stretchContrast(image: GrayImage): GrayImage {
  const h = histogram(image.data);
  const clip = image.data.length * 0.005;
  let lo = 0;
  for (let seen = h[0]; seen <= clip && lo < 255; seen += h[++lo]);
  let hi = 255;
  for (let seen = h[255]; seen <= clip && hi > 0; seen += h[--hi]);
  // Already full range, or too flat to stretch without inventing contrast out of noise.
  if ((lo === 0 && hi === 255) || hi - lo < 32) return image;
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) lut[v] = Math.max(0, Math.min(255, Math.round(((v - lo) * 255) / (hi - lo))));
  const data = new Uint8Array(image.data.length);
  for (let i = 0; i < data.length; i++) data[i] = lut[image.data[i]];
  return { ...image, data };
}

/** Turns the page clockwise by `degrees` on a white canvas that holds all of it. */
export async function rotate(image: GrayImage, degrees: number): Promise<{ image: GrayImage; toSource: Affine }> {
  const sharp = await loadSharp();
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } })
    .rotate(degrees, { background: '#ffffff' })
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    image: { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height, dpi: image.dpi },
    toSource: rotationToSource(degrees, image.width, image.height, info.width, info.height),
  };
}

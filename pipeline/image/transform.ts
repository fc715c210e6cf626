/**
 * @module
 * Geometry between a raster and the rasters derived from it (turned upright,
 * deskewed), so boxes found on a derived raster map back to the original.
 * Pure functions; coordinates are continuous pixels, origin top-left, y down.
 */
import type { Box } from '../model/types.ts';
import type { GrayImage } from '../model/raster.ts';

/**
 * Maps a point of a derived raster to its source raster:
 * x = a·x' + c·y' + e, y = b·x' + d·y' + f.
 */
export type Affine = [a: number, b: number, c: number, d: number, e: number, f: number];

export const IDENTITY: Affine = [1, 0, 0, 1, 0, 0];

export function applyAffine(t: Affine, x: number, y: number): [number, number] {
  return [t[0] * x + t[2] * y + t[4], t[1] * x + t[3] * y + t[5]];
}

/** `inner` maps C → B and `outer` maps B → A; the result maps C → A. */
export function composeAffine(outer: Affine, inner: Affine): Affine {
  const [a, b, c, d, e, f] = outer;
  const [a2, b2, c2, d2, e2, f2] = inner;
  return [a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2, a * e2 + c * f2 + e, b * e2 + d * f2 + f];
}

/** The axis-aligned box covering the mapped corners: never smaller than the mapped area. */
export function mapBox(t: Affine, box: Box): Box {
  const corners = [applyAffine(t, box[0], box[1]), applyAffine(t, box[2], box[1]), applyAffine(t, box[0], box[3]), applyAffine(t, box[2], box[3])];
  const xs = corners.map((p) => p[0]);
  const ys = corners.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/**
 * For a raster made by turning a `width` × `height` source clockwise by `degrees`
 * about its centre onto a `toWidth` × `toHeight` canvas with the same centre.
 */
export function rotationToSource(degrees: number, width: number, height: number, toWidth: number, toHeight: number): Affine {
  const r = (degrees * Math.PI) / 180;
  const cos = Math.cos(r);
  const sin = Math.sin(r);
  const cx = toWidth / 2;
  const cy = toHeight / 2;
  return [cos, -sin, sin, cos, width / 2 - (cos * cx + sin * cy), height / 2 - (-sin * cx + cos * cy)];
}

export type QuarterTurns = 0 | 1 | 2 | 3;

/** Turns a raster clockwise by 90° × `turns`, exactly (pixels are moved, not resampled). */
export function turnClockwise(image: GrayImage, turns: QuarterTurns): { image: GrayImage; toSource: Affine } {
  const { width: w, height: h, data } = image;
  if (turns === 0) return { image, toSource: IDENTITY };
  const sideways = turns % 2 === 1;
  const width = sideways ? h : w;
  const height = sideways ? w : h;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      // The source pixel of (x, y), from the inverse of each turn.
      const sx = turns === 1 ? y : turns === 2 ? w - 1 - x : w - 1 - y;
      const sy = turns === 1 ? h - 1 - x : turns === 2 ? h - 1 - y : x;
      out[row + x] = data[sy * w + sx];
    }
  }
  const toSource: Affine = turns === 1 ? [0, -1, 1, 0, 0, h] : turns === 2 ? [-1, 0, 0, -1, w, h] : [0, 1, -1, 0, w, 0];
  return { image: { data: out, width, height, dpi: image.dpi }, toSource };
}

/**
 * The raster shrunk by a whole factor, each pixel the mean of a `step` × `step` block (a box
 * filter: cheap, and no ringing around glyph edges). The resolution shrinks with it.
 */
export function shrink(image: GrayImage, step: number): GrayImage {
  const s = Math.max(1, Math.floor(step));
  if (s === 1) return image;
  const width = Math.floor(image.width / s);
  const height = Math.floor(image.height / s);
  const data = new Uint8Array(width * height);
  const area = s * s;
  // Each output row: its s input rows added column by column, then s columns at a time,
  // so every input pixel is read once, in order.
  const columns = new Uint32Array(width * s);
  for (let y = 0; y < height; y++) {
    columns.fill(0);
    for (let dy = 0; dy < s; dy++) {
      const row = (y * s + dy) * image.width;
      for (let x = 0; x < columns.length; x++) columns[x] += image.data[row + x];
    }
    const out = y * width;
    for (let x = 0, from = 0; x < width; x++) {
      let sum = 0;
      for (let dx = 0; dx < s; dx++) sum += columns[from++];
      data[out + x] = sum / area;
    }
  }
  return { data, width, height, dpi: image.dpi / s };
}

/** The pixels of `box` (whole pixels, inside the raster) as a raster of their own. */
export function crop(image: GrayImage, box: Box): { image: GrayImage; toSource: Affine } {
  const x0 = Math.max(0, Math.floor(box[0]));
  const y0 = Math.max(0, Math.floor(box[1]));
  const width = Math.max(0, Math.min(image.width, Math.ceil(box[2])) - x0);
  const height = Math.max(0, Math.min(image.height, Math.ceil(box[3])) - y0);
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) data.set(image.data.subarray((y0 + y) * image.width + x0, (y0 + y) * image.width + x0 + width), y * width);
  return { image: { data, width, height, dpi: image.dpi }, toSource: [1, 0, 0, 1, x0, y0] };
}

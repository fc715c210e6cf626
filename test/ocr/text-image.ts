/**
 * @module
 * Test support: gray page rasters with known text at known places, rendered
 * from SVG by sharp, and the ink box of a region (where the pixels really are).
 */
import sharp from 'sharp';
import type { GrayImage } from '../../pipeline/model/raster.ts';
import type { Box } from '../../pipeline/model/types.ts';

export interface PlacedText {
  text: string;
  /** Left edge and baseline, in pixels. */
  x: number;
  y: number;
  /** Font size in pixels. */
  size: number;
}

export async function renderText(width: number, height: number, dpi: number, texts: PlacedText[]): Promise<GrayImage> {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const body = texts
    .map((t) => `<text x="${t.x}" y="${t.y}" font-family="DejaVu Serif" font-size="${t.size}">${escape(t.text)}</text>`)
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/>${body}</svg>`;
  const { data, info } = await sharp(Buffer.from(svg)).flatten({ background: '#ffffff' }).grayscale().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height, dpi };
}

/** Turns a raster clockwise by `degrees` on white, as a skewed scan would be. */
export async function tilt(image: GrayImage, degrees: number): Promise<GrayImage> {
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } })
    .rotate(degrees, { background: '#ffffff' })
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height, dpi: image.dpi };
}

/** The bounding box of pixels darker than 128 inside `region`, or undefined if there are none. */
export function inkBox(image: GrayImage, region: Box): Box | undefined {
  let box: Box | undefined;
  const [x0, y0, x1, y1] = region.map(Math.round);
  for (let y = Math.max(0, y0); y < Math.min(image.height, y1); y++) {
    for (let x = Math.max(0, x0); x < Math.min(image.width, x1); x++) {
      if (image.data[y * image.width + x] >= 128) continue;
      box = box ? [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x + 1), Math.max(box[3], y + 1)] : [x, y, x + 1, y + 1];
    }
  }
  return box;
}

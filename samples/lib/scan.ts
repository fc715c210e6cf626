/**
 * @module
 * Turns a text PDF into what a records office receives from a scanner, a fax or a phone:
 * pages rendered with the project's pdf.js adapter, then off-white paper, grey ink, a small
 * seeded skew, blur and noise (sharp plus seeded pixel noise), then encoded as a scanned PDF
 * with no text layer, a multi-page TIFF, a PNG or a JPEG. Same inputs, same bytes.
 */
import sharp from 'sharp';
import { openPdf } from '../../pipeline/extract/pdfjs.ts';
import type { GrayImage } from '../../pipeline/model/raster.ts';
import type { OutputSpec } from './markup.ts';
import { newDocument } from './text-pdf.ts';

import { seeded } from './seeded.ts';

export { seeded };

export function seedOf(text: string): number {
  let h = 2166136261;
  for (const c of text) h = Math.imul(h ^ c.codePointAt(0)!, 16777619);
  return h >>> 0;
}

export async function renderPages(pdf: Uint8Array, dpi: number, pages?: number[]): Promise<GrayImage[]> {
  const opened = await openPdf(pdf);
  if (!opened.ok) throw new Error(opened.problem.message);
  try {
    const numbers = pages ?? Array.from({ length: opened.value.pageCount }, (_, i) => i + 1);
    const images: GrayImage[] = [];
    for (const n of numbers) images.push(await (await opened.value.page(n)).render(dpi));
    return images;
  } finally {
    await opened.value.close();
  }
}

export interface Degraded extends GrayImage {
  /** Skew applied, degrees (positive: clockwise). */
  skew: number;
}

const paper = 238;
const ink = 28;

/** Paper tone, seeded skew of 0.5–1.5°, blur and noise; the result keeps the page's size. */
export async function degrade(page: GrayImage, spec: OutputSpec, seed: number): Promise<Degraded> {
  const random = seeded(seed);
  const skew = (0.5 + random()) * (random() < 0.5 ? -1 : 1);
  const { width, height } = page;
  const sigma = spec.noise ?? 0;
  // Paper tone and sensor noise first, so that the optics (rotation, blur) soften the noise as a scanner's would.
  const toned = new Uint8Array(page.data.length);
  for (let i = 0; i < toned.length; i++) {
    // Box-Muller from the seeded stream; a dust speck now and then.
    const g = Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
    let v = ink + ((paper - ink) * page.data[i]) / 255 + g * sigma;
    if (random() < 0.00004) v = ink + 20 * random();
    if (spec.photo) {
      // Uneven light across a phone photo: darker towards one corner.
      v *= 1 - 0.16 * (((i % width) / width) * 0.6 + (Math.floor(i / width) / height) * 0.4);
    }
    toned[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  const rotated = await sharp(toned, { raw: { width, height, channels: 1 } })
    .rotate(skew, { background: { r: paper, g: paper, b: paper } })
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const left = Math.floor((rotated.info.width - width) / 2);
  const top = Math.floor((rotated.info.height - height) / 2);
  let pipeline = sharp(rotated.data, { raw: { width: rotated.info.width, height: rotated.info.height, channels: 1 } })
    .extract({ left, top, width, height })
    .toColourspace('b-w');
  if (spec.blur) pipeline = pipeline.blur(spec.blur);
  const data = new Uint8Array(await pipeline.raw().toBuffer());
  if (spec.whiten) for (let i = 0; i < data.length; i++) if (data[i] >= spec.whiten) data[i] = 255;
  return { data, width, height, dpi: page.dpi, skew };
}

const gray = (image: GrayImage) => sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } }).toColourspace('b-w');

export async function encodeScanPdf(pages: Degraded[], spec: OutputSpec, title: string): Promise<Uint8Array> {
  const doc = await newDocument({ title, creator: 'Simulated document scanner (sample)' });
  for (const page of pages) {
    const jpeg = await gray(page).jpeg({ quality: spec.quality ?? 60 }).toBuffer();
    const image = await doc.embedJpg(jpeg);
    const w = (page.width * 72) / page.dpi;
    const h = (page.height * 72) / page.dpi;
    doc.addPage([w, h]).drawImage(image, { x: 0, y: 0, width: w, height: h });
  }
  return doc.save({ useObjectStreams: false });
}

export async function encodeTiff(pages: Degraded[], spec: OutputSpec): Promise<Uint8Array> {
  const { width, height, dpi } = pages[0];
  if (pages.some((p) => p.width !== width || p.height !== height)) throw new Error('TIFF pages must share one size');
  const tall = new Uint8Array(width * height * pages.length);
  pages.forEach((p, i) => tall.set(p.data, i * width * height));
  let pipeline = sharp(tall, { raw: { width, height: height * pages.length, channels: 1, pageHeight: height } }).toColourspace('b-w');
  if (spec.bilevel) pipeline = pipeline.threshold(150);
  const tiff = spec.bilevel
    ? pipeline.tiff({ compression: 'ccittfax4', bitdepth: 1, xres: dpi / 25.4, yres: dpi / 25.4 })
    : pipeline.tiff({ compression: 'deflate', xres: dpi / 25.4, yres: dpi / 25.4 });
  return new Uint8Array(await tiff.toBuffer());
}

export async function encodePng(page: Degraded, spec: OutputSpec): Promise<Uint8Array> {
  let pipeline = gray(page);
  if (spec.recordDpi) pipeline = pipeline.withDensity(page.dpi);
  return new Uint8Array(await pipeline.png({ compressionLevel: 9 }).toBuffer());
}

export async function encodeJpeg(page: Degraded, spec: OutputSpec): Promise<Uint8Array> {
  const orientation = spec.orientation ?? 1;
  // Store the pixels as the camera did, so that applying the EXIF orientation shows the page upright.
  const stored = { 1: 0, 3: 180, 6: 270, 8: 90 }[orientation];
  let pipeline = gray(page);
  if (spec.photo) {
    const rgb = new Uint8Array(page.data.length * 3);
    for (let i = 0; i < page.data.length; i++) {
      const v = page.data[i];
      rgb[i * 3] = v;
      rgb[i * 3 + 1] = v * 0.95;
      rgb[i * 3 + 2] = v * 0.84;
    }
    pipeline = sharp(rgb, { raw: { width: page.width, height: page.height, channels: 3 } });
  }
  if (stored) pipeline = pipeline.rotate(stored);
  const jpeg = pipeline.jpeg({ quality: spec.quality ?? 70 });
  return new Uint8Array(await (orientation === 1 ? jpeg.withDensity(page.dpi) : jpeg.withMetadata({ orientation, density: page.dpi })).toBuffer());
}

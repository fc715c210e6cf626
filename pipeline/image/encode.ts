/**
 * @module
 * Page rasters out, through sharp: the writer's compact page images (1-bit CCITT
 * Group 4, taken out of the single TIFF strip sharp writes and embedded as is, or
 * gray JPEG), the review app's PNG at screen width, and the portal's 16-level
 * palette PNG. With `decode.ts` and `preprocess.ts`, the only modules that import sharp.
 */
import sharp from 'sharp';
import type { GrayImage } from '../model/raster.ts';

export interface EncodedPage {
  kind: 'g4' | 'jpeg';
  bytes: Uint8Array;
  width: number;
  height: number;
  /** For G4: true when 1 bits are black, as the PDF /BlackIs1 parameter reads. */
  blackIs1: boolean;
}

export async function encodeJpeg(image: GrayImage, quality: number): Promise<EncodedPage> {
  const out = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } })
    .toColourspace('b-w')
    .jpeg({ quality, chromaSubsampling: '4:4:4' })
    .toBuffer();
  return { kind: 'jpeg', bytes: new Uint8Array(out.buffer, out.byteOffset, out.byteLength), width: image.width, height: image.height, blackIs1: false };
}

export async function encodeG4(image: GrayImage): Promise<EncodedPage> {
  const tiff = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } })
    .threshold(160)
    .toColourspace('b-w')
    .tiff({ compression: 'ccittfax4', bitdepth: 1, tileHeight: image.height })
    .toBuffer();
  const strip = singleStrip(new Uint8Array(tiff.buffer, tiff.byteOffset, tiff.byteLength));
  // In TIFF, MinIsBlack (1) means a 0 bit is black; the fax coder calls 0 bits "white",
  // so the PDF decoder must be told that its "black" runs are the 1 bits.
  return { kind: 'g4', bytes: strip.data, width: strip.width, height: strip.height, blackIs1: strip.photometric === 1 };
}

interface Strip {
  data: Uint8Array;
  width: number;
  height: number;
  photometric: number;
}

/** Reads the one strip of a single-image TIFF; a bug if sharp ever writes more. */
function singleStrip(tiff: Uint8Array): Strip {
  const little = tiff[0] === 0x49;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const u16 = (o: number) => view.getUint16(o, little);
  const u32 = (o: number) => view.getUint32(o, little);
  const ifd = u32(4);
  const tags = new Map<number, { count: number; value: number }>();
  for (let i = 0; i < u16(ifd); i++) {
    const e = ifd + 2 + i * 12;
    const type = u16(e + 2);
    const count = u32(e + 4);
    tags.set(u16(e), { count, value: type === 3 && count === 1 ? u16(e + 8) : u32(e + 8) });
  }
  const offsets = tags.get(273);
  const counts = tags.get(279);
  if (!offsets || !counts || offsets.count !== 1 || counts.count !== 1 || tags.get(259)?.value !== 4) {
    throw new Error('sharp wrote a TIFF that is not one CCITT G4 strip');
  }
  return {
    data: tiff.slice(offsets.value, offsets.value + counts.value),
    width: tags.get(256)!.value,
    height: tags.get(257)!.value,
    photometric: tags.get(262)?.value ?? 0,
  };
}

/** A gray page raster as a PNG of `width` pixels (scans arrive at 300 DPI or more; a browser needs about 100). */
export async function encodePng(image: GrayImage, width: number): Promise<Uint8Array> {
  let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } });
  if (width < image.width) pipeline = pipeline.resize({ width, kernel: 'lanczos3' });
  // Level 6 without adaptive filtering: a text page encodes in a few ms at about 80 KB.
  const out = await pipeline.toColourspace('b-w').png({ compressionLevel: 6, adaptiveFiltering: false, palette: false }).toBuffer();
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/**
 * The portal's page image: sixteen gray levels in a palette PNG keep a dense text page
 * near 55 kB (half a WebP of the same page at quality 70, and sharp-edged), which
 * matters on a phone.
 */
export async function encodePortalPng(image: GrayImage): Promise<Uint8Array> {
  const out = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } })
    .png({ palette: true, colors: 16, effort: 1, compressionLevel: 9 })
    .toBuffer();
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

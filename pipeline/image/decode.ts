/**
 * @module
 * Decodes PNG, JPEG and TIFF scans (multi-page TIFF too) into 8-bit gray page
 * rasters, through sharp. The header is read and checked against pixel limits
 * before any pixel is decoded, so a huge image or a decompression bomb is
 * refused without allocating it. EXIF orientation is applied; the DPI comes
 * from the file, or 300 is assumed with a warning.
 *
 * ```ts
 * const decoded = await decodeImage(bytes, 'scan.tif');
 * if (!decoded.ok) return decoded;
 * for (const page of decoded.value.pages) ocr(page);
 * ```
 */
import type { Metadata, Sharp, SharpOptions } from 'sharp';
import { loadSharp } from './sharp.ts';
import { fail, ok } from '../problems.ts';
import type { ProblemCode, Result } from '../problems.ts';
import { isTruncated } from './truncation.ts';
import type { GrayImage } from '../model/raster.ts';
import type { Warning } from '../model/types.ts';
import { resolveDpi } from './dpi.ts';
import { decodeTiffPagesWithUtif } from './utif.ts';
import { whiteG4Page } from './white-g4.ts';
import { tiffPageHeaders } from './tiff-ifd.ts';

export const imageLimits = {
  /** One page: 100 MP is a letter page at 1,200 DPI, or A0 at 250 DPI. */
  maxPagePixels: 100_000_000,
  /** All pages of one file together, since every page is held in memory at once. */
  maxTotalPixels: 600_000_000,
} as const;

export interface DecodedImage {
  pages: GrayImage[];
  warnings: Warning[];
}

export interface DecodeOptions {
  maxPagePixels?: number;
  maxTotalPixels?: number;
}

const readableFormats = new Set(['png', 'jpeg', 'tiff']);

export async function decodeImage(bytes: Uint8Array, file?: string, options: DecodeOptions = {}): Promise<Result<DecodedImage>> {
  const opened = await openImage(bytes, file, options);
  if (!opened.ok) return opened;
  const { pageCount, pagePixels } = opened.value;
  const total = pagePixels.reduce((sum, n) => sum + n, 0);
  const maxTotal = options.maxTotalPixels ?? imageLimits.maxTotalPixels;
  if (total > maxTotal) {
    return fail('input.image-too-large', `The ${pageCount} pages hold ${megapixels(total)} together; the limit is ${megapixels(maxTotal)}.`, { file });
  }
  const pages: GrayImage[] = [];
  const warnings: Warning[] = [];
  for (let index = 0; index < pageCount; index++) {
    const page = await opened.value.page(index);
    if (!page.ok) return page;
    pages.push(page.value.image);
    warnings.push(...page.value.warnings);
  }
  return ok({ pages, warnings });
}

export interface OpenedImage {
  pageCount: number;
  /** Pixel count of each page, known from the headers before decoding. */
  pagePixels: number[];
  /** Decodes one page (0-based index) on demand, so callers can stream long TIFFs. */
  page(index: number): Promise<Result<{ image: GrayImage; warnings: Warning[] }>>;
  /**
   * The size of page `index` when its compressed data alone shows it all white (a G4
   * scan's blank side), known without decoding it; undefined when only decoding can tell.
   */
  whitePage(index: number): { width: number; height: number; dpi: number; warnings: Warning[] } | undefined;
}

/** Reads and checks the headers of every page without decoding pixels. */
export async function openImage(bytes: Uint8Array, file?: string, options: DecodeOptions = {}): Promise<Result<OpenedImage>> {
  if (bytes.length === 0) return fail('input.empty', 'The image file has no bytes.', { file });
  const maxPage = options.maxPagePixels ?? imageLimits.maxPagePixels;
  const first = await readHeader(bytes, 0);
  if (!first.ok) return fail(...damaged(bytes, `The image header could not be read: ${first.message}.`), { file });
  const format = first.metadata.format;
  if (!readableFormats.has(format)) {
    return fail('input.unsupported-type', `The image is ${format.toUpperCase()}, not PNG, JPEG or TIFF.`, { file });
  }
  const pageCount = format === 'tiff' ? Math.max(1, first.metadata.pages ?? 1) : 1;
  const headers: PageHeader[] = [first.metadata];
  // The other pages' headers from their directories, read here; sharp reads any page this cannot.
  const read = pageCount > 1 ? tiffPageHeaders(bytes) : undefined;
  for (let index = 1; index < pageCount; index++) {
    const known = read?.[index];
    if (known) {
      headers.push({ format: 'tiff', ...known });
      continue;
    }
    const header = await readHeader(bytes, index);
    if (!header.ok) return fail(...damaged(bytes, `The header of page ${index + 1} could not be read: ${header.message}.`), { file, page: index + 1 });
    headers.push(header.metadata);
  }
  const pagePixels = headers.map((m) => m.width * m.height);
  for (const [index, m] of headers.entries()) {
    if (m.width * m.height > maxPage) {
      return fail(
        'input.image-too-large',
        `${pageLabel(index, pageCount)}is ${m.width} × ${m.height} pixels (${megapixels(m.width * m.height)}); the limit is ${megapixels(maxPage)}.`,
        { file, ...(pageCount > 1 ? { page: index + 1 } : {}) },
      );
    }
  }
  return ok({
    pageCount,
    pagePixels,
    page: (index) => decodePage(bytes, index, headers[index], pageCount, maxPage, file),
    whitePage: (index) => {
      const header = headers[index];
      if (header?.format !== 'tiff' || !whiteG4Page(bytes, index)) return undefined;
      // Upright as the decode would be: orientations 5 to 8 turn the page a quarter.
      const [width, height] = (header.orientation ?? 1) >= 5 ? [header.height, header.width] : [header.width, header.height];
      const { dpi, warnings } = pageDpi(header, width, height, index, pageCount);
      return { width, height, dpi, warnings };
    },
  });
}

/** What a page's decoding needs of its header. */
type PageHeader = Pick<Metadata, 'format' | 'width' | 'height' | 'orientation' | 'density' | 'resolutionUnit'>;

type Header = { ok: true; metadata: Metadata } | { ok: false; message: string };

async function readHeader(bytes: Uint8Array, page: number): Promise<Header> {
  try {
    const sharp = await loadSharp();
    return { ok: true, metadata: await sharp(bytes, { page, limitInputPixels: false }).metadata() };
  } catch (error) {
    return { ok: false, message: reason(error) };
  }
}

async function decodePage(
  bytes: Uint8Array,
  index: number,
  header: PageHeader,
  pageCount: number,
  maxPagePixels: number,
  file: string | undefined,
): Promise<Result<{ image: GrayImage; warnings: Warning[] }>> {
  const where = { file, ...(pageCount > 1 ? { page: index + 1 } : {}) };
  const input: SharpOptions = { page: index, limitInputPixels: maxPagePixels, failOn: 'truncated' };
  let pixels: { data: Uint8Array; width: number; height: number };
  try {
    const sharp = await loadSharp();
    pixels = await toGray(sharp(bytes, input));
  } catch (error) {
    const fallback = header.format === 'tiff' ? await decodeTiffPagesWithUtif(bytes, index, maxPagePixels) : undefined;
    if (!fallback) return fail(...damaged(bytes, `${pageLabel(index, pageCount)}could not be decoded: ${reason(error)}.`), where);
    pixels = fallback;
  }
  const { dpi, warnings } = pageDpi(header, pixels.width, pixels.height, index, pageCount);
  return ok({ image: { ...pixels, dpi }, warnings });
}

function pageDpi(header: PageHeader, width: number, height: number, index: number, pageCount: number): { dpi: number; warnings: Warning[] } {
  const dpi = resolveDpi({ format: header.format, density: header.density, resolutionUnit: header.resolutionUnit, width, height });
  const warnings: Warning[] = dpi.warning ? [{ code: 'image.dpi-assumed', message: `${pageLabel(index, pageCount)}${dpi.warning}`, ...(pageCount > 1 ? { page: index + 1 } : {}) }] : [];
  return { dpi: dpi.dpi, warnings };
}

/** Upright (EXIF orientation applied), transparency on white, 8-bit, one channel. */
async function toGray(image: Sharp): Promise<{ data: Uint8Array; width: number; height: number }> {
  const { data, info } = await image
    .autoOrient()
    .flatten({ background: '#ffffff' })
    .grayscale()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`expected one channel after grayscale, got ${info.channels}`);
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
}

/** A decoder's failure, named for its cause: cut short (the file ends inside its data) or damaged. */
function damaged(bytes: Uint8Array, detail: string): [ProblemCode, string] {
  if (isTruncated(bytes)) return ['input.truncated', `The file ends after ${bytes.length.toLocaleString('en-US')} bytes, in the middle of its image data, so it was cut short (${detail.replace(/\.$/, '')}).`];
  return ['input.corrupt', detail];
}

function pageLabel(index: number, pageCount: number): string {
  return pageCount > 1 ? `Page ${index + 1} of ${pageCount} ` : 'The image ';
}

function megapixels(pixels: number): string {
  return `${(pixels / 1e6).toFixed(1)} megapixels`;
}

function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].replace(/[.\s]+$/, '');
}

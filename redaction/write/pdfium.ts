/**
 * @module
 * The writer's own adapter over PDFium (`@embedpdf/pdfium`, PDFium compiled to
 * WebAssembly): the surgical path's glyph, image and path removal. The verifier
 * loads its own PDFium separately; nothing here is shared with it, and a release
 * this module touched names PDFium among the engines that wrote it, so the
 * verifier does not count PDFium as independent of the writer.
 *
 * ```ts
 * const { bytes: edited, refused } = await removeUnder(bytes, [{ index: 0, rects: [[72, 600, 180, 612]] }]);
 * ```
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { init } from '@embedpdf/pdfium';
import type { WrappedPdfiumModule } from '@embedpdf/pdfium';
import type { GrayImage } from '../../pipeline/model/raster.ts';
import { renderScale } from '../../pipeline/extract/limits.ts';

/** [left, bottom, right, top] in the page's PDF user space (points, y up). */
export type UserRect = [left: number, bottom: number, right: number, top: number];

export interface PageRemoval {
  /** 0-based page index. */
  index: number;
  rects: UserRect[];
}

let engine: Promise<WrappedPdfiumModule> | undefined;

function pdfium(): Promise<WrappedPdfiumModule> {
  engine ??= (async () => {
    const wasm = readFileSync(createRequire(import.meta.url).resolve('@embedpdf/pdfium/pdfium.wasm'));
    const module = await init({ wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer });
    module.PDFiumExt_Init();
    return module;
  })();
  return engine;
}

export class PdfiumError extends Error {}

export interface Removed {
  /** The whole document saved as a new file; only the pages edited differ from the input. */
  bytes: Uint8Array;
  /** Pages (0-based) left unedited, with the reason: the caller rebuilds them on the raster path. */
  refused: Map<number, string>;
}

/** FPDF_PAGEOBJ_* types. */
const IMAGE = 3;
const FORM = 5;
/** FPDF_COLORSPACE_* values whose pixels PDFium's redactor re-encodes faithfully: gray and RGB, plain or calibrated or ICC. */
const GRAY_OR_RGB = new Set([1, 2, 4, 5, 7]);

/**
 * Removes, on each listed page, every glyph whose box meets one of the rectangles
 * (in Form XObjects too), every path that lies inside one, and the covered pixels
 * of every image that meets one (set to white; the writer draws the black box over
 * them afterwards). A page is refused, and left as it was, when an image under a
 * rectangle is one the redactor cannot rewrite (bilevel, indexed, CMYK, a stencil
 * mask, or inside a form). Throws PdfiumError when PDFium cannot open, edit or save
 * the file: the caller sends every listed page down the raster path.
 */
export async function removeUnder(bytes: Uint8Array, removals: PageRemoval[]): Promise<Removed> {
  const P = await pdfium();
  const malloc = P.pdfium.wasmExports.malloc;
  const free = P.pdfium.wasmExports.free;
  const data = malloc(bytes.length);
  heapOf(P).set(bytes, data);
  const doc = P.FPDF_LoadMemDocument(data, bytes.length, '');
  const scratch = malloc(32);
  const refused = new Map<number, string>();
  try {
    if (!doc) throw new PdfiumError(`PDFium could not open the file (error ${P.FPDF_GetLastError()}).`);
    for (const removal of removals) {
      const page = P.FPDF_LoadPage(doc, removal.index);
      if (!page) throw new PdfiumError(`PDFium could not load page ${removal.index + 1}.`);
      try {
        const reason = unsupportedImage(P, page, removal.rects, scratch);
        if (reason) {
          refused.set(removal.index, reason);
          continue;
        }
        for (const [left, bottom, right, top] of removal.rects) {
          // FS_RECTF is {left, top, right, bottom} as 32-bit floats.
          P.pdfium.setValue(scratch, left, 'float');
          P.pdfium.setValue(scratch + 4, top, 'float');
          P.pdfium.setValue(scratch + 8, right, 'float');
          P.pdfium.setValue(scratch + 12, bottom, 'float');
          P.EPDFText_RedactInRect(page, scratch, true, false);
        }
        if (!P.FPDFPage_GenerateContent(page)) throw new PdfiumError(`PDFium could not rewrite the content of page ${removal.index + 1}.`);
      } finally {
        P.FPDF_ClosePage(page);
      }
    }
    return { bytes: save(P, doc), refused };
  } finally {
    if (doc) P.FPDF_CloseDocument(doc);
    free(scratch);
    free(data);
  }
}

/** Why an image under one of the rectangles cannot be blanked by the redactor, or undefined. */
function unsupportedImage(P: WrappedPdfiumModule, page: number, rects: UserRect[], scratch: number): string | undefined {
  const count = P.FPDFPage_CountObjects(page);
  for (let i = 0; i < count; i++) {
    const obj = P.FPDFPage_GetObject(page, i);
    const type = P.FPDFPageObj_GetType(obj);
    if (type !== IMAGE && type !== FORM) continue;
    if (!P.FPDFPageObj_GetBounds(obj, scratch, scratch + 4, scratch + 8, scratch + 12)) continue;
    const f = (k: number) => P.pdfium.getValue(scratch + 4 * k, 'float');
    const [left, bottom, right, top] = [f(0), f(1), f(2), f(3)];
    if (!rects.some((r) => r[0] < right && r[2] > left && r[1] < top && r[3] > bottom)) continue;
    if (type === FORM) {
      if (formHasImage(P, obj, 0)) return 'an image inside a form lies under a box';
      continue;
    }
    // FPDF_IMAGEOBJ_METADATA: width, height (uint), horizontal_dpi, vertical_dpi (float), bits_per_pixel (uint), colorspace (int), marked_content_id.
    if (!P.FPDFImageObj_GetImageMetadata(obj, page, scratch)) return 'PDFium cannot read an image under a box';
    const bpp = P.pdfium.getValue(scratch + 16, 'i32');
    const colorspace = P.pdfium.getValue(scratch + 20, 'i32');
    if (!GRAY_OR_RGB.has(colorspace) || (bpp !== 8 && bpp !== 24)) return `an image under a box is of a kind PDFium's redactor cannot rewrite (${bpp} bits per pixel, colour space ${colorspace})`;
  }
  return undefined;
}

function formHasImage(P: WrappedPdfiumModule, form: number, depth: number): boolean {
  if (depth > 12) return true;
  const count = P.FPDFFormObj_CountObjects(form);
  for (let i = 0; i < count; i++) {
    const obj = P.FPDFFormObj_GetObject(form, i);
    const type = P.FPDFPageObj_GetType(obj);
    if (type === IMAGE || (type === FORM && formHasImage(P, obj, depth + 1))) return true;
  }
  return false;
}

/** The WebAssembly memory; read afresh after each call, since it grows. */
function heapOf(P: WrappedPdfiumModule): Uint8Array {
  return (P.pdfium as unknown as { HEAPU8: Uint8Array }).HEAPU8;
}

function save(P: WrappedPdfiumModule, doc: number): Uint8Array {
  const writer = P.PDFiumExt_OpenFileWriter();
  try {
    if (!P.PDFiumExt_SaveAsCopy(doc, writer)) throw new PdfiumError('PDFium could not save the edited file.');
    const size = P.PDFiumExt_GetFileWriterSize(writer);
    const out = P.pdfium.wasmExports.malloc(size);
    try {
      P.PDFiumExt_GetFileWriterData(writer, out, size);
      return heapOf(P).slice(out, out + size);
    } finally {
      P.pdfium.wasmExports.free(out);
    }
  } finally {
    P.PDFiumExt_CloseFileWriter(writer);
  }
}

/** An open document whose pages PDFium renders in gray: the writer's quick look at how each page shows. */
export interface PdfiumRenderer {
  /** Page `index` (0-based) as displayed (its /Rotate applied), annotations included, at `dpi`, or lower for a page over `renderLimits` (the image says which). */
  render(index: number, dpi: number): GrayImage;
  close(): void;
}

const FPDF_ANNOT = 0x01;
const FPDFBITMAP_GRAY = 1;

export async function openRenderer(bytes: Uint8Array): Promise<PdfiumRenderer> {
  const P = await pdfium();
  const data = P.pdfium.wasmExports.malloc(bytes.length);
  heapOf(P).set(bytes, data);
  const doc = P.FPDF_LoadMemDocument(data, bytes.length, '');
  if (!doc) {
    P.pdfium.wasmExports.free(data);
    throw new PdfiumError(`PDFium could not open the file (error ${P.FPDF_GetLastError()}).`);
  }
  return {
    render(index, dpi) {
      const page = P.FPDF_LoadPage(doc, index);
      if (!page) throw new PdfiumError(`PDFium could not load page ${index + 1}.`);
      // A huge page (a 200-inch drawing) is drawn at a lower resolution: the bitmap lives in
      // the WebAssembly memory, which never shrinks, so one page would keep its thread large.
      const [widthPt, heightPt] = [P.FPDF_GetPageWidthF(page), P.FPDF_GetPageHeightF(page)];
      dpi = renderScale(widthPt, heightPt, dpi) * 72;
      const width = Math.max(1, Math.round((widthPt * dpi) / 72));
      const height = Math.max(1, Math.round((heightPt * dpi) / 72));
      const bitmap = P.FPDFBitmap_CreateEx(width, height, FPDFBITMAP_GRAY, 0, 0);
      try {
        if (!bitmap) throw new PdfiumError(`PDFium could not allocate a ${width}×${height} bitmap.`);
        P.FPDFBitmap_FillRect(bitmap, 0, 0, width, height, 0xffffffff);
        P.FPDF_RenderPageBitmap(bitmap, page, 0, 0, width, height, 0, FPDF_ANNOT);
        const stride = P.FPDFBitmap_GetStride(bitmap);
        const buffer = P.FPDFBitmap_GetBuffer(bitmap);
        const heap = heapOf(P);
        const out = new Uint8Array(width * height);
        for (let y = 0; y < height; y++) out.set(heap.subarray(buffer + y * stride, buffer + y * stride + width), y * width);
        return { data: out, width, height, dpi };
      } finally {
        if (bitmap) P.FPDFBitmap_Destroy(bitmap);
        P.FPDF_ClosePage(page);
      }
    },
    close() {
      P.FPDF_CloseDocument(doc);
      P.pdfium.wasmExports.free(data);
    },
  };
}

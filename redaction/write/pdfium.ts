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
  /**
   * Areas whose glyphs all go by where they start: every glyph whose origin (on its baseline)
   * lies inside one is removed, however little of its outline meets `rects`. `rects` are drawn
   * in from the word boxes so the lines above and below keep their ascenders and descenders;
   * an underscore or a low comma of a removed word sits below such a rectangle.
   */
  origins?: UserRect[];
  /**
   * Text to move along its line after the removal: every glyph whose origin lies in
   * `band` (bottom, top) at or right of `fromX` is taken out and drawn again `dx` further
   * right, each glyph at an absolute position, so no kerning number or later glyph
   * position keeps the width of what was removed.
   */
  shifts?: LineShift[];
}

export interface LineShift {
  band: [bottom: number, top: number];
  fromX: number;
  dx: number;
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
        for (const rect of removal.rects) redactAt(P, page, rect, scratch);
        if (removal.origins?.length) for (const spot of glyphsStartingIn(P, page, removal.origins)) redactAt(P, page, spot, scratch);
        // After the removal, so only glyphs that stay are read and drawn again.
        const moving = removal.shifts?.length ? relaidGlyphs(P, page, removal.shifts, scratch) : { glyphs: [], objects: [] };
        if (typeof moving === 'string') {
          refused.set(removal.index, moving);
          continue;
        }
        // Each text object's glyphs go where the object stood in the content stream, not at its end:
        // readers that follow the stream (mutool) would otherwise read a moved line after the lines below it.
        const indexOf = new Map<number, number>();
        for (let k = 0, n = P.FPDFPage_CountObjects(page); k < n; k++) indexOf.set(P.FPDFPage_GetObject(page, k), k);
        let offset = 0;
        for (const obj of [...moving.objects].sort((a, b) => indexOf.get(a)! - indexOf.get(b)!)) {
          const at = indexOf.get(obj)! + offset;
          if (!P.FPDFPage_RemoveObject(page, obj)) throw new PdfiumError('PDFium could not take out a text object to lay it out again');
          P.FPDFPageObj_Destroy(obj);
          const own = moving.glyphs.filter((g) => g.source === obj);
          own.forEach((g, k) => placeGlyph(P, doc, page, g, scratch, at + k));
          offset += own.length - 1;
        }
        if (!P.FPDFPage_GenerateContent(page)) throw new PdfiumError(`PDFium could not rewrite the content of page ${removal.index + 1}.`);
        const misplaced = moving.glyphs.length ? unmoved(P, page, moving.glyphs, removal.shifts!) : undefined;
        if (misplaced) refused.set(removal.index, misplaced);
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

/** Writes the rectangle at `at` as a FS_RECTF ({left, top, right, bottom}, 32-bit floats) and removes the glyphs, pixels and paths it meets. */
function redactAt(P: WrappedPdfiumModule, page: number, [left, bottom, right, top]: UserRect, at: number) {
  P.pdfium.setValue(at, left, 'float');
  P.pdfium.setValue(at + 4, top, 'float');
  P.pdfium.setValue(at + 8, right, 'float');
  P.pdfium.setValue(at + 12, bottom, 'float');
  P.EPDFText_RedactInRect(page, at, true, false);
}

/**
 * A point-sized rectangle at the middle of each glyph still on the page whose origin lies in
 * one of `areas`: removing there takes that glyph and no neighbour (kerned neighbours' boxes
 * may overlap at their edges, never at a glyph's middle).
 */
function glyphsStartingIn(P: WrappedPdfiumModule, page: number, areas: UserRect[]): UserRect[] {
  const text = P.FPDFText_LoadPage(page);
  if (!text) throw new PdfiumError('PDFium could not read the text of a page with text to remove.');
  const buf = P.pdfium.wasmExports.malloc(32);
  try {
    const d = (k: number) => P.pdfium.getValue(buf + 8 * k, 'double');
    const spots: UserRect[] = [];
    for (let i = 0, n = P.FPDFText_CountChars(text); i < n; i++) {
      if (P.FPDFText_IsGenerated(text, i) === 1 || P.FPDFText_GetUnicode(text, i) <= 0x20) continue;
      if (!P.FPDFText_GetCharOrigin(text, i, buf, buf + 8)) continue;
      const [x, y] = [d(0), d(1)];
      if (!areas.some((a) => x >= a[0] - 0.05 && x < a[2] - 0.05 && y >= a[1] && y <= a[3])) continue;
      // left, right, bottom, top
      if (!P.FPDFText_GetCharBox(text, i, buf, buf + 8, buf + 16, buf + 24)) continue;
      const cx = (d(0) + d(1)) / 2;
      const cy = (d(2) + d(3)) / 2;
      spots.push([cx - 0.01, cy - 0.01, cx + 0.01, cy + 0.01]);
    }
    return spots;
  } finally {
    P.pdfium.wasmExports.free(buf);
    P.FPDFText_ClosePage(text);
  }
}

/** A glyph drawn again, alone, at an absolute position (moved along its line, or where it was). */
interface MovedGlyph {
  /** The text object the glyph was drawn by (removed before the glyph is drawn again). */
  source: number;
  unicode: number;
  font: number;
  size: number;
  fill: [number, number, number, number];
  mode: number;
  /** The glyph's matrix (text matrix with the page's transforms), its origin at the new place. */
  matrix: [number, number, number, number, number, number];
  /** Where the glyph now starts, and how wide and tall its box was, to check the move. */
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * The text objects with a glyph to move, and every glyph they still hold, each to be
 * drawn alone: those at or right of a shift's `fromX` on its line moved by its `dx`,
 * the others where they are. Whole objects are laid out again, because the redactor
 * leaves the removed advance in them as a kerning number (and keeps their spaces).
 * Spaces are not drawn again: readers place word breaks from the gaps. A string when
 * the page cannot be laid out so (text to move inside a form).
 */
function relaidGlyphs(P: WrappedPdfiumModule, page: number, shifts: LineShift[], scratch: number): { glyphs: MovedGlyph[]; objects: number[] } | string {
  const text = P.FPDFText_LoadPage(page);
  if (!text) throw new PdfiumError('PDFium could not read the text of a page with text to move.');
  const buf = P.pdfium.wasmExports.malloc(64);
  try {
    const count = P.FPDFText_CountChars(text);
    const d = (k: number) => P.pdfium.getValue(buf + 8 * k, 'double');
    const chars: { i: number; x: number; y: number; obj: number }[] = [];
    const affected = new Set<number>();
    for (let i = 0; i < count; i++) {
      if (P.FPDFText_IsGenerated(text, i) === 1 || !P.FPDFText_GetCharOrigin(text, i, buf, buf + 8)) continue;
      const [x, y] = [d(0), d(1)];
      const obj = P.FPDFText_GetTextObject(text, i);
      chars.push({ i, x, y, obj });
      if (obj && shifts.some((s) => y >= s.band[0] && y <= s.band[1] && x >= s.fromX)) affected.add(obj);
    }
    if (!affected.size) return { glyphs: [], objects: [] };
    const onPage = new Set<number>();
    for (let k = 0, n = P.FPDFPage_CountObjects(page); k < n; k++) onPage.add(P.FPDFPage_GetObject(page, k));
    if ([...affected].some((o) => !onPage.has(o))) return 'text after a removal lies inside a form, so it cannot be laid out again';
    const glyphs: MovedGlyph[] = [];
    for (const c of chars) {
      if (!affected.has(c.obj)) continue;
      const unicode = P.FPDFText_GetUnicode(text, c.i);
      if (unicode <= 0x20 || unicode === 0xfffe || unicode === 0xa0) continue;
      if (unicode > 0xffff || (unicode >= 0xd800 && unicode <= 0xdfff)) return 'a character to lay out again is outside the basic plane';
      const dx = shifts.filter((s) => c.y >= s.band[0] && c.y <= s.band[1] && c.x >= s.fromX).reduce((a, s) => a + s.dx, 0);
      if (!P.FPDFTextObj_GetFontSize(c.obj, scratch)) throw new PdfiumError('a glyph to lay out has no font size');
      const size = P.pdfium.getValue(scratch, 'float');
      if (!P.FPDFText_GetFillColor(text, c.i, buf, buf + 4, buf + 8, buf + 12)) throw new PdfiumError('a glyph to lay out has no colour');
      const u = (k: number) => P.pdfium.getValue(buf + 4 * k, 'i32') >>> 0;
      const fill: [number, number, number, number] = [u(0), u(1), u(2), u(3)];
      if (!P.FPDFText_GetMatrix(text, c.i, buf)) throw new PdfiumError('a glyph to lay out has no matrix');
      const f = (k: number) => P.pdfium.getValue(buf + 4 * k, 'float');
      // A moved glyph's place is rounded to 1/1024 point: the low bits of a sum with the old position
      // would otherwise still differ with the removed width. A binary grid, because glyph advances are
      // whole thousandths of the font size, which never fall halfway between two of its points.
      const x = dx ? Math.round((c.x + dx) * 1024) / 1024 : c.x;
      const matrix: MovedGlyph['matrix'] = [f(0), f(1), f(2), f(3), x, c.y];
      if (!P.FPDFText_GetCharBox(text, c.i, buf, buf + 8, buf + 16, buf + 24)) throw new PdfiumError('a glyph to lay out has no box');
      glyphs.push({ source: c.obj, unicode, font: P.FPDFTextObj_GetFont(c.obj), size, fill, mode: P.FPDFTextObj_GetTextRenderMode(c.obj), matrix, x, y: c.y, w: d(1) - d(0), h: d(3) - d(2) });
    }
    return { glyphs, objects: [...affected] };
  } finally {
    P.pdfium.wasmExports.free(buf);
    P.FPDFText_ClosePage(text);
  }
}

/** Draws a moved glyph as its own text object at its new, absolute position, at `index` in the page's objects. */
function placeGlyph(P: WrappedPdfiumModule, doc: number, page: number, g: MovedGlyph, scratch: number, index: number) {
  const obj = P.FPDFPageObj_CreateTextObj(doc, g.font, g.size);
  if (!obj) throw new PdfiumError('PDFium could not create a text object for a moved glyph');
  const wide = P.pdfium.wasmExports.malloc(8);
  try {
    P.pdfium.setValue(wide, g.unicode, 'i16');
    P.pdfium.setValue(wide + 2, 0, 'i16');
    if (!P.FPDFText_SetText(obj, wide)) throw new PdfiumError('PDFium could not set the text of a moved glyph');
  } finally {
    P.pdfium.wasmExports.free(wide);
  }
  for (const [k, v] of g.matrix.entries()) P.pdfium.setValue(scratch + 4 * k, v, 'float');
  if (!P.FPDFPageObj_SetMatrix(obj, scratch)) throw new PdfiumError('PDFium could not place a moved glyph');
  P.FPDFPageObj_SetFillColor(obj, ...g.fill);
  P.FPDFTextObj_SetTextRenderMode(obj, g.mode);
  if (!P.FPDFPage_InsertObjectAtIndex(page, obj, index)) throw new PdfiumError('PDFium could not put a moved glyph back in its place on the page');
}

/**
 * Why the move did not come out as planned, or undefined: every moved glyph must be
 * read back at its new place with its own character, and nothing else may be left
 * on its line from where the moved text began (a glyph the redactor did not take
 * would still show the removed width).
 */
function unmoved(P: WrappedPdfiumModule, page: number, moved: MovedGlyph[], shifts: LineShift[]): string | undefined {
  const text = P.FPDFText_LoadPage(page);
  if (!text) return 'PDFium could not read the moved text back';
  const buf = P.pdfium.wasmExports.malloc(16);
  try {
    const found: { unicode: number; x: number; y: number; w: number; h: number }[] = [];
    const count = P.FPDFText_CountChars(text);
    const box = P.pdfium.wasmExports.malloc(32);
    try {
      for (let i = 0; i < count; i++) {
        if (P.FPDFText_IsGenerated(text, i) === 1 || !P.FPDFText_GetCharOrigin(text, i, buf, buf + 8)) continue;
        const boxed = P.FPDFText_GetCharBox(text, i, box, box + 8, box + 16, box + 24);
        const d = (k: number) => (boxed ? P.pdfium.getValue(box + 8 * k, 'double') : NaN);
        found.push({ unicode: P.FPDFText_GetUnicode(text, i), x: P.pdfium.getValue(buf, 'double'), y: P.pdfium.getValue(buf + 8, 'double'), w: d(1) - d(0), h: d(3) - d(2) });
      }
    } finally {
      P.pdfium.wasmExports.free(box);
    }
    // Same character, same place, same size: a glyph drawn from the wrong code or at the wrong scale would not be.
    const same = (a: number, b: number) => Math.abs(a - b) <= Math.max(0.05, 0.05 * Math.abs(b));
    for (const g of moved) {
      if (!found.some((f) => f.unicode === g.unicode && Math.abs(f.x - g.x) < 0.05 && Math.abs(f.y - g.y) < 0.05 && same(f.w, g.w) && same(f.h, g.h))) return `a moved character (U+${g.unicode.toString(16).padStart(4, '0')}) did not come out where and as it was placed`;
    }
    const isMoved = (f: { x: number; y: number }) => moved.some((g) => Math.abs(f.x - g.x) < 0.05 && Math.abs(f.y - g.y) < 0.05);
    // Spaces are not drawn again; one PDFium reports there is its own reading of the new gaps.
    const left = found.find((f) => f.unicode > 0x20 && f.unicode !== 0xa0 && shifts.some((s) => f.y >= s.band[0] && f.y <= s.band[1] && f.x >= s.fromX) && !isMoved(f));
    if (left) return `a character (U+${left.unicode.toString(16).padStart(4, '0')}) after a removal stayed where it was, so its position would still tell the removed width`;
    return undefined;
  } finally {
    P.pdfium.wasmExports.free(buf);
    P.FPDFText_ClosePage(text);
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

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

/**
 * The engine's own exports for the calls made once a glyph or once a page object: the
 * wrapper's functions check and convert their arguments on every call (two fifths of the
 * removal's CPU on a report with boxes on every page). Flags go in, and come out, as 1 or 0.
 */
interface Exports {
  memory: WebAssembly.Memory;
  FPDF_LoadPage(doc: number, index: number): number;
  FPDF_ClosePage(page: number): void;
  FPDFPage_CountObjects(page: number): number;
  FPDFPage_GetObject(page: number, index: number): number;
  FPDFPage_RemoveObject(page: number, obj: number): number;
  FPDFPage_InsertObjectAtIndex(page: number, obj: number, index: number): number;
  FPDFPage_GenerateContent(page: number): number;
  FPDFPageObj_Destroy(obj: number): void;
  FPDFPageObj_GetType(obj: number): number;
  FPDFPageObj_GetBounds(obj: number, left: number, bottom: number, right: number, top: number): number;
  FPDFPageObj_CreateTextObj(doc: number, font: number, size: number): number;
  FPDFPageObj_SetMatrix(obj: number, matrix: number): number;
  FPDFPageObj_SetFillColor(obj: number, r: number, g: number, b: number, a: number): number;
  FPDFImageObj_GetImageMetadata(obj: number, page: number, metadata: number): number;
  FPDFFormObj_CountObjects(form: number): number;
  FPDFFormObj_GetObject(form: number, index: number): number;
  EPDFText_RedactInRect(page: number, rect: number, recurseForms: number, drawBlackBoxes: number): number;
  FPDFText_LoadPage(page: number): number;
  FPDFText_ClosePage(text: number): void;
  FPDFText_CountChars(text: number): number;
  FPDFText_IsGenerated(text: number, index: number): number;
  FPDFText_GetUnicode(text: number, index: number): number;
  FPDFText_GetCharOrigin(text: number, index: number, x: number, y: number): number;
  FPDFText_GetCharBox(text: number, index: number, left: number, right: number, bottom: number, top: number): number;
  FPDFText_GetTextObject(text: number, index: number): number;
  FPDFText_GetFillColor(text: number, index: number, r: number, g: number, b: number, a: number): number;
  FPDFText_GetMatrix(text: number, index: number, matrix: number): number;
  FPDFText_SetText(obj: number, text: number): number;
  FPDFTextObj_GetFont(obj: number): number;
  FPDFTextObj_GetFontSize(obj: number, size: number): number;
  FPDFTextObj_GetTextRenderMode(obj: number): number;
  FPDFTextObj_SetTextRenderMode(obj: number, mode: number): number;
}

/** The exports this module calls directly, checked once: a build without one of them fails here, not mid-page. */
function exportsOf(P: WrappedPdfiumModule): Exports {
  const all = (P.pdfium as unknown as { wasmExports: Record<string, unknown> }).wasmExports;
  const names: (keyof Exports)[] = [
    'memory', 'FPDF_LoadPage', 'FPDF_ClosePage', 'FPDFPage_CountObjects', 'FPDFPage_GetObject', 'FPDFPage_RemoveObject', 'FPDFPage_InsertObjectAtIndex',
    'FPDFPage_GenerateContent', 'FPDFPageObj_Destroy', 'FPDFPageObj_GetType', 'FPDFPageObj_GetBounds', 'FPDFPageObj_CreateTextObj', 'FPDFPageObj_SetMatrix',
    'FPDFPageObj_SetFillColor', 'FPDFImageObj_GetImageMetadata', 'FPDFFormObj_CountObjects', 'FPDFFormObj_GetObject', 'EPDFText_RedactInRect',
    'FPDFText_LoadPage', 'FPDFText_ClosePage', 'FPDFText_CountChars', 'FPDFText_IsGenerated', 'FPDFText_GetUnicode', 'FPDFText_GetCharOrigin',
    'FPDFText_GetCharBox', 'FPDFText_GetTextObject', 'FPDFText_GetFillColor', 'FPDFText_GetMatrix', 'FPDFText_SetText', 'FPDFTextObj_GetFont',
    'FPDFTextObj_GetFontSize', 'FPDFTextObj_GetTextRenderMode', 'FPDFTextObj_SetTextRenderMode',
  ];
  const missing = names.filter((n) => (n === 'memory' ? !(all.memory instanceof WebAssembly.Memory) : typeof all[n] !== 'function'));
  if (missing.length) throw new PdfiumError(`this PDFium build lacks ${missing.join(', ')}`);
  return all as unknown as Exports;
}

/**
 * Typed views of the WebAssembly memory. Growing the memory (any PDFium call may allocate)
 * detaches the buffer under the old views, so read them through `fresh()` after each call.
 */
export class Heap {
  readonly #memory: WebAssembly.Memory;
  #buffer: ArrayBuffer | undefined;
  f32 = new Float32Array(0);
  f64 = new Float64Array(0);
  u32 = new Uint32Array(0);
  u16 = new Uint16Array(0);
  constructor(memory: WebAssembly.Memory) {
    this.#memory = memory;
  }
  fresh(): this {
    const buffer = this.#memory.buffer;
    if (buffer !== this.#buffer) {
      this.#buffer = buffer;
      this.f32 = new Float32Array(buffer);
      this.f64 = new Float64Array(buffer);
      this.u32 = new Uint32Array(buffer);
      this.u16 = new Uint16Array(buffer);
    }
    return this;
  }
}

/** What the removal works with: the exports, the memory's views, and one scratch buffer (64 bytes, 8-aligned) reused by every call. */
interface Engine {
  x: Exports;
  heap: Heap;
  scratch: number;
}

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
  const x = exportsOf(P);
  const malloc = P.pdfium.wasmExports.malloc;
  const free = P.pdfium.wasmExports.free;
  const data = malloc(bytes.length);
  heapOf(P).set(bytes, data);
  const doc = P.FPDF_LoadMemDocument(data, bytes.length, '');
  const scratch = malloc(64);
  const e: Engine = { x, heap: new Heap(x.memory), scratch };
  const refused = new Map<number, string>();
  try {
    if (!doc) throw new PdfiumError(`PDFium could not open the file (error ${P.FPDF_GetLastError()}).`);
    if (!scratch || scratch % 8) throw new PdfiumError('PDFium gave no aligned scratch memory.');
    for (const removal of removals) {
      const page = x.FPDF_LoadPage(doc, removal.index);
      if (!page) throw new PdfiumError(`PDFium could not load page ${removal.index + 1}.`);
      try {
        const reason = unsupportedImage(e, page, removal.rects);
        if (reason) {
          refused.set(removal.index, reason);
          continue;
        }
        for (const rect of removal.rects) redactAt(e, page, rect);
        if (removal.origins?.length) for (const spot of glyphsStartingIn(e, page, removal.origins)) redactAt(e, page, spot);
        // After the removal, so only glyphs that stay are read and drawn again.
        const moving = removal.shifts?.length ? relaidGlyphs(e, page, removal.shifts) : { glyphs: [], objects: [] };
        if (typeof moving === 'string') {
          refused.set(removal.index, moving);
          continue;
        }
        // Each text object's glyphs go where the object stood in the content stream, not at its end:
        // readers that follow the stream (mutool) would otherwise read a moved line after the lines below it.
        const indexOf = new Map<number, number>();
        if (moving.objects.length) for (let k = 0, n = x.FPDFPage_CountObjects(page); k < n; k++) indexOf.set(x.FPDFPage_GetObject(page, k), k);
        let offset = 0;
        for (const obj of [...moving.objects].sort((a, b) => indexOf.get(a)! - indexOf.get(b)!)) {
          const at = indexOf.get(obj)! + offset;
          if (!x.FPDFPage_RemoveObject(page, obj)) throw new PdfiumError('PDFium could not take out a text object to lay it out again');
          x.FPDFPageObj_Destroy(obj);
          const own = moving.glyphs.filter((g) => g.source === obj);
          own.forEach((g, k) => placeGlyph(e, doc, page, g, at + k));
          offset += own.length - 1;
        }
        if (!x.FPDFPage_GenerateContent(page)) throw new PdfiumError(`PDFium could not rewrite the content of page ${removal.index + 1}.`);
        const misplaced = moving.glyphs.length ? unmoved(e, page, moving.glyphs, removal.shifts!) : undefined;
        if (misplaced) refused.set(removal.index, misplaced);
      } finally {
        x.FPDF_ClosePage(page);
      }
    }
    return { bytes: save(P, doc), refused };
  } finally {
    if (doc) P.FPDF_CloseDocument(doc);
    free(scratch);
    free(data);
  }
}

/** Writes the rectangle at the scratch buffer as a FS_RECTF ({left, top, right, bottom}, 32-bit floats) and removes the glyphs, pixels and paths it meets. */
function redactAt({ x, heap, scratch }: Engine, page: number, [left, bottom, right, top]: UserRect) {
  const f = heap.fresh().f32;
  const at = scratch >> 2;
  f[at] = left;
  f[at + 1] = top;
  f[at + 2] = right;
  f[at + 3] = bottom;
  x.EPDFText_RedactInRect(page, scratch, 1, 0);
}

/**
 * A point-sized rectangle at the middle of each glyph still on the page whose origin lies in
 * one of `areas`: removing there takes that glyph and no neighbour (kerned neighbours' boxes
 * may overlap at their edges, never at a glyph's middle).
 */
function glyphsStartingIn({ x, heap, scratch }: Engine, page: number, areas: UserRect[]): UserRect[] {
  const text = x.FPDFText_LoadPage(page);
  if (!text) throw new PdfiumError('PDFium could not read the text of a page with text to remove.');
  try {
    const at = scratch >> 3;
    const spots: UserRect[] = [];
    for (let i = 0, n = x.FPDFText_CountChars(text); i < n; i++) {
      if (x.FPDFText_IsGenerated(text, i) === 1 || x.FPDFText_GetUnicode(text, i) <= 0x20) continue;
      if (!x.FPDFText_GetCharOrigin(text, i, scratch, scratch + 8)) continue;
      let d = heap.fresh().f64;
      const [px, py] = [d[at], d[at + 1]];
      if (!areas.some((a) => px >= a[0] - 0.05 && px < a[2] - 0.05 && py >= a[1] && py <= a[3])) continue;
      // left, right, bottom, top
      if (!x.FPDFText_GetCharBox(text, i, scratch, scratch + 8, scratch + 16, scratch + 24)) continue;
      d = heap.fresh().f64;
      const cx = (d[at] + d[at + 1]) / 2;
      const cy = (d[at + 2] + d[at + 3]) / 2;
      spots.push([cx - 0.01, cy - 0.01, cx + 0.01, cy + 0.01]);
    }
    return spots;
  } finally {
    x.FPDFText_ClosePage(text);
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
function relaidGlyphs({ x, heap, scratch }: Engine, page: number, shifts: LineShift[]): { glyphs: MovedGlyph[]; objects: number[] } | string {
  const text = x.FPDFText_LoadPage(page);
  if (!text) throw new PdfiumError('PDFium could not read the text of a page with text to move.');
  try {
    const count = x.FPDFText_CountChars(text);
    const at8 = scratch >> 3;
    const at4 = scratch >> 2;
    const chars: { i: number; x: number; y: number; obj: number }[] = [];
    const affected = new Set<number>();
    for (let i = 0; i < count; i++) {
      if (x.FPDFText_IsGenerated(text, i) === 1 || !x.FPDFText_GetCharOrigin(text, i, scratch, scratch + 8)) continue;
      const d = heap.fresh().f64;
      const [cx, cy] = [d[at8], d[at8 + 1]];
      const obj = x.FPDFText_GetTextObject(text, i);
      chars.push({ i, x: cx, y: cy, obj });
      if (obj && shifts.some((s) => cy >= s.band[0] && cy <= s.band[1] && cx >= s.fromX)) affected.add(obj);
    }
    if (!affected.size) return { glyphs: [], objects: [] };
    const onPage = new Set<number>();
    for (let k = 0, n = x.FPDFPage_CountObjects(page); k < n; k++) onPage.add(x.FPDFPage_GetObject(page, k));
    if ([...affected].some((o) => !onPage.has(o))) return 'text after a removal lies inside a form, so it cannot be laid out again';
    const glyphs: MovedGlyph[] = [];
    for (const c of chars) {
      if (!affected.has(c.obj)) continue;
      const unicode = x.FPDFText_GetUnicode(text, c.i);
      if (unicode <= 0x20 || unicode === 0xfffe || unicode === 0xa0) continue;
      if (unicode > 0xffff || (unicode >= 0xd800 && unicode <= 0xdfff)) return 'a character to lay out again is outside the basic plane';
      const dx = shifts.filter((s) => c.y >= s.band[0] && c.y <= s.band[1] && c.x >= s.fromX).reduce((a, s) => a + s.dx, 0);
      if (!x.FPDFTextObj_GetFontSize(c.obj, scratch)) throw new PdfiumError('a glyph to lay out has no font size');
      const size = heap.fresh().f32[at4];
      if (!x.FPDFText_GetFillColor(text, c.i, scratch, scratch + 4, scratch + 8, scratch + 12)) throw new PdfiumError('a glyph to lay out has no colour');
      const u = heap.fresh().u32;
      const fill: [number, number, number, number] = [u[at4], u[at4 + 1], u[at4 + 2], u[at4 + 3]];
      if (!x.FPDFText_GetMatrix(text, c.i, scratch)) throw new PdfiumError('a glyph to lay out has no matrix');
      const f = heap.fresh().f32;
      // A moved glyph's place is rounded to 1/1024 point: the low bits of a sum with the old position
      // would otherwise still differ with the removed width. A binary grid, because glyph advances are
      // whole thousandths of the font size, which never fall halfway between two of its points.
      const nx = dx ? Math.round((c.x + dx) * 1024) / 1024 : c.x;
      const matrix: MovedGlyph['matrix'] = [f[at4], f[at4 + 1], f[at4 + 2], f[at4 + 3], nx, c.y];
      if (!x.FPDFText_GetCharBox(text, c.i, scratch, scratch + 8, scratch + 16, scratch + 24)) throw new PdfiumError('a glyph to lay out has no box');
      const d = heap.fresh().f64;
      glyphs.push({ source: c.obj, unicode, font: x.FPDFTextObj_GetFont(c.obj), size, fill, mode: x.FPDFTextObj_GetTextRenderMode(c.obj), matrix, x: nx, y: c.y, w: d[at8 + 1] - d[at8], h: d[at8 + 3] - d[at8 + 2] });
    }
    return { glyphs, objects: [...affected] };
  } finally {
    x.FPDFText_ClosePage(text);
  }
}

/** Draws a moved glyph as its own text object at its new, absolute position, at `index` in the page's objects. */
function placeGlyph({ x, heap, scratch }: Engine, doc: number, page: number, g: MovedGlyph, index: number) {
  const obj = x.FPDFPageObj_CreateTextObj(doc, g.font, g.size);
  if (!obj) throw new PdfiumError('PDFium could not create a text object for a moved glyph');
  // The glyph as a UTF-16 string with its terminating zero; PDFium copies it.
  const w = heap.fresh().u16;
  w[scratch >> 1] = g.unicode;
  w[(scratch >> 1) + 1] = 0;
  if (!x.FPDFText_SetText(obj, scratch)) throw new PdfiumError('PDFium could not set the text of a moved glyph');
  const f = heap.fresh().f32;
  for (const [k, v] of g.matrix.entries()) f[(scratch >> 2) + k] = v;
  if (!x.FPDFPageObj_SetMatrix(obj, scratch)) throw new PdfiumError('PDFium could not place a moved glyph');
  x.FPDFPageObj_SetFillColor(obj, ...g.fill);
  x.FPDFTextObj_SetTextRenderMode(obj, g.mode);
  if (!x.FPDFPage_InsertObjectAtIndex(page, obj, index)) throw new PdfiumError('PDFium could not put a moved glyph back in its place on the page');
}

/**
 * Why the move did not come out as planned, or undefined: every moved glyph must be
 * read back at its new place with its own character, and nothing else may be left
 * on its line from where the moved text began (a glyph the redactor did not take
 * would still show the removed width).
 */
function unmoved({ x, heap, scratch }: Engine, page: number, moved: MovedGlyph[], shifts: LineShift[]): string | undefined {
  const text = x.FPDFText_LoadPage(page);
  if (!text) return 'PDFium could not read the moved text back';
  try {
    const found: { unicode: number; x: number; y: number; w: number; h: number }[] = [];
    const count = x.FPDFText_CountChars(text);
    // The origin at scratch, the box 16 bytes on.
    const at = scratch >> 3;
    const box = scratch + 16;
    for (let i = 0; i < count; i++) {
      if (x.FPDFText_IsGenerated(text, i) === 1 || !x.FPDFText_GetCharOrigin(text, i, scratch, scratch + 8)) continue;
      const boxed = x.FPDFText_GetCharBox(text, i, box, box + 8, box + 16, box + 24);
      const unicode = x.FPDFText_GetUnicode(text, i);
      const d = heap.fresh().f64;
      const b = (k: number) => (boxed ? d[at + 2 + k] : NaN);
      found.push({ unicode, x: d[at], y: d[at + 1], w: b(1) - b(0), h: b(3) - b(2) });
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
    x.FPDFText_ClosePage(text);
  }
}

/** Why an image under one of the rectangles cannot be blanked by the redactor, or undefined. */
function unsupportedImage({ x, heap, scratch }: Engine, page: number, rects: UserRect[]): string | undefined {
  const count = x.FPDFPage_CountObjects(page);
  const at = scratch >> 2;
  for (let i = 0; i < count; i++) {
    const obj = x.FPDFPage_GetObject(page, i);
    const type = x.FPDFPageObj_GetType(obj);
    if (type !== IMAGE && type !== FORM) continue;
    if (!x.FPDFPageObj_GetBounds(obj, scratch, scratch + 4, scratch + 8, scratch + 12)) continue;
    const f = heap.fresh().f32;
    const [left, bottom, right, top] = [f[at], f[at + 1], f[at + 2], f[at + 3]];
    if (!rects.some((r) => r[0] < right && r[2] > left && r[1] < top && r[3] > bottom)) continue;
    if (type === FORM) {
      if (formHasImage(x, obj, 0)) return 'an image inside a form lies under a box';
      continue;
    }
    // FPDF_IMAGEOBJ_METADATA: width, height (uint), horizontal_dpi, vertical_dpi (float), bits_per_pixel (uint), colorspace (int), marked_content_id.
    if (!x.FPDFImageObj_GetImageMetadata(obj, page, scratch)) return 'PDFium cannot read an image under a box';
    const u = heap.fresh().u32;
    const bpp = u[at + 4] | 0;
    const colorspace = u[at + 5] | 0;
    if (!GRAY_OR_RGB.has(colorspace) || (bpp !== 8 && bpp !== 24)) return `an image under a box is of a kind PDFium's redactor cannot rewrite (${bpp} bits per pixel, colour space ${colorspace})`;
  }
  return undefined;
}

function formHasImage(x: Exports, form: number, depth: number): boolean {
  if (depth > 12) return true;
  const count = x.FPDFFormObj_CountObjects(form);
  for (let i = 0; i < count; i++) {
    const obj = x.FPDFFormObj_GetObject(form, i);
    const type = x.FPDFPageObj_GetType(obj);
    if (type === IMAGE || (type === FORM && formHasImage(x, obj, depth + 1))) return true;
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

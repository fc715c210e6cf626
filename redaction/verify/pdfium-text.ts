/**
 * @module
 * The verifier's PDFium adapter: Google's PDF engine (Chrome's), compiled to
 * WebAssembly and shipped in npm (`@embedpdf/pdfium`), so every machine has a
 * second text engine beside pdf.js without installing anything. It shares no
 * code with pdf.js, poppler or MuPDF. The module is loaded once per process or
 * worker thread; each call copies the PDF into the engine's memory, reads every
 * page's text and character boxes, and frees all it allocated.
 *
 * ```ts
 * const out = await pdfiumText(pdf);
 * if (out.ok) for (const page of out.value.pages) console.log(page.text);
 * ```
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { init } from '@embedpdf/pdfium';
import type { WrappedPdfiumModule } from '@embedpdf/pdfium';
import type { ToolOutcome, ToolText, ToolWord } from './tools.ts';

let engine: Promise<WrappedPdfiumModule> | undefined;

/** The engine of this thread, started on first use (the input audit borrows it to render). */
export function pdfium(): Promise<WrappedPdfiumModule> {
  engine ??= (async () => {
    const wasm = await readFile(createRequire(import.meta.url).resolve('@embedpdf/pdfium/pdfium.wasm'));
    const module = await init({ wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) } as never);
    module.PDFiumExt_Init();
    return module;
  })();
  // A failed start is not cached: the next call tries again.
  engine.catch(() => (engine = undefined));
  return engine;
}

/** After a trap inside the engine its memory cannot be trusted: the next call starts a fresh one. */
export function discardPdfium(): void {
  engine = undefined;
}

/** FPDF_GetLastError's codes, in words. */
const loadErrors: Record<number, string> = { 1: 'unknown error', 2: 'file not found or unreadable', 3: 'not a PDF or damaged', 4: 'password required', 5: 'unsupported security scheme', 6: 'page not found or damaged' };

/** Device units per point when mapping to top-left coordinates: FPDF_PageToDevice returns whole units. */
const SUB = 16;
/** Points between the three points that fix the page's transform. */
const FAR = 1000;

export async function pdfiumText(pdf: Uint8Array): Promise<ToolOutcome> {
  let P: WrappedPdfiumModule;
  try {
    P = await pdfium();
  } catch (error) {
    return { ok: false, missing: true, message: `PDFium (WebAssembly) could not start: ${(error as Error).message}; reinstall the dependencies (npm ci)` };
  }
  const heap = P.pdfium;
  const { malloc, free } = heap.wasmExports;
  const data = malloc(pdf.byteLength);
  // Scratch space: a FS_RECTF (4 floats) and two ints for PageToDevice.
  const scratch = malloc(32);
  let doc = 0;
  try {
    // The Emscripten heap view (untyped here: the package's types lean on @types/emscripten).
    (heap as unknown as { HEAPU8: Uint8Array }).HEAPU8.set(pdf, data);
    doc = P.FPDF_LoadMemDocument(data, pdf.byteLength, '');
    if (!doc) {
      const code = P.FPDF_GetLastError();
      return { ok: false, missing: false, message: `PDFium could not open the PDF (${loadErrors[code] ?? `error ${code}`})` };
    }
    const pages: ToolText['pages'] = [];
    const count = P.FPDF_GetPageCount(doc);
    for (let i = 0; i < count; i++) {
      const page = P.FPDF_LoadPage(doc, i);
      if (!page) return { ok: false, missing: false, message: `PDFium could not load page ${i + 1}` };
      const text = P.FPDFText_LoadPage(page);
      try {
        pages.push(text ? readPage(P, page, text, scratch) : { text: '', words: [] });
      } finally {
        if (text) P.FPDFText_ClosePage(text);
        P.FPDF_ClosePage(page);
      }
    }
    return { ok: true, value: { tool: 'pdfium', pages } };
  } catch (error) {
    // A WebAssembly trap (a PDFium bug on this file): no text from this engine, and a fresh one next time.
    discardPdfium();
    return { ok: false, missing: false, message: `PDFium failed on the PDF (${(error as Error).message})` };
  } finally {
    if (doc) P.FPDF_CloseDocument(doc);
    free(scratch);
    free(data);
  }
}

function isSpace(code: number): boolean {
  return code <= 32 || code === 0xa0 || (code >= 0x2000 && code <= 0x200b) || code === 0x3000 || code === 0xfeff;
}

/** One page's text and words (whitespace-separated runs of characters), boxes in top-left points. */
function readPage(P: WrappedPdfiumModule, page: number, text: number, scratch: number): { text: string; words: ToolWord[] } {
  const read = pageWords(P, page, text, scratch);
  return { text: read.text, words: read.words.map((w) => ({ text: w.text, box: w.box })) };
}

function pageText(P: WrappedPdfiumModule, text: number, n: number): string {
  const heap = P.pdfium;
  const buffer = heap.wasmExports.malloc((n + 1) * 2);
  try {
    return P.FPDFText_GetText(text, 0, n, buffer) > 0 ? heap.UTF16ToString(buffer) : '';
  } finally {
    heap.wasmExports.free(buffer);
  }
}

export interface PdfiumWord extends ToolWord {
  /** PDFium's indexes of the word's characters on the text page. */
  chars: number[];
}

/**
 * The text of a loaded page and its words (runs of characters between spaces), each with its
 * box in top-left points and its character indexes. `scratch` is 32 bytes of engine memory.
 */
export function pageWords(P: WrappedPdfiumModule, page: number, text: number, scratch: number): { text: string; words: PdfiumWord[] } {
  const heap = P.pdfium;
  const n = P.FPDFText_CountChars(text);
  const all = pageText(P, text, n);
  // One UTF-16 unit a character (no surrogate pairs): the characters come from the text, not a call each.
  const fromText = all.length === n;
  const width = P.FPDF_GetPageWidthF(page);
  const height = P.FPDF_GetPageHeightF(page);
  // Page space (PDF user space, rotation and crop box applied by PDFium) to top-left points: an
  // affine map, read once from three points (PDFium gives whole device units, so far apart ones).
  const device = (x: number, y: number): [number, number] => {
    P.FPDF_PageToDevice(page, 0, 0, Math.round(width * SUB), Math.round(height * SUB), 0, x, y, scratch + 16, scratch + 20);
    return [heap.getValue(scratch + 16, 'i32') / SUB, heap.getValue(scratch + 20, 'i32') / SUB];
  };
  const [ox, oy] = device(0, 0);
  const [xx, xy] = device(FAR, 0);
  const [yx, yy] = device(0, FAR);
  const m = [(xx - ox) / FAR, (xy - oy) / FAR, (yx - ox) / FAR, (yy - oy) / FAR];
  // The FS_RECTF PDFium writes, read straight from its memory (the view is made after any growth).
  const rect = new Float32Array((heap as unknown as { HEAPU8: Uint8Array }).HEAPU8.buffer, scratch, 4);
  // Called once a character: the engine's own export, not the wrapper that checks and converts its arguments each call.
  const looseCharBox = charBoxExport(P);
  const words: PdfiumWord[] = [];
  let letters = '';
  let chars: number[] = [];
  // The word's box so far, as four numbers: no array a character (this loop reads every glyph of a release).
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  const close = () => {
    if (letters && x0 <= x1) words.push({ text: letters, box: [x0, y0, x1, y1], chars });
    letters = '';
    chars = [];
    x0 = y0 = Infinity;
    x1 = y1 = -Infinity;
  };
  for (let i = 0; i < n; i++) {
    const code = fromText ? all.charCodeAt(i) : P.FPDFText_GetUnicode(text, i);
    // U+FFFE: PDFium's mark for a hyphen that breaks a word at a line's end, with no line break
    // after it. Read as one, the two halves make one "word" whose box spans both lines from margin
    // to margin and meets any box on either. Each half is a word on its own line; the page text
    // keeps the mark, so a removed word split so is still found there.
    if (isSpace(code) || code === 0xfffe) {
      close();
      continue;
    }
    letters += String.fromCodePoint(code);
    chars.push(i);
    // The loose box spans the font's ascent and descent, as pdf.js and poppler measure a word.
    if (!looseCharBox(text, i, scratch)) continue;
    const left = rect[0];
    const top = rect[1];
    const right = rect[2];
    const bottom = rect[3];
    const ax = ox + left * m[0] + top * m[2];
    const ay = oy + left * m[1] + top * m[3];
    const bx = ox + right * m[0] + bottom * m[2];
    const by = oy + right * m[1] + bottom * m[3];
    x0 = Math.min(x0, ax, bx);
    y0 = Math.min(y0, ay, by);
    x1 = Math.max(x1, ax, bx);
    y1 = Math.max(y1, ay, by);
  }
  close();
  return { text: all, words };
}

/** FPDFText_GetLooseCharBox as the module exports it (returns 0 or 1), or the wrapped call where it does not. */
function charBoxExport(P: WrappedPdfiumModule): (text: number, index: number, rect: number) => unknown {
  const raw = (P.pdfium as unknown as { wasmExports?: Record<string, unknown> }).wasmExports?.FPDFText_GetLooseCharBox;
  return typeof raw === 'function' ? (raw as (text: number, index: number, rect: number) => number) : (text, index, rect) => P.FPDFText_GetLooseCharBox(text, index, rect);
}

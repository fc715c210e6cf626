/**
 * @module
 * Which of two different words drawn in the same place a reader actually sees.
 * Ink cannot tell: corrected text typed over a white box leaves ink exactly where
 * the hidden word lies. So the page is rendered twice with PDFium, once as it is and
 * once without the text objects that draw the word; where the word lies, a word that
 * shows changes the pixels, and a hidden one (under a white box, or drawn first and
 * painted over) changes nothing. Only words `overdrawn` names are rendered this way,
 * which ordinary pages do not have.
 *
 * ```ts
 * const hidden = await hiddenUnderDrawing(bytes, document);
 * ```
 */
import type { WrappedPdfiumModule } from '@embedpdf/pdfium';
import type { Box, Document, Word } from '../../pipeline/model/types.ts';
import { discardPdfium, pageWords, pdfium } from '../verify/pdfium-text.ts';
import { overdrawn, textKey } from './glyph-visibility.ts';

/** Render scale (pixels a point): 2 is 144 DPI, enough to see a 6 pt glyph. */
const SCALE = 2;
/** Pixels whose colour moves by more than this count as changed. */
const CHANGED = 40;
/** A word that changes at most this share of its box's pixels when left out does not show. */
const MAX_CHANGED_SHARE = 0.002;
const FPDF_ANNOT = 0x01;

export interface OverdrawnWord {
  page: number;
  word: Word;
}

/** The words of `document` that are drawn over another word and do not show. Fails open to none when PDFium cannot read the file. */
export async function hiddenUnderDrawing(bytes: Uint8Array, document: Pick<Document, 'pages'>): Promise<OverdrawnWord[]> {
  const candidates = document.pages.map((p) => ({ page: p, words: overdrawn(p.words).map((i) => p.words[i]) })).filter((c) => c.words.length);
  if (!candidates.length) return [];
  let P: WrappedPdfiumModule;
  try {
    P = await pdfium();
  } catch {
    return [];
  }
  const heap = P.pdfium;
  const data = heap.wasmExports.malloc(bytes.byteLength);
  const scratch = heap.wasmExports.malloc(32);
  let doc = 0;
  const out: OverdrawnWord[] = [];
  try {
    (heap as unknown as { HEAPU8: Uint8Array }).HEAPU8.set(bytes, data);
    doc = P.FPDF_LoadMemDocument(data, bytes.byteLength, '');
    if (!doc) return [];
    for (const { page, words } of candidates) {
      for (const word of words) {
        const share = withPage(P, doc, page.number - 1, (handle) => {
          const objects = textObjectsOf(P, handle, word, scratch);
          if (!objects.length) return undefined;
          const before = render(P, handle, word.box);
          // Only objects drawn by the page itself can be left out; one inside a form is not judged.
          const removed = objects.filter((o) => P.FPDFPage_RemoveObject(handle, o));
          const after = removed.length === objects.length ? render(P, handle, word.box) : undefined;
          for (const o of removed) P.FPDFPageObj_Destroy(o);
          return after ? changedShare(before, after) : undefined;
        });
        if (share !== undefined && share <= MAX_CHANGED_SHARE) out.push({ page: page.number, word });
      }
    }
  } catch {
    // A WebAssembly trap (a PDFium bug on this file): what was judged stands, and the engine is started afresh.
    discardPdfium();
    return out;
  } finally {
    try {
      if (doc) P.FPDF_CloseDocument(doc);
      heap.wasmExports.free(scratch);
      heap.wasmExports.free(data);
    } catch {
      // The engine is already discarded.
    }
  }
  return out;
}

function withPage<T>(P: WrappedPdfiumModule, doc: number, index: number, use: (page: number) => T): T | undefined {
  const page = P.FPDF_LoadPage(doc, index);
  if (!page) return undefined;
  try {
    return use(page);
  } finally {
    P.FPDF_ClosePage(page);
  }
}

interface Rgb {
  data: Uint8Array;
  width: number;
  height: number;
  stride: number;
}

/** The part of the page under `box` as a reader sees it (annotations drawn), BGRx at SCALE pixels a point. */
function render(P: WrappedPdfiumModule, page: number, box: Box): Rgb {
  const pageWidth = Math.ceil(P.FPDF_GetPageWidthF(page) * SCALE);
  const pageHeight = Math.ceil(P.FPDF_GetPageHeightF(page) * SCALE);
  const x0 = Math.max(0, Math.floor(box[0] * SCALE));
  const y0 = Math.max(0, Math.floor(box[1] * SCALE));
  const width = Math.max(1, Math.min(pageWidth, Math.ceil(box[2] * SCALE)) - x0);
  const height = Math.max(1, Math.min(pageHeight, Math.ceil(box[3] * SCALE)) - y0);
  const bitmap = P.FPDFBitmap_Create(width, height, 0);
  try {
    P.FPDFBitmap_FillRect(bitmap, 0, 0, width, height, 0xffffffff);
    // The whole page placed so that only the box's part falls on the bitmap.
    P.FPDF_RenderPageBitmap(bitmap, page, -x0, -y0, pageWidth, pageHeight, 0, FPDF_ANNOT);
    const stride = P.FPDFBitmap_GetStride(bitmap);
    const at = P.FPDFBitmap_GetBuffer(bitmap);
    return { data: (P.pdfium as unknown as { HEAPU8: Uint8Array }).HEAPU8.slice(at, at + stride * height), width, height, stride };
  } finally {
    P.FPDFBitmap_Destroy(bitmap);
  }
}

/** Share of the pixels that differ between two renders of the same area. */
function changedShare(a: Rgb, b: Rgb): number {
  let changed = 0;
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      const i = y * a.stride + x * 4;
      if (Math.abs(a.data[i] - b.data[i]) > CHANGED || Math.abs(a.data[i + 1] - b.data[i + 1]) > CHANGED || Math.abs(a.data[i + 2] - b.data[i + 2]) > CHANGED) changed++;
    }
  }
  return changed / (a.width * a.height);
}

/**
 * The text objects that draw `word`: PDFium's word with the same letters whose box overlaps the
 * word's most; none when no such word lies where it does.
 */
function textObjectsOf(P: WrappedPdfiumModule, page: number, word: Word, scratch: number): number[] {
  const text = P.FPDFText_LoadPage(page);
  if (!text) return [];
  try {
    const want = textKey(word.text);
    let best: { share: number; chars: number[] } = { share: 0, chars: [] };
    for (const w of pageWords(P, page, text, scratch).words) {
      if (textKey(w.text) !== want) continue;
      const overlap = Math.max(0, Math.min(w.box[2], word.box[2]) - Math.max(w.box[0], word.box[0])) * Math.max(0, Math.min(w.box[3], word.box[3]) - Math.max(w.box[1], word.box[1]));
      const union = area(w.box) + area(word.box) - overlap;
      if (union > 0 && overlap / union > best.share) best = { share: overlap / union, chars: w.chars };
    }
    // The same word only when PDFium places it where the extractor did (boxes overlapping by half
    // their union at least): text PDFium does not read as page text (an annotation's) is not judged here.
    if (best.share < 0.5) return [];
    return [...new Set(best.chars.map((i) => P.FPDFText_GetTextObject(text, i)).filter((o) => o))];
  } finally {
    P.FPDFText_ClosePage(text);
  }
}

function area(b: Box): number {
  return Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);
}

/**
 * @module
 * The one document model every stage reads and writes:
 * Document → Page → Word, then Finding and Redaction, which point back at words and boxes.
 * Types only; helpers live beside it (`document-text.ts`, `schema.ts`).
 *
 * Coordinates: PDF points (1/72 in), origin at the page's top-left as displayed
 * (after /Rotate), y growing downward. Adapters convert pdf.js baselines and
 * Tesseract pixels to this convention once, at the edge.
 */

/** Bumped whenever a serialised field changes meaning; readers refuse other versions. */
export const MODEL_VERSION = 1;

/** [x0, y0, x1, y1] in points; x0 < x1, y0 < y1. */
export type Box = [x0: number, y0: number, x1: number, y1: number];

export type MediaType = 'application/pdf' | 'image/png' | 'image/jpeg' | 'image/tiff';

export interface Word {
  text: string;
  box: Box;
  /** Offsets into `Page.text`, end-exclusive. */
  start: number;
  end: number;
  /** Index of the line on its page, in reading order. */
  line: number;
  /** 0..1, OCR words only. */
  confidence?: number;
}

export type PageSource = 'text' | 'ocr';

export interface Page {
  /** 1-based. */
  number: number;
  /** Displayed size in points (after rotation). */
  width: number;
  height: number;
  /** The PDF /Rotate of the page (0, 90, 180, 270); 0 for images. */
  rotation: number;
  source: PageSource;
  /** Resolution of the raster that was read, for OCR pages. */
  dpi?: number;
  /** Words joined by spaces, lines by "\n"; `Word.start/end` index into it. */
  text: string;
  words: Word[];
}

export interface Warning {
  code: string;
  message: string;
  page?: number;
}

export interface Document {
  modelVersion: typeof MODEL_VERSION;
  /** SHA-256 (hex) of the original bytes. */
  id: string;
  fileName: string;
  mediaType: MediaType;
  byteLength: number;
  pages: Page[];
  warnings: Warning[];
}

/** A box on a given page. */
export interface PageBox {
  page: number;
  box: Box;
}

/** What a policy says to do with a category. */
export type Action = 'redact' | 'review' | 'keep';

export interface Finding {
  /** Stable for the same document, detector and span. */
  id: string;
  detector: string;
  /** A key of the policy's categories, e.g. "personal.ssn". */
  category: string;
  /** A key of the policy's exemptions, e.g. "b6". */
  exemption: string;
  action: Action;
  /** 0..1. */
  score: number;
  /** The matched text, as it reads in the document (for staff only; never published). */
  text: string;
  /** Short human reasons: pattern, context word, validator, consistency source. */
  why: string[];
  /** Offsets into `documentText(document)`, end-exclusive. */
  start: number;
  end: number;
  /** One box per line or page the finding covers. */
  boxes: PageBox[];
}

export type Decision = 'proposed' | 'accepted' | 'rejected';

export interface Redaction {
  id: string;
  boxes: PageBox[];
  category: string;
  exemption: string;
  from: { findings: string[] } | { reviewer: string };
  decision: Decision;
  /** The reason shown to approvers and written to the redaction log (never the removed text). */
  reason: string;
}

/**
 * @module
 * Extraction as a task for a worker thread: pdf.js, the page renders and the
 * image decoders run in the thread (bounded by its memory budget, stopped if a
 * page stalls), while OCR goes back to the caller's shared engine through the
 * host (`host.ts`), so every document's scans share one pool of Tesseract
 * workers. Pages read are reported as progress, which is also the heartbeat.
 */
import { extractDocument } from '../extract/extract-document.ts';
import type { ExtractOptions } from '../extract/extract-document.ts';
import type { Document } from '../model/types.ts';
import type { GrayImage } from '../model/raster.ts';
import type { OcrEngine, OcrResult } from '../ocr/engine.ts';
import type { Result } from '../problems.ts';
import { currentHost } from './host.ts';

export interface ExtractTaskOptions extends Pick<ExtractOptions, 'ocrDpi' | 'maxPages'> {
  /** Send pages without a usable text layer to the caller's `recognize`. */
  ocr: boolean;
}

/** What the caller lends: its OCR engine's `recognize`. */
export type RecognizeHost = (image: GrayImage, page: { width: number; height: number }) => Promise<Result<OcrResult>>;

export interface PageProgress {
  page: number;
  pages: number;
  source: 'text' | 'ocr';
}

export async function extractFile(source: { bytes: Uint8Array; fileName: string }, options: ExtractTaskOptions): Promise<Result<Document>> {
  const host = currentHost();
  const engine: OcrEngine = {
    recognize: async (image, page) => (await host!.call('recognize', image, page)) as Result<OcrResult>,
    close: async () => {},
  };
  return extractDocument(source, {
    ocrDpi: options.ocrDpi,
    maxPages: options.maxPages,
    getOcr: options.ocr && host ? async () => engine : undefined,
    onPage: (p) => host?.progress({ page: p.page, pages: p.pages, source: p.source } satisfies PageProgress),
  });
}

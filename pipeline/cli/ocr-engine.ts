/**
 * @module
 * The OCR engine as commands start it: its module (tesseract.js, sharp and the page
 * preparation, about 0.3 CPU s to load) is loaded only when a page needs OCR, so a
 * run over born-digital PDFs never pays for it.
 */
import type { OcrEngine, OcrEngineOptions } from '../ocr/engine.ts';

export async function startOcrEngine(options?: OcrEngineOptions): Promise<OcrEngine> {
  return (await import('../ocr/engine.ts')).createOcrEngine(options);
}

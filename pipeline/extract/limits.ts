/**
 * @module
 * Resource bounds of extraction that callers show and pass on (the CLI's
 * defaults, the batch's limits, every renderer's pixel bound) without loading pdf.js.
 */

/**
 * Pages per document: five times a long annual report (2,000 pages), far below what a
 * page-tree bomb claims (a /Count of millions over one shared page object).
 */
export const defaultMaxPages = 10_000;

/**
 * Wall-clock seconds the OCR of one page may take before its document fails (ocr.timeout):
 * minutes for a dense page on a loaded machine, not the hours of a runaway one. `extract`'s
 * default, the same as batch's and worker's (DEFAULT_PAGE_TIMEOUT_MS in pipeline/batch/run-batch.ts).
 */
export const defaultPageTimeoutSeconds = 120;

/**
 * Bounds on one page render. 12 megapixels holds a letter, A4 or legal page at 300 DPI
 * (8.4 to 10.7): larger pages are drawn at a lower resolution rather than failing or
 * swelling memory, as the canvas, its RGBA read-back (4 bytes a pixel each) and every
 * later copy (the writer's burn and encode, the verifier's renders) scale with it.
 */
export const renderLimits = {
  maxPixels: 12_000_000,
  /** Skia's canvas refuses a side longer than this. */
  maxSide: 32_000,
} as const;

/** The scale (pixels per point) for `dpi`, lowered just enough for the page to fit the limits. */
export function renderScale(widthPt: number, heightPt: number, dpi: number, maxPixels: number = renderLimits.maxPixels): number {
  const wanted = dpi / 72;
  const w = Math.max(1, widthPt) * wanted;
  const h = Math.max(1, heightPt) * wanted;
  const fit = Math.min(1, Math.sqrt(maxPixels / (w * h)), renderLimits.maxSide / w, renderLimits.maxSide / h);
  return wanted * fit;
}

/**
 * @module
 * The resolution a PDF page is drawn at for OCR. A scan (one image covering the
 * page) is drawn at its own resolution when that is below the asked one, as
 * native OCR tools read it: drawing a 200 DPI scan at 300 DPI makes 2.25 times
 * the pixels and no new detail, and cost about a quarter more CPU a page for
 * the same words (measured on the samples' 200 DPI scans). A 1-bit scan drawn at
 * its own resolution also stays 1-bit, which Tesseract reads without thresholding
 * again. Below MIN_SCAN_DPI the asked resolution stands, so small print in a coarse
 * scan still gets the larger raster Tesseract reads best.
 *
 * ```ts
 * const dpi = readingDpi(300, await page.contentSummary()); // 200 for a 200 DPI scan
 * ```
 */

/** Coarser scans are still drawn at the asked resolution. */
export const MIN_SCAN_DPI = 200;
/** Share of the page an image must cover for the page to count as a scan. */
const SCAN_COVERAGE = 0.8;

export function readingDpi(asked: number, page: { imageCoverage: number; imageDpi?: number }): number {
  const own = page.imageDpi;
  if (own === undefined || page.imageCoverage < SCAN_COVERAGE) return asked;
  const rounded = Math.round(own);
  return rounded >= MIN_SCAN_DPI && rounded < asked ? rounded : asked;
}

/**
 * @module
 * A page raster as it moves between adapters (pdf.js rendering, image decoding,
 * OCR, the redaction writer): 8-bit gray, one byte a pixel, row by row.
 */
export interface GrayImage {
  data: Uint8Array;
  width: number;
  height: number;
  /** Pixels per inch: how pixel coordinates map to page points (72 per inch). */
  dpi: number;
}

/**
 * @module
 * A worker's warm-up before it takes its first job. The OCR engine (tesseract's
 * WebAssembly and language model) and the extraction thread (pdf.js) load on
 * first use: about 4 CPU seconds a process, measured here. Paid inside the first
 * job, that time lands on the batch's clock, and when several workers start
 * together it is paid by all of them at once, on the cores the first jobs need.
 * Paid here, a worker is ready when it says so and its first job costs what any
 * other does.
 *
 * The input is made here, so nothing depends on files outside the code; the
 * result is thrown away.
 */
import type { OcrEngine } from '../ocr/engine.ts';
import type { TaskPool } from '../threads/task-pool.ts';
import type { RecognizeHost } from '../threads/extract-task.ts';

/**
 * A one-page PDF with no text: dark bars drawn as an inline image (hex-encoded,
 * so the file is plain text), so extraction renders the page and reads it
 * with the OCR engine, the path a scan takes. pdf.js rebuilds the missing
 * cross-reference table.
 */
function scanLikePdf(): Uint8Array {
  const width = 240;
  const height = 60;
  let hex = '';
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) hex += y >= 20 && y < 40 && x >= 10 && x < 230 && x % 24 < 14 ? '00' : 'ff';
  const content = `q 200 0 0 50 0 0 cm BI /W ${width} /H ${height} /CS /G /BPC 8 /F /AHx ID ${hex}> EI Q`;
  return new TextEncoder().encode(
    [
      '%PDF-1.4',
      '1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj',
      '2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj',
      '3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 200 50] /Contents 4 0 R>> endobj',
      `4 0 obj <</Length ${content.length}>> stream`,
      content,
      'endstream endobj',
      'trailer <</Root 1 0 R>>',
      '%%EOF',
      '',
    ].join('\n'),
  );
}

/** Runs one scan-like page through extraction and OCR; failures are left for the real jobs to report. */
export async function warmUp(tasks: TaskPool, ocr: Promise<OcrEngine> | undefined): Promise<void> {
  const recognize: RecognizeHost = async (image, page) => (await ocr!).recognize(image, page);
  await tasks.runWith(ocr ? { host: { recognize } } : {}, 'extractFile', { bytes: scanLikePdf(), fileName: 'warm-up.pdf' }, { ocr: ocr !== undefined, maxPages: 1 }).catch(() => undefined);
}

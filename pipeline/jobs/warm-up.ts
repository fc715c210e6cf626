/**
 * @module
 * A worker's warm-up before it takes its first job. The OCR engine (tesseract's
 * WebAssembly and language model) and the extraction thread (pdf.js) load on
 * first use: about 4 CPU seconds a process, measured here. So do detection
 * (its lexicons and compromise) and the release writer and verifier (PDFium's
 * WebAssembly and the rest of the redaction code): `bench scale --timeline`
 * showed a worker's first redact job taking 3-6 times its median. Paid inside
 * the first jobs, that time lands on the batch's clock, and when several
 * workers start together it is paid by all of them at once, on the cores the
 * first jobs need; detection runs on one worker while the others wait for it.
 * Paid here, a worker is ready when it says so and its first job of each stage
 * costs what any other does. The scan is released too, with a box over its ink:
 * scans take the writer's and verifier's image paths (pixels blanked under a box,
 * a page rebuilt as an image, the rendered page looked at), which the text page
 * does not, and a worker's first scan release took about twice the median.
 *
 * The inputs are made here, so nothing depends on files outside the code; the
 * results are thrown away.
 */
import type { OcrEngine } from '../ocr/engine.ts';
import type { Document, Redaction } from '../model/types.ts';
import type { TaskPool } from '../threads/task-pool.ts';
import type { RecognizeHost } from '../threads/extract-task.ts';
import { proposeRedactions } from '../batch/proposals.ts';
import { batchDetection } from '../../redaction/detect/run.ts';
import { removalExpectation } from '../../redaction/expectation.ts';
import { RELEASE_DATE } from '../../redaction/artifact-report.ts';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';

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

/** A one-page text PDF (Helvetica, with a cross-reference table) carrying a value detection finds. */
function textPdf(): Uint8Array {
  const content = 'BT /F1 12 Tf 20 50 Td (Warm-up form. SSN: 372-41-8806. Nothing else.) Tj ET';
  const objects = [
    '<</Type /Catalog /Pages 2 0 R>>',
    '<</Type /Pages /Kids [3 0 R] /Count 1>>',
    '<</Type /Page /Parent 2 0 R /MediaBox [0 0 400 100] /Contents 4 0 R /Resources <</Font <</F1 5 0 R>>>>>>',
    `<</Length ${content.length}>> stream\n${content}\nendstream`,
    '<</Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding>>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj ${o} endobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer <</Size ${objects.length + 1} /Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

export interface WarmUpReport {
  /** The scan-like page went through OCR. */
  scanned: boolean;
  /** The scan's release, a box over its ink, was written and verified. */
  scanReleased: boolean;
  /** Findings detection made on the text page. */
  findings: number;
  /** The text page's release was written and verified. */
  released: boolean;
}

/**
 * Runs one scan-like page through extraction and OCR, then a text page through extraction,
 * detection, and the release writer and its verification, as the stages do; failures are left
 * for the real jobs to report.
 */
export async function warmUp(tasks: TaskPool, ocr: Promise<OcrEngine> | undefined): Promise<WarmUpReport> {
  const report: WarmUpReport = { scanned: false, scanReleased: false, findings: 0, released: false };
  const recognize: RecognizeHost = async (image, page) => (await ocr!).recognize(image, page);
  const scanBytes = scanLikePdf();
  const scan = await tasks.runWith(ocr ? { host: { recognize } } : {}, 'extractFile', { bytes: scanBytes, fileName: 'warm-up.pdf' }, { ocr: ocr !== undefined, maxPages: 1 }).catch(() => undefined);
  report.scanned = scan?.ok === true && ocr !== undefined;
  const policy = defaultPolicy();
  try {
    if (scan?.ok) {
      // Over the middle bars (the page is 200 × 50 points, its bars between 17 and 33 from the top).
      const box: Redaction = { id: 'warm-up', boxes: [{ page: 1, box: [60, 12, 140, 38] }], category: 'personal.name', exemption: 'b6', from: { reviewer: 'warm-up' }, decision: 'accepted', reason: 'warm-up' };
      const release = await tasks.run('writeVerifiedRelease', { bytes: scanBytes, fileName: 'warm-up.pdf' }, scan.value, [box], policy, { write: { findings: [], date: RELEASE_DATE }, expect: { removed: [] } });
      report.scanReleased = release.ok && release.value.verification.ok;
    }
    const bytes = textPdf();
    const extracted = await tasks.run('extractFile', { bytes, fileName: 'warm-up-text.pdf' }, { ocr: false, maxPages: 1 });
    if (!extracted.ok) return report;
    const model: Document = extracted.value;
    const detection = batchDetection(policy);
    const findings = detection.findings(detection.scan(model), model);
    report.findings = findings.length;
    const redactions = proposeRedactions(model, findings);
    const expect = removalExpectation(redactions, findings, model, policy.exemptions);
    const release = await tasks.run('writeVerifiedRelease', { bytes, fileName: 'warm-up-text.pdf' }, model, redactions, policy, { write: { findings, date: RELEASE_DATE }, expect });
    report.released = release.ok;
  } catch {
    // Left for the real jobs to meet and report.
  }
  return report;
}

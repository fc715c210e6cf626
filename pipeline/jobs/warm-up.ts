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
 * Capital letters and digits, 5 dots wide and 7 high (each row a 5-bit mask, top row first):
 * enough of a typeface for the OCR engine to find text lines and read words.
 */
const GLYPHS: Record<string, number[]> = {
  A: [14, 17, 17, 31, 17, 17, 17], B: [30, 17, 17, 30, 17, 17, 30], C: [14, 17, 16, 16, 16, 17, 14], D: [30, 17, 17, 17, 17, 17, 30],
  E: [31, 16, 16, 30, 16, 16, 31], F: [31, 16, 16, 30, 16, 16, 16], G: [14, 17, 16, 23, 17, 17, 15], H: [17, 17, 17, 31, 17, 17, 17],
  I: [14, 4, 4, 4, 4, 4, 14], J: [7, 2, 2, 2, 2, 18, 12], K: [17, 18, 20, 24, 20, 18, 17], L: [16, 16, 16, 16, 16, 16, 31],
  M: [17, 27, 21, 21, 17, 17, 17], N: [17, 17, 25, 21, 19, 17, 17], O: [14, 17, 17, 17, 17, 17, 14], P: [30, 17, 17, 30, 16, 16, 16],
  Q: [14, 17, 17, 17, 21, 18, 13], R: [30, 17, 17, 30, 20, 18, 17], S: [15, 16, 16, 14, 1, 1, 30], T: [31, 4, 4, 4, 4, 4, 4],
  U: [17, 17, 17, 17, 17, 17, 14], V: [17, 17, 17, 17, 17, 10, 4], W: [17, 17, 17, 21, 21, 21, 10], X: [17, 17, 10, 4, 10, 17, 17],
  Y: [17, 17, 10, 4, 4, 4, 4], Z: [31, 1, 2, 4, 8, 16, 31],
  '0': [14, 17, 19, 21, 25, 17, 14], '1': [4, 12, 4, 4, 4, 4, 14], '2': [14, 17, 1, 2, 4, 8, 31], '3': [31, 2, 4, 2, 1, 17, 14],
  '4': [2, 6, 10, 18, 31, 2, 2], '5': [31, 16, 30, 1, 1, 17, 14], '6': [6, 8, 16, 30, 17, 17, 14], '7': [31, 1, 2, 4, 8, 8, 8],
  '8': [14, 17, 17, 14, 17, 17, 14], '9': [14, 17, 17, 15, 1, 2, 12],
};

/**
 * Lines of the made-up scan: every letter and digit, three times over. Four lines left the
 * first real scan about 0.5 CPU s dearer than later ones; after twelve it cost what later
 * ones did, within the noise of a loaded machine (the engine's code is optimised by then).
 */
const SCAN_LINES = Array.from({ length: 3 }, () => ['THE QUICK BROWN FOX JUMPS', 'OVER THE LAZY DOG 1234', 'PACK MY BOX WITH FIVE', 'DOZEN JUGS 567890']).flat();

/** Image pixels per side of a glyph's dot (the image has one pixel per PDF point). */
const DOT = 2;

/**
 * A one-page PDF with no text layer: SCAN_LINES drawn in GLYPHS as an inline image
 * (hex-encoded, so the file is plain text), so extraction renders the page and the OCR engine
 * reads words from it, the path a scan takes. Reading real words matters: the engine's
 * WebAssembly is compiled to optimised code only once it has recognised text, which a page of
 * bars never asked of it, and the first real scan of each worker paid for that (about 1.5 CPU s
 * more than any later one, measured here). pdf.js rebuilds the missing cross-reference table.
 */
function scanLikePdf(): { bytes: Uint8Array; width: number; height: number } {
  const margin = 6;
  const lineDots = 11;
  const widest = Math.max(...SCAN_LINES.map((l) => l.length));
  const width = (2 * margin + widest * 6) * DOT;
  const height = (2 * margin + SCAN_LINES.length * lineDots) * DOT;
  const ink = new Uint8Array(width * height);
  SCAN_LINES.forEach((line, row) => {
    [...line].forEach((ch, col) => {
      const glyph = GLYPHS[ch];
      if (!glyph) return;
      for (let gy = 0; gy < 7; gy++) {
        for (let gx = 0; gx < 5; gx++) {
          if (!(glyph[gy] & (16 >> gx))) continue;
          const x0 = (margin + col * 6 + gx) * DOT;
          const y0 = (margin + row * lineDots + gy) * DOT;
          for (let y = y0; y < y0 + DOT; y++) ink.fill(1, y * width + x0, y * width + x0 + DOT);
        }
      }
    });
  });
  let hex = '';
  for (const dot of ink) hex += dot ? '00' : 'ff';
  const content = `q ${width} 0 0 ${height} 0 0 cm BI /W ${width} /H ${height} /CS /G /BPC 8 /F /AHx ID ${hex}> EI Q`;
  const bytes = new TextEncoder().encode(
    [
      '%PDF-1.4',
      '1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj',
      '2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj',
      `3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] /Contents 4 0 R>> endobj`,
      `4 0 obj <</Length ${content.length}>> stream`,
      content,
      'endstream endobj',
      'trailer <</Root 1 0 R>>',
      '%%EOF',
      '',
    ].join('\n'),
  );
  return { bytes, width, height };
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
  const { bytes: scanBytes, width, height } = scanLikePdf();
  const scan = await tasks.runWith(ocr ? { host: { recognize } } : {}, 'extractFile', { bytes: scanBytes, fileName: 'warm-up.pdf' }, { ocr: ocr !== undefined, maxPages: 1 }).catch(() => undefined);
  report.scanned = scan?.ok === true && ocr !== undefined;
  const policy = defaultPolicy();
  try {
    if (scan?.ok) {
      // Over the middle of the page's lines.
      const box: Redaction = { id: 'warm-up', boxes: [{ page: 1, box: [width / 4, height / 4, (3 * width) / 4, (3 * height) / 4] }], category: 'personal.name', exemption: 'b6', from: { reviewer: 'warm-up' }, decision: 'accepted', reason: 'warm-up' };
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

/**
 * @module
 * One file, start to finish: extract → audit the input for hidden content →
 * detect → plan the boxes → write a new PDF → verify it. The `redact` command
 * calls this; the batch and the review app call `writeVerifiedRelease` (release.ts),
 * which this uses too, with their proposals and the approvers' decisions.
 *
 * ```ts
 * const out = await redactFile({ bytes, fileName }, { policy: defaultPolicy() });
 * if (out.ok && out.value.verification.ok) await writeFile('release.pdf', out.value.pdf);
 * ```
 */
// First, before the verifier's modules load pdf.js: the canvas package's font scan waits for a first canvas (canvas-fonts.ts).
import '../pipeline/extract/canvas-fonts.ts';
import { extractDocument } from '../pipeline/extract/extract-document.ts';
import { startToolHelper } from './verify/tool-runner.ts';
import { ok } from '../pipeline/problems.ts';
import { timeStage, timeStageSync } from '../pipeline/stage-times.ts';
import type { Result } from '../pipeline/problems.ts';
import type { Document, Finding, PageBox } from '../pipeline/model/types.ts';
import type { OcrEngine } from '../pipeline/ocr/engine.ts';
import { auditInput, hiddenContentRule, toFindings } from './audit/audit-input.ts';
import type { AuditReport } from './audit/audit-input.ts';
import { detectDocuments } from './detect/run.ts';
import type { Policy } from './policy/types.ts';
import type { TextEngine, VerifyReport } from './verify/verify-pdf.ts';
import type { RedactionLog } from './write/log.ts';
import { DEFAULT_DPI } from './write/write-redacted.ts';
import { writeVerifiedRelease } from './release.ts';
import { everyOccurrence, planRedactions } from './plan-redactions.ts';

export { writeRedacted } from './write/write-redacted.ts';
export { pagesToRebuild } from './release.ts';

/** The redaction log's path beside a release: `out.pdf` → `out.log.json`. */
export function logPathFor(outPdf: string): string {
  return `${outPdf.replace(/\.pdf$/i, '')}.log.json`;
}

export interface RedactFileOptions {
  policy: Policy;
  dpi?: number;
  getOcr?: () => Promise<OcrEngine>;
  /** Burn `review` findings too (marked pending in the log); the single-file command does. Default true. */
  boxReview?: boolean;
  /** OCR the output pages that were OCRed on input (needs `getOcr`). Default true when `getOcr` is given. */
  ocrVerify?: boolean;
  date?: Date;
}

export interface RedactedFile {
  pdf: Uint8Array;
  log: RedactionLog;
  document: Document;
  /** Detector findings and the input audit's `hidden-content` findings. */
  findings: Finding[];
  audit: AuditReport;
  /** Words left out of the text layer because their glyphs do not show (audit and writer). */
  hiddenWords: PageBox[];
  verification: VerifyReport;
  /** Engines that edited the release (not independent of it), for any later verification. */
  writtenWith: TextEngine[];
}

export async function redactFile(source: { bytes: Uint8Array; fileName: string }, options: RedactFileOptions): Promise<Result<RedactedFile>> {
  // The verifier's tools start from a helper process: its start runs beside extraction.
  startToolHelper();
  const extracted = await timeStage('extract', () => extractDocument(source, options.getOcr ? { getOcr: options.getOcr } : {}));
  if (!extracted.ok) return extracted;
  const document = extracted.value;
  const audit = await timeStage('audit input', () => auditInput(source, document, options.policy, { words: false }));
  if (!audit.ok) return audit;
  const detected = timeStageSync('detect', () => detectDocuments([document], options.policy)[0] ?? []);
  // Unapplied Redact annotations of the input are applied: they are the only audit findings with boxes.
  const marked = audit.value.findings.filter((f) => f.boxes.length > 0 && f.start === f.end);
  const redactions = timeStageSync('plan', () => everyOccurrence(document, planRedactions([...detected, ...marked], options.boxReview ?? true), detected));
  const boxed = new Set(redactions.flatMap((r) => ('findings' in r.from ? r.from.findings : [])));
  const removed = [...new Set(detected.filter((f) => boxed.has(f.id)).map((f) => f.text))];
  const ocrPages = document.pages.filter((p) => p.source === 'ocr').map((p) => p.number);
  const ocr = options.getOcr && (options.ocrVerify ?? true) && ocrPages.length ? { engine: await options.getOcr(), pages: ocrPages } : undefined;
  const release = await writeVerifiedRelease(source, document, redactions, options.policy, {
    write: {
      dpi: options.dpi ?? DEFAULT_DPI,
      findings: [...detected, ...marked],
      // Words the audit found drawn over by other words: ink shows where they lie, so only it can tell.
      hidden: audit.value.hiddenWords.map((h) => ({ page: h.page, box: h.box })),
      ...(options.date ? { date: options.date } : {}),
    },
    expect: { removed },
    ...(ocr ? { ocr } : {}),
  });
  if (!release.ok) return release;
  const { pdf, log, verification, written } = release.value;
  const report: AuditReport = { ...audit.value, hiddenWords: [...audit.value.hiddenWords, ...written.hiddenWords] };
  const hiddenWords = report.hiddenWords.map((w) => ({ page: w.page, box: w.box }));
  report.findings = toFindings(document, report.hiddenWords, report.items, hiddenContentRule(options.policy));
  return ok({ pdf, log, writtenWith: release.value.writtenWith, document, findings: [...detected, ...report.findings], audit: report, hiddenWords, verification });
}


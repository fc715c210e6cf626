/**
 * @module
 * One file, start to finish: extract → audit the input for hidden content →
 * detect → plan the boxes → write a new PDF → verify it. The `redact` command
 * and the batch call this; the review app calls `writeRedacted` itself to rebuild
 * a release from the approvers' decisions.
 *
 * ```ts
 * const out = await redactFile({ bytes, fileName }, { policy: defaultPolicy() });
 * if (out.ok && out.value.verification.ok) await writeFile('release.pdf', out.value.pdf);
 * ```
 */
import { extractDocument } from '../pipeline/extract/extract-document.ts';
import { ok } from '../pipeline/problems.ts';
import type { Result } from '../pipeline/problems.ts';
import type { Document, Finding, PageBox } from '../pipeline/model/types.ts';
import type { OcrEngine } from '../pipeline/ocr/engine.ts';
import { auditInput, hiddenContentRule, toFindings } from './audit/audit-input.ts';
import type { AuditReport } from './audit/audit-input.ts';
import { detectDocuments } from './detect/run.ts';
import type { Policy } from './policy/types.ts';
import { verifyPdf } from './verify/verify-pdf.ts';
import type { VerifyReport } from './verify/verify-pdf.ts';
import type { RedactionLog } from './write/log.ts';
import { DEFAULT_DPI, writeRedacted } from './write/write-redacted.ts';
import type { Written } from './write/write-redacted.ts';
import { everyOccurrence, planRedactions } from './plan-redactions.ts';

export { writeRedacted } from './write/write-redacted.ts';

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
}

export async function redactFile(source: { bytes: Uint8Array; fileName: string }, options: RedactFileOptions): Promise<Result<RedactedFile>> {
  const extracted = await extractDocument(source, options.getOcr ? { getOcr: options.getOcr } : {});
  if (!extracted.ok) return extracted;
  const document = extracted.value;
  const audit = await auditInput(source, document, options.policy, { words: false });
  if (!audit.ok) return audit;
  const detected = detectDocuments([document], options.policy)[0] ?? [];
  // Unapplied Redact annotations of the input are applied: they are the only audit findings with boxes.
  const marked = audit.value.findings.filter((f) => f.boxes.length > 0 && f.start === f.end);
  const redactions = everyOccurrence(document, planRedactions([...detected, ...marked], options.boxReview ?? true), detected);
  const writeOptions = {
    dpi: options.dpi ?? DEFAULT_DPI,
    findings: [...detected, ...marked],
    surgical: true,
    // Words the audit found drawn over by other words: ink shows where they lie, so only it can tell.
    hidden: audit.value.hiddenWords.map((h) => ({ page: h.page, box: h.box })),
    ...(options.date ? { date: options.date } : {}),
  };
  let written = await writeRedacted(source, document, redactions, options.policy, writeOptions);
  if (!written.ok) return written;
  const boxed = new Set(redactions.flatMap((r) => ('findings' in r.from ? r.from.findings : [])));
  const removed = [...new Set(detected.filter((f) => boxed.has(f.id)).map((f) => f.text))];
  const ocrPages = document.pages.filter((p) => p.source === 'ocr').map((p) => p.number);
  const ocr = options.getOcr && (options.ocrVerify ?? true) && ocrPages.length ? { engine: await options.getOcr(), pages: ocrPages } : undefined;
  const verify = (w: Written) =>
    verifyPdf(
      w.pdf,
      { removed, boxes: w.boxes, textFree: w.hiddenWords.map((h) => ({ page: h.page, box: h.box })) },
      // PDFium edited the surgical pages, so it reads the release but does not count as independent of it.
      { file: source.fileName, writtenWith: w.engines, ...(ocr ? { ocr } : {}) },
    );
  let verification = await verify(written.value);
  // A page that kept its content and failed the verifier is rebuilt as an image, and the whole release checked again.
  const redo = pagesToRebuild(written.value.log, verification);
  if (redo.length) {
    const again = await writeRedacted(source, document, redactions, options.policy, { ...writeOptions, forceRaster: redo });
    if (!again.ok) return again;
    written = again;
    verification = await verify(written.value);
  }
  const report: AuditReport = { ...audit.value, hiddenWords: [...audit.value.hiddenWords, ...written.value.hiddenWords] };
  const hiddenWords = report.hiddenWords.map((w) => ({ page: w.page, box: w.box }));
  report.findings = toFindings(document, report.hiddenWords, report.items, hiddenContentRule(options.policy));
  return ok({ pdf: written.value.pdf, log: written.value.log, document, findings: [...detected, ...report.findings], audit: report, hiddenWords, verification });
}


/**
 * The pages to rebuild on the raster path after a failed verification: those a
 * problem names that kept their content; every such page when a problem names no
 * page (the file's bytes or structure), except that too few independent engines
 * (no poppler or mupdf beside pdf.js) sends only the surgical pages back. Raster
 * pages are not redone: the raster path is the last resort, and its failure stands.
 */
export function pagesToRebuild(log: RedactionLog, report: VerifyReport): { page: number; reason: string }[] {
  if (report.ok) return [];
  const kept = log.pages.filter((p) => p.path !== 'raster');
  const named = new Set(report.problems.map((p) => p.page));
  const failing = report.checks.filter((c) => c.status === 'fail').map((c) => c.id).join(', ');
  const unplaced = report.problems.filter((p) => p.page === undefined);
  // Too few engines independent of the writer: only the pages PDFium wrote lose an engine.
  const engineShort = unplaced.length > 0 && unplaced.every((p) => p.code === 'verify.engines');
  const hit = engineShort ? kept.filter((p) => p.path === 'surgical' || named.has(p.page)) : named.has(undefined) ? kept : kept.filter((p) => named.has(p.page));
  return hit.map((p) => ({ page: p.page, reason: `the ${p.path} result failed verification (${failing})` }));
}

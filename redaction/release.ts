/**
 * @module
 * Writes a release and verifies it, in one step every caller shares: the
 * `redact` command (`redact-file.ts`), the batch's redact stage and the review
 * app's artifact builder (approval and preview). The writer takes each page on
 * its path (pass-through, surgical, raster); the verifier reads the result with
 * `writtenWith` set to the engines that edited it, so PDFium never counts as an
 * engine independent of a release it wrote. A page that kept its content and
 * whose result fails verification, or cannot be read, is rebuilt on the raster
 * path, and the whole release is verified again. Hidden text is routed that way too:
 * the writer does not look for it first (`hiddenCheck: false`), since the verifier
 * judges every extractable word against the rendered page in any case.
 *
 * This module is the only place that calls both the writer and the verifier;
 * they import nothing from each other.
 *
 * ```ts
 * const out = await writeVerifiedRelease(source, document, redactions, policy, { write: { findings }, expect: { removed } });
 * if (out.ok && out.value.verification.ok) await writeFile('release.pdf', out.value.pdf);
 * ```
 */
import { ok } from '../pipeline/problems.ts';
import { timeStage } from '../pipeline/stage-times.ts';
import type { Result } from '../pipeline/problems.ts';
import type { Document, Redaction } from '../pipeline/model/types.ts';
import type { OcrEngine } from '../pipeline/ocr/engine.ts';
import type { Policy } from './policy/types.ts';
import { verifyPdf } from './verify/verify-pdf.ts';
import type { ExpectedBox, TextEngine, VerifyReport } from './verify/verify-pdf.ts';
import type { RedactionLog } from './write/log.ts';
import { writeRedacted } from './write/write-redacted.ts';
import type { SourceFile, WriteOptions, Written } from './write/write-redacted.ts';

export interface ReleaseOptions {
  /** How to write; `surgical` is on unless set to false. `forceRaster` is this module's to set. */
  write?: Omit<WriteOptions, 'forceRaster'>;
  /** What the release must no longer hold. `boxes` defaults to the boxes the writer drew. */
  expect: { removed: string[]; boxes?: ExpectedBox[]; keep?: string[] };
  /** OCR these pages of the release too (in-process only: an engine cannot cross to a thread). */
  ocr?: { engine: OcrEngine; pages: number[] };
}

export interface Release {
  pdf: Uint8Array;
  log: RedactionLog;
  written: Omit<Written, 'pdf' | 'log'>;
  verification: VerifyReport;
  /** Engines that edited the release: they read it, but do not count as independent of it. */
  writtenWith: TextEngine[];
}

export async function writeVerifiedRelease(
  source: SourceFile,
  document: Document,
  redactions: Redaction[],
  policy: Pick<Policy, 'name' | 'exemptions'>,
  options: ReleaseOptions,
): Promise<Result<Release>> {
  const writeOptions: WriteOptions = { surgical: true, hiddenCheck: false, ...options.write };
  let written = await timeStage('write', () => writeRedacted(source, document, redactions, policy, writeOptions));
  if (!written.ok) return written;
  const verify = (w: Written) =>
    timeStage('verify', () => verifyPdf(
      w.pdf,
      {
        removed: options.expect.removed,
        boxes: options.expect.boxes ?? w.boxes,
        textFree: w.hiddenWords.map((h) => ({ page: h.page, box: h.box })),
        ...(options.expect.keep ? { keep: options.expect.keep } : {}),
      },
      // pdf.js reads the pages with boxes; pdftotext and mutool, where installed, read every page.
      { file: source.fileName, writtenWith: w.engines, lightPages: true, ...(options.ocr ? { ocr: options.ocr } : {}) },
    ));
  let verification = await verify(written.value);
  // First the pages the problems point at; if the release still fails, every page they could
  // concern. Each rebuilt release is verified whole again, so a narrow first try never passes a leak.
  let forced: { page: number; reason: string }[] = [];
  for (let round = 0; round < 2 && !verification.ok; round++) {
    const redo = pagesToRebuild(written.value.log, verification, { pinBytes: round === 0 });
    if (!redo.length) break;
    forced = [...forced, ...redo];
    const again = await timeStage('write again (raster fallback)', () => writeRedacted(source, document, redactions, policy, { ...writeOptions, forceRaster: forced }));
    if (!again.ok) return again;
    written = again;
    verification = await verify(written.value);
  }
  const { pdf, log, ...rest } = written.value;
  return ok({ pdf, log, written: rest, verification, writtenWith: [...written.value.engines] });
}

/**
 * The pages to rebuild on the raster path after a failed verification: those a
 * problem names that kept their content; every such page when a problem names no
 * page (the file's bytes or structure, or an engine that could not read it),
 * except:
 * - too few independent engines (no poppler or mupdf beside pdf.js) sends only the
 *   surgical pages back;
 * - with `pinBytes`, a removed string found in the file's bytes while the text
 *   engines find removed text on some pages is taken to be that text: only those
 *   pages go back. The caller verifies the result whole and, if the bytes still hold
 *   the string, calls again without `pinBytes`.
 * Raster pages are not redone: the raster path is the last resort, and its failure stands.
 */
export function pagesToRebuild(log: RedactionLog, report: VerifyReport, options: { pinBytes?: boolean } = {}): { page: number; reason: string }[] {
  if (report.ok) return [];
  const kept = log.pages.filter((p) => p.path !== 'raster');
  const placed = report.problems.filter((p) => p.page !== undefined);
  const named = new Set(placed.map((p) => p.page));
  const failing = [...new Set(report.checks.filter((c) => c.status === 'fail').map((c) => failedCheck(c.id)))].join('; ');
  const unplaced = report.problems.filter((p) => p.page === undefined);
  // Too few engines independent of the writer: only the pages PDFium wrote lose an engine.
  const engineShort = unplaced.length > 0 && unplaced.every((p) => p.code === 'verify.engines');
  const pinned = options.pinBytes === true && unplaced.length > 0 && unplaced.every((p) => p.check === 'structure:bytes') && placed.some((p) => p.code === 'verify.leak' && p.check?.startsWith('text:'));
  const hit = engineShort ? kept.filter((p) => p.path === 'surgical' || named.has(p.page)) : unplaced.length && !pinned ? kept : kept.filter((p) => named.has(p.page));
  return hit.map((p) => ({ page: p.page, reason: `the ${p.path} result failed verification: ${failing || unplaced.map((u) => u.code).join(', ')}` }));
}

/** A failed verifier check in words, for the log's reason. */
function failedCheck(id: string): string {
  if (id === 'hidden-text') return 'hidden text (words that do not show on the page)';
  if (id === 'pixels') return 'a box that is not solid';
  if (id === 'engines') return 'too few engines independent of the writer';
  if (id === 'text:kept') return 'kept text missing';
  if (id === 'ocr') return 'OCR reads removed text';
  if (id.startsWith('text:')) return 'removed text extractable';
  if (id === 'structure:bytes') return "removed text in the file's bytes";
  if (id.startsWith('structure:')) return 'document structure';
  return id;
}

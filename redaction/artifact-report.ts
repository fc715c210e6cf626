/**
 * @module
 * The report stored beside a release in the workspace (the batch's proposal, an
 * approval): its verification, the writer's log, and the engines that wrote it.
 * The publish gate reads `writtenWith` from it, so PDFium, when it edited the
 * release, is not counted as an independent engine there either. Types and one
 * small reader only, so the review app and the gate load neither writer nor verifier.
 */
import type { TextEngine, VerifyReport } from './verify/verify-pdf.ts';
import type { RedactionLog } from './write/log.ts';

/**
 * The date every stored release carries (a batch's proposal and an approval's
 * rebuild alike), so the same input, decisions and code give the same bytes:
 * a resumed batch, a second approval and the scaled mode can be compared by hash.
 */
export const RELEASE_DATE = new Date('2000-01-01T00:00:00Z');

export interface ArtifactReport {
  verification: VerifyReport;
  log: RedactionLog;
  /** Engines that edited the release: they may read it, but do not count as independent of it. */
  writtenWith: TextEngine[];
}

/**
 * The engines a stored artifact report says wrote the release. Fails closed: a
 * report that cannot be read, or that does not say, counts as written with PDFium.
 */
export function writtenWithOf(report: unknown): TextEngine[] {
  const said = (report as { writtenWith?: unknown } | undefined)?.writtenWith;
  if (Array.isArray(said) && said.every((e) => typeof e === 'string')) return said as TextEngine[];
  return ['pdfium'];
}

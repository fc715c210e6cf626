/**
 * @module
 * What a batch run comes to, read back from the workspace: documents ok,
 * failed and duplicate, pages, findings per category, time. One shape for the
 * table people read and the `--json` object scripts read.
 */
import { countFindingsByCategory, countPages } from '../workspace/store/index.ts';
import type { Workspace } from '../workspace/store/index.ts';
import type { BatchRun } from './run-batch.ts';
import { printable } from '../ingest/names.ts';

export interface BatchSummary {
  batch: { id: string; name: string; folder: string; resumed: boolean };
  documents: { total: number; ok: number; failed: number; duplicate: number };
  pages: number;
  findings: Record<string, number>;
  seconds: number;
  failures: { path: string; code: string; stage: string; message: string }[];
  /** In review, but the proposed redactions leave protected text readable: the approver must add boxes. */
  attention: { path: string; id: string }[];
  duplicates: { path: string; of: string }[];
}

export async function summarize(ws: Workspace, run: BatchRun): Promise<BatchSummary> {
  const docs = run.documents;
  const pathOf = new Map(docs.map((d) => [d.id, d.path]));
  const failed = docs.filter((d) => d.state === 'failed');
  const duplicates = docs.filter((d) => d.state === 'duplicate');
  return {
    batch: { id: run.batch.id, name: run.batch.name, folder: run.batch.folder, resumed: run.resumed },
    documents: { total: docs.length, ok: docs.length - failed.length - duplicates.length, failed: failed.length, duplicate: duplicates.length },
    pages: await countPages(ws, run.batch.id),
    findings: await countFindingsByCategory(ws, { batchId: run.batch.id }),
    seconds: Math.round(run.elapsedMs / 100) / 10,
    failures: failed.map((d) => ({ path: d.path, code: d.failure?.code ?? '', stage: d.failure?.stage ?? '', message: d.failure?.message ?? '' })),
    attention: docs.filter((d) => d.verifyOk === false && d.state !== 'failed').map((d) => ({ path: d.path, id: d.id })),
    duplicates: duplicates.map((d) => ({ path: d.path, of: pathOf.get(d.duplicateOf ?? '') ?? d.duplicateOf ?? '' })),
  };
}

/** Rows of label/value pairs, aligned. */
export function table(rows: [string, string | number][]): string {
  const width = Math.max(...rows.map(([l]) => l.length)) + 2;
  return rows.map(([l, v]) => `  ${l.padEnd(width)}${v}`).join('\n');
}

export function formatSummary(s: BatchSummary): string {
  const lines = [
    `Batch "${s.batch.name}" (${s.batch.id})${s.batch.resumed ? ', resumed' : ''}`,
    table([
      ['Documents ok', s.documents.ok],
      ['Failed', s.documents.failed],
      ['Duplicates', s.documents.duplicate],
      ['Pages', s.pages],
      ['Time', formatDuration(s.seconds)],
    ]),
  ];
  const categories = Object.entries(s.findings);
  if (categories.length > 0) lines.push('', 'Findings by category', table(categories));
  if (s.failures.length > 0) lines.push('', 'Failed documents', ...s.failures.map((f) => printable(`  ${f.path}: ${f.message} [${f.code}, ${f.stage}]`)));
  if (s.attention.length > 0) {
    lines.push('', 'Needs attention in review: the proposed redactions leave protected text readable', ...s.attention.map((a) => printable(`  ${a.path} ${a.id}`)));
  }
  if (s.duplicates.length > 0) lines.push('', 'Duplicates (same bytes, processed once)', ...s.duplicates.map((d) => printable(`  ${d.path} = ${d.of}`)));
  return `${lines.join('\n')}\n`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  const s = Math.round(seconds);
  return s < 60 ? `${seconds < 10 ? seconds.toFixed(1) : s} s` : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

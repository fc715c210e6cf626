/**
 * @module
 * Findings of the detection stage on the workspace interface, one row each, as
 * the model's `Finding`. `text` is the matched text, for staff only; purge blanks it.
 */
import type { Selectable } from 'kysely';
import type { FindingsTable } from './schema.ts';
import type { Finding } from '../../model/types.ts';
import { insertRows, transaction } from './workspace.ts';
import type { Workspace } from './workspace.ts';

type FindingRow = Selectable<FindingsTable>;

export function toFinding(r: FindingRow): Finding {
  return { id: r.id, detector: r.detector, category: r.category, exemption: r.exemption, action: r.action as Finding['action'], score: r.score, text: r.text, why: JSON.parse(r.why), start: r.start, end: r.end, boxes: JSON.parse(r.boxes) };
}

export interface CategoryCountQuery {
  batchId?: string;
  documentId?: string;
}


/** Replaces all findings of a document (detection is rerun as a whole). */
export function replaceFindings(ws: Workspace, documentId: string, findings: readonly Finding[]): Promise<void> {
  return transaction(ws, async (tx) => {
    await tx.db.deleteFrom('findings').where('document_id', '=', documentId).execute();
    await insertRows(
      tx,
      'findings',
      findings.map((f) => ({
        document_id: documentId,
        id: f.id,
        detector: f.detector,
        category: f.category,
        exemption: f.exemption,
        action: f.action,
        score: f.score,
        text: f.text,
        why: JSON.stringify(f.why),
        start: f.start,
        end: f.end,
        boxes: JSON.stringify(f.boxes),
      })),
    );
  });
}

export async function listFindings(ws: Workspace, documentId: string): Promise<Finding[]> {
  const rows = await ws.db.selectFrom('findings').selectAll().where('document_id', '=', documentId).orderBy('start').orderBy('id').execute();
  return rows.map((r) => toFinding(r as FindingRow));
}

/** Findings per category, for queues and summaries. */
export async function countFindingsByCategory(ws: Workspace, query: CategoryCountQuery = {}): Promise<Record<string, number>> {
  let q = ws.db.selectFrom('findings as f').innerJoin('documents as d', 'd.id', 'f.document_id').select((eb) => ['f.category', eb.fn.countAll().as('n')]);
  if (query.batchId !== undefined) q = q.where('d.batch_id', '=', query.batchId);
  if (query.documentId !== undefined) q = q.where('f.document_id', '=', query.documentId);
  const rows = await q.groupBy('f.category').orderBy('f.category').execute();
  return Object.fromEntries(rows.map((r) => [r.category, Number(r.n)]));
}

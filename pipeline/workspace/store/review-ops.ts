/**
 * @module
 * The review app's operations, read back for undo, on the workspace interface
 * (see ../review-ops.ts).
 */
import { sql } from 'kysely';
import type { Workspace } from './workspace.ts';

export interface OpRow {
  id: number;
  documentId: string;
  redactionId: string | null;
  comment: string;
}


type Raw = { id: number; document_id: string; redaction_id: string | null; comment: string | null };
const toRow = (r: Raw): OpRow => ({ id: r.id, documentId: r.document_id, redactionId: r.redaction_id, comment: r.comment ?? '' });

/** The actor's operation and undo rows on one document, or on every document of a batch; newest first. */
export async function opRows(ws: Workspace, scope: { documentId: string } | { batchId: string }, actor: string): Promise<OpRow[]> {
  let q = ws.db
    .selectFrom('review_decisions')
    .select(['id', 'document_id', 'redaction_id', 'comment'])
    .where('actor', '=', actor)
    .where((eb) => eb.or([eb('comment', 'like', 'op:%'), eb('comment', 'like', 'undo:%')]));
  q = 'documentId' in scope ? q.where('document_id', '=', scope.documentId) : q.where('document_id', 'in', (eb) => eb.selectFrom('documents').select('documents.id').where('documents.batch_id', '=', scope.batchId));
  return (await q.orderBy('id', 'desc').execute()).map(toRow);
}

/** Every row of one operation of the actor's, on whichever documents it touched. */
export async function opSteps(ws: Workspace, op: string, actor: string): Promise<OpRow[]> {
  // Exact prefix match (an op id holds "_", a LIKE wildcard).
  const prefix = `op:${op} `;
  const rows = await ws.db
    .selectFrom('review_decisions')
    .select(['id', 'document_id', 'redaction_id', 'comment'])
    .where('actor', '=', actor)
    .where(sql<string>`substr(comment, 1, ${prefix.length})`, '=', prefix)
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toRow);
}

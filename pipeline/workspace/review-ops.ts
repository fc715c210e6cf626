/**
 * @module
 * The review app's operations, read back for undo. Every row a reviewer's
 * change writes to `review_decisions` carries `op:<id> from:<decision>` in its
 * comment, and an undo writes `undo:<id>`. One operation may span several
 * documents of a batch (one decision for a value across the batch).
 */
import type { Workspace } from './workspace.ts';

export interface OpRow {
  id: number;
  documentId: string;
  redactionId: string | null;
  comment: string;
}

type Raw = { id: number; document_id: string; redaction_id: string | null; comment: string };
const toRow = (r: Raw): OpRow => ({ id: r.id, documentId: r.document_id, redactionId: r.redaction_id, comment: r.comment });

/** The actor's operation and undo rows on one document, or on every document of a batch; newest first. */
export function opRows(ws: Workspace, scope: { documentId: string } | { batchId: string }, actor: string): OpRow[] {
  const where = 'documentId' in scope ? 'document_id = ?' : 'document_id IN (SELECT id FROM documents WHERE batch_id = ?)';
  const rows = ws.db
    .prepare(`SELECT id, document_id, redaction_id, comment FROM review_decisions WHERE ${where} AND actor = ? AND (comment LIKE 'op:%' OR comment LIKE 'undo:%') ORDER BY id DESC`)
    .all('documentId' in scope ? scope.documentId : scope.batchId, actor) as Raw[];
  return rows.map(toRow);
}

/** Every row of one operation of the actor's, on whichever documents it touched. */
export function opSteps(ws: Workspace, op: string, actor: string): OpRow[] {
  // Exact prefix match (an op id holds "_", a LIKE wildcard).
  const prefix = `op:${op} `;
  const rows = ws.db
    .prepare('SELECT id, document_id, redaction_id, comment FROM review_decisions WHERE actor = ? AND substr(comment, 1, ?) = ? ORDER BY id DESC')
    .all(actor, prefix.length, prefix) as Raw[];
  return rows.map(toRow);
}

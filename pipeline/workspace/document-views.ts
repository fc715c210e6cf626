/**
 * @module
 * When each person last looked at a document, as a position in the audit log:
 * the review page shows what others did to the document after that position
 * ("what changed since you last looked"). A look is not an audit event (it
 * changes nothing), so it lives in its own small table, one row per person
 * and document, overwritten.
 */
import { nowIso } from './database.ts';
import type { Workspace } from './workspace.ts';

export interface DocumentLook {
  /** The audit log's newest entry (its `seq`) when the person looked. */
  seq: number;
  at: string;
}

/** The person's last look at the document, if they have looked before. */
export function lastLook(ws: Workspace, documentId: string, user: string): DocumentLook | undefined {
  const row = ws.db.prepare('SELECT seen_seq, seen_at FROM document_views WHERE document_id = ? AND user_name = ?').get(documentId, user) as { seen_seq: number; seen_at: string } | undefined;
  return row && { seq: row.seen_seq, at: row.seen_at };
}

/** Records a look at audit position `seq`; a look at the same position as the last one writes nothing. */
export function recordLook(ws: Workspace, documentId: string, user: string, seq: number): void {
  ws.db
    .prepare(
      `INSERT INTO document_views (document_id, user_name, seen_seq, seen_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (document_id, user_name) DO UPDATE SET seen_seq = excluded.seen_seq, seen_at = excluded.seen_at WHERE seen_seq <> excluded.seen_seq`,
    )
    .run(documentId, user, seq, nowIso());
}

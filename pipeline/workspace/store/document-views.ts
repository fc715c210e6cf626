/**
 * @module
 * When each person last looked at a document, as a position in the audit log
 * (see ../document-views.ts), on the workspace interface.
 */
import { nowIso } from './workspace.ts';
import type { Workspace } from './workspace.ts';

export interface DocumentLook {
  /** The audit log's newest entry (its `seq`) when the person looked. */
  seq: number;
  at: string;
}


/** The person's last look at the document, if they have looked before. */
export async function lastLook(ws: Workspace, documentId: string, user: string): Promise<DocumentLook | undefined> {
  const row = await ws.db.selectFrom('document_views').select(['seen_seq', 'seen_at']).where('document_id', '=', documentId).where('user_name', '=', user).executeTakeFirst();
  return row && { seq: row.seen_seq, at: row.seen_at };
}

/** Records a look at audit position `seq`; a look at the same position as the last one writes nothing. */
export async function recordLook(ws: Workspace, documentId: string, user: string, seq: number): Promise<void> {
  const at = nowIso();
  await ws.db
    .insertInto('document_views')
    .values({ document_id: documentId, user_name: user, seen_seq: seq, seen_at: at })
    .onConflict((oc) => oc.columns(['document_id', 'user_name']).doUpdateSet({ seen_seq: seq, seen_at: at }).where('document_views.seen_seq', '<>', seq))
    .execute();
}

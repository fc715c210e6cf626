/**
 * @module
 * Review decisions on the workspace interface: the attributed history of what
 * reviewers did to a document (redaction decisions, send-backs, comments, approvals).
 */
import { fail, ok } from '../../problems.ts';
import type { Result } from '../../problems.ts';
import type { DocumentRecord } from './documents.ts';
import { appendAudit } from './audit.ts';
import { setState } from './documents.ts';
import { nowIso, transaction } from './workspace.ts';
import type { Workspace } from './workspace.ts';

export interface ReviewDecision {
  id: number;
  documentId: string;
  redactionId: string | null;
  actor: string;
  /** e.g. "redaction.accepted", "redaction.added", "document.sent_back", "document.approved", "comment". */
  action: string;
  comment: string | null;
  at: string;
}


export async function recordReviewDecision(ws: Workspace, d: { documentId: string; redactionId?: string; actor: string; action: string; comment?: string }): Promise<void> {
  await ws.db.insertInto('review_decisions').values({ document_id: d.documentId, redaction_id: d.redactionId ?? null, actor: d.actor, action: d.action, comment: d.comment ?? null, at: nowIso() }).execute();
}

export async function listReviewDecisions(ws: Workspace, documentId: string): Promise<ReviewDecision[]> {
  const rows = await ws.db.selectFrom('review_decisions').selectAll().where('document_id', '=', documentId).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, documentId: r.document_id, redactionId: r.redaction_id, actor: r.actor, action: r.action, comment: r.comment, at: r.at }));
}

/** An approver sends a document back with a comment (in_review → sent_back). */
export async function sendBack(ws: Workspace, documentId: string, actor: string, comment: string): Promise<Result<DocumentRecord>> {
  if (comment.trim() === '') return fail('usage.invalid', 'Sending a document back needs a comment saying what to change.');
  return transaction(ws, async (tx) => {
    const moved = await setState(tx, documentId, { to: 'sent_back', actor, from: 'in_review', details: { comment } });
    if (!moved.ok) return moved;
    await recordReviewDecision(tx, { documentId, actor, action: 'document.sent_back', comment });
    return moved;
  });
}

/** Puts a sent-back document back in the queue once it has been reworked (sent_back → in_review). */
export function requeueForReview(ws: Workspace, documentId: string, actor: string, comment?: string): Promise<Result<DocumentRecord>> {
  return transaction(ws, async (tx) => {
    const moved = await setState(tx, documentId, { to: 'in_review', actor, from: 'sent_back', details: comment ? { comment } : {} });
    if (!moved.ok) return moved;
    await recordReviewDecision(tx, { documentId, actor, action: 'document.requeued', comment });
    return moved;
  });
}

export function addComment(ws: Workspace, documentId: string, actor: string, comment: string): Promise<Result<void>> {
  return transaction(ws, async (tx) => {
    await recordReviewDecision(tx, { documentId, actor, action: 'comment', comment });
    await appendAudit(tx, { actor, action: 'document.commented', subject: documentId, details: { comment } });
    return ok(undefined);
  });
}

/**
 * @module
 * Review decisions: the attributed history of what reviewers did to a document
 * (redaction decisions, send-backs, comments, approvals). The redaction rows
 * hold the current state; this table holds how it got there.
 */
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';
import { appendAudit } from './audit-log.ts';
import { nowIso, transaction } from './database.ts';
import { setState } from './documents.ts';
import type { DocumentRecord } from './documents.ts';
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

export function recordReviewDecision(ws: Workspace, d: { documentId: string; redactionId?: string; actor: string; action: string; comment?: string }): void {
  ws.db.prepare('INSERT INTO review_decisions (document_id, redaction_id, actor, action, comment, at) VALUES (?, ?, ?, ?, ?, ?)').run(d.documentId, d.redactionId ?? null, d.actor, d.action, d.comment ?? null, nowIso());
}

export function listReviewDecisions(ws: Workspace, documentId: string): ReviewDecision[] {
  return (ws.db.prepare('SELECT * FROM review_decisions WHERE document_id = ? ORDER BY id').all(documentId) as unknown as {
    id: number;
    document_id: string;
    redaction_id: string | null;
    actor: string;
    action: string;
    comment: string | null;
    at: string;
  }[]).map((r) => ({ id: r.id, documentId: r.document_id, redactionId: r.redaction_id, actor: r.actor, action: r.action, comment: r.comment, at: r.at }));
}

/** An approver sends a document back with a comment (in_review → sent_back). */
export function sendBack(ws: Workspace, documentId: string, actor: string, comment: string): Result<DocumentRecord> {
  if (comment.trim() === '') return fail('usage.invalid', 'Sending a document back needs a comment saying what to change.');
  return transaction(ws.db, () => {
    const moved = setState(ws, documentId, { to: 'sent_back', actor, from: 'in_review', details: { comment } });
    if (!moved.ok) return moved;
    recordReviewDecision(ws, { documentId, actor, action: 'document.sent_back', comment });
    return moved;
  });
}

/** Puts a sent-back document back in the queue once it has been reworked (sent_back → in_review). */
export function requeueForReview(ws: Workspace, documentId: string, actor: string, comment?: string): Result<DocumentRecord> {
  return transaction(ws.db, () => {
    const moved = setState(ws, documentId, { to: 'in_review', actor, from: 'sent_back', details: comment ? { comment } : {} });
    if (!moved.ok) return moved;
    recordReviewDecision(ws, { documentId, actor, action: 'document.requeued', comment });
    return moved;
  });
}

export function addComment(ws: Workspace, documentId: string, actor: string, comment: string): Result<void> {
  return transaction(ws.db, () => {
    recordReviewDecision(ws, { documentId, actor, action: 'comment', comment });
    appendAudit(ws, { actor, action: 'document.commented', subject: documentId, details: { comment } });
    return ok(undefined);
  });
}

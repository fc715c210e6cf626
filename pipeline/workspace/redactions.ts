/**
 * @module
 * Redactions of a document: proposed by the batch from findings, then accepted,
 * rejected or added by reviewers. Every reviewer change is attributed, recorded
 * as a review decision and written to the audit log in the same transaction.
 */
import type { Decision, Redaction } from '../model/types.ts';
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';
import { appendAudit } from './audit-log.ts';
import { nowIso, transaction } from './database.ts';
import { recordReviewDecision } from './reviews.ts';
import type { Workspace } from './workspace.ts';

export interface RedactionRecord extends Redaction {
  documentId: string;
  createdBy: string;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  /** Who confirmed a rejection of a redaction the policy applies automatically (a second person). */
  confirmedBy: string | null;
}

export interface RedactionRow {
  document_id: string;
  id: string;
  category: string;
  exemption: string;
  boxes: string;
  origin: string;
  decision: Decision;
  reason: string;
  created_by: string;
  created_at: string;
  decided_by: string | null;
  decided_at: string | null;
  confirmed_by: string | null;
}

export function toRecord(r: RedactionRow): RedactionRecord {
  return {
    documentId: r.document_id,
    id: r.id,
    category: r.category,
    exemption: r.exemption,
    boxes: JSON.parse(r.boxes),
    from: JSON.parse(r.origin),
    decision: r.decision,
    reason: r.reason,
    createdBy: r.created_by,
    createdAt: r.created_at,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    confirmedBy: r.confirmed_by,
  };
}

const insertSql = 'INSERT INTO redactions (document_id, id, category, exemption, boxes, origin, decision, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

/** The batch's proposals replace earlier proposals; reviewer decisions are not touched here. */
export function replaceProposedRedactions(ws: Workspace, documentId: string, redactions: readonly Redaction[], actor: string): void {
  transaction(ws.db, () => {
    ws.db.prepare("DELETE FROM redactions WHERE document_id = ? AND decision = 'proposed'").run(documentId);
    const insert = ws.db.prepare(insertSql);
    const at = nowIso();
    for (const r of redactions) insert.run(documentId, r.id, r.category, r.exemption, JSON.stringify(r.boxes), JSON.stringify(r.from), r.decision, r.reason, actor, at);
  });
}

export function listRedactions(ws: Workspace, documentId: string): RedactionRecord[] {
  return (ws.db.prepare('SELECT * FROM redactions WHERE document_id = ? ORDER BY created_at, id').all(documentId) as unknown as RedactionRow[]).map(toRecord);
}

export function getRedaction(ws: Workspace, documentId: string, id: string): RedactionRecord | undefined {
  const row = ws.db.prepare('SELECT * FROM redactions WHERE document_id = ? AND id = ?').get(documentId, id) as RedactionRow | undefined;
  return row && toRecord(row);
}

/** A reviewer accepts or rejects a redaction (or returns it to proposed). */
export function decideRedaction(ws: Workspace, documentId: string, id: string, decision: Decision, actor: string, comment?: string): Result<RedactionRecord> {
  return transaction(ws.db, () => {
    const current = getRedaction(ws, documentId, id);
    if (!current) return fail('workspace.not-found', `No redaction ${id} on document ${documentId}.`);
    // A new decision voids an earlier confirmation: the second person confirmed that rejection, not this one.
    ws.db.prepare('UPDATE redactions SET decision = ?, decided_by = ?, decided_at = ?, confirmed_by = NULL, confirmed_at = NULL WHERE document_id = ? AND id = ?').run(decision, actor, nowIso(), documentId, id);
    recordReviewDecision(ws, { documentId, redactionId: id, actor, action: `redaction.${decision}`, comment });
    appendAudit(ws, { actor, action: `redaction.${decision}`, subject: documentId, details: { redaction: id, from: current.decision, category: current.category, exemption: current.exemption, ...(comment ? { comment } : {}) } });
    return ok(getRedaction(ws, documentId, id)!);
  });
}

/** A reviewer adds a redaction of their own (drawn box, or "every occurrence"); it starts accepted. */
export function addReviewerRedaction(ws: Workspace, documentId: string, redaction: Omit<Redaction, 'from' | 'decision'> & { decision?: Decision }, actor: string): Result<RedactionRecord> {
  return transaction(ws.db, () => {
    if (getRedaction(ws, documentId, redaction.id)) return fail('workspace.not-found', `Redaction ${redaction.id} already exists on document ${documentId}.`);
    const at = nowIso();
    const decision = redaction.decision ?? 'accepted';
    ws.db.prepare(insertSql).run(documentId, redaction.id, redaction.category, redaction.exemption, JSON.stringify(redaction.boxes), JSON.stringify({ reviewer: actor }), decision, redaction.reason, actor, at);
    ws.db.prepare('UPDATE redactions SET decided_by = ?, decided_at = ? WHERE document_id = ? AND id = ?').run(actor, at, documentId, redaction.id);
    recordReviewDecision(ws, { documentId, redactionId: redaction.id, actor, action: 'redaction.added' });
    appendAudit(ws, { actor, action: 'redaction.added', subject: documentId, details: { redaction: redaction.id, category: redaction.category, exemption: redaction.exemption, boxes: redaction.boxes.length } });
    return ok(getRedaction(ws, documentId, redaction.id)!);
  });
}

/** Who last changed the document's redactions, or undefined if nobody has. */
export function lastRedactionEditor(ws: Workspace, documentId: string): string | undefined {
  const row = ws.db.prepare("SELECT actor FROM review_decisions WHERE document_id = ? AND action LIKE 'redaction.%' ORDER BY id DESC LIMIT 1").get(documentId) as { actor: string } | undefined;
  return row?.actor;
}

/**
 * Takes back a redaction a reviewer added (their "undo"): the row goes, the
 * history keeps both the addition and the withdrawal. Batch proposals cannot
 * be withdrawn, only decided.
 */
export function withdrawReviewerRedaction(ws: Workspace, documentId: string, id: string, actor: string, comment?: string): Result<RedactionRecord> {
  return transaction(ws.db, () => {
    const current = getRedaction(ws, documentId, id);
    if (!current || !('reviewer' in current.from)) return fail('workspace.not-found', `No redaction ${id} added by a reviewer on document ${documentId}.`);
    ws.db.prepare('DELETE FROM redactions WHERE document_id = ? AND id = ?').run(documentId, id);
    recordReviewDecision(ws, { documentId, redactionId: id, actor, action: 'redaction.withdrawn', comment });
    appendAudit(ws, { actor, action: 'redaction.withdrawn', subject: documentId, details: { redaction: id, category: current.category, exemption: current.exemption, ...(comment ? { comment } : {}) } });
    return ok(current);
  });
}

/**
 * Redactions the policy applies without asking: proposed from a finding whose
 * action is `redact`. Rejecting one releases what the policy says to withhold,
 * so the rejection waits for a second person's confirmation.
 */
export function automaticRedactionIds(ws: Workspace, documentId: string): Set<string> {
  const rows = ws.db
    .prepare(
      `SELECT DISTINCT r.id AS id FROM redactions r, json_each(r.origin, '$.findings') j
       JOIN findings f ON f.document_id = r.document_id AND f.id = j.value
       WHERE r.document_id = ? AND f.action = 'redact'`,
    )
    .all(documentId) as { id: string }[];
  return new Set(rows.map((r) => r.id));
}

/** Rejected automatic redactions that no second person has confirmed yet. */
export function unconfirmedRejections(ws: Workspace, documentId: string): RedactionRecord[] {
  const automatic = automaticRedactionIds(ws, documentId);
  return listRedactions(ws, documentId).filter((r) => r.decision === 'rejected' && automatic.has(r.id) && !r.confirmedBy);
}

/**
 * A second person confirms the rejection of a redaction the policy applies
 * automatically. The confirmer must differ from whoever rejected it.
 */
export function confirmRejection(ws: Workspace, documentId: string, id: string, actor: string): Result<RedactionRecord> {
  return transaction(ws.db, () => {
    const current = getRedaction(ws, documentId, id);
    if (!current) return fail('workspace.not-found', `No redaction ${id} on document ${documentId}.`);
    if (current.decision !== 'rejected' || !automaticRedactionIds(ws, documentId).has(id)) {
      return fail('review.blocked', `Redaction ${id} is not a rejected automatic redaction, so there is no rejection to confirm.`);
    }
    if (current.decidedBy === actor) return fail('review.blocked', 'You rejected this redaction yourself; a second person must confirm the rejection.');
    if (current.confirmedBy) return ok(current);
    ws.db.prepare('UPDATE redactions SET confirmed_by = ?, confirmed_at = ? WHERE document_id = ? AND id = ?').run(actor, nowIso(), documentId, id);
    recordReviewDecision(ws, { documentId, redactionId: id, actor, action: 'redaction.rejection-confirmed' });
    appendAudit(ws, { actor, action: 'redaction.rejection-confirmed', subject: documentId, details: { redaction: id, rejectedBy: current.decidedBy, category: current.category, exemption: current.exemption } });
    return ok(getRedaction(ws, documentId, id)!);
  });
}

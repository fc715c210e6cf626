/**
 * @module
 * Redactions on the workspace interface: proposed by the batch from findings,
 * then accepted, rejected or added by reviewers. Every reviewer change locks
 * the document (`lockDocument`, so it cannot slip between an approval's check
 * and its commit), is attributed, recorded as a review decision and audited in
 * the same transaction.
 */
import type { Selectable } from 'kysely';
import type { RedactionsTable } from './schema.ts';
import type { Decision, Redaction } from '../../model/types.ts';
import { fail, ok } from '../../problems.ts';
import type { Result } from '../../problems.ts';
import { appendAudit } from './audit.ts';
import { lockDocument } from './dialect.ts';
import { recordReviewDecision } from './reviews.ts';
import { insertRows, nowIso, transaction } from './workspace.ts';
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

type RedactionRow = Selectable<RedactionsTable>;

export function toRecord(r: RedactionRow): RedactionRecord {
  return {
    documentId: r.document_id,
    id: r.id,
    category: r.category,
    exemption: r.exemption,
    boxes: JSON.parse(r.boxes),
    from: JSON.parse(r.origin),
    decision: r.decision as Decision,
    reason: r.reason,
    createdBy: r.created_by,
    createdAt: r.created_at,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    confirmedBy: r.confirmed_by,
  };
}


const toRedaction = (row: unknown): RedactionRecord => toRecord(row as RedactionRow);

/** The batch's proposals replace earlier proposals; reviewer decisions are not touched here. */
export function replaceProposedRedactions(ws: Workspace, documentId: string, redactions: readonly Redaction[], actor: string): Promise<void> {
  return transaction(ws, async (tx) => {
    await tx.db.deleteFrom('redactions').where('document_id', '=', documentId).where('decision', '=', 'proposed').execute();
    const at = nowIso();
    await insertRows(
      tx,
      'redactions',
      redactions.map((r) => ({
        document_id: documentId,
        id: r.id,
        category: r.category,
        exemption: r.exemption,
        boxes: JSON.stringify(r.boxes),
        origin: JSON.stringify(r.from),
        decision: r.decision,
        reason: r.reason,
        created_by: actor,
        created_at: at,
      })),
    );
  });
}

export async function listRedactions(ws: Workspace, documentId: string): Promise<RedactionRecord[]> {
  return (await ws.db.selectFrom('redactions').selectAll().where('document_id', '=', documentId).orderBy('created_at').orderBy('id').execute()).map(toRedaction);
}

export async function getRedaction(ws: Workspace, documentId: string, id: string): Promise<RedactionRecord | undefined> {
  const row = await ws.db.selectFrom('redactions').selectAll().where('document_id', '=', documentId).where('id', '=', id).executeTakeFirst();
  return row && toRedaction(row);
}

/** A reviewer accepts or rejects a redaction (or returns it to proposed). */
export function decideRedaction(ws: Workspace, documentId: string, id: string, decision: Decision, actor: string, comment?: string): Promise<Result<RedactionRecord>> {
  return transaction(ws, async (tx) => {
    await lockDocument(tx, documentId);
    const current = await getRedaction(tx, documentId, id);
    if (!current) return fail('workspace.not-found', `No redaction ${id} on document ${documentId}.`);
    // A new decision voids an earlier confirmation: the second person confirmed that rejection, not this one.
    await tx.db
      .updateTable('redactions')
      .set({ decision, decided_by: actor, decided_at: nowIso(), confirmed_by: null, confirmed_at: null })
      .where('document_id', '=', documentId)
      .where('id', '=', id)
      .execute();
    await recordReviewDecision(tx, { documentId, redactionId: id, actor, action: `redaction.${decision}`, comment });
    await appendAudit(tx, { actor, action: `redaction.${decision}`, subject: documentId, details: { redaction: id, from: current.decision, category: current.category, exemption: current.exemption, ...(comment ? { comment } : {}) } });
    return ok((await getRedaction(tx, documentId, id))!);
  });
}

/** A reviewer adds a redaction of their own (drawn box, or "every occurrence"); it starts accepted. */
export function addReviewerRedaction(ws: Workspace, documentId: string, redaction: Omit<Redaction, 'from' | 'decision'> & { decision?: Decision }, actor: string): Promise<Result<RedactionRecord>> {
  return transaction(ws, async (tx) => {
    await lockDocument(tx, documentId);
    if (await getRedaction(tx, documentId, redaction.id)) return fail('workspace.not-found', `Redaction ${redaction.id} already exists on document ${documentId}.`);
    const at = nowIso();
    await tx.db
      .insertInto('redactions')
      .values({
        document_id: documentId,
        id: redaction.id,
        category: redaction.category,
        exemption: redaction.exemption,
        boxes: JSON.stringify(redaction.boxes),
        origin: JSON.stringify({ reviewer: actor }),
        decision: redaction.decision ?? 'accepted',
        reason: redaction.reason,
        created_by: actor,
        created_at: at,
        decided_by: actor,
        decided_at: at,
      })
      .execute();
    await recordReviewDecision(tx, { documentId, redactionId: redaction.id, actor, action: 'redaction.added' });
    await appendAudit(tx, { actor, action: 'redaction.added', subject: documentId, details: { redaction: redaction.id, category: redaction.category, exemption: redaction.exemption, boxes: redaction.boxes.length } });
    return ok((await getRedaction(tx, documentId, redaction.id))!);
  });
}

/** Who last changed the document's redactions, or undefined if nobody has. */
export async function lastRedactionEditor(ws: Workspace, documentId: string): Promise<string | undefined> {
  const row = await ws.db.selectFrom('review_decisions').select('actor').where('document_id', '=', documentId).where('action', 'like', 'redaction.%').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row?.actor;
}

/**
 * Takes back a redaction a reviewer added (their "undo"): the row goes, the
 * history keeps both the addition and the withdrawal.
 */
export function withdrawReviewerRedaction(ws: Workspace, documentId: string, id: string, actor: string, comment?: string): Promise<Result<RedactionRecord>> {
  return transaction(ws, async (tx) => {
    await lockDocument(tx, documentId);
    const current = await getRedaction(tx, documentId, id);
    if (!current || !('reviewer' in current.from)) return fail('workspace.not-found', `No redaction ${id} added by a reviewer on document ${documentId}.`);
    await tx.db.deleteFrom('redactions').where('document_id', '=', documentId).where('id', '=', id).execute();
    await recordReviewDecision(tx, { documentId, redactionId: id, actor, action: 'redaction.withdrawn', comment });
    await appendAudit(tx, { actor, action: 'redaction.withdrawn', subject: documentId, details: { redaction: id, category: current.category, exemption: current.exemption, ...(comment ? { comment } : {}) } });
    return ok(current);
  });
}

/**
 * Redactions the policy applies without asking: proposed from a finding whose
 * action is `redact`. Rejecting one waits for a second person's confirmation.
 * (Read in code rather than with json_each, which PostgreSQL spells otherwise.)
 */
export async function automaticRedactionIds(ws: Workspace, documentId: string, redactions?: readonly RedactionRecord[]): Promise<Set<string>> {
  const redact = new Set((await ws.db.selectFrom('findings').select('id').where('document_id', '=', documentId).where('action', '=', 'redact').execute()).map((r) => r.id));
  const ids = new Set<string>();
  for (const r of redactions ?? (await listRedactions(ws, documentId))) {
    if ('findings' in r.from && r.from.findings.some((f) => redact.has(f))) ids.add(r.id);
  }
  return ids;
}

/** Rejected automatic redactions that no second person has confirmed yet. */
export async function unconfirmedRejections(ws: Workspace, documentId: string): Promise<RedactionRecord[]> {
  const redactions = await listRedactions(ws, documentId);
  const automatic = await automaticRedactionIds(ws, documentId, redactions);
  return redactions.filter((r) => r.decision === 'rejected' && automatic.has(r.id) && !r.confirmedBy);
}

/** A second person confirms the rejection of a redaction the policy applies automatically. */
export function confirmRejection(ws: Workspace, documentId: string, id: string, actor: string): Promise<Result<RedactionRecord>> {
  return transaction(ws, async (tx) => {
    await lockDocument(tx, documentId);
    const current = await getRedaction(tx, documentId, id);
    if (!current) return fail('workspace.not-found', `No redaction ${id} on document ${documentId}.`);
    if (current.decision !== 'rejected' || !(await automaticRedactionIds(tx, documentId)).has(id)) {
      return fail('review.blocked', `Redaction ${id} is not a rejected automatic redaction, so there is no rejection to confirm.`);
    }
    if (current.decidedBy === actor) return fail('review.blocked', 'You rejected this redaction yourself; a second person must confirm the rejection.');
    if (current.confirmedBy) return ok(current);
    await tx.db.updateTable('redactions').set({ confirmed_by: actor, confirmed_at: nowIso() }).where('document_id', '=', documentId).where('id', '=', id).execute();
    await recordReviewDecision(tx, { documentId, redactionId: id, actor, action: 'redaction.rejection-confirmed' });
    await appendAudit(tx, { actor, action: 'redaction.rejection-confirmed', subject: documentId, details: { redaction: id, rejectedBy: current.decidedBy, category: current.category, exemption: current.exemption } });
    return ok((await getRedaction(tx, documentId, id))!);
  });
}

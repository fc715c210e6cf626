/**
 * @module
 * Approvals on the workspace interface. `recordApproval` stores the artifact,
 * then in one transaction that holds the document (SQLite: BEGIN IMMEDIATE;
 * PostgreSQL: its row locked FOR UPDATE, which every redaction change takes
 * too) checks that the decision set is still the one the artifact was built
 * from and that the two-person rule lets this approver sign, records the
 * approval and moves the document to `approved` (compare-and-set). Two
 * approvers racing: one wins, the other gets `state.invalid-transition`.
 */
import { fail, ok } from '../../problems.ts';
import type { Result } from '../../problems.ts';
import { sha256Hex } from '../blobs.ts';
import type { DocumentRecord } from './documents.ts';
import { decisionSetHash, signOffBlockers } from './decision-set.ts';
import { lockDocument } from './dialect.ts';
import { getDocument, setState } from './documents.ts';
import { recordReviewDecision } from './reviews.ts';
import { nowIso, transaction } from './workspace.ts';
import type { Workspace } from './workspace.ts';

export interface Approval {
  id: number;
  documentId: string;
  artifactSha256: string;
  /** The decision set the artifact was built from; null on approvals recorded before decision sets were signed. */
  decisionSetSha256: string | null;
  approver: string;
  approvedAt: string;
}

export interface ApprovalInput {
  documentId: string;
  /** The redacted PDF the approver signs (already rebuilt and verified by the caller). */
  artifact: Uint8Array;
  /** `decisionSetHash` taken before the artifact was built from those decisions. */
  decisionSetSha256: string;
  /** SHA-256 of the verify report JSON, stored with `putJsonBlob`, if any. */
  verifyBlob?: string;
  approver: string;
  comment?: string;
}


export async function recordApproval(ws: Workspace, input: ApprovalInput): Promise<Result<{ approval: Approval; document: DocumentRecord }>> {
  // The blob first, outside the transaction: no row ever points at bytes not yet stored.
  const stored = await ws.blobs.put(input.artifact);
  if (!stored.ok) return stored;
  const sha = stored.value;
  return transaction(ws, async (tx) => {
    // Everything is checked before anything is written, under the lock, so a refusal leaves no trace but its message.
    await lockDocument(tx, input.documentId);
    const current = await getDocument(tx, input.documentId);
    if (!current) return fail('workspace.not-found', `No document with id ${input.documentId}.`);
    if (current.state !== 'in_review') return fail('state.invalid-transition', `Document ${current.path} is ${current.state.replace('_', ' ')}, not in review: it cannot be approved.`, { file: current.path });
    if ((await decisionSetHash(tx, current)) !== input.decisionSetSha256) {
      return fail(
        'review.changed',
        `The redactions of ${current.fileName} changed while its release was being rebuilt, so the rebuilt file does not match them and nothing was approved. Reload the page, check the changes and approve again.`,
        { file: current.path },
      );
    }
    const blockers = await signOffBlockers(tx, current, input.approver);
    if (blockers.length > 0) return fail('review.blocked', blockers.join(' '), { file: current.path });
    const at = nowIso();
    const { id } = await tx.db
      .insertInto('approvals')
      .values({ document_id: input.documentId, artifact_sha256: sha, decision_set_sha256: input.decisionSetSha256, approver: input.approver, approved_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    const moved = await setState(tx, input.documentId, {
      to: 'approved',
      from: 'in_review',
      actor: input.approver,
      patch: { artifactBlob: sha, ...(input.verifyBlob ? { verifyBlob: input.verifyBlob } : {}) },
      details: { approvalId: id, artifactSha256: sha, decisionSetSha256: input.decisionSetSha256 },
    });
    // The state was checked above under the same lock; failing here is a bug, and the throw rolls the approval back.
    if (!moved.ok) throw new Error(`recordApproval: ${moved.problem.message}`);
    await recordReviewDecision(tx, { documentId: input.documentId, actor: input.approver, action: 'document.approved', comment: input.comment });
    return ok({ approval: { id, documentId: input.documentId, artifactSha256: sha, decisionSetSha256: input.decisionSetSha256, approver: input.approver, approvedAt: at }, document: moved.value });
  });
}

export async function latestApproval(ws: Workspace, documentId: string): Promise<Approval | undefined> {
  const r = await ws.db.selectFrom('approvals').selectAll().where('document_id', '=', documentId).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return r && { id: r.id, documentId: r.document_id, artifactSha256: r.artifact_sha256, decisionSetSha256: r.decision_set_sha256, approver: r.approver, approvedAt: r.approved_at };
}

/** The documents whose approvals signed an artifact with this SHA-256. */
export async function documentsApprovedWith(ws: Workspace, artifactSha256: string): Promise<string[]> {
  return (await ws.db.selectFrom('approvals').select('document_id').distinct().where('artifact_sha256', '=', artifactSha256).execute()).map((r) => r.document_id);
}

/**
 * The approved artifact's bytes, only if the document is approved or published,
 * its artifact is the one last approved, and the stored bytes still hash to it.
 */
export async function approvedArtifact(ws: Workspace, documentId: string): Promise<Result<{ bytes: Uint8Array; approval: Approval; document: DocumentRecord }>> {
  const document = await getDocument(ws, documentId);
  if (!document) return fail('workspace.not-found', `No document with id ${documentId}.`);
  if (document.state !== 'approved' && document.state !== 'published') {
    return fail('state.invalid-transition', `Document ${document.path} is ${document.state}, not approved: it cannot be published.`);
  }
  const approval = await latestApproval(ws, documentId);
  if (!approval || approval.artifactSha256 !== document.artifactBlob) {
    return fail('state.invalid-transition', `Document ${document.path} has no approval for its current artifact.`);
  }
  const bytes = await ws.blobs.get(approval.artifactSha256);
  if (!bytes.ok) return bytes;
  if (sha256Hex(bytes.value) !== approval.artifactSha256) return fail('workspace.missing-blob', `The approved artifact of ${document.path} does not match its approval.`);
  return ok({ bytes: bytes.value, approval, document });
}

/** approved → published, audited; the publisher calls it after the site is written. */
export function markPublished(ws: Workspace, documentId: string, actor: string, details: Record<string, unknown> = {}): Promise<Result<DocumentRecord>> {
  return setState(ws, documentId, { to: 'published', from: 'approved', actor, details });
}

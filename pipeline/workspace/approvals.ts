/**
 * @module
 * Approvals: an approver signs a specific artifact, identified by its SHA-256,
 * built from a specific decision set, identified by its SHA-256 too
 * (`decision-set.ts`). `recordApproval` stores the artifact, then in one
 * IMMEDIATE transaction checks that the decision set is still the one the
 * artifact was built from and that the two-person rule lets this approver
 * sign, records the approval and moves the document to `approved`; its audit
 * entry names both hashes. `approvedArtifact` is the publish gate's read: it
 * returns bytes only when they hash to the latest approval.
 */
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';
import { putBlob, readBlob, sha256Hex } from './blobs.ts';
import { nowIso, transaction } from './database.ts';
import { decisionSetHash, signOffBlockers } from './decision-set.ts';
import { getDocument, setState } from './documents.ts';
import type { DocumentRecord } from './documents.ts';
import { recordReviewDecision } from './reviews.ts';
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
  const stored = await putBlob(ws.blobs, input.artifact);
  if (!stored.ok) return stored;
  const sha = stored.value;
  return transaction(ws.db, () => {
    // Everything is checked before anything is written, under the write lock, so a refusal leaves no trace but its message.
    const current = getDocument(ws, input.documentId);
    if (!current) return fail('workspace.not-found', `No document with id ${input.documentId}.`);
    if (current.state !== 'in_review') return fail('state.invalid-transition', `Document ${current.path} is ${current.state.replace('_', ' ')}, not in review: it cannot be approved.`, { file: current.path });
    if (decisionSetHash(ws, current) !== input.decisionSetSha256) {
      return fail(
        'review.changed',
        `The redactions of ${current.fileName} changed while its release was being rebuilt, so the rebuilt file does not match them and nothing was approved. Reload the page, check the changes and approve again.`,
        { file: current.path },
      );
    }
    const blockers = signOffBlockers(ws, current, input.approver);
    if (blockers.length > 0) return fail('review.blocked', blockers.join(' '), { file: current.path });
    const at = nowIso();
    const id = Number(
      ws.db
        .prepare('INSERT INTO approvals (document_id, artifact_sha256, decision_set_sha256, approver, approved_at) VALUES (?, ?, ?, ?, ?)')
        .run(input.documentId, sha, input.decisionSetSha256, input.approver, at).lastInsertRowid,
    );
    const moved = setState(ws, input.documentId, {
      to: 'approved',
      from: 'in_review',
      actor: input.approver,
      patch: { artifactBlob: sha, ...(input.verifyBlob ? { verifyBlob: input.verifyBlob } : {}) },
      details: { approvalId: id, artifactSha256: sha, decisionSetSha256: input.decisionSetSha256 },
    });
    // The state was checked above under the same lock; failing here is a bug, and the throw rolls the approval back.
    if (!moved.ok) throw new Error(`recordApproval: ${moved.problem.message}`);
    recordReviewDecision(ws, { documentId: input.documentId, actor: input.approver, action: 'document.approved', comment: input.comment });
    return ok({ approval: { id, documentId: input.documentId, artifactSha256: sha, decisionSetSha256: input.decisionSetSha256, approver: input.approver, approvedAt: at }, document: moved.value });
  });
}

export function latestApproval(ws: Workspace, documentId: string): Approval | undefined {
  const r = ws.db.prepare('SELECT * FROM approvals WHERE document_id = ? ORDER BY id DESC LIMIT 1').get(documentId) as
    | { id: number; document_id: string; artifact_sha256: string; decision_set_sha256: string | null; approver: string; approved_at: string }
    | undefined;
  return r && { id: r.id, documentId: r.document_id, artifactSha256: r.artifact_sha256, decisionSetSha256: r.decision_set_sha256, approver: r.approver, approvedAt: r.approved_at };
}

/**
 * The approved artifact's bytes, only if the document is approved or published,
 * its artifact is the one last approved, and the stored bytes still hash to it.
 */
export async function approvedArtifact(ws: Workspace, documentId: string): Promise<Result<{ bytes: Uint8Array; approval: Approval; document: DocumentRecord }>> {
  const document = getDocument(ws, documentId);
  if (!document) return fail('workspace.not-found', `No document with id ${documentId}.`);
  if (document.state !== 'approved' && document.state !== 'published') {
    return fail('state.invalid-transition', `Document ${document.path} is ${document.state}, not approved: it cannot be published.`);
  }
  const approval = latestApproval(ws, documentId);
  if (!approval || approval.artifactSha256 !== document.artifactBlob) {
    return fail('state.invalid-transition', `Document ${document.path} has no approval for its current artifact.`);
  }
  const bytes = await readBlob(ws.blobs, approval.artifactSha256);
  if (!bytes.ok) return bytes;
  if (sha256Hex(bytes.value) !== approval.artifactSha256) return fail('workspace.missing-blob', `The approved artifact of ${document.path} does not match its approval.`);
  return ok({ bytes: bytes.value, approval, document });
}

/** approved → published, audited; the publisher calls it after the site is written. */
export function markPublished(ws: Workspace, documentId: string, actor: string, details: Record<string, unknown> = {}): Result<DocumentRecord> {
  return setState(ws, documentId, { to: 'published', from: 'approved', actor, details });
}

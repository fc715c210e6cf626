/**
 * @module
 * Approvals: an approver signs a specific artifact, identified by its SHA-256.
 * `recordApproval` stores the artifact, records the approval and moves the
 * document to `approved` in one transaction; `approvedArtifact` is the publish
 * gate's read: it returns bytes only when they hash to the latest approval.
 */
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';
import { putBlob, readBlob, sha256Hex } from './blobs.ts';
import { nowIso, transaction } from './database.ts';
import { getDocument, setState } from './documents.ts';
import type { DocumentRecord } from './documents.ts';
import { recordReviewDecision } from './reviews.ts';
import type { Workspace } from './workspace.ts';

export interface Approval {
  id: number;
  documentId: string;
  artifactSha256: string;
  approver: string;
  approvedAt: string;
}

export interface ApprovalInput {
  documentId: string;
  /** The redacted PDF the approver signs (already rebuilt and verified by the caller). */
  artifact: Uint8Array;
  /** SHA-256 of the verify report JSON, stored with `putJsonBlob`, if any. */
  verifyBlob?: string;
  approver: string;
  comment?: string;
}

export function recordApproval(ws: Workspace, input: ApprovalInput): Result<{ approval: Approval; document: DocumentRecord }> {
  const stored = putBlob(ws.blobs, input.artifact);
  if (!stored.ok) return stored;
  const sha = stored.value;
  return transaction(ws.db, () => {
    const moved = setState(ws, input.documentId, {
      to: 'approved',
      from: 'in_review',
      actor: input.approver,
      patch: { artifactBlob: sha, ...(input.verifyBlob ? { verifyBlob: input.verifyBlob } : {}) },
      details: { artifactSha256: sha },
    });
    if (!moved.ok) return moved;
    const at = nowIso();
    const id = Number(ws.db.prepare('INSERT INTO approvals (document_id, artifact_sha256, approver, approved_at) VALUES (?, ?, ?, ?)').run(input.documentId, sha, input.approver, at).lastInsertRowid);
    recordReviewDecision(ws, { documentId: input.documentId, actor: input.approver, action: 'document.approved', comment: input.comment });
    return ok({ approval: { id, documentId: input.documentId, artifactSha256: sha, approver: input.approver, approvedAt: at }, document: moved.value });
  });
}

export function latestApproval(ws: Workspace, documentId: string): Approval | undefined {
  const r = ws.db.prepare('SELECT * FROM approvals WHERE document_id = ? ORDER BY id DESC LIMIT 1').get(documentId) as
    | { id: number; document_id: string; artifact_sha256: string; approver: string; approved_at: string }
    | undefined;
  return r && { id: r.id, documentId: r.document_id, artifactSha256: r.artifact_sha256, approver: r.approver, approvedAt: r.approved_at };
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

/**
 * @module
 * The publish gate: the one door from the workspace to the portal. A document
 * passes only if it is approved (or already published), its current artifact is
 * the one its latest approval signed, the stored bytes still hash to that
 * SHA-256, the artifact is not the original file, the approval is backed by its
 * entry in the document's keyed audit chain (which verifies), the decisions are
 * still the ones it signed and its approver made none of them, and the verifier
 * passes again on those exact bytes. An approvals row written into the database
 * by hand has no audit entry a database writer could forge, so it is refused. Each refusal is a problem with its own code, so the
 * publisher can report it and go on with the other documents.
 *
 * ```ts
 * const gated = await gateDocument(ws, doc, verifier);
 * if (!gated.ok) io.stderr(formatProblem(gated.problem));
 * ```
 */
import { decisionMakers, decisionSetHash, getBatch, latestApproval, sha256Hex, verifyDocumentChain } from '../workspace/store/index.ts';
import type { Approval, DocumentRecord, Workspace } from '../workspace/store/index.ts';
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';

/** Runs the redaction verifier on the artifact's bytes; any failure keeps the document out. */
export type ArtifactVerifier = (pdf: Uint8Array, document: DocumentRecord) => Promise<Result<unknown>>;

export interface GatedDocument {
  document: DocumentRecord;
  approval: Approval;
  /** The verified artifact: exactly the bytes the approver signed. */
  bytes: Uint8Array;
}

const RELEASABLE = new Set(['approved', 'published']);

export async function gateDocument(ws: Workspace, document: DocumentRecord, verify: ArtifactVerifier): Promise<Result<GatedDocument>> {
  const where = { file: document.path };
  if (!RELEASABLE.has(document.state)) {
    const why = document.state === 'sent_back' ? 'it was sent back by an approver' : `it is ${document.state.replace('_', ' ')}`;
    return fail('publish.not-approved', `${document.path} was not published: ${why}, not approved.`, where);
  }
  const approval = await latestApproval(ws, document.id);
  if (!approval) return fail('publish.not-approved', `${document.path} was not published: it is marked ${document.state} but has no recorded approval.`, where);
  if (approval.artifactSha256 === document.sha256 || approval.artifactSha256 === document.originalBlob) {
    return fail('publish.original', `${document.path} was not published: the approved file is the original (SHA-256 ${approval.artifactSha256}), not a redacted artifact.`, where);
  }
  if (document.artifactBlob !== approval.artifactSha256) {
    return fail('publish.hash-mismatch', `${document.path} was not published: its artifact (SHA-256 ${document.artifactBlob ?? 'none'}) is not the one approved (${approval.artifactSha256}).`, where);
  }
  const read = await ws.blobs.get(approval.artifactSha256);
  if (!read.ok) {
    return fail('publish.hash-mismatch', `${document.path} was not published: the approved artifact ${approval.artifactSha256} could not be read back intact (${read.problem.message}).`, where);
  }
  const actual = sha256Hex(read.value);
  if (actual !== approval.artifactSha256) {
    return fail('publish.hash-mismatch', `${document.path} was not published: the stored artifact hashes to ${actual}, not the approved ${approval.artifactSha256}.`, where);
  }
  if (!startsLikePdf(read.value)) return fail('publish.original', `${document.path} was not published: the approved artifact is not a PDF, so it cannot be a redacted release.`, where);
  const unbacked = await unbackedBecause(ws, document, approval);
  if (unbacked) return fail('publish.unaudited', `${document.path} was not published: ${unbacked}.`, where);
  const verified = await verify(read.value, document);
  if (!verified.ok) {
    return fail('publish.verify-failed', `${document.path} was not published: the verifier failed on the approved artifact (${verified.problem.code}: ${verified.problem.message}).`, { ...where, ...(verified.problem.page !== undefined ? { page: verified.problem.page } : {}) });
  }
  return ok({ document, approval, bytes: read.value });
}

/** Why the approval is not backed by the audit log and the decisions it signed; undefined when it is. */
async function unbackedBecause(ws: Workspace, document: DocumentRecord, approval: Approval): Promise<string | undefined> {
  const chain = await verifyDocumentChain(ws, document.id);
  if (!chain.ok) return `its audit chain does not verify (${chain.problem.message})`;
  const entry = chain.value.entries.find((e) => e.action === 'document.approved' && e.details.approvalId === approval.id);
  if (!entry) return `approval ${approval.id} has no audit entry, so Daylight did not record it`;
  if (entry.actor !== approval.approver || entry.details.artifactSha256 !== approval.artifactSha256 || entry.details.decisionSetSha256 !== approval.decisionSetSha256) {
    return `approval ${approval.id} no longer says what its audit entry recorded (approver, artifact or decision set)`;
  }
  if (!approval.decisionSetSha256) return `approval ${approval.id} was recorded before approvals signed their decisions; approve it again`;
  if ((await decisionSetHash(ws, document)) !== approval.decisionSetSha256) return `its redactions changed after approval ${approval.id} signed them`;
  if ((await decisionMakers(ws, document.id)).has(approval.approver) || (await getBatch(ws, document.batchId))?.createdBy === approval.approver) {
    return `${approval.approver} approved a document they decided on or ran the batch of (two-person rule)`;
  }
  return undefined;
}

function startsLikePdf(bytes: Uint8Array): boolean {
  return bytes.length > 5 && String.fromCharCode(...bytes.subarray(0, 5)) === '%PDF-';
}

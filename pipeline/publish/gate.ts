/**
 * @module
 * The publish gate: the one door from the workspace to the portal. A document
 * passes only if it is approved (or already published), its current artifact is
 * the one its latest approval signed, the stored bytes still hash to that
 * SHA-256, the artifact is not the original file, and the verifier passes again
 * on those exact bytes. Each refusal is a problem with its own code, so the
 * publisher can report it and go on with the other documents.
 *
 * ```ts
 * const gated = await gateDocument(ws, doc, verifier);
 * if (!gated.ok) io.stderr(formatProblem(gated.problem));
 * ```
 */
import { latestApproval, readBlob, sha256Hex } from '../workspace/index.ts';
import type { Approval, DocumentRecord, Workspace } from '../workspace/index.ts';
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
  const approval = latestApproval(ws, document.id);
  if (!approval) return fail('publish.not-approved', `${document.path} was not published: it is marked ${document.state} but has no recorded approval.`, where);
  if (approval.artifactSha256 === document.sha256 || approval.artifactSha256 === document.originalBlob) {
    return fail('publish.original', `${document.path} was not published: the approved file is the original (SHA-256 ${approval.artifactSha256}), not a redacted artifact.`, where);
  }
  if (document.artifactBlob !== approval.artifactSha256) {
    return fail('publish.hash-mismatch', `${document.path} was not published: its artifact (SHA-256 ${document.artifactBlob ?? 'none'}) is not the one approved (${approval.artifactSha256}).`, where);
  }
  const read = await readBlob(ws.blobs, approval.artifactSha256);
  if (!read.ok) {
    return fail('publish.hash-mismatch', `${document.path} was not published: the approved artifact ${approval.artifactSha256} could not be read back intact (${read.problem.message}).`, where);
  }
  const actual = sha256Hex(read.value);
  if (actual !== approval.artifactSha256) {
    return fail('publish.hash-mismatch', `${document.path} was not published: the stored artifact hashes to ${actual}, not the approved ${approval.artifactSha256}.`, where);
  }
  if (!startsLikePdf(read.value)) return fail('publish.original', `${document.path} was not published: the approved artifact is not a PDF, so it cannot be a redacted release.`, where);
  const verified = await verify(read.value, document);
  if (!verified.ok) {
    return fail('publish.verify-failed', `${document.path} was not published: the verifier failed on the approved artifact (${verified.problem.code}: ${verified.problem.message}).`, { ...where, ...(verified.problem.page !== undefined ? { page: verified.problem.page } : {}) });
  }
  return ok({ document, approval, bytes: read.value });
}

function startsLikePdf(bytes: Uint8Array): boolean {
  return bytes.length > 5 && String.fromCharCode(...bytes.subarray(0, 5)) === '%PDF-';
}

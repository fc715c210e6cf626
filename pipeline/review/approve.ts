/**
 * @module
 * Signing a document off. Approval is refused while a redaction is undecided,
 * a rejected automatic redaction is unconfirmed, or the two-person rule
 * forbids this approver (`signOffBlockers`). Otherwise the decision set is
 * read and hashed, the redacted artifact is rebuilt from exactly those
 * decisions (never taken from the batch's earlier proposal) and verified, and
 * `recordApproval` records it only if, in its own transaction, the decision
 * set still hashes the same and no blocker appeared. A failed verification or
 * a changed decision set approves nothing and says why.
 */
import { indexText, isSearchable } from '../../redaction/verify/normalize.ts';
import { documentText } from '../model/document-text.ts';
import type { Document, Finding, Redaction } from '../model/types.ts';
import { fail, formatProblem, ok } from '../problems.ts';
import type { Result } from '../problems.ts';
import type { Policy } from '../../redaction/policy/types.ts';
import { appendAudit, decisionSet, hashDecisionSet, listFindings, putJsonBlob, recordApproval, signOffBlockers } from '../workspace/store/index.ts';
import type { Approval, DocumentRecord, Workspace } from '../workspace/store/index.ts';
import { documentModel } from './store.ts';
import { alreadyCovered } from './snap.ts';
import { findOccurrences } from '../../redaction/plan-redactions.ts';
import { categories } from '../../redaction/policy/categories.ts';

export interface ArtifactInput {
  original: { bytes: Uint8Array; fileName: string };
  document: Document;
  /** Accepted redactions only. */
  redactions: Redaction[];
  findings: Finding[];
  policy: Policy;
}

/** Writes the redacted PDF and verifies it; a leak or a broken file is a problem, not an artifact. */
export type ArtifactBuilder = (input: ArtifactInput) => Promise<Result<{ pdf: Uint8Array; report: unknown }>>;

/**
 * Why `approver` may not approve `document` now, in words to show them (the
 * review page disables Approve with these); empty when they may. The same rule
 * is checked again when the approval is recorded and at the publish gate.
 */
export function approvalBlockers(ws: Workspace, document: DocumentRecord, approver: string): Promise<string[]> {
  return signOffBlockers(ws, document, approver);
}

export interface ApproveOptions {
  policy: Policy;
  buildArtifact: ArtifactBuilder;
}

/** The accepted redactions of a decision list, as the writer takes them (without who decided). */
export function acceptedRedactions(redactions: readonly Redaction[]): Redaction[] {
  return redactions
    .filter((r) => r.decision === 'accepted')
    .map(({ id, boxes, category, exemption, from, decision, reason }): Redaction => ({ id, boxes, category, exemption, from, decision, reason }));
}

/** What a release is rebuilt from, for approval and for its preview alike: the original, the model, `accepted` and the findings. */
export async function artifactInput(ws: Workspace, document: DocumentRecord, accepted: Redaction[], policy: Policy): Promise<Result<ArtifactInput>> {
  if (!document.originalBlob) return fail('workspace.missing-blob', `The original of ${document.fileName} is not in the workspace, so the release cannot be rebuilt.`);
  const original = await ws.blobs.get(document.originalBlob);
  if (!original.ok) return original;
  const model = await documentModel(ws, document);
  if (!model.ok) return model;
  return ok({ original: { bytes: original.value, fileName: document.fileName }, document: model.value, redactions: accepted, findings: await listFindings(ws, document.id), policy });
}

export async function approveDocument(ws: Workspace, document: DocumentRecord, approver: string, options: ApproveOptions): Promise<Result<Approval>> {
  const blockers = await approvalBlockers(ws, document, approver);
  if (blockers.length > 0) return fail('review.blocked', blockers.join(' '));
  // The artifact is built from this snapshot; recordApproval refuses it if the decisions differ by then.
  const decisions = await decisionSet(ws, document);
  const input = await artifactInput(ws, document, acceptedRedactions(decisions.redactions), options.policy);
  if (!input.ok) return input;
  const uncovered = uncoveredOccurrences(input.value.document, input.value.redactions, input.value.findings, options.policy);
  if (uncovered.length > 0) return fail('review.blocked', uncovered.join(' '));
  const built = await options.buildArtifact(input.value);
  if (!built.ok) {
    await appendAudit(ws, { actor: approver, action: 'document.approval-refused', subject: document.id, details: { code: built.problem.code, message: built.problem.message } });
    return fail(built.problem.code, `The rebuilt release did not pass verification, so nothing was approved: ${formatProblem(built.problem)}`, { file: document.fileName, page: built.problem.page });
  }
  const report = await putJsonBlob(ws.blobs, built.value.report);
  if (!report.ok) return report;
  const recorded = await recordApproval(ws, { documentId: document.id, artifact: built.value.pdf, decisionSetSha256: hashDecisionSet(decisions), verifyBlob: report.value, approver });
  if (!recorded.ok) {
    await appendAudit(ws, { actor: approver, action: 'document.approval-refused', subject: document.id, details: { code: recorded.problem.code, message: recorded.problem.message } });
    return recorded;
  }
  return ok(recorded.value.approval);
}

/**
 * Text an accepted redaction removes that still appears elsewhere without a box
 * (a second mention the detector missed). The verifier would refuse the
 * release anyway; saying which redaction and where lets the approver fix it
 * with "Apply to every occurrence" before a rebuild.
 */
export function uncoveredOccurrences(document: Document, accepted: readonly Redaction[], findings: readonly Finding[], policy: Policy): string[] {
  const text = new Map(findings.map((f) => [f.id, f.text]));
  const boxes = accepted.flatMap((r) => r.boxes);
  const dt = documentText(document);
  const index = indexText(dt.text);
  const out: string[] = [];
  for (const r of accepted) {
    if (!('findings' in r.from)) continue;
    // Too short to search for ("Ofc", "Ng") is left to the verifier's position check, as the batch's every-occurrence pass does.
    const phrases = [...new Set(r.from.findings.map((id) => text.get(id) ?? ''))].filter(isSearchable);
    const missing = phrases.flatMap((phrase) => findOccurrences(document, phrase, dt, index)).filter((occurrence) => !alreadyCovered(occurrence, boxes));
    if (missing.length === 0) continue;
    const label = (categories as Record<string, string>)[r.category] ?? r.category;
    const pages = [...new Set(missing.map((o) => o[0].page))].join(', ');
    out.push(
      `The text of the accepted ${label} ${policy.exemptions[r.exemption]?.code ?? r.exemption} redaction on page ${r.boxes[0]?.page ?? '?'} appears ${missing.length} more time${missing.length === 1 ? '' : 's'} without a box (page ${pages}): use "Apply to every occurrence in this batch" on it.`,
    );
  }
  return out;
}

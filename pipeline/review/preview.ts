/**
 * @module
 * The release as it will be published, before anyone signs: the clean-room
 * writer rebuilds it from the decisions as they stand and the verifier checks
 * it, exactly as approval does (with the same builder), but nothing is
 * recorded. Previews are kept in memory by the fingerprint of the accepted
 * redactions, so paging through one costs one build; a new decision makes a
 * new preview. After approval, the approved artifact itself is shown instead.
 */
import type { VerifyCheck } from '../../redaction/verify/verify-pdf.ts';
import type { Redaction } from '../model/types.ts';
import { fail, ok } from '../problems.ts';
import type { Problem, Result } from '../problems.ts';
import { approvedArtifact, listRedactions, readJsonBlob, sha256Hex } from '../workspace/store/index.ts';
import type { DocumentRecord } from '../workspace/store/index.ts';
import type { ReviewOptions } from './context.ts';
import { acceptedRedactions, artifactInput } from './approve.ts';

export interface Release {
  kind: 'preview' | 'approved';
  /** The PDF, when it was built and passed verification. */
  pdf?: Uint8Array;
  sha256?: string;
  checks: VerifyCheck[];
  /** Why there is no release to show (verification failed, nothing accepted yet…). */
  problem?: Problem;
  accepted: number;
}

const previews = new Map<string, Release>();
const inFlight = new Map<string, Promise<Release>>();

async function acceptedOf(options: ReviewOptions, document: DocumentRecord): Promise<Redaction[]> {
  return acceptedRedactions(await listRedactions(options.ws, document.id));
}

function checksOf(report: unknown): VerifyCheck[] {
  const checks = (report as { verification?: { checks?: VerifyCheck[] } } | undefined)?.verification?.checks;
  return Array.isArray(checks) ? checks : [];
}

async function build(options: ReviewOptions, document: DocumentRecord, accepted: Redaction[]): Promise<Release> {
  const none = (problem: Problem): Release => ({ kind: 'preview', checks: [], problem, accepted: accepted.length });
  const input = await artifactInput(options.ws, document, accepted, options.policy);
  if (!input.ok) return none(input.problem);
  const built = await options.buildArtifact(input.value);
  if (!built.ok) return none(built.problem);
  return { kind: 'preview', pdf: built.value.pdf, sha256: sha256Hex(built.value.pdf), checks: checksOf(built.value.report), accepted: accepted.length };
}

/** The release as approval would build it now (rebuilt and verified; recorded nowhere). */
export async function previewRelease(options: ReviewOptions, document: DocumentRecord): Promise<Release> {
  const accepted = await acceptedOf(options, document);
  const key = `${document.id}:${sha256Hex(JSON.stringify(accepted.map((r) => [r.id, r.boxes, r.exemption])))}`;
  const hit = previews.get(key);
  if (hit) return hit;
  let pending = inFlight.get(key);
  if (!pending) {
    pending = build(options, document, accepted)
      .then((release) => {
        if (previews.size >= 8) previews.delete(previews.keys().next().value as string);
        previews.set(key, release);
        return release;
      })
      .finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  return pending;
}

/** The approved artifact (the bytes the publish gate will release) with its stored verification. */
export async function approvedRelease(options: ReviewOptions, document: DocumentRecord): Promise<Result<Release>> {
  const artifact = await approvedArtifact(options.ws, document.id);
  if (!artifact.ok) return fail('review.not-found', 'This document has no approved release.');
  const report = document.verifyBlob ? await readJsonBlob<unknown>(options.ws.blobs, document.verifyBlob) : undefined;
  return ok({ kind: 'approved', pdf: artifact.value.bytes, sha256: artifact.value.approval.artifactSha256, checks: report?.ok ? checksOf(report.value) : [], accepted: (await acceptedOf(options, document)).length });
}

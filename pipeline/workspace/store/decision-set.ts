/**
 * @module
 * What an approval signs besides the artifact, and who may sign it, on the
 * workspace interface. The projection and the rules are ../decision-set.ts's
 * pure `buildDecisionSet` and `blockersFrom`; this gathers their rows.
 */
import { sha256Hex } from '../blobs.ts';
import { canonicalJson } from '../canonical-json.ts';
import type { Finding, PageBox, Redaction } from '../../model/types.ts';
import type { DocumentRecord } from './documents.ts';
import { getBatch } from './batches.ts';
import { listFindings } from './findings.ts';
import { listRedactions, unconfirmedRejections } from './redactions.ts';
import type { RedactionRecord } from './redactions.ts';
import type { Workspace } from './workspace.ts';

export interface DecisionSet {
  documentId: string;
  /** SHA-256 of the original file and of the document model the rebuild reads. */
  original: string | null;
  model: string | null;
  findings: { id: string; detector: string; category: string; exemption: string; action: string; start: number; end: number }[];
  redactions: {
    id: string;
    category: string;
    exemption: string;
    boxes: PageBox[];
    from: Redaction['from'];
    decision: Redaction['decision'];
    reason: string;
    createdBy: string;
    decidedBy: string | null;
    confirmedBy: string | null;
  }[];
}

/** The decision set of these rows, in the stored (stable) order; the one projection both adapters hash. */
export function buildDecisionSet(document: Pick<DocumentRecord, 'id' | 'sha256' | 'modelBlob'>, findings: readonly Finding[], redactions: readonly RedactionRecord[]): DecisionSet {
  return {
    documentId: document.id,
    original: document.sha256,
    model: document.modelBlob,
    // The matched text is left out: purge blanks it, and the span already pins the finding.
    findings: findings.map(({ id, detector, category, exemption, action, start, end }) => ({ id, detector, category, exemption, action, start, end })),
    redactions: redactions.map(({ id, category, exemption, boxes, from, decision, reason, createdBy, decidedBy, confirmedBy }) => ({ id, category, exemption, boxes, from, decision, reason, createdBy, decidedBy, confirmedBy })),
  };
}

export function hashDecisionSet(set: DecisionSet): string {
  return sha256Hex(canonicalJson(set));
}

/** Review actions that make someone a party to the document's redactions. Confirming a rejection is not one: it is the second look. */
export const DECIDING_ACTIONS = ['redaction.accepted', 'redaction.rejected', 'redaction.proposed', 'redaction.added', 'redaction.withdrawn'];

/** What the two-person rule reads about a document, gathered by either adapter. */
export interface SignOffFacts {
  redactions: readonly RedactionRecord[];
  unconfirmed: readonly RedactionRecord[];
  batchCreatedBy: string | undefined;
  decisionMakers: ReadonlySet<string>;
}

/** Why `approver` may not approve `document`, from the facts; empty when they may. */
export function blockersFrom(document: DocumentRecord, approver: string, facts: SignOffFacts): string[] {
  const reasons: string[] = [];
  if (document.state !== 'in_review') reasons.push(`The document is ${document.state.replace('_', ' ')}; only a document in review can be approved.`);
  const undecided = facts.redactions.filter((r) => r.decision === 'proposed').length;
  if (undecided > 0) reasons.push(`${undecided} redaction${undecided === 1 ? ' is' : 's are'} still undecided: accept or reject each one first.`);
  const unconfirmed = facts.unconfirmed;
  if (unconfirmed.length > 0) {
    const pages = [...new Set(unconfirmed.flatMap((r) => r.boxes.map((b) => b.page)))].sort((a, b) => a - b).join(', ');
    reasons.push(
      `${unconfirmed.length} rejected redaction${unconfirmed.length === 1 ? '' : 's'} the policy applies automatically (page ${pages}) need${unconfirmed.length === 1 ? 's' : ''} a second person to confirm the rejection first.`,
    );
  }
  if (facts.batchCreatedBy === approver) reasons.push('You ran the batch that produced this document, so another approver must sign it (two-person rule).');
  if (facts.decisionMakers.has(approver)) {
    reasons.push('You accepted, rejected or drew redactions on this document, so another approver must sign it (two-person rule).');
  }
  return reasons;
}


type DocumentKey = Pick<DocumentRecord, 'id' | 'sha256' | 'modelBlob'>;

/** The document's decision set as stored now, in the stored (stable) order. */
export async function decisionSet(ws: Workspace, document: DocumentKey): Promise<DecisionSet> {
  return buildDecisionSet(document, await listFindings(ws, document.id), await listRedactions(ws, document.id));
}

export async function decisionSetHash(ws: Workspace, document: DocumentKey): Promise<string> {
  return hashDecisionSet(await decisionSet(ws, document));
}

/**
 * Everyone who accepted, rejected or drew a redaction on the document, at any
 * time (a decision later overturned still counts), from the review history and
 * from the redaction rows themselves.
 */
export async function decisionMakers(ws: Workspace, documentId: string): Promise<Set<string>> {
  const makers = new Set<string>();
  for (const r of await ws.db.selectFrom('review_decisions').select('actor').where('document_id', '=', documentId).where('action', 'in', DECIDING_ACTIONS).execute()) makers.add(r.actor);
  for (const r of await listRedactions(ws, documentId)) {
    if (r.decidedBy !== null) makers.add(r.decidedBy);
    if ('reviewer' in r.from) makers.add(r.createdBy);
  }
  return makers;
}

/** Why `approver` may not approve `document` now, in words for them; empty when they may. */
export async function signOffBlockers(ws: Workspace, document: DocumentRecord, approver: string): Promise<string[]> {
  return blockersFrom(document, approver, {
    redactions: await listRedactions(ws, document.id),
    unconfirmed: await unconfirmedRejections(ws, document.id),
    batchCreatedBy: (await getBatch(ws, document.batchId))?.createdBy,
    decisionMakers: await decisionMakers(ws, document.id),
  });
}

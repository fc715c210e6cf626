/**
 * @module
 * What an approval signs besides the artifact, and who may sign it, on the
 * workspace interface. The projection and the rules are ../decision-set.ts's
 * pure `buildDecisionSet` and `blockersFrom`; this gathers their rows.
 */
import { DECIDING_ACTIONS, blockersFrom, buildDecisionSet, hashDecisionSet } from '../decision-set.ts';
import type { DecisionSet } from '../decision-set.ts';
import type { DocumentRecord } from '../documents.ts';
import { getBatch } from './batches.ts';
import { listFindings } from './findings.ts';
import { listRedactions, unconfirmedRejections } from './redactions.ts';
import type { Workspace } from './workspace.ts';

export { hashDecisionSet };
export type { DecisionSet };

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

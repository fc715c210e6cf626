/**
 * @module
 * Documents and their states on the workspace interface. `setState` is the
 * only code that changes a document's state, and it is a compare-and-set: the
 * row is updated only if it is still in the state that was read, so a second
 * delivery of the same job (at-least-once queues, two workers) finds the move
 * already made and changes nothing (`state.invalid-transition`, no audit entry).
 */
import { fail, ok } from '../../problems.ts';
import type { Result } from '../../problems.ts';
import { newId } from '../batches.ts';
import { patchColumns, toRecord } from '../documents.ts';
import type { DocumentPatch, DocumentQuery, DocumentRecord, DocumentRow, NewDocument, StateChange } from '../documents.ts';
import { INITIAL_STATES, canTransition } from '../states.ts';
import type { DocumentState } from '../states.ts';
import { appendAudit } from './audit.ts';
import { nowIso, transaction } from './workspace.ts';
import type { Workspace } from './workspace.ts';

export { failureOf } from '../documents.ts';
export type { DocumentFailure, DocumentPatch, DocumentQuery, DocumentRecord, NewDocument, StateChange } from '../documents.ts';

const toDocument = (row: unknown): DocumentRecord => toRecord(row as DocumentRow);

export function insertDocument(ws: Workspace, doc: NewDocument, actor: string): Promise<DocumentRecord> {
  if (!INITIAL_STATES.includes(doc.state)) throw new Error(`a document cannot start in state ${doc.state}`);
  return transaction(ws, async (tx) => {
    const at = nowIso();
    const id = newId('d');
    await tx.db
      .insertInto('documents')
      .values({
        id,
        batch_id: doc.batchId,
        path: doc.path,
        file_name: doc.fileName,
        sha256: doc.sha256 ?? null,
        byte_length: doc.byteLength ?? null,
        media_type: doc.mediaType ?? null,
        state: doc.state,
        failed_code: doc.failure?.code ?? null,
        failed_message: doc.failure?.message ?? null,
        failed_stage: doc.failure?.stage ?? null,
        duplicate_of: doc.duplicateOf ?? null,
        original_blob: doc.originalBlob ?? null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await appendAudit(tx, {
      actor,
      action: `document.${doc.state === 'queued' ? 'queued' : doc.state}`,
      subject: id,
      details: { batch: doc.batchId, path: doc.path, sha256: doc.sha256 ?? null, ...(doc.failure ? { code: doc.failure.code } : {}), ...(doc.duplicateOf ? { duplicateOf: doc.duplicateOf } : {}) },
    });
    return (await getDocument(tx, id))!;
  });
}

export async function getDocument(ws: Workspace, id: string): Promise<DocumentRecord | undefined> {
  const row = await ws.db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toDocument(row);
}

export async function findDocumentByPath(ws: Workspace, batchId: string, path: string): Promise<DocumentRecord | undefined> {
  const row = await ws.db.selectFrom('documents').selectAll().where('batch_id', '=', batchId).where('path', '=', path).executeTakeFirst();
  return row && toDocument(row);
}

/** The document of the batch that is processed for these bytes (not a duplicate). */
export async function findPrimaryBySha(ws: Workspace, batchId: string, sha256: string): Promise<DocumentRecord | undefined> {
  const row = await ws.db
    .selectFrom('documents')
    .selectAll()
    .where('batch_id', '=', batchId)
    .where('sha256', '=', sha256)
    .where('state', '!=', 'duplicate')
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row && toDocument(row);
}

export async function listDocuments(ws: Workspace, query: DocumentQuery = {}): Promise<DocumentRecord[]> {
  let q = ws.db.selectFrom('documents').selectAll();
  if (query.batchId !== undefined) q = q.where('batch_id', '=', query.batchId);
  if (query.state !== undefined) {
    const states = typeof query.state === 'string' ? [query.state] : [...query.state];
    if (states.length === 0) return [];
    q = q.where('state', 'in', states);
  }
  q = q.orderBy('batch_id').orderBy('path');
  if (query.limit !== undefined) q = q.limit(query.limit);
  if (query.offset) q = query.limit === undefined ? q.limit(Number.MAX_SAFE_INTEGER).offset(query.offset) : q.offset(query.offset);
  return (await q.execute()).map(toDocument);
}

/** Document counts by state, for one batch or the whole workspace. */
export async function countByState(ws: Workspace, batchId?: string): Promise<Partial<Record<DocumentState, number>>> {
  let q = ws.db.selectFrom('documents').select((eb) => ['state', eb.fn.countAll().as('n')]).groupBy('state');
  if (batchId !== undefined) q = q.where('batch_id', '=', batchId);
  const rows = await q.execute();
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

function patchValues(patch: DocumentPatch): Record<string, string | number | null> {
  const values: Record<string, string | number | null> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    values[patchColumns[key as keyof DocumentPatch]] = typeof value === 'boolean' ? Number(value) : (value as string | number | null);
  }
  return values;
}

/** Moves a document to a new state, checking the state machine; compare-and-set on the state read. */
export function setState(ws: Workspace, id: string, change: StateChange): Promise<Result<DocumentRecord>> {
  return transaction(ws, async (tx) => {
    const current = await getDocument(tx, id);
    if (!current) return fail('workspace.not-found', `No document with id ${id}.`);
    if (change.from !== undefined && current.state !== change.from) {
      return fail('state.invalid-transition', `Document ${current.path} is ${current.state}, not ${change.from}; it was changed meanwhile.`);
    }
    if (!canTransition(current.state, change.to)) {
      return fail('state.invalid-transition', `Document ${current.path} cannot go from ${current.state} to ${change.to}.`);
    }
    if (change.to === 'failed' && !change.failure) throw new Error('a failed state needs a failure');
    const at = nowIso();
    const moved = await tx.db
      .updateTable('documents')
      .set({
        state: change.to,
        updated_at: at,
        failed_code: change.failure?.code ?? null,
        failed_message: change.failure?.message ?? null,
        failed_stage: change.failure?.stage ?? null,
        ...(change.to === 'published' ? { published_at: at } : {}),
        ...patchValues(change.patch ?? {}),
      })
      .where('id', '=', id)
      .where('state', '=', current.state)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) {
      return fail('state.invalid-transition', `Document ${current.path} is no longer ${current.state}: another process moved it meanwhile.`);
    }
    await appendAudit(tx, {
      actor: change.actor,
      action: `document.${change.to}`,
      subject: id,
      details: { from: current.state, ...(change.failure ? { code: change.failure.code, stage: change.failure.stage, message: change.failure.message } : {}), ...(change.details ?? {}) },
    });
    return ok((await getDocument(tx, id))!);
  });
}

/** Sets blob columns without a state move (e.g. the review app rebuilding an artifact), audited. */
export function updateDocumentBlobs(ws: Workspace, id: string, patch: Pick<DocumentPatch, 'artifactBlob' | 'verifyBlob' | 'verifyOk'>, actor: string): Promise<Result<DocumentRecord>> {
  return transaction(ws, async (tx) => {
    const current = await getDocument(tx, id);
    if (!current) return fail('workspace.not-found', `No document with id ${id}.`);
    const values = patchValues(patch);
    if (Object.keys(values).length > 0) await tx.db.updateTable('documents').set({ ...values, updated_at: nowIso() }).where('id', '=', id).execute();
    await appendAudit(tx, { actor, action: 'document.artifact-updated', subject: id, details: { ...patch } });
    return ok((await getDocument(tx, id))!);
  });
}

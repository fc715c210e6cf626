/**
 * @module
 * Documents and their states on the workspace interface. `setState` is the
 * only code that changes a document's state, and it is a compare-and-set: the
 * row is updated only if it is still in the state that was read, so a second
 * delivery of the same job (at-least-once queues, two workers) finds the move
 * already made and changes nothing (`state.invalid-transition`, no audit entry).
 */
import type { Selectable } from 'kysely';
import type { DocumentsTable } from './schema.ts';
import { fail, ok } from '../../problems.ts';
import type { Problem, ProblemCode, Result } from '../../problems.ts';
import { newId } from './batches.ts';
import { INITIAL_STATES, canTransition } from '../states.ts';
import type { DocumentState } from '../states.ts';
import { appendAudit } from './audit.ts';
import { nowIso, transaction } from './workspace.ts';
import type { Workspace } from './workspace.ts';

export interface DocumentFailure {
  code: ProblemCode | string;
  message: string;
  /** The stage that failed: "ingest", "extract", "detect", "redact", "verify"… */
  stage: string;
}

export interface DocumentRecord {
  id: string;
  batchId: string;
  /** Path relative to the batch folder (UTF-8; odd names are stored lossily and failed). */
  path: string;
  fileName: string;
  sha256: string | null;
  byteLength: number | null;
  mediaType: string | null;
  pageCount: number | null;
  state: DocumentState;
  failure: DocumentFailure | null;
  /** For `duplicate` documents: the document with the same bytes that is processed. */
  duplicateOf: string | null;
  /** Blob SHA-256s: the original file, the document model JSON, the redacted PDF, the verify report JSON. */
  originalBlob: string | null;
  modelBlob: string | null;
  artifactBlob: string | null;
  verifyBlob: string | null;
  /** Whether the proposed artifact passed verification: false means the proposals leave protected text readable (see the report in `verifyBlob`); null before verification. */
  verifyOk: boolean | null;
  /** When the document moved to `published`. */
  publishedAt: string | null;
  /** When its original and intermediate files were disposed of by `daylight purge`. */
  purgedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A `documents` row as both adapters return it. */
export type DocumentRow = Selectable<DocumentsTable>;

export function toRecord(r: DocumentRow): DocumentRecord {
  return {
    id: r.id,
    batchId: r.batch_id,
    path: r.path,
    fileName: r.file_name,
    sha256: r.sha256,
    byteLength: r.byte_length,
    mediaType: r.media_type,
    pageCount: r.page_count,
    state: r.state as DocumentState,
    failure: r.failed_code ? { code: r.failed_code, message: r.failed_message ?? '', stage: r.failed_stage ?? '' } : null,
    duplicateOf: r.duplicate_of,
    originalBlob: r.original_blob,
    modelBlob: r.model_blob,
    artifactBlob: r.artifact_blob,
    verifyBlob: r.verify_blob,
    verifyOk: r.verify_ok === null ? null : r.verify_ok === 1,
    publishedAt: r.published_at,
    purgedAt: r.purged_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface NewDocument {
  batchId: string;
  path: string;
  fileName: string;
  state: DocumentState;
  sha256?: string;
  byteLength?: number;
  mediaType?: string;
  originalBlob?: string;
  duplicateOf?: string;
  failure?: DocumentFailure;
}

export interface DocumentQuery {
  batchId?: string;
  state?: DocumentState | readonly DocumentState[];
  limit?: number;
  offset?: number;
}

/** Columns that may change along with a state move. */
export interface DocumentPatch {
  mediaType?: string;
  pageCount?: number;
  modelBlob?: string | null;
  artifactBlob?: string | null;
  verifyBlob?: string | null;
  verifyOk?: boolean | null;
  purgedAt?: string | null;
}

export const patchColumns: Record<keyof DocumentPatch, string> = {
  mediaType: 'media_type',
  pageCount: 'page_count',
  modelBlob: 'model_blob',
  artifactBlob: 'artifact_blob',
  verifyBlob: 'verify_blob',
  verifyOk: 'verify_ok',
  purgedAt: 'purged_at',
};

export interface StateChange {
  to: DocumentState;
  actor: string;
  /** Required when `to` is `failed`. */
  failure?: DocumentFailure;
  patch?: DocumentPatch;
  /** Extra fields for the audit entry. */
  details?: Record<string, unknown>;
  /** Refuse unless the document is in this state now (guards against a concurrent move). */
  from?: DocumentState;
}

export function failureOf(problem: Problem, stage: string): DocumentFailure {
  return { code: problem.code, message: problem.message, stage };
}


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
    if (change.to === 'failed' && !change.failure) throw new Error('a failed state needs a failure');
    // A move that names the state it leaves (every stage's, the review's) needs no read first: the
    // compare-and-set itself says whether the document is still there, and the row comes back with
    // it (one statement per move fewer, the scaled workers' commonest). Should nothing move, the read
    // below says why, with the same problems as before.
    if (change.from !== undefined && canTransition(change.from, change.to)) {
      const moved = await moveRow(tx, id, change.from, change);
      if (moved) return ok(await audited(tx, id, change.from, change, moved));
    }
    const current = await getDocument(tx, id);
    if (!current) return fail('workspace.not-found', `No document with id ${id}.`);
    if (change.from !== undefined && current.state !== change.from) {
      return fail('state.invalid-transition', `Document ${current.path} is ${current.state}, not ${change.from}; it was changed meanwhile.`);
    }
    if (!canTransition(current.state, change.to)) {
      return fail('state.invalid-transition', `Document ${current.path} cannot go from ${current.state} to ${change.to}.`);
    }
    const moved = await moveRow(tx, id, current.state, change);
    if (!moved) {
      return fail('state.invalid-transition', `Document ${current.path} is no longer ${current.state}: another process moved it meanwhile.`);
    }
    return ok(await audited(tx, id, current.state, change, moved));
  });
}

/** The compare-and-set: the document moves only if it is still `from`; the moved row comes back with the move (no second read). */
function moveRow(tx: Workspace, id: string, from: DocumentState, change: StateChange): Promise<DocumentRow | undefined> {
  const at = nowIso();
  return tx.db
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
    .where('state', '=', from)
    .returningAll()
    .executeTakeFirst();
}

/** The move's audit entry, in the move's transaction. */
async function audited(tx: Workspace, id: string, from: DocumentState, change: StateChange, moved: DocumentRow): Promise<DocumentRecord> {
  await appendAudit(tx, {
    actor: change.actor,
    action: `document.${change.to}`,
    subject: id,
    details: { from, ...(change.failure ? { code: change.failure.code, stage: change.failure.stage, message: change.failure.message } : {}), ...(change.details ?? {}) },
  });
  return toDocument(moved);
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

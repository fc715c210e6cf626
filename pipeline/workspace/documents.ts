/**
 * @module
 * Documents of a batch and their state. `setState` is the only code that
 * changes a document's state: it checks the move against `canTransition`,
 * applies the columns that come with it and writes the audit entry, all in one
 * transaction.
 */
import { fail, ok } from '../problems.ts';
import type { Problem, ProblemCode, Result } from '../problems.ts';
import { appendAudit } from './audit-log.ts';
import { newId } from './batches.ts';
import { nowIso, transaction } from './database.ts';
import { INITIAL_STATES, canTransition } from './states.ts';
import type { DocumentState } from './states.ts';
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

export interface DocumentRow {
  id: string;
  batch_id: string;
  path: string;
  file_name: string;
  sha256: string | null;
  byte_length: number | null;
  media_type: string | null;
  page_count: number | null;
  state: DocumentState;
  failed_code: string | null;
  failed_message: string | null;
  failed_stage: string | null;
  duplicate_of: string | null;
  original_blob: string | null;
  model_blob: string | null;
  artifact_blob: string | null;
  verify_blob: string | null;
  verify_ok: number | null;
  published_at: string | null;
  purged_at: string | null;
  created_at: string;
  updated_at: string;
}

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
    state: r.state,
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

export function insertDocument(ws: Workspace, doc: NewDocument, actor: string): DocumentRecord {
  if (!INITIAL_STATES.includes(doc.state)) throw new Error(`a document cannot start in state ${doc.state}`);
  return transaction(ws.db, () => {
    const at = nowIso();
    const id = newId('d');
    ws.db
      .prepare(
        `INSERT INTO documents (id, batch_id, path, file_name, sha256, byte_length, media_type, state, failed_code, failed_message, failed_stage, duplicate_of, original_blob, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, doc.batchId, doc.path, doc.fileName, doc.sha256 ?? null, doc.byteLength ?? null, doc.mediaType ?? null, doc.state, doc.failure?.code ?? null, doc.failure?.message ?? null, doc.failure?.stage ?? null, doc.duplicateOf ?? null, doc.originalBlob ?? null, at, at);
    appendAudit(ws, {
      actor,
      action: `document.${doc.state === 'queued' ? 'queued' : doc.state}`,
      subject: id,
      details: { batch: doc.batchId, path: doc.path, sha256: doc.sha256 ?? null, ...(doc.failure ? { code: doc.failure.code } : {}), ...(doc.duplicateOf ? { duplicateOf: doc.duplicateOf } : {}) },
    });
    return getDocument(ws, id)!;
  });
}

export function getDocument(ws: Workspace, id: string): DocumentRecord | undefined {
  const row = ws.db.prepare('SELECT * FROM documents WHERE id = ?').get(id) as DocumentRow | undefined;
  return row && toRecord(row);
}

export function findDocumentByPath(ws: Workspace, batchId: string, path: string): DocumentRecord | undefined {
  const row = ws.db.prepare('SELECT * FROM documents WHERE batch_id = ? AND path = ?').get(batchId, path) as DocumentRow | undefined;
  return row && toRecord(row);
}

/** The document of the batch that is processed for these bytes (not a duplicate). */
export function findPrimaryBySha(ws: Workspace, batchId: string, sha256: string): DocumentRecord | undefined {
  const row = ws.db.prepare("SELECT * FROM documents WHERE batch_id = ? AND sha256 = ? AND state != 'duplicate' ORDER BY created_at, id LIMIT 1").get(batchId, sha256) as DocumentRow | undefined;
  return row && toRecord(row);
}

export interface DocumentQuery {
  batchId?: string;
  state?: DocumentState | readonly DocumentState[];
  limit?: number;
  offset?: number;
}

export function listDocuments(ws: Workspace, query: DocumentQuery = {}): DocumentRecord[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (query.batchId !== undefined) (where.push('batch_id = ?'), args.push(query.batchId));
  if (query.state !== undefined) {
    const states = typeof query.state === 'string' ? [query.state] : [...query.state];
    where.push(`state IN (${states.map(() => '?').join(', ')})`);
    args.push(...states);
  }
  const sql = `SELECT * FROM documents ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY batch_id, path LIMIT ? OFFSET ?`;
  return (ws.db.prepare(sql).all(...args, query.limit ?? -1, query.offset ?? 0) as unknown as DocumentRow[]).map(toRecord);
}

/** Document counts by state, for one batch or the whole workspace. */
export function countByState(ws: Workspace, batchId?: string): Partial<Record<DocumentState, number>> {
  const rows = (batchId === undefined
    ? ws.db.prepare('SELECT state, COUNT(*) AS n FROM documents GROUP BY state').all()
    : ws.db.prepare('SELECT state, COUNT(*) AS n FROM documents WHERE batch_id = ? GROUP BY state').all(batchId)) as { state: DocumentState; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
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

/** Moves a document to a new state, checking the state machine. */
export function setState(ws: Workspace, id: string, change: StateChange): Result<DocumentRecord> {
  return transaction(ws.db, () => {
    const current = getDocument(ws, id);
    if (!current) return fail('workspace.not-found', `No document with id ${id}.`);
    if (change.from !== undefined && current.state !== change.from) {
      return fail('state.invalid-transition', `Document ${current.path} is ${current.state}, not ${change.from}; it was changed meanwhile.`);
    }
    if (!canTransition(current.state, change.to)) {
      return fail('state.invalid-transition', `Document ${current.path} cannot go from ${current.state} to ${change.to}.`);
    }
    if (change.to === 'failed' && !change.failure) throw new Error('a failed state needs a failure');
    const sets = ['state = ?', 'updated_at = ?', 'failed_code = ?', 'failed_message = ?', 'failed_stage = ?'];
    const args: (string | number | null)[] = [change.to, nowIso(), change.failure?.code ?? null, change.failure?.message ?? null, change.failure?.stage ?? null];
    if (change.to === 'published') (sets.push('published_at = ?'), args.push(nowIso()));
    for (const [key, value] of Object.entries(change.patch ?? {})) {
      sets.push(`${patchColumns[key as keyof DocumentPatch]} = ?`);
      args.push(typeof value === 'boolean' ? Number(value) : (value as string | number | null));
    }
    ws.db.prepare(`UPDATE documents SET ${sets.join(', ')} WHERE id = ?`).run(...args, id);
    appendAudit(ws, {
      actor: change.actor,
      action: `document.${change.to}`,
      subject: id,
      details: { from: current.state, ...(change.failure ? { code: change.failure.code, stage: change.failure.stage, message: change.failure.message } : {}), ...(change.details ?? {}) },
    });
    return ok(getDocument(ws, id)!);
  });
}

/** Sets blob columns without a state move (e.g. the review app rebuilding an artifact), audited. */
export function updateDocumentBlobs(ws: Workspace, id: string, patch: Pick<DocumentPatch, 'artifactBlob' | 'verifyBlob' | 'verifyOk'>, actor: string): Result<DocumentRecord> {
  return transaction(ws.db, () => {
    const current = getDocument(ws, id);
    if (!current) return fail('workspace.not-found', `No document with id ${id}.`);
    for (const [key, value] of Object.entries(patch)) {
      ws.db.prepare(`UPDATE documents SET ${patchColumns[key as keyof DocumentPatch]} = ?, updated_at = ? WHERE id = ?`).run(typeof value === 'boolean' ? Number(value) : (value as string | null), nowIso(), id);
    }
    appendAudit(ws, { actor, action: 'document.artifact-updated', subject: id, details: { ...patch } });
    return ok(getDocument(ws, id)!);
  });
}

export function failureOf(problem: Problem, stage: string): DocumentFailure {
  return { code: problem.code, message: problem.message, stage };
}

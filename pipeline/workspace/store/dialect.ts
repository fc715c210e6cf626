/**
 * @module
 * Every place where the two adapters differ, in one file. The queries are
 * shared (Kysely); what differs is how a check is kept true until commit:
 *
 * - SQLite begins every write transaction with BEGIN IMMEDIATE, so the whole
 *   transaction is serialised against other writers and the locks below are
 *   no-ops.
 * - PostgreSQL runs READ COMMITTED: a transaction that reads a document and then
 *   writes on the strength of what it read locks the document's row first
 *   (`lockDocument`, SELECT … FOR UPDATE). An audit append locks only its
 *   chain's head row, just before commit (`audit.ts`); its `seq` comes from a
 *   sequence (`nextAuditSeq`), so appends to different chains never wait on
 *   each other.
 * - The append-only guard on `audit_log` is a pair of triggers on both; they are
 *   listed from `sqlite_master` or `pg_trigger` (a disabled trigger counts as
 *   removed).
 * - Errors: SQLite's busy/full codes, PostgreSQL's connection classes.
 */
import { sql } from 'kysely';
import { fail, ok } from '../../problems.ts';
import type { Result } from '../../problems.ts';
import { dbFailure, isBusy } from './sqlite.ts';
import type { Workspace } from './workspace.ts';

/** Advisory lock keys: (namespace, what). The namespace is "dayl" in ASCII. */
// Key 2 was the workspace-wide audit lock, gone since migration 6 (appends lock their chain's head row).
export const ADVISORY = { namespace: 0x6461796c, migrations: 1, locks: 3 } as const;

/** Keeps the document's row as read until commit (a no-op under BEGIN IMMEDIATE). */
export async function lockDocument(ws: Workspace, documentId: string): Promise<void> {
  if (ws.kind !== 'postgres') return;
  if (!ws.inTransaction) throw new Error('lockDocument outside a transaction');
  await ws.db.selectFrom('documents').select('id').where('id', '=', documentId).forUpdate().execute();
}

/**
 * The next audit `seq`, drawn after the chain's head row is locked. PostgreSQL:
 * a sequence (no lock; a rolled-back append leaves a gap). SQLite: MAX + 1, under
 * BEGIN IMMEDIATE.
 */
export async function nextAuditSeq(ws: Workspace): Promise<number> {
  if (ws.kind === 'postgres') return Number((await sql<{ seq: string }>`SELECT nextval('audit_log_seq') AS seq`.execute(ws.db)).rows[0].seq);
  return Number((await sql<{ seq: number }>`SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM audit_log`.execute(ws.db)).rows[0].seq);
}

/**
 * Runs `fn` on one consistent snapshot of the database without taking the
 * write lock, for a walk over many statements (audit verify) while others
 * write: PostgreSQL REPEATABLE READ READ ONLY (entries of different chains
 * commit out of `seq` order there, so a walk page by page outside a snapshot
 * could miss one and report a gap); SQLite a deferred read transaction (WAL
 * lets writers of other processes go on).
 */
export async function readSnapshot<T>(ws: Workspace, fn: (snapshot: Workspace) => Promise<T>): Promise<T> {
  if (ws.inTransaction) return fn(ws);
  if (ws.kind === 'postgres') {
    return ws.db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute((trx) => fn({ ...ws, db: trx, inTransaction: true }));
  }
  return ws.db.connection().execute(async (db) => {
    await sql`BEGIN DEFERRED`.execute(db);
    try {
      return await fn({ ...ws, db, inTransaction: true });
    } finally {
      await sql`COMMIT`.execute(db);
    }
  });
}

/** Serialises takers of the workspace lock rows (`lock.ts`). */
export async function lockLocks(ws: Workspace): Promise<void> {
  if (ws.kind !== 'postgres') return;
  await sql`SELECT pg_advisory_xact_lock(${ADVISORY.namespace}, ${ADVISORY.locks})`.execute(ws.db);
}

/** The enabled triggers on `audit_log`. */
export async function auditGuards(ws: Workspace): Promise<string[]> {
  if (ws.kind === 'postgres') {
    const rows = await sql<{ name: string }>`SELECT tgname AS name FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass AND NOT tgisinternal AND tgenabled <> 'D'`.execute(ws.db);
    return rows.rows.map((r) => r.name);
  }
  const rows = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'`.execute(ws.db);
  return rows.rows.map((r) => r.name);
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '28P01', '28000', '3D000']);

/** A PostgreSQL error as a problem: the server unreachable, or something else wrong with the database. */
export function postgresProblem<T>(error: unknown, shown: string): Result<T> {
  const e = error as { code?: string; message?: string };
  const message = e?.message || String(error);
  if ((e?.code && (CONNECTION_CODES.has(e.code) || e.code.startsWith('08'))) || /Connection terminated|timeout expired|connect E/i.test(message)) {
    return fail('workspace.unreachable', `The workspace database ${shown} could not be reached: ${message}${e?.code ? ` (${e.code})` : ''}.`);
  }
  if (e?.code === '53100') return fail('workspace.disk-full', `The workspace database ${shown} could not grow: ${message}.`);
  return fail('workspace.invalid', `The workspace database ${shown} could not be used: ${message}${e?.code ? ` (${e.code})` : ''}.`);
}

/** True for errors that say the store is busy, full or gone rather than that the code is wrong. */
export function isStorageError(ws: Workspace, error: unknown): boolean {
  if (ws.kind === 'sqlite') return isBusy(error) || /SQLITE_FULL|disk is full/i.test((error as Error)?.message ?? '');
  const mapped = postgresProblem(error, '');
  return !mapped.ok && mapped.problem.code !== 'workspace.invalid';
}

/** A storage error as a problem (busy, full, unreachable). */
export function storageProblem<T>(ws: Workspace, error: unknown): Result<T> {
  return ws.kind === 'sqlite' ? dbFailure(error, ws.location) : postgresProblem(error, ws.location);
}

/** Like `transaction`, but a busy, full or unreachable store becomes a problem instead of a throw. */
export async function tryStorage<T>(ws: Workspace, fn: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await fn());
  } catch (error) {
    if (isStorageError(ws, error)) return storageProblem(ws, error);
    throw error;
  }
}

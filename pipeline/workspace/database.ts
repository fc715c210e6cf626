/**
 * @module
 * The only module that imports `node:sqlite`. Opens the workspace database with
 * WAL, foreign keys and a busy timeout, and turns SQLite's lock errors into
 * problems so callers never see a raw exception for a busy database.
 */
import { DatabaseSync } from 'node:sqlite';
import type { SQLInputValue } from 'node:sqlite';
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';

export type Db = DatabaseSync;
export type SqlValue = SQLInputValue;
export type Row = Record<string, SqlValue>;

export interface OpenDbOptions {
  /** How long a write waits for another process's lock before giving up, in ms. */
  busyTimeoutMs?: number;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 15_000;

export function openDb(path: string, options: OpenDbOptions = {}): Result<Db> {
  try {
    const db = new DatabaseSync(path, { timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
    db.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;');
    return ok(db);
  } catch (error) {
    return dbFailure(error, path);
  }
}

/** True for SQLITE_BUSY / SQLITE_LOCKED, whatever the wrapper's message says. */
export function isBusy(error: unknown): boolean {
  const e = error as { errcode?: number; message?: string };
  const primary = typeof e?.errcode === 'number' ? e.errcode & 0xff : -1;
  return primary === 5 || primary === 6 || /database is locked|database table is locked/i.test(e?.message ?? '');
}

export function dbFailure<T>(error: unknown, path?: string): Result<T> {
  const message = (error as Error)?.message ?? String(error);
  if (isBusy(error)) {
    return fail('workspace.busy', `The workspace database${path ? ` ${path}` : ''} is locked by another process (${message}).`);
  }
  if (/SQLITE_FULL|database or disk is full/i.test(message)) return fail('workspace.disk-full', `The workspace database could not grow: ${message}.`);
  return fail('workspace.invalid', `The workspace database${path ? ` ${path}` : ''} could not be used: ${message}.`);
}

/**
 * Runs `fn` in one IMMEDIATE transaction (the write lock is taken up front, so a
 * busy database fails before any work), committing on return and rolling back
 * on a throw. Nested calls join the outer transaction.
 */
export function transaction<T>(db: Db, fn: () => T): T {
  if (db.isTransaction) return fn();
  db.exec('BEGIN IMMEDIATE');
  try {
    const value = fn();
    db.exec('COMMIT');
    return value;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/** Like `transaction`, but a lock or disk error becomes a problem instead of a throw. */
export function tryTransaction<T>(db: Db, fn: () => T): Result<T> {
  try {
    return ok(transaction(db, fn));
  } catch (error) {
    if (isBusy(error) || /SQLITE_FULL|disk is full/i.test((error as Error)?.message ?? '')) return dbFailure(error);
    throw error;
  }
}

export function nowIso(): string {
  return new Date().toISOString();
}

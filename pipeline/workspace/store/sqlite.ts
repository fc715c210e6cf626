/**
 * @module
 * The embedded adapter's folder and database: the only module that opens
 * `node:sqlite`. Opens `workspace.sqlite` with WAL, foreign keys and a busy
 * timeout, migrates it, and turns SQLite's lock and disk errors into problems,
 * so callers never see a raw exception for a busy database. `workspace.ts`
 * puts Kysely on the connection.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fail, ok } from '../../problems.ts';
import type { Result } from '../../problems.ts';
import { AUDIT_KEY_FILE } from '../audit-key.ts';
import { migrateSqlite } from './migrate.ts';

export const DATABASE_FILE = 'workspace.sqlite';
export const DEFAULT_BUSY_TIMEOUT_MS = 15_000;

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
 * The folder's database, made (with the folder) unless `mustExist`, and
 * migrated. A folder that holds other files is refused rather than filled.
 */
export function openSqliteDatabase(root: string, options: { mustExist?: boolean; busyTimeoutMs?: number; shownAs?: string }): Result<DatabaseSync> {
  const dbPath = join(root, DATABASE_FILE);
  if (!existsSync(dbPath)) {
    if (options.mustExist) return fail('workspace.invalid', `${root} is not a Daylight workspace (no ${DATABASE_FILE}). Run \`daylight batch <folder> --workspace ${options.shownAs ?? root}\` first.`);
    if (existsSync(root)) {
      if (!statSync(root).isDirectory()) return fail('workspace.invalid', `${root} is a file, not a folder.`);
      const unexpected = readdirSync(root).filter((n) => n !== 'blobs' && !n.startsWith(DATABASE_FILE) && n !== 'workspace.lock' && n !== AUDIT_KEY_FILE);
      if (unexpected.length > 0) {
        return fail('workspace.invalid', `${root} already holds other files (${unexpected.slice(0, 3).join(', ')}); a new workspace needs an empty or missing folder.`);
      }
    }
    try {
      mkdirSync(root, { recursive: true });
    } catch (error) {
      return fail('workspace.write-failed', `The workspace folder ${root} could not be made: ${(error as Error).message}.`);
    }
  }
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(dbPath, { timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
    db.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;');
  } catch (error) {
    return dbFailure(error, dbPath);
  }
  try {
    const migrated = migrateSqlite(db);
    if (!migrated.ok) {
      db.close();
      return migrated;
    }
  } catch (error) {
    db.close();
    return dbFailure(error, dbPath);
  }
  return ok(db);
}

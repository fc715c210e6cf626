/**
 * @module
 * Opening a workspace: one interface, two adapters. Without
 * `DAYLIGHT_DATABASE_URL` the workspace is a folder with `workspace.sqlite`
 * (node:sqlite, the embedded default: no server); with
 * `DAYLIGHT_DATABASE_URL=postgres://…` its tables live in PostgreSQL and the
 * folder keeps only what is local to this machine (the audit key unless
 * `DAYLIGHT_AUDIT_KEY` puts it elsewhere, and file blobs). Both adapters run
 * the same Kysely queries; where the dialects differ is in `dialect.ts`.
 *
 * ```ts
 * const opened = await openWorkspace('./daylight-workspace');
 * if (!opened.ok) return opened;
 * const ws = opened.value;
 * try { await listDocuments(ws, { state: 'in_review' }); } finally { await ws.close(); }
 * ```
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import type { Dialect, Insertable } from 'kysely';
import { fail, ok } from '../../problems.ts';
import type { Result } from '../../problems.ts';
import { AUDIT_KEY_FILE, auditKeyStore } from '../audit-key.ts';
import type { AuditKeyStore } from '../audit-key.ts';
import { blobStoreFromEnv } from '../blobs.ts';
import type { BlobFs, BlobStore } from '../blobs.ts';
import { migratePostgres } from './migrate.ts';
import type { Schema } from './schema.ts';
import { DATABASE_FILE, openSqliteDatabase } from './sqlite.ts';
import { NodeSqliteDialect } from './sqlite-dialect.ts';

export const DEFAULT_WORKSPACE_DIR = 'daylight-workspace';

export type WorkspaceKind = 'sqlite' | 'postgres';

export interface Workspace {
  kind: WorkspaceKind;
  /** The local folder: the SQLite database (embedded), file blobs, and the audit key by default. */
  dir: string;
  /** Where the tables are, for messages: the SQLite file, or the PostgreSQL URL without its password. */
  location: string;
  /** Kysely on this workspace, or on the open transaction inside `transaction`. */
  db: Kysely<Schema>;
  /** Originals, intermediates and artifacts: files in the folder, or S3 with DAYLIGHT_S3_* (blobs.ts). */
  blobs: BlobStore;
  /** The audit log's HMAC key, kept outside the database (`audit-key.ts`). */
  auditKey: AuditKeyStore;
  /** True inside `transaction`: nested calls join it. */
  inTransaction: boolean;
  /**
   * Inside `transaction`: work run just before commit, in order (the audit
   * entries queued by `appendAudit` are written here, so their locks are held
   * only until the commit that follows).
   */
  beforeCommit?: (() => Promise<void>)[];
  /**
   * Raw SQL on this executor (the transaction's connection inside `transaction`),
   * `$1`-style parameters on PostgreSQL, `?` on SQLite. pg-boss's `executeSql` is this.
   */
  sql(text: string, values?: readonly unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  close(): Promise<void>;
}

export interface OpenWorkspaceOptions {
  /** Refuse to create a new workspace; for commands that only read one. */
  mustExist?: boolean;
  /** SQLite: how long a write waits for another process's lock. */
  busyTimeoutMs?: number;
  /** Tests inject failing file operations here. */
  blobFs?: BlobFs;
  /** Where the audit key lives; default `$DAYLIGHT_AUDIT_KEY`, else `audit.key` in the folder. */
  auditKeyPath?: string;
  /** A PostgreSQL URL; default `$DAYLIGHT_DATABASE_URL`. Empty or unset: the embedded SQLite workspace. */
  databaseUrl?: string;
  /** PostgreSQL connections in this process's pool (default 10). */
  poolSize?: number;
}

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/** The database URL this process would use, or undefined for the embedded workspace; a malformed value is a problem. */
export function databaseUrlFrom(value: string | undefined): Result<string | undefined> {
  const url = value?.trim();
  if (!url) return ok(undefined);
  if (!POSTGRES_URL.test(url)) return fail('config.invalid', `DAYLIGHT_DATABASE_URL must be a postgres:// or postgresql:// URL (got "${redactUrl(url).slice(0, 80)}"); leave it unset for the embedded workspace.`);
  return ok(url);
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:\/\/([^:@/]*):[^@/]*@/, '://$1:***@');
  }
}

export async function openWorkspace(dir: string = DEFAULT_WORKSPACE_DIR, options: OpenWorkspaceOptions = {}): Promise<Result<Workspace>> {
  const url = databaseUrlFrom(options.databaseUrl ?? process.env.DAYLIGHT_DATABASE_URL);
  if (!url.ok) return url;
  const opened = url.value ? await openPostgres(resolve(dir), url.value, options) : await openSqlite(dir, options);
  if (!opened.ok) return opened;
  const keyCheck = await checkAuditKey(opened.value);
  if (!keyCheck.ok) {
    await opened.value.close();
    return keyCheck;
  }
  return opened;
}

function sqlOn(db: Kysely<Schema>): Workspace['sql'] {
  return async (text, values = []) => {
    const result = await db.executeQuery(CompiledQuery.raw(text, [...values]));
    return { rows: result.rows as Record<string, unknown>[] };
  };
}

function openSqlite(dir: string, options: OpenWorkspaceOptions): Promise<Result<Workspace>> {
  const root = resolve(dir);
  const opened = openSqliteDatabase(root, { mustExist: options.mustExist, busyTimeoutMs: options.busyTimeoutMs, shownAs: dir });
  if (!opened.ok) return Promise.resolve(opened);
  const database = opened.value;
  return assemble('sqlite', root, join(root, DATABASE_FILE), new NodeSqliteDialect(database), options, async () => database.close());
}

async function openPostgres(root: string, url: string, options: OpenWorkspaceOptions): Promise<Result<Workspace>> {
  const shown = redactUrl(url);
  // The PostgreSQL client loads only here: the embedded workspace never pays for it.
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, application_name: 'daylight', connectionTimeoutMillis: 10_000 });
  // An idle connection the server dropped (restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  // Nor one in use: pg emits 'error' on a checked-out client whose server went away, and with no
  // listener that is an uncaught exception (the worker process would end). Its query rejects anyway.
  pool.on('connect', (client) => client.on('error', () => {}));
  const release = () => pool.end().catch(() => {});
  const migrated = await migratePostgres(pool, shown, { mustExist: options.mustExist === true });
  if (!migrated.ok) {
    await release();
    return migrated;
  }
  try {
    mkdirSync(root, { recursive: true });
  } catch (error) {
    await release();
    return fail('workspace.write-failed', `The workspace folder ${root} could not be made: ${(error as Error).message}.`);
  }
  return assemble('postgres', root, shown, new PostgresDialect({ pool }), options, release);
}

/** The Workspace both adapters return: Kysely on `dialect`, with the folder's audit key and blob store; `release` frees the connection if those fail. */
async function assemble(kind: WorkspaceKind, root: string, location: string, dialect: Dialect, options: OpenWorkspaceOptions, release: () => Promise<void>): Promise<Result<Workspace>> {
  const keyPath = resolve(options.auditKeyPath ?? (process.env.DAYLIGHT_AUDIT_KEY || join(root, AUDIT_KEY_FILE)));
  const auditKey = auditKeyStore(keyPath);
  if (!auditKey.ok) {
    await release();
    return auditKey;
  }
  const blobs = blobStoreFromEnv(root, process.env, { blobFs: options.blobFs });
  if (!blobs.ok) {
    await release();
    return blobs;
  }
  const db = new Kysely<Schema>({ dialect });
  return ok({
    kind,
    dir: root,
    location,
    db,
    blobs: blobs.value,
    auditKey: auditKey.value,
    inTransaction: false,
    sql: sqlOn(db),
    close: async () => {
      blobs.value.close();
      await db.destroy();
    },
  });
}

/**
 * A keyed log needs its key. Whether it is the right one (each machine reads
 * its own copy) is `daylight doctor`'s question: a head that does not verify
 * under this key may also be a forgery, which `audit verify` must report, so
 * opening does not refuse it.
 */
async function checkAuditKey(ws: Workspace): Promise<Result<void>> {
  const key = ws.auditKey.current();
  const keyed = await ws.db.selectFrom('audit_log').select('seq').where('chain', 'is not', null).limit(1).executeTakeFirst();
  if (!key) {
    return keyed
      ? fail('audit.key-missing', `The audit log of ${ws.location} is keyed, but its key file ${ws.auditKey.path} is missing. Restore it from its backup, or set DAYLIGHT_AUDIT_KEY to its path.`)
      : ok(undefined);
  }
  return ok(undefined);
}

/**
 * Runs `fn` in one transaction, committing on return and rolling back on a
 * throw; nested calls join the outer one. SQLite: BEGIN IMMEDIATE (the write
 * lock up front). PostgreSQL: READ COMMITTED, with the row and advisory locks
 * of `dialect.ts` where a check must hold until commit.
 */
export async function transaction<T>(ws: Workspace, fn: (tx: Workspace) => Promise<T>): Promise<T> {
  if (ws.inTransaction) return fn(ws);
  return ws.db.transaction().execute(async (trx) => {
    const beforeCommit: (() => Promise<void>)[] = [];
    const result = await fn({ ...ws, db: trx, inTransaction: true, sql: sqlOn(trx), beforeCommit });
    // A hook may queue more work (e.g. an audit entry written by a hook): run until none is left.
    while (beforeCommit.length > 0) await beforeCommit.shift()!();
    return result;
  });
}

/**
 * Inserts many rows in statements small enough for both dialects: SQLite binds at most
 * 32,766 parameters a statement and PostgreSQL 65,535, so each statement takes as many
 * rows as fit in 8,000.
 */
export async function insertRows<T extends keyof Schema & string>(ws: Workspace, table: T, rows: readonly Insertable<Schema[T]>[]): Promise<void> {
  if (rows.length === 0) return;
  const perStatement = Math.max(1, Math.floor(8000 / Object.keys(rows[0]!).length));
  for (let i = 0; i < rows.length; i += perStatement) {
    // Kysely cannot narrow a table chosen by a type parameter; the rows are typed by it above.
    await ws.db.insertInto(table).values(rows.slice(i, i + perStatement) as never).execute();
  }
}

export function nowIso(): string {
  return new Date().toISOString();
}

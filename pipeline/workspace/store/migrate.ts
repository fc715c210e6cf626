/**
 * @module
 * Migrations on both adapters, from one versioned list (migrations.ts). On
 * PostgreSQL (each migration's `postgres` text) all pending ones run in one
 * transaction under an advisory lock, so workers starting together migrate
 * once; on SQLite each runs in its own BEGIN IMMEDIATE transaction.
 */
import type { DatabaseSync } from 'node:sqlite';
import type pg from 'pg';
import { fail, ok } from '../../problems.ts';
import type { Result } from '../../problems.ts';
import { migrations } from './migrations.ts';
import type { Migration } from './migrations.ts';
import { ADVISORY, postgresProblem } from './dialect.ts';

export interface MigrationStatus {
  current: number;
  latest: number;
}

export async function migratePostgres(pool: pg.Pool, shown: string, options: { mustExist: boolean; list?: Migration[] }): Promise<Result<MigrationStatus>> {
  const list = options.list ?? migrations;
  const latest = list[list.length - 1]?.version ?? 0;
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    return postgresProblem(error, shown);
  }
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [ADVISORY.namespace, ADVISORY.migrations]);
    const exists = (await client.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS present")).rows[0].present as boolean;
    if (!exists && options.mustExist) {
      await client.query('ROLLBACK');
      return fail('workspace.invalid', `The database ${shown} holds no Daylight workspace yet. Run \`daylight batch <folder>\` with this DAYLIGHT_DATABASE_URL first.`);
    }
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const current = Number((await client.query('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations')).rows[0].v);
    if (current > latest) {
      await client.query('ROLLBACK');
      return fail('workspace.newer-schema', `The workspace in ${shown} is at schema version ${current}; this Daylight knows up to ${latest}.`);
    }
    for (const m of list) {
      if (m.version <= current) continue;
      await client.query(m.postgres);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, new Date().toISOString()]);
    }
    await client.query('COMMIT');
    return ok({ current: Math.max(current, latest), latest });
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    return postgresProblem(error, shown);
  } finally {
    client.release();
  }
}

/** Where the schema is, without changing it (`daylight doctor`). */
export async function postgresMigrationStatus(pool: pg.Pool, list: Migration[] = migrations): Promise<MigrationStatus> {
  const latest = list[list.length - 1]?.version ?? 0;
  const exists = (await pool.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS present")).rows[0].present as boolean;
  if (!exists) return { current: 0, latest };
  return { current: Number((await pool.query('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations')).rows[0].v), latest };
}

/** Brings an embedded database up to the latest version, one BEGIN IMMEDIATE transaction per migration. */
export function migrateSqlite(db: DatabaseSync, list: Migration[] = migrations): Result<number> {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  const current = row.v ?? 0;
  const latest = list[list.length - 1]?.version ?? 0;
  if (current > latest) {
    return fail('workspace.newer-schema', `The workspace is at schema version ${current}; this Daylight knows up to ${latest}.`);
  }
  for (const m of list) {
    if (m.version <= current) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      // Another process may have applied it while we waited for the write lock.
      if (!db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(m.version)) {
        db.exec(m.sql);
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
      }
      db.exec('COMMIT');
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }
  return ok(latest);
}

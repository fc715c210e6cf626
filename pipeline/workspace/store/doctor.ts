/**
 * @module
 * `daylight doctor`'s checks of the workspace database, read-only (nothing is
 * created or migrated): which mode DAYLIGHT_DATABASE_URL selects, whether the
 * database answers, where its schema is against this Daylight's migrations,
 * and whether the audit key here is the one its log was written with.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { fail, ok } from '../../problems.ts';
import type { Result } from '../../problems.ts';
import { WORKSPACE_CHAIN, headMac } from '../audit-chain.ts';
import { AUDIT_KEY_FILE, auditKeyStore } from '../audit-key.ts';
import { DATABASE_FILE } from './sqlite.ts';
import { SCHEMA_VERSION } from './migrations.ts';
import { postgresProblem } from './dialect.ts';
import type { Schema } from './schema.ts';
import { NodeSqliteDialect } from './sqlite-dialect.ts';
import { databaseUrlFrom, redactUrl } from './workspace.ts';

interface Inspection {
  kind: 'sqlite' | 'postgres';
  location: string;
  db: Kysely<Schema>;
}

/** Runs `fn` on a read-only connection to the workspace's database; undefined when there is none yet. */
async function inspect<T>(dir: string, env: NodeJS.ProcessEnv, fn: (i: Inspection) => Promise<Result<T>>): Promise<Result<T> | undefined> {
  const url = databaseUrlFrom(env.DAYLIGHT_DATABASE_URL);
  if (!url.ok) return url;
  if (url.value) {
    const location = redactUrl(url.value);
    const pool = new pg.Pool({ connectionString: url.value, max: 1, connectionTimeoutMillis: 10_000, application_name: 'daylight doctor' });
    pool.on('error', () => {});
    const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
    try {
      return await fn({ kind: 'postgres', location, db });
    } catch (error) {
      return postgresProblem(error, location);
    } finally {
      await db.destroy().catch(() => {});
    }
  }
  const path = join(resolve(dir), DATABASE_FILE);
  if (!existsSync(path)) return undefined;
  let file: DatabaseSync;
  try {
    file = new DatabaseSync(path, { readOnly: true, timeout: 5_000 });
  } catch (error) {
    return fail('workspace.invalid', `The workspace database ${path} could not be opened: ${(error as Error).message}.`);
  }
  const db = new Kysely<Schema>({ dialect: new NodeSqliteDialect(file) });
  try {
    return await fn({ kind: 'sqlite', location: path, db });
  } catch (error) {
    return fail('workspace.invalid', `The workspace database ${path} could not be read: ${(error as Error).message}.`);
  } finally {
    await db.destroy().catch(() => {});
  }
}

async function schemaVersion(db: Kysely<Schema>, kind: Inspection['kind']): Promise<number> {
  const present =
    kind === 'postgres'
      ? (await sql<{ present: boolean }>`SELECT to_regclass('schema_migrations') IS NOT NULL AS present`.execute(db)).rows[0].present
      : (await sql<{ n: number }>`SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`.execute(db)).rows[0].n > 0;
  if (!present) return 0;
  return Number((await db.selectFrom('schema_migrations').select((eb) => eb.fn.max('version').as('v')).executeTakeFirst())?.v ?? 0);
}

/** The mode and the database: reachable, and which server. */
export async function checkDatabase(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<Result<string>> {
  const checked = await inspect(dir, env, async ({ kind, location, db }) => {
    if (kind === 'sqlite') return ok(`database: embedded workspace ${location} (node:sqlite; set DAYLIGHT_DATABASE_URL for PostgreSQL)`);
    const version = (await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(db)).rows[0].v;
    return ok(`database: PostgreSQL ${version} at ${location}`);
  });
  return checked ?? ok(`database: embedded workspace, none yet at ${join(resolve(dir), DATABASE_FILE)} (the first \`daylight batch\` makes it)`);
}

/** The schema against this Daylight's migrations. */
export async function checkMigrations(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<Result<string>> {
  const checked = await inspect(dir, env, async ({ kind, db }) => {
    const current = await schemaVersion(db, kind);
    if (current > SCHEMA_VERSION) return fail('workspace.newer-schema', `The workspace is at schema version ${current}; this Daylight knows up to ${SCHEMA_VERSION}. Upgrade Daylight on this machine.`);
    if (current === 0) return ok(`schema: not made yet; the first \`daylight batch\` applies migrations 1–${SCHEMA_VERSION}`);
    if (current < SCHEMA_VERSION) return ok(`schema: version ${current}; migrations ${current + 1}–${SCHEMA_VERSION} are applied the next time a command opens it`);
    return ok(`schema: version ${current}, up to date`);
  });
  return checked ?? ok(`schema: not made yet; the first \`daylight batch\` applies migrations 1–${SCHEMA_VERSION}`);
}

/** The audit key this machine would use: present, private, and the one the log was written with. */
export async function checkAuditKey(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<Result<string>> {
  const path = resolve(env.DAYLIGHT_AUDIT_KEY || join(resolve(dir), AUDIT_KEY_FILE));
  const store = auditKeyStore(path);
  if (!store.ok) return store;
  const key = store.value.current();
  const checked = await inspect(dir, env, async ({ db, kind }) => {
    if ((await schemaVersion(db, kind)) === 0) return ok(undefined);
    // Any chain's head will do: each is an HMAC under the key (the workspace chain's, if there is one).
    const head = await db.selectFrom('audit_chain_heads').selectAll().where('chain_seq', '>', 0).orderBy(sql`chain = ${WORKSPACE_CHAIN}`, 'desc').limit(1).executeTakeFirst();
    if (!head) return ok(undefined);
    if (!key) return fail('audit.key-missing', `The audit log is keyed, but the key file ${path} is missing here: copy the workspace's audit.key to this machine or set DAYLIGHT_AUDIT_KEY.`);
    if (head.mac !== headMac(key, 'chain', head.chain, head.chain_seq, head.hash)) {
      return fail('audit.key-invalid', `The audit log's head does not verify under the key file ${path}: either it is not the key this log was written with (copy the right audit.key, mode 600, to this machine) or the head was forged (run \`daylight audit verify\`).`);
    }
    return ok(undefined);
  });
  if (checked && !checked.ok) return checked;
  return ok(key ? `audit key: ${path} (mode 600, matches the log)` : `audit key: none yet at ${path} (made with the first audit entry; back it up apart from the workspace)`);
}

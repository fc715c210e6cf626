/**
 * @module
 * What the review servers of one workspace share so that several of them can
 * stand behind one balancer: named secrets (the one that signs the sign-in
 * forms' tokens: a form one server rendered, another accepts) and the count of
 * failed sign-ins per key (the throttle holds whichever server a guess reaches).
 * Both adapters; the throttle's policy (how long a lock lasts) is the review
 * app's (`pipeline/review/auth/throttle.ts`).
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { nowIso } from './workspace.ts';
import type { Workspace } from './workspace.ts';

/**
 * The workspace's secret called `name`, made (32 random bytes) by whichever server asks
 * first; every later call, on any server, gets the same bytes.
 */
export async function workspaceSecret(ws: Workspace, name: string): Promise<Buffer> {
  await ws.db
    .insertInto('review_secrets')
    .values({ name, value: randomBytes(32).toString('base64url'), created_at: nowIso() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await ws.db.selectFrom('review_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'base64url');
}

export interface LoginFailures {
  failures: number;
  /** Milliseconds since the epoch. */
  lastFailure: number;
}

/** The failures recorded under each key (absent keys have none). */
export async function loginFailures(ws: Workspace, keys: readonly string[]): Promise<Map<string, LoginFailures>> {
  if (keys.length === 0) return new Map();
  const rows = await ws.db.selectFrom('login_failures').selectAll().where('key', 'in', [...keys]).execute();
  return new Map(rows.map((r) => [r.key, { failures: Number(r.failures), lastFailure: Number(r.last_failure) }]));
}

/**
 * One more failure under `key` at `now`, in one statement (two servers counting at once both
 * count). A record whose last failure is more than `forgetAfterMs` old starts again at one.
 */
export async function recordLoginFailure(ws: Workspace, key: string, now: number, forgetAfterMs: number): Promise<void> {
  await ws.db
    .insertInto('login_failures')
    .values({ key, failures: 1, last_failure: now })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql<number>`CASE WHEN excluded.last_failure - login_failures.last_failure > ${forgetAfterMs} THEN 1 ELSE login_failures.failures + 1 END`,
        last_failure: sql<number>`excluded.last_failure`,
      }),
    )
    .execute();
}

export async function clearLoginFailures(ws: Workspace, key: string): Promise<void> {
  await ws.db.deleteFrom('login_failures').where('key', '=', key).execute();
}

/** Removes records with no failure since `before` (milliseconds since the epoch); how many went. */
export async function forgetLoginFailures(ws: Workspace, before: number): Promise<number> {
  const result = await ws.db.deleteFrom('login_failures').where('last_failure', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

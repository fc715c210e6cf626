/**
 * @module
 * Review-app sessions on the workspace interface: a random token goes to the
 * browser, only its SHA-256 is stored; each session carries its own CSRF
 * secret. Limits as in ../sessions.ts.
 */
import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../blobs.ts';
import { getUser } from './users.ts';
import type { User } from './users.ts';
import { nowIso } from './workspace.ts';
import type { Workspace } from './workspace.ts';

export const DEFAULT_IDLE_MS = 30 * 60 * 1000;

/** Absolute lifetime: a working day and a half, then sign in again. */
export const DEFAULT_MAX_AGE_MS = 12 * 60 * 60 * 1000;

export interface SessionLimits {
  idleMs?: number;
  maxAgeMs?: number;
  now?: Date;
}

export interface NewSession {
  /** Give this to the browser (cookie); it is not stored. */
  token: string;
  csrfSecret: string;
}

export interface Session {
  user: User;
  csrfSecret: string;
  createdAt: string;
  lastSeenAt: string;
}


export async function createSession(ws: Workspace, userId: number): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const csrfSecret = randomBytes(32).toString('base64url');
  const at = nowIso();
  await ws.db.insertInto('sessions').values({ token_hash: sha256Hex(token), user_id: userId, csrf_secret: csrfSecret, created_at: at, last_seen_at: at }).execute();
  return { token, csrfSecret };
}

/** The live session for a token, touching its last-seen time; expired or disabled ones are deleted. */
export async function getSession(ws: Workspace, token: string, options: SessionLimits = {}): Promise<Session | undefined> {
  const hash = sha256Hex(token);
  const row = await ws.db.selectFrom('sessions').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  if (!row) return undefined;
  const now = options.now ?? new Date();
  const user = await getUser(ws, row.user_id);
  const idle = now.getTime() - Date.parse(row.last_seen_at) > (options.idleMs ?? DEFAULT_IDLE_MS);
  const old = now.getTime() - Date.parse(row.created_at) > (options.maxAgeMs ?? DEFAULT_MAX_AGE_MS);
  if (!user || user.disabled || idle || old) {
    await ws.db.deleteFrom('sessions').where('token_hash', '=', hash).execute();
    return undefined;
  }
  const lastSeenAt = now.toISOString();
  await ws.db.updateTable('sessions').set({ last_seen_at: lastSeenAt }).where('token_hash', '=', hash).execute();
  return { user, csrfSecret: row.csrf_secret, createdAt: row.created_at, lastSeenAt };
}

export async function deleteSession(ws: Workspace, token: string): Promise<void> {
  await ws.db.deleteFrom('sessions').where('token_hash', '=', sha256Hex(token)).execute();
}

export async function deleteExpiredSessions(ws: Workspace, options: SessionLimits = {}): Promise<number> {
  const now = (options.now ?? new Date()).getTime();
  const idle = new Date(now - (options.idleMs ?? DEFAULT_IDLE_MS)).toISOString();
  const old = new Date(now - (options.maxAgeMs ?? DEFAULT_MAX_AGE_MS)).toISOString();
  const result = await ws.db.deleteFrom('sessions').where((eb) => eb.or([eb('last_seen_at', '<', idle), eb('created_at', '<', old)])).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * @module
 * Review-app sessions: a random token goes to the browser, only its SHA-256 is
 * stored; each session carries its own CSRF secret. Sessions end on logout,
 * after `idleMs` without a request, `maxAgeMs` after sign-in whatever the
 * activity (a stolen cookie does not live forever), when the password changes,
 * or when the user is disabled.
 */
import { randomBytes } from 'node:crypto';
import { sha256Hex } from './blobs.ts';
import { nowIso } from './database.ts';
import { getUser } from './users.ts';
import type { User } from './users.ts';
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

export function createSession(ws: Workspace, userId: number): NewSession {
  const token = randomBytes(32).toString('base64url');
  const csrfSecret = randomBytes(32).toString('base64url');
  const at = nowIso();
  ws.db.prepare('INSERT INTO sessions (token_hash, user_id, csrf_secret, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)').run(sha256Hex(token), userId, csrfSecret, at, at);
  return { token, csrfSecret };
}

/** The live session for a token, touching its last-seen time; expired or disabled ones are deleted. */
export function getSession(ws: Workspace, token: string, options: SessionLimits = {}): Session | undefined {
  const hash = sha256Hex(token);
  const row = ws.db.prepare('SELECT * FROM sessions WHERE token_hash = ?').get(hash) as
    | { user_id: number; csrf_secret: string; created_at: string; last_seen_at: string }
    | undefined;
  if (!row) return undefined;
  const now = options.now ?? new Date();
  const user = getUser(ws, row.user_id);
  const idle = now.getTime() - Date.parse(row.last_seen_at) > (options.idleMs ?? DEFAULT_IDLE_MS);
  const old = now.getTime() - Date.parse(row.created_at) > (options.maxAgeMs ?? DEFAULT_MAX_AGE_MS);
  if (!user || user.disabled || idle || old) {
    ws.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(hash);
    return undefined;
  }
  const lastSeenAt = now.toISOString();
  ws.db.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?').run(lastSeenAt, hash);
  return { user, csrfSecret: row.csrf_secret, createdAt: row.created_at, lastSeenAt };
}

export function deleteSession(ws: Workspace, token: string): void {
  ws.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(sha256Hex(token));
}

export function deleteExpiredSessions(ws: Workspace, options: SessionLimits = {}): number {
  const now = (options.now ?? new Date()).getTime();
  const idle = new Date(now - (options.idleMs ?? DEFAULT_IDLE_MS)).toISOString();
  const old = new Date(now - (options.maxAgeMs ?? DEFAULT_MAX_AGE_MS)).toISOString();
  return Number(ws.db.prepare('DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?').run(idle, old).changes);
}

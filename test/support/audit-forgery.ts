/**
 * @module
 * What an attacker who can write the workspace database does to the audit log,
 * for the tamper tests: drop the append-only triggers, edit or delete rows, and
 * re-hash a chain (with a guessed key, or with the real key if they stole it),
 * fixing up the stored heads. The hash formula is the one Daylight documents;
 * the attacker is assumed to know the code.
 */
import { createHmac } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import type { AuditRow } from '../../pipeline/workspace/audit-chain.ts';
import { canonicalJson } from '../../pipeline/workspace/canonical-json.ts';
import type { Workspace } from '../../pipeline/workspace/store/index.ts';

/**
 * The attacker's own connection to an embedded workspace's database file
 * (they do not go through Daylight); closed when `fn` returns.
 */
export function raw<T>(ws: Pick<Workspace, 'kind' | 'location'>, fn: (db: DatabaseSync) => T): T {
  if (ws.kind !== 'sqlite') throw new Error('audit-forgery edits the embedded workspace file only');
  const db = new DatabaseSync(ws.location);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

function drop(db: DatabaseSync): void {
  db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
}

/** Puts the triggers back, so that only the hashes can tell what happened. */
function restore(db: DatabaseSync): void {
  db.exec(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;`);
}

/** Runs raw SQL on the log with the triggers out of the way, then restores them. */
export function tamper(ws: Workspace, sql: string, ...args: (string | number)[]): void {
  raw(ws, (db) => {
    drop(db);
    db.prepare(sql).run(...args);
    restore(db);
  });
}

const mac = (key: Buffer, value: unknown) => createHmac('sha256', key).update(canonicalJson(value)).digest('hex');

type Row = AuditRow & { chain: string; chain_seq: number };

/**
 * Renumbers one chain 1, 2, … and re-hashes every entry of it under `key`,
 * then rewrites its stored head: a complete, consistent forgery if `key` is the
 * real one and the log was not sealed since the rewritten entries.
 */
export function rehashChain(ws: Workspace, chain: string, key: Buffer): void {
  raw(ws, (db) => rehash(db, chain, key));
}

function rehash(db: DatabaseSync, chain: string, key: Buffer): void {
  drop(db);
  const rows = db.prepare('SELECT * FROM audit_log WHERE chain = ? ORDER BY chain_seq').all(chain) as unknown as Row[];
  let prev = '0'.repeat(64);
  rows.forEach((row, i) => {
    const r = { ...row, chain_seq: i + 1, prev_hash: prev };
    const hash = mac(key, { seq: r.seq, at: r.at, actor: r.actor, action: r.action, subject: r.subject, details: r.details, chain: r.chain, chain_seq: r.chain_seq, prev_hash: r.prev_hash });
    db.prepare('UPDATE audit_log SET chain_seq = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(-r.seq, prev, hash, r.seq);
    prev = hash;
    rows[i] = { ...r, hash };
  });
  // Negative positions first, so the unique (chain, chain_seq) index never sees two rows at one place.
  for (const r of rows) db.prepare('UPDATE audit_log SET chain_seq = ? WHERE seq = ?').run(r.chain_seq, r.seq);
  const last = rows.at(-1);
  if (last) {
    db.prepare('UPDATE audit_chain_heads SET seq = ?, chain_seq = ?, hash = ?, mac = ? WHERE chain = ?').run(last.seq, last.chain_seq, last.hash, mac(key, { head: 'chain', name: chain, seq: last.chain_seq, hash: last.hash }), chain);
  }
  restore(db);
}

/** Drops the append-only triggers (and leaves them dropped). */
export function dropTriggers(ws: Workspace): void {
  raw(ws, drop);
}

/** Puts the append-only triggers back. */
export function restoreTriggers(ws: Workspace): void {
  raw(ws, restore);
}

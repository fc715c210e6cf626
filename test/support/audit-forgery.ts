/**
 * @module
 * What an attacker who can write the workspace database does to the audit log,
 * for the tamper tests: drop the append-only triggers, edit or delete rows, and
 * re-hash a chain (with a guessed key, or with the real key if they stole it),
 * fixing up the stored heads. The hash formula is the one Daylight documents;
 * the attacker is assumed to know the code.
 */
import { createHmac } from 'node:crypto';
import { canonicalJson } from '../../pipeline/workspace/canonical-json.ts';
import type { AuditRow } from '../../pipeline/workspace/audit-log.ts';
import type { Workspace } from '../../pipeline/workspace/workspace.ts';

export function dropTriggers(ws: Workspace): void {
  ws.db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
}

/** Puts the triggers back, so that only the hashes can tell what happened. */
export function restoreTriggers(ws: Workspace): void {
  ws.db.exec(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;`);
}

/** Runs raw SQL on the log with the triggers out of the way, then restores them. */
export function tamper(ws: Workspace, sql: string, ...args: (string | number)[]): void {
  dropTriggers(ws);
  ws.db.prepare(sql).run(...args);
  restoreTriggers(ws);
}

const mac = (key: Buffer, value: unknown) => createHmac('sha256', key).update(canonicalJson(value)).digest('hex');

type Row = AuditRow & { chain: string; chain_seq: number };

/**
 * Renumbers one chain 1, 2, … and re-hashes every entry of it under `key`,
 * then rewrites its stored head and, if it holds the newest entry, the
 * workspace head: a complete, consistent forgery if `key` is the real one.
 */
export function rehashChain(ws: Workspace, chain: string, key: Buffer): void {
  dropTriggers(ws);
  const rows = ws.db.prepare('SELECT * FROM audit_log WHERE chain = ? ORDER BY chain_seq').all(chain) as unknown as Row[];
  let prev = '0'.repeat(64);
  rows.forEach((row, i) => {
    const r = { ...row, chain_seq: i + 1, prev_hash: prev };
    const hash = mac(key, { seq: r.seq, at: r.at, actor: r.actor, action: r.action, subject: r.subject, details: r.details, chain: r.chain, chain_seq: r.chain_seq, prev_hash: r.prev_hash });
    ws.db.prepare('UPDATE audit_log SET chain_seq = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(-r.seq, prev, hash, r.seq);
    prev = hash;
    rows[i] = { ...r, hash };
  });
  // Negative positions first, so the unique (chain, chain_seq) index never sees two rows at one place.
  for (const r of rows) ws.db.prepare('UPDATE audit_log SET chain_seq = ? WHERE seq = ?').run(r.chain_seq, r.seq);
  const last = rows.at(-1);
  if (last) {
    ws.db.prepare('UPDATE audit_chain_heads SET seq = ?, chain_seq = ?, hash = ?, mac = ? WHERE chain = ?').run(last.seq, last.chain_seq, last.hash, mac(key, { head: 'chain', name: chain, seq: last.chain_seq, hash: last.hash }), chain);
    const newest = ws.db.prepare('SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number };
    if (newest.seq === last.seq) ws.db.prepare('UPDATE audit_head SET seq = ?, hash = ?, mac = ? WHERE id = 1').run(last.seq, last.hash, mac(key, { head: 'workspace', name: 'workspace', seq: last.seq, hash: last.hash }));
  }
  restoreTriggers(ws);
}

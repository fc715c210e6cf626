/**
 * @module
 * The append-only audit log. Each row carries the hash of the row before it and
 * its own hash over the canonical JSON of its fields, and `audit_head` records
 * the newest row, so `verifyAuditChain` notices a changed, inserted or deleted
 * row (including the last one). Print the head hash somewhere else (a ticket,
 * an email) to anchor it against someone who can rewrite the whole database.
 */
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';
import { canonicalJson } from './canonical-json.ts';
import { nowIso, transaction } from './database.ts';
import { sha256Hex } from './blobs.ts';
import type { Workspace } from './workspace.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  actor: string;
  /** Dotted verb, e.g. "batch.started", "redaction.accepted", "blob.disposed". */
  action: string;
  /** What it was done to, e.g. a document id or user name. */
  subject?: string;
  details?: Record<string, unknown>;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

function rowHash(row: Omit<AuditRow, 'hash'>): string {
  return sha256Hex(canonicalJson({ seq: row.seq, at: row.at, actor: row.actor, action: row.action, subject: row.subject, details: row.details, prev_hash: row.prev_hash }));
}

/** Appends one entry; joins the caller's transaction so the entry commits with the change it records. */
export function appendAudit(ws: Workspace, input: AuditInput): AuditEntry {
  return transaction(ws.db, () => {
    const last = ws.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    const row: Omit<AuditRow, 'hash'> = {
      seq: (last?.seq ?? 0) + 1,
      at: nowIso(),
      actor: input.actor,
      action: input.action,
      subject: input.subject ?? null,
      details: canonicalJson(input.details ?? {}),
      prev_hash: last?.hash ?? GENESIS_HASH,
    };
    const hash = rowHash(row);
    ws.db
      .prepare('INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(row.seq, row.at, row.actor, row.action, row.subject, row.details, row.prev_hash, hash);
    ws.db.prepare('INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash').run(row.seq, hash);
    return toEntry({ ...row, hash });
  });
}

function toEntry(row: AuditRow): AuditEntry {
  return { seq: row.seq, at: row.at, actor: row.actor, action: row.action, subject: row.subject, details: JSON.parse(row.details), prevHash: row.prev_hash, hash: row.hash };
}

export interface AuditQuery {
  /** Entries after this seq (for paging forward). */
  afterSeq?: number;
  limit?: number;
  subject?: string;
  action?: string;
  /** Newest first when true. */
  newestFirst?: boolean;
}

export function listAudit(ws: Workspace, query: AuditQuery = {}): AuditEntry[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (query.afterSeq !== undefined) (where.push('seq > ?'), args.push(query.afterSeq));
  if (query.subject !== undefined) (where.push('subject = ?'), args.push(query.subject));
  if (query.action !== undefined) (where.push('action = ?'), args.push(query.action));
  const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq ${query.newestFirst ? 'DESC' : 'ASC'} LIMIT ?`;
  return (ws.db.prepare(sql).all(...args, query.limit ?? 1000) as unknown as AuditRow[]).map(toEntry);
}

export interface AuditVerification {
  entries: number;
  headSeq: number;
  headHash: string;
}

/** Walks the whole chain; the first break is reported with its seq. */
export function verifyAuditChain(ws: Workspace): Result<AuditVerification> {
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  for (const row of ws.db.prepare('SELECT * FROM audit_log ORDER BY seq ASC').iterate() as IterableIterator<AuditRow>) {
    if (row.seq !== expectedSeq) {
      return fail('audit.tampered', `Audit entry ${expectedSeq}${row.seq - 1 > expectedSeq ? `–${row.seq - 1}` : ''} is missing: the log jumps to entry ${row.seq}.`);
    }
    if (row.prev_hash !== prev) return fail('audit.tampered', `Audit entry ${row.seq} does not follow entry ${row.seq - 1}: its previous-hash does not match.`);
    if (rowHash(row) !== row.hash) return fail('audit.tampered', `Audit entry ${row.seq} (${row.action}) was changed after it was written: its hash does not match its content.`);
    prev = row.hash;
    expectedSeq++;
  }
  const entries = expectedSeq - 1;
  const head = ws.db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1').get() as { seq: number; hash: string } | undefined;
  if ((head?.seq ?? 0) !== entries || (head?.hash ?? GENESIS_HASH) !== prev) {
    return fail('audit.tampered', `The audit log ends at entry ${entries}, but its recorded head is entry ${head?.seq ?? 0}: entries were deleted from the end or the head was changed.`);
  }
  return ok({ entries, headSeq: entries, headHash: prev });
}

/**
 * @module
 * The audit log's hash chains as pure functions, shared by both workspace
 * adapters so that a log is built and verified the same way on SQLite and
 * PostgreSQL: entry and head HMACs, the link check, and `logWalker`, which
 * checks the whole log fed to it row by row in `seq` order.
 *
 * Each entry belongs to a chain: the document it is about (subject `d_…`), or
 * `workspace` for everything else. It carries the hash of the previous entry
 * of its chain and its own hash, an HMAC-SHA256 under a key kept outside the
 * database (`audit-key.ts`). Each chain's head and the workspace head (the
 * newest entry overall) are stored with their own HMAC, and `seq` numbers
 * every entry without gaps.
 */
import { createHmac } from 'node:crypto';
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';
import type { AuditKey } from './audit-key.ts';
import { canonicalJson } from './canonical-json.ts';
import { sha256Hex } from './blobs.ts';

export const GENESIS_HASH = '0'.repeat(64);
/** The chain of entries not about one document. */
export const WORKSPACE_CHAIN = 'workspace';
const DOCUMENT_ID = /^d_[0-9a-f]{24}$/;

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
  /** The document id, or "workspace"; null for entries written before the log was keyed. */
  chain: string | null;
  chainSeq: number | null;
  prevHash: string;
  hash: string;
}

/** A row of `audit_log` as the database returns it. */
export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  details: string;
  chain: string | null;
  chain_seq: number | null;
  prev_hash: string;
  hash: string;
}

/** The chain an entry with this subject joins. */
export function chainOf(subject: string | null | undefined): string {
  return subject && DOCUMENT_ID.test(subject) ? subject : WORKSPACE_CHAIN;
}

export function mac(key: AuditKey, value: unknown): string {
  return createHmac('sha256', key.key).update(canonicalJson(value)).digest('hex');
}

export function rowHash(key: AuditKey, row: Omit<AuditRow, 'hash'>): string {
  return mac(key, { seq: row.seq, at: row.at, actor: row.actor, action: row.action, subject: row.subject, details: row.details, chain: row.chain, chain_seq: row.chain_seq, prev_hash: row.prev_hash });
}

/** The hash of entries written before the log was keyed. */
export function legacyHash(row: Omit<AuditRow, 'hash'>): string {
  return sha256Hex(canonicalJson({ seq: row.seq, at: row.at, actor: row.actor, action: row.action, subject: row.subject, details: row.details, prev_hash: row.prev_hash }));
}

export function headMac(key: AuditKey, kind: 'chain' | 'workspace', name: string, seq: number, hash: string): string {
  return mac(key, { head: kind, name, seq, hash });
}

export function toAuditEntry(row: AuditRow): AuditEntry {
  return { seq: row.seq, at: row.at, actor: row.actor, action: row.action, subject: row.subject, details: JSON.parse(row.details), chain: row.chain, chainSeq: row.chain_seq, prevHash: row.prev_hash, hash: row.hash };
}

export interface ChainHead {
  chain: string;
  chainSeq: number;
  hash: string;
}

export interface AuditVerification {
  entries: number;
  headSeq: number;
  headHash: string;
  /** Entries written before the log was keyed (plain SHA-256 chain). */
  legacyEntries: number;
  chains: number;
}

/** The append-only guards (triggers) on `audit_log`, the same names on both adapters. */
export const AUDIT_TRIGGERS = ['audit_log_no_update', 'audit_log_no_delete'];

export function changed(row: AuditRow): Result<never> {
  return fail('audit.tampered', `Audit entry ${row.seq} (${row.action}) was changed after it was written: its hash does not match its content.`);
}

/** Checks one keyed entry against the state of its chain; the next state, or the problem. */
export function checkLink(key: AuditKey, row: AuditRow, state: ChainHead | undefined): Result<ChainHead> {
  const chain = row.chain!;
  const expected = (state?.chainSeq ?? 0) + 1;
  if (row.chain_seq !== expected) {
    return fail('audit.tampered', `Audit entry ${row.seq} is entry ${row.chain_seq} of ${chain === WORKSPACE_CHAIN ? 'the workspace chain' : `document ${chain}`}, but entry ${expected} was expected: entries were deleted or inserted.`);
  }
  if (row.prev_hash !== (state?.hash ?? GENESIS_HASH)) return fail('audit.tampered', `Audit entry ${row.seq} does not follow the entry before it in its chain: its previous-hash does not match.`);
  if (chainOf(row.subject) !== chain) return changed(row);
  if (rowHash(key, row) !== row.hash) return changed(row);
  return ok({ chain, chainSeq: expected, hash: row.hash });
}

export interface HeadRow {
  chain: string;
  seq: number;
  chain_seq: number;
  hash: string;
  mac: string;
}

/** The stored head of a chain must be its last entry, with a valid HMAC. */
export function checkHead(key: AuditKey, chain: string, computed: ChainHead | undefined, head: HeadRow | undefined): Result<void> {
  const name = chain === WORKSPACE_CHAIN ? 'the workspace chain' : `document ${chain}`;
  if (!computed && !head) return ok(undefined);
  if (!head || !computed || head.chain_seq !== computed.chainSeq || head.hash !== computed.hash || head.mac !== headMac(key, 'chain', chain, head.chain_seq, head.hash)) {
    return fail('audit.tampered', `The audit chain of ${name} ends at entry ${computed?.chainSeq ?? 0}, but its recorded head is entry ${head?.chain_seq ?? 0}${head && head.mac !== headMac(key, 'chain', chain, head.chain_seq, head.hash) ? ' with a head that was not written by Daylight' : ''}: entries were deleted from its end or the head was changed.`);
  }
  return ok(undefined);
}


export interface WorkspaceHeadRow {
  seq: number;
  hash: string;
  mac: string | null;
}

export interface LogWalker {
  /** Feed every row in `seq` order; the first problem stops the walk. */
  step(row: AuditRow): Result<void>;
  /** After the last row: the stored workspace head, chain heads and the append-only guards still present. */
  finish(head: WorkspaceHeadRow | undefined, heads: HeadRow[], guards: readonly string[]): Result<AuditVerification>;
}

/**
 * The whole-log check (every chain, the legacy part, both kinds of head),
 * independent of where the rows come from. `keyPath` names the key file in messages.
 */
export function logWalker(key: AuditKey | undefined, keyPath: string): LogWalker {
  const legacyEntries = key?.legacyEntries ?? Number.MAX_SAFE_INTEGER;
  let expectedSeq = 1;
  let legacyPrev = GENESIS_HASH;
  let lastHash = GENESIS_HASH;
  const chains = new Map<string, ChainHead>();
  return {
    step(row) {
      if (row.seq !== expectedSeq) {
        return fail('audit.tampered', `Audit entry ${expectedSeq}${row.seq - 1 > expectedSeq ? `–${row.seq - 1}` : ''} is missing: the log jumps to entry ${row.seq}.`);
      }
      if (row.seq <= legacyEntries) {
        if (row.chain !== null) {
          if (!key) return fail('audit.key-missing', `Audit entry ${row.seq} is keyed, but the audit key file ${keyPath} is missing: restore it (or set DAYLIGHT_AUDIT_KEY to its path) to verify the log.`);
          return changed(row);
        }
        if (row.prev_hash !== legacyPrev) return fail('audit.tampered', `Audit entry ${row.seq} does not follow entry ${row.seq - 1}: its previous-hash does not match.`);
        if (legacyHash(row) !== row.hash) return changed(row);
        legacyPrev = row.hash;
        if (key && row.seq === legacyEntries && row.hash !== key.legacyHead) return fail('audit.tampered', `The entries written before the log was keyed (1–${legacyEntries}) were changed: entry ${legacyEntries} no longer has the hash sealed in ${keyPath}.`);
      } else {
        if (row.chain === null) return changed(row);
        const next = checkLink(key!, row, chains.get(row.chain));
        if (!next.ok) return next;
        chains.set(row.chain, next.value);
      }
      lastHash = row.hash;
      expectedSeq++;
      return ok(undefined);
    },
    finish(head, headRows, guards) {
      const entries = expectedSeq - 1;
      if (key && entries < key.legacyEntries) return fail('audit.tampered', `The audit log ends at entry ${entries}, but ${key.legacyEntries} entries were sealed when it was keyed: entries were deleted.`);
      const keyedHead = key && entries > key.legacyEntries;
      if ((head?.seq ?? 0) !== entries || (head?.hash ?? GENESIS_HASH) !== lastHash || (keyedHead && head!.mac !== headMac(key, 'workspace', WORKSPACE_CHAIN, head!.seq, head!.hash))) {
        return fail('audit.tampered', `The audit log ends at entry ${entries}, but its recorded head is entry ${head?.seq ?? 0}: entries were deleted from the end or the head was changed.`);
      }
      if (key) {
        const heads = new Map(headRows.map((h) => [h.chain, h]));
        for (const chain of new Set([...heads.keys(), ...chains.keys()])) {
          const checked = checkHead(key, chain, chains.get(chain), heads.get(chain));
          if (!checked.ok) return checked;
        }
      }
      // Checked last, so that an edit made after dropping them is reported by its entry.
      const dropped = AUDIT_TRIGGERS.filter((t) => !guards.includes(t));
      if (dropped.length > 0) return fail('audit.tampered', `The audit log's append-only guard was removed (trigger ${dropped.join(', ')} is missing or disabled): someone changed the database schema by hand.`);
      return ok({ entries, headSeq: entries, headHash: lastHash, legacyEntries: key ? Math.min(key.legacyEntries, entries) : entries, chains: chains.size });
    },
  };
}

/** Checks one document's chain (rows in `chain_seq` order) and its stored head. */
export function checkDocumentChain(key: AuditKey, documentId: string, rows: readonly AuditRow[], head: HeadRow | undefined): Result<ChainHead | undefined> {
  let state: ChainHead | undefined;
  for (const row of rows) {
    const next = checkLink(key, row, state);
    if (!next.ok) return next;
    state = next.value;
  }
  const checked = checkHead(key, documentId, state, head);
  if (!checked.ok) return checked;
  return ok(state);
}

/**
 * @module
 * The append-only audit log, chained per document and keyed.
 *
 * Each entry belongs to a chain: the document it is about (subject `d_…`), or
 * `workspace` for everything else (batches, users, sign-ins). It carries the
 * hash of the previous entry of its chain and its own hash, an HMAC-SHA256 over
 * its fields under a key kept outside the database (`audit-key.ts`), so a
 * database writer who edits, inserts or deletes a row cannot compute hashes
 * that verify. Each chain's head and the workspace head (the newest entry
 * overall) are stored with their own HMAC, so deleting entries at the end is
 * caught too, and `seq` numbers every entry of the workspace without gaps.
 *
 * Publishing writes the heads of the released documents' chains into the
 * public site (`audit-anchors.ts`): even someone holding the key cannot then
 * rewrite that history without `daylight audit verify --against SITE` noticing.
 * Entries written before the key existed stay a plain SHA-256 chain, sealed by
 * the key file.
 */
import { createHmac } from 'node:crypto';
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';
import type { AuditKey } from './audit-key.ts';
import { canonicalJson } from './canonical-json.ts';
import { nowIso, transaction } from './database.ts';
import { sha256Hex } from './blobs.ts';
import type { Workspace } from './workspace.ts';

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

/** A row of `audit_log` as SQLite returns it. */
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

function mac(key: AuditKey, value: unknown): string {
  return createHmac('sha256', key.key).update(canonicalJson(value)).digest('hex');
}

function rowHash(key: AuditKey, row: Omit<AuditRow, 'hash'>): string {
  return mac(key, { seq: row.seq, at: row.at, actor: row.actor, action: row.action, subject: row.subject, details: row.details, chain: row.chain, chain_seq: row.chain_seq, prev_hash: row.prev_hash });
}

/** The hash of entries written before the log was keyed. */
function legacyHash(row: Omit<AuditRow, 'hash'>): string {
  return sha256Hex(canonicalJson({ seq: row.seq, at: row.at, actor: row.actor, action: row.action, subject: row.subject, details: row.details, prev_hash: row.prev_hash }));
}

function headMac(key: AuditKey, kind: 'chain' | 'workspace', name: string, seq: number, hash: string): string {
  return mac(key, { head: kind, name, seq, hash });
}

/** The key, made on the first entry: entries already there are sealed as they are. */
function keyFor(ws: Workspace): AuditKey {
  const current = ws.auditKey.current();
  if (current) return current;
  const last = ws.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  return ws.auditKey.create({ entries: last?.seq ?? 0, head: last?.hash ?? GENESIS_HASH });
}

/** Appends one entry; joins the caller's transaction so the entry commits with the change it records. */
export function appendAudit(ws: Workspace, input: AuditInput): AuditEntry {
  return transaction(ws.db, () => {
    const key = keyFor(ws);
    const last = ws.db.prepare('SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number } | undefined;
    const chain = chainOf(input.subject);
    const head = ws.db.prepare('SELECT chain_seq, hash FROM audit_chain_heads WHERE chain = ?').get(chain) as { chain_seq: number; hash: string } | undefined;
    const row: Omit<AuditRow, 'hash'> = {
      seq: (last?.seq ?? 0) + 1,
      at: nowIso(),
      actor: input.actor,
      action: input.action,
      subject: input.subject ?? null,
      details: canonicalJson(input.details ?? {}),
      chain,
      chain_seq: (head?.chain_seq ?? 0) + 1,
      prev_hash: head?.hash ?? GENESIS_HASH,
    };
    const hash = rowHash(key, row);
    ws.db
      .prepare('INSERT INTO audit_log (seq, at, actor, action, subject, details, chain, chain_seq, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(row.seq, row.at, row.actor, row.action, row.subject, row.details, row.chain, row.chain_seq, row.prev_hash, hash);
    ws.db
      .prepare('INSERT INTO audit_chain_heads (chain, seq, chain_seq, hash, mac) VALUES (?, ?, ?, ?, ?) ON CONFLICT (chain) DO UPDATE SET seq = excluded.seq, chain_seq = excluded.chain_seq, hash = excluded.hash, mac = excluded.mac')
      .run(chain, row.seq, row.chain_seq, hash, headMac(key, 'chain', chain, row.chain_seq!, hash));
    ws.db
      .prepare('INSERT INTO audit_head (id, seq, hash, mac) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, mac = excluded.mac')
      .run(row.seq, hash, headMac(key, 'workspace', WORKSPACE_CHAIN, row.seq, hash));
    return toAuditEntry({ ...row, hash });
  });
}

export function toAuditEntry(row: AuditRow): AuditEntry {
  return { seq: row.seq, at: row.at, actor: row.actor, action: row.action, subject: row.subject, details: JSON.parse(row.details), chain: row.chain, chainSeq: row.chain_seq, prevHash: row.prev_hash, hash: row.hash };
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
  return (ws.db.prepare(sql).all(...args, query.limit ?? 1000) as unknown as AuditRow[]).map(toAuditEntry);
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

const TRIGGERS = ['audit_log_no_update', 'audit_log_no_delete'];

function changed(row: AuditRow): Result<never> {
  return fail('audit.tampered', `Audit entry ${row.seq} (${row.action}) was changed after it was written: its hash does not match its content.`);
}

/** Checks one keyed entry against the state of its chain; the next state, or the problem. */
function checkLink(key: AuditKey, row: AuditRow, state: ChainHead | undefined): Result<ChainHead> {
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

interface HeadRow {
  chain: string;
  seq: number;
  chain_seq: number;
  hash: string;
  mac: string;
}

/** The stored head of a chain must be its last entry, with a valid HMAC. */
function checkHead(key: AuditKey, chain: string, computed: ChainHead | undefined, head: HeadRow | undefined): Result<void> {
  const name = chain === WORKSPACE_CHAIN ? 'the workspace chain' : `document ${chain}`;
  if (!computed && !head) return ok(undefined);
  if (!head || !computed || head.chain_seq !== computed.chainSeq || head.hash !== computed.hash || head.mac !== headMac(key, 'chain', chain, head.chain_seq, head.hash)) {
    return fail('audit.tampered', `The audit chain of ${name} ends at entry ${computed?.chainSeq ?? 0}, but its recorded head is entry ${head?.chain_seq ?? 0}${head && head.mac !== headMac(key, 'chain', chain, head.chain_seq, head.hash) ? ' with a head that was not written by Daylight' : ''}: entries were deleted from its end or the head was changed.`);
  }
  return ok(undefined);
}

/** Walks the whole log (every chain, the legacy part, both kinds of head); the first break is reported. */
export function verifyAuditChain(ws: Workspace): Result<AuditVerification> {
  const key = ws.auditKey.current();
  const legacyEntries = key?.legacyEntries ?? Number.MAX_SAFE_INTEGER;
  let expectedSeq = 1;
  let legacyPrev = GENESIS_HASH;
  let lastHash = GENESIS_HASH;
  const chains = new Map<string, ChainHead>();
  for (const row of ws.db.prepare('SELECT * FROM audit_log ORDER BY seq ASC').iterate() as IterableIterator<AuditRow>) {
    if (row.seq !== expectedSeq) {
      return fail('audit.tampered', `Audit entry ${expectedSeq}${row.seq - 1 > expectedSeq ? `–${row.seq - 1}` : ''} is missing: the log jumps to entry ${row.seq}.`);
    }
    if (row.seq <= legacyEntries) {
      if (row.chain !== null) {
        if (!key) return fail('audit.key-missing', `Audit entry ${row.seq} is keyed, but the audit key file ${ws.auditKey.path} is missing: restore it (or set DAYLIGHT_AUDIT_KEY to its path) to verify the log.`);
        return changed(row);
      }
      if (row.prev_hash !== legacyPrev) return fail('audit.tampered', `Audit entry ${row.seq} does not follow entry ${row.seq - 1}: its previous-hash does not match.`);
      if (legacyHash(row) !== row.hash) return changed(row);
      legacyPrev = row.hash;
      if (key && row.seq === legacyEntries && row.hash !== key.legacyHead) return fail('audit.tampered', `The entries written before the log was keyed (1–${legacyEntries}) were changed: entry ${legacyEntries} no longer has the hash sealed in ${ws.auditKey.path}.`);
    } else {
      if (row.chain === null) return changed(row);
      const next = checkLink(key!, row, chains.get(row.chain));
      if (!next.ok) return next;
      chains.set(row.chain, next.value);
    }
    lastHash = row.hash;
    expectedSeq++;
  }
  const entries = expectedSeq - 1;
  if (key && entries < key.legacyEntries) return fail('audit.tampered', `The audit log ends at entry ${entries}, but ${key.legacyEntries} entries were sealed when it was keyed: entries were deleted.`);
  const head = ws.db.prepare('SELECT seq, hash, mac FROM audit_head WHERE id = 1').get() as { seq: number; hash: string; mac: string | null } | undefined;
  const keyedHead = key && entries > key.legacyEntries;
  if ((head?.seq ?? 0) !== entries || (head?.hash ?? GENESIS_HASH) !== lastHash || (keyedHead && head!.mac !== headMac(key, 'workspace', WORKSPACE_CHAIN, head!.seq, head!.hash))) {
    return fail('audit.tampered', `The audit log ends at entry ${entries}, but its recorded head is entry ${head?.seq ?? 0}: entries were deleted from the end or the head was changed.`);
  }
  if (key) {
    const heads = new Map((ws.db.prepare('SELECT * FROM audit_chain_heads').all() as unknown as HeadRow[]).map((h) => [h.chain, h]));
    for (const chain of new Set([...heads.keys(), ...chains.keys()])) {
      const checked = checkHead(key, chain, chains.get(chain), heads.get(chain));
      if (!checked.ok) return checked;
    }
  }
  // Checked last, so that an edit made after dropping them is reported by its entry.
  const present = new Set((ws.db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'").all() as { name: string }[]).map((r) => r.name));
  const dropped = TRIGGERS.filter((t) => !present.has(t));
  if (dropped.length > 0) return fail('audit.tampered', `The audit log's append-only guard was removed (trigger ${dropped.join(', ')} is missing): someone changed the database schema by hand.`);
  return ok({ entries, headSeq: entries, headHash: lastHash, legacyEntries: key ? Math.min(key.legacyEntries, entries) : entries, chains: chains.size });
}

/**
 * Walks one document's chain only (the publish gate's check): every entry
 * linked and keyed, and the stored head its last entry. Entries about the
 * document written before the log was keyed are not part of it.
 */
export function verifyDocumentChain(ws: Workspace, documentId: string): Result<{ entries: AuditEntry[]; head: ChainHead | undefined }> {
  const key = ws.auditKey.current();
  const rows = ws.db.prepare('SELECT * FROM audit_log WHERE chain = ? ORDER BY chain_seq ASC').all(documentId) as unknown as AuditRow[];
  const head = ws.db.prepare('SELECT * FROM audit_chain_heads WHERE chain = ?').get(documentId) as HeadRow | undefined;
  if (!key) {
    return rows.length > 0 || head ? fail('audit.key-missing', `The audit key file ${ws.auditKey.path} is missing, so the audit chain of document ${documentId} cannot be verified.`) : ok({ entries: [], head: undefined });
  }
  let state: ChainHead | undefined;
  for (const row of rows) {
    const next = checkLink(key, row, state);
    if (!next.ok) return next;
    state = next.value;
  }
  const checked = checkHead(key, documentId, state, head);
  if (!checked.ok) return checked;
  return ok({ entries: rows.map(toAuditEntry), head: state });
}

/** The stored head of one chain (for the public anchors), trusted only after a verification. */
export function chainHead(ws: Workspace, chain: string): ChainHead | undefined {
  const head = ws.db.prepare('SELECT chain_seq, hash FROM audit_chain_heads WHERE chain = ?').get(chain) as { chain_seq: number; hash: string } | undefined;
  return head && { chain, chainSeq: head.chain_seq, hash: head.hash };
}

/** The entry at position `chainSeq` of a chain. */
export function chainEntry(ws: Workspace, chain: string, chainSeq: number): AuditEntry | undefined {
  const row = ws.db.prepare('SELECT * FROM audit_log WHERE chain = ? AND chain_seq = ?').get(chain, chainSeq) as AuditRow | undefined;
  return row && toAuditEntry(row);
}

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
 * database (`audit-key.ts`). Each chain's head is stored with its own HMAC;
 * `seq` orders entries for display and may have gaps. The seal commits to the
 * set of chain heads at one moment (`sealRoot`), so a chain deleted whole or
 * cut back, head row included, is found. The single workspace head of
 * earlier versions (`audit_head`) is frozen and checked as it was left.
 */
import { createHash, createHmac } from 'node:crypto';
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
  /** The newest entry by `seq`. */
  headSeq: number;
  headHash: string;
  /** Entries written before the log was keyed (plain SHA-256 chain). */
  legacyEntries: number;
  chains: number;
  /** The last seal: when, and how many chains it covered. */
  sealed?: { at: string; chains: number };
}

/** The append-only guards (triggers) on `audit_log`, the same names on both adapters. */
export const AUDIT_TRIGGERS = ['audit_log_no_update', 'audit_log_no_delete'];

export function changed(row: AuditRow): Result<never> {
  return fail('audit.tampered', `Audit entry ${row.seq} (${row.action}) was changed after it was written: its hash does not match its content.`);
}

const upper = (text: string) => `${text[0].toUpperCase()}${text.slice(1)}`;

function chainName(chain: string): string {
  return chain === WORKSPACE_CHAIN ? 'the workspace chain' : `the chain of document ${chain}`;
}

/** Checks one keyed entry against the state of its chain; the next state, or the problem. */
export function checkLink(key: AuditKey, row: AuditRow, state: ChainHead | undefined): Result<ChainHead> {
  const chain = row.chain!;
  const expected = (state?.chainSeq ?? 0) + 1;
  const position = row.chain_seq ?? 0;
  if (position > expected) {
    const gone = position - 1 > expected ? `Entries ${expected}–${position - 1}` : `Entry ${expected}`;
    return fail('audit.tampered', `${gone} of ${chainName(chain)} ${position - 1 > expected ? 'were' : 'was'} deleted: the chain goes from ${expected > 1 ? `entry ${expected - 1}` : 'its start'} to entry ${position} (audit entry ${row.seq}).`);
  }
  if (position !== expected) {
    return fail('audit.tampered', `Audit entry ${row.seq} claims to be entry ${position} of ${chainName(chain)}, but entry ${expected} was expected there: entries were inserted or reordered.`);
  }
  if (row.prev_hash !== (state?.hash ?? GENESIS_HASH)) return fail('audit.tampered', `Audit entry ${row.seq} (entry ${position} of ${chainName(chain)}) does not follow the entry before it: its previous-hash does not match, so entries were replaced or reordered.`);
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
  if (!computed && !head) return ok(undefined);
  const forged = head !== undefined && head.mac !== headMac(key, 'chain', chain, head.chain_seq, head.hash);
  if (!head || !computed || forged || head.chain_seq !== computed.chainSeq || head.hash !== computed.hash) {
    const cause = !head ? 'its head row was deleted' : forged ? 'its head was not written by Daylight' : head.chain_seq > computed!.chainSeq ? 'entries were deleted from its end' : 'its head was changed';
    return fail('audit.tampered', `${upper(chainName(chain))} ends at entry ${computed?.chainSeq ?? 0}, but its recorded head is entry ${head?.chain_seq ?? 0}: ${cause}.`);
  }
  return ok(undefined);
}

/** A chain's head when the last seal was made. */
export interface SealedHead {
  chain: string;
  chain_seq: number;
  hash: string;
}

/** The seal's row: when, how many chains and entries, the root over the sealed heads, its HMAC. */
export interface SealRow {
  sealed_at: string;
  chains: number;
  entries: number;
  root: string;
  mac: string;
}

/**
 * The root over the sealed heads, fed in chain order: SHA-256 over one line
 * per chain. Incremental, so a million chains are hashed a page at a time.
 */
export function sealRoot(): { add(head: SealedHead): void; digest(): string } {
  const hash = createHash('sha256');
  return {
    add: (h) => void hash.update(`${h.chain}\t${h.chain_seq}\t${h.hash}\n`),
    digest: () => hash.digest('hex'),
  };
}

export function sealMac(key: AuditKey, seal: Omit<SealRow, 'mac'>): string {
  return mac(key, { seal: seal.root, at: seal.sealed_at, chains: seal.chains, entries: seal.entries });
}

/** What the store read about the seal for `finish`: its row, and the root and count of the sealed heads now listed. */
export interface SealCheck {
  row: SealRow | undefined;
  root: string;
  count: number;
}

export interface WorkspaceHeadRow {
  seq: number;
  hash: string;
  mac: string | null;
}

/** What the walker needs before the walk: the frozen workspace head of earlier versions and the sealed heads by chain. */
export interface WalkStart {
  legacyHead: WorkspaceHeadRow | undefined;
  sealed: ReadonlyMap<string, SealedHead>;
}

/** What it needs after: the stored chain heads, the append-only guards, the seal, and documents without a chain head row. */
export interface WalkEnd {
  heads: readonly HeadRow[];
  guards: readonly string[];
  seal: SealCheck;
  unchained: readonly string[];
}

export interface LogWalker {
  /** Feed every row in `seq` order; the first problem stops the walk. */
  step(row: AuditRow): Result<void>;
  /** After the last row: the heads, the seal, every document chained, the guards. */
  finish(end: WalkEnd): Result<AuditVerification>;
}

/**
 * The whole-log check (every chain, the legacy part, the heads and the seal),
 * independent of where the rows come from. `keyPath` names the key file in messages.
 */
export function logWalker(key: AuditKey | undefined, keyPath: string, start: WalkStart = { legacyHead: undefined, sealed: new Map() }): LogWalker {
  const legacyEntries = key?.legacyEntries ?? Number.MAX_SAFE_INTEGER;
  let entries = 0;
  let legacyCount = 0;
  let legacyPrev = GENESIS_HASH;
  let last = { seq: 0, hash: GENESIS_HASH };
  let legacyHeadHash: string | undefined;
  const chains = new Map<string, ChainHead>();
  const legacySubjects = new Set<string>();
  const sealedSeen = new Set<string>();
  const sealedWhen = (at: string) => `the seal of ${at}`;
  return {
    step(row) {
      if (row.seq <= last.seq) return fail('audit.tampered', `Audit entry ${row.seq} comes after entry ${last.seq}: the log's order was changed.`);
      if (row.seq <= legacyEntries) {
        if (row.chain !== null) {
          if (!key) return fail('audit.key-missing', `Audit entry ${row.seq} is keyed, but the audit key file ${keyPath} is missing: restore it (or set DAYLIGHT_AUDIT_KEY to its path) to verify the log.`);
          return changed(row);
        }
        // The entries written before the key are one gapless plain chain.
        if (row.seq !== legacyCount + 1) {
          return fail('audit.tampered', `Audit entry ${legacyCount + 1}${row.seq - 1 > legacyCount + 1 ? `–${row.seq - 1}` : ''} is missing: the log jumps to entry ${row.seq}.`);
        }
        if (row.prev_hash !== legacyPrev) return fail('audit.tampered', `Audit entry ${row.seq} does not follow entry ${row.seq - 1}: its previous-hash does not match.`);
        if (legacyHash(row) !== row.hash) return changed(row);
        legacyPrev = row.hash;
        legacyCount++;
        if (row.subject && DOCUMENT_ID.test(row.subject)) legacySubjects.add(row.subject);
        if (key && row.seq === legacyEntries && row.hash !== key.legacyHead) return fail('audit.tampered', `The entries written before the log was keyed (1–${legacyEntries}) were changed: entry ${legacyEntries} no longer has the hash sealed in ${keyPath}.`);
      } else {
        if (key && legacyCount < key.legacyEntries) return fail('audit.tampered', `Audit entry ${legacyCount + 1}${key.legacyEntries > legacyCount + 1 ? `–${key.legacyEntries}` : ''} is missing: ${key.legacyEntries} entries were sealed when the log was keyed.`);
        if (row.chain === null) return changed(row);
        const next = checkLink(key!, row, chains.get(row.chain));
        if (!next.ok) return next;
        chains.set(row.chain, next.value);
        const sealed = start.sealed.get(row.chain);
        if (sealed && sealed.chain_seq === next.value.chainSeq) {
          if (sealed.hash !== row.hash) return fail('audit.tampered', `Entry ${sealed.chain_seq} of ${chainName(row.chain)} (audit entry ${row.seq}) is not the one the last seal recorded: the chain was rewritten after it was sealed.`);
          sealedSeen.add(row.chain);
        }
      }
      if (start.legacyHead && row.seq === start.legacyHead.seq) legacyHeadHash = row.hash;
      last = { seq: row.seq, hash: row.hash };
      entries++;
      return ok(undefined);
    },
    finish({ heads: headRows, guards, seal, unchained }) {
      if (key && legacyCount < key.legacyEntries) return fail('audit.tampered', `The audit log holds ${legacyCount} of the ${key.legacyEntries} entries sealed when it was keyed: entries were deleted.`);
      const head = start.legacyHead;
      if (head) {
        const keyedHead = key && head.seq > key.legacyEntries;
        if (legacyHeadHash !== head.hash || (keyedHead && head.mac !== headMac(key, 'workspace', WORKSPACE_CHAIN, head.seq, head.hash))) {
          return fail('audit.tampered', `The workspace head kept from before per-chain locking names audit entry ${head.seq}, but ${legacyHeadHash === undefined ? 'that entry is gone: entries were deleted' : legacyHeadHash !== head.hash ? 'that entry has another hash: it was changed' : 'the head was not written by Daylight'}.`);
        }
      }
      if (key) {
        const heads = new Map(headRows.map((h) => [h.chain, h]));
        for (const chain of new Set([...heads.keys(), ...chains.keys()])) {
          const checked = checkHead(key, chain, chains.get(chain), heads.get(chain));
          if (!checked.ok) return checked;
        }
      }
      const row = seal.row;
      if (!row && seal.count > 0) return fail('audit.tampered', `The audit seal is gone, but ${seal.count} sealed chain heads remain: the seal was deleted.`);
      if (row) {
        if (!key || row.mac !== sealMac(key, row)) return fail('audit.tampered', `The audit seal of ${row.sealed_at} was not written by Daylight: its HMAC does not match.`);
        if (seal.count !== row.chains || seal.root !== row.root) {
          return fail('audit.tampered', seal.count < row.chains
            ? `${upper(sealedWhen(row.sealed_at))} covered ${row.chains} chains, but only ${seal.count} are listed: ${row.chains - seal.count} sealed chain(s) were removed.`
            : `The list of chains sealed on ${row.sealed_at} was changed (${seal.count} listed, ${row.chains} sealed).`);
        }
        for (const [chain, sealed] of start.sealed) {
          if (sealedSeen.has(chain)) continue;
          const now = chains.get(chain);
          return fail('audit.tampered', !now
            ? `${upper(chainName(chain))} was sealed at entry ${sealed.chain_seq} on ${row.sealed_at}, but none of its entries are left: the whole chain was deleted.`
            : `${upper(chainName(chain))} has ${now.chainSeq} entries, but ${sealedWhen(row.sealed_at)} recorded entry ${sealed.chain_seq}: entries were deleted from its end.`);
        }
      }
      const lost = unchained.filter((d) => !legacySubjects.has(d));
      if (lost.length > 0) return fail('audit.tampered', `Document ${lost[0]}${lost.length > 1 ? ` (and ${lost.length - 1} more)` : ''} has no audit chain: its entries and its head were deleted.`);
      // Checked last, so that an edit made after dropping them is reported by its entry.
      const dropped = AUDIT_TRIGGERS.filter((t) => !guards.includes(t));
      if (dropped.length > 0) return fail('audit.tampered', `The audit log's append-only guard was removed (trigger ${dropped.join(', ')} is missing or disabled): someone changed the database schema by hand.`);
      return ok({ entries, headSeq: last.seq, headHash: last.hash, legacyEntries: legacyCount, chains: chains.size, ...(row ? { sealed: { at: row.sealed_at, chains: row.chains } } : {}) });
    },
  };
}

/** Checks one document's chain (rows in `chain_seq` order), its stored head, and the entry the last seal recorded for it. */
export function checkDocumentChain(key: AuditKey, documentId: string, rows: readonly AuditRow[], head: HeadRow | undefined, sealed?: SealedHead): Result<ChainHead | undefined> {
  let state: ChainHead | undefined;
  for (const row of rows) {
    const next = checkLink(key, row, state);
    if (!next.ok) return next;
    state = next.value;
  }
  const checked = checkHead(key, documentId, state, head);
  if (!checked.ok) return checked;
  if (sealed && (state?.chainSeq ?? 0) < sealed.chain_seq) {
    return fail('audit.tampered', `${upper(chainName(documentId))} has ${state?.chainSeq ?? 0} entries, but the last seal recorded entry ${sealed.chain_seq}: entries were deleted from its end.`);
  }
  if (sealed && rows[sealed.chain_seq - 1]?.hash !== sealed.hash) {
    return fail('audit.tampered', `Entry ${sealed.chain_seq} of ${chainName(documentId)} is not the one the last seal recorded: the chain was rewritten after it was sealed.`);
  }
  return ok(state);
}

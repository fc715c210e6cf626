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
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';
import type { AuditKey } from './audit-key.ts';
import { GENESIS_HASH, WORKSPACE_CHAIN, chainOf, checkDocumentChain, headMac, logWalker, rowHash, toAuditEntry } from './audit-chain.ts';
import type { AuditEntry, AuditInput, AuditRow, AuditVerification, ChainHead, HeadRow } from './audit-chain.ts';
import { canonicalJson } from './canonical-json.ts';
import { nowIso, transaction } from './database.ts';
import type { Workspace } from './workspace.ts';

export { GENESIS_HASH, WORKSPACE_CHAIN, chainOf, toAuditEntry } from './audit-chain.ts';
export type { AuditEntry, AuditInput, AuditRow, AuditVerification, ChainHead } from './audit-chain.ts';

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

export interface AuditQuery {
  /** Entries after this seq (for paging forward, or "since I last looked"). */
  afterSeq?: number;
  limit?: number;
  /** Skip this many matching entries first (page N of a listing is `offset: (N - 1) * limit`). */
  offset?: number;
  subject?: string;
  /** One action ("redaction.accepted"), or a family of them with a trailing dot ("redaction."). */
  action?: string;
  /** Several actions or families (entries matching any). */
  actions?: readonly string[];
  actor?: string;
  /** Entries by anyone but this person. */
  notActor?: string;
  /** Newest first when true. */
  newestFirst?: boolean;
}

function auditWhere(query: AuditQuery): { clause: string; args: (string | number)[] } {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (query.afterSeq !== undefined) (where.push('seq > ?'), args.push(query.afterSeq));
  if (query.subject !== undefined) (where.push('subject = ?'), args.push(query.subject));
  if (query.actor !== undefined) (where.push('actor = ?'), args.push(query.actor));
  if (query.notActor !== undefined) (where.push('actor <> ?'), args.push(query.notActor));
  const actions = [...(query.action !== undefined ? [query.action] : []), ...(query.actions ?? [])];
  if (actions.length > 0) {
    // A family ends with a dot and matches by prefix; LIKE's wildcards in the name itself are escaped.
    const one = (a: string) => (a.endsWith('.') ? (args.push(`${a.replace(/[\\%_]/g, '\\$&')}%`), "action LIKE ? ESCAPE '\\'") : (args.push(a), 'action = ?'));
    where.push(`(${actions.map(one).join(' OR ')})`);
  }
  return { clause: where.length ? `WHERE ${where.join(' AND ')}` : '', args };
}

/** Audit entries matching `query`, oldest first unless `newestFirst`; at most `limit` (1,000 by default). */
export function listAudit(ws: Workspace, query: AuditQuery = {}): AuditEntry[] {
  const { clause, args } = auditWhere(query);
  const sql = `SELECT * FROM audit_log ${clause} ORDER BY seq ${query.newestFirst ? 'DESC' : 'ASC'} LIMIT ? OFFSET ?`;
  return (ws.db.prepare(sql).all(...args, query.limit ?? 1000, query.offset ?? 0) as unknown as AuditRow[]).map(toAuditEntry);
}

/** How many entries match `query` (its paging fields are ignored), for "page 2 of 7". */
export function countAudit(ws: Workspace, query: AuditQuery = {}): number {
  const { clause, args } = auditWhere(query);
  return (ws.db.prepare(`SELECT COUNT(*) AS n FROM audit_log ${clause}`).get(...args) as { n: number }).n;
}

/** Everyone who has acted in the log (at most 500 names), for filters. */
export function auditActors(ws: Workspace): string[] {
  return (ws.db.prepare('SELECT DISTINCT actor FROM audit_log ORDER BY actor LIMIT 500').all() as { actor: string }[]).map((r) => r.actor);
}

/** Walks the whole log (every chain, the legacy part, both kinds of head); the first break is reported. */
export function verifyAuditChain(ws: Workspace): Result<AuditVerification> {
  const walker = logWalker(ws.auditKey.current(), ws.auditKey.path);
  for (const row of ws.db.prepare('SELECT * FROM audit_log ORDER BY seq ASC').iterate() as IterableIterator<AuditRow>) {
    const stepped = walker.step(row);
    if (!stepped.ok) return stepped;
  }
  const head = ws.db.prepare('SELECT seq, hash, mac FROM audit_head WHERE id = 1').get() as { seq: number; hash: string; mac: string | null } | undefined;
  const heads = ws.db.prepare('SELECT * FROM audit_chain_heads').all() as unknown as HeadRow[];
  const guards = (ws.db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'").all() as { name: string }[]).map((r) => r.name);
  return walker.finish(head, heads, guards);
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
  const checked = checkDocumentChain(key, documentId, rows, head);
  if (!checked.ok) return checked;
  return ok({ entries: rows.map(toAuditEntry), head: checked.value });
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

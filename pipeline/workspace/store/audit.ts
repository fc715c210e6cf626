/**
 * @module
 * The audit log on the workspace interface: chained per document, keyed, the
 * same rows and the same checks (`../audit-chain.ts`) on both adapters. See
 * ../audit-log.ts for the design; this is its async form.
 */
import { sql } from 'kysely';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { fail, ok } from '../../problems.ts';
import type { Result } from '../../problems.ts';
import { GENESIS_HASH, WORKSPACE_CHAIN, chainOf, checkDocumentChain, headMac, logWalker, rowHash, toAuditEntry } from '../audit-chain.ts';
import type { AuditEntry, AuditInput, AuditRow, AuditVerification, ChainHead } from '../audit-chain.ts';
import type { AuditKey } from '../audit-key.ts';
import { canonicalJson } from '../canonical-json.ts';
import { auditGuards, lockAudit } from './dialect.ts';
import { nowIso, transaction } from './workspace.ts';
import type { Schema } from './schema.ts';
import type { Workspace } from './workspace.ts';

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

export { GENESIS_HASH, WORKSPACE_CHAIN, chainOf };
export type { AuditEntry, AuditInput, AuditVerification, ChainHead };

/** The key, made on the first entry: entries already there are sealed as they are. */
async function keyFor(ws: Workspace): Promise<AuditKey> {
  const current = ws.auditKey.current();
  if (current) return current;
  const last = await ws.db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return ws.auditKey.create({ entries: last?.seq ?? 0, head: last?.hash ?? GENESIS_HASH });
}

/** Appends one entry; joins the caller's transaction so the entry commits with the change it records. */
export function appendAudit(ws: Workspace, input: AuditInput): Promise<AuditEntry> {
  return transaction(ws, async (tx) => {
    await lockAudit(tx);
    const key = await keyFor(tx);
    const last = await tx.db.selectFrom('audit_log').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const chain = chainOf(input.subject);
    const head = await tx.db.selectFrom('audit_chain_heads').select(['chain_seq', 'hash']).where('chain', '=', chain).executeTakeFirst();
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
    await tx.db.insertInto('audit_log').values({ ...row, hash }).execute();
    const chainMac = headMac(key, 'chain', chain, row.chain_seq!, hash);
    await tx.db
      .insertInto('audit_chain_heads')
      .values({ chain, seq: row.seq, chain_seq: row.chain_seq!, hash, mac: chainMac })
      .onConflict((oc) => oc.column('chain').doUpdateSet({ seq: row.seq, chain_seq: row.chain_seq!, hash, mac: chainMac }))
      .execute();
    const workspaceMac = headMac(key, 'workspace', WORKSPACE_CHAIN, row.seq, hash);
    await tx.db
      .insertInto('audit_head')
      .values({ id: 1, seq: row.seq, hash, mac: workspaceMac })
      .onConflict((oc) => oc.column('id').doUpdateSet({ seq: row.seq, hash, mac: workspaceMac }))
      .execute();
    return toAuditEntry({ ...row, hash });
  });
}

/** The filters of ../audit-log.ts's `AuditQuery`, as a Kysely where clause. */
function auditWhere(query: AuditQuery) {
  return (eb: ExpressionBuilder<Schema, 'audit_log'>) => {
    const all: Expression<SqlBool>[] = [];
    if (query.afterSeq !== undefined) all.push(eb('seq', '>', query.afterSeq));
    if (query.subject !== undefined) all.push(eb('subject', '=', query.subject));
    if (query.actor !== undefined) all.push(eb('actor', '=', query.actor));
    if (query.notActor !== undefined) all.push(eb('actor', '<>', query.notActor));
    const actions = [...(query.action !== undefined ? [query.action] : []), ...(query.actions ?? [])];
    if (actions.length > 0) {
      // A family ends with a dot and matches by prefix; LIKE's wildcards in the name itself are escaped.
      all.push(eb.or(actions.map((a) => (a.endsWith('.') ? sql<SqlBool>`action LIKE ${`${a.replace(/[\\%_]/g, '\\$&')}%`} ESCAPE '\\'` : eb('action', '=', a)))));
    }
    return eb.and(all);
  };
}

/** Audit entries matching `query`, oldest first unless `newestFirst`; at most `limit` (1,000 by default). */
export async function listAudit(ws: Workspace, query: AuditQuery = {}): Promise<AuditEntry[]> {
  let q = ws.db.selectFrom('audit_log').selectAll().where(auditWhere(query)).orderBy('seq', query.newestFirst ? 'desc' : 'asc').limit(query.limit ?? 1000);
  if (query.offset) q = q.offset(query.offset);
  return (await q.execute()).map(toAuditEntry);
}

export async function countAudit(ws: Workspace, query: AuditQuery = {}): Promise<number> {
  const row = await ws.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where(auditWhere(query)).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Everyone who appears in the log (for a filter list), at most 500. */
export async function auditActors(ws: Workspace): Promise<string[]> {
  return (await ws.db.selectFrom('audit_log').select('actor').distinct().orderBy('actor').limit(500).execute()).map((r) => r.actor);
}

/** How many entries the log holds (the workspace head's position). */
export async function auditEntryCount(ws: Workspace): Promise<number> {
  return (await ws.db.selectFrom('audit_head').select('seq').where('id', '=', 1).executeTakeFirst())?.seq ?? 0;
}

const PAGE = 1000;

/** Walks the whole log (every chain, the legacy part, both kinds of head), a page at a time; the first break is reported. */
export async function verifyAuditChain(ws: Workspace): Promise<Result<AuditVerification>> {
  const walker = logWalker(ws.auditKey.current(), ws.auditKey.path);
  let after = 0;
  for (;;) {
    const rows = await ws.db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq', 'asc').limit(PAGE).execute();
    for (const row of rows) {
      const stepped = walker.step(row);
      if (!stepped.ok) return stepped;
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1].seq;
  }
  const head = await ws.db.selectFrom('audit_head').select(['seq', 'hash', 'mac']).where('id', '=', 1).executeTakeFirst();
  const heads = await ws.db.selectFrom('audit_chain_heads').selectAll().execute();
  return walker.finish(head, heads, await auditGuards(ws));
}

/**
 * Walks one document's chain only (the publish gate's check): every entry
 * linked and keyed, and the stored head its last entry.
 */
export async function verifyDocumentChain(ws: Workspace, documentId: string): Promise<Result<{ entries: AuditEntry[]; head: ChainHead | undefined }>> {
  const key = ws.auditKey.current();
  const rows = await ws.db.selectFrom('audit_log').selectAll().where('chain', '=', documentId).orderBy('chain_seq', 'asc').execute();
  const head = await ws.db.selectFrom('audit_chain_heads').selectAll().where('chain', '=', documentId).executeTakeFirst();
  if (!key) {
    return rows.length > 0 || head ? fail('audit.key-missing', `The audit key file ${ws.auditKey.path} is missing, so the audit chain of document ${documentId} cannot be verified.`) : ok({ entries: [], head: undefined });
  }
  const checked = checkDocumentChain(key, documentId, rows, head);
  if (!checked.ok) return checked;
  return ok({ entries: rows.map(toAuditEntry), head: checked.value });
}

/** The stored head of one chain (for the public anchors), trusted only after a verification. */
export async function chainHead(ws: Workspace, chain: string): Promise<ChainHead | undefined> {
  const head = await ws.db.selectFrom('audit_chain_heads').select(['chain_seq', 'hash']).where('chain', '=', chain).executeTakeFirst();
  return head && { chain, chainSeq: head.chain_seq, hash: head.hash };
}

/** The entry at position `chainSeq` of a chain. */
export async function chainEntry(ws: Workspace, chain: string, chainSeq: number): Promise<AuditEntry | undefined> {
  const row = await ws.db.selectFrom('audit_log').selectAll().where('chain', '=', chain).where('chain_seq', '=', chainSeq).executeTakeFirst();
  return row && toAuditEntry(row);
}

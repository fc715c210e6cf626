/**
 * @module
 * The audit log on the workspace interface: chained per document, keyed, the
 * same rows and the same checks (`../audit-chain.ts`) on both adapters. The
 * design (per-chain locks, `seq` for display, the seal) is in ../README.md.
 */
import { sql } from 'kysely';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { fail, ok } from '../../problems.ts';
import type { Result } from '../../problems.ts';
import { GENESIS_HASH, WORKSPACE_CHAIN, chainOf, checkDocumentChain, headMac, logWalker, rowHash, sealMac, sealRoot, toAuditEntry } from '../audit-chain.ts';
import type { AuditEntry, AuditInput, AuditRow, AuditVerification, ChainHead, SealedHead } from '../audit-chain.ts';
import type { AuditKey } from '../audit-key.ts';
import { canonicalJson } from '../canonical-json.ts';
import { auditGuards, nextAuditSeq, readSnapshot } from './dialect.ts';
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

/** The entries a transaction has queued, by its `beforeCommit` list. */
const queued = new WeakMap<object, (AuditInput & { at: string })[]>();

/**
 * Appends one entry; joins the caller's transaction so the entry commits with
 * the change it records. The entry is written just before that commit
 * (`writeQueued`), so the only lock it takes, its chain's head row, is held
 * for the commit alone.
 */
export async function appendAudit(ws: Workspace, input: AuditInput): Promise<void> {
  if (!ws.inTransaction) return transaction(ws, (tx) => appendAudit(tx, input));
  const hooks = ws.beforeCommit;
  // A transaction opened some other way has no commit hooks: write at once.
  if (!hooks) return writeQueued(ws, [{ ...input, at: nowIso() }]);
  let entries = queued.get(hooks);
  if (!entries) {
    const list: (AuditInput & { at: string })[] = [];
    queued.set(hooks, list);
    entries = list;
    hooks.push(async () => {
      queued.delete(hooks);
      await writeQueued(ws, list);
    });
  }
  entries.push({ ...input, at: nowIso() });
}

/**
 * Locks one chain's head row until commit and returns it (a new chain gets an
 * empty head, replaced before commit). One statement on both adapters:
 * `ON CONFLICT DO UPDATE` takes the row lock on PostgreSQL and returns the
 * newest committed head after waiting; SQLite's BEGIN IMMEDIATE already holds
 * the write lock.
 */
async function lockChainHead(ws: Workspace, chain: string): Promise<{ chainSeq: number; hash: string }> {
  const head = await ws.db
    .insertInto('audit_chain_heads')
    .values({ chain, seq: 0, chain_seq: 0, hash: GENESIS_HASH, mac: '' })
    .onConflict((oc) => oc.column('chain').doUpdateSet((eb) => ({ chain: eb.ref('excluded.chain') })))
    .returning(['chain_seq', 'hash'])
    .executeTakeFirstOrThrow();
  return { chainSeq: head.chain_seq, hash: head.hash };
}

/**
 * Locks a chain's head row as `lockChainHead` does and draws the next `seq` after the lock, in one
 * statement (PostgreSQL: the sequence is read from the row the lock returns, so it is drawn once
 * the lock is held, as `nextAuditSeq` after `lockChainHead` would).
 */
async function lockChainHeadDrawingSeq(ws: Workspace, chain: string): Promise<{ chainSeq: number; hash: string; seq: number }> {
  const head = await ws.db
    .with('head', (db) =>
      db
        .insertInto('audit_chain_heads')
        .values({ chain, seq: 0, chain_seq: 0, hash: GENESIS_HASH, mac: '' })
        .onConflict((oc) => oc.column('chain').doUpdateSet((eb) => ({ chain: eb.ref('excluded.chain') })))
        .returning(['chain_seq', 'hash']),
    )
    .selectFrom('head')
    .select(['chain_seq', 'hash', sql<string>`nextval('audit_log_seq')`.as('seq')])
    .executeTakeFirstOrThrow();
  return { chainSeq: head.chain_seq, hash: head.hash, seq: Number(head.seq) };
}

/** The head row's new values once `head` is the chain's last entry. */
function headValues(key: AuditKey, chain: string, head: { seq: number; chainSeq: number; hash: string }) {
  return { seq: head.seq, chain_seq: head.chainSeq, hash: head.hash, mac: headMac(key, 'chain', chain, head.chainSeq, head.hash) };
}

/**
 * Writes a transaction's queued entries: the chains' head rows are locked in
 * sorted order (two transactions touching the same chains take them in the
 * same order, so they cannot deadlock), then the entries are written in the
 * order they were appended, each drawing its `seq` after its chain's lock.
 *
 * PostgreSQL sends two statements for a state move's one entry instead of four
 * (each about 1.4 ms of CPU, client and server, at every state move of every
 * worker): the lock returns the `seq` with the head (one chain only, so the seq
 * is still drawn after every lock the transaction takes), and a chain's last
 * entry moves its head row in the same statement (a data-modifying WITH, which
 * SQLite lacks: there the four statements stay, under BEGIN IMMEDIATE). The rows
 * written are the same.
 */
async function writeQueued(tx: Workspace, entries: readonly (AuditInput & { at: string })[]): Promise<void> {
  if (entries.length === 0) return;
  const key = await keyFor(tx);
  const merged = tx.kind === 'postgres';
  const chains = [...new Set(entries.map((e) => chainOf(e.subject)))].sort();
  const heads = new Map<string, { seq: number; chainSeq: number; hash: string }>();
  let drawn: number | undefined;
  for (const chain of chains) {
    if (merged && chains.length === 1) {
      const { seq, ...head } = await lockChainHeadDrawingSeq(tx, chain);
      heads.set(chain, { seq: 0, ...head });
      drawn = seq;
    } else heads.set(chain, { seq: 0, ...(await lockChainHead(tx, chain)) });
  }
  const lastOfChain = new Map(entries.map((e, i) => [chainOf(e.subject), i]));
  for (const [i, input] of entries.entries()) {
    const chain = chainOf(input.subject);
    const head = heads.get(chain)!;
    const row: Omit<AuditRow, 'hash'> = {
      seq: i === 0 && drawn !== undefined ? drawn : await nextAuditSeq(tx),
      at: input.at,
      actor: input.actor,
      action: input.action,
      subject: input.subject ?? null,
      details: canonicalJson(input.details ?? {}),
      chain,
      chain_seq: head.chainSeq + 1,
      prev_hash: head.hash,
    };
    const hash = rowHash(key, row);
    const moved = { seq: row.seq, chainSeq: row.chain_seq!, hash };
    heads.set(chain, moved);
    if (merged && lastOfChain.get(chain) === i) {
      await tx.db
        .with('entry', (db) => db.insertInto('audit_log').values({ ...row, hash }))
        .updateTable('audit_chain_heads')
        .set(headValues(key, chain, moved))
        .where('chain', '=', chain)
        .execute();
    } else await tx.db.insertInto('audit_log').values({ ...row, hash }).execute();
  }
  if (merged) return;
  for (const [chain, head] of heads) await tx.db.updateTable('audit_chain_heads').set(headValues(key, chain, head)).where('chain', '=', chain).execute();
}

/** Writes the entries appended so far in this transaction now, instead of just before commit (tests hold a chain's lock this way). */
export async function flushAudit(tx: Workspace): Promise<void> {
  const hooks = tx.beforeCommit;
  const entries = hooks && queued.get(hooks);
  if (!hooks || !entries) return;
  queued.delete(hooks);
  await writeQueued(tx, entries.splice(0));
}

/** The filters of `AuditQuery`, as a Kysely where clause. */
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

/** How many entries the log holds. */
export async function auditEntryCount(ws: Workspace): Promise<number> {
  const row = await ws.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * A number that changes with every committed entry, cheap on a large log:
 * the newest `seq` and how many entries the last 1,000 positions hold. The
 * count catches an entry that committed after a later `seq` was already
 * visible (two chains committing out of `seq` order).
 */
export async function auditVersion(ws: Workspace): Promise<number> {
  const top = await ws.db.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
  const max = Number(top?.seq ?? 0);
  const tail = await ws.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('seq', '>', max - 1000).executeTakeFirst();
  return max * 1001 + Number(tail?.n ?? 0);
}

/**
 * The `seq` of the newest entry about `subject` (0 for none): a position to
 * read "what changed since" from. Exact for a document, whose writers take
 * turns and draw their `seq` in turn; across chains `seq` order is not commit order.
 */
export async function latestAuditSeq(ws: Workspace, subject: string): Promise<number> {
  const row = await ws.db.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('seq')).where('subject', '=', subject).executeTakeFirst();
  return Number(row?.seq ?? 0);
}

const PAGE = 1000;

/** The sealed heads in chain order, a page at a time. */
async function* sealedHeads(ws: Workspace): AsyncGenerator<SealedHead> {
  let after: string | undefined;
  for (;;) {
    let q = ws.db.selectFrom('audit_sealed_heads').selectAll().orderBy('chain', 'asc').limit(PAGE);
    if (after !== undefined) q = q.where('chain', '>', after);
    const rows = await q.execute();
    yield* rows;
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1].chain;
  }
}

/** Documents with no chain head row (each document's chain starts when it is queued). */
async function unchainedDocuments(ws: Workspace): Promise<string[]> {
  const rows = await ws.db
    .selectFrom('documents')
    .leftJoin('audit_chain_heads', 'audit_chain_heads.chain', 'documents.id')
    .select('documents.id')
    .where('audit_chain_heads.chain', 'is', null)
    .orderBy('documents.id')
    .limit(PAGE)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Walks the whole log (every chain, the legacy part, the heads, the seal), a
 * page at a time; the first break is reported. Holds one small record per chain.
 */
export function verifyAuditChain(ws: Workspace): Promise<Result<AuditVerification>> {
  return readSnapshot(ws, walkLog);
}

async function walkLog(ws: Workspace): Promise<Result<AuditVerification>> {
  const sealed = new Map<string, SealedHead>();
  const root = sealRoot();
  for await (const head of sealedHeads(ws)) {
    sealed.set(head.chain, head);
    root.add(head);
  }
  const legacyHead = await ws.db.selectFrom('audit_head').select(['seq', 'hash', 'mac']).where('id', '=', 1).executeTakeFirst();
  const walker = logWalker(ws.auditKey.current(), ws.auditKey.path, { legacyHead, sealed });
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
  const heads = await ws.db.selectFrom('audit_chain_heads').selectAll().execute();
  const seal = await ws.db.selectFrom('audit_seal').select(['sealed_at', 'chains', 'entries', 'root', 'mac']).where('id', '=', 1).executeTakeFirst();
  return walker.finish({ heads, guards: await auditGuards(ws), seal: { row: seal, root: root.digest(), count: sealed.size }, unchained: await unchainedDocuments(ws) });
}

/**
 * Seals the log: every chain's current head is copied into
 * `audit_sealed_heads`, the root over them (with the counts) is stored with an
 * HMAC in `audit_seal`, and an `audit.sealed` entry records it in the workspace
 * chain. Later, a chain deleted whole or cut below its sealed entry (even with
 * its head row rolled back to an older genuine one) is found. O(chains); runs
 * on every publish and from `daylight audit seal`, never on the append path.
 */
export async function sealAudit(ws: Workspace, actor: string): Promise<Result<{ sealedAt: string; chains: number; entries: number; root: string }>> {
  return transaction(ws, async (tx) => {
    const key = await keyFor(tx);
    // One seal at a time: the seal row is locked first (placeholder for the first seal, replaced below).
    const sealedAt = nowIso();
    await tx.db
      .insertInto('audit_seal')
      .values({ id: 1, sealed_at: sealedAt, chains: 0, entries: 0, root: '', mac: '' })
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ id: eb.ref('excluded.id') })))
      .execute();
    await tx.db.deleteFrom('audit_sealed_heads').execute();
    // The committed heads as this statement sees them; an append committing meanwhile only lengthens its chain.
    await tx.db.insertInto('audit_sealed_heads').columns(['chain', 'chain_seq', 'hash']).expression((eb) => eb.selectFrom('audit_chain_heads').select(['chain', 'chain_seq', 'hash']).where('chain_seq', '>', 0)).execute();
    const root = sealRoot();
    let chains = 0;
    for await (const head of sealedHeads(tx)) {
      root.add(head);
      chains++;
    }
    const entries = await auditEntryCount(tx);
    const seal = { sealed_at: sealedAt, chains, entries, root: root.digest() };
    await tx.db.updateTable('audit_seal').set({ ...seal, mac: sealMac(key, seal) }).where('id', '=', 1).execute();
    await appendAudit(tx, { actor, action: 'audit.sealed', details: { chains, entries, root: seal.root } });
    return ok({ sealedAt, chains, entries, root: seal.root });
  });
}

/**
 * Walks one document's chain only (the publish gate's check): every entry
 * linked and keyed, the stored head its last entry, and the entry the last
 * seal recorded for it still there.
 */
export function verifyDocumentChain(ws: Workspace, documentId: string): Promise<Result<{ entries: AuditEntry[]; head: ChainHead | undefined }>> {
  return readSnapshot(ws, (snapshot) => walkDocument(snapshot, documentId));
}

async function walkDocument(ws: Workspace, documentId: string): Promise<Result<{ entries: AuditEntry[]; head: ChainHead | undefined }>> {
  const key = ws.auditKey.current();
  const rows = await ws.db.selectFrom('audit_log').selectAll().where('chain', '=', documentId).orderBy('chain_seq', 'asc').execute();
  const head = await ws.db.selectFrom('audit_chain_heads').selectAll().where('chain', '=', documentId).executeTakeFirst();
  const sealed = await ws.db.selectFrom('audit_sealed_heads').selectAll().where('chain', '=', documentId).executeTakeFirst();
  if (!key) {
    return rows.length > 0 || head ? fail('audit.key-missing', `The audit key file ${ws.auditKey.path} is missing, so the audit chain of document ${documentId} cannot be verified.`) : ok({ entries: [], head: undefined });
  }
  const checked = checkDocumentChain(key, documentId, rows, head, sealed);
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

/**
 * @module
 * The review app's reads over the workspace that the workspace modules do not
 * offer as such: the queue with per-category counts in one query, the document
 * model (cached by its content hash, since blobs never change). Writes all go
 * through the workspace modules.
 */
import { sql } from 'kysely';
import type { Document } from '../model/types.ts';
import type { Result } from '../problems.ts';
import { auditVersion, readJsonBlob } from '../workspace/store/index.ts';
import type { DocumentRecord, DocumentState, Workspace } from '../workspace/store/index.ts';
import type { QueueFilters, QueueRow, QueueSort } from './views/queue.ts';

/** States the queue shows when no state filter is chosen. */
export const WAITING_STATES: readonly DocumentState[] = ['in_review', 'sent_back'];
/** States the queue can be filtered by. */
export const REVIEW_STATES: readonly DocumentState[] = ['in_review', 'sent_back', 'approved', 'published'];

const ORDER = { age: 'd.created_at', pages: 'd.page_count', findings: 'findings', undecided: 'pending' } as const satisfies Record<QueueSort, string>;

/** Documents in the queue with their counts per category, who holds each, and how old it is; at most 2,000. */
export async function queueRows(ws: Workspace, filters: QueueFilters & { sort?: QueueSort; desc?: boolean }): Promise<QueueRow[]> {
  const states = filters.state && (REVIEW_STATES as readonly string[]).includes(filters.state) ? [filters.state] : [...WAITING_STATES];
  let docsQuery = ws.db
    .selectFrom('documents as d')
    .innerJoin('batches as b', 'b.id', 'd.batch_id')
    .select((eb) => [
      'd.id',
      'd.batch_id',
      'd.file_name',
      'd.state',
      'd.page_count',
      'd.created_at',
      'd.updated_at',
      'b.name as batch_name',
      'b.created_by as batch_by',
      eb.selectFrom('redactions as r').select((e) => e.fn.countAll().as('n')).whereRef('r.document_id', '=', 'd.id').as('findings'),
      eb.selectFrom('redactions as r').select((e) => e.fn.countAll().as('n')).whereRef('r.document_id', '=', 'd.id').where('r.decision', '=', 'proposed').as('pending'),
      eb
        .selectFrom('review_decisions as c')
        .select(sql<string | null>`CASE WHEN c.action = 'document.claimed' THEN COALESCE(c.comment, c.actor) END`.as('holder'))
        .whereRef('c.document_id', '=', 'd.id')
        .where('c.action', 'in', ['document.claimed', 'document.released'])
        .orderBy('c.id', 'desc')
        .limit(1)
        .as('claimed_by'),
    ])
    .where('d.state', 'in', states);
  if (filters.batch) docsQuery = docsQuery.where('d.batch_id', '=', filters.batch);
  if (filters.category) {
    const category = filters.category;
    docsQuery = docsQuery.where((eb) => eb.exists(eb.selectFrom('redactions as x').select('x.id').whereRef('x.document_id', '=', 'd.id').where('x.category', '=', category)));
  }
  const direction = filters.desc ? 'desc' : 'asc';
  const docs = await docsQuery
    .orderBy(sql.ref(ORDER[filters.sort ?? 'age']), direction)
    .orderBy('d.created_at')
    .orderBy('d.id')
    .limit(2000)
    .execute();
  if (docs.length === 0) return [];
  const counts = await ws.db
    .selectFrom('redactions as r')
    .select(['r.document_id as id', 'r.category', (eb) => eb.fn.countAll().as('n')])
    .where(
      'r.document_id',
      'in',
      docs.map((d) => d.id),
    )
    .groupBy(['r.document_id', 'r.category'])
    .execute();
  const byDoc = new Map<string, Record<string, number>>();
  for (const c of counts) byDoc.set(c.id, { ...(byDoc.get(c.id) ?? {}), [c.category]: Number(c.n) });
  return docs.map((d) => ({
    id: d.id,
    fileName: d.file_name,
    batchId: d.batch_id,
    batchName: d.batch_name,
    batchBy: d.batch_by,
    state: d.state,
    pageCount: d.page_count ?? 0,
    counts: byDoc.get(d.id) ?? {},
    findings: Number(d.findings ?? 0),
    pending: Number(d.pending ?? 0),
    createdAt: d.created_at,
    updatedAt: d.updated_at,
    claimedBy: d.claimed_by ?? undefined,
  }));
}

const models = new Map<string, Document>();

/** The document model (pages and words) of a document, cached by blob hash. */
export async function documentModel(ws: Workspace, record: DocumentRecord): Promise<Result<Document>> {
  if (!record.modelBlob) return { ok: false, problem: { code: 'workspace.missing-blob', message: `${record.fileName} has no document model in the workspace (not extracted yet, or purged).` } };
  const hit = models.get(record.modelBlob);
  if (hit) return { ok: true, value: hit };
  const read = await readJsonBlob<Document>(ws.blobs, record.modelBlob);
  if (read.ok) {
    if (models.size >= 64) models.delete(models.keys().next().value as string);
    models.set(record.modelBlob, read.value);
  }
  return read;
}

/** The latest send-back of a document, for the banner on its page. */
export async function latestSendBack(ws: Workspace, documentId: string): Promise<{ by: string; at: string; comment: string } | undefined> {
  const row = await ws.db
    .selectFrom('review_decisions')
    .select(['actor', 'at', 'comment'])
    .where('document_id', '=', documentId)
    .where('action', '=', 'document.sent_back')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && { by: row.actor, at: row.at, comment: row.comment ?? '' };
}

/**
 * A number that grows with every change a reviewer can see: each state move,
 * decision, added redaction and login writes one audit entry. Pages that are
 * the same for every viewer are cached against it.
 */
export function workspaceVersion(ws: Workspace): Promise<number> {
  return auditVersion(ws);
}

/**
 * @module
 * The review app's reads over the workspace that the workspace modules do not
 * offer as such: the queue with per-category counts in one query, the document
 * model (cached by its content hash, since blobs never change). Writes all go
 * through the workspace modules.
 */
import type { Document } from '../model/types.ts';
import type { Result } from '../problems.ts';
import { readJsonBlob } from '../workspace/blobs.ts';
import type { DocumentRecord } from '../workspace/documents.ts';
import type { DocumentState } from '../workspace/states.ts';
import type { Workspace } from '../workspace/workspace.ts';
import type { QueueFilters, QueueRow, QueueSort } from './views/queue.ts';

/** States the queue shows when no state filter is chosen. */
export const WAITING_STATES: readonly DocumentState[] = ['in_review', 'sent_back'];
/** States the queue can be filtered by. */
export const REVIEW_STATES: readonly DocumentState[] = ['in_review', 'sent_back', 'approved', 'published'];

const ORDER: Record<QueueSort, string> = {
  age: 'd.created_at',
  pages: 'd.page_count',
  findings: 'findings',
  undecided: 'pending',
};

/** Documents in the queue with their counts per category, who holds each, and how old it is; at most 2,000. */
export function queueRows(ws: Workspace, filters: QueueFilters & { sort?: QueueSort; desc?: boolean }): QueueRow[] {
  const states = filters.state && (REVIEW_STATES as readonly string[]).includes(filters.state) ? [filters.state] : [...WAITING_STATES];
  const where = [`d.state IN (${states.map(() => '?').join(', ')})`];
  const args: string[] = [...states];
  if (filters.batch) (where.push('d.batch_id = ?'), args.push(filters.batch));
  if (filters.category) (where.push('EXISTS (SELECT 1 FROM redactions x WHERE x.document_id = d.id AND x.category = ?)'), args.push(filters.category));
  const docs = ws.db
    .prepare(
      `SELECT d.id, d.batch_id, d.file_name, d.state, d.page_count, d.created_at, d.updated_at, b.name AS batch_name, b.created_by AS batch_by,
         (SELECT COUNT(*) FROM redactions r WHERE r.document_id = d.id) AS findings,
         (SELECT COUNT(*) FROM redactions r WHERE r.document_id = d.id AND r.decision = 'proposed') AS pending,
         (SELECT CASE WHEN c.action = 'document.claimed' THEN COALESCE(c.comment, c.actor) END FROM review_decisions c
            WHERE c.document_id = d.id AND c.action IN ('document.claimed', 'document.released') ORDER BY c.id DESC LIMIT 1) AS claimed_by
       FROM documents d JOIN batches b ON b.id = d.batch_id WHERE ${where.join(' AND ')}
       ORDER BY ${ORDER[filters.sort ?? 'age']} ${filters.desc ? 'DESC' : 'ASC'}, d.created_at, d.id LIMIT 2000`,
    )
    .all(...args) as { id: string; batch_id: string; file_name: string; state: string; page_count: number | null; created_at: string; updated_at: string; batch_name: string; batch_by: string; findings: number; pending: number; claimed_by: string | null }[];
  if (docs.length === 0) return [];
  const counts = ws.db
    .prepare(
      `SELECT r.document_id AS id, r.category AS category, COUNT(*) AS n
       FROM redactions r JOIN documents d ON d.id = r.document_id WHERE ${where.join(' AND ')} GROUP BY r.document_id, r.category`,
    )
    .all(...args) as { id: string; category: string; n: number }[];
  const byDoc = new Map<string, Record<string, number>>();
  for (const c of counts) byDoc.set(c.id, { ...(byDoc.get(c.id) ?? {}), [c.category]: c.n });
  return docs.map((d) => ({
    id: d.id,
    fileName: d.file_name,
    batchId: d.batch_id,
    batchName: d.batch_name,
    batchBy: d.batch_by,
    state: d.state,
    pageCount: d.page_count ?? 0,
    counts: byDoc.get(d.id) ?? {},
    findings: d.findings,
    pending: d.pending,
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
export function latestSendBack(ws: Workspace, documentId: string): { by: string; at: string; comment: string } | undefined {
  const row = ws.db.prepare("SELECT actor, at, comment FROM review_decisions WHERE document_id = ? AND action = 'document.sent_back' ORDER BY id DESC LIMIT 1").get(documentId) as
    | { actor: string; at: string; comment: string | null }
    | undefined;
  return row && { by: row.actor, at: row.at, comment: row.comment ?? '' };
}

/**
 * A number that grows with every change a reviewer can see: each state move,
 * decision, added redaction and login writes one audit entry. Pages that are
 * the same for every viewer are cached against it.
 */
export function workspaceVersion(ws: Workspace): number {
  const row = ws.db.prepare('SELECT seq FROM audit_head WHERE id = 1').get() as { seq: number } | undefined;
  return row?.seq ?? 0;
}

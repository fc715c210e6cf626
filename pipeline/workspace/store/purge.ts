/**
 * @module
 * Secure disposal after release on the workspace interface; the plan is
 * ../purge.ts's `purgeCandidates`. Blobs are disposed of by the blob store
 * (files: overwritten and unlinked; S3: deleted, with encryption at rest
 * covering the old copies). SQLite overwrites deleted rows (secure_delete) and
 * truncates its write-ahead log; PostgreSQL leaves dead row versions until
 * VACUUM reuses their space, so the matched text blanked here may persist on
 * its disk for a while: run it on an encrypted volume.
 */
import { sql } from 'kysely';
import { appendAudit } from './audit.ts';
import { listDocuments } from './documents.ts';
import type { DocumentRecord } from './documents.ts';
import { nowIso, transaction } from './workspace.ts';
import type { Workspace } from './workspace.ts';

export interface PurgeItem {
  documentId: string;
  path: string;
  blob: string;
  kind: 'original' | 'model' | 'render' | 'intermediate';
  bytes: number;
}

export interface PurgePlan {
  documents: DocumentRecord[];
  items: PurgeItem[];
  /** Blobs shared with documents that stay, so kept. */
  sharedKept: number;
}

export interface CheckpointRow {
  sha256: string;
  output: string;
}

/** Every blob hash mentioned in a checkpoint output (its string values that look like SHA-256). */
function blobsIn(output: string): string[] {
  return [...output.matchAll(/"([0-9a-f]{64})"/g)].map((m) => m[1]);
}

/** What a purge plan is computed from: every document, every cached render, every checkpoint. */
export interface PurgeFacts {
  documents: readonly DocumentRecord[];
  /** Cached renders: the page's document and the blob, in page order. */
  renders: readonly { id: string; b: string }[];
  checkpoints: readonly CheckpointRow[];
}

/**
 * The plan, before checking which blobs still exist: the documents released
 * before the date, the blobs only they use, and how many shared ones stay.
 * The one planner both adapters run.
 */
export function purgeCandidates(facts: PurgeFacts, releasedBefore: Date): PurgePlan {
  const cutoff = releasedBefore.toISOString();
  const documents = facts.documents.filter((d) => d.state === 'published' && d.publishedAt !== null && d.publishedAt < cutoff && d.purgedAt === null);
  const purging = new Set(documents.map((d) => d.id));
  const purgingShas = new Set(documents.map((d) => d.sha256).filter((s): s is string => s !== null));
  const keep = new Set<string>();
  for (const d of facts.documents) {
    const mine = purging.has(d.id);
    // Outputs always stay; everything of a document that is not purged stays.
    for (const b of mine ? [d.artifactBlob, d.verifyBlob] : [d.originalBlob, d.modelBlob, d.artifactBlob, d.verifyBlob]) if (b) keep.add(b);
  }
  for (const r of facts.renders) if (!purging.has(r.id)) keep.add(r.b);
  // A document outside the purge that still has these bytes keeps their checkpoints.
  const stillUsing = (sha256: string) => facts.documents.some((d) => d.sha256 === sha256 && !purging.has(d.id));
  for (const c of facts.checkpoints) if (!purgingShas.has(c.sha256) || stillUsing(c.sha256)) blobsIn(c.output).forEach((b) => keep.add(b));

  const items: PurgeItem[] = [];
  const seen = new Set<string>();
  let sharedKept = 0;
  const consider = (d: DocumentRecord, blob: string | null, kind: PurgeItem['kind']) => {
    if (!blob || seen.has(blob)) return;
    seen.add(blob);
    if (keep.has(blob)) {
      if (kind !== 'intermediate') sharedKept++;
      return;
    }
    items.push({ documentId: d.id, path: d.path, blob, kind, bytes: 0 });
  };
  for (const d of documents) {
    consider(d, d.originalBlob, 'original');
    consider(d, d.modelBlob, 'model');
    for (const r of facts.renders) if (r.id === d.id) consider(d, r.b, 'render');
    for (const c of facts.checkpoints.filter((c) => c.sha256 === d.sha256)) for (const b of blobsIn(c.output)) consider(d, b, 'intermediate');
  }
  return { documents, items, sharedKept };
}


export async function planPurge(ws: Workspace, releasedBefore: Date): Promise<PurgePlan> {
  const plan = purgeCandidates(
    {
      documents: await listDocuments(ws),
      renders: (await ws.db.selectFrom('pages').select(['document_id as id', 'render_blob as b']).where('render_blob', 'is not', null).orderBy('document_id').orderBy('number').execute()) as { id: string; b: string }[],
      checkpoints: await ws.db.selectFrom('checkpoints').select(['sha256', 'output']).execute(),
    },
    releasedBefore,
  );
  const items: PurgeItem[] = [];
  for (const item of plan.items) if (await ws.blobs.has(item.blob)) items.push(item);
  return { ...plan, items };
}

/** Carries out a plan: each blob disposed of and audited, then the rows cleaned, per document. */
export async function executePurge(ws: Workspace, plan: PurgePlan, actor: string): Promise<PurgeItem[]> {
  const done: PurgeItem[] = [];
  // Deleted database content is overwritten, not just unlinked from the b-tree.
  if (ws.kind === 'sqlite') await sql`PRAGMA secure_delete = ON`.execute(ws.db);
  const purging = new Set(plan.documents.map((p) => p.id));
  for (const d of plan.documents) {
    for (const item of plan.items.filter((i) => i.documentId === d.id)) {
      const bytes = await ws.blobs.dispose(item.blob);
      await appendAudit(ws, { actor, action: 'blob.disposed', subject: d.id, details: { blob: item.blob, kind: item.kind, bytes } });
      done.push({ ...item, bytes });
    }
    await transaction(ws, async (tx) => {
      await tx.db.updateTable('findings').set({ text: '' }).where('document_id', '=', d.id).execute();
      await tx.db.updateTable('pages').set({ render_blob: null }).where('document_id', '=', d.id).execute();
      if (d.sha256) {
        const others = await tx.db.selectFrom('documents').select('id').where('sha256', '=', d.sha256).execute();
        if (!others.some((r) => !purging.has(r.id))) await tx.db.deleteFrom('checkpoints').where('sha256', '=', d.sha256).execute();
      }
      await tx.db.updateTable('documents').set({ purged_at: nowIso(), updated_at: nowIso() }).where('id', '=', d.id).execute();
      await appendAudit(tx, { actor, action: 'document.purged', subject: d.id, details: { path: d.path, blobs: done.filter((i) => i.documentId === d.id).length } });
    });
  }
  // Old pages of the database may still sit in the write-ahead log.
  if (ws.kind === 'sqlite') await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(ws.db);
  return done;
}

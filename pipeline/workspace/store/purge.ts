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
import { purgeCandidates } from '../purge.ts';
import type { PurgeItem, PurgePlan } from '../purge.ts';
import { appendAudit } from './audit.ts';
import { listDocuments } from './documents.ts';
import { nowIso, transaction } from './workspace.ts';
import type { Workspace } from './workspace.ts';

export type { PurgeItem, PurgePlan };

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

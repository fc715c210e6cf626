/**
 * @module
 * Secure disposal after release: for documents published before a date, the
 * original, the extracted text, cached page renders and the batch's
 * intermediate files (proposed artifact, logs) are overwritten and deleted,
 * and the matched text of their findings is blanked in the database. The
 * approved artifact, its verify report, the redaction rows, approvals and the
 * audit log stay. A blob still used by a document that is not being purged
 * (the same bytes in another batch) is kept. Every removal is audited.
 */
import { appendAudit } from './audit-log.ts';
import { disposeBlob, hasBlob } from './blobs.ts';
import { nowIso, transaction } from './database.ts';
import { listDocuments } from './documents.ts';
import type { DocumentRecord } from './documents.ts';
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
      documents: listDocuments(ws),
      renders: ws.db.prepare('SELECT document_id AS id, render_blob AS b FROM pages WHERE render_blob IS NOT NULL ORDER BY document_id, number').all() as { b: string; id: string }[],
      checkpoints: ws.db.prepare('SELECT sha256, output FROM checkpoints').all() as unknown as CheckpointRow[],
    },
    releasedBefore,
  );
  // Only what is still stored is disposed of (a blob may be gone already).
  const stored = await Promise.all(plan.items.map((i) => hasBlob(ws.blobs, i.blob)));
  return { ...plan, items: plan.items.filter((_, i) => stored[i]) };
}

/** Whether a document outside the purge still has these bytes (then its checkpoints stay). */
function documentsStillUsing(ws: Workspace, sha256: string, purging: Set<string>): boolean {
  return (ws.db.prepare('SELECT id FROM documents WHERE sha256 = ?').all(sha256) as { id: string }[]).some((r) => !purging.has(r.id));
}

/** Carries out a plan: each blob disposed of and audited, then the rows cleaned, per document. */
export async function executePurge(ws: Workspace, plan: PurgePlan, actor: string): Promise<PurgeItem[]> {
  const done: PurgeItem[] = [];
  // Deleted database content is overwritten, not just unlinked from the b-tree.
  ws.db.exec('PRAGMA secure_delete = ON');
  for (const d of plan.documents) {
    for (const item of plan.items.filter((i) => i.documentId === d.id)) {
      const bytes = await disposeBlob(ws.blobs, item.blob);
      appendAudit(ws, { actor, action: 'blob.disposed', subject: d.id, details: { blob: item.blob, kind: item.kind, bytes } });
      done.push({ ...item, bytes });
    }
    transaction(ws.db, () => {
      ws.db.prepare("UPDATE findings SET text = '' WHERE document_id = ?").run(d.id);
      ws.db.prepare('UPDATE pages SET render_blob = NULL WHERE document_id = ?').run(d.id);
      if (d.sha256 && !documentsStillUsing(ws, d.sha256, new Set(plan.documents.map((p) => p.id)))) ws.db.prepare('DELETE FROM checkpoints WHERE sha256 = ?').run(d.sha256);
      ws.db.prepare('UPDATE documents SET purged_at = ?, updated_at = ? WHERE id = ?').run(nowIso(), nowIso(), d.id);
      appendAudit(ws, { actor, action: 'document.purged', subject: d.id, details: { path: d.path, blobs: done.filter((i) => i.documentId === d.id).length } });
    });
  }
  // Old pages of the database may still sit in the write-ahead log.
  ws.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  return done;
}

/**
 * @module
 * What the scaled mode keeps per batch besides the workspace tables, in its
 * own PostgreSQL table `daylight_job_batches`: the policy the workers apply
 * (as a blob, so every machine reads the same rules), when ingestion ended, and
 * the row every transaction that moves a document out of `queued` locks first.
 *
 * The lock is what makes "the whole batch is extracted" visible exactly once:
 * two workers finishing the last two extractions commit one after the other,
 * and the second sees the first's move, so one of them enqueues the group
 * stage (detection) and neither misses it. Group jobs have ids derived from
 * their documents, so a repeat enqueue is ignored.
 */
import { groupByPages } from '../batch/run-batch.ts';
import type { GroupStage } from '../batch/stage.ts';
import { sha256Hex } from '../workspace/blobs.ts';
import { listDocuments, transaction } from '../workspace/store/index.ts';
import type { Workspace } from '../workspace/store/index.ts';
import { jobPriority } from './queue.ts';
import type { JobQueue, SqlExecutor } from './queue.ts';

const TABLE = 'daylight_job_batches';

/** The transaction's connection for pg-boss. */
export function executor(tx: Workspace): SqlExecutor {
  return { executeSql: (text, values) => tx.sql(text, values ?? []) };
}

/** Creates the table once per database (an advisory lock keeps two processes from racing on it). */
export async function ensureJobTables(ws: Workspace): Promise<void> {
  await transaction(ws, async (tx) => {
    await tx.sql('SELECT pg_advisory_xact_lock(hashtext($1))', [TABLE]);
    await tx.sql(`CREATE TABLE IF NOT EXISTS ${TABLE} (
      batch_id text PRIMARY KEY,
      policy_blob text NOT NULL,
      ingested_at timestamptz,
      enqueued_at timestamptz NOT NULL DEFAULT now()
    )`);
  });
}

export interface JobBatch {
  batchId: string;
  policyBlob: string;
  ingestedAt: string | null;
}

/** Records (or updates) the batch's policy; ingestion starts over (a rerun adds files). */
export async function startJobBatch(ws: Workspace, batchId: string, policyBlob: string): Promise<void> {
  await ws.sql(`INSERT INTO ${TABLE} (batch_id, policy_blob) VALUES ($1, $2) ON CONFLICT (batch_id) DO UPDATE SET policy_blob = EXCLUDED.policy_blob, ingested_at = NULL`, [batchId, policyBlob]);
}

export async function getJobBatch(ws: Workspace, batchId: string): Promise<JobBatch | undefined> {
  const { rows } = await ws.sql(`SELECT batch_id, policy_blob, ingested_at FROM ${TABLE} WHERE batch_id = $1`, [batchId]);
  const r = rows[0];
  if (!r) return undefined;
  return { batchId: String(r.batch_id), policyBlob: String(r.policy_blob), ingestedAt: r.ingested_at ? new Date(r.ingested_at as string).toISOString() : null };
}

/** Inside a transaction: waits for, then holds, the batch's row until commit. */
export async function lockJobBatch(tx: Workspace, batchId: string): Promise<JobBatch | undefined> {
  await tx.sql(`SELECT 1 FROM ${TABLE} WHERE batch_id = $1 FOR UPDATE`, [batchId]);
  return getJobBatch(tx, batchId);
}

/** Every file of the folder is in the workspace: the group stage may start once nothing is left in `queued`. */
export async function markIngested(tx: Workspace, batchId: string): Promise<void> {
  await tx.sql(`UPDATE ${TABLE} SET ingested_at = now() WHERE batch_id = $1`, [batchId]);
}

/**
 * Inside a transaction holding the batch's lock: when the batch is ingested and no document is
 * left before the group stage, enqueues one job per group of documents waiting for it.
 * Returns how many group jobs were new.
 */
export async function enqueueGroupsIfReady(tx: Workspace, queue: JobQueue, batchId: string, stage: GroupStage): Promise<number> {
  const batch = await getJobBatch(tx, batchId);
  if (!batch?.ingestedAt) return 0;
  // Every extraction's commit asks: one indexed row, not the batch's whole listing (a batch of
  // 100,000 documents would list them all 100,000 times, each time holding the batch's lock).
  const queued = await tx.db.selectFrom('documents').select('id').where('batch_id', '=', batchId).where('state', '=', 'queued').limit(1).executeTakeFirst();
  if (queued) return 0;
  const all = await listDocuments(tx, { batchId });
  if (all.some((d) => d.state === 'queued')) return 0;
  const waiting = new Set(all.filter((d) => d.state === stage.from).map((d) => d.id));
  if (waiting.size === 0) return 0;
  // The same context as the embedded batch: every document of the batch that has a model.
  const context = all.filter((d) => d.modelBlob !== null && d.state !== 'duplicate' && d.state !== 'failed');
  let sent = 0;
  for (const group of groupByPages(context, stage.groupPages)) {
    const needed = group.filter((d) => waiting.has(d.id));
    if (needed.length === 0) continue;
    const key = `${batchId}/${stage.id}/${sha256Hex(group.map((d) => `${d.id}:${d.updatedAt}`).join('\n'))}`;
    if (await queue.send({ batchId, stage: stage.id, group: group.map((d) => d.id) }, key, executor(tx), jobPriority(needed, stage.from))) sent++;
  }
  return sent;
}

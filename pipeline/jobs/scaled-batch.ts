/**
 * @module
 * `daylight batch DIR` in the scaled mode (`DAYLIGHT_DATABASE_URL` set): the
 * command ingests the folder as the embedded batch does (hash, store the
 * originals, spot duplicates), then, instead of running the stages itself,
 * enqueues each queued document's first stage and reports progress read from
 * the database while `daylight worker` processes do the work.
 *
 * Enqueueing is idempotent: job ids come from (document, stage, the
 * document's last change), the same ids the workers' transactions use, so a
 * rerun re-sends exactly the jobs a document is waiting for and no others.
 */
import { listDocuments, transaction } from '../workspace/store/index.ts';
import type { Batch, DocumentRecord, Workspace } from '../workspace/store/index.ts';
import { putJsonBlob } from '../workspace/blobs.ts';
import { PIPELINE_STATES } from '../workspace/states.ts';
import type { DocumentState } from '../workspace/states.ts';
import type { GroupStage, Stage } from '../batch/stage.ts';
import type { Policy } from '../../redaction/policy/types.ts';
import { enqueueGroupsIfReady, ensureJobTables, executor, lockJobBatch, markIngested, startJobBatch } from './batches.ts';
import { jobPriority } from './queue.ts';
import type { JobQueue } from './queue.ts';

export interface ScaledProgress {
  /** Documents per state, from the database. */
  counts: Partial<Record<DocumentState, number>>;
  total: number;
  /** Documents no longer moving (ready for review or beyond, failed, duplicate). */
  done: number;
  failed: number;
  /** Pages extracted so far. */
  pages: number;
}

/** Before the workers start: the table, the policy every worker will apply. */
export async function prepareScaledBatch(ws: Workspace, batch: Batch, policy: Policy): Promise<void> {
  await ensureJobTables(ws);
  const policyBlob = await putJsonBlob(ws.blobs, policy);
  if (!policyBlob.ok) throw new Error(policyBlob.problem.message);
  await startJobBatch(ws, batch.id, policyBlob.value);
}

/** The stage a document in `state` waits for, if any. */
function stageAfter(stages: readonly Stage[], state: DocumentState): Stage | undefined {
  return stages.find((s) => s.from === state);
}

/** Jobs sent per transaction when a batch is queued. */
const SEND_CHUNK = 500;

/**
 * After ingestion: one job per waiting document (a known job is ignored), then the batch is
 * marked ingested. Biggest first, in transactions of `SEND_CHUNK` jobs: the workers' first
 * fetch sees the biggest documents together, rather than whichever job was sent first.
 */
export async function enqueueBatch(ws: Workspace, queue: JobQueue, batch: Batch, stages: readonly Stage[]): Promise<number> {
  let sent = 0;
  const documents = await listDocuments(ws, { batchId: batch.id });
  const jobs = documents
    .map((d) => ({ d, stage: stageAfter(stages, d.state) }))
    .filter((j): j is { d: DocumentRecord; stage: Stage } => j.stage?.scope === 'document')
    .map(({ d, stage }) => ({ job: { batchId: batch.id, stage: stage.id, documentId: d.id }, key: `${d.id}/${stage.id}/${d.updatedAt}`, priority: jobPriority([d], stage.from, stage.scope === 'document' && stage.light === true) }))
    .sort((a, b) => b.priority - a.priority);
  for (let i = 0; i < jobs.length; i += SEND_CHUNK) {
    await transaction(ws, async (tx) => {
      for (const j of jobs.slice(i, i + SEND_CHUNK)) if (await queue.send(j.job, j.key, executor(tx), j.priority)) sent++;
    });
  }
  const group = stages.find((s): s is GroupStage => s.scope === 'group');
  await transaction(ws, async (tx) => {
    await lockJobBatch(tx, batch.id);
    await markIngested(tx, batch.id);
    if (group) sent += await enqueueGroupsIfReady(tx, queue, batch.id, group);
  });
  return sent;
}

const MOVING: ReadonlySet<DocumentState> = new Set(PIPELINE_STATES);

/**
 * One indexed query a poll: documents per state and their pages. The pages come from the
 * documents' page counts, which extraction sets in the transaction that stores the pages, not
 * from counting the pages table (a join that grows with the batch, every second).
 */
export async function scaledProgress(ws: Workspace, batch: Batch, finalState: DocumentState): Promise<ScaledProgress> {
  const rows = await ws.db
    .selectFrom('documents')
    .select((eb) => ['state', eb.fn.countAll().as('n'), eb.fn.sum<number | string | null>('page_count').as('pages')])
    .where('batch_id', '=', batch.id)
    .groupBy('state')
    .execute();
  const counts: Partial<Record<DocumentState, number>> = {};
  let total = 0;
  let done = 0;
  let pages = 0;
  for (const r of rows) {
    const state = r.state as DocumentState;
    const n = Number(r.n);
    counts[state] = n;
    total += n;
    pages += Number(r.pages ?? 0);
    if (!MOVING.has(state) || state === finalState) done += n;
  }
  return { counts, total, done, failed: counts.failed ?? 0, pages };
}

/** Waits until no document of the batch is still moving through the stages, reporting each change. */
export async function waitForBatch(ws: Workspace, batch: Batch, finalState: DocumentState, options: { signal?: AbortSignal; pollMs?: number; onProgress(p: ScaledProgress): void }): Promise<ScaledProgress> {
  let last = '';
  for (;;) {
    const progress = await scaledProgress(ws, batch, finalState);
    const shown = JSON.stringify([progress.counts, progress.pages]);
    if (shown !== last) options.onProgress(progress);
    last = shown;
    if (progress.done >= progress.total || options.signal?.aborted) return progress;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 1000));
  }
}

export type { DocumentRecord };

/** What `runBatch` hands the code that runs its stages (the embedded loop, or this). */
export interface StageRunnerArgs {
  ws: Workspace;
  batch: Batch;
  policy: Policy;
  stages: readonly Stage[];
  /** Progress in the batch's own terms (documents done of total, failed). */
  report(progress: { stage: string; documentsDone: number; documentsTotal: number; failed: number; pagesDone: number }): void;
}

/**
 * The scaled mode's way to run a batch's stages: hand them to the workers and
 * wait. Ingestion has already stored every document (`runBatch`).
 */
export function runStagesOnWorkers(queue: JobQueue, options: { pollMs?: number; signal?: AbortSignal } = {}): (args: StageRunnerArgs) => Promise<void> {
  return async ({ ws, batch, policy, stages, report }) => {
    await prepareScaledBatch(ws, batch, policy);
    await enqueueBatch(ws, queue, batch, stages);
    const finalState = stages[stages.length - 1]?.to ?? 'queued';
    await waitForBatch(ws, batch, finalState, {
      pollMs: options.pollMs,
      signal: options.signal,
      onProgress: (p) => report({ stage: waitingLabel(p), documentsDone: p.done, documentsTotal: p.total, failed: p.failed, pagesDone: p.pages }),
    });
  };
}

/** "Workers: 3 extracting, 2 redacting" style label from the counts. */
function waitingLabel(p: ScaledProgress): string {
  const moving = PIPELINE_STATES.filter((s) => (p.counts[s] ?? 0) > 0).map((s) => `${p.counts[s]} ${s}`);
  return moving.length ? `Workers (${moving.join(', ')})` : 'Workers';
}

/**
 * @module
 * `daylight worker`: takes (document, stage) jobs from the queue and runs the
 * batch's stages (`pipeline/batch/stages.ts`, the same list as the embedded
 * batch) on a PostgreSQL workspace. Any number of workers on any number of
 * machines share one database and one blob store.
 *
 * One job = fetch → heartbeat every half heartbeat → run the stage (or replay
 * its checkpoint) → ONE transaction: checkpoint, the stage's rows, the
 * compare-and-set state move with its audit entry, the next stage's job and
 * this job's completion. So:
 * - a worker killed before the commit leaves nothing behind; its job's
 *   heartbeat stops, the queue fails it and another worker runs it again;
 * - a job delivered twice moves the document once: the second compare-and-set
 *   finds the document already moved, rolls back and completes the job;
 * - a document's own problem (a corrupt file) fails that document at once;
 *   a thrown error or an unreachable store is retried with backoff, and the
 *   last attempt (or the dead-letter queue, for a worker that kept dying)
 *   fails the document with its code;
 * - crashes are counted as in the embedded batch (`../batch/attempts.ts`): each
 *   attempt is marked as started until it comes back, so a worker that dies
 *   (kill -9, out of memory, a native crash) leaves its mark open and the next
 *   delivery counts a crash of that document; after a crash the document runs
 *   alone in its worker, and after two it fails with `input.crashed` instead of
 *   killing a third worker. A stray error (a library's rejection nobody awaits)
 *   with one job in flight fails that document; with several it fails none:
 *   each runs again alone, where the error has one owner.
 */
import { readJsonBlob, sha256Hex } from '../workspace/blobs.ts';
import { getBatch, getCheckpoint, getDocument, putCheckpoint, setState, transaction } from '../workspace/store/index.ts';
import type { Batch, CheckpointKey, DocumentRecord, Workspace } from '../workspace/store/index.ts';
import type { Problem, ProblemCode, Result } from '../problems.ts';
import type { OcrEngine } from '../ocr/engine.ts';
import { threadPool } from '../threads/task-pool.ts';
import type { TaskPool } from '../threads/task-pool.ts';
import { checkpointKey, crashed, strayWatch } from '../batch/run-batch.ts';
import type { Attempt } from '../batch/run-batch.ts';
import { MAX_CRASHES, claimAttempt, clearAttempt, markAttemptStarted, recordCrash } from '../batch/attempts.ts';
import { TaskFailure } from '../threads/task-pool.ts';
import type { DocumentStage, GroupStage, Stage, StageContext } from '../batch/stage.ts';
import { policyHash as hashPolicy } from '../batch/keys.ts';
import type { Policy } from '../../redaction/policy/types.ts';
import { enqueueGroupsIfReady, executor, getJobBatch, lockJobBatch } from './batches.ts';
import { DEAD_QUEUE, STAGE_QUEUE, jobPriority } from './queue.ts';
import { warmUp } from './warm-up.ts';
import type { JobQueue, QueueJob, QueueJobWithMetadata } from './queue.ts';

export interface WorkerOptions {
  ws: Workspace;
  queue: JobQueue;
  stages: readonly Stage[];
  /** Jobs run at once in this process (default 1: run more workers to use more cores). */
  concurrency?: number;
  createOcr?: (workers: number) => Promise<OcrEngine>;
  limits: StageContext['limits'];
  workerMemoryMb?: number;
  /** Who the audit log names for the state moves. */
  actor: string;
  /** Stops taking jobs; jobs in hand finish. */
  signal: AbortSignal;
  /** Progress and trouble, one line each (stderr). */
  log(line: string): void;
  /**
   * Idle poll interval. Default 1 s while the queue's notices wake an idle worker (a job sent by
   * any commit starts at once; the poll only catches what sends no notice: a retry's delay ending,
   * a job the queue's monitor failed), else 200 ms (a job sent while every worker was idle waits
   * at most this long).
   */
  pollMs?: number;
  /** Loads the OCR engine and the extraction thread before the first job (`warm-up.ts`). */
  warm?: boolean;
  /** Called once, when the worker starts taking jobs (after its warm-up). */
  onReady?(): void;
  /** Stop once the queue has been empty this long (tests, benchmarks); default: run until the signal. */
  exitWhenIdleMs?: number;
}

export interface WorkerSummary {
  jobs: number;
  moved: number;
  failedDocuments: number;
  retried: number;
  duplicates: number;
}

/** Problems of the machinery rather than of the document: worth another attempt. */
const RETRYABLE: ReadonlySet<ProblemCode> = new Set<ProblemCode>(['blobs.unavailable', 'workspace.busy', 'workspace.write-failed', 'workspace.disk-full', 'jobs.unavailable']);

/** A busy worker looks at the dead-letter queue at least this often (an idle one at every poll). */
const DEAD_QUEUE_EVERY_MS = 5000;

/** Jobs past their thread work (committing, or of a light stage) a worker keeps in flight beside its working ones. */
const MAX_BESIDE = 3;

/**
 * Stages whose attempts are not marked started (`../batch/attempts.ts`) and whose checkpoint is not
 * read before they run: the light ones (no thread work: verify judges the report the redact stage
 * stored, queue does nothing). The marks count the crashes a document causes, so that a file that
 * kills its worker's parser runs alone once and then fails instead of killing more workers; a light
 * stage parses no document's bytes. A worker that dies in one all the same leaves its job to the
 * queue: the heartbeat lapses, another worker runs it again, and once the retries are spent the
 * dead-letter queue fails the document with input.crashed (`runDeadJob`). Its effects stay exactly
 * once: they commit in one transaction with the compare-and-set state move, as every stage's do.
 * Measured: a light job's statements went from about 25 to 14 (two transactions of 5 fewer, and the
 * checkpoint read), at about 1.4 ms of CPU each, client and server (README, scaled mode).
 */
const unmarked = (stage: DocumentStage) => stage.light === true;

/** Thrown inside the state-move transaction to roll it back: another delivery got there first. */
class AlreadyMoved extends Error {}

interface BatchContext {
  batch: Batch;
  policy: Policy;
  policyHash: string;
}

/** Resolves after `ms`, or at once when `signal` aborts; its abort listener goes with it (the idle loop sleeps often). */
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

/**
 * The order a group stage's waiting documents (indices into `group`) are committed in: the
 * longest next stage first, by pages, then bytes (a scan's page costs its redaction more than a
 * text page), then the group's own order. At the batch's barrier every other worker waits for
 * these commits, and the batch ends when the last redaction does: started first, the longest
 * one no longer decides the batch's end alone on one worker while the others stand idle (the
 * queue's priority already hands out the biggest of the jobs waiting; this decides which jobs
 * wait first).
 */
export function commitOrder(group: readonly DocumentRecord[], waiting: ReadonlySet<string>): number[] {
  return group
    .flatMap((d, i) => (waiting.has(d.id) ? [i] : []))
    .sort((a, b) => (group[b].pageCount ?? 0) - (group[a].pageCount ?? 0) || (group[b].byteLength ?? 0) - (group[a].byteLength ?? 0) || a - b);
}

export async function runWorker(options: WorkerOptions): Promise<WorkerSummary> {
  const { ws, queue, stages, log } = options;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const tasks: TaskPool = threadPool(concurrency, { memoryMb: options.workerMemoryMb });
  let ocr: Promise<OcrEngine> | undefined;
  const batches = new Map<string, Promise<BatchContext>>();
  const summary: WorkerSummary = { jobs: 0, moved: 0, failedDocuments: 0, retried: 0, duplicates: 0 };
  const byId = new Map(stages.map((s) => [s.id, s]));
  const next = (stage: Stage) => stages[stages.indexOf(stage) + 1];
  const groupStage = stages.find((s): s is GroupStage => s.scope === 'group');

  const batchContext = (batchId: string): Promise<BatchContext> => {
    let found = batches.get(batchId);
    if (!found) {
      found = (async () => {
        const jobBatch = await getJobBatch(ws, batchId);
        const batch = await getBatch(ws, batchId);
        if (!jobBatch || !batch) throw new Error(`batch ${batchId} is not in the database`);
        const policy = await readJsonBlob<Policy>(ws.blobs, jobBatch.policyBlob);
        if (!policy.ok) throw new Error(policy.problem.message);
        return { batch, policy: policy.value, policyHash: hashPolicy(policy.value) };
      })();
      found.catch(() => batches.delete(batchId));
      batches.set(batchId, found);
    }
    return found;
  };

  /** `token`: the job the context is for (a document stage's `threadsDone` frees its slot). */
  const contextFor = (b: BatchContext, token?: object): StageContext => ({
    ws,
    batch: b.batch,
    policy: b.policy,
    policyHash: b.policyHash,
    getOcr: () => {
      if (!options.createOcr) return Promise.reject(new Error('this worker was started without an OCR engine'));
      ocr ??= options.createOcr(concurrency);
      return ocr;
    },
    onPage: () => {},
    tasks,
    limits: options.limits,
    // The job's thread work is over: the loop fetches the next job now, as it does once a job
    // commits, and the next job's thread work overlaps this one's blob writes, detection scan and
    // commit (main thread and database). A job run alone keeps the worker to itself all the same
    // (`alone` stops the fetching; `busy` still holds it until it ends).
    threadsDone: token ? () => committing(token) : undefined,
  });

  const strays = strayWatch();
  /** Jobs of this worker doing work now (not waiting to run alone). */
  const busy = new Set<object>();
  /**
   * Jobs whose stage has run and which are committing now: the loop fetches the next job
   * meanwhile, so a worker's next job starts while its last one commits (the commit waits on
   * the database, not on this process's cores).
   */
  const finishing = new Set<object>();
  let wake = () => {};
  const committing = (token: object) => {
    finishing.add(token);
    wake();
  };
  /** Jobs waiting for, or in, their turn to run alone; no new job is taken meanwhile. */
  let alone = 0;
  let aloneTurn: Promise<void> = Promise.resolve();
  const runAlone = async <T>(token: object, fn: () => Promise<T>): Promise<T> => {
    busy.delete(token);
    alone++;
    const previous = aloneTurn;
    let done = () => {};
    aloneTurn = new Promise<void>((resolve) => (done = resolve));
    try {
      await previous;
      while (busy.size > 0) await sleep(50);
      busy.add(token);
      return await fn();
    } finally {
      alone--;
      done();
    }
  };

  /**
   * Moving a document out of `queued` may complete the batch's extraction: lock the batch's row,
   * then check. Taken after the state move, just before commit, so extractions finishing
   * together queue on the row only for the check and the commit, not for their writes. Whoever
   * gets the row second sees the other's move committed (READ COMMITTED reads a fresh snapshot
   * per statement), so exactly one of them finds nothing left in `queued`.
   */
  const afterLeavingQueued = async (tx: Workspace, batchId: string, from: string) => {
    if (from !== 'queued' || !groupStage) return;
    await lockJobBatch(tx, batchId);
    const sent = await enqueueGroupsIfReady(tx, queue, batchId, groupStage);
    if (sent > 0) log(`batch ${batchId}: every document is extracted; ${sent} ${groupStage.id} job${sent === 1 ? '' : 's'} queued`);
  };

  /** Sends the job of the stage after `stage` for a document that just reached `stage.to`. */
  const sendNext = async (tx: Workspace, stage: Stage, moved: DocumentRecord) => {
    const following = next(stage);
    if (!following || following.scope !== 'document' || moved.state !== stage.to) return;
    await queue.send({ batchId: moved.batchId, stage: following.id, documentId: moved.id }, `${moved.id}/${following.id}/${moved.updatedAt}`, executor(tx), jobPriority([moved], following.from, following.light === true));
  };

  /** Fails documents with a problem, completing the job, in one transaction. */
  const failDocuments = async (job: QueueJob, queueName: string, stage: Stage, documents: DocumentRecord[], problem: (d: DocumentRecord) => Problem) => {
    await transaction(ws, async (tx) => {
      if (stage.from === 'queued') await lockJobBatch(tx, job.data.batchId);
      await queue.complete(queueName, job, executor(tx));
      for (const d of documents) {
        const p = problem(d);
        const moved = await setState(tx, d.id, { to: 'failed', from: stage.from, actor: options.actor, failure: { code: p.code, message: p.message, stage: stage.id }, details: p.page !== undefined ? { page: p.page } : {} });
        if (moved.ok) summary.failedDocuments++;
      }
      await afterLeavingQueued(tx, job.data.batchId, stage.from);
    });
    for (const d of documents) log(`${d.path}: failed in ${stage.id} (${problem(d).code})`);
  };

  /** A thrown error or a machinery problem: another attempt while there are attempts left. */
  const retryOrFail = async (job: QueueJobWithMetadata, stage: Stage, documents: DocumentRecord[], problem: (d: DocumentRecord) => Problem) => {
    if (job.retryCount < job.retryLimit) {
      summary.retried++;
      const first = problem(documents[0]);
      log(`${stage.id} ${documents.map((d) => d.path).join(', ')}: ${first.code}, retried later (attempt ${job.retryCount + 1} of ${job.retryLimit + 1})`);
      await queue.fail(job, { code: first.code, message: first.message });
      return;
    }
    await failDocuments(job, STAGE_QUEUE, stage, documents, problem);
  };

  /**
   * Clears an attempt's mark, trying again while the database is unreachable: a mark left
   * open would count a crash that did not happen. Should another delivery look at the mark
   * first (the job's heartbeat lapsed meanwhile), it counts this attempt as abandoned, and
   * the late clear takes that count back (`clearAttempt` by attempt name).
   */
  const clearMark = async (key: CheckpointKey, name: string) => {
    for (let wait = 250, told = false; ; wait = Math.min(wait * 2, 5000)) {
      try {
        await clearAttempt(ws, key, name);
        if (told) log(`attempt ${name}: its mark is cleared now that the database answers again`);
        return;
      } catch (error) {
        if (options.signal.aborted) {
          log(`attempt ${name}: its mark could not be cleared before stopping (${(error as Error).message}); the next delivery counts it as a crash`);
          return;
        }
        if (!told) log(`attempt ${name}: clearing its mark failed (${(error as Error).message}); trying again`);
        told = true;
        await sleep(wait, options.signal);
      }
    }
  };

  /**
   * One attempt of a stage, marked as started in the workspace until it comes back: a
   * mark left open means the worker died in it, and the next delivery counts a crash.
   * A worker thread that died is counted at once. `claimed`: the mark is set already
   * (`claimAttempt`). The mark is cleared before the output's commit, in its own
   * transaction, retried until the database answers: the output in hand is not lost
   * to an outage there (clearing it inside the commit saved a commit per job, but an
   * outage at that commit threw the attempt's work away).
   */
  const attempt = async (stage: DocumentStage, document: DocumentRecord, ctx: StageContext, key: CheckpointKey, name: string, claimed: boolean): Promise<Attempt | { thrown: unknown }> => {
    // A light stage's attempt is not marked (`unmarked`): no mark to set, and none to clear.
    const marked = !unmarked(stage);
    if (marked && !claimed) await markAttemptStarted(ws, key, name);
    let died = false;
    try {
      return await strays.run(document, stage, () => stage.run(document, ctx));
    } catch (error) {
      died = error instanceof TaskFailure && error.code === 'input.crashed';
      if (died && marked) await recordCrash(ws, key, name);
      return { thrown: error };
    } finally {
      if (!died && marked) await clearMark(key, name);
    }
  };

  const runDocumentJob = async (job: QueueJobWithMetadata, stage: DocumentStage, token: object) => {
    // A light stage's job leaves its slot to the next thread job at once: it runs beside it.
    if (stage.light) committing(token);
    const document = await getDocument(ws, job.data.documentId ?? '');
    if (!document || document.state !== stage.from) {
      // Delivered again after its move committed: nothing to do.
      summary.duplicates++;
      await queue.complete(STAGE_QUEUE, job);
      return;
    }
    const b = await batchContext(job.data.batchId);
    const key = checkpointKey(stage, document, b.policyHash, await stage.inputKey?.(ws, document));
    // A light stage runs again rather than read its checkpoint: its run costs less than the read.
    let output = unmarked(stage) ? undefined : await getCheckpoint<unknown>(ws, key);
    const fresh = output === undefined;
    if (fresh) {
      // Each run is its own attempt: a rerun alone after a stray error is not the first one again.
      let runs = 0;
      const nameOf = (run: number) => `${job.id}/${job.retryCount}/${run}`;
      // A mark left open by an earlier delivery counts as a crash; with none, this attempt is marked started in the same commit.
      const crashes = unmarked(stage) ? 0 : await claimAttempt(ws, key, nameOf(0));
      if (crashes >= MAX_CRASHES) {
        await failDocuments(job, STAGE_QUEUE, stage, [document], (d) => ({ code: 'input.crashed', message: `${stage.label} stopped ${crashes} times on this document without finishing (the worker running it died), so it was not tried again.`, file: d.path }));
        return;
      }
      const once = () => {
        const run = runs++;
        return attempt(stage, document, contextFor(b, token), key, nameOf(run), run === 0 && crashes === 0);
      };
      // After a crash the document may be the cause or a bystander: it runs alone, so a
      // second crash has one culprit. A stray error shared by several jobs: each runs again alone.
      let outcome = crashes > 0 ? await runAlone(token, once) : await once();
      if ('suspect' in outcome) outcome = await runAlone(token, once);
      if ('thrown' in outcome || 'suspect' in outcome) {
        const problem = crashed(stage, 'thrown' in outcome ? outcome.thrown : outcome.suspect, document.path);
        await retryOrFail(job, stage, [document], () => problem);
        return;
      }
      const result = outcome.result;
      if (!result.ok) {
        const problem = { ...result.problem, file: document.path };
        if (RETRYABLE.has(problem.code)) await retryOrFail(job, stage, [document], () => problem);
        else await failDocuments(job, STAGE_QUEUE, stage, [document], () => problem);
        return;
      }
      output = result.value;
    }
    committing(token);
    try {
      await transaction(ws, async (tx) => {
        if (fresh) await putCheckpoint(tx, key, output);
        const patch = await stage.apply(tx, document, output);
        // Completed before the state move: the move's audit entry holds the audit lock until
        // commit, so the fewer statements after it, the shorter other workers wait for it.
        await queue.complete(STAGE_QUEUE, job, executor(tx));
        const moved = await setState(tx, document.id, { to: stage.to, from: stage.from, actor: options.actor, patch });
        if (!moved.ok) throw new AlreadyMoved(moved.problem.message);
        await sendNext(tx, stage, moved.value);
        await afterLeavingQueued(tx, job.data.batchId, stage.from);
      });
      summary.moved++;
    } catch (error) {
      if (!(error instanceof AlreadyMoved)) throw error;
      summary.duplicates++;
      await queue.complete(STAGE_QUEUE, job);
    }
  };

  const runGroupJob = async (job: QueueJobWithMetadata, stage: GroupStage, token: object) => {
    const group = (await Promise.all((job.data.group ?? []).map((id) => getDocument(ws, id)))).filter((d): d is DocumentRecord => d !== undefined);
    const waiting = new Set(group.filter((d) => d.state === stage.from).map((d) => d.id));
    if (waiting.size === 0) {
      summary.duplicates++;
      await queue.complete(STAGE_QUEUE, job);
      return;
    }
    const b = await batchContext(job.data.batchId);
    const groupKey = sha256Hex(group.map((d) => d.sha256).join('\n')).slice(0, 16);
    const keys = new Map(group.map((d) => [d.id, checkpointKey(stage, d, b.policyHash, groupKey)]));
    const needed = group.filter((d) => waiting.has(d.id));
    const saved = await Promise.all(needed.map((d) => getCheckpoint<unknown>(ws, keys.get(d.id)!)));
    const allSaved = saved.every((s) => s !== undefined);
    // The waiting documents, longest next stage first (`commitOrder`); then, when the stage runs,
    // the group's other members, whose outputs are kept for a rerun.
    const order = commitOrder(group, waiting);
    const others = allSaved ? [] : group.flatMap((d, i) => (waiting.has(d.id) ? [] : [i]));
    /** The stage's results in `order`: each is committed before the next is asked for. */
    const results = async function* (): AsyncGenerator<{ index: number; result: Result<unknown> }> {
      if (allSaved) {
        for (const index of order) yield { index, result: { ok: true as const, value: saved[needed.indexOf(group[index])] } };
        return;
      }
      if (stage.each) {
        yield* stage.each(group, contextFor(b), [...order, ...others]);
        return;
      }
      const all = await stage.run(group, contextFor(b));
      if (all.length !== group.length) throw new Error(`${stage.id} returned ${all.length} results for ${group.length} documents`);
      for (const index of [...order, ...others]) yield { index, result: all[index] };
    };
    // Each document moves in its own transaction as soon as its output is made, so its next
    // stage's job is on the queue at once and idle workers (at the batch's barrier, all the
    // others) start on it while this one works on the rest (one transaction for the whole
    // group, or every output made before the first commit, kept every other worker waiting).
    // The job completes with the last of them. A worker that dies midway leaves the job to
    // run again: documents already moved are skipped (a repeat delivery moves nothing), the
    // rest move then.
    let repeats = 0;
    const kept: { index: number; value: unknown }[] = [];
    const given = new Set<string>();
    const outputs = results();
    try {
      for (;;) {
        let step: IteratorResult<{ index: number; result: Result<unknown> }>;
        try {
          step = await outputs.next();
        } catch (error) {
          // The stage threw: the documents it had not given out yet get another attempt, or fail.
          await retryOrFail(job, stage, needed.filter((d) => !given.has(d.id)), (d) => crashed(stage, error, d.path));
          return;
        }
        if (step.done) break;
        const { index, result: r } = step.value;
        const d = group[index];
        if (!waiting.has(d.id)) {
          if (r.ok) kept.push({ index, value: r.value });
          continue;
        }
        // From the first commit on, the loop may fetch the next job: what is left of this one is a
        // document's findings at a time on the main thread and commits that wait on the database,
        // while a redaction fetched meanwhile runs on the task thread. (Freed only after the last
        // document's findings, this worker stood out of the redactions for all the group's commits.)
        if (given.size === 0) committing(token);
        given.add(d.id);
        try {
          await transaction(ws, async (tx) => {
            if (r.ok) {
              await putCheckpoint(tx, keys.get(d.id)!, r.value);
              const patch = await stage.apply(tx, d, r.value);
              const movedTo = await setState(tx, d.id, { to: stage.to, from: stage.from, actor: options.actor, patch });
              if (!movedTo.ok) throw new AlreadyMoved(movedTo.problem.message);
              await sendNext(tx, stage, movedTo.value);
            } else {
              const movedTo = await setState(tx, d.id, { to: 'failed', from: stage.from, actor: options.actor, failure: { code: r.problem.code, message: r.problem.message, stage: stage.id } });
              if (!movedTo.ok) throw new AlreadyMoved(movedTo.problem.message);
            }
          });
          if (r.ok) summary.moved++;
          else summary.failedDocuments++;
        } catch (error) {
          if (!(error instanceof AlreadyMoved)) throw error;
          repeats++;
        }
      }
    } finally {
      // A commit that threw (the database went away) leaves the stage's generator suspended: end it.
      await outputs.return(undefined).catch(() => undefined);
    }
    if (repeats > 0) summary.duplicates++;
    await transaction(ws, async (tx) => {
      for (const { index, value } of kept) await putCheckpoint(tx, keys.get(group[index].id)!, value);
      await queue.complete(STAGE_QUEUE, job, executor(tx));
    });
  };

  /** A job whose attempts ran out by dying (the worker killed, out of memory): its documents fail with a code. */
  const runDeadJob = async (job: QueueJobWithMetadata) => {
    const stage = byId.get(job.data.stage);
    if (!stage) {
      await queue.complete(DEAD_QUEUE, job);
      return;
    }
    const ids = job.data.documentId ? [job.data.documentId] : (job.data.group ?? []);
    const documents = (await Promise.all(ids.map((id) => getDocument(ws, id)))).filter((d): d is DocumentRecord => d?.state === stage.from);
    const last = (job as unknown as { sourceOutput?: { code?: string; message?: string; value?: { message?: string } } }).sourceOutput;
    const attempts = ((job as unknown as { sourceRetryCount?: number }).sourceRetryCount ?? 0) + 1;
    const problem = (d: DocumentRecord): Problem =>
      last?.code
        ? { code: last.code as ProblemCode, message: last.message ?? `${stage.label} failed ${attempts} times.`, file: d.path }
        : { code: 'input.crashed', message: `${stage.label} stopped ${attempts} times on this document without finishing (${last?.value?.message ?? 'the worker died'}), so it was not tried again.`, file: d.path };
    await failDocuments(job, DEAD_QUEUE, stage, documents, problem);
  };

  const handle = async (job: QueueJobWithMetadata, queueName: string) => {
    summary.jobs++;
    const token = {};
    busy.add(token);
    const beat = setInterval(() => void queue.touch(job).catch(() => {}), (job.heartbeatSeconds ?? queue.settings.heartbeatSeconds) * 500);
    try {
      if (queueName === DEAD_QUEUE) return await runDeadJob(job);
      const stage = byId.get(job.data.stage);
      if (!stage) {
        await queue.fail(job, { code: 'batch.stage-failed', message: `This worker does not know the stage ${job.data.stage}: run the same Daylight version everywhere.` });
        return;
      }
      if (stage.scope === 'document') await runDocumentJob(job, stage, token);
      else await runGroupJob(job, stage, token);
    } catch (error) {
      // The database or the blob store went away mid-job: the job stays active, its heartbeat
      // stops, and the queue hands it to a worker again once it is back.
      log(`job ${job.id} (${job.data.stage}) stopped: ${(error as Error).message}`);
      await queue.fail(job, { code: 'jobs.unavailable', message: (error as Error).message }).catch(() => {});
    } finally {
      clearInterval(beat);
      busy.delete(token);
      finishing.delete(token);
    }
  };

  // An idle worker sleeps until the next poll or a notice that a job was sent, whichever comes
  // first. A notice that lands while a fetch is in flight is kept, so the next wait ends at once.
  let noticed = false;
  let onNotice = () => {};
  const watched = await queue.watch(() => {
    noticed = true;
    onNotice();
  });
  const notice = () => new Promise<void>((resolve) => (noticed ? resolve() : (onNotice = resolve)));
  const pollMs = options.pollMs ?? (watched.listening ? 1000 : 200);
  if (options.warm && !options.signal.aborted) {
    if (options.createOcr) ocr ??= options.createOcr(concurrency);
    await warmUp(tasks, ocr);
  }
  options.onReady?.();
  const running = new Set<Promise<void>>();
  let deadLookedAt = 0;
  let idleSince = Date.now();
  let failingSince: number | undefined;
  /** With every slot working: light jobs were looked for, and no notice came since. */
  let lightLooked = false;
  try {
    while (!options.signal.aborted) {
      const working = () => running.size - finishing.size;
      // Jobs past their thread work (committing, or light) run beside the working ones, up to a bound:
      // each holds a database connection at times, and its document in memory.
      const besideRoom = concurrency + MAX_BESIDE - running.size;
      const free = alone > 0 ? 0 : Math.min(concurrency - working(), besideRoom);
      // Every slot working: light stages' jobs only, to run beside them (a verification sent by the
      // last redaction's commit starts now, not once this redaction's thread work is done). Looked
      // for once the slots fill, then at each notice (a light job is sent by a commit, which
      // notifies) and each poll: a light job ending brings none.
      const lightRoom = free <= 0 && alone === 0 && besideRoom > 0;
      if (!lightRoom) lightLooked = false;
      const lightOnly = lightRoom && (noticed || !lightLooked || !watched.listening);
      let jobs: { job: QueueJobWithMetadata; queueName: string }[] = [];
      if (free > 0 || lightOnly) {
        noticed = false;
        try {
          if (lightOnly) {
            lightLooked = true;
            jobs = (await queue.fetch(STAGE_QUEUE, besideRoom, true)).map((job) => ({ job, queueName: STAGE_QUEUE }));
          } else {
            // Dead letters are few: looked for when the stage queue leaves room, or every few seconds
            // (one query fewer per job than asking both queues each time).
            const deadFirst = Date.now() - deadLookedAt >= DEAD_QUEUE_EVERY_MS;
            const dead = deadFirst ? await queue.fetch(DEAD_QUEUE, free) : [];
            const live = dead.length < free ? await queue.fetch(STAGE_QUEUE, free - dead.length) : [];
            const deadAfter = !deadFirst && live.length < free;
            if (deadAfter) dead.push(...(await queue.fetch(DEAD_QUEUE, free - live.length)));
            if (deadFirst || deadAfter) deadLookedAt = Date.now();
            jobs = [...dead.map((job) => ({ job, queueName: DEAD_QUEUE })), ...live.map((job) => ({ job, queueName: STAGE_QUEUE }))];
          }
          if (failingSince !== undefined) log('the database is reachable again');
          failingSince = undefined;
        } catch (error) {
          if (failingSince === undefined) log(`the job queue is unreachable (${(error as Error).message}); trying again`);
          failingSince ??= Date.now();
          await sleep(1000, options.signal);
          continue;
        }
      }
      for (const { job, queueName } of jobs) {
        const p = handle(job, queueName).finally(() => running.delete(p));
        running.add(p);
      }
      if (jobs.length > 0 || running.size > 0) idleSince = Date.now();
      else if (options.exitWhenIdleMs !== undefined && Date.now() - idleSince >= options.exitWhenIdleMs) break;
      if (jobs.length === 0 || working() >= concurrency) {
        const slotFreed = new Promise<void>((resolve) => (wake = resolve));
        // No room to fetch (a job waits to run alone, or the jobs beside are at their bound): wait for a
        // job to end or free its slot. Not for a notice: `noticed` is reset only by a fetch, so a notice
        // kept from before would end every wait at once, and the loop would spin on settled promises
        // without ever letting the database's answers in.
        if (free <= 0 && !lightRoom) await Promise.race([...running, sleep(pollMs, options.signal), slotFreed]);
        // Nothing (more) to fetch, but a job of this worker may be committing: its commit may send the
        // next stage's job (at a batch's barrier, the only one), so look again as soon as it lands
        // rather than after a whole poll interval; a notice wakes it for a job another worker sent
        // (with every slot working, a light job: this loop just fetched, so a notice is a new one),
        // and a job's thread work ending frees a slot for any job. With every slot working, the poll looks
        // for light jobs again too (a notice missed, a light job's retry after its delay): a fetch a poll
        // interval, never a wait with no end but other jobs'.
        else {
          let polled = false;
          await Promise.race([...running, sleep(pollMs, options.signal).then(() => void (polled = true)), notice(), slotFreed]);
          if (polled) lightLooked = false;
        }
      }
    }
    await Promise.all(running);
  } finally {
    watched.unwatch();
    if (ocr) await (await ocr.catch(() => undefined))?.close();
    await tasks.close();
    strays.release();
  }
  return summary;
}

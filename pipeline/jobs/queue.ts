/**
 * @module
 * The job queue of the scaled mode: the one adapter of pg-boss. One queue
 * carries every (document, stage) job and the batch's group jobs; its dead
 * letters go to a second queue whose jobs a worker turns into a failed
 * document.
 *
 * Settings that matter (see STACK.md's pg-boss traps):
 * - `heartbeatSeconds` on the queue: a worker touches its job every half of
 *   it; a killed worker's job is failed by the monitor and retried by another
 *   worker (the monitor runs every `MONITOR_SECONDS`, so the job comes back
 *   within heartbeat + monitor interval), instead of waiting out the expiry.
 * - Workers fetch with `fetch()` in their own loop (no `work()`): a job is
 *   completed inside the transaction that moves its document on, with the
 *   transaction's connection, so the state move, the next stage's job and the
 *   completion commit together or not at all.
 * - Retries with exponential backoff, then the dead-letter queue.
 * - Both queues have pg-boss's `notify`: sending a job also sends a PostgreSQL
 *   NOTIFY in the same statement (delivered when its transaction commits), and
 *   `watch` wakes an idle worker with it, so a job sent while every worker was
 *   idle starts at once instead of at the next poll. Polling stays as the
 *   fallback (a retry's delay, a job the monitor fails, a lost connection).
 */
import { randomUUID, createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { PgBoss } from 'pg-boss';
import type { Job, JobWithMetadata } from 'pg-boss';
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';
import { PIPELINE_STATES } from '../workspace/states.ts';
import type { DocumentState } from '../workspace/states.ts';

export const STAGE_QUEUE = 'daylight-stage';
export const DEAD_QUEUE = 'daylight-stage-dead';
/** How often the queue's monitor fails jobs whose heartbeat stopped. */
export const MONITOR_SECONDS = 10;

export interface QueueSettings {
  /** A worker that has not touched its job for this long is taken for dead (pg-boss minimum 10). */
  heartbeatSeconds: number;
  /** Attempts after the first, for thrown errors and dead workers (not for a document's own problem). */
  retryLimit: number;
  /** First retry delay in seconds; doubles each time (with jitter). */
  retryDelaySeconds: number;
  /** A job active for longer than this is failed even with a heartbeat (a stuck stage). */
  expireInSeconds: number;
}

/** This process, as a completed job's output names it. */
const WORKER_NAME = `${hostname()}/${process.pid}`;

export const DEFAULT_QUEUE_SETTINGS: QueueSettings = { heartbeatSeconds: 10, retryLimit: 2, retryDelaySeconds: 2, expireInSeconds: 3600 };

/** What one job asks for. */
export interface StageJob {
  batchId: string;
  stage: string;
  /** Document stages: the document. */
  documentId?: string;
  /** Group stages: the documents whose outputs depend on each other, in order. */
  group?: string[];
}

/** The transaction's connection, as pg-boss calls it (`ws.sql` inside `transaction`). */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
}

export type QueueJob = Job<StageJob>;
export type QueueJobWithMetadata = JobWithMetadata<StageJob>;

export interface JobQueue {
  /** Creates the job unless one with the same key exists; `db` joins the caller's transaction; higher `priority` is fetched first. */
  send(job: StageJob, key: string, db?: SqlExecutor, priority?: number): Promise<string | null>;
  /** `lightOnly`: only jobs of light stages (`jobPriority`'s light band), for a worker whose thread slots are all taken. */
  fetch(queue: typeof STAGE_QUEUE | typeof DEAD_QUEUE, count: number, lightOnly?: boolean): Promise<QueueJobWithMetadata[]>;
  /** The heartbeat. */
  touch(job: QueueJob): Promise<void>;
  /** Completes this attempt of the job (a no-op when the claim lapsed and another worker holds it). */
  complete(queue: string, job: QueueJob, db?: SqlExecutor): Promise<void>;
  /** Fails this attempt: retried with backoff while attempts remain, then dead-lettered. */
  fail(job: QueueJob, error: { code: string; message: string }): Promise<void>;
  /**
   * Calls `wake` whenever a job may have become ready on either queue (another process's
   * commit sent one, or the listening connection came back and may have missed some). One
   * listening connection per queue, opened on the first call. Resolves to false when the
   * database cannot notify (the caller polls as before); the returned function unsubscribes.
   */
  watch(wake: () => void): Promise<{ listening: boolean; unwatch(): void }>;
  settings: QueueSettings;
  boss: PgBoss;
  stop(): Promise<void>;
}

/** A job id derived from what the job is (pg-boss ignores a second job with the same id). */
export function jobId(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  // RFC 4122 layout, version 5-style bits, so PostgreSQL's uuid type takes it.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function queueSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): Result<QueueSettings> {
  const raw = env.DAYLIGHT_JOB_HEARTBEAT_SECONDS?.trim();
  if (!raw) return ok(DEFAULT_QUEUE_SETTINGS);
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 10 || n > 3600) return fail('config.invalid', `DAYLIGHT_JOB_HEARTBEAT_SECONDS=${JSON.stringify(raw)} must be a whole number of seconds from 10 to 3600.`);
  return ok({ ...DEFAULT_QUEUE_SETTINGS, heartbeatSeconds: n });
}

/** Starts pg-boss on the database (installing or migrating its schema) and makes the two queues. */
export async function openJobQueue(url: string, settings: QueueSettings = DEFAULT_QUEUE_SETTINGS, options: { poolSize?: number } = {}): Promise<Result<JobQueue>> {
  const boss = new PgBoss({
    connectionString: url,
    max: options.poolSize ?? 4,
    application_name: 'daylight-jobs',
    monitorIntervalSeconds: MONITOR_SECONDS,
    superviseIntervalSeconds: MONITOR_SECONDS,
  });
  // A lost connection surfaces here; the pool reconnects on the next query (the listening
  // connection reconnects itself, with backoff).
  boss.on('error', () => {});
  const watchers = new Set<() => void>();
  const wakeAll = () => {
    for (const wake of watchers) wake();
  };
  let listening: Promise<{ close(): Promise<void> } | undefined> | undefined;
  try {
    await boss.start();
    const queueOptions = {
      heartbeatSeconds: settings.heartbeatSeconds,
      retryLimit: settings.retryLimit,
      retryDelay: settings.retryDelaySeconds,
      retryBackoff: true,
      retryDelayMax: 120,
      expireInSeconds: settings.expireInSeconds,
      notify: true,
    };
    for (const [name, extra] of [[DEAD_QUEUE, {}], [STAGE_QUEUE, { deadLetter: DEAD_QUEUE }]] as const) {
      if (await boss.getQueue(name)) await boss.updateQueue(name, { ...queueOptions, ...extra });
      else await boss.createQueue(name, { ...queueOptions, ...extra }).catch(async (error) => {
        // Another process made it meanwhile.
        if (!(await boss.getQueue(name))) throw error;
      });
    }
  } catch (error) {
    await boss.stop({ graceful: false, close: true }).catch(() => {});
    return fail('jobs.unavailable', `The job queue (pg-boss) could not start on the database: ${(error as Error).message}.`);
  }
  return ok({
    settings,
    boss,
    send: (job, key, db, priority) => boss.send(STAGE_QUEUE, job, { id: jobId(key), ...(priority ? { priority } : {}), ...(db ? { db } : {}) }),
    fetch: (queue, count, lightOnly) => boss.fetch<StageJob>(queue, { batchSize: count, includeMetadata: true, ...(lightOnly ? { minPriority: LIGHT_PRIORITY } : {}) }),
    async touch(job) {
      await boss.touch(STAGE_QUEUE, { id: job.id, retryCount: job.retryCount });
    },
    async complete(queue, job, db) {
      // The job's output names the process that did it (the benchmark's per-worker timeline, and anyone debugging).
      await boss.complete(queue, { id: job.id, retryCount: job.retryCount }, { worker: WORKER_NAME }, db ? { db } : {});
    },
    async fail(job, error) {
      await boss.fail(STAGE_QUEUE, { id: job.id, retryCount: job.retryCount }, error);
    },
    async watch(wake) {
      watchers.add(wake);
      listening ??= listenForJobs(boss, (queue) => queue === STAGE_QUEUE || queue === DEAD_QUEUE, wakeAll);
      const handle = await listening;
      return { listening: handle !== undefined, unwatch: () => watchers.delete(wake) };
    },
    async stop() {
      watchers.clear();
      await (await listening)?.close().catch(() => {});
      await boss.stop({ graceful: false, close: true, timeout: 5000 });
    },
  });
}

/**
 * LISTEN on the channel pg-boss sends a notify-enabled queue's NOTIFY to (its payload is the
 * queue's name), on pg-boss's own listening connection (dedicated, heart-beaten, reconnecting
 * with backoff; `onReady` runs again after each reconnect, since notices sent meanwhile were
 * lost). The channel is pg-boss's formula for its default schema, asked of the database the
 * way pg-boss itself does (`test/jobs/worker.test.ts` fails should a pg-boss upgrade change it).
 * Undefined when the database or its connection cannot listen: polling only.
 */
async function listenForJobs(boss: PgBoss, ours: (queue: string) => boolean, onReady: () => void): Promise<{ close(): Promise<void> } | undefined> {
  const db = boss.getDb();
  if (typeof db.listen !== 'function') return undefined;
  try {
    const { rows } = await db.executeSql(`SELECT ('pgboss_' || left(encode(sha224('pgboss'::bytea), 'hex'), 24)) AS channel`);
    return await db.listen(String(rows[0].channel), (queue) => ours(queue) && onReady(), onReady);
  } catch {
    return undefined;
  }
}

/** Priority between two stages: a document's size never lifts its job above a later stage's. */
export const STAGE_PRIORITY_STEP = 1_000_000;

/**
 * The priority band of light stages' jobs (`DocumentStage.light`: no thread work). A worker whose
 * thread slots are all working fetches from this band only (pg-boss's `minPriority`), so a
 * verification sent while its redaction thread is busy runs beside it at once, not when the slot
 * frees. Above every other job, too: a light job takes a few milliseconds of the main thread and
 * moves a document on (to review), so it never waits behind a thread job. Within int4 (pg-boss's
 * column): the stage ranks below add at most a few tens of millions.
 */
export const LIGHT_PRIORITY = 1_000_000_000;

/**
 * A job's priority. First its stage: a later stage's job goes before an earlier one's (`from`, the
 * state the job moves its documents out of), so a document whose redaction is done is verified and
 * queued for review at once, beside the next redaction, instead of waiting behind every redaction
 * of the batch (sent earlier, so fetched first among equals: every document reached review in the
 * batch's last second, through a tail of small jobs that left the cores idle). Then its documents'
 * size, so the biggest documents start first (longest processing time first): a stage then ends on
 * small jobs, and the workers that are done wait less for the last one before the next stage (or
 * the end of the batch). Pages once known, else the file's size in 64 KiB units (a scan's bytes
 * say more about its OCR time than nothing does). `light`: the job's stage is light
 * (`LIGHT_PRIORITY`).
 */
export function jobPriority(documents: readonly { pageCount: number | null; byteLength: number | null }[], from: DocumentState = 'queued', light = false): number {
  const size = documents.reduce((n, d) => n + (d.pageCount ?? Math.ceil((d.byteLength ?? 0) / 65_536)), 0);
  const rank = Math.max(0, PIPELINE_STATES.indexOf(from));
  return (light ? LIGHT_PRIORITY : 0) + rank * STAGE_PRIORITY_STEP + Math.min(STAGE_PRIORITY_STEP - 1, Math.max(0, size));
}

/** A fresh id for things that need one (worker names in logs). */
export function workerId(): string {
  return randomUUID().slice(0, 8);
}

/**
 * @module
 * Runs a folder through the stages of `stages.ts` on a workspace:
 * lock → find or make the batch → list the folder → ingest each file (hash,
 * store the original, spot duplicates) → each stage over the documents waiting
 * for it → release.
 *
 * Resume: every state move commits with the stage's checkpoint and rows in one
 * transaction, and blobs are stored before that transaction, so a run killed
 * at any point leaves each document either before or after a stage, never in
 * between. The next run picks each document up where it is, and replays
 * checkpoints (same bytes, stage, policy and code) instead of recomputing.
 *
 * One document's problem — a stage's failure or its crash — is stored on that
 * document and the run goes on. Only workspace problems (locked, busy, a
 * database write failing) stop the run, and the next run resumes.
 */
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { fail, ok } from '../problems.ts';
import { timeStage } from '../stage-times.ts';
import type { Problem, Result } from '../problems.ts';
import type { OcrEngine } from '../ocr/engine.ts';
import { putBlob, removeStaleTempFiles, sha256Hex } from '../workspace/blobs.ts';
import { pidRunning } from '../workspace/store/lock.ts';
import {
  acquireWorkspaceLock,
  findDocumentByPath,
  findOrCreateBatch,
  findPrimaryBySha,
  finishBatch,
  getCheckpoint,
  insertDocument,
  isStorageError,
  listDocuments,
  putCheckpoint,
  setState,
  storageProblem,
  transaction,
} from '../workspace/store/index.ts';
import type { Batch, CheckpointKey, DocumentRecord, Workspace } from '../workspace/store/index.ts';
import type { Policy } from '../../redaction/policy/types.ts';
import { CODE_VERSION, batchActor, policyHash as hashPolicy } from './keys.ts';
import { forEachLimit } from './pool.ts';
import { poolSizing } from './pool-size.ts';
import type { PoolSizing } from './pool-size.ts';
import { readInput as defaultReadInput } from './read-input.ts';
import type { ReadInput } from './read-input.ts';
import type { DocumentStage, GroupStage, Stage, StageContext } from './stage.ts';
import type { StageRunnerArgs } from '../jobs/scaled-batch.ts';
import { TaskFailure, threadPool } from '../threads/task-pool.ts';
import { claimStrayErrors } from '../threads/stray-errors.ts';
import { startToolHelper } from '../../redaction/verify/tool-runner.ts';
import { defaultMaxPages } from '../extract/limits.ts';
import { MAX_CRASHES, clearAttempt, crashesSoFar, markAttemptStarted, recordCrash, settleOpenAttempts } from './attempts.ts';
import { walkFolder } from './walk.ts';
import type { WalkEntry } from './walk.ts';

export interface BatchProgress {
  /** The stage label ("Reading", "Extracting", …). */
  stage: string;
  documentsDone: number;
  documentsTotal: number;
  failed: number;
  pagesDone: number;
  /** The file being worked on, when there is one. */
  current?: string;
  /** Set when this event reports one document finishing badly or as a duplicate. */
  outcome?: { path: string; state: 'failed' | 'duplicate'; problem?: Problem; duplicateOf?: string };
}

export interface RunBatchOptions {
  folder: string;
  workspace: Workspace;
  policy: Policy;
  /** Defaults to the folder's name. Same folder, name and policy = same batch (resume). */
  name?: string;
  /** Documents worked on at once, and OCR workers. Default: the number of cores. */
  concurrency?: number;
  onProgress?: (progress: BatchProgress) => void;
  stages: readonly Stage[];
  /** Starts the shared OCR engine on first use. */
  createOcr?: (workers: number) => Promise<OcrEngine>;
  /** Tests inject a reader that fails; the default reads the file with a size limit. */
  readInput?: ReadInput;
  /** Called after the folder is listed, before files are read (tests remove a file here). */
  afterWalk?: (entries: WalkEntry[]) => Promise<void> | void;
  /** Longest time one page may take to read (OCR aside, which has its own limit); default DEFAULT_PAGE_TIMEOUT_MS. */
  pageTimeoutMs?: number;
  /** Documents with more pages fail with input.too-many-pages; default `defaultMaxPages`. */
  maxPages?: number;
  /** Crashes of one stage on one document (worker or process deaths) after which it is failed with input.crashed. Default 2. */
  maxCrashes?: number;
  /**
   * Pids of earlier processes of this batch that crashed (the supervisor's word): the
   * attempts they left open count as crashes. Open attempts of any other process that
   * ended were interrupted (kill -9, Ctrl-C, a power cut) and do not.
   */
  crashedPids?: readonly number[];
  /**
   * Told how many document attempts run now, whenever that changes (the supervisor restarts a
   * crashed process only when one did). The count covers every open attempt mark: it rises,
   * and the returned promise settles (the supervisor can read it), before a mark is written,
   * and falls only after the mark is cleared.
   */
  onAttempts?: (running: number) => void | Promise<void>;
  /** Heap budget of each worker thread in MB (default DEFAULT_WORKER_MEMORY_MB). */
  workerMemoryMb?: number;
  /** How long to wait for another batch on the same workspace (default: refuse at once). */
  lockWaitMs?: number;
  /**
   * Runs the stages somewhere else after ingestion, instead of in this process: the scaled
   * mode hands them to `daylight worker` processes and waits (`pipeline/jobs/scaled-batch.ts`).
   */
  runStages?: (args: StageRunnerArgs) => Promise<void>;
  actor?: string;
}

export interface DocumentOutcome {
  id: string;
  path: string;
  state: DocumentRecord['state'];
  sha256: string | null;
  pageCount: number | null;
  failure: DocumentRecord['failure'];
  duplicateOf: string | null;
  verifyOk: boolean | null;
}

export interface BatchRun {
  batch: Batch;
  resumed: boolean;
  documents: DocumentOutcome[];
  elapsedMs: number;
}

const INGEST_LABEL = 'Reading';

/** A page that takes longer than this to parse and draw is stuck, not heavy. */
export const DEFAULT_PAGE_TIMEOUT_MS = 120_000;

export async function runBatch(options: RunBatchOptions): Promise<Result<BatchRun>> {
  const started = performance.now();
  const ws = options.workspace;
  const folder = resolve(options.folder);
  const actor = options.actor ?? batchActor();
  try {
    if (!(await stat(folder)).isDirectory()) return fail('usage.invalid', `${folder} is not a folder.`);
  } catch (error) {
    return fail('usage.invalid', `The folder ${folder} could not be opened (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  const lock = await acquireWorkspaceLock(ws, { purpose: 'batch', actor, waitMs: options.lockWaitMs ?? 0 });
  if (!lock.ok) return lock;
  const concurrency = Math.max(1, options.concurrency ?? availableParallelism());
  let ocr: Promise<OcrEngine> | undefined;
  // Threads even for one document at a time: a library that dies or runs out of memory there takes one document down, not the batch.
  // One to begin with: more only for a batch with work enough to pay for them (pool-size.ts).
  const tasks = threadPool(concurrency, { memoryMb: options.workerMemoryMb, startWith: 1 });
  const sizing = poolSizing(tasks);
  try {
    const policyHash = hashPolicy(options.policy);
    const { batch, resumed } = await findOrCreateBatch(ws, { name: options.name ?? basename(folder), folder, policyHash }, { codeVersion: CODE_VERSION, actor });
    const run = new RunState(ws, batch, options);
    const ctx: StageContext = {
      ws,
      batch,
      policy: options.policy,
      policyHash,
      getOcr: () => {
        if (!options.createOcr) return Promise.reject(new Error('this batch was started without an OCR engine'));
        ocr ??= options.createOcr(concurrency);
        return ocr;
      },
      onPage: (document) => run.page(document.path),
      tasks: sizing.watching(),
      limits: { pageTimeoutMs: options.pageTimeoutMs ?? DEFAULT_PAGE_TIMEOUT_MS, maxPages: options.maxPages ?? defaultMaxPages },
    };
    removeStaleTempFiles(ws.blobs, pidRunning);
    await settleOpenAttempts(ws, options.crashedPids);
    await retryFailed(ws, batch, actor);
    const entries = await walkFolder(folder);
    await options.afterWalk?.(entries);
    await run.begin(entries.length);
    await ingest(run, entries, options.readInput ?? defaultReadInput, actor);
    if (options.runStages) {
      await options.runStages({
        ws,
        batch,
        policy: options.policy,
        stages: options.stages,
        report: (p) => {
          Object.assign(run, { stage: p.stage, done: p.documentsDone, total: p.documentsTotal, failed: p.failed, pages: p.pagesDone });
          run.emit();
        },
      });
    }
    // Documents to work on here: the verifier's tool helper starts now, beside extraction, not on the first release's verification.
    if (!options.runStages && run.done < run.total) startToolHelper();
    // The release's modules (the redact stage's task) load on the threads while they would stand idle after
    // extraction, as the main thread detects, instead of holding up the first release.
    const releaseFollows = options.stages.some((s) => s.id === 'redact');
    for (const stage of options.runStages ? [] : options.stages) {
      if (stage.scope === 'document' && !stage.light) tasks.preloadWhenIdle(stage.id === 'extract' && releaseFollows ? 'writeVerifiedRelease' : undefined);
      if (stage.scope === 'document') await runDocumentStage(run, stage, ctx, concurrency, actor, sizing);
      else await runGroupStage(run, stage, ctx, actor);
      // The OCR workers (about 140 MB each) are released when a stage ends and started again only if a
      // later stage needs them. The worker threads stay for the next stage, so each loads pdf.js and
      // PDFium once per batch: the pool still replaces a thread past its memory or task bound.
      if (ocr) {
        const started = ocr;
        ocr = undefined;
        await (await started.catch(() => undefined))?.close();
      }
    }
    const documents = (await listDocuments(ws, { batchId: batch.id })).map(outcomeOf);
    const failed = documents.filter((d) => d.state === 'failed').length;
    await finishBatch(ws, batch.id, actor, { documents: documents.length, failed });
    return ok({ batch, resumed, documents, elapsedMs: performance.now() - started });
  } catch (error) {
    if (isStorageError(ws, error) || /SQLITE_IOERR/i.test((error as Error)?.message ?? '')) return storageProblem(ws, error);
    throw error;
  } finally {
    if (ocr) await (await ocr.catch(() => undefined))?.close();
    await tasks.close();
    await lock.value.release();
  }
}

function outcomeOf(d: DocumentRecord): DocumentOutcome {
  return { id: d.id, path: d.path, state: d.state, sha256: d.sha256, pageCount: d.pageCount, failure: d.failure, duplicateOf: d.duplicateOf, verifyOk: d.verifyOk };
}

/** Counters behind the progress events. */
class RunState {
  ws: Workspace;
  batch: Batch;
  options: RunBatchOptions;
  stage = INGEST_LABEL;
  total = 0;
  /** Document attempts running now. */
  attempts = 0;
  done = 0;
  failed = 0;
  pages = 0;
  finalState: string;

  constructor(ws: Workspace, batch: Batch, options: RunBatchOptions) {
    this.ws = ws;
    this.batch = batch;
    this.options = options;
    this.finalState = options.stages[options.stages.length - 1]?.to ?? 'queued';
  }

  async begin(entries: number): Promise<void> {
    const existing = await listDocuments(this.ws, { batchId: this.batch.id });
    this.total = Math.max(entries, existing.length);
    for (const d of existing) {
      if (d.state === 'failed') this.failed++;
      if (!['queued', 'extracted', 'detected', 'redacted', 'verified'].includes(d.state) || d.state === this.finalState) this.done++;
      if (d.state !== 'queued' && d.state !== 'failed') this.pages += d.pageCount ?? 0;
    }
    this.emit();
  }

  emit(extra: Partial<BatchProgress> = {}): void {
    this.options.onProgress?.({ stage: this.stage, documentsDone: this.done, documentsTotal: this.total, failed: this.failed, pagesDone: this.pages, ...extra });
  }

  async attempt(change: 1 | -1): Promise<void> {
    this.attempts += change;
    await this.options.onAttempts?.(this.attempts);
  }

  page(current: string): void {
    this.pages++;
    this.emit({ current });
  }

  finished(document: DocumentRecord): void {
    if (document.state === 'failed') this.failed++;
    this.done++;
    const outcome = document.state === 'failed' || document.state === 'duplicate'
      ? { path: document.path, state: document.state, ...(document.failure ? { problem: { code: document.failure.code, message: document.failure.message, file: document.path } as Problem } : {}), ...(document.duplicateOf ? { duplicateOf: document.duplicateOf } : {}) }
      : undefined;
    this.emit({ current: document.path, ...(outcome ? { outcome } : {}) });
  }
}

/** A rerun retries what failed: documents go back to the start (checkpoints make the done stages free). */
async function retryFailed(ws: Workspace, batch: Batch, actor: string): Promise<void> {
  for (const d of await listDocuments(ws, { batchId: batch.id, state: 'failed' })) {
    if (d.failure?.stage === 'ingest') {
      // Never read: nothing hangs off the row, so the next ingest makes it anew.
      await ws.db.deleteFrom('documents').where('id', '=', d.id).execute();
    } else {
      const moved = await setState(ws, d.id, { to: 'queued', from: 'failed', actor, details: { retry: true, previous: d.failure?.code } });
      if (!moved.ok) throw new Error(moved.problem.message);
    }
  }
}

async function ingest(run: RunState, entries: WalkEntry[], readInput: ReadInput, actor: string): Promise<void> {
  const { ws, batch } = run;
  run.stage = INGEST_LABEL;
  for (const entry of entries) {
    if (await findDocumentByPath(ws, batch.id, entry.path)) continue;
    run.emit({ current: entry.path });
    const fileName = entry.path.slice(entry.path.lastIndexOf('/') + 1);
    const failed = (problem: Problem, sha256?: string, byteLength?: number) =>
      insertDocument(ws, { batchId: batch.id, path: entry.path, fileName, state: 'failed', sha256, byteLength, failure: { code: problem.code, message: problem.message, stage: 'ingest' } }, actor);
    if (entry.problem) {
      run.finished(await failed(entry.problem));
      continue;
    }
    const read = await readInput(entry.absolute, entry.path);
    if (!read.ok) {
      run.finished(await failed(read.problem));
      continue;
    }
    const bytes = read.value;
    const sha256 = sha256Hex(bytes);
    const primary = await findPrimaryBySha(ws, batch.id, sha256);
    if (primary) {
      run.finished(await insertDocument(ws, { batchId: batch.id, path: entry.path, fileName, state: 'duplicate', sha256, byteLength: bytes.length, duplicateOf: primary.id }, actor));
      continue;
    }
    const stored = await putBlob(ws.blobs, bytes);
    if (!stored.ok) {
      run.finished(await failed({ ...stored.problem, file: entry.path }, sha256, bytes.length));
      continue;
    }
    await insertDocument(ws, { batchId: batch.id, path: entry.path, fileName, state: 'queued', sha256, byteLength: bytes.length, originalBlob: stored.value }, actor);
  }
}

export function checkpointKey(stage: Stage, document: DocumentRecord, policyHash: string, inputKey: string | undefined): CheckpointKey {
  return { sha256: document.sha256 ?? '', stage: stage.id, policyHash, codeVersion: `${CODE_VERSION}/${stage.version}${inputKey ? `/${inputKey}` : ''}` };
}

export function crashed(stage: Stage, error: unknown, file: string): Problem {
  if (error instanceof TaskFailure) return { code: error.code, message: `${stage.label} failed: ${error.message}`, file };
  return { code: 'batch.stage-failed', message: `${stage.label} stopped with an unexpected error: ${(error as Error)?.message ?? String(error)}`, file };
}

/** Stores a stage's problem on the document; `finished` counts it. */
async function markFailed(run: RunState, stage: Stage, document: DocumentRecord, problem: Problem, actor: string, ws: Workspace = run.ws): Promise<void> {
  const moved = await setState(ws, document.id, { to: 'failed', from: stage.from, actor, failure: { code: problem.code, message: problem.message, stage: stage.id }, details: problem.page !== undefined ? { page: problem.page } : {} });
  if (!moved.ok) throw new Error(moved.problem.message);
  run.finished(moved.value);
}

async function advance(run: RunState, stage: Stage, document: DocumentRecord, output: unknown, key: CheckpointKey, fresh: boolean, actor: string, ws: Workspace = run.ws): Promise<void> {
  const moved = await transaction(ws, async (tx) => {
    if (fresh) await putCheckpoint(tx, key, output);
    const patch = await stage.apply(tx, document, output);
    return setState(tx, document.id, { to: stage.to, from: stage.from, actor, patch });
  });
  if (!moved.ok) throw new Error(moved.problem.message);
  if (moved.value.state === run.finalState) run.finished(moved.value);
}

/** What one attempt of a stage on a document came to. */
export type Attempt = { result: Result<unknown> } | { suspect: unknown };

/**
 * Errors nobody awaits (a library's stray rejection or exception in this thread) during
 * stages. With one document in flight the error is its own: it fails with
 * input.library-error. With several, nobody can tell whose it is: each of them is
 * abandoned as a suspect and run again alone after the others, where the error, if it
 * comes again, has one owner. (The scaled worker uses it too, across its stages.)
 */
export function strayWatch() {
  const running = new Map<DocumentRecord, { label: string; settle: (attempt: Attempt) => void }>();
  const release = claimStrayErrors(
    (error) => {
      if (running.size === 0) return false;
      const shared = running.size > 1;
      for (const [document, { label, settle }] of running) {
        settle(shared ? { suspect: error } : { result: fail('input.library-error', `${label} failed inside a library (${(error as Error)?.message ?? String(error)}).`, { file: document.path }) });
      }
      running.clear();
      return true;
    },
    { catchAll: true },
  );
  return {
    release,
    async run(document: DocumentRecord, stage: Stage, work: () => Promise<Result<unknown>>): Promise<Attempt> {
      let settle: (attempt: Attempt) => void = () => {};
      const stray = new Promise<Attempt>((resolve) => (settle = resolve));
      running.set(document, { label: stage.label, settle });
      try {
        const working = work().then((result) => ({ result }));
        // An abandoned attempt settles on its own; its outcome is not wanted.
        working.catch(() => {});
        return await Promise.race([working, stray]);
      } finally {
        running.delete(document);
      }
    },
  };
}

async function runDocumentStage(run: RunState, stage: DocumentStage, ctx: StageContext, concurrency: number, actor: string, sizing?: PoolSizing): Promise<void> {
  run.stage = stage.label;
  const waiting = await listDocuments(run.ws, { batchId: run.batch.id, state: stage.from });
  if (!stage.light) sizing?.documents(waiting);
  const keys = new Map<string, CheckpointKey>();
  for (const d of waiting) keys.set(d.id, checkpointKey(stage, d, ctx.policyHash, await stage.inputKey?.(run.ws, d)));
  const maxCrashes = run.options.maxCrashes ?? MAX_CRASHES;
  // A document present when a process crashed may be the cause or a bystander: it runs
  // alone, after the others, so a second crash has one culprit and spares the rest.
  const suspects: DocumentRecord[] = [];
  for (const d of waiting) if ((await crashesSoFar(run.ws, keys.get(d.id)!)) > 0) suspects.push(d);
  const first = waiting.filter((d) => !suspects.includes(d));
  const strays = strayWatch();
  const attempt = async (document: DocumentRecord) => {
    run.emit({ current: document.path });
    const key = keys.get(document.id)!;
    const saved = await getCheckpoint(run.ws, key);
    if (saved !== undefined) {
      run.pages += stage.pages?.(saved) ?? 0;
      await advance(run, stage, document, saved, key, false, actor);
      return;
    }
    let result: Result<unknown> | undefined;
    let lastCrash = 'the batch process crashed while it ran';
    while (!result) {
      const crashes = await crashesSoFar(run.ws, key);
      if (crashes >= maxCrashes) {
        result = fail('input.crashed', `${stage.label} crashed ${crashes} times on this document (last: ${lastCrash}), so it was not tried again.`, { file: document.path });
        break;
      }
      // The supervisor hears of the attempt before its mark exists, and of its end after the mark is
      // gone: a crash at any moment a mark is open is then one "during a document", counted and retried.
      await run.attempt(1);
      let outcome: Attempt;
      try {
        await markAttemptStarted(run.ws, key);
        try {
          outcome = await strays.run(document, stage, () => timeStage(`batch stage: ${stage.id}`, () => stage.run(document, ctx)));
        } catch (error) {
          if (isStorageError(run.ws, error)) throw error;
          // A worker thread that died counts as a crash, as a dead process would: tried once more.
          if (error instanceof TaskFailure && error.code === 'input.crashed') {
            lastCrash = error.message;
            await recordCrash(run.ws, key);
            continue;
          }
          outcome = { result: { ok: false, problem: crashed(stage, error, document.path) } };
        }
        await clearAttempt(run.ws, key);
      } finally {
        await run.attempt(-1);
      }
      if ('suspect' in outcome) {
        suspects.push(document);
        return;
      }
      result = outcome.result;
    }
    if (!result.ok) await markFailed(run, stage, document, { ...result.problem, file: document.path }, actor);
    else await advance(run, stage, document, result.value, key, true, actor);
  };
  try {
    await forEachLimit(first, concurrency, attempt);
    while (suspects.length > 0) await forEachLimit(suspects.splice(0), 1, attempt);
  } finally {
    strays.release();
  }
}

/** Splits documents, in path order, into groups of at most `pages` pages (a bigger document is a group alone). */
export function groupByPages(documents: DocumentRecord[], pages: number): DocumentRecord[][] {
  const groups: DocumentRecord[][] = [];
  let current: DocumentRecord[] = [];
  let size = 0;
  for (const d of documents) {
    const n = d.pageCount ?? 1;
    if (current.length > 0 && size + n > pages) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(d);
    size += n;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

async function runGroupStage(run: RunState, stage: GroupStage, ctx: StageContext, actor: string): Promise<void> {
  run.stage = stage.label;
  const waiting = new Set((await listDocuments(run.ws, { batchId: run.batch.id, state: stage.from })).map((d) => d.id));
  if (waiting.size === 0) return;
  // The context is every document of the batch that has a model, wherever it is now, so a
  // resumed run groups exactly as an uninterrupted one.
  const context = (await listDocuments(run.ws, { batchId: run.batch.id })).filter((d) => d.modelBlob !== null && d.state !== 'duplicate' && d.state !== 'failed');
  for (const group of groupByPages(context, stage.groupPages)) {
    const needed = group.filter((d) => waiting.has(d.id));
    if (needed.length === 0) continue;
    const groupKey = sha256Hex(group.map((d) => d.sha256).join('\n')).slice(0, 16);
    const keys = new Map(group.map((d) => [d.id, checkpointKey(stage, d, ctx.policyHash, groupKey)]));
    const saved = new Map<string, unknown>();
    for (const d of needed) saved.set(d.id, await getCheckpoint(run.ws, keys.get(d.id)!));
    run.emit({ current: needed[0].path });
    if (needed.every((d) => saved.get(d.id) !== undefined)) {
      for (const d of needed) await advance(run, stage, d, saved.get(d.id), keys.get(d.id)!, false, actor);
      continue;
    }
    let results: Result<unknown>[];
    try {
      results = await timeStage(`batch stage: ${stage.id}`, () => stage.run(group, ctx));
      if (results.length !== group.length) throw new Error(`${stage.id} returned ${results.length} results for ${group.length} documents`);
    } catch (error) {
      if (isStorageError(run.ws, error)) throw error;
      for (const d of needed) await markFailed(run, stage, d, crashed(stage, error, d.path), actor);
      continue;
    }
    await transaction(run.ws, async (tx) => {
      for (const [i, d] of group.entries()) {
        const r = results[i];
        if (r.ok && !waiting.has(d.id)) await putCheckpoint(tx, keys.get(d.id)!, r.value);
      }
      for (const [i, d] of group.entries()) {
        if (!waiting.has(d.id)) continue;
        const r = results[i];
        if (r.ok) await advance(run, stage, d, r.value, keys.get(d.id)!, true, actor, tx);
        else await markFailed(run, stage, d, { ...r.problem, file: d.path }, actor, tx);
      }
    });
  }
}

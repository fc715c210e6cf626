/**
 * @module
 * Runs the CPU-heavy steps of `tasks.ts` (rebuilding a release, verifying one)
 * on worker threads, one task per thread at a time, so a batch uses every core:
 * pdf.js, the page rasters and the checks are JavaScript and would otherwise
 * share the one main thread. `inlinePool` runs the same tasks in-process, for
 * one-off work where starting threads costs more than it saves.
 *
 * ```ts
 * const pool = threadPool(2);
 * const written = await pool.run('writeRedacted', source, model, redactions, policy, {});
 * await pool.close();
 * ```
 */
import { getCompileCacheDir } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { ProblemCode } from '../problems.ts';
import type { TaskName, Tasks } from './tasks.ts';
import type { TaskReply, TaskRequest, ToWorker } from './worker.ts';
import { directHost, hostContext } from './host.ts';
import { countVerifyingThreads, toolPort, toolSlots } from '../../redaction/verify/tool-runner.ts';
import type { TaskHostOptions } from './host.ts';

type Args<K extends TaskName> = Parameters<Tasks[K]>;
type Out<K extends TaskName> = Awaited<ReturnType<Tasks[K]>>;

export interface TaskPool {
  /** Threads that run tasks side by side (1 inline). */
  size: number;
  run<K extends TaskName>(task: K, ...args: Args<K>): Promise<Out<K>>;
  /**
   * Ends the threads that are idle; the next task starts fresh ones. Between batch stages,
   * so what one stage's libraries keep (pdf.js caches, PDFium's WebAssembly memory) does not
   * add up with the next stage's.
   */
  recycle(): Promise<void>;
  /** Lets the pool start up to `size` threads when it was made to start with fewer (`startWith`). */
  grow(): void;
  /**
   * Has each thread that stands idle with nothing queued load `task`'s modules (once a thread),
   * so that the task, when it comes, does not wait for them. It takes the thread as a task does:
   * a task sent meanwhile waits the moment it takes.
   */
  preloadWhenIdle(task: TaskName | undefined): void;
  /** `run`, lending the task functions to call and taking its progress (see `host.ts`). */
  runWith<K extends TaskName>(options: TaskHostOptions, task: K, ...args: Args<K>): Promise<Out<K>>;
  close(): Promise<void>;
}

export function inlinePool(): TaskPool {
  const runWith: TaskPool['runWith'] = async (options, task, ...args) => {
    const { loadTask } = await import('./tasks.ts');
    const fn = (await loadTask(task)) as (...a: unknown[]) => Promise<never>;
    return hostContext.run(directHost(options), () => fn(...args));
  };
  return {
    size: 1,
    run: (task, ...args) => runWith({}, task, ...args),
    runWith,
    recycle: async () => {},
    grow: () => {},
    preloadWhenIdle: () => {},
    close: async () => {},
  };
}

/**
 * A task that did not come back with a value: `code` says why, for the document's
 * problem. `input.library-error`: a library's stray error during the task;
 * `resource.memory`: the thread went over its memory budget; `input.crashed`:
 * the thread died. In each case the thread is replaced and the pool goes on.
 */
export class TaskFailure extends Error {
  code: ProblemCode;
  constructor(code: ProblemCode, message: string) {
    super(message);
    this.name = 'TaskFailure';
    this.code = code;
  }
}

export interface ThreadPoolOptions {
  /** Heap budget of each thread in MB (V8's old generation); a task over it fails with resource.memory. Default 1024. */
  memoryMb?: number;
  /**
   * A thread that ends a task holding more than this (MB of heap, buffers and WebAssembly
   * memory) is ended and replaced before its next task. Default DEFAULT_RECYCLE_MB.
   */
  recycleMb?: number;
  /** Tasks after which a thread is replaced however small it looks (native memory it cannot report). Default DEFAULT_RECYCLE_TASKS. */
  recycleTasks?: number;
  /**
   * Threads the pool may start before `grow()` is called (default `size`): tasks beyond them wait
   * for a free thread. Every thread costs seconds of CPU to start (see DEFAULT_RECYCLE_TASKS),
   * so a caller that does not yet know whether its work is worth more threads starts with one.
   */
  startWith?: number;
}

/**
 * A thread's memory after a task, over which it is replaced. A WebAssembly memory never
 * shrinks, and pdf.js, the canvases and the image decoders keep what their largest page
 * needed: a thread that once read a huge page would hold that for the rest of the batch.
 * An ordinary document leaves a thread at about 100–200 MB.
 */
export const DEFAULT_RECYCLE_MB = 320;
/**
 * A fresh thread's first document costs about 1.4–2.2 CPU s more than the next (measured
 * here: module loading, compiling pdf.js and PDFium, code not yet optimised), while a document costs about 0.15 CPU s beyond its pages. At the old bound of 25
 * tasks (12 documents: extraction and release are a task each), that start-up came back
 * every dozen documents, and each `daylight worker` replaced its thread twice on the
 * 40-page scale corpus, its footprint never above 130 MB; at 200 it comes back every 100
 * documents. The memory bound above still replaces a thread that grew, whatever its age.
 */
export const DEFAULT_RECYCLE_TASKS = 200;

/** Large enough for a 2,000-page report's model and a page raster; a bomb's expansion is not. */
export const DEFAULT_WORKER_MEMORY_MB = 1024;

interface Job {
  request: TaskRequest;
  options: TaskHostOptions;
  resolve(value: unknown): void;
  reject(error: Error): void;
  /** Host calls in progress: the stall clock stops while the task waits on its caller. */
  waiting: number;
  stall?: NodeJS.Timeout;
}

interface Thread {
  worker: Worker;
  job?: Job;
  /** Tasks this thread has finished. */
  tasks: number;
  /** (Re)starts the job's stall clock. */
  clock?: (job: Job) => void;
  /** Has loaded the pool's idle task's modules (`preloadWhenIdle`). */
  preloaded?: TaskName;
}

/**
 * The environment a thread starts with: the process's own, plus the module compile cache
 * this process enabled (`bin/daylight.mjs` does, in the process only). Node hands a cache to
 * its threads through NODE_COMPILE_CACHE alone; without it each thread stripped and compiled
 * our TypeScript afresh, about 0.17 CPU s for the release modules alone, in every thread of
 * `daylight worker`, `redact` and `review` (`daylight batch`'s supervisor sets the variable).
 */
export function threadEnv(env: NodeJS.ProcessEnv = process.env, cacheDir = getCompileCacheDir()): NodeJS.ProcessEnv {
  return cacheDir && !env.NODE_COMPILE_CACHE ? { ...env, NODE_COMPILE_CACHE: cacheDir } : env;
}

/** Threads start on first use and are replaced when one dies; a dead thread fails only its own task. */
export function threadPool(size: number, options: ThreadPoolOptions = {}): TaskPool {
  const memoryMb = options.memoryMb ?? DEFAULT_WORKER_MEMORY_MB;
  const recycleMb = options.recycleMb ?? DEFAULT_RECYCLE_MB;
  const recycleTasks = options.recycleTasks ?? DEFAULT_RECYCLE_TASKS;
  const threads: Thread[] = [];
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;
  let allowed = Math.max(1, Math.min(size, options.startWith ?? size));
  let idleTask: TaskName | undefined;
  // The tool runner lets one verifying thread run its two tools together, and more threads one tool
  // at a time between them (`toolConcurrency`): it is told how many of this pool's threads may run.
  countVerifyingThreads(allowed);

  const start = (): Thread => {
    const tools = toolPort();
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { env: threadEnv(), resourceLimits: { maxOldGenerationSizeMb: memoryMb }, workerData: { toolSlots: toolSlots(), toolPort: tools }, transferList: [tools] });
    const thread: Thread = { worker, tasks: 0 };
    const retire = (error: Error) => {
      const i = threads.indexOf(thread);
      if (i >= 0) threads.splice(i, 1);
      const job = thread.job;
      thread.job = undefined;
      if (job) clearTimeout(job.stall);
      job?.reject(error);
    };
    const answer = (message: ToWorker) => {
      try {
        worker.postMessage(message);
      } catch (error) {
        // The answer could not be copied (a bug in the lent function): the task gets the error instead.
        worker.postMessage({ id: message.id, answer: (message as { answer: number }).answer, ok: false, message: (error as Error).message } satisfies ToWorker);
      }
    };
    const clock = (job: Job) => {
      clearTimeout(job.stall);
      const ms = job.options.stallMs;
      if (!ms || job.waiting > 0) return;
      job.stall = setTimeout(() => {
        if (thread.job !== job) return;
        thread.job = undefined;
        retire(new Error('stalled'));
        void worker.terminate();
        job.reject(new TaskFailure('resource.page-timeout', `${job.request.task} made no progress for ${Math.round(ms / 1000)} s (one page took longer than the page time limit), so its worker was stopped.`));
        dispatch();
      }, ms);
    };
    thread.clock = clock;
    worker.on('message', (reply: TaskReply) => {
      const job = thread.job;
      if (!job || reply.id !== job.request.id) return;
      if ('progress' in reply) {
        clock(job);
        job.options.onProgress?.(reply.progress);
        return;
      }
      if ('call' in reply) {
        const fn = job.options.host?.[reply.name] as ((...a: unknown[]) => unknown) | undefined;
        job.waiting++;
        clock(job);
        Promise.resolve()
          .then(() => {
            if (!fn) throw new Error(`the task asked for "${reply.name}", which its caller did not lend`);
            return fn(...reply.args);
          })
          .then(
            (value) => answer({ id: reply.id, answer: reply.call, ok: true, value }),
            (error: unknown) => answer({ id: reply.id, answer: reply.call, ok: false, message: error instanceof Error ? error.message : String(error) }),
          )
          .finally(() => {
            job.waiting--;
            if (thread.job === job) clock(job);
          });
        return;
      }
      clearTimeout(job.stall);
      thread.job = undefined;
      thread.tasks++;
      if (!('stray' in reply && reply.stray) && ((reply.footprintMb ?? 0) > recycleMb || thread.tasks >= recycleTasks)) {
        // Grown past its budget (or old): ended now, replaced on the next dispatch. Its task succeeded.
        retire(new Error('recycled'));
        void worker.terminate();
      }
      if (reply.ok) job.resolve(reply.value);
      else if (reply.stray) {
        // The library that failed may be left in any state: this thread takes no more tasks.
        retire(new Error('retired'));
        void worker.terminate();
        job.reject(new TaskFailure('input.library-error', `A library failed while running ${job.request.task} (${reply.message}).`));
      } else job.reject(new Error(`task ${job.request.task} failed in a worker thread: ${reply.message}`));
      dispatch();
    });
    const die = (error: Error) => {
      retire(error);
      dispatch();
    };
    worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') die(new TaskFailure('resource.memory', `The worker thread went over its ${memoryMb} MB memory budget and was restarted.`));
      else die(new TaskFailure('input.crashed', `The worker thread died (${error.message}) and was restarted.`));
    });
    worker.on('exit', (code) => die(new TaskFailure('input.crashed', `The worker thread stopped (exit code ${code}) and was restarted.`)));
    threads.push(thread);
    return thread;
  };

  const dispatch = () => {
    while (!closed && queue.length) {
      const idle = threads.find((t) => !t.job) ?? (threads.length < allowed ? start() : undefined);
      if (!idle) return;
      const job = queue.shift()!;
      idle.job = job;
      idle.clock?.(job);
      try {
        idle.worker.postMessage(job.request);
      } catch (error) {
        // The arguments could not be cloned: a bug in the caller, reported to it alone.
        idle.job = undefined;
        clearTimeout(job.stall);
        job.reject(error as Error);
      }
    }
    // Nothing waits: idle threads load what the next tasks will need. Nobody awaits the result.
    if (closed || queue.length > 0 || !idleTask) return;
    for (const thread of threads) {
      if (thread.job || thread.preloaded === idleTask) continue;
      thread.preloaded = idleTask;
      const job: Job = { request: { id: nextId++, task: 'preload', args: [idleTask] }, options: {}, waiting: 0, resolve: () => {}, reject: () => {} };
      thread.job = job;
      thread.clock?.(job);
      thread.worker.postMessage(job.request);
    }
  };

  const runWith: TaskPool['runWith'] = (options, task, ...args) =>
    new Promise((resolve, reject) => {
      if (closed) return reject(new Error('the task pool is closed'));
      queue.push({ request: { id: nextId++, task, args }, options, waiting: 0, resolve: resolve as (v: unknown) => void, reject });
      dispatch();
    });

  return {
    size,
    run: (task, ...args) => runWith({}, task, ...args),
    runWith,
    grow: () => {
      if (!closed) countVerifyingThreads(size - allowed);
      allowed = size;
      dispatch();
    },
    preloadWhenIdle: (task) => {
      idleTask = task;
      dispatch();
    },
    recycle: async () => {
      const idle = threads.filter((t) => !t.job);
      for (const t of idle) threads.splice(threads.indexOf(t), 1);
      await Promise.all(idle.map((t) => t.worker.terminate()));
    },
    close: async () => {
      if (!closed) countVerifyingThreads(-allowed);
      closed = true;
      for (const job of queue.splice(0)) job.reject(new Error('the task pool closed before this task ran'));
      await Promise.all(threads.splice(0).map((t) => t.worker.terminate()));
    },
  };
}

/**
 * @module
 * Where the time of a run goes, stage by stage, for profiling and benchmarks
 * (`npm run bench -- redact --stages`). A stage publishes its wall time and this
 * thread's CPU time on the `daylight:stage` diagnostics channel, and only when
 * something listens: otherwise `timeStage` is a plain call. Stages may nest and
 * may overlap (a tool's process runs while pdf.js reads here), so the figures are
 * per stage, not a partition of the whole; a stage that waits on another process
 * (`cpu: false`) reports its wall time only.
 *
 * With DAYLIGHT_STAGE_TIMES=FILE in the environment, every thread of every process
 * that loads this module appends each stage as a JSON line (with its pid and thread)
 * to FILE: how `npm run bench -- batch-ten --stages` sees inside `daylight batch`.
 *
 * ```ts
 * const doc = await timeStage('extract', () => extractDocument(source));
 * const times = collectStages(); await run(); times.stop(); console.table(times.totals());
 * ```
 */
import { channel, subscribe, unsubscribe } from 'node:diagnostics_channel';
import { appendFileSync } from 'node:fs';
import { isMainThread, threadId } from 'node:worker_threads';

export const STAGE_CHANNEL = 'daylight:stage';
const stages = channel(STAGE_CHANNEL);

export interface StageTime {
  stage: string;
  wallMs: number;
  /** CPU time of this thread while the stage ran (other work interleaved on the thread included); absent for waits. */
  cpuMs?: number;
}

/** Runs `fn` as stage `stage`; `cpu: false` for a wait on another process, whose thread CPU means nothing. */
export async function timeStage<T>(stage: string, fn: () => Promise<T> | T, options: { cpu?: boolean } = {}): Promise<T> {
  if (!stages.hasSubscribers) return fn();
  const wall = performance.now();
  const cpu = threadCpu();
  try {
    return await fn();
  } finally {
    publish(stage, wall, options.cpu === false ? undefined : cpu);
  }
}

/** The synchronous form of `timeStage`. */
export function timeStageSync<T>(stage: string, fn: () => T): T {
  if (!stages.hasSubscribers) return fn();
  const wall = performance.now();
  const cpu = threadCpu();
  try {
    return fn();
  } finally {
    publish(stage, wall, cpu);
  }
}

/**
 * This thread's CPU time, up to now. Linux answers `process.threadCpuUsage` (getrusage for the
 * thread) with the running thread's time as of its last tick or switch, up to a tick behind, so
 * a short stage read as no CPU and the next stage was credited with it ("look at the renders"
 * read ~60 ms, ~270 ms really). Asking for the process's usage first makes the kernel bring the
 * running thread's time up to date (measured: 0.3 ms of work read as 0 in 87 % of 400 tries
 * alone, never after it). About 25 µs a reading, and only while someone listens.
 */
function threadCpu(since?: NodeJS.CpuUsage): NodeJS.CpuUsage {
  process.cpuUsage();
  return process.threadCpuUsage(since);
}

function publish(stage: string, wall: number, cpu: NodeJS.CpuUsage | undefined) {
  const used = cpu ? threadCpu(cpu) : undefined;
  const time: StageTime = { stage, wallMs: performance.now() - wall, ...(used ? { cpuMs: (used.user + used.system) / 1000 } : {}) };
  stages.publish(time);
}

export interface StageTotals {
  stage: string;
  calls: number;
  wallMs: number;
  cpuMs?: number;
}

/** Each stage's calls summed, in first-seen order. */
export function sumStages(times: Iterable<StageTime>): StageTotals[] {
  const byStage = new Map<string, StageTotals>();
  for (const t of times) {
    const sum = byStage.get(t.stage) ?? { stage: t.stage, calls: 0, wallMs: 0 };
    sum.calls++;
    sum.wallMs += t.wallMs;
    if (t.cpuMs !== undefined) sum.cpuMs = (sum.cpuMs ?? 0) + t.cpuMs;
    byStage.set(t.stage, sum);
  }
  return [...byStage.values()];
}

/** Listens on the channel (this thread only) until `stop`; `totals` sums each stage's calls (`sumStages`). */
export function collectStages(): { totals(): StageTotals[]; reset(): void; stop(): void } {
  let seen: StageTime[] = [];
  const listener = (message: unknown) => {
    seen.push(message as StageTime);
  };
  subscribe(STAGE_CHANNEL, listener);
  return {
    totals: () => sumStages(seen),
    reset: () => {
      seen = [];
    },
    stop: () => {
      unsubscribe(STAGE_CHANNEL, listener);
    },
  };
}

/**
 * Publishes, as stage `stage`, what this thread has used since it started: its wall time
 * since its start and its CPU time. For start-up: how long a process or a worker thread
 * took to get to its first real work.
 */
export function markSinceStart(stage: string): void {
  if (!stages.hasSubscribers) return;
  const cpu = threadCpu();
  stages.publish({ stage, wallMs: performance.now(), cpuMs: (cpu.user + cpu.system) / 1000 } satisfies StageTime);
}

/** Stage names of the whole-life figures the sink adds when a process ends (see below). */
export const WHOLE_MAIN_THREAD = 'whole run: main thread of a process';
export const WHOLE_PROCESS = 'whole run: every thread of a process';

const sink = process.env.DAYLIGHT_STAGE_TIMES;
if (sink && isMainThread) {
  // The process's own CPU, all threads together, as it ends: what is left of a run's CPU is
  // other processes' (the supervisor, the tool runner, the tools).
  process.once('exit', () => {
    const all = process.cpuUsage();
    markSinceStart(WHOLE_MAIN_THREAD);
    stages.publish({ stage: WHOLE_PROCESS, wallMs: performance.now(), cpuMs: (all.user + all.system) / 1000 } satisfies StageTime);
  });
}
if (sink) {
  subscribe(STAGE_CHANNEL, (message) => {
    try {
      appendFileSync(sink, `${JSON.stringify({ pid: process.pid, thread: threadId, ...(message as StageTime) })}\n`);
    } catch {
      // Profiling only: a sink that cannot be written loses its lines, never the run.
    }
  });
}

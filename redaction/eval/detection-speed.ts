/**
 * @module
 * Detection's throughput as the issue states its target: pages per CPU second of detection alone, on the thread
 * that detects. Extraction is done before and left out, and CPU time rather than wall time keeps other processes'
 * load on a shared machine out of the figure. The batch is timed as one batch, as `daylight batch` detects it.
 * Each document's share (its scan and its findings) is timed too, so the slowest document shows: one runaway
 * pattern on one page would otherwise hide in a batch's total.
 *
 * Two ways to run it:
 * - `isolatedDetectionSpeed` (the eval's): the corpus alone in a fresh worker thread. Its first pass is reported as
 *   the cold figure (what a one-off batch of these documents costs, JIT warm-up included); then warm-up passes until
 *   at least `WARM_UP_PAGES` pages have been detected, then `passes` timed passes, each on a fresh copy of the
 *   documents (per-page memos do not carry over) after a full GC (a pass does not pay for the last one's garbage,
 *   but pays for its own). The median pass is reported, with the CPU time of every thread of the process in that
 *   pass (V8's background compiler and GC threads too) beside the detecting thread's.
 *   Why a fresh thread: the same code gave the filled forms 77 in one `npm run eval` process and 132 in another.
 *   A process that has detected gov-pdfs first, or started its timing two passes after its first, times code
 *   whose shape depends on what ran before it (see detect17's notes); a fresh isolate detects one corpus only.
 * - `detectionSpeed`: in this thread, after one warm-up pass unless the caller has just detected the batch; for
 *   tests and benchmarks that hold their own process.
 *
 * ```ts
 * const speed = await isolatedDetectionSpeed(documents, policy); // { pages, cpuSeconds, pagesPerCpuSecond, cold, ... }
 * ```
 */
import { loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Document } from '../../pipeline/model/types.ts';
import { batchDetection, detectDocuments } from '../detect/run.ts';
import type { Policy } from '../policy/types.ts';

/** Issue 14's target: detection throughput on real documents, per core. */
export const TARGET_PAGES_PER_CPU_SECOND = 150;
/**
 * Pages a fresh thread detects before its passes are timed. The filled forms (21 pages) ran at a third of their
 * warm speed in their first pass and reached it by the third or fourth (detect17, `vary.ts`); gov-pdfs (608 pages)
 * after its first. So a small corpus is warmed up over several passes and a large one over one.
 */
export const WARM_UP_PAGES = 200;

export interface DetectionSpeed {
  pages: number;
  /** CPU time of the detecting thread for one timed pass over the batch (the median pass). */
  cpuSeconds: number;
  pagesPerCpuSecond: number;
  /** The machine's one-minute load average when the timed passes ended: the noise around the figure. */
  load: number;
  /** The document whose detection took the most CPU time in the timed pass (its index in the batch), if any. */
  slowest?: { document: number; pages: number; cpuSeconds: number };
  /** How many timed passes were run; the figures are the median pass's. */
  passes: number;
  /** With more than one pass: the fastest and slowest pass, pages per CPU second. */
  range?: { low: number; high: number };
  /** Measured in a fresh worker thread (`isolatedDetectionSpeed`): the fields below are set. */
  isolated?: {
    /** The thread's first pass, JIT warm-up included: what a one-off batch of these documents costs. */
    cold: { cpuSeconds: number; pagesPerCpuSecond: number };
    /** Untimed passes after the cold one, before the timed ones. */
    warmUpPasses: number;
    /** CPU time of every thread of the process in the median pass: V8's compiler and GC threads besides detection's. */
    allThreadsCpuSeconds: number;
    allThreadsPagesPerCpuSecond: number;
  };
}

function cpuSince(c0: NodeJS.CpuUsage): number {
  const c = process.threadCpuUsage(c0);
  return (c.user + c.system) / 1e6;
}

interface Pass {
  cpuSeconds: number;
  perDocument: number[];
  allThreadsCpuSeconds: number;
}

export function detectionSpeed(documents: readonly Document[], policy: Policy, options: { warmUp?: boolean; passes?: number } = {}): DetectionSpeed {
  if (options.warmUp !== false) detectDocuments([...documents], policy);
  const passes = Math.max(1, Math.floor(options.passes ?? 1));
  return summarise(documents, Array.from({ length: passes }, () => timedPass(documents, policy)));
}

/** The median pass's figures, with the range over the passes. */
export function summarise(documents: readonly Document[], timed: Pass[]): DetectionSpeed {
  const passes = timed.length;
  const byCpu = [...timed].sort((a, b) => a.cpuSeconds - b.cpuSeconds);
  const median = byCpu[Math.floor((byCpu.length - 1) / 2)];
  const pages = documents.reduce((n, d) => n + d.pages.length, 0);
  const rate = (cpuSeconds: number) => (cpuSeconds > 0 ? pages / cpuSeconds : 0);
  const worst = median.perDocument.reduce((w, s, i) => (s > median.perDocument[w] ? i : w), 0);
  const slowest = documents.length ? { document: worst, pages: documents[worst].pages.length, cpuSeconds: median.perDocument[worst] } : undefined;
  const range = passes > 1 ? { low: rate(byCpu[byCpu.length - 1].cpuSeconds), high: rate(byCpu[0].cpuSeconds) } : undefined;
  return { pages, cpuSeconds: median.cpuSeconds, pagesPerCpuSecond: rate(median.cpuSeconds), load: loadavg()[0], ...(slowest ? { slowest } : {}), passes, ...(range ? { range } : {}) };
}

/** One pass as `daylight batch` detects: every document scanned, then every document's findings, each timed apart. */
export function timedPass(documents: readonly Document[], policy: Policy): Pass {
  const perDocument = documents.map(() => 0);
  const all0 = process.cpuUsage();
  const c0 = process.threadCpuUsage();
  const batch = batchDetection(policy);
  documents.forEach((document, i) => {
    const d0 = process.threadCpuUsage();
    batch.scan(document);
    perDocument[i] += cpuSince(d0);
  });
  documents.forEach((document, i) => {
    const d0 = process.threadCpuUsage();
    batch.findings(i, document);
    perDocument[i] += cpuSince(d0);
  });
  const cpuSeconds = cpuSince(c0);
  const all = process.cpuUsage(all0);
  return { cpuSeconds, perDocument, allThreadsCpuSeconds: (all.user + all.system) / 1e6 };
}

export interface IsolatedOptions {
  /** Timed passes after the warm-up; the median is reported. */
  passes?: number;
  /** Pages detected (the cold pass included) before the first timed pass. */
  warmUpPages?: number;
}

/**
 * The corpus's detection speed measured alone in a fresh worker thread (see the module's note): a cold first pass,
 * warm-up, then `passes` timed passes on fresh copies after a full GC. The documents are copied to the thread.
 * Resolves to an error value if the thread fails.
 */
export function isolatedDetectionSpeed(documents: readonly Document[], policy: Policy, options: IsolatedOptions = {}): Promise<DetectionSpeed> {
  const worker = new Worker(new URL('./detection-speed-worker.ts', import.meta.url), {
    workerData: { documents, policy, passes: Math.max(1, Math.floor(options.passes ?? 5)), warmUpPages: options.warmUpPages ?? WARM_UP_PAGES },
  });
  return new Promise((resolve, reject) => {
    worker.once('message', (speed: DetectionSpeed) => resolve(speed));
    worker.once('error', (error) => reject(new Error(`eval.speed-thread: the detection-speed thread failed: ${error.message}`)));
    worker.once('exit', (code) => reject(new Error(`eval.speed-thread: the detection-speed thread exited (${code}) before it reported`)));
  });
}

/** The worker's side: everything but the thread. Exported so a test can run it in its own thread. */
export function steadySpeed(documents: readonly Document[], policy: Policy, options: { passes: number; warmUpPages: number; gc: () => void }): DetectionSpeed {
  const fresh = () => structuredClone(documents) as Document[];
  const pages = documents.reduce((n, d) => n + d.pages.length, 0);
  const cold = timedPass(fresh(), policy);
  let warmed = pages;
  let warmUpPasses = 0;
  while (warmUpPasses < 1 || warmed < options.warmUpPages) {
    detectDocuments(fresh(), policy);
    warmed += pages;
    warmUpPasses++;
    if (pages === 0) break;
  }
  const timed: Pass[] = [];
  for (let i = 0; i < options.passes; i++) {
    const copy = fresh();
    options.gc();
    timed.push(timedPass(copy, policy));
  }
  const speed = summarise(documents, timed);
  const median = [...timed].sort((a, b) => a.cpuSeconds - b.cpuSeconds)[Math.floor((timed.length - 1) / 2)];
  const rate = (cpuSeconds: number) => (cpuSeconds > 0 ? pages / cpuSeconds : 0);
  return {
    ...speed,
    isolated: {
      cold: { cpuSeconds: cold.cpuSeconds, pagesPerCpuSecond: rate(cold.cpuSeconds) },
      warmUpPasses,
      allThreadsCpuSeconds: median.allThreadsCpuSeconds,
      allThreadsPagesPerCpuSecond: rate(median.allThreadsCpuSeconds),
    },
  };
}

/**
 * One line for a report: "608 pages, 4.1 CPU s: 148 pages per CPU second (target 150; load 2.1); slowest document:
 * a.pdf, 12 pages in 0.31 CPU s". `name` names the slowest document (by its index), or says why it is not named.
 */
export function describeSpeed(s: DetectionSpeed, name: (document: number) => string = (i) => `document ${i + 1}`): string {
  const slowest = s.slowest ? `; slowest document: ${name(s.slowest.document)}, ${s.slowest.pages} pages in ${s.slowest.cpuSeconds.toFixed(2)} CPU s` : '';
  const passes = s.passes > 1 ? `, the median of ${s.passes} timed passes${s.range ? ` (${s.range.low.toFixed(0)}–${s.range.high.toFixed(0)})` : ''}` : '';
  const iso = s.isolated
    ? ` in a fresh worker thread after ${s.isolated.warmUpPasses} warm-up ${s.isolated.warmUpPasses === 1 ? 'pass' : 'passes'}, each on fresh copies after a full GC; counting every thread of the process ${s.isolated.allThreadsPagesPerCpuSecond.toFixed(0)}; the thread's cold first pass ${s.isolated.cold.pagesPerCpuSecond.toFixed(0)}`
    : '';
  return `${s.pages} pages, ${s.cpuSeconds.toFixed(2)} CPU s: **${s.pagesPerCpuSecond.toFixed(0)} pages per CPU second**${passes}${iso} (target ≥ ${TARGET_PAGES_PER_CPU_SECOND}; load ${s.load.toFixed(1)})${slowest}`;
}

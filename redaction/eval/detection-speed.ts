/**
 * @module
 * Detection's throughput as the issue states its target: pages per CPU second of detection alone, on the thread
 * that detects. Extraction is done before and left out, and CPU time rather than wall time keeps other processes'
 * load on a shared machine out of the figure. The batch is timed as one batch, as `daylight batch` detects it,
 * after a warm-up pass (JIT, compromise's lazy model) unless the caller has just detected it.
 *
 * ```ts
 * const speed = detectionSpeed(documents, policy); // { pages, cpuSeconds, pagesPerCpuSecond, load }
 * ```
 */
import { loadavg } from 'node:os';
import type { Document } from '../../pipeline/model/types.ts';
import { detectDocuments } from '../detect/run.ts';
import type { Policy } from '../policy/types.ts';

/** Issue 14's target: detection throughput on real documents, per core. */
export const TARGET_PAGES_PER_CPU_SECOND = 150;

export interface DetectionSpeed {
  pages: number;
  /** CPU time of the detecting thread for one timed pass over the batch. */
  cpuSeconds: number;
  pagesPerCpuSecond: number;
  /** The machine's one-minute load average when the timed pass ended: the noise around the figure. */
  load: number;
}

export function detectionSpeed(documents: readonly Document[], policy: Policy, options: { warmUp?: boolean } = {}): DetectionSpeed {
  if (options.warmUp !== false) detectDocuments([...documents], policy);
  const c0 = process.threadCpuUsage();
  detectDocuments([...documents], policy);
  const c = process.threadCpuUsage(c0);
  const cpuSeconds = (c.user + c.system) / 1e6;
  const pages = documents.reduce((n, d) => n + d.pages.length, 0);
  return { pages, cpuSeconds, pagesPerCpuSecond: cpuSeconds > 0 ? pages / cpuSeconds : 0, load: loadavg()[0] };
}

/** One line for a report: "608 pages, 4.1 CPU s: 148 pages per CPU second (target 150; load 2.1)". */
export function describeSpeed(s: DetectionSpeed): string {
  return `${s.pages} pages, ${s.cpuSeconds.toFixed(2)} CPU s: **${s.pagesPerCpuSecond.toFixed(0)} pages per CPU second** (target ≥ ${TARGET_PAGES_PER_CPU_SECOND}; load ${s.load.toFixed(1)})`;
}

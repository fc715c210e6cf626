/**
 * @module
 * Detection's throughput as the issue states its target: pages per CPU second of detection alone, on the thread
 * that detects. Extraction is done before and left out, and CPU time rather than wall time keeps other processes'
 * load on a shared machine out of the figure. The batch is timed as one batch, as `daylight batch` detects it,
 * after a warm-up pass (JIT, compromise's lazy model) unless the caller has just detected it. Each document's share
 * (its scan and its findings) is timed too, so the slowest document shows: one runaway pattern on one page would
 * otherwise hide in a batch's total.
 *
 * ```ts
 * const speed = detectionSpeed(documents, policy); // { pages, cpuSeconds, pagesPerCpuSecond, load, slowest }
 * ```
 */
import { loadavg } from 'node:os';
import type { Document } from '../../pipeline/model/types.ts';
import { batchDetection, detectDocuments } from '../detect/run.ts';
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
  /** The document whose detection took the most CPU time in the timed pass (its index in the batch), if any. */
  slowest?: { document: number; pages: number; cpuSeconds: number };
}

function cpuSince(c0: NodeJS.CpuUsage): number {
  const c = process.threadCpuUsage(c0);
  return (c.user + c.system) / 1e6;
}

export function detectionSpeed(documents: readonly Document[], policy: Policy, options: { warmUp?: boolean } = {}): DetectionSpeed {
  if (options.warmUp !== false) detectDocuments([...documents], policy);
  // detectDocuments' two passes, each document's part of each timed apart
  const perDocument = documents.map(() => 0);
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
  const pages = documents.reduce((n, d) => n + d.pages.length, 0);
  const worst = perDocument.reduce((w, s, i) => (s > perDocument[w] ? i : w), 0);
  const slowest = documents.length ? { document: worst, pages: documents[worst].pages.length, cpuSeconds: perDocument[worst] } : undefined;
  return { pages, cpuSeconds, pagesPerCpuSecond: cpuSeconds > 0 ? pages / cpuSeconds : 0, load: loadavg()[0], ...(slowest ? { slowest } : {}) };
}

/**
 * One line for a report: "608 pages, 4.1 CPU s: 148 pages per CPU second (target 150; load 2.1); slowest document:
 * a.pdf, 12 pages in 0.31 CPU s". `name` names the slowest document (by its index), or says why it is not named.
 */
export function describeSpeed(s: DetectionSpeed, name: (document: number) => string = (i) => `document ${i + 1}`): string {
  const slowest = s.slowest ? `; slowest document: ${name(s.slowest.document)}, ${s.slowest.pages} pages in ${s.slowest.cpuSeconds.toFixed(2)} CPU s` : '';
  return `${s.pages} pages, ${s.cpuSeconds.toFixed(2)} CPU s: **${s.pagesPerCpuSecond.toFixed(0)} pages per CPU second** (target ≥ ${TARGET_PAGES_PER_CPU_SECOND}; load ${s.load.toFixed(1)})${slowest}`;
}

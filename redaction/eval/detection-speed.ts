/**
 * @module
 * Detection's throughput as the issue states its target: pages per CPU second of detection alone, on the thread
 * that detects. Extraction is done before and left out, and CPU time rather than wall time keeps other processes'
 * load on a shared machine out of the figure. The batch is timed as one batch, as `daylight batch` detects it,
 * after a warm-up pass (JIT, compromise's lazy model) unless the caller has just detected it. Each document's share
 * (its scan and its findings) is timed too, so the slowest document shows: one runaway pattern on one page would
 * otherwise hide in a batch's total.
 *
 * `passes` times the batch that many times and reports the median pass. One pass over a small corpus (the 21 pages
 * of filled forms) ends before V8 has optimised detection's code, so its figure was mostly warm-up, and a single pass
 * on a shared machine moves by about a third; the median of three treats every corpus alike.
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
  /** How many timed passes were run; the figures are the median pass's. */
  passes: number;
  /** With more than one pass: the fastest and slowest pass, pages per CPU second. */
  range?: { low: number; high: number };
}

function cpuSince(c0: NodeJS.CpuUsage): number {
  const c = process.threadCpuUsage(c0);
  return (c.user + c.system) / 1e6;
}

export function detectionSpeed(documents: readonly Document[], policy: Policy, options: { warmUp?: boolean; passes?: number } = {}): DetectionSpeed {
  if (options.warmUp !== false) detectDocuments([...documents], policy);
  const passes = Math.max(1, Math.floor(options.passes ?? 1));
  const timed = Array.from({ length: passes }, () => timedPass(documents, policy));
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
function timedPass(documents: readonly Document[], policy: Policy): { cpuSeconds: number; perDocument: number[] } {
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
  return { cpuSeconds: cpuSince(c0), perDocument };
}

/**
 * One line for a report: "608 pages, 4.1 CPU s: 148 pages per CPU second (target 150; load 2.1); slowest document:
 * a.pdf, 12 pages in 0.31 CPU s". `name` names the slowest document (by its index), or says why it is not named.
 */
export function describeSpeed(s: DetectionSpeed, name: (document: number) => string = (i) => `document ${i + 1}`): string {
  const slowest = s.slowest ? `; slowest document: ${name(s.slowest.document)}, ${s.slowest.pages} pages in ${s.slowest.cpuSeconds.toFixed(2)} CPU s` : '';
  const passes = s.passes > 1 ? `, the median of ${s.passes} timed passes${s.range ? ` (${s.range.low.toFixed(0)}–${s.range.high.toFixed(0)})` : ''}` : '';
  return `${s.pages} pages, ${s.cpuSeconds.toFixed(2)} CPU s: **${s.pagesPerCpuSecond.toFixed(0)} pages per CPU second**${passes} (target ≥ ${TARGET_PAGES_PER_CPU_SECOND}; load ${s.load.toFixed(1)})${slowest}`;
}

/**
 * @module
 * Where a batch's memory goes, for `bench/hostile.ts --trace`: loaded with
 * `node --import` into a `daylight batch` process, it wraps each stage's `run`
 * (the stage objects are module singletons) and samples the process's resident
 * memory (VmRSS, every thread and native allocation) every 25 ms. At exit it
 * writes JSON to $DAYLIGHT_MEMORY_TRACE: per stage the resident memory when it
 * began and ended and its peak, and per document and stage the rise of the
 * peak while it ran (with the documents that ran beside it, since native
 * memory cannot be told apart by thread).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { DocumentRecord } from '../../pipeline/workspace/store/index.ts';
import { runsBatchHere } from '../../pipeline/batch/supervisor.ts';

const out = process.env.DAYLIGHT_MEMORY_TRACE;
if (!out) throw new Error('memory-trace.ts needs DAYLIGHT_MEMORY_TRACE=FILE');
// Loaded into the supervisor too (it passes its Node options on): only the batch process traces.
const tracing = runsBatchHere();

function rssMb(): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

interface Running {
  path: string;
  stage: string;
  startMb: number;
  peakMb: number;
  beside: Set<string>;
}

const stageStats = new Map<string, { firstMb: number; lastMb: number; peakMb: number; calls: number }>();
const documents: { path: string; stage: string; startMb: number; endMb: number; peakMb: number; ms: number; beside: string[] }[] = [];
const running = new Set<Running>();
let current = 'ingest';
let peak = 0;

const sampler = setInterval(() => {
  if (!tracing) return;
  const now = rssMb();
  peak = Math.max(peak, now);
  const s = stageStats.get(current);
  if (s) s.peakMb = Math.max(s.peakMb, now);
  for (const r of running) r.peakMb = Math.max(r.peakMb, now);
}, 25);
sampler.unref();

function enter(stage: string, paths: string[]): Running[] {
  if (current !== stage) {
    const before = stageStats.get(current);
    if (before) before.lastMb = rssMb();
    current = stage;
  }
  const now = rssMb();
  const s = stageStats.get(stage) ?? { firstMb: now, lastMb: now, peakMb: now, calls: 0 };
  s.calls += paths.length;
  stageStats.set(stage, s);
  const mine = paths.map((path) => ({ path, stage, startMb: now, peakMb: now, beside: new Set<string>() }));
  for (const r of mine) {
    for (const other of running) {
      other.beside.add(r.path);
      r.beside.add(other.path);
    }
    running.add(r);
  }
  return mine;
}

function leave(mine: Running[], started: number): void {
  const now = rssMb();
  for (const r of mine) {
    running.delete(r);
    documents.push({ path: r.path, stage: r.stage, startMb: r.startMb, endMb: now, peakMb: Math.max(r.peakMb, now), ms: performance.now() - started, beside: [...r.beside] });
  }
  const s = stageStats.get(mine[0]?.stage ?? current);
  if (s) s.lastMb = now;
}

// Loaded only where it traces: the stages pull in every library, which would swell the supervisor.
for (const stage of tracing ? (await import('../../pipeline/batch/stages.ts')).stages : []) {
  const original = stage.run.bind(stage) as (input: DocumentRecord | DocumentRecord[], ctx: unknown) => Promise<unknown>;
  (stage as { run: unknown }).run = async (input: DocumentRecord | DocumentRecord[], ctx: unknown) => {
    const mine = enter(stage.id, Array.isArray(input) ? input.map((d) => d.path) : [input.path]);
    const started = performance.now();
    try {
      return await original(input, ctx);
    } finally {
      leave(mine, started);
    }
  };
}

process.on('exit', () => {
  if (!tracing) return;
  const s = stageStats.get(current);
  if (s) s.lastMb = rssMb();
  const m = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'));
  writeFileSync(out, JSON.stringify({ hwmMb: m ? Number(m[1]) / 1024 : peak, sampledPeakMb: peak, stages: Object.fromEntries(stageStats), documents }));
});

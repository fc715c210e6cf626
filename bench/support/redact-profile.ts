/**
 * @module
 * Where a warm `redactFile` spends its CPU, by function: V8's sampling profiler over the
 * calling thread (where pdf.js, PDFium, pdf-lib and the checks run unless the opt-in pdf.js
 * threads are on), started after a warm-up so compilation of cold code is not counted, then
 * the self time grouped by function and by package or folder. Beside it, the CPU of the
 * whole process (GC and compiler threads included) and of its children (the verifier's tool
 * runner and tools) over the same rounds.
 *
 *   node bench/support/redact-profile.ts [--case fifth|every|ten] [--rounds N] [--top N] [--save FILE] [--no-profile]
 *
 * `--no-profile` prints only the CPU figures, without the profiler's own cost (to compare V8 flags, say).
 *
 * `ten` is ten 10-page reports (two pages with data each) one after another in this process: the
 * batch's per-document work without its worker threads and workspace.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { Profiler } from 'node:inspector';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';
import { redactFile } from '../../redaction/redact-file.ts';
import { liveDescendantsCpuSeconds } from './child-cpu.ts';
import { reportPdf } from './report-pdf.ts';

const { values } = parseArgs({ options: { case: { type: 'string', default: 'every' }, rounds: { type: 'string', default: '3' }, top: { type: 'string', default: '25' }, save: { type: 'string' }, 'no-profile': { type: 'boolean', default: false } } });
const policy = defaultPolicy();
const rounds = Number(values.rounds);

const inputs: Uint8Array[] =
  values.case === 'ten'
    ? await Promise.all(Array.from({ length: 10 }, (_, i) => reportPdf(10, (p) => p % 5 === 2, 11 + i)))
    : [await reportPdf(100, values.case === 'fifth' ? (p) => p % 5 === 2 : () => true)];

const cpu = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;

async function once() {
  for (const [i, bytes] of inputs.entries()) {
    const r = await redactFile({ bytes, fileName: `report-${i}.pdf` }, { policy, date: new Date(0) });
    if (!r.ok || !r.value.verification.ok) throw new Error(`report ${i} did not pass`);
  }
}

// Warm-up: two runs, so the hot code is optimised before the profile starts.
await once();
await once();
const profiling = !values['no-profile'];
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 250 });
const p0 = process.cpuUsage();
const t0 = process.threadCpuUsage();
const c0 = liveDescendantsCpuSeconds();
const w0 = performance.now();
if (profiling) await session.post('Profiler.start');
for (let r = 0; r < rounds; r++) await once();
const empty: Profiler.Profile = { nodes: [], startTime: 0, endTime: 0, samples: [], timeDeltas: [] };
const { profile } = profiling ? await session.post('Profiler.stop') : { profile: empty };
const wall = (performance.now() - w0) / 1000 / rounds;
const whole = cpu(process.cpuUsage(p0)) / rounds;
const thread = cpu(process.threadCpuUsage(t0)) / rounds;
const tools = (liveDescendantsCpuSeconds() - c0) / rounds;
session.disconnect();
if (values.save) writeFileSync(values.save, JSON.stringify(profile));

// Self time per node: the samples' time deltas, each charged to the node sampled.
const self = new Map<number, number>();
profile.samples!.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas![i] ?? 0)));
const byFunction = new Map<string, number>();
const byPlace = new Map<string, number>();
let sampled = 0;
for (const node of profile.nodes) {
  const us = self.get(node.id) ?? 0;
  if (!us) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const place = where(url, functionName);
  if (place !== '(idle)') sampled += us;
  const key = `${functionName || '(anonymous)'} ${short(url)}:${lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  byPlace.set(place, (byPlace.get(place) ?? 0) + us);
}

function short(url: string): string {
  return url.replace(/^file:\/\/.*?\/node_modules\//, '').replace(/^file:\/\/.*?\/write15\//, '').replace(/^file:\/\/\/work\/[^/]+\/[^/]+\//, '');
}

/** A package (node_modules/NAME), a folder of ours, Node's own code, or V8's pseudo-frames. */
function where(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return 'node:*';
  const ours = short(url).split('/');
  return ours.slice(0, Math.min(2, ours.length - 1)).join('/') || ours[0];
}

const s = (us: number) => (us / 1e6 / rounds).toFixed(3);
const top = Number(values.top);
const lines = [
  `case ${values.case}, ${rounds} warm round(s), load ${loadavg()[0].toFixed(1)}: per round wall ${wall.toFixed(2)} s; CPU this thread ${thread.toFixed(2)} s, whole process ${whole.toFixed(2)} s (other threads ${(whole - thread).toFixed(2)}: GC, compiler, PDFium/pdf.js threads if on), children ${tools.toFixed(2)} s (tool runner + pdftotext + mutool); sampled JS+native on this thread ${s(sampled)} s`,
  '',
  '| where (self time) | CPU s a round | share of sampled |',
  '| --- | ---: | ---: |',
  ...[...byPlace].sort((a, b) => b[1] - a[1]).filter(([k]) => k !== '(idle)').slice(0, 20).map(([k, us]) => `| ${k} | ${s(us)} | ${((100 * us) / sampled).toFixed(1)} % |`),
  '',
  '| function (self time) | CPU s a round | share |',
  '| --- | ---: | ---: |',
  ...[...byFunction].sort((a, b) => b[1] - a[1]).filter(([k]) => !k.startsWith('(idle)')).slice(0, top).map(([k, us]) => `| ${k} | ${s(us)} | ${((100 * us) / sampled).toFixed(1)} % |`),
];
process.stdout.write(`${lines.join('\n')}\n`);

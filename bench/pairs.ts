/**
 * @module
 * `npm run bench -- pairs --baseline DIR`: one command as a user runs it, this checkout against another, in many alternating rounds.
 * On this shared machine one run's wall and CPU time wander by 20-50 % with what else runs, more
 * than most changes: two or three rounds cannot tell them apart. Here the two sides take turns
 * (old, new, new, old, ...), so both see the same load, and each round's figures are printed with
 * the median, the spread and the paired differences (new minus old in the same round).
 *
 *   node bench/pairs.ts --baseline DIR [--rounds 8] [--case batch-ten|redact-ten|redact-fifth]
 *   node bench/pairs.ts --env-old DAYLIGHT_TOOL_CONCURRENCY=1   # the same checkout, the old side with a variable set
 *
 * Cases: `batch-ten`, `daylight batch` of ten 10-page reports (personal data on two pages each;
 * the files of `bench batch-ten`); `redact-ten`, one-shot `daylight redact` of one such report;
 * `redact-fifth`, `daylight redact` of the 100-page report with boxes on a fifth of its pages (the
 * file of `bench redact`). CPU is the whole process tree's, orphans included (`support/tree-cpu.ts`),
 * and so is the peak resident memory, sampled every 50 ms (a lower bound: a tool shorter than
 * a sample can be missed). One untimed run of each side comes first (page and compile caches).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { reportPdf } from './support/report-pdf.ts';
import { treeCpuAndRss } from './support/tree-cpu.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    baseline: { type: 'string' },
    rounds: { type: 'string', default: '8' },
    case: { type: 'string', default: 'batch-ten' },
    'env-old': { type: 'string', multiple: true, default: [] },
    'env-new': { type: 'string', multiple: true, default: [] },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  process.stdout.write('node bench/pairs.ts [--baseline DIR] [--rounds N] [--case batch-ten|redact-ten|redact-fifth] [--env-old K=V ...] [--env-new K=V ...]\n');
  process.exit(0);
}
const cases = ['batch-ten', 'redact-ten', 'redact-fifth'];
if (!cases.includes(values.case!)) throw new Error(`--case is one of ${cases.join(', ')}`);
const envOf = (pairs: string[]) => Object.fromEntries(pairs.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
const sides = [
  { name: 'old', bin: join(values.baseline ?? root, 'bin', 'daylight.mjs'), env: envOf(values['env-old']!), label: `${values.baseline ?? 'this checkout'}${values['env-old']!.length ? ` with ${values['env-old']!.join(' ')}` : ''}` },
  { name: 'new', bin: join(root, 'bin', 'daylight.mjs'), env: envOf(values['env-new']!), label: `this checkout${values['env-new']!.length ? ` with ${values['env-new']!.join(' ')}` : ''}` },
];
if (!values.baseline && !values['env-old']!.length && !values['env-new']!.length) process.stderr.write('pairs: no --baseline and no --env-old/--env-new: both sides are the same\n');
const rounds = Math.max(1, Number(values.rounds) || 8);

interface Run {
  wall: number;
  cpu: number;
  rssMb: number;
  load: number;
}

const dir = mkdtempSync(join(tmpdir(), 'daylight-bench-pairs-'));
try {
  const withData = (p: number) => p % 5 === 2;
  let args: (out: string) => string[];
  if (values.case === 'batch-ten') {
    const ten = join(dir, 'ten');
    mkdirSync(ten);
    for (let i = 0; i < 10; i++) writeFileSync(join(ten, `report-${String(i + 1).padStart(2, '0')}.pdf`), await reportPdf(10, withData, 7 + i * 1009));
    args = (out) => ['batch', ten, '--workspace', out, '--quiet', '--json'];
  } else {
    const file = join(dir, 'report.pdf');
    writeFileSync(file, values.case === 'redact-ten' ? await reportPdf(10, withData, 7) : await reportPdf(100, withData));
    args = (out) => ['redact', file, '-o', join(out, 'release.pdf')];
  }
  const once = async (side: (typeof sides)[number]): Promise<Run> => {
    const out = join(dir, `out-${side.name}`);
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out);
    const load = loadavg()[0];
    const r = await treeCpuAndRss([process.execPath, side.bin, ...args(out)], { env: { ...process.env, ...side.env } });
    if (r.status !== 0) throw new Error(`${side.name} exited ${r.status}: ${r.stderr.slice(-600)}`);
    return { wall: r.wall, cpu: r.cpu, rssMb: r.peakRssMb, load };
  };
  for (const side of sides) await once(side);
  const runs: Run[][] = [[], []];
  for (let r = 0; r < rounds; r++) {
    // Old first in even rounds, new first in odd ones: neither side always follows the other.
    for (const i of r % 2 === 0 ? [0, 1] : [1, 0]) runs[i].push(await once(sides[i]));
    process.stderr.write(`pairs: round ${r + 1}/${rounds}: old ${runs[0][r].cpu.toFixed(2)} CPU s, new ${runs[1][r].cpu.toFixed(2)} CPU s (load ${loadavg()[0].toFixed(1)})\n`);
  }
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const median = (xs: number[]) => {
    const s = sorted(xs);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  const spread = (xs: number[]) => `${median(xs).toFixed(2)} (${sorted(xs)[0].toFixed(2)}-${sorted(xs).at(-1)!.toFixed(2)})`;
  const diffs = (k: keyof Run) => runs[1].map((n, i) => n[k] - runs[0][i][k]);
  const fewer = (k: keyof Run) => diffs(k).filter((d) => d < 0).length;
  const lines = [
    `### ${values.case}: ${rounds} rounds, sides taking turns (load ${sorted(runs.flat().map((r) => r.load))[0].toFixed(1)}-${sorted(runs.flat().map((r) => r.load)).at(-1)!.toFixed(1)} at the runs' starts)`,
    '',
    `old: ${sides[0].label}; new: ${sides[1].label}`,
    '',
    '| round | load | old wall s | new wall s | old CPU s | new CPU s | old peak RSS MB | new peak RSS MB |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...runs[0].map((o, i) => {
      const n = runs[1][i];
      return `| ${i + 1} | ${o.load.toFixed(1)} | ${o.wall.toFixed(2)} | ${n.wall.toFixed(2)} | ${o.cpu.toFixed(2)} | ${n.cpu.toFixed(2)} | ${o.rssMb.toFixed(0)} | ${n.rssMb.toFixed(0)} |`;
    }),
    '',
    '| figure | old: median (min-max) | new: median (min-max) | new − old in the same round: median (min-max) | rounds where new is lower |',
    '| --- | --- | --- | --- | ---: |',
    ...(['wall', 'cpu', 'rssMb'] as const).map((k) => `| ${{ wall: 'wall s', cpu: 'CPU s', rssMb: 'peak RSS MB' }[k]} | ${spread(runs[0].map((r) => r[k]))} | ${spread(runs[1].map((r) => r[k]))} | ${spread(diffs(k))} | ${fewer(k)}/${rounds} |`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

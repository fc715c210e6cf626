/**
 * @module
 * `npm run bench -- batch-ten`: a batch of ten 10-page born-digital reports (personal
 * data on two pages of each) through `daylight batch`, as a user runs it (the whole
 * process: Node start, module loading, worker threads, extraction, detection,
 * redaction, verification, the workspace), beside a PyMuPDF loop over the same files
 * in the same run (one Python process: open, search the same personal data,
 * apply_redactions, save each file). Wall and CPU seconds of each whole process (CPU:
 * every thread and child), and the ratio. Also `daylight batch` on one 2-page report
 * alone: the fixed cost a batch pays whatever its size.
 *
 *   node bench/batch-ten.ts [--runs N]    # median of N runs each (default 1)
 *   node bench/batch-ten.ts --baseline DIR  # also another checkout's `daylight batch` (before/after in one run)
 *   node bench/batch-ten.ts --stages        # also where the ten-report batch's time goes (its last run): CPU by
 *                                           # thread and process, start-up included, then stage by stage
 *
 * Target (issue 17): within 3× of the PyMuPDF loop. The machine is shared and noisy:
 * read the ratios, not the seconds; the load average is printed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { childCpuSeconds } from './support/child-cpu.ts';
import { pymupdf } from './support/pymupdf.ts';
import type { PeerJob } from './support/pymupdf.ts';
import { reportPdf, reportSecrets } from './support/report-pdf.ts';
import { stageTable } from './support/stage-table.ts';
import { WHOLE_MAIN_THREAD, WHOLE_PROCESS } from '../pipeline/stage-times.ts';
import type { StageTime } from '../pipeline/stage-times.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const daylight = join(root, 'bin', 'daylight.mjs');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '1' }, baseline: { type: 'string' }, stages: { type: 'boolean', default: false } } });
const baseline = values.baseline ? join(values.baseline, 'bin', 'daylight.mjs') : undefined;
const runs = Math.max(1, Number(values.runs) || 1);
const withData = (p: number) => p % 5 === 2;

interface Timing {
  wall: number;
  cpu: number;
}

/** Wall and CPU seconds of `fn`'s child processes, which must have ended when it returns. */
function measured(fn: () => void): Timing {
  const cpu = childCpuSeconds();
  const start = performance.now();
  fn();
  return { wall: (performance.now() - start) / 1000, cpu: childCpuSeconds() - cpu };
}

/** `daylight batch FOLDER` on a fresh workspace; throws unless every document is ready for review. */
function daylightBatch(folder: string, workspace: string, bin = daylight, stageFile?: string): Timing {
  rmSync(workspace, { recursive: true, force: true });
  if (stageFile) rmSync(stageFile, { force: true });
  const env = stageFile ? { ...process.env, DAYLIGHT_STAGE_TIMES: stageFile } : process.env;
  let status: number | null = null;
  let stderr = '';
  const t = measured(() => {
    const r = spawnSync(process.execPath, [bin, 'batch', folder, '--workspace', workspace, '--quiet', '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env });
    status = r.status;
    stderr = r.stderr;
  });
  if (status !== 0) throw new Error(`daylight batch exited ${status}: ${stderr.slice(-600)}`);
  return t;
}

const median = (xs: Timing[]): Timing => {
  const m = (k: keyof Timing) => xs.map((x) => x[k]).sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { wall: m('wall'), cpu: m('cpu') };
};

/**
 * The last ten-report run's CPU by where it ran: the batch process's main thread and its
 * worker threads (each with its start-up: Node and module loading before the first real
 * work), and every other process (the supervisor, the verifier's tool runner, the tools).
 */
function cpuPartition(lines: string, totalCpu: number): string[] {
  const times = lines.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as StageTime);
  const sum = (test: (stage: string) => boolean) => times.filter((t) => test(t.stage)).reduce((a, t) => a + (t.cpuMs ?? 0), 0) / 1000;
  const all = sum((s) => s === WHOLE_PROCESS);
  const main = sum((s) => s === WHOLE_MAIN_THREAD);
  const mainStart = sum((s) => s.startsWith('start-up:') && s.includes('(main thread)'));
  const workerStart = sum((s) => s.startsWith('start-up:') && !s.includes('(main thread)'));
  const row = (label: string, cpu: number) => `| ${label} | ${cpu.toFixed(2)} | ${((100 * cpu) / totalCpu).toFixed(0)} % |`;
  return [
    'Where the ten-report batch’s CPU went (last run; start-up: from a thread’s start to its first work, module loading included)',
    '',
    '| where | CPU s | share |',
    '| --- | ---: | ---: |',
    row('batch process, main thread', main),
    row('… of which start-up (Node, modules) to the command running', mainStart),
    row('batch process, worker threads', all - main),
    row('… of which start-up (thread start, task modules)', workerStart),
    row('other processes: supervisor, tool runner, outside tools', totalCpu - all),
    row('whole run', totalCpu),
  ];
}

const dir = mkdtempSync(join(tmpdir(), 'daylight-bench-batch-ten-'));
try {
  const ten = join(dir, 'ten');
  const one = join(dir, 'one');
  const peerOut = join(dir, 'peer-out');
  for (const d of [ten, one, peerOut]) mkdirSync(d);
  const jobs: PeerJob[] = [];
  for (let i = 0; i < 10; i++) {
    const file = join(ten, `report-${String(i + 1).padStart(2, '0')}.pdf`);
    writeFileSync(file, await reportPdf(10, withData, 7 + i * 1009));
    const strings: Record<string, string[]> = {};
    for (let p = 0; p < 10; p++) if (withData(p)) strings[String(p + 1)] = reportSecrets(p);
    jobs.push({ file, strings, out: join(peerOut, `report-${i + 1}.pdf`) });
  }
  writeFileSync(join(one, 'small.pdf'), await reportPdf(2, (p) => p === 1, 99991));

  const loadBefore = loadavg()[0].toFixed(1);
  const ours: Timing[] = [];
  const small: Timing[] = [];
  const peer: Timing[] = [];
  const base: Timing[] = [];
  const baseSmall: Timing[] = [];
  for (let r = 0; r < runs; r++) {
    // With a baseline, the two checkouts take turns going first: the load of a shared machine drifts during a run.
    const sides = [
      () => {
        ours.push(daylightBatch(ten, join(dir, 'ws-ten'), daylight, values.stages ? join(dir, 'stages.jsonl') : undefined));
        small.push(daylightBatch(one, join(dir, 'ws-one')));
      },
      ...(baseline
        ? [
            () => {
              base.push(daylightBatch(ten, join(dir, 'ws-ten'), baseline));
              baseSmall.push(daylightBatch(one, join(dir, 'ws-one'), baseline));
            },
          ]
        : []),
    ];
    for (const side of r % 2 === 0 ? sides : sides.reverse()) side();
    let ran = false;
    peer.push(measured(() => (ran = pymupdf(jobs) !== undefined)));
    if (!ran) throw new Error('the PyMuPDF peer did not run');
  }
  const loadAfter = loadavg()[0].toFixed(1);
  const [d, s, p] = [median(ours), median(small), median(peer)];
  const row = (label: string, t: Timing) => `| ${label} | ${t.wall.toFixed(1)} | ${t.cpu.toFixed(1)} | ${(t.wall / p.wall).toFixed(1)}× | ${(t.cpu / p.cpu).toFixed(1)}× |`;
  console.log(`### Batch of ten 10-page reports, whole processes, same files, same run (median of ${runs})\n`);
  console.log(`1-minute load average ${loadBefore} before, ${loadAfter} after: wall ratios follow what else runs; CPU ratios much less.\n`);
  console.log('| command | wall s | CPU s | wall ÷ PyMuPDF | CPU ÷ PyMuPDF |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  console.log(row('`daylight batch ten/` (100 pages, 20 with personal data)', d));
  console.log(row('`daylight batch one/` (one 2-page report: the fixed cost)', s));
  if (baseline) {
    console.log(row(`baseline \`${values.baseline}\`: \`daylight batch ten/\``, median(base)));
    console.log(row(`baseline \`${values.baseline}\`: \`daylight batch one/\``, median(baseSmall)));
  }
  console.log(row('PyMuPDF loop, one `python3` process (open, search, apply_redactions, save)', p));
  console.log('\nTarget: the ten-report batch within 3× of the PyMuPDF loop (wall).');
  if (values.stages) {
    const lines = readFileSync(join(dir, 'stages.jsonl'), 'utf8');
    console.log(`\n${cpuPartition(lines, ours.at(-1)!.cpu).join('\n')}`);
    console.log(`\n${stageTable(lines, 'the ten-report batch (last run)').join('\n')}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

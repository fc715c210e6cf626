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
 *                                           # thread and process, start-up included, then stage by stage, then
 *                                           # what each worker thread's first tasks cost over warm ones
 *   node bench/batch-ten.ts --per-document  # also the fixed costs: what a document costs beyond its pages, what
 *                                           # a second worker thread costs, and CPU per document in a long batch
 *
 * CPU is the whole process tree's, orphans included (`support/tree-cpu.ts`): the verifier's
 * tool runners outlive the batch process, and their tools' CPU used to go uncounted.
 * Target (issue 17): within 3× of the PyMuPDF loop. The machine is shared and noisy:
 * read the ratios, not the seconds; the load average is printed.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { childCpuSeconds } from './support/child-cpu.ts';
import { treeCpu } from './support/tree-cpu.ts';
import { pymupdf } from './support/pymupdf.ts';
import type { PeerJob } from './support/pymupdf.ts';
import { reportPdf, reportSecrets } from './support/report-pdf.ts';
import { stageTable } from './support/stage-table.ts';
import { WHOLE_MAIN_THREAD, WHOLE_PROCESS } from '../pipeline/stage-times.ts';
import type { StageTime } from '../pipeline/stage-times.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const daylight = join(root, 'bin', 'daylight.mjs');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '1' }, baseline: { type: 'string' }, stages: { type: 'boolean', default: false }, 'per-document': { type: 'boolean', default: false } } });
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

/** `daylight batch FOLDER` on a fresh workspace, CPU of its whole tree; throws unless every document is ready for review. */
function daylightBatch(folder: string, workspace: string, bin = daylight, stageFile?: string, extra: string[] = []): Timing {
  rmSync(workspace, { recursive: true, force: true });
  if (stageFile) rmSync(stageFile, { force: true });
  const env = stageFile ? { ...process.env, DAYLIGHT_STAGE_TIMES: stageFile } : process.env;
  const r = treeCpu([process.execPath, bin, 'batch', folder, '--workspace', workspace, '--quiet', '--json', ...extra], { env });
  if (r.status !== 0) throw new Error(`daylight batch exited ${r.status}: ${r.stderr.slice(-600)}`);
  return { wall: r.wall, cpu: r.cpu };
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

/**
 * What a worker thread pays to warm up, task by task: each thread's first task of a kind
 * against the median of that kind's later tasks (the same work on a warm thread: its code
 * compiled and optimised, its libraries' first-use set-up done). The difference, summed over
 * the threads, is CPU the batch spends because it starts threads, not because of its pages;
 * the module loading before each first task is counted apart, and V8's background
 * compilation threads add to it (they show only in the process's total).
 */
function warmUp(lines: string): string[] {
  const times = lines.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as StageTime & { pid?: number; thread?: number });
  const rows: string[] = [];
  let extra = 0;
  for (const task of [...new Set(times.filter((t) => t.stage.startsWith('task: ')).map((t) => t.stage))]) {
    const byThread = new Map<string, number[]>();
    for (const t of times) if (t.stage === task && t.cpuMs !== undefined) byThread.set(`${t.pid}/${t.thread}`, [...(byThread.get(`${t.pid}/${t.thread}`) ?? []), t.cpuMs]);
    const firsts = [...byThread.values()].map((xs) => xs[0]);
    const later = [...byThread.values()].flatMap((xs) => xs.slice(1)).sort((a, b) => a - b);
    if (!later.length) continue;
    const warm = later[Math.floor(later.length / 2)];
    const over = firsts.reduce((a, f) => a + Math.max(0, f - warm), 0);
    extra += over;
    const modules = times.filter((t) => t.stage === task.replace('task: ', 'start-up: load the modules of task ')).reduce((a, t) => a + (t.cpuMs ?? 0), 0);
    rows.push(`| ${task.replace('task: ', '')} | ${byThread.size} | ${(firsts.reduce((a, f) => a + f, 0) / firsts.length / 1000).toFixed(2)} | ${(warm / 1000).toFixed(2)} | ${(over / 1000).toFixed(2)} | ${(modules / 1000).toFixed(2)} |`);
  }
  return [
    'Warm-up of the worker threads (last run): each thread’s first task of a kind against the same kind’s later tasks (CPU s of the thread)',
    '',
    '| task | threads | first task on a thread (mean) | a later task (median) | first − later, all threads | loading its modules, all threads |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `The threads’ first tasks cost ${(extra / 1000).toFixed(2)} CPU s more than warm ones would, besides module loading and V8’s background compilation.`,
  ];
}

/**
 * What a document costs beyond its pages, and what a second worker thread costs, in CPU
 * seconds of the whole process tree (median of the runs; with a baseline, the checkouts
 * take turns): ten 1-page reports against one 10-page report with the same text, one
 * document at a time; the ten at two at a time against one; and forty 1-page reports, one
 * at a time, per document (a long batch: what a thread's replacement adds shows there).
 */
async function perDocument(dir: string): Promise<string[]> {
  const folders = { singles: join(dir, 'singles'), tenPage: join(dir, 'ten-page'), long: join(dir, 'long') };
  for (const f of Object.values(folders)) mkdirSync(f);
  for (let i = 0; i < 40; i++) {
    const bytes = await reportPdf(1, () => withData(i), 7 + i * 1009);
    if (i < 10) writeFileSync(join(folders.singles, `report-${String(i + 1).padStart(2, '0')}.pdf`), bytes);
    writeFileSync(join(folders.long, `report-${String(i + 1).padStart(2, '0')}.pdf`), bytes);
  }
  writeFileSync(join(folders.tenPage, 'report.pdf'), await reportPdf(10, withData, 7));
  const cases = {
    singles: [folders.singles, '1'],
    tenPage: [folders.tenPage, '1'],
    singlesTwo: [folders.singles, '2'],
    long: [folders.long, '1'],
  } as const;
  type Case = keyof typeof cases;
  const sides = [{ label: 'this checkout', bin: daylight }, ...(baseline ? [{ label: `baseline \`${values.baseline}\``, bin: baseline }] : [])];
  const cpu = sides.map(() => new Map<Case, number[]>());
  const loadBefore = loadavg()[0].toFixed(1);
  for (let r = 0; r < runs; r++) {
    const order = r % 2 === 0 ? sides.map((_, i) => i) : sides.map((_, i) => i).reverse();
    for (const i of order) {
      for (const [name, [folder, concurrency]] of Object.entries(cases) as [Case, readonly [string, string]][]) {
        const t = daylightBatch(folder, join(dir, 'ws-per-document'), sides[i].bin, undefined, ['--concurrency', concurrency]);
        cpu[i].set(name, [...(cpu[i].get(name) ?? []), t.cpu]);
      }
    }
  }
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const figures = cpu.map((m) => {
    const c = (k: Case) => mid(m.get(k)!);
    return { perDocument: (c('singles') - c('tenPage')) / 9, secondThread: c('singlesTwo') - c('singles'), longPerDocument: c('long') / 40, singles: c('singles'), tenPage: c('tenPage') };
  });
  const row = (label: string, pick: (f: (typeof figures)[number]) => number) => `| ${label} | ${figures.map((f) => pick(f).toFixed(2)).join(' | ')} |`;
  return [
    `### Fixed costs, CPU seconds of the whole process tree (median of ${runs}; load ${loadBefore} before, ${loadavg()[0].toFixed(1)} after)`,
    '',
    `| figure | ${sides.map((s) => s.label).join(' | ')} |`,
    `| --- |${sides.map(() => ' ---: |').join('')}`,
    row('ten 1-page reports, one at a time', (f) => f.singles),
    row('one 10-page report (the same pages)', (f) => f.tenPage),
    row('**a document beyond its pages**: (ten 1-page − one 10-page) ÷ 9', (f) => f.perDocument),
    row('**a second worker thread**: ten 1-page reports two at a time − one at a time', (f) => f.secondThread),
    row('**per document in a long batch**: forty 1-page reports one at a time ÷ 40', (f) => f.longPerDocument),
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
    console.log(`\n${warmUp(lines).join('\n')}`);
  }
  if (values['per-document']) console.log(`\n${(await perDocument(dir)).join('\n')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

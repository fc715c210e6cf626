/**
 * @module
 * `npm run bench -- redact`: Daylight's redact + verify (extract, audit, detect,
 * write, verify) beside PyMuPDF's in-place `apply_redactions` on the same files in
 * the same run (the peer gets the strings Daylight boxed), on:
 * - a born-digital 100-page report (red heading, a vector chart, 45 lines of text a
 *   page) with personal data on about a fifth of its pages, and the same report with
 *   personal data on every page: time ratio, release size ÷ input, how many kept
 *   words `pdftotext` finds in the release, and which path each page took;
 * - every file of ../shared/corpora/gov-pdfs (no OCR): the share of pages that took
 *   each path (pass-through, surgical, raster) and why pages went raster.
 * Each report is also run as a user runs it: `daylight redact` as its own process against the PyMuPDF script
 * as its own `python3` process, start-up included (`--no-processes` skips this, `--process-runs N` sets the rounds).
 * `--no-corpus` skips the gov-pdfs pass, `--no-reports` the two reports; `--stages` adds, for each report, where its
 * time went stage by stage (`pipeline/stage-times.ts`); `--baseline DIR` also times
 * another checkout's redactFile (e.g. main before a change) on the same reports in the
 * same process, the two taking turns. Prints Markdown tables. The machine is
 * shared and noisy: read the ratios, not the seconds.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defaultPolicy } from '../redaction/policy/load-policy.ts';
import { collectStages } from '../pipeline/stage-times.ts';
import type { StageTotals } from '../pipeline/stage-times.ts';
import { redactFile } from '../redaction/redact-file.ts';
import type { RedactedFile } from '../redaction/redact-file.ts';
import { pymupdf, pymupdfProcess, timedProcess } from './support/pymupdf.ts';
import type { PeerJob, ProcessRun } from './support/pymupdf.ts';
import { reportPdf } from './support/report-pdf.ts';
import { stageTable } from './support/stage-table.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = join(root, '..', 'shared', 'corpora', 'gov-pdfs', 'pdfs');
const policy = defaultPolicy();

function pdftotext(pdf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'daylight-bench-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    return spawnSync('pdftotext', ['-q', join(dir, 'in.pdf'), '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).stdout ?? '';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Kept words (no log box over them) that pdftotext finds in the release, as found/total. */
function keptWordsFound(out: RedactedFile): [number, number] {
  const boxes = out.log.entries;
  const released = new Set(pdftotext(out.pdf).split(/\s+/));
  let found = 0;
  let total = 0;
  for (const page of out.document.pages) {
    const onPage = boxes.filter((b) => b.page === page.number).map((b) => b.box);
    for (const w of page.words) {
      if (onPage.some((b) => w.box[0] < b[2] + 2 && w.box[2] > b[0] - 2 && w.box[1] < b[3] && w.box[3] > b[1])) continue;
      total++;
      if (released.has(w.text)) found++;
    }
  }
  return [found, total];
}

function shares(out: RedactedFile): Record<string, number> {
  const counts: Record<string, number> = { 'pass-through': 0, surgical: 0, raster: 0 };
  for (const p of out.log.pages) counts[p.path]++;
  return counts;
}

const baselineAt = process.argv.indexOf('--baseline');
const baselineDir = baselineAt > 0 ? process.argv[baselineAt + 1] : undefined;
type RedactFn = typeof redactFile;
const baselineRedact: RedactFn | undefined = baselineDir ? ((await import(pathToFileURL(join(baselineDir, 'redaction', 'redact-file.ts')).href)) as { redactFile: RedactFn }).redactFile : undefined;

async function timed(bytes: Uint8Array, fileName: string, redact: RedactFn = redactFile): Promise<{ out: RedactedFile; seconds: number; cpu: number; stages: StageTotals[] }> {
  const stages = collectStages();
  const cpu = process.threadCpuUsage();
  const t = performance.now();
  const r = await redact({ bytes, fileName }, { policy });
  const seconds = (performance.now() - t) / 1000;
  const used = process.threadCpuUsage(cpu);
  stages.stop();
  if (!r.ok) throw new Error(`${fileName}: ${r.problem.message}`);
  return { out: r.value, seconds, cpu: (used.user + used.system) / 1e6, stages: stages.totals() };
}

async function reports(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'daylight-bench-'));
  const lines = [
    `1-minute load average ${loadavg()[0].toFixed(1)} at the start: wall ratios follow what else runs.`,
    '',
    '| report (100 pages) | Daylight redact + verify | Daylight main-thread CPU | PyMuPDF in place | ratio | release ÷ input | Daylight KB (input KB) | kept words pdftotext finds | pages pass-through / surgical / raster | verified |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
  ];
  try {
    // Warm-up: loading pdf.js, PDFium, fonts and the detectors is paid once per process, and the
    // hot code is compiled while it runs: after a 3-page warm-up the first 100-page run still paid
    // for that compilation (0.3 CPU s more extraction than the same run second), so a side that
    // went first looked slower. Twenty pages with data on every fifth warm both sides alike.
    const warm = await reportPdf(20, (p) => p % 5 === 2);
    await timed(warm, 'warm-up.pdf');
    if (baselineRedact) await timed(warm, 'warm-up.pdf', baselineRedact);
    const cases: [string, (p: number) => boolean, string][] = [
      ['boxes on a fifth of the pages', (p) => p % 5 === 2, 'fifth.pdf'],
      ['boxes on every page', () => true, 'every.pdf'],
    ];
    const runs: { label: string; file: string; input: Uint8Array; out: RedactedFile; seconds: number; cpu: number; stages: StageTotals[] }[] = [];
    const before: typeof runs = [];
    for (const [i, [label, withData, name]] of cases.entries()) {
      const input = await reportPdf(100, withData);
      const file = join(dir, name);
      writeFileSync(file, input);
      // With a baseline, the two take turns going first: the load of a shared machine drifts.
      const sides = [async () => runs.push({ label, file, input, ...(await timed(input, name)) }), ...(baselineRedact ? [async () => before.push({ label: `${label}, baseline`, file, input, ...(await timed(input, name, baselineRedact)) })] : [])];
      for (const side of i % 2 === 0 ? sides : sides.reverse()) await side();
    }
    // Per page, the strings Daylight boxed there: the peer searches each page for its own.
    const boxedStrings = (out: RedactedFile) => {
      const byPage: Record<string, string[]> = {};
      for (const f of out.findings.filter((f) => f.boxes.length && f.action !== 'keep' && f.text.trim() && !f.text.includes('\n'))) {
        for (const page of new Set(f.boxes.map((b) => b.page))) {
          const list = (byPage[String(page)] ??= []);
          if (!list.includes(f.text)) list.push(f.text);
        }
      }
      return byPage;
    };
    const jobs = runs.map((r) => ({ file: r.file, strings: boxedStrings(r.out) }));
    const peer = pymupdf(jobs);
    for (const r of runs.flatMap((r, i) => (before[i] ? [r, before[i]] : [r]))) {
      const p = peer?.get(r.file);
      const [found, total] = keptWordsFound(r.out);
      const s = shares(r.out);
      const v = r.out.verification;
      lines.push(
        `| ${r.label} | ${r.seconds.toFixed(2)} s | ${r.cpu.toFixed(2)} s | ${p ? `${p.seconds.toFixed(2)} s` : 'not run'} | ${p ? `${(r.seconds / p.seconds).toFixed(1)}×` : '–'} | ${(r.out.pdf.length / r.input.length).toFixed(2)}× | ${(r.out.pdf.length / 1024).toFixed(0)} (${(r.input.length / 1024).toFixed(0)}) | ${found}/${total} | ${s['pass-through']} / ${s.surgical} / ${s.raster} | ${v.ok ? 'yes' : `no: ${v.checks.filter((c) => c.status === 'fail').map((c) => c.id).join(', ')}`} |`,
      );
    }
    if (!process.argv.includes('--no-processes')) lines.push('', ...wholeProcesses(runs.map((r, i) => ({ label: r.label, job: jobs[i] })), dir));
    if (process.argv.includes('--stages')) for (const r of [...runs, ...before].filter((r) => r.stages.length)) lines.push('', ...stageTable(r.stages, `the report with ${r.label}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  lines.push('', 'Targets: redact + verify within 3× of PyMuPDF in place (boxes on a fifth of the pages) and 5× (every page); release ≤ 1.5× the input; every kept word found by pdftotext. In the first table PyMuPDF is timed inside Python (open, search, apply, save; no start-up, no verification) and Daylight inside Node after a warm-up, including extraction, the input audit, detection and the full verification (pdf.js, PDFium, pdftotext, mutool, bytes, pixels). The whole-process table times both as commands, start-up included; PyMuPDF there still verifies nothing.');
  return lines;
}

const processRunsAt = process.argv.indexOf('--process-runs');
const processRuns = processRunsAt > 0 ? Math.max(1, Number(process.argv[processRunsAt + 1]) || 1) : 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Both sides as a user runs them, each a whole process timed from outside: `daylight redact IN -o OUT`
 * (Node start-up, module loading, extraction, detection, writing, the full verification with its tool
 * processes, writing the files) against `python3` running the PyMuPDF script (interpreter start,
 * `import fitz`, open, search, apply, save). Wall and CPU (the process and its children) are medians
 * of `--process-runs` rounds (default 3) in which the sides take turns going first, after one
 * untimed run of each (the compile cache and the page cache warm, as they are for a user's second file).
 */
function wholeProcesses(cases: { label: string; job: PeerJob }[], dir: string): string[] {
  const clis: { name: string; bin: string }[] = [{ name: 'Daylight', bin: join(root, 'bin', 'daylight.mjs') }, ...(baselineDir ? [{ name: 'Daylight baseline', bin: join(baselineDir, 'bin', 'daylight.mjs') }] : [])];
  const out = join(dir, 'release.pdf');
  const cli = (bin: string, file: string) => timedProcess(process.execPath, [bin, 'redact', file, '-o', out]);
  const lines = [
    `Whole processes, as a user runs them (median of ${processRuns} round(s), sides taking turns; CPU includes each process's children: pdftotext and mutool for Daylight):`,
    '',
    '| report (100 pages) | side | command | wall s | CPU s | wall ÷ PyMuPDF process | CPU ÷ PyMuPDF process | verified (exit 0) |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const { label, job } of cases) {
    const sides: { name: string; command: string; run: () => ProcessRun | undefined }[] = [
      ...clis.map((c) => ({ name: c.name, command: 'daylight redact report.pdf -o release.pdf', run: () => cli(c.bin, job.file) })),
      { name: 'PyMuPDF', command: 'python3 peer.py (import fitz, apply_redactions, save)', run: () => pymupdfProcess(job) },
    ];
    for (const side of sides) side.run();
    const times = new Map<string, ProcessRun[]>(sides.map((s) => [s.name, []]));
    for (let round = 0; round < processRuns; round++) {
      const order = sides.map((_, i) => sides[(i + round) % sides.length]);
      for (const side of order) {
        const r = side.run();
        if (r) times.get(side.name)!.push(r);
      }
    }
    const peer = times.get('PyMuPDF')!;
    const peerWall = peer.length ? median(peer.map((r) => r.wall)) : undefined;
    const peerCpu = peer.length ? median(peer.map((r) => r.cpu)) : undefined;
    for (const side of sides) {
      const runs = times.get(side.name)!;
      if (!runs.length) {
        lines.push(`| ${label} | ${side.name} | ${side.command} | not run | – | – | – | – |`);
        continue;
      }
      const wall = median(runs.map((r) => r.wall));
      const cpu = median(runs.map((r) => r.cpu));
      const isPeer = side.name === 'PyMuPDF';
      const ratio = (a: number, b: number | undefined) => (b && !isPeer ? `${(a / b).toFixed(1)}×` : '–');
      const verified = isPeer ? '–' : runs.every((r) => r.status === 0) ? 'yes' : `no: exit ${runs.map((r) => r.status).join(', ')}`;
      lines.push(`| ${label} | ${side.name} | ${side.command} | ${wall.toFixed(2)} | ${cpu.toFixed(2)} | ${ratio(wall, peerWall)} | ${ratio(cpu, peerCpu)} | ${verified} |`);
    }
  }
  return lines;
}

async function corpusShares(): Promise<string[]> {
  if (!existsSync(corpus)) return ['(gov-pdfs corpus not found)'];
  const files = readdirSync(corpus).filter((f) => f.toLowerCase().endsWith('.pdf')).sort();
  const total: Record<string, number> = { 'pass-through': 0, surgical: 0, raster: 0 };
  const why = new Map<string, number>();
  let failed = 0;
  let unverified = 0;
  let inBytes = 0;
  let outBytes = 0;
  for (const name of files) {
    const bytes = new Uint8Array(readFileSync(join(corpus, name)));
    const r = await redactFile({ bytes, fileName: name }, { policy });
    if (!r.ok) {
      failed++;
      process.stderr.write(`bench: ${name}: ${r.problem.code}\n`);
      continue;
    }
    if (!r.value.verification.ok) unverified++;
    inBytes += bytes.length;
    outBytes += r.value.pdf.length;
    for (const p of r.value.log.pages) {
      total[p.path]++;
      if (p.path === 'raster') {
        // Reasons without their per-file detail (counts, parenthesised lists), so they group.
        const key = p.reason.replace(/\s*\([^()]*\)/g, '').replace(/\d+/g, 'N').replace(/\s+/g, ' ').trim();
        why.set(key, (why.get(key) ?? 0) + 1);
      }
    }
  }
  const pages = total['pass-through'] + total.surgical + total.raster;
  const pct = (n: number) => `${((100 * n) / Math.max(pages, 1)).toFixed(1)} %`;
  return [
    `| gov-pdfs (${files.length - failed} of ${files.length} files, ${pages} pages, no OCR) | pass-through | surgical | raster |`,
    '| --- | ---: | ---: | ---: |',
    `| share of pages | ${pct(total['pass-through'])} (${total['pass-through']}) | ${pct(total.surgical)} (${total.surgical}) | ${pct(total.raster)} (${total.raster}) |`,
    '',
    `Releases ÷ inputs: ${(outBytes / Math.max(inBytes, 1)).toFixed(2)}×; files whose release failed verification: ${unverified}.`,
    'Why pages went raster:',
    ...[...why.entries()].sort((a, b) => b[1] - a[1]).map(([reason, n]) => `- ${n} page(s): ${reason}`),
  ];
}

const lines = process.argv.includes('--no-reports') ? [] : await reports();
if (!process.argv.includes('--no-corpus')) lines.push('', ...(await corpusShares()));
process.stdout.write(`${lines.join('\n')}\n`);

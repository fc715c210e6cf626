/**
 * @module
 * Hostile-input benchmark (issue 15): a 60-file hostile batch (45 files of
 * ../shared/corpora/hostile, spread over the sorted list, plus the crafted
 * images, odd names and special files of test/hostile/crafted.ts) through
 * `daylight batch` at the default concurrency, reporting crashes (exit other
 * than 0/1), hangs (no exit within the bound), outcomes by code, wall time and
 * peak RSS (sampled every 50 ms: the supervisor plus the batch process, every
 * thread counted: extraction workers, Tesseract workers; and apart, with the
 * verifier's tool processes too), each as resident (RSS) and proportional (PSS)
 * memory: RSS counts a page shared between processes once per process (a process
 * forked from the batch before it exec'd its program counts the batch's pages
 * twice), PSS splits it between them, so a sum of PSS is the memory the tree
 * really holds; the same 60 files through `daylight extract`
 * one process each; a 500-page G4 TIFF (one page in ten with text) beside one
 * a tenth as long, for time per page and flat memory, beside mutool decoding
 * it; and a 5,000-page blank PDF through `daylight extract` beside `pdftotext`
 * and `mutool draw -F txt` on the same file, as ratios.
 *
 *   npm run bench -- hostile
 *   node bench/hostile.ts --files 20 --blank-pages 1000   # a quicker run
 *   node bench/hostile.ts --trace --no-extract            # where the batch's memory goes, per stage and document
 *   node bench/hostile.ts --tiff-pages 0                  # without the multi-page TIFF
 *   node bench/hostile.ts --no-batch --no-extract         # only the TIFF and the blank pages
 *   node bench/hostile.ts --trial                         # as a new user: one batch over the nastiest files and good reports
 *   node bench/hostile.ts --help
 *
 * Targets: 0 crashes, 0 hangs, peak RSS < 1 GB, 5,000 blank pages < 30 s.
 * The machine is shared and noisy: read times as ratios to the peers.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import { corpusSpread, g4Tiff, hostileCorpus as corpus, writeCrafted, writeSpecialFiles } from '../test/hostile/crafted.ts';
import { renderText } from '../test/ocr/text-image.ts';

const root = join(fileURLToPath(import.meta.url), '../..');
const cli = join(root, 'bin/daylight.mjs');
const { values } = parseArgs({
  options: {
    files: { type: 'string' },
    'blank-pages': { type: 'string' },
    'tiff-pages': { type: 'string' },
    'no-extract': { type: 'boolean' },
    'no-batch': { type: 'boolean' },
    trace: { type: 'boolean' },
    concurrency: { type: 'string' },
    trial: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write(`node bench/hostile.ts [options]   (or: npm run bench -- hostile [options])

A 60-file hostile batch, the same files through \`daylight extract\` one at a time, a multi-page
G4 TIFF and a blank PDF, with crashes, hangs, outcomes by code, wall time and peak memory.
Memory is sampled every 50 ms as RSS and as PSS (proportional: shared pages split between the
processes that share them; /proc/PID/smaps_rollup), for the supervisor plus the batch process
and for the whole process tree (the verifier's tools too).

  --files N          files in the hostile batch (default 60)
  --blank-pages N    pages of the blank PDF (default 5000)
  --tiff-pages N     pages of the long G4 TIFF, 0 to skip it (default 500)
  --no-batch         skip the hostile batch
  --no-extract       skip the one-at-a-time extract runs
  --concurrency N    the batch's --concurrency (default: Daylight's default)
  --trace            where the batch's memory goes, per stage and document
  --trial            first, as a new user: one batch over the nastiest files and good reports
  -h, --help         this text

Targets: 0 crashes, 0 hangs, peak memory < 1 GB for the 60-file batch, 5,000 blank pages < 30 s.
The machine is shared and noisy: read times as ratios to the peers in the same run.
`);
  process.exit(0);
}
const fileCount = Number(values.files ?? 60);
const blankPages = Number(values['blank-pages'] ?? 5000);
const tiffPages = Number(values['tiff-pages'] ?? 500);

interface Run {
  code: number | null;
  signal: string | null;
  ms: number;
  peakMb: number;
  treePeakMb: number;
  /** What made up the tree at its peak: per command name, how many processes and their resident MB. */
  treePeakParts: string;
  /** The same peaks in proportional memory (PSS): a page shared by n processes counts 1/n in each. */
  peakPssMb: number;
  treePeakPssMb: number;
  /** What made up the tree at its PSS peak: per command name, how many processes, PSS and RSS MB. */
  treePeakPssParts: string;
  stdout: string;
  stderr: string;
  hung: boolean;
}

/** Child pids of `pid` (every thread's children). */
function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) => readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
  } catch {
    return [];
  }
}

function commandName(pid: number): string {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const name = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    // Node processes told apart by their script: the supervisor, the batch process, the tool runner.
    if (!/node$/.test(cmdline[0] ?? '')) return name;
    const script = (cmdline.slice(1).find((a) => !a.startsWith('-')) ?? '').split('/').pop();
    return `node ${script === 'daylight.mjs' ? cmdline.slice(1).find((a) => !a.startsWith('-') && a !== cmdline[1]) ?? script : script}`;
  } catch {
    return '?';
  }
}

function rssKb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Proportional set size: the process's resident pages, each shared one divided by how many processes map it. */
function pssKb(pid: number): number {
  try {
    return Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Per command name: how many processes and their summed memory, e.g. "node batch ×2 912 MB". */
function partsByName(parts: { name: string; rss: number; pss: number }[], show: (rss: number, pss: number) => string): string {
  const byName = new Map<string, { n: number; rss: number; pss: number }>();
  for (const { name, rss, pss } of parts) {
    const entry = byName.get(name) ?? { n: 0, rss: 0, pss: 0 };
    entry.n++;
    entry.rss += rss;
    entry.pss += pss;
    byName.set(name, entry);
  }
  return [...byName].map(([name, { n, rss, pss }]) => `${name} ×${n} ${show(rss, pss)}`).join(', ');
}

const mb = (kb: number) => Math.round(kb / 1024);

/**
 * Runs a command, sampling until it exits or `limitMs` passes: `peakMb`, the largest sum of
 * resident memory of the process and its direct children (`daylight batch` is a supervisor
 * and the batch process it starts), and `treePeakMb`, the same over every descendant (the
 * verifier's tool helper, pdftotext and mutool too); and both again as proportional memory
 * (`peakPssMb`, `treePeakPssMb`), which counts a page shared after a fork once in all.
 */
function measure(command: string, args: string[], limitMs: number, cwd = root, env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peakKb = 0;
    let treePeakKb = 0;
    let treePeakParts = '';
    let peakPssKb = 0;
    let treePeakPssKb = 0;
    let treePeakPssParts = '';
    let hung = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const sample = () => {
      const pid = child.pid!;
      const direct = new Set(childrenOf(pid));
      let tree = 0;
      let treePss = 0;
      let top = 0;
      let topPss = 0;
      const parts: { name: string; rss: number; pss: number }[] = [];
      for (const queue = [pid]; queue.length; ) {
        const p = queue.pop()!;
        const rss = rssKb(p);
        const pss = pssKb(p);
        tree += rss;
        treePss += pss;
        if (p === pid || direct.has(p)) {
          top += rss;
          topPss += pss;
        }
        parts.push({ name: commandName(p), rss, pss });
        queue.push(...childrenOf(p));
      }
      peakKb = Math.max(peakKb, top);
      peakPssKb = Math.max(peakPssKb, topPss);
      if (tree > treePeakKb) {
        treePeakKb = tree;
        treePeakParts = partsByName(parts, (rss) => `${mb(rss)} MB`);
        if (process.env.DAYLIGHT_BENCH_TREE) treePeakParts += `; ${parts.map(({ name, rss }) => `${name} ${mb(rss)}`).join(', ')}`;
      }
      if (treePss > treePeakPssKb) {
        treePeakPssKb = treePss;
        treePeakPssParts = partsByName(parts, (rss, pss) => `PSS ${mb(pss)} MB (RSS ${mb(rss)})`);
      }
    };
    const sampler = setInterval(sample, 50);
    const limit = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, limitMs);
    child.on('exit', (code, signal) => {
      clearInterval(sampler);
      clearTimeout(limit);
      resolve({
        code,
        signal,
        ms: performance.now() - started,
        peakMb: peakKb / 1024,
        treePeakMb: treePeakKb / 1024,
        treePeakParts,
        peakPssMb: peakPssKb / 1024,
        treePeakPssMb: treePeakPssKb / 1024,
        treePeakPssParts,
        stdout,
        stderr,
        hung,
      });
    });
  });
}

/** A run's memory peaks: supervisor + batch and the whole tree, each as RSS and PSS, and what made up each tree peak. */
function memoryLines(run: Run): string[] {
  return [
    `  peak supervisor + batch: RSS ${Math.round(run.peakMb)} MB, PSS ${Math.round(run.peakPssMb)} MB`,
    `  peak whole tree (with the verifier's tool processes): RSS ${Math.round(run.treePeakMb)} MB, PSS ${Math.round(run.treePeakPssMb)} MB`,
    `  at the tree's RSS peak: ${run.treePeakParts}`,
    `  at the tree's PSS peak: ${run.treePeakPssParts}`,
  ];
}

/** The memory trace's figures (see hostile/memory-trace.ts): per stage, then the documents whose run raised the peak most. */
function printTrace(file: string): void {
  let trace: {
    hwmMb: number;
    stages: Record<string, { firstMb: number; lastMb: number; peakMb: number; calls: number }>;
    documents: { path: string; stage: string; startMb: number; endMb: number; peakMb: number; ms: number; beside: string[] }[];
  };
  try {
    trace = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    process.stdout.write('  (no memory trace written)\n');
    return;
  }
  const mb = (n: number) => `${Math.round(n)}`.padStart(5);
  const lines = ['  memory by stage (resident MB): stage       runs  begin   peak    end'];
  for (const [id, s] of Object.entries(trace.stages)) lines.push(`    ${id.padEnd(22)} ${String(s.calls).padStart(4)} ${mb(s.firstMb)}  ${mb(s.peakMb)}  ${mb(s.lastMb)}`);
  lines.push('  documents that raised the resident peak most while they ran (MB: start → peak → end; beside):');
  const rises = trace.documents.map((d) => ({ ...d, rise: d.peakMb - d.startMb })).sort((a, b) => b.rise - a.rise);
  for (const d of rises.slice(0, 12)) {
    lines.push(`    +${Math.round(d.rise)} ${d.stage} ${JSON.stringify(d.path).slice(0, 60)}: ${Math.round(d.startMb)} → ${Math.round(d.peakMb)} → ${Math.round(d.endMb)} in ${(d.ms / 1000).toFixed(1)} s; beside ${d.beside.length}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

const temp = mkdtempSync(join(tmpdir(), 'daylight-bench-hostile-'));
try {
  const folder = join(temp, 'in');
  mkdirSync(folder);
  const crafted = await writeCrafted(folder);
  const special = writeSpecialFiles(folder);
  const made = crafted.length + special.length;
  const fromCorpus = corpusSpread(Math.max(0, fileCount - made));
  for (const f of fromCorpus) symlinkSync(join(corpus, f), join(folder, f));
  const total = fromCorpus.length + made;

  // As a new user would try it: one `daylight batch` over the sample reports (good), the samples'
  // malformed files, every corpus file that did not extract cleanly when the corpus was gathered
  // (its PROVENANCE outcome), the crafted and special files, and the long documents (blank PDF, G4 TIFF).
  if (values.trial) {
    const trial = join(temp, 'trial');
    const samples = join(root, 'samples/documents');
    mkdirSync(join(trial, 'good'), { recursive: true });
    mkdirSync(join(trial, 'malformed'));
    mkdirSync(join(trial, 'hostile'));
    mkdirSync(join(trial, 'long'));
    const good = readdirSync(samples).filter((f) => f.includes('.'));
    for (const f of good) symlinkSync(join(samples, f), join(trial, 'good', f));
    for (const f of readdirSync(join(samples, 'malformed'))) symlinkSync(join(samples, 'malformed', f), join(trial, 'malformed', f));
    const provenance = readFileSync(join(corpus, 'PROVENANCE.md'), 'utf8');
    const failedBefore = [...provenance.matchAll(/^\| (\S+\.pdf) \|[^|]*\|[^|]*\| ([^|]+?) \|/gm)].filter((m) => m[2] !== 'ok').map((m) => m[1]);
    // And the 60-file batch's spread over the corpus, which holds the bombs that do extract.
    const nasty = [...new Set([...failedBefore, ...corpusSpread(40)])];
    for (const f of nasty) symlinkSync(join(corpus, f), join(trial, 'hostile', f));
    const crafted = await writeCrafted(join(trial, 'crafted'));
    const special = writeSpecialFiles(join(trial, 'crafted'));
    const blankDoc = await PDFDocument.create();
    for (let i = 0; i < 5000; i++) blankDoc.addPage([612, 792]);
    writeFileSync(join(trial, 'long', 'blank-5000.pdf'), await blankDoc.save());
    const text = await renderText(2550, 3300, 300, Array.from({ length: 30 }, (_, i) => ({ text: `Line ${i + 1} of the inspection report for the county water board, filed in March 2024.`, x: 150, y: 250 + i * 95, size: 42 })));
    const white = { data: new Uint8Array(2550 * 3300).fill(255), width: 2550, height: 3300 };
    writeFileSync(join(trial, 'long', 'scan-500.tif'), g4Tiff(Array.from({ length: 500 }, (_, i) => (i % 10 === 0 ? text : white)), 300));
    process.stdout.write(`Trial batch: ${good.length} sample reports, ${readdirSync(join(trial, 'malformed')).length} malformed samples, ${nasty.length} corpus files (${failedBefore.length} that did not extract cleanly when gathered, and the 60-file batch's spread), ${crafted.length} crafted and ${special.length} special files, a 5,000-page blank PDF and a 500-page G4 TIFF; default concurrency\n`);
    const run = await measure(process.execPath, [cli, 'batch', trial, '--workspace', join(temp, 'trial-ws'), '--json', '--quiet'], 60 * 60_000);
    process.stdout.write(`  exit ${run.code ?? run.signal}${run.hung ? ' (hung)' : ''}; wall ${(run.ms / 1000).toFixed(1)} s\n${memoryLines(run).join('\n')}\n`);
    try {
      const summary = JSON.parse(run.stdout) as { documents: Record<string, number>; pages: number; failures: { path: string; code: string; message: string }[] };
      const failedGood = summary.failures.filter((f) => f.path.startsWith('good/') || f.path.startsWith('long/'));
      const byCode = new Map<string, number>();
      for (const f of summary.failures) byCode.set(f.code, (byCode.get(f.code) ?? 0) + 1);
      const lines = [
        `  documents ${JSON.stringify(summary.documents)}, ${summary.pages} pages; good sample reports and long documents failed: ${failedGood.length} of ${good.length + 2}${failedGood.map((f) => ` (${f.path}: ${f.code})`).join('')}`,
        `  failures by code ${JSON.stringify(Object.fromEntries([...byCode].sort()))}; without a code or message: ${summary.failures.filter((f) => !f.code || !f.message).length}`,
        '  one message per code:',
        ...[...byCode.keys()].sort().map((code) => `    ${code}: ${JSON.stringify(summary.failures.find((f) => f.code === code)!.message).slice(0, 230)}`),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    } catch {
      process.stdout.write(`  no summary (stderr: ${run.stderr.slice(-600)})\n`);
    }
  }

  if (!values['no-batch']) {
    process.stdout.write(`Hostile batch: ${total} files (${fromCorpus.length} from the corpus, ${crafted.length} crafted, ${special.length} special), default concurrency\n`);
    const traceFile = join(temp, 'trace.json');
    const batch = await measure(
      process.execPath,
      [...(values.trace ? ['--import', join(root, 'bench/hostile/memory-trace.ts')] : []), cli, 'batch', folder, '--workspace', join(temp, 'ws'), '--json', '--quiet', ...(values.concurrency ? ['--concurrency', values.concurrency] : [])],
      30 * 60_000,
      root,
      values.trace ? { ...process.env, DAYLIGHT_MEMORY_TRACE: traceFile } : process.env,
    );
    const crashed = batch.hung ? 0 : batch.code === 0 || batch.code === 1 ? 0 : 1;
    let outcome = '';
    try {
      const summary = JSON.parse(batch.stdout) as { documents: Record<string, number>; failures: { code: string }[] };
      const byCode = new Map<string, number>();
      for (const f of summary.failures) byCode.set(f.code, (byCode.get(f.code) ?? 0) + 1);
      outcome = `documents ${JSON.stringify(summary.documents)}; failures by code ${JSON.stringify(Object.fromEntries([...byCode].sort()))}`;
    } catch {
      outcome = `no summary (stderr: ${batch.stderr.slice(-400)})`;
    }
    process.stdout.write(
      [
        `  crashes ${crashed}  hangs ${batch.hung ? 1 : 0}  exit ${batch.code ?? batch.signal}`,
        `  wall ${(batch.ms / 1000).toFixed(1)} s; target < 1024 MB`,
        ...memoryLines(batch),
        `  ${outcome}`,
        '',
      ].join('\n'),
    );

    if (values.trace) printTrace(traceFile);
  }

  if (!values['no-extract']) {
    let crashes = 0;
    let hangs = 0;
    let peak = 0;
    const codes = new Map<string, number>();
    const started = performance.now();
    const names = readdirSync(folder, { encoding: 'buffer' });
    for (const raw of names) {
      const name = raw.toString('latin1');
      // A raw (non-UTF-8) name goes through bash, as a user's shell passes it.
      const quoted = `$'${[...raw].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('')}'`;
      const run = await measure('bash', ['-c', `exec "${process.execPath}" "${cli}" extract ${quoted} --no-ocr --json -q`], 120_000, folder);
      peak = Math.max(peak, run.peakMb);
      if (run.hung) hangs++;
      else if (run.code !== 0 && run.code !== 1) {
        crashes++;
        process.stdout.write(`  crash: ${JSON.stringify(name)} exit ${run.code ?? run.signal}: ${run.stderr.slice(-300)}\n`);
      }
      const code = run.code === 0 ? 'ok' : (/\[([a-z-]+\.[a-z.-]+)\]/.exec(run.stderr)?.[1] ?? `exit ${run.code}`);
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    process.stdout.write(
      [
        `Hostile extract: the same ${names.length} entries, one \`daylight extract --no-ocr\` each`,
        `  crashes ${crashes}  hangs ${hangs}  peak RSS of one ${Math.round(peak)} MB  wall ${((performance.now() - started) / 1000).toFixed(1)} s`,
        `  outcomes ${JSON.stringify(Object.fromEntries([...codes].sort()))}`,
        '',
      ].join('\n'),
    );
  }

  // A scanner's batch export: a multi-page G4 TIFF at 300 DPI, one page in ten with text and the
  // rest blank, read whole (OCR on) at a tenth of its length and at full length: time per page and
  // peak memory should not grow with the length, and blank pages should cost a small share of a text page.
  if (tiffPages > 0) {
    const text = await renderText(2550, 3300, 300, Array.from({ length: 30 }, (_, i) => ({ text: `Line ${i + 1} of the inspection report for the county water board, filed in March 2024.`, x: 150, y: 250 + i * 95, size: 42 })));
    const blank = { data: new Uint8Array(2550 * 3300).fill(255), width: 2550, height: 3300 };
    process.stdout.write('Multi-page TIFF: G4 scans through `daylight extract` (OCR on)\n');
    for (const n of [Math.max(10, Math.round(tiffPages / 10)), tiffPages]) {
      const tiff = join(temp, `scan-${n}.tif`);
      writeFileSync(tiff, g4Tiff(Array.from({ length: n }, (_, i) => (i % 10 === 0 ? text : blank)), 300));
      const run = await measure(process.execPath, [cli, 'extract', tiff, '--json', '-q'], 30 * 60_000);
      let read = '';
      try {
        const model = JSON.parse(run.stdout) as { pages: { text: string }[] };
        read = `${model.pages.length} pages, ${model.pages.filter((p) => p.text.includes('inspection report')).length} read as text`;
      } catch {
        read = `no model (exit ${run.code ?? run.signal}: ${run.stderr.slice(-200)})`;
      }
      const peers: string[] = [];
      if (!spawnSync('mutool', ['-v']).error) {
        const peer = await measure('mutool', ['draw', '-q', '-F', 'pgm', '-o', join(temp, 'peer-%d.pgm'), tiff], 10 * 60_000);
        peers.push(`mutool draw (decode only) ${(peer.ms / 1000).toFixed(1)} s (Daylight ${(run.ms / peer.ms).toFixed(1)}×)`);
        for (const f of readdirSync(temp).filter((f) => f.startsWith('peer-'))) rmSync(join(temp, f));
      }
      process.stdout.write(`  ${n} pages (${Math.ceil(n / 10)} with text): ${(run.ms / 1000).toFixed(1)} s (${((run.ms / n)).toFixed(0)} ms a page), peak RSS ${Math.round(run.peakMb)} MB, ${read}; ${peers.join('; ') || 'no peer installed'}\n`);
    }
  }

  const pdf = await PDFDocument.create();
  for (let i = 0; i < blankPages; i++) pdf.addPage([612, 792]);
  const blank = join(temp, 'blank.pdf');
  writeFileSync(blank, await pdf.save());
  const ours = await measure(process.execPath, [cli, 'extract', blank, '--json', '-q'], 10 * 60_000);
  const peers: string[] = [];
  for (const [label, command, args] of [
    ['pdftotext', 'pdftotext', [blank, '/dev/null']],
    ['mutool draw -F txt', 'mutool', ['draw', '-q', '-F', 'txt', '-o', '/dev/null', blank]],
  ] as const) {
    if (spawnSync(command, ['-v']).error) continue;
    const peer = await measure(command, [...args], 10 * 60_000);
    peers.push(`${label} ${(peer.ms / 1000).toFixed(1)} s (Daylight ${(ours.ms / peer.ms).toFixed(1)}×)`);
  }
  process.stdout.write(
    [
      `Blank pages: ${blankPages} blank pages through \`daylight extract\` (OCR on)`,
      `  ${(ours.ms / 1000).toFixed(1)} s (target < 30 s for 5,000), exit ${ours.code}, peak RSS ${Math.round(ours.peakMb)} MB; peers: ${peers.join('; ') || 'none installed'}`,
      '',
    ].join('\n'),
  );
} finally {
  rmSync(temp, { recursive: true, force: true });
}

/**
 * @module
 * Where two processes lose scaling, layer by layer: the same pages in one process, then
 * split in two halves run as two processes at once, taking turns (one, two, two, one, …).
 * Each layer prints CPU seconds per page and wall seconds for both, and the wall ratio.
 * - `ocr`: the OCR engine alone (`pipeline/ocr`, one tesseract.js worker per process) on the
 *   bench corpus's image scans, each process warmed up on one page first and timed from a
 *   common start (the halves wait for each other), so start-up is left out;
 * - `batch`: the embedded `daylight batch --concurrency 1` on the whole corpus, against two on
 *   its halves with a workspace each (whole processes: each half pays its own start-up,
 *   printed apart from a one-scan batch).
 * The scaled mode is `bench scale` (its `--timeline` prints each stage's CPU and each worker's
 * first jobs against its later ones). On a shared machine the CPU seconds are what to compare;
 * the wall ratio means something only when the machine is otherwise idle.
 *
 *   npm run bench -- scale-layers                 # 40 pages, 2 rounds, both layers
 *   node bench/scale-layers.ts --layers ocr --rounds 3
 */
import { spawn, spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { childCpuSeconds } from './support/child-cpu.ts';

const here = import.meta.dirname;
const { values } = parseArgs({ options: { pages: { type: 'string', default: '40' }, rounds: { type: 'string', default: '2' }, layers: { type: 'string', default: 'ocr,batch' }, child: { type: 'string' }, parts: { type: 'string' }, index: { type: 'string' }, folder: { type: 'string' }, barrier: { type: 'string' } } });

/** Child: OCR every `parts`-th image of the folder from `index`, after one warm-up page; prints its own CPU and wall. */
async function ocrChild(): Promise<void> {
  const { decodeImage } = await import('../pipeline/image/decode.ts');
  const { createOcrEngine } = await import('../pipeline/ocr/engine.ts');
  const parts = Number(values.parts);
  const index = Number(values.index);
  const files = readdirSync(values.folder!).filter((f) => /\.(png|jpg)$/.test(f)).sort().filter((_, i) => i % parts === index);
  const read = async (f: string) => {
    const decoded = await decodeImage(readFileSync(join(values.folder!, f)));
    if (!decoded.ok) throw new Error(decoded.problem.message);
    return decoded.value.pages[0];
  };
  const engine = await createOcrEngine({ workers: 1 });
  await engine.recognize(await read(files[0]), { width: 612, height: 792 });
  // Both halves start the timed part together.
  writeFileSync(join(values.barrier!, `ready-${index}`), '');
  while (readdirSync(values.barrier!).length < parts) await new Promise((r) => setTimeout(r, 20));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const f of files) {
    const page = await read(f);
    const r = await engine.recognize(page, { width: 612, height: 792 });
    if (!r.ok) throw new Error(r.problem.message);
  }
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(`${JSON.stringify({ pages: files.length, cpu: (cpu.user + cpu.system) / 1e6, wall: (performance.now() - t0) / 1000 })}\n`);
  await engine.close();
}

interface Run {
  pages: number;
  cpu: number;
  wall: number;
}

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, DAYLIGHT_DATABASE_URL: '' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 || (code === 1 && args.includes('batch')) ? resolve(out) : reject(new Error(`${args.join(' ')} exited ${code}`))));
  });
}

async function ocrLayer(scans: string, temp: string, parts: number): Promise<Run> {
  const barrier = mkdtempSync(join(temp, 'barrier-'));
  const outs = await Promise.all(Array.from({ length: parts }, (_, i) => run([join(here, 'scale-layers.ts'), '--child', 'ocr', '--parts', String(parts), '--index', String(i), '--folder', scans, '--barrier', barrier])));
  const rows = outs.map((o) => JSON.parse(o.trim().split('\n').at(-1)!) as Run);
  return { pages: rows.reduce((n, r) => n + r.pages, 0), cpu: rows.reduce((n, r) => n + r.cpu, 0), wall: Math.max(...rows.map((r) => r.wall)) };
}

async function batchLayer(folders: string[], temp: string, pages: number): Promise<Run> {
  const cpu0 = childCpuSeconds();
  const t0 = performance.now();
  await Promise.all(folders.map((f) => run([join(here, '..', 'bin', 'daylight.mjs'), 'batch', f, '--workspace', mkdtempSync(join(temp, 'ws-')), '--concurrency', '1', '--json', '--quiet'])));
  return { pages, cpu: childCpuSeconds() - cpu0, wall: (performance.now() - t0) / 1000 };
}

async function main(): Promise<void> {
  const temp = mkdtempSync(join(tmpdir(), 'daylight-bench-layers-'));
  try {
    const corpus = join(temp, 'corpus');
    const made = spawnSync(process.execPath, [join(here, 'batch.ts'), '--child', 'mixed-corpus', '--folder', corpus, '--mixed-pages', values.pages!], { stdio: 'inherit' });
    if (made.status !== 0) throw new Error('the corpus could not be written');
    // The halves: files dealt alternately (by path), each folder a set of hard links.
    const files = readdirSync(corpus, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name)).sort();
    const halves = [0, 1].map((h) => {
      const dir = join(temp, `half-${h}`);
      mkdirSync(dir);
      files.forEach((f, i) => i % 2 === h && linkSync(f, join(dir, basename(f))));
      return dir;
    });
    const one = join(temp, 'one-scan');
    mkdirSync(one);
    linkSync(files.find((f) => f.endsWith('.png'))!, join(one, 'scan.png'));
    const pages = Number(values.pages);
    const layers = values.layers!.split(',');
    const rounds = Math.max(1, Number(values.rounds) || 1);
    const lines: string[] = [];
    for (const layer of layers) {
      const results: { parts: number; r: Run; load: number }[] = [];
      for (let round = 0; round < rounds; round++) {
        for (const parts of round % 2 === 0 ? [1, 2] : [2, 1]) {
          const load = loadavg()[0];
          const r = layer === 'ocr' ? await ocrLayer(join(corpus, 'scans'), temp, parts) : await batchLayer(parts === 1 ? [corpus] : halves, temp, pages);
          results.push({ parts, r, load });
          process.stderr.write(`scale-layers: ${layer}, ${parts} process${parts === 1 ? '' : 'es'}: ${r.pages} pages, ${r.cpu.toFixed(2)} CPU s (${(r.cpu / r.pages).toFixed(3)} a page), ${r.wall.toFixed(1)} s, load ${load.toFixed(1)}\n`);
        }
      }
      const of = (parts: number) => results.filter((x) => x.parts === parts);
      const cpu = (parts: number) => of(parts).map((x) => (x.r.cpu / x.r.pages).toFixed(3)).join(', ');
      const ratios = of(1).map((x, i) => (x.r.wall / of(2)[i].r.wall).toFixed(2));
      lines.push(`| ${layer} | ${cpu(1)} | ${cpu(2)} | ${ratios.join(', ')} | ${results.map((x) => x.load.toFixed(1)).join(', ')} |`);
    }
    if (layers.includes('batch')) {
      const r = await batchLayer([one], temp, 1);
      lines.push('', `A one-scan embedded batch, whole process: ${r.cpu.toFixed(2)} CPU s (mostly start-up, which each half of the batch layer pays once).`);
    }
    process.stdout.write(['| Layer | CPU s / page, 1 process (each round) | 2 processes at once | wall speed-up of 2 (each round) | load at each run |', '| --- | --- | --- | --- | --- |', ...lines, ''].join('\n'));
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

if (values.child === 'ocr') await ocrChild();
else await main();

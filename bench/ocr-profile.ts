/**
 * @module
 * Where one OCR'd page's CPU goes inside Daylight, step by step, beside native
 * tesseract's CPU on the same page with the same model file, one thread each:
 * decode, blank check, contrast, skew, encode, then Tesseract's own steps timed
 * by calling the WebAssembly API directly on this thread (image load, recognise,
 * TSV and JSON output), and the start-up a process pays once. Each page is read
 * twice: the first read of a process runs while V8 still compiles the hot
 * WebAssembly functions (on background threads, counted in "whole process").
 * Run: `npm run bench -- ocr-profile` (node bench/ocr-profile.ts --pages N, default 3).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { decodeImage } from '../pipeline/image/decode.ts';
import { stretchContrast } from '../pipeline/image/preprocess.ts';
import { estimateSkew } from '../pipeline/image/skew.ts';
import { looksBlank } from '../pipeline/ocr/blank.ts';
import { encodeForTesseract, linesOfTsv } from '../pipeline/ocr/tesseract.ts';
import { g4Tiff } from './g4-tiff.ts';
import { childCpuSeconds } from './support/child-cpu.ts';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const { values: args } = parseArgs({ options: { pages: { type: 'string', default: '3' } } });
// SHARED_CORPORA points a worktree (whose ../shared is not the project's) at the corpora.
const corpus = process.env.SHARED_CORPORA ?? join(import.meta.dirname, '..', '..', 'shared', 'corpora');
const work = mkdtempSync(join(tmpdir(), 'daylight-bench-ocrprof-'));
const gzipped = readFileSync(join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int', 'eng.traineddata.gz'));
const tessdata = join(work, 'tessdata');
await run('mkdir', ['-p', tessdata]);
writeFileSync(join(tessdata, 'eng.traineddata'), gunzipSync(gzipped));

/** CPU seconds of this thread only (sharp's and V8's helper threads are not in it). */
const thread = () => {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1e6;
};
const wholeProcess = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const steps = new Map<string, number[]>();
function timed<T>(step: string, f: () => T): T {
  const start = thread();
  const value = f();
  steps.set(step, [...(steps.get(step) ?? []), thread() - start]);
  return value;
}
async function timedProcess<T>(step: string, f: () => Promise<T>): Promise<T> {
  const start = wholeProcess();
  const value = await f();
  steps.set(step, [...(steps.get(step) ?? []), wholeProcess() - start]);
  return value;
}

interface TessApi {
  Init(path: string, lang: string, oem: number): number;
  SetVariable(name: string, value: string): boolean;
  SetImageFile(exif: number, angle: number): number;
  Recognize(monitor: null): number;
  GetTSVText(page: number): string;
  GetJSONText(): string;
  End(): void;
}

try {
  const pdf = join(corpus, 'gov-pdfs', 'pdfs', 'scotus-11-889-slip-opinion.pdf');
  await run('pdftoppm', ['-r', '300', '-gray', '-png', '-f', '3', '-l', String(2 + Number(args.pages)), pdf, join(work, 'page')]);
  const files: string[] = [];
  for (const png of readdirSync(work).filter((f) => f.endsWith('.png')).sort()) {
    const decoded = await decodeImage(readFileSync(join(work, png)));
    if (!decoded.ok) throw new Error(decoded.problem.message);
    const file = join(work, png.replace('.png', '.tif'));
    writeFileSync(file, g4Tiff([decoded.value.pages[0]]));
    files.push(file);
  }
  const loadBefore = loadavg()[0].toFixed(1);

  const native = async (file: string) => {
    const before = childCpuSeconds();
    await run('tesseract', [file, 'stdout', '-l', 'eng', '--tessdata-dir', tessdata], { env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
    return childCpuSeconds() - before;
  };
  // Native start-up alone: the model loaded and an 8 × 8 white image read.
  const tiny = join(work, 'tiny.pgm');
  writeFileSync(tiny, Buffer.concat([Buffer.from('P5\n8 8\n255\n'), Buffer.alloc(64, 255)]));
  const nativeStartup = Math.min(await native(tiny), await native(tiny), await native(tiny));

  // Daylight's engine on this thread: the same core tesseract.js picks on this machine.
  const processStart = wholeProcess();
  const core = require.resolve('tesseract.js-core/tesseract-core-relaxedsimd-lstm.wasm');
  const compiled = timed('start: compile WebAssembly (lazy: functions compile on first call)', () => new WebAssembly.Module(readFileSync(core)));
  const Core = require('tesseract.js-core/tesseract-core-relaxedsimd-lstm') as (m: object) => Promise<{ FS: { writeFile(p: string, d: Uint8Array): void }; TessBaseAPI: new () => TessApi }>;
  const instantiateWasm = (imports: WebAssembly.Imports, done: (i: WebAssembly.Instance, m: WebAssembly.Module) => void) => {
    done(new WebAssembly.Instance(compiled, imports), compiled);
    return {};
  };
  const start = thread();
  const tess = await Core({ instantiateWasm });
  steps.set('start: instantiate', [thread() - start]);
  const model = timed('start: gunzip the model', () => gunzipSync(gzipped));
  tess.FS.writeFile('/eng.traineddata', model);
  const api = new tess.TessBaseAPI();
  timed('start: Init (load the model)', () => api.Init('/', 'eng', 1));
  api.SetVariable('debug_file', '/dev/null');
  api.SetVariable('tessedit_pageseg_mode', '3');
  const startup = wholeProcess() - processStart;

  const reads: Array<{ thread: number; process: number }> = [];
  for (const file of [...files, ...files]) {
    const decoded = await timedProcess('decode the G4 TIFF (sharp, all threads)', () => decodeImage(readFileSync(file), file));
    if (!decoded.ok) throw new Error(decoded.problem.message);
    const image = decoded.value.pages[0];
    timed('blank check', () => looksBlank(image));
    const stretched = timed('contrast stretch', () => stretchContrast(image));
    timed('skew estimate', () => estimateSkew(stretched, 3));
    const encoded = timed('encode for Tesseract (1-bit PBM)', () => encodeForTesseract(stretched));
    timed('tess: load the image (SetImageFile)', () => {
      tess.FS.writeFile('/input', encoded);
      api.SetImageFile(1, 0);
    });
    const before = { thread: thread(), process: wholeProcess() };
    api.Recognize(null);
    reads.push({ thread: thread() - before.thread, process: wholeProcess() - before.process });
    const tsv = timed('tess: GetTSVText (used)', () => api.GetTSVText(0));
    timed('TSV to lines', () => linesOfTsv(tsv));
    timed('tess: GetJSONText (used before)', () => api.GetJSONText());
  }
  api.End();
  const natives: number[] = [];
  for (const file of files) natives.push(await native(file));

  const n = files.length;
  const fmt = (s: number) => s.toFixed(2);
  console.log(`### One OCR'd page: Tesseract WebAssembly against native, CPU s (${n} dense 300 DPI G4 pages, one thread each; load ${loadBefore} → ${loadavg()[0].toFixed(1)})\n`);
  console.log('| page | native, whole process | native less its start-up | Daylight recognise, 1st read (this thread / whole process) | 2nd read (this thread) | 2nd ÷ native less start-up |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (let i = 0; i < n; i++) {
    const recognition = natives[i] - nativeStartup;
    console.log(`| ${i + 1} | ${fmt(natives[i])} | ${fmt(recognition)} | ${fmt(reads[i].thread)} / ${fmt(reads[i].process)} | ${fmt(reads[n + i].thread)} | ${(reads[n + i].thread / recognition).toFixed(2)} |`);
  }
  console.log(`\nNative start-up (model load, an 8 × 8 page): ${fmt(nativeStartup)} CPU s per process. Daylight's engine start-up on this thread: ${fmt(startup)} CPU s.\n`);
  console.log('| step, per page (second reads) or once | CPU s |');
  console.log('| --- | ---: |');
  for (const [step, seconds] of steps) {
    const per = step.startsWith('start') ? seconds[0] : seconds.slice(n).reduce((a, b) => a + b, 0) / n;
    console.log(`| ${step} | ${per.toFixed(3)} |`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

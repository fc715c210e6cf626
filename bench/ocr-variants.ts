/**
 * @module
 * Tesseract settings side by side, on one thread, taking turns page by page so a
 * shared machine's load falls on every variant alike: each variant is its own
 * TessBaseAPI (init-only settings such as the dictionaries need their own Init), every page is read once by each variant to
 * let V8 tier the hot functions up, and then `--rounds` times more, the variants'
 * order rotating each page. Each variant has a WebAssembly instance of its own (many Tesseract
 * settings are module globals, shared by every API of an instance). Reports the CPU of SetImageFile + Recognize +
 * GetTSVText per variant against the first (Daylight's settings), and the
 * accuracy of each on every image of ../shared/corpora/ocr (pooled CER and word
 * recall against the ground truth, upright images as the manifest turns them).
 * Run: `npm run bench -- ocr-variants [--pages N] [--rounds N] [--only a,b]`; the model, build and
 * layout variants (model-*, build-*, psm-*, no-tables, no-vertical, no-fuzzy-spaces) run only
 * when named in --only.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { decodeImage } from '../pipeline/image/decode.ts';
import { prepareForOcr } from '../pipeline/image/preprocess.ts';
import { turnClockwise } from '../pipeline/image/transform.ts';
import type { QuarterTurns } from '../pipeline/image/transform.ts';
import type { GrayImage } from '../pipeline/model/raster.ts';
import { layoutLines } from '../pipeline/model/page-text.ts';
import { encodeForTesseract, linesOfTsv } from '../pipeline/ocr/tesseract.ts';
import { normalizeText, score } from '../test/ocr/cer.ts';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const { values: args } = parseArgs({
  options: { pages: { type: 'string', default: '4' }, rounds: { type: 'string', default: '2' }, only: { type: 'string' }, 'skip-accuracy': { type: 'boolean', default: false } },
});
// SHARED_CORPORA points a worktree (whose ../shared is not the project's) at the corpora.
const corpus = process.env.SHARED_CORPORA ?? join(import.meta.dirname, '..', '..', 'shared', 'corpora');

interface Variant {
  name: string;
  /** Init-time settings (a config file given to Init). */
  init?: Record<string, string>;
  /** Settings set after Init. */
  vars?: Record<string, string>;
  /** The tesseract.js-core build (default Daylight's first choice, relaxed SIMD). */
  build?: Build;
  /** The English model read (default the one Daylight bundles, 4.0.0_best_int). */
  model?: keyof typeof MODELS;
  /** Runs only when named in --only. */
  optIn?: boolean;
}

/**
 * English models to compare: the two the @tesseract.js-data/eng package ships, and Debian's
 * (tessdata_fast, as native `tesseract` reads by default) when tesseract-ocr-eng is installed.
 */
const MODELS = {
  best_int: join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int', 'eng.traineddata.gz'),
  '4.0.0': join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0', 'eng.traineddata.gz'),
  debian_fast: '/usr/share/tesseract-ocr/5/tessdata/eng.traineddata',
} as const;

/** Init settings; readings identical to the default's to the character suggest they do not reach the LSTM recogniser's dictionary. */
const NO_DICTIONARY = { load_system_dawg: 'F', load_freq_dawg: 'F' };
const ALL: Variant[] = [
  { name: 'daylight' },
  { name: 'no-invert', vars: { tessedit_do_invert: '0' } },
  { name: 'no-dictionary', init: NO_DICTIONARY },
  { name: 'no-invert+no-dictionary', init: NO_DICTIONARY, vars: { tessedit_do_invert: '0' } },
  { name: 'model-4.0.0', model: '4.0.0' },
  { name: 'model-debian-fast', model: 'debian_fast' },
  { name: 'build-simd', build: 'tesseract-core-simd-lstm' },
  { name: 'build-plain', build: 'tesseract-core-lstm' },
  // Layout analysis: single column (4) or one uniform block (6) instead of automatic (3), and
  // parts of the automatic analysis and of the passes after recognition turned off.
  { name: 'psm-4', vars: { tessedit_pageseg_mode: '4' }, optIn: true },
  { name: 'psm-6', vars: { tessedit_pageseg_mode: '6' }, optIn: true },
  { name: 'no-tables', vars: { textord_tabfind_find_tables: '0' }, optIn: true },
  { name: 'no-vertical', vars: { textord_tabfind_vertical_text: '0' }, optIn: true },
  { name: 'no-fuzzy-spaces', vars: { tessedit_fix_fuzzy_spaces: '0' }, optIn: true },
];
const variants = args.only ? ALL.filter((v) => v.name === 'daylight' || args.only!.split(',').includes(v.name)) : ALL.filter((v) => !v.model && !v.build && !v.optIn);

interface TessApi {
  Init(path: string, lang: string, oem: number, config?: string): number;
  SetVariable(name: string, value: string): boolean;
  SetImageFile(exif: number, angle: number): number;
  Recognize(monitor: null): number;
  GetTSVText(page: number): string;
}
interface TessModule {
  FS: { writeFile(path: string, data: Uint8Array | string): void; mkdir(path: string): void };
  TessBaseAPI: new () => TessApi;
}

const thread = () => {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1e6;
};

type Build = 'tesseract-core-relaxedsimd-lstm' | 'tesseract-core-simd-lstm' | 'tesseract-core-lstm';

/** A new instance of a tesseract.js-core build (Daylight's first choice by default). */
const compiledBuilds = new Map<Build, WebAssembly.Module>();
async function instance(build: Build): Promise<TessModule> {
  // One compiled module a build, whose optimised code every instance of it shares.
  const compiled = compiledBuilds.get(build) ?? new WebAssembly.Module(readFileSync(require.resolve(`tesseract.js-core/${build}.wasm`)));
  compiledBuilds.set(build, compiled);
  const Core = require(`tesseract.js-core/${build}`) as (m: object) => Promise<TessModule>;
  return Core({
    instantiateWasm(imports: WebAssembly.Imports, done: (i: WebAssembly.Instance, m: WebAssembly.Module) => void) {
      done(new WebAssembly.Instance(compiled, imports), compiled);
      return {};
    },
    print: () => {},
    printErr: () => {},
  });
}
// Every variant has its own instance: many of Tesseract's settings are globals of the module
// (the textord_* ones among them), so a setting given to one TessBaseAPI would reach every
// other API of the same instance and every variant would read alike.
const apis: Array<{ api: TessApi; tess: TessModule }> = [];
for (const [i, v] of variants.entries()) {
  const tess = await instance(v.build ?? 'tesseract-core-relaxedsimd-lstm');
  const model = v.model ?? 'best_int';
  const bytes = readFileSync(MODELS[model]);
  tess.FS.mkdir(`/${model}`);
  tess.FS.writeFile(`/${model}/eng.traineddata`, MODELS[model].endsWith('.gz') ? gunzipSync(bytes) : bytes);
  const api = new tess.TessBaseAPI();
  const dataPath = `/${model}/`;
  let config: string | undefined;
  if (v.init) {
    config = `/config-${i}`;
    tess.FS.writeFile(config, Object.entries(v.init).map(([k, value]) => `${k} ${value}`).join('\n') + '\n');
  }
  if ((config ? api.Init(dataPath, 'eng', 1, config) : api.Init(dataPath, 'eng', 1)) !== 0) throw new Error(`${v.name}: Init failed`);
  api.SetVariable('tessedit_pageseg_mode', '3');
  api.SetVariable('debug_file', '/dev/null');
  for (const [k, value] of Object.entries(v.vars ?? {})) if (!api.SetVariable(k, value)) throw new Error(`${v.name}: no variable ${k}`);
  apis.push({ api, tess });
}

/** One variant's reading of one prepared raster: CPU of this thread and the TSV. */
function read({ api, tess }: { api: TessApi; tess: TessModule }, image: GrayImage): { cpu: number; tsv: string } {
  const encoded = encodeForTesseract(image);
  const start = thread();
  tess.FS.writeFile('/input', encoded);
  api.SetVariable('user_defined_dpi', String(Math.round(image.dpi)));
  api.SetImageFile(1, 0);
  api.Recognize(null);
  const tsv = api.GetTSVText(0);
  return { cpu: thread() - start, tsv };
}

const work = mkdtempSync(join(tmpdir(), 'daylight-bench-ocrvar-'));
try {
  // Throughput: dense 300 DPI pages made bilevel as the ocr bench's G4 scan is (threshold at mid-gray).
  const pdf = join(corpus, 'gov-pdfs', 'pdfs', 'scotus-11-889-slip-opinion.pdf');
  await run('pdftoppm', ['-r', '300', '-gray', '-png', '-f', '3', '-l', String(2 + Number(args.pages)), pdf, join(work, 'page')]);
  const pages: GrayImage[] = [];
  for (const png of readdirSync(work).filter((f) => f.endsWith('.png')).sort()) {
    const decoded = await decodeImage(readFileSync(join(work, png)));
    if (!decoded.ok) throw new Error(decoded.problem.message);
    const gray = decoded.value.pages[0];
    pages.push({ ...gray, data: gray.data.map((v) => (v < 128 ? 0 : 255)) });
  }
  const loadBefore = loadavg()[0].toFixed(1);
  for (const page of pages) for (const api of apis) read(api, page);
  const cpu = variants.map(() => 0);
  const ratios: number[][] = variants.map(() => []);
  for (let round = 0; round < Number(args.rounds); round++) {
    pages.forEach((page, p) => {
      const shift = (round * pages.length + p) % variants.length;
      const order = variants.map((_, i) => (i + shift) % variants.length);
      const got = new Array<number>(variants.length);
      for (const i of order) got[i] = read(apis[i], page).cpu;
      got.forEach((c, i) => {
        cpu[i] += c;
        ratios[i].push(c / got[0]);
      });
    });
  }
  const reads = pages.length * Number(args.rounds);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`### Tesseract settings, CPU per dense 300 DPI bilevel page on one thread (${pages.length} pages × ${args.rounds} rounds, variants taking turns; load ${loadBefore} → ${loadavg()[0].toFixed(1)})\n`);
  console.log('| variant | CPU s/page | ÷ daylight (total) | ÷ daylight (median of pages) |');
  console.log('| --- | ---: | ---: | ---: |');
  variants.forEach((v, i) => console.log(`| ${v.name} | ${(cpu[i] / reads).toFixed(3)} | ${(cpu[i] / cpu[0]).toFixed(3)} | ${median(ratios[i]).toFixed(3)} |`));

  if (!args['skip-accuracy']) {
    const manifest = JSON.parse(readFileSync(join(corpus, 'ocr', 'manifest.json'), 'utf8')) as { items: Array<{ image: string; gt: string; rotate_clockwise_to_upright_deg: number }> };
    const totals = variants.map(() => ({ edits: 0, chars: 0, found: 0, wordEdits: 0, words: 0, cpu: 0 }));
    const perImage: string[] = [];
    for (const item of manifest.items) {
      const decoded = await decodeImage(readFileSync(join(corpus, 'ocr', item.image)), item.image);
      if (!decoded.ok) throw new Error(decoded.problem.message);
      const upright = turnClockwise(decoded.value.pages[0], (item.rotate_clockwise_to_upright_deg / 90) as QuarterTurns).image;
      const prepared = (await prepareForOcr(upright)).image;
      const truth = readFileSync(join(corpus, 'ocr', item.gt), 'utf8');
      const cells = apis.map((api, i) => {
        const { cpu: c, tsv } = read(api, prepared);
        const s = score(layoutLines(linesOfTsv(tsv)).text, truth);
        const truthWords = normalizeText(truth).split(' ').filter(Boolean).length;
        totals[i].edits += s.edits;
        totals[i].chars += s.truthChars;
        totals[i].found += s.wordRecall * truthWords;
        totals[i].wordEdits += s.wer * truthWords;
        totals[i].words += truthWords;
        totals[i].cpu += c;
        return `${(s.cer * 100).toFixed(2)} % / ${(s.wer * 100).toFixed(1)} % / ${(s.wordRecall * 100).toFixed(1)} %`;
      });
      perImage.push(`| ${item.image} | ${cells.join(' | ')} |`);
    }
    console.log(`\n### Accuracy on every image of ../shared/corpora/ocr, turned upright first, prepared as Daylight prepares it: CER normalised / WER / word recall (pooled: edits ÷ ground-truth characters or words)\n`);
    console.log(`| image | ${variants.map((v) => v.name).join(' | ')} |`);
    console.log(`| --- | ${variants.map(() => '---:').join(' | ')} |`);
    for (const row of perImage) console.log(row);
    console.log(`| **pooled** | ${totals.map((t) => `**${((t.edits / t.chars) * 100).toFixed(2)} % / ${((t.wordEdits / t.words) * 100).toFixed(1)} % / ${((t.found / t.words) * 100).toFixed(1)} %**`).join(' | ')} |`);
    console.log(`| CPU s, all images (one read each, in order) | ${totals.map((t) => t.cpu.toFixed(2)).join(' | ')} |`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

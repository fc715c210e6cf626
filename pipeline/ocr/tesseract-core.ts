/**
 * @module
 * What every Tesseract thread of a process needs, made once per process: the
 * WebAssembly build of Tesseract (tesseract.js-core) compiled to a
 * `WebAssembly.Module`, and the bundled English model unzipped. Threads get both
 * in their `workerData`: a posted Module shares its compiled code (V8 keeps one
 * copy a process), so a second thread neither reads nor validates the 2.8 MB
 * binary again, and the 2.9 MB model is unzipped once, not once a thread.
 *
 * ```ts
 * const files = await tesseractFiles();
 * new Worker(threadUrl, { workerData: files });
 * ```
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { gunzip } from 'node:zlib';
import { fixRelaxedKernel, selfTestKernel } from './relaxed-kernel.ts';
import { codeCacheDir, codeCacheFile, readCodeCache } from './wasm-code-cache.ts';

const require = createRequire(import.meta.url);

/**
 * LSTM-only builds, fastest first, as tesseract.js itself picks them: relaxed SIMD
 * where the runtime has it, else SIMD, else plain WebAssembly.
 */
const BUILDS = ['tesseract-core-relaxedsimd-lstm', 'tesseract-core-simd-lstm', 'tesseract-core-lstm'] as const;
/** The build whose fast int8 kernel relaxed-kernel.ts makes exact and selects. */
const RELAXED_BUILD = 'tesseract-core-relaxedsimd-lstm';

/** LSTM-only "best_int" English model, gzipped, inside the npm package: no download at run time. */
const MODEL = join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int', 'eng.traineddata.gz');

export interface TesseractFiles {
  /** Absolute path of the Emscripten loader that goes with `module`. */
  loader: string;
  /** The compiled build (functions compile lazily on first call, then tier up). */
  module: WebAssembly.Module;
  /** eng.traineddata, unzipped. */
  model: Uint8Array;
  /**
   * Where this build's optimised code is cached between processes (wasm-code-cache.ts), and
   * whether `module` came from there; undefined when the cache is off.
   */
  codeCache?: { file: string; loaded: boolean };
  /**
   * Tesseract's int8 matrix kernel: `relaxed-exact` when the relaxed-SIMD build's fast kernel
   * was made exact and selected (relaxed-kernel.ts), `as-built` when the build is used as
   * tesseract.js-core made it (its SSE-style kernel here), with the reason.
   */
  kernel: { kind: 'relaxed-exact' } | { kind: 'as-built'; reason: string };
  /** The V8 flags set for the optimising compiler's work on this module (cheaperTierUp). */
  tierUp: { flags: string[] };
}

let loaded: Promise<TesseractFiles> | undefined;

/** The compiled build and the model, loaded on first call and kept for the life of the process. */
export function tesseractFiles(): Promise<TesseractFiles> {
  loaded ??= load();
  // A failed load (a missing file) is tried again by the next caller rather than cached.
  loaded.catch(() => {
    loaded = undefined;
  });
  return loaded;
}

async function load(): Promise<TesseractFiles> {
  // Before the module is compiled or read from the code cache (whose V8 flag hash must match).
  const tierUp = cheaperTierUp();
  const [compiled, model] = await Promise.all([compileFirstSupported(), readFile(MODEL).then((gz) => promisify(gunzip)(gz))]);
  return { ...compiled, tierUp, model: new Uint8Array(model.buffer, model.byteOffset, model.byteLength) };
}

/**
 * V8 compiles a WebAssembly function again with its optimising compiler once it has run enough in
 * baseline code, on background threads, in every process (the code cache aside). For Tesseract that
 * is about 300 functions and most of a short process's fixed cost: about 1.0-1.3 CPU s of V8's
 * background threads for a 6-page `daylight extract`, against a page's 2 CPU s. V8 decides "enough"
 * by the size of the code a call or loop passes through, not the work done, so Tesseract's two
 * largest functions (75 KB of code each, 10-15 ms of a 6-page run between them) are compiled too,
 * and cost a third of it. Loop unrolling is what makes those large functions dear to compile (a
 * quarter of their compile time, measured alone); Tesseract's hot loops read the same without it
 * (the relaxed int8 kernel and the LSTM step: per-page CPU unchanged in paired runs). So it is
 * switched off for WebAssembly from the moment Tesseract loads. V8 has no per-module setting: it
 * holds for the rest of the process, for pdf.js's and PDFium's WebAssembly too (their code is
 * correct either way; only its speed could differ). The words do not change: unrolling is an
 * optimisation of the machine code, not of what it computes. `DAYLIGHT_WASM_UNROLL=on` keeps V8's
 * default (for comparisons).
 */
function cheaperTierUp(): TesseractFiles['tierUp'] {
  if (process.env.DAYLIGHT_WASM_UNROLL === 'on') return { flags: [] };
  setFlagsFromString(NO_LOOP_UNROLLING);
  return { flags: [NO_LOOP_UNROLLING] };
}
const NO_LOOP_UNROLLING = '--no-wasm-loop-unrolling';

/** The first build this runtime compiles: validation fails on instructions it does not have. */
async function compileFirstSupported(): Promise<Omit<TesseractFiles, 'model' | 'tierUp'>> {
  let lastError: unknown;
  const cacheDir = codeCacheDir();
  for (const build of BUILDS) {
    try {
      const original = await readFile(require.resolve(`tesseract.js-core/${build}.wasm`));
      const loader = require.resolve(`tesseract.js-core/${build}.js`);
      const { wire, kernel } = build === RELAXED_BUILD ? withExactKernel(original) : { wire: original, kernel: { kind: 'as-built' as const, reason: `${build} has no relaxed kernel` } };
      // A build this runtime cannot run never reached the cache: only compiled, validated builds are written.
      const file = cacheDir === undefined ? undefined : codeCacheFile(cacheDir, build, wire);
      const cached = file === undefined ? undefined : readCodeCache(file, wire);
      const module = cached ?? (await WebAssembly.compile(wire));
      return { loader, module, kernel, codeCache: file === undefined ? undefined : { file, loaded: cached !== undefined } };
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/** Whether this runtime validates relaxed SIMD, asked of a 37-byte module rather than the 2.8 MB build (about 20 ms). */
function hasRelaxedSimd(): boolean {
  // (func (param v128 v128 v128) (result v128) (i32x4.relaxed_dot_i8x16_i7x16_add_s (local.get 0) (local.get 1) (local.get 2)))
  const probe = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 8, 1, 0x60, 3, 0x7b, 0x7b, 0x7b, 1, 0x7b, 3, 2, 1, 0, 10, 13, 1, 11, 0, 0x20, 0, 0x20, 1, 0x20, 2, 0xfd, 0x93, 0x02, 0x0b];
  return WebAssembly.validate(Uint8Array.from(probe));
}

/**
 * The relaxed-SIMD build with its fast int8 kernel made exact and selected, when the fix applies
 * to this binary and the patched kernel passes its self-test on this runtime; otherwise the
 * build as it is (its SSE-style kernel), which reads the same text, only slower. A runtime
 * without relaxed SIMD fails both the self-test and the build's compilation, and moves on to the
 * SIMD build. `DAYLIGHT_OCR_KERNEL=as-built` turns the fix off (for comparisons).
 */
function withExactKernel(original: Uint8Array<ArrayBuffer>): Pick<TesseractFiles, 'kernel'> & { wire: Uint8Array<ArrayBuffer> } {
  if (process.env.DAYLIGHT_OCR_KERNEL === 'as-built') return { wire: original, kernel: { kind: 'as-built', reason: 'DAYLIGHT_OCR_KERNEL=as-built' } };
  if (!hasRelaxedSimd()) return { wire: original, kernel: { kind: 'as-built', reason: 'this runtime has no relaxed SIMD' } };
  const fix = fixRelaxedKernel(original);
  const failed = fix.ok ? selfTestKernel(fix.kernel) : fix.reason;
  if (fix.ok && failed === undefined) return { wire: fix.wire, kernel: { kind: 'relaxed-exact' } };
  // Reading goes on at the old speed; say why once, as a new tesseract.js-core needs the fix checked again.
  const reason = `Tesseract's fast int8 kernel is not used: ${failed}`;
  process.emitWarning(`${reason}. OCR reads the same text with the slower kernel.`, { code: 'DAYLIGHT_OCR_KERNEL' });
  return { wire: original, kernel: { kind: 'as-built', reason } };
}

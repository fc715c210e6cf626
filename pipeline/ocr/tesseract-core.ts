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
import { gunzip } from 'node:zlib';
import { codeCacheDir, codeCacheFile, readCodeCache } from './wasm-code-cache.ts';

const require = createRequire(import.meta.url);

/**
 * LSTM-only builds, fastest first, as tesseract.js itself picks them: relaxed SIMD
 * where the runtime has it, else SIMD, else plain WebAssembly.
 */
const BUILDS = ['tesseract-core-relaxedsimd-lstm', 'tesseract-core-simd-lstm', 'tesseract-core-lstm'] as const;

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
  const [compiled, model] = await Promise.all([compileFirstSupported(), readFile(MODEL).then((gz) => promisify(gunzip)(gz))]);
  return { ...compiled, model: new Uint8Array(model.buffer, model.byteOffset, model.byteLength) };
}

/** The first build this runtime compiles: validation fails on instructions it does not have. */
async function compileFirstSupported(): Promise<Omit<TesseractFiles, 'model'>> {
  let lastError: unknown;
  const cacheDir = codeCacheDir();
  for (const build of BUILDS) {
    try {
      const wire = await readFile(require.resolve(`tesseract.js-core/${build}.wasm`));
      const loader = require.resolve(`tesseract.js-core/${build}.js`);
      // A build this runtime cannot run never reached the cache: only compiled, validated builds are written.
      const file = cacheDir === undefined ? undefined : codeCacheFile(cacheDir, build, wire);
      const cached = file === undefined ? undefined : readCodeCache(file, wire);
      const module = cached ?? (await WebAssembly.compile(wire));
      return { loader, module, codeCache: file === undefined ? undefined : { file, loaded: cached !== undefined } };
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

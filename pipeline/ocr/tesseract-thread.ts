/**
 * @module
 * The body of one Tesseract worker thread (started by tesseract.ts): it
 * instantiates the module and model it is given (tesseract-core.ts), initialises
 * Tesseract once with `tesseract`'s own defaults (automatic page segmentation,
 * LSTM only), then reads one page per message and answers with Tesseract's TSV.
 *
 * Messages in: `{ image, dpi }` (a PBM or PGM file's bytes). Out: `{ ready: true }`
 * once, then `{ ok: true, tsv }` or `{ ok: false, message }` per page. After a
 * failed page the thread may be in any state: the pool ends it. One more message,
 * `{ saveCodeCache: file }`, writes the module's optimised code for later processes
 * (wasm-code-cache.ts) and answers `{ saved }`.
 */
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type { TesseractFiles } from './tesseract-core.ts';
import { writeCodeCache } from './wasm-code-cache.ts';

export interface PageRequest {
  image: Uint8Array;
  dpi: number;
}
export interface SaveCodeCacheRequest {
  saveCodeCache: string;
}
export type ThreadReply = { ready: true } | { ready: false; message: string } | { ok: true; tsv: string } | { ok: false; message: string } | { saved: boolean };

interface TessApi {
  Init(dataPath: string, language: string, oem: number): number;
  SetVariable(name: string, value: string): boolean;
  SetImageFile(exifOrientation: number, angle: number): number;
  Recognize(monitor: null): number;
  GetTSVText(page: number): string;
}
interface TessModule {
  FS: { writeFile(path: string, data: Uint8Array): void };
  TessBaseAPI: new () => TessApi;
}
type LoaderOptions = {
  instantiateWasm(imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void): object;
  print(text: string): void;
  printErr(text: string): void;
};

const OEM_LSTM_ONLY = 1;
const { loader, module, model } = workerData as TesseractFiles;
const port = parentPort!;
/** Leptonica and Emscripten write their complaints here; the last one explains a failed page. */
let lastComplaint = '';

const reply = (message: ThreadReply) => port.postMessage(message);

/** The exports of this thread's instance: the code cache's writer needs one of its functions. */
let exports: WebAssembly.Exports | undefined;

try {
  const load = createRequire(import.meta.url)(loader) as (options: LoaderOptions) => Promise<TessModule>;
  const tess = await load({
    // The compiled module from the parent: no file read, no second validation.
    instantiateWasm(imports, done) {
      void WebAssembly.instantiate(module, imports).then((instance) => {
        exports = instance.exports;
        done(instance, module);
      });
      return {};
    },
    // Nothing reaches the process's stdout, which may carry `--json` output.
    print: () => {},
    printErr: (text) => {
      lastComplaint = text;
    },
  });
  tess.FS.writeFile('/eng.traineddata', model);
  const api = new tess.TessBaseAPI();
  if (api.Init('/', 'eng', OEM_LSTM_ONLY) !== 0) throw new Error(`the English model did not load${lastComplaint ? ` (${lastComplaint})` : ''}`);
  // The Tesseract API defaults to one uniform block (PSM 6) and reads across columns;
  // 3 is automatic layout analysis, the `tesseract` command's default.
  api.SetVariable('tessedit_pageseg_mode', '3');
  // Tesseract's own diagnostics ("Image too small to scale!!") would otherwise go to stderr.
  api.SetVariable('debug_file', '/dev/null');
  port.on('message', (request: PageRequest | SaveCodeCacheRequest) => {
    if ('saveCodeCache' in request) {
      let saved = false;
      try {
        saved = exports !== undefined && writeCodeCache(request.saveCodeCache, module, exports);
      } catch {
        // A cache that could not be written costs the next process its compilation, nothing more.
      }
      reply({ saved });
      return;
    }
    const { image, dpi } = request;
    try {
      lastComplaint = '';
      tess.FS.writeFile('/input', image);
      // Without it Tesseract guesses the resolution from the text size, or warns about 25 dpi.
      api.SetVariable('user_defined_dpi', String(Math.round(dpi)));
      if (api.SetImageFile(1, 0) !== 0) throw new Error(`the image could not be read${lastComplaint ? ` (${lastComplaint})` : ''}`);
      // Its status is not an error: a page too small to segment answers -1 and simply has no words.
      api.Recognize(null);
      reply({ ok: true, tsv: api.GetTSVText(0) });
    } catch (error) {
      reply({ ok: false, message: error instanceof Error ? error.message : String(error) });
    }
  });
  reply({ ready: true });
} catch (error) {
  reply({ ready: false, message: error instanceof Error ? error.message : String(error) });
}

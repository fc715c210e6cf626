/**
 * @module
 * The body of one Tesseract worker thread (started by tesseract.ts): it
 * instantiates the module and model it is given (tesseract-core.ts), initialises
 * Tesseract once with `tesseract`'s own defaults (automatic page segmentation,
 * LSTM only), then reads one page per message and answers with Tesseract's TSV.
 * The messages are typed in tesseract-messages.ts. After a failed page the thread
 * may be in any state: the pool ends it. `{ saveCodeCache: file }` writes the
 * module's optimised code for later processes (wasm-code-cache.ts) and answers `{ saved }`.
 *
 * Plain JavaScript, not TypeScript, and it imports no `.ts` module before it is
 * ready: the first `.ts` module a thread loads makes Node start its type stripper
 * in that thread, about 0.05–0.08 CPU s a thread (a worker with a `.ts` entry
 * 0.12–0.15 CPU s to start, one with a `.mjs` entry 0.06–0.08, measured on this
 * machine), paid by every thread of every process. The code cache's writer is
 * TypeScript and runs at most once per process, so it is imported only then.
 */
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

const OEM_LSTM_ONLY = 1;
/** @type {import('./tesseract-core.ts').TesseractFiles} */
const { loader, module, model } = workerData;
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
/** Leptonica and Emscripten write their complaints here; the last one explains a failed page. */
let lastComplaint = '';

/** @param {import('./tesseract-messages.ts').ThreadReply} message */
const reply = (message) => port.postMessage(message);

/** The exports of this thread's instance: the code cache's writer needs one of its functions. */
let exports;

try {
  const load = createRequire(import.meta.url)(loader);
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
  port.on('message', async (request) => {
    if ('saveCodeCache' in request) {
      let saved = false;
      try {
        const { writeCodeCache } = await import('./wasm-code-cache.ts');
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

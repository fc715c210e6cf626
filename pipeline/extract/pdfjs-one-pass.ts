/**
 * @module
 * pdf.js's worker with one addition, so a page's content stream is evaluated once for
 * extraction instead of twice. pdf.js gives text runs from one evaluation of the stream
 * (`getTextContent`) and drawing commands from another (`getOperatorList`); each
 * inflates, lexes and parses the whole stream and clones its result across the
 * in-thread port. Extraction needs little from the second: glyph counts by render
 * mode, each font's glyph advance widths, whether anything is painted, and image
 * coverage. The addition counts these while the text pass walks the stream and hands
 * them over as one extra text item (`type: "daylightSummary"`, which has no `str`).
 *
 * The count is the operator list's only where that is certain: it is marked `exact`
 * for a page whose stream shows text with non-Type3 fonts, paints paths, and changes
 * graphics state, and not exact as soon as it meets what the text pass treats
 * differently: an XObject (forms and images: the text pass skips images and caches
 * forms without text), an inline image, a shading, or a font set through an ExtGState.
 * The adapter (pdfjs.ts) asks for the operator list as before whenever it is not exact.
 * Why each count equals `summarizeOperators`' (pdfjs.ts) is said above the pieces below.
 *
 * The addition is applied to the installed `pdf.worker.mjs` text and kept beside it as
 * `pdf.worker.daylight.mjs`, only for the exact file it was written for (version and SHA-256
 * checked, and the result's SHA-256 pinned); for any other file, or when a piece does not
 * match exactly once, nothing is patched and extraction keeps its two passes (as it does
 * with `DAYLIGHT_ONE_PASS=off`). The patched worker serves only the documents this adapter
 * opens, through its own in-thread port: other pdf.js users in the thread (the verifier's own
 * reader) keep pdf.js's own fake worker.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MessageChannel, Worker, threadId } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { createRequire } from 'node:module';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';

/** The worker file the pieces below were written against. */
const WORKER_VERSION = '6.5.438';
const WORKER_SHA256 = '8336aabf764cb08c818555a2fd2545e4fed10837146de927564875c93b3c4f83';

/** A piece of the worker's text and what replaces it; each must occur exactly once. */
interface Piece {
  find: string;
  replace: string;
}

/*
 * Why the counts equal summarizeOperators' on an exact page (pdf.js 6.5.438; getOperatorList
 * is asked with the OPLIST intent, whose list is not optimised, so operators are not merged):
 * - Both passes read the same operators from the same EvaluatorPreprocessor, in order.
 * - Glyphs: the operator list's showText, showSpacedText (per string, as here),
 *   nextLineShowText and nextLineSetSpacingShowText carry `font.charsToGlyphs(string)` (cached
 *   by string, so the same Glyph objects), only when the state has a font, as here. A glyph
 *   counts when not `isSpace`; its width is noted by unicode when positive: the same rule.
 * - Render mode: set by Tr, saved and restored by q/Q (forms make the page inexact).
 * - Font: the loaded name of the last Tf, not restored by Q, as summarizeOperators keeps it;
 *   a font from an ExtGState makes the page inexact.
 * - Marks: every painting operator (S, s, f, F, f*, B, B*, b, b*) becomes one constructPath
 *   whose first argument is that operator; n becomes one with endPath, which is not a mark.
 *   Shadings and images make the page inexact, so its image coverage is 0 and it has no dpi.
 * - A pass ended by an error sends no count; the adapter then asks for the operator list.
 */
const pieces: Piece[] = [
  // The GetTextContent request (only this adapter's documents reach this worker) asks for the summary.
  {
    find: `        page.extractTextContent({
          handler,
          task,
          sink,
          includeMarkedContent,
          disableNormalization
        }).then(() => {`,
    replace: `        page.extractTextContent({
          handler,
          task,
          sink,
          includeMarkedContent,
          disableNormalization,
          daylightSummary: true
        }).then(() => {`,
  },
  // The page passes it to the evaluation of its own content stream only (not annotations').
  {
    find: `    sink,
    intersector = null
  }) {
    const contentStreamPromise = this.getContentStream();`,
    replace: `    sink,
    intersector = null,
    daylightSummary = false
  }) {
    const contentStreamPromise = this.getContentStream();`,
  },
  {
    find: `      viewBox: this.view,
      lang,
      intersector
    });`,
    replace: `      viewBox: this.view,
      lang,
      intersector,
      daylightSummary
    });`,
  },
  // getTextContent takes it; nested calls for forms never get it (a form makes the count inexact).
  {
    find: `    prevRefs = null,
    intersector = null
  }) {
    if (stream.isAsync) {`,
    replace: `    prevRefs = null,
    intersector = null,
    daylightSummary = false
  }) {
    if (stream.isAsync) {`,
  },
  {
    find: `    resources ||= Dict.empty;
    stateManager ||= new StateManager(new TextState());`,
    replace: `    resources ||= Dict.empty;
    stateManager ||= new StateManager(new TextState());
    const daylight = daylightSummary ? {
      exact: true,
      visibleGlyphs: 0,
      invisibleGlyphs: 0,
      marks: 0,
      font: "",
      mode: 0,
      modes: [],
      glyphWidths: Object.create(null)
    } : null;
    const daylightGlyphs = glyphs => {
      if (stateManager.state.font.isType3Font) {
        daylight.exact = false;
      }
      const widths = daylight.glyphWidths[daylight.font] ??= Object.create(null);
      let count = 0;
      for (const glyph of glyphs) {
        if (!glyph.isSpace) {
          count++;
        }
        if (typeof glyph.unicode === "string" && glyph.unicode.length > 0 && typeof glyph.width === "number" && glyph.width > 0) {
          widths[glyph.unicode] = glyph.width;
        }
      }
      if (daylight.mode === 3) {
        daylight.invisibleGlyphs += count;
      } else {
        daylight.visibleGlyphs += count;
      }
    };
    const daylightShow = chars => daylightGlyphs(typeof chars === "string" ? stateManager.state.font.charsToGlyphs(chars) : []);
    const daylightOp = (fn, args) => {
      switch (fn | 0) {
        case OPS.save:
          daylight.modes.push(daylight.mode);
          break;
        case OPS.restore:
          if (daylight.modes.length > 0) {
            daylight.mode = daylight.modes.pop();
          }
          break;
        case OPS.setTextRenderingMode:
          daylight.mode = Number(args[0]);
          break;
        case OPS.stroke:
        case OPS.closeStroke:
        case OPS.fill:
        case OPS.eoFill:
        case OPS.fillStroke:
        case OPS.eoFillStroke:
        case OPS.closeFillStroke:
        case OPS.closeEOFillStroke:
          daylight.marks++;
          break;
        case OPS.paintXObject:
        case OPS.beginInlineImage:
        case OPS.beginImageData:
        case OPS.endInlineImage:
        case OPS.shadingFill:
          daylight.exact = false;
          break;
        case OPS.showText:
        case OPS.nextLineShowText:
          if (stateManager.state.font) {
            daylightShow(args[0]);
          }
          break;
        case OPS.nextLineSetSpacingShowText:
          if (stateManager.state.font) {
            daylightShow(args[2]);
          }
          break;
        case OPS.showSpacedText:
          if (stateManager.state.font) {
            daylightGlyphs([]);
            for (const item of args[0]) {
              if (typeof item === "string") {
                daylightShow(item);
              }
            }
          }
          break;
      }
    };
`,
  },
  // The font the operator list's setFont names: the loaded font, kept across Q as summarizeOperators keeps it.
  {
    find: `      textState.loadedName = translated.loadedName;
      textState.font = translated.font;`,
    replace: `      textState.loadedName = translated.loadedName;
      textState.font = translated.font;
      if (daylight) {
        daylight.font = translated.loadedName;
      }`,
  },
  {
    find: `            if (textState.font && fontNameArg === textState.fontName && fontSizeArg === textState.fontSize) {
              break;
            }`,
    replace: `            if (textState.font && fontNameArg === textState.fontName && fontSizeArg === textState.fontSize) {
              if (daylight) {
                daylight.font = textState.loadedName;
              }
              break;
            }`,
  },
  // Every operator the text pass reads is seen once, in stream order.
  {
    find: `        textState = stateManager.state;
        currentTextState ||= textState.clone();
        const fn = operation.fn;
        args = operation.args;
        switch (fn | 0) {`,
    replace: `        textState = stateManager.state;
        currentTextState ||= textState.clone();
        const fn = operation.fn;
        args = operation.args;
        if (daylight) {
          daylightOp(fn, args);
        }
        switch (fn | 0) {`,
  },
  // A font set by an ExtGState: the operator list names it differently; not exact.
  {
    find: `              flushTextContentItem();
              textState.fontName = null;
              textState.fontSize = gStateFont[1];`,
    replace: `              flushTextContentItem();
              if (daylight) {
                daylight.exact = false;
              }
              textState.fontName = null;
              textState.fontSize = gStateFont[1];`,
  },
  // Handed over at the end of a pass that ran to its end: a pass cut short by an error sends none.
  {
    find: `      flushTextContentItem();
      closePendingMarkedContentItems();
      enqueueChunk();
      resolve();`,
    replace: `      flushTextContentItem();
      closePendingMarkedContentItems();
      if (daylight) {
        textContent.items.push({
          type: "daylightSummary",
          exact: daylight.exact,
          visibleGlyphs: daylight.visibleGlyphs,
          invisibleGlyphs: daylight.invisibleGlyphs,
          marks: daylight.marks,
          glyphWidths: daylight.glyphWidths
        });
      }
      enqueueChunk();
      resolve();`,
  },
];

/** The worker's text with the pieces applied, or why it was left alone. */
export function patchedWorkerSource(source: string): { ok: true; source: string } | { ok: false; reason: string } {
  if (!source.includes(`const workerVersion = "${WORKER_VERSION}";`)) return { ok: false, reason: `pdf.js worker is not version ${WORKER_VERSION}` };
  const digest = createHash('sha256').update(source).digest('hex');
  if (digest !== WORKER_SHA256) return { ok: false, reason: `pdf.js worker file differs from the one the addition was written for (SHA-256 ${digest})` };
  let out = source;
  for (const piece of pieces) {
    const at = out.indexOf(piece.find);
    if (at < 0 || out.indexOf(piece.find, at + 1) >= 0) return { ok: false, reason: `a piece of the addition does not match exactly once: ${piece.find.trim().split('\n')[0]}` };
    out = out.slice(0, at) + piece.replace + out.slice(at + piece.find.length);
  }
  // pdf.worker.mjs.map maps the original's lines, not these.
  out = out.replace(/\n\/\/# sourceMappingURL=[^\n]*\s*$/, '\n');
  return { ok: true, source: out };
}

type Listener = (event: { data: unknown }) => void;

/**
 * Both ends of an in-thread port, as pdf.js's own LoopbackPort (not exported) behaves:
 * every message is structured-cloned (with its transfers) and delivered later, in order,
 * to every listener; each side's MessageHandler keeps only messages addressed to it.
 */
class InThreadPort {
  #listeners = new Map<Listener, (() => void) | null>();
  #deferred = Promise.resolve();
  postMessage(message: unknown, transfer?: Transferable[]): void {
    const event = { data: structuredClone(message, transfer ? { transfer } : undefined) };
    this.#deferred.then(() => {
      for (const [listener] of this.#listeners) listener.call(this, event);
    });
  }
  addEventListener(_name: string, listener: Listener, options: { signal?: AbortSignal } | null = null): void {
    let stop: (() => void) | null = null;
    const signal = options?.signal;
    if (signal instanceof AbortSignal) {
      if (signal.aborted) return;
      const onAbort = () => this.removeEventListener(_name, listener);
      stop = () => signal.removeEventListener('abort', onAbort);
      signal.addEventListener('abort', onAbort);
    }
    this.#listeners.set(listener, stop);
  }
  removeEventListener(_name: string, listener: Listener): void {
    this.#listeners.get(listener)?.();
    this.#listeners.delete(listener);
  }
  terminate(): void {
    for (const [, stop] of this.#listeners) stop?.();
    this.#listeners.clear();
  }
}

/** Pages whose text and summary came from one evaluation, and pages that needed the operator list too (for benches and checks). */
export const onePassCounts = { oneEvaluation: 0, twoEvaluations: 0 };

type WorkerModule = { WorkerMessageHandler: { initializeFromPort(port: unknown): void } };

/** sha256 of `digestOf(patchedWorkerSource(the pinned worker))`: the patched file is used only when it is exactly this. */
export const PATCHED_SHA256 = 'd71bb017b1353d82e1fc66270d18a57d046a1ed02e50a4dd425b8bebee6aed02';

const digestOf = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

/**
 * The patched worker, kept as a file beside pdf.js's own (`pdf.worker.daylight.mjs`), written
 * by the first process that needs it; true when it is there and exactly the patched text.
 * Imported from a file it costs what pdf.js's own worker costs (about 0.16 CPU s, and Node's
 * compile cache applies); the same text from a data: URL cost 0.25-0.3 CPU s more in every
 * thread. It is imported by its package path, a fixed string, so the architecture check can
 * see that nothing of ours comes with it. Where the folder cannot be written: two passes.
 */
function patchedWorkerReady(): boolean {
  // pdf.js refuses a worker of another version than its API: a file left from before an upgrade must not be used.
  if (pdfjs.version !== WORKER_VERSION) {
    why = `pdf.js is version ${pdfjs.version}, the addition was written for ${WORKER_VERSION}`;
    return false;
  }
  const original = createRequire(import.meta.url).resolve('pdfjs-dist/legacy/build/pdf.worker.mjs');
  const file = join(dirname(original), 'pdf.worker.daylight.mjs');
  let current = false;
  try {
    current = digestOf(readFileSync(file)) === PATCHED_SHA256;
  } catch {
    // Not written yet (or unreadable): made below.
  }
  if (current) return true;
  const patched = patchedWorkerSource(readFileSync(original, 'utf8'));
  if (!patched.ok) {
    why = patched.reason;
    return false;
  }
  if (digestOf(patched.source) !== PATCHED_SHA256) {
    why = 'the patched worker is not the text PATCHED_SHA256 pins';
    return false;
  }
  try {
    // Written whole and renamed into place, so no thread imports half a file.
    const partial = `${file}.${process.pid}.${threadId}.partial`;
    writeFileSync(partial, patched.source);
    renameSync(partial, file);
  } catch (error) {
    why = `the patched worker could not be written beside pdf.js's (${(error as Error).message})`;
    return false;
  }
  return true;
}

/** The one-pass worker and, when it runs in a thread of its own, a promise that rejects if that thread ends. */
export interface OnePass {
  worker: pdfjs.PDFWorker;
  died?: Promise<never>;
  /** Marks a document open (a thread then keeps the process alive) or closed. */
  hold(): void;
  release(): void;
  /** Ends the thread, if there is one (tests: what a crash would do). */
  stop(): Promise<void>;
}

let worker: Promise<OnePass | undefined> | undefined;
/** The worker in a thread of its own while that thread runs. */
let active: OnePass | undefined;
let why: string | undefined;

/**
 * The thread's one pdf.js worker with the addition, made on first use; undefined when the
 * installed worker is not the one it was written for (`DAYLIGHT_ONE_PASS=off` also turns it
 * off, to compare). Documents share it as they would share a real web worker. With
 * DAYLIGHT_EXTRACT_THREAD=on it runs in a thread of its own (`pdfjs-extract-thread.mjs`): pdf.js
 * evaluates the next pages there while this thread lays out the last one. Off by default: on two
 * idle cores the thread's cold start and the code compiled again in a second isolate cost more than
 * the overlap gains (`bench redact`, 09:43, load 1.1-1.7: `daylight redact` on the 100-page report
 * 5.79 s with both threads against 4.30 s without, boxes on every page 7.00 against 5.49 s).
 */
export function onePassWorker(): Promise<OnePass | undefined> {
  worker ??= (async () => {
    if (process.env.DAYLIGHT_ONE_PASS === 'off') {
      why = 'DAYLIGHT_ONE_PASS=off';
      return undefined;
    }
    if (!patchedWorkerReady()) return undefined;
    if (process.env.DAYLIGHT_EXTRACT_THREAD === 'on') return inThreadOfItsOwn();
    // @ts-expect-error: the file has no types of its own; WorkerModule says what is used of it.
    const module = (await import('pdfjs-dist/legacy/build/pdf.worker.daylight.mjs')) as WorkerModule;
    const port = new InThreadPort();
    // The worker side listens and answers "ready" on the same port, as a real worker would.
    module.WorkerMessageHandler.initializeFromPort(port);
    // Quiet as each document asks (openPdf passes verbosity 0): pdf.js sets it per worker.
    return { worker: new pdfjs.PDFWorker({ port: port as unknown as null, verbosity: 0 }), hold: () => {}, release: () => {}, stop: async () => {} };
  })();
  return worker;
}

/**
 * Files from this size (bytes) are read with the one-pass worker at once; a smaller file only
 * once this thread has read ONE_PASS_AFTER_PAGES pages without it. The patched worker is a
 * second copy of pdf.js's worker code beside the one the verifier loads (pdf.js's own, which
 * extraction shares when it does without the patch): compiling and warming it costs about
 * 0.3-0.6 CPU s in each process or thread, and one pass saves about 4.4 ms a page (README,
 * Throughput), so it pays from about 100 pages. A file's pages are not known before pdf.js
 * opens it; a text PDF under 150 KB seldom has 100 (the bench's 100-page report is 208 KB,
 * gov-pdfs run 2.6-600 KB a page), and a larger file with few pages is read as before.
 */
export const ONE_PASS_MIN_BYTES = 150_000;
export const ONE_PASS_AFTER_PAGES = 100;
let pagesWithoutOnePass = 0;

/**
 * The one-pass worker for a file of `bytes`, or undefined to read it with pdf.js's own worker
 * (two passes a page, the same model): see ONE_PASS_MIN_BYTES. Once the one-pass worker is
 * made, every later file uses it. `DAYLIGHT_ONE_PASS=on` (or `DAYLIGHT_EXTRACT_THREAD=on`) uses it for
 * every file, `DAYLIGHT_ONE_PASS=off` for none.
 */
export function onePassFor(bytes: number): Promise<OnePass | undefined> {
  // DAYLIGHT_EXTRACT_THREAD=on asks for the one-pass worker's own thread: every file is read there.
  const asked = process.env.DAYLIGHT_ONE_PASS === 'on' || process.env.DAYLIGHT_EXTRACT_THREAD === 'on';
  const wanted = worker !== undefined || asked || bytes >= ONE_PASS_MIN_BYTES || pagesWithoutOnePass >= ONE_PASS_AFTER_PAGES;
  return wanted ? onePassWorker() : Promise.resolve(undefined);
}

/** Counts pages read without the one-pass worker (see ONE_PASS_AFTER_PAGES). */
export function readWithoutOnePass(pages: number): void {
  pagesWithoutOnePass += pages;
}

/** Where the thread sends pdf.js's abandoned reads (pdfjs-extract-thread.mjs): a name pdf.js's own handlers ignore. */
const STRAY_TARGET = 'daylight-stray-read';
const strayHandlers = new Set<(error: Error) => void>();

/** Called with each read pdf.js's thread started on its own and then abandoned (what the extracting thread would see as an unhandled rejection). */
export function onStrayRead(handler: (error: Error) => void): void {
  strayHandlers.add(handler);
}

/** The heap budget of the worker's thread, as a batch thread's (pipeline/threads/task-pool.ts), in whose budget pdf.js's parsing counted before. */
const THREAD_MEMORY_MB = 1024;

/**
 * The patched worker in a thread of its own, over a MessageChannel (whose messages are
 * structured-cloned, as the in-thread port's are). The thread holds the process open only
 * while a document is open. If it cannot start or ends, `died` rejects, every read raced
 * against it fails, and the next document gets a new thread.
 */
function inThreadOfItsOwn(): OnePass {
  const { port1, port2 } = new MessageChannel();
  const thread = new Worker(new URL('./pdfjs-extract-thread.mjs', import.meta.url), {
    workerData: { port: port2, stray: STRAY_TARGET },
    transferList: [port2] as unknown as MessagePort[],
    // A thread takes its parent's flags, but refuses --input-type, which only says how to read the parent's own entry.
    ...(process.execArgv.some((a) => a.startsWith('--input-type')) ? { execArgv: [] } : {}),
    // The stack the extracting thread has (V8's default, 984 KB), so deep recursion on a hostile file fails where it did.
    resourceLimits: { maxOldGenerationSizeMb: THREAD_MEMORY_MB, stackSizeMb: 984 / 1024 },
  });
  let users = 0;
  const idle = () => {
    thread.unref();
    port1.unref();
  };
  idle();
  let fail: (error: Error) => void = () => {};
  const died = new Promise<never>((_, reject) => {
    fail = reject;
  });
  died.catch(() => {});
  const end = (error: Error) => {
    // The next document starts a new thread.
    if (active === self) {
      active = undefined;
      worker = undefined;
    }
    fail(error);
    port1.close();
  };
  thread.on('error', (error) => end(new Error(`the extraction's pdf.js thread failed: ${error.message}`)));
  thread.on('exit', (code) => end(new Error(`the extraction's pdf.js thread ended (exit code ${code})`)));
  port1.addEventListener('message', (event) => {
    const data = (event as unknown as { data?: { targetName?: string; message?: string; stack?: string } }).data;
    if (data?.targetName !== STRAY_TARGET) return;
    const error = Object.assign(new Error(String(data.message)), { stack: String(data.stack) });
    for (const handler of strayHandlers) handler(error);
  });
  port1.start();
  const self: OnePass = {
    worker: new pdfjs.PDFWorker({ port: port1 as unknown as null, verbosity: 0 }),
    died,
    hold() {
      if (users++ === 0) {
        thread.ref();
        port1.ref();
      }
    },
    release() {
      if (--users === 0) idle();
    },
    async stop() {
      await thread.terminate();
    },
  };
  active = self;
  return self;
}

/** Why the one-pass worker is not in use, once `onePassWorker()` has settled; undefined when it is. */
export function onePassOff(): string | undefined {
  return why;
}

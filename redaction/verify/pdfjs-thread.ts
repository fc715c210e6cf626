/**
 * @module
 * One pdf.js worker thread per verifying thread, shared by the releases it opens
 * (as documents share a browser's web worker). In Node pdf.js runs its worker side
 * (parsing, fonts, content evaluation: most of its CPU) in the calling thread; here it
 * runs in a thread of its own, so the verifier's other reads go on meanwhile. It is
 * pdf.js's own worker file, unpatched, the same file the verifier runs in its own thread
 * when this one is off (pdfjs-own-worker.ts).
 *
 * The thread holds the process open only while a document is open. If it cannot start
 * or dies, every pending and later read fails (`died`), so a verification fails closed
 * rather than waiting forever; the next release starts a new thread.
 */
import { MessageChannel, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfjsThread {
  worker: pdfjs.PDFWorker;
  /** Rejects when the thread fails to start or ends; never resolves. */
  died: Promise<never>;
  /** Marks a document open (the thread keeps the process alive) or closed. */
  hold(): void;
  release(): void;
  /** Ends the thread (tests: what a crash would do). */
  stop(): Promise<void>;
}

let current: PdfjsThread | undefined;

/** The thread's heap budget, as a batch thread's (pipeline/threads/task-pool.ts), in whose budget pdf.js's parsing counted before. */
const THREAD_MEMORY_MB = 1024;

/**
 * The thread with DAYLIGHT_VERIFY_THREAD=on, else undefined: pdf.js then runs in the verifier's own
 * thread, as it does by default in Node. Off by default: in a batch's worker threads, which already
 * keep every core busy, a thread of its own costs CPU and gains no time (`bench batch-ten`, 14.6 ->
 * 16.7 CPU s for ten reports with it), and for one `daylight redact` on two idle cores its cold start
 * cost more than the overlap gained (see pipeline/extract/pdfjs-one-pass.ts).
 */
export function pdfjsThread(): PdfjsThread | undefined {
  const setting = process.env.DAYLIGHT_VERIFY_THREAD;
  if (setting !== 'on') return undefined;
  current ??= start();
  return current;
}

function start(): PdfjsThread {
  const { port1, port2 } = new MessageChannel();
  const thread = new Worker(new URL('./pdfjs-thread.mjs', import.meta.url), {
    workerData: { port: port2 },
    transferList: [port2] as unknown as MessagePort[],
    // A thread takes its parent's flags, but refuses --input-type (`node --input-type=module -e …`), which only says how to read the parent's own entry.
    ...(process.execArgv.some((a) => a.startsWith('--input-type')) ? { execArgv: [] } : {}),
    // A hostile file that makes pdf.js grow without bound ends this thread (and so fails its read), not the process.
    // And the stack the verifying thread has (V8's default, 984 KB), so deep recursion on a hostile file fails where it did.
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
  // Nobody may be waiting when it dies; the next read sees it.
  died.catch(() => {});
  const end = (error: Error) => {
    if (current === self) current = undefined;
    fail(error);
    port1.close();
  };
  thread.on('error', (error) => end(new Error(`the verifier's pdf.js thread failed: ${error.message}`)));
  thread.on('exit', (code) => end(new Error(`the verifier's pdf.js thread ended (exit code ${code})`)));
  port1.start();
  const self: PdfjsThread = {
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
  return self;
}

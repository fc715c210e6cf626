/**
 * @module
 * The verifier's pdf.js worker when it runs in the verifier's own thread (the default):
 * pdf.js's own worker file, unpatched, answering on a port of the verifier's own.
 *
 * Left to itself, pdf.js in Node sets up a "fake worker" from whatever worker module
 * `globalThis.pdfjsWorker` names, and keeps the first it finds for the thread's life.
 * Extraction imports its patched worker (`pdf.worker.daylight.mjs`, pipeline/extract/
 * pdfjs-one-pass.ts), which sets that global as any pdf.js worker file does. So in
 * `daylight redact`, a batch thread or the review app, where a release is verified in
 * the thread that extracted its input, the verifier's pdf.js ran the patched worker:
 * code of ours between the file and what pdf.js reports, and the patch's glyph
 * summary computed on every page it read. Here the verifier names its worker itself.
 */
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';

type Listener = (event: { data: unknown }) => void;

/**
 * Both ends of an in-thread port, as pdf.js's own LoopbackPort (which it does not export)
 * behaves for its fake worker: every message is structured-cloned with its transfers and
 * delivered later, in order, to every listener; each side's MessageHandler keeps only the
 * messages addressed to it.
 */
class LoopbackPort {
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

type WorkerModule = { WorkerMessageHandler: { initializeFromPort(port: unknown): void } };

let worker: Promise<pdfjs.PDFWorker> | undefined;

/** This thread's one verifier worker, made on first use; the releases it opens share it, as documents share a web worker. */
export function ownWorker(): Promise<pdfjs.PDFWorker> {
  worker ??= (async () => {
    const g = globalThis as { pdfjsWorker?: unknown };
    const before = g.pdfjsWorker;
    // @ts-expect-error: the worker file has no types; WorkerModule says what is used of it.
    const module = (await import('pdfjs-dist/legacy/build/pdf.worker.mjs')) as WorkerModule;
    // Importing it names it the thread's fake worker: put back what others in this thread had, so
    // their pdf.js reads are as they were; the verifier holds its worker by its port below.
    if (before !== undefined) g.pdfjsWorker = before;
    const port = new LoopbackPort();
    module.WorkerMessageHandler.initializeFromPort(port);
    return new pdfjs.PDFWorker({ port: port as unknown as null, verbosity: 0 });
  })();
  return worker;
}

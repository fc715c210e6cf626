/**
 * @module
 * How many worker threads a batch uses: one, until the batch shows it has enough work for
 * more. Each thread costs seconds of CPU before its work pays (its isolate, the task modules,
 * pdf.js and PDFium compiled, its code optimised by V8's compiler threads). On two cores a
 * batch of short born-digital documents gains nothing from a second thread: the main thread
 * (storing, detection), the verifier's tools and V8's compiler threads already keep the other
 * core busy. Measured on `bench batch-ten` (ten 10-page reports, load 5-8, CPU s of the
 * whole process tree): two threads 12.7-14.4, one 10.9-11.0.
 *
 * The pool grows to its full size as soon as a page needs OCR (a scan's pages take seconds
 * each, and OCR runs in its own workers fed by the threads' renders), or when the batch's
 * pages, estimated from the documents opened so far, reach GROW_PAGES.
 *
 * ```ts
 * const tasks = threadPool(cores, { startWith: 1 });
 * const sizing = poolSizing(tasks);
 * sizing.documents(waiting);                    // at each document stage
 * const pool = sizing.watching();                // what the stages run their tasks on
 * ```
 */
import type { TaskPool } from '../threads/task-pool.ts';
import type { PageProgress } from '../threads/extract-task.ts';
import type { DocumentRecord } from '../workspace/store/index.ts';

/**
 * Pages (estimated over the batch) from which a batch starts its other threads. A warm
 * thread does about 30 ms of CPU a born-digital page (extraction, release, verification:
 * write15's profile); a second thread's start and warm-up, 1.5-3 CPU s, is then the work
 * of about 50-100 pages, and on two cores it only shortens the part of the work the other
 * core was not already doing: a few hundred pages.
 */
export const GROW_PAGES = 300;

export interface PoolSizing {
  /** The documents a stage is about to work on: their number, and their pages where known. */
  documents(waiting: readonly DocumentRecord[]): void;
  /** The pool, whose extraction progress (pages, OCR) this watches. */
  watching(): TaskPool;
  /** True once the pool may use all its threads. */
  grown(): boolean;
}

export function poolSizing(pool: TaskPool, growPages = GROW_PAGES): PoolSizing {
  let grown = false;
  let total = 0;
  // Page counts by document (an extraction in flight, or one the workspace knows).
  let pages = new Map<unknown, number>();
  const grow = () => {
    if (grown) return;
    grown = true;
    pool.grow();
  };
  const check = () => {
    if (grown || pages.size === 0) return;
    const known = [...pages.values()].reduce((a, b) => a + b, 0);
    if ((known / pages.size) * Math.max(total, pages.size) >= growPages) grow();
  };
  const watching: TaskPool = {
    ...pool,
    run: (task, ...args) => watching.runWith({}, task, ...args),
    runWith: (options, task, ...args) => {
      if (task !== 'extractFile' || grown) return pool.runWith(options, task, ...args);
      const document = {};
      return pool.runWith(
        {
          ...options,
          onProgress: (event) => {
            const p = event as PageProgress;
            if (p.source === 'ocr') grow();
            else if (!pages.has(document) && p.pages > 0) {
              pages.set(document, p.pages);
              check();
            }
            options.onProgress?.(event);
          },
        },
        task,
        ...args,
      );
    },
  };
  return {
    documents(waiting) {
      total = waiting.length;
      pages = new Map(waiting.filter((d) => d.pageCount !== null).map((d) => [d.id, d.pageCount!]));
      check();
    },
    watching: () => watching,
    grown: () => grown,
  };
}

/**
 * @module
 * The last line of defence against errors nobody awaits: a rejected promise
 * without a handler, or an exception thrown from a callback. Node's default is
 * to end the process, which in a batch would lose every document in flight for
 * the fault of one file. Whoever can attribute such an error registers a
 * claimer (pdf.js's adapter for its own abandoned reads, a worker thread for
 * its current task, a command for its current document); the first claimer
 * that returns true owns the error. An error no one claims is a bug: it ends
 * the process (or worker thread) with `CRASH_EXIT_CODE`, never 1, which means
 * "a document failed".
 *
 * ```ts
 * const release = claimStrayErrors((error) => { failCurrentDocument(error); return true; });
 * try { await work(); } finally { release(); }
 * ```
 */
import { isMainThread } from 'node:worker_threads';

/** Exit code of a process (or worker thread) that crashed on an error no one could attribute. Documented in `--help`. */
export const CRASH_EXIT_CODE = 70;

export type StrayErrorClaimer = (error: unknown, kind: 'rejection' | 'exception') => boolean;

const claimers: StrayErrorClaimer[] = [];
let installed = false;

function dispatch(error: unknown, kind: 'rejection' | 'exception'): void {
  // Latest first: a command's claim for its document is more specific than a long-lived one.
  for (let i = claimers.length - 1; i >= 0; i--) {
    try {
      if (claimers[i](error, kind)) return;
    } catch {
      // A claimer that fails does not get a say; the next one may.
    }
  }
  // Someone else listens too (node:test reports it against the running test): theirs to handle.
  if (process.listenerCount(kind === 'rejection' ? 'unhandledRejection' : 'uncaughtException') > 1) return;
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`daylight crashed${isMainThread ? '' : ' (in a worker thread)'} on an error no stage could attribute to a document: ${text}\nThis is a bug: please report it with this message. Finished work is kept; run the command again to resume.\n`);
  process.exit(CRASH_EXIT_CODE);
}

const onRejection = (reason: unknown) => dispatch(reason, 'rejection');
const onException = (error: unknown) => dispatch(error, 'exception');

/** Installs the process-level handlers (once); afterwards an unclaimed stray error exits with `CRASH_EXIT_CODE`. */
export function installStrayErrorHandlers(): void {
  if (installed) return;
  installed = true;
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
}

/** Registers a claimer until the returned function is called. Installs the handlers if needed. */
export function claimStrayErrors(claimer: StrayErrorClaimer): () => void {
  installStrayErrorHandlers();
  claimers.push(claimer);
  return () => {
    const i = claimers.lastIndexOf(claimer);
    if (i >= 0) claimers.splice(i, 1);
  };
}

/**
 * Runs `work`, failing it with the first stray error that arrives meanwhile
 * (any error nobody more specific claimed). `onStray` turns that error into the
 * result; `work` itself is left to settle on its own.
 */
export async function withStrayErrorsAs<T>(work: () => Promise<T>, onStray: (error: unknown) => T): Promise<T> {
  let fire: (value: T) => void = () => {};
  const stray = new Promise<T>((resolve) => {
    fire = resolve;
  });
  let first = true;
  const release = claimStrayErrors((error) => {
    if (first) fire(onStray(error));
    first = false;
    return true;
  });
  try {
    const running = work();
    running.catch(() => {});
    return await Promise.race([running, stray]);
  } finally {
    release();
  }
}

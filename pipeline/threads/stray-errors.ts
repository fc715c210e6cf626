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

/** 128 + SIGPIPE, what a shell reports for a writer whose reader closed the pipe. */
const EPIPE_EXIT_CODE = 141;

export type StrayErrorClaimer = (error: unknown, kind: 'rejection' | 'exception') => boolean;

const claimers: { claim: StrayErrorClaimer; catchAll: boolean }[] = [];
let installed = false;

function dispatch(error: unknown, kind: 'rejection' | 'exception'): void {
  // Claimers that recognise an error (pdf.js's adapter) go first, in order; then the ones that
  // take any error for the work in hand, latest first (the document started last).
  const order = [...claimers.filter((c) => !c.catchAll), ...claimers.filter((c) => c.catchAll).reverse()];
  for (const { claim } of order) {
    try {
      if (claim(error, kind)) return;
    } catch {
      // A claimer that fails does not get a say; the next one may.
    }
  }
  // The reader of our output went away (`daylight extract x --json | head`): end quietly, as a killed pipe writer does.
  if ((error as NodeJS.ErrnoException)?.code === 'EPIPE' && isMainThread) process.exit(EPIPE_EXIT_CODE);
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

/**
 * Leaves stray rejections to these handlers alone until the returned function is called:
 * for tests that check the product's own handling, since node:test also listens and would
 * report each stray rejection against the running test before the product sees it.
 */
export function takeStrayRejections(): () => void {
  installStrayErrorHandlers();
  const others = process.listeners('unhandledRejection').filter((l) => l !== onRejection);
  for (const l of others) process.off('unhandledRejection', l);
  return () => {
    for (const l of others) process.on('unhandledRejection', l);
  };
}

/**
 * Registers a claimer until the returned function is called. Installs the handlers if needed.
 * `catchAll`: it takes any error for the work in hand (a task, a document); those are asked
 * after the claimers that recognise particular errors.
 */
export function claimStrayErrors(claim: StrayErrorClaimer, options: { catchAll?: boolean } = {}): () => void {
  installStrayErrorHandlers();
  const entry = { claim, catchAll: options.catchAll ?? false };
  claimers.push(entry);
  return () => {
    const i = claimers.indexOf(entry);
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
  const release = claimStrayErrors(
    (error) => {
      if (first) fire(onStray(error));
      first = false;
      return true;
    },
    { catchAll: true },
  );
  try {
    const running = work();
    running.catch(() => {});
    return await Promise.race([running, stray]);
  } finally {
    release();
  }
}

/**
 * @module
 * What a task may ask of the thread that started it: call one of the functions
 * the caller lent it (the batch lends its shared OCR engine, so page images go
 * to one pool of Tesseract workers whichever thread rendered them) and report
 * progress. Progress is also the task's heartbeat: a pool that bounds the time
 * between two reports stops a task stuck on one page.
 *
 * ```ts
 * const host = currentHost();
 * host?.progress({ page: 3 });
 * const read = await host?.call('recognize', image, size);
 * ```
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface Host {
  /** Calls a function the caller lent under `name`; arguments and result are copied between threads. */
  call(name: string, ...args: unknown[]): Promise<unknown>;
  progress(event: unknown): void;
}

/** Functions lent to a task and what to do with its progress. */
export interface TaskHostOptions {
  host?: Record<string, (...args: never[]) => unknown>;
  onProgress?: (event: unknown) => void;
  /** Longest time between two progress reports (not counting time in host calls); over it the task fails with resource.page-timeout. */
  stallMs?: number;
}

export const hostContext = new AsyncLocalStorage<Host>();

/** The host of the task running now, when it was started with one. */
export function currentHost(): Host | undefined {
  return hostContext.getStore();
}

/** A host that calls the lent functions directly, for tasks run in the caller's own thread. */
export function directHost(options: TaskHostOptions): Host {
  return {
    call: async (name, ...args) => {
      const fn = options.host?.[name] as ((...a: unknown[]) => unknown) | undefined;
      if (!fn) throw new Error(`the task asked for "${name}", which its caller did not lend`);
      return fn(...args);
    },
    progress: (event) => options.onProgress?.(event),
  };
}

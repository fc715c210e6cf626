/**
 * @module
 * A task that fails on purpose in each way a library can fail inside a worker
 * thread (throw, stray rejection, thread exit, heap exhaustion), so the pool's
 * and the batch's isolation can be checked with the real threads; `hold` keeps
 * memory as a library does after a large page and names its thread; `thread`
 * only names it (`slow-thread` after 300 ms; `loaded` with the tasks it has loaded), `compile-cache` names the thread's module compile cache, and
 * `tool-parent` names the thread and the process that starts its outside tools.
 */
import { getCompileCacheDir } from 'node:module';
import { threadId } from 'node:worker_threads';
import { runTool } from '../../redaction/verify/tool-runner.ts';

export type ProbeKind = 'ok' | 'thread' | 'slow-thread' | 'loaded' | 'compile-cache' | 'tool-parent' | 'throw' | 'stray' | 'exit' | 'oom' | 'hold';

const held: WebAssembly.Memory[] = [];

export async function probe(kind: ProbeKind): Promise<string> {
  switch (kind) {
    case 'ok':
      return 'ok';
    case 'thread':
      return `thread ${threadId}`;
    case 'loaded':
      // The tasks whose modules this thread has loaded, as `thread N: a,b`.
      return `thread ${threadId}: ${[...(await import('./tasks.ts')).loadedTasks].sort().join(',')}`;
    case 'slow-thread':
      // Busy for a moment, so that tasks sent together overlap.
      await new Promise((resolve) => setTimeout(resolve, 300));
      return `thread ${threadId}`;
    case 'compile-cache':
      return getCompileCacheDir() ?? 'none';
    case 'tool-parent':
      return `thread ${threadId}: ${(await runTool({ tool: 'sh', args: ['-c', 'echo $PPID'], timeoutMs: 60_000, maxBuffer: 1024 })).stdout.trim()}`;
    case 'hold':
      // Keeps 64 MB of WebAssembly memory for the thread's life, as PDFium does after a large page.
      held.push(new WebAssembly.Memory({ initial: 1024 }));
      return `thread ${threadId}`;
    case 'throw':
      throw new Error('the probe threw');
    case 'stray':
      // Rejected with nobody waiting, as pdf.js's abandoned prefetches are; the task itself "succeeds" later.
      void Promise.reject(new Error('a stray rejection from the probe'));
      await new Promise((resolve) => setTimeout(resolve, 200));
      return 'ok';
    case 'exit':
      process.exit(9);
    case 'oom': {
      const hoard: number[][] = [];
      for (;;) hoard.push(Array.from({ length: 1e6 }, (_, i) => i));
    }
  }
}

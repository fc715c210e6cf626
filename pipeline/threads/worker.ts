/**
 * @module
 * A task pool's worker thread: runs one task of `tasks.ts` at a time and posts
 * its result back. A thrown error goes back as a message; the thread stays up.
 * An error nobody awaits (a library's stray rejection or exception) fails the
 * task it happened during, and the thread asks to be replaced, since the
 * library may be left in any state. Host calls and progress (see `host.ts`)
 * travel as messages tagged with the task's id.
 */
// First, before any module loads pdf.js (the verifier's reader may come first): the canvas package's font scan waits for a first canvas (canvas-fonts.ts).
import '../extract/canvas-fonts.ts';
import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { shareToolHelper, shareToolSlots } from '../../redaction/verify/tool-runner.ts';
import { loadTask } from './tasks.ts';
import { markSinceStart, timeStage } from '../stage-times.ts';
import type { TaskName } from './tasks.ts';
import { claimStrayErrors } from './stray-errors.ts';
import { hostContext } from './host.ts';
import { endTask } from './task-end.ts';

export interface TaskRequest {
  id: number;
  task: TaskName;
  args: unknown[];
}

/** From the parent: a task to run, or the answer to a host call. */
export type ToWorker = TaskRequest | { id: number; answer: number; ok: boolean; value?: unknown; message?: string };

/** To the parent: a task's end, a host call, or progress. */
export type TaskReply =
  | { id: number; ok: true; value: unknown; footprintMb?: number }
  | { id: number; ok: false; message: string; stray?: boolean; footprintMb?: number }
  | { id: number; call: number; name: string; args: unknown[] }
  | { id: number; progress: unknown };

const port = parentPort;
if (!port) throw new Error('worker.ts runs as a worker thread of a task pool');
// The verifier's tools count against the process's bound, not one per thread, and run in the process's one helper.
const shared = workerData as { toolSlots: SharedArrayBuffer; toolPort?: MessagePort };
shareToolSlots(shared.toolSlots);
if (shared.toolPort) shareToolHelper(shared.toolPort);

let current: number | undefined;
let nextCall = 1;
let started = false;
const calls = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

claimStrayErrors((error) => {
  if (current === undefined) return false;
  const text = error instanceof Error ? error.message : String(error);
  port.postMessage({ id: current, ok: false, stray: true, message: text } satisfies TaskReply);
  current = undefined;
  // The parent terminates this thread when it reads the reply; until then, nothing more runs here.
  return true;
}, { catchAll: true });

/**
 * What this thread holds that JavaScript can see: its V8 heap plus its external memory
 * (buffers, and every WebAssembly instance's memory, which never shrinks: PDFium's grows
 * to the largest page it drew). The process's RSS cannot be split by thread.
 */
function footprintMb(): number {
  const m = process.memoryUsage();
  return Math.round((m.heapTotal + m.external) / (1024 * 1024));
}

port.on('message', async (message: ToWorker) => {
  if ('answer' in message) {
    const call = calls.get(message.answer);
    calls.delete(message.answer);
    if (message.ok) call?.resolve(message.value);
    else call?.reject(new Error(message.message));
    return;
  }
  const request = message;
  current = request.id;
  if (!started) markSinceStart('start-up: a worker thread, to its first task');
  started = true;
  const host = {
    call: (name: string, ...args: unknown[]) =>
      new Promise<unknown>((resolve, reject) => {
        const call = nextCall++;
        calls.set(call, { resolve, reject });
        port.postMessage({ id: request.id, call, name, args } satisfies TaskReply);
      }),
    progress: (event: unknown) => {
      if (current === request.id) port.postMessage({ id: request.id, progress: event } satisfies TaskReply);
    },
  };
  let reply: TaskReply;
  try {
    // Its modules load on a task's first call in this thread; later calls find them loaded.
    const task = (await timeStage(`start-up: load the modules of task ${request.task}`, () => loadTask(request.task))) as (...args: unknown[]) => unknown;
    const value = await hostContext.run(host, () => timeStage(`task: ${request.task}`, () => task(...request.args)));
    reply = { id: request.id, ok: true, value };
  } catch (error) {
    reply = { id: request.id, ok: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  // A stray error already answered for this task.
  if (current !== request.id) return;
  current = undefined;
  endTask();
  port.postMessage({ ...reply, footprintMb: footprintMb() });
});

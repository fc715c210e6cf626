/**
 * @module
 * A task pool's worker thread: runs one task of `tasks.ts` at a time and posts
 * its result back. A thrown error goes back as a message; the thread stays up.
 * An error nobody awaits (a library's stray rejection or exception) fails the
 * task it happened during, and the thread asks to be replaced, since the
 * library may be left in any state.
 */
import { parentPort } from 'node:worker_threads';
import { tasks } from './tasks.ts';
import type { TaskName } from './tasks.ts';
import { claimStrayErrors } from './stray-errors.ts';

export interface TaskRequest {
  id: number;
  task: TaskName;
  args: unknown[];
}

export type TaskReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; message: string; stray?: boolean };

const port = parentPort;
if (!port) throw new Error('worker.ts runs as a worker thread of a task pool');

let current: number | undefined;

claimStrayErrors((error) => {
  if (current === undefined) return false;
  const text = error instanceof Error ? error.message : String(error);
  port.postMessage({ id: current, ok: false, stray: true, message: text } satisfies TaskReply);
  current = undefined;
  // The parent terminates this thread when it reads the reply; until then, nothing more runs here.
  return true;
});

port.on('message', async (request: TaskRequest) => {
  current = request.id;
  let reply: TaskReply;
  try {
    const value = await (tasks[request.task] as (...args: unknown[]) => unknown)(...request.args);
    reply = { id: request.id, ok: true, value };
  } catch (error) {
    reply = { id: request.id, ok: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  // A stray error already answered for this task.
  if (current !== request.id) return;
  current = undefined;
  port.postMessage(reply);
});

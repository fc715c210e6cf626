/**
 * @module
 * A task pool's worker thread: runs one task of `tasks.ts` at a time and posts
 * its result back. A thrown error goes back as a message; the thread stays up.
 */
import { parentPort } from 'node:worker_threads';
import { tasks } from './tasks.ts';
import type { TaskName } from './tasks.ts';

export interface TaskRequest {
  id: number;
  task: TaskName;
  args: unknown[];
}

export type TaskReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };

const port = parentPort;
if (!port) throw new Error('worker.ts runs as a worker thread of a task pool');
port.on('message', async (request: TaskRequest) => {
  let reply: TaskReply;
  try {
    const value = await (tasks[request.task] as (...args: unknown[]) => unknown)(...request.args);
    reply = { id: request.id, ok: true, value };
  } catch (error) {
    reply = { id: request.id, ok: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(reply);
});

/**
 * @module
 * Runs the verifier's outside tools (pdftotext, mutool) from a small helper
 * process instead of from this one. Starting a process copies the parent's page
 * tables; from a batch worker holding a gigabyte that took 15–25 ms of this
 * thread's time per tool on these machines, several times a document. The helper
 * (`tool-runner-process.mjs`, plain JavaScript: about 42 MB resident) is a bare Node
 * process that forks in a millisecond or two; it is started on first use and leaves
 * with its parent. A task pool's threads send their tools to the helper of the thread
 * that made the pool (`toolPort`, `shareToolHelper`), so a process has one helper, not
 * one per thread: each cost about 0.1 CPU s to start and 42 MB beside the batch, and
 * tools run at most two at a time per process anyway (`toolConcurrency`).
 * Where it cannot run, tools are started directly.
 *
 * Every tool runs under bounds (`tool-exec.mjs`): a wall-clock timeout, a file-size
 * limit, and an address-space limit (RLIMIT_AS, set by the shell's `ulimit -v` just
 * before it execs the tool) so a
 * hostile file cannot make one tool take gigabytes beside the batch (mutool took
 * 2.7 GB for minutes on a Type3 font drawn inside itself). A tool stopped by a bound
 * comes back as an error whose `limit` says which bound.
 *
 * ```ts
 * const r = await runTool('pdftotext', ['-q', 'in.pdf', '-'], { timeoutMs: 60_000 });
 * if (r.error) console.error(r.error.message); else console.log(r.stdout);
 * ```
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { runRaw } from './tool-exec.mjs';

import type { RawReply, ToolLimit, ToolRequest } from './tool-exec.mjs';
export type { RawReply, ToolLimit, ToolRequest };

export interface ToolReply {
  stdout: string;
  stderr: string;
  /** Set when the tool could not start (code "ENOENT"…), exited non-zero (numeric code) or was killed. */
  error?: { code?: string | number; message: string; limit?: ToolLimit };
}

type Message = { id: number } & RawReply;

/** Runs a tool the plain way, in this process: the helper does the same on its side. */
export async function runDirect(request: ToolRequest): Promise<ToolReply> {
  return decoded(await runRaw(request));
}

function decoded(reply: RawReply): ToolReply {
  const { stdout, ...rest } = reply;
  return { ...rest, stdout: Buffer.from(stdout.buffer, stdout.byteOffset, stdout.byteLength).toString('utf8') };
}

interface Helper {
  child: ChildProcess;
  pending: Map<number, { request: ToolRequest; resolve: (reply: ToolReply) => void }>;
}

let helper: Helper | undefined;
/** Set once the helper could not be started or died: tools are then run directly. */
let helperBroken = false;
let nextId = 0;

function startHelper(): Helper | undefined {
  try {
    const child = fork(fileURLToPath(new URL('./tool-runner-process.mjs', import.meta.url)), [], {
      // Not the parent's flags (a profiler, the test runner): the helper only starts tools.
      execArgv: [],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const started: Helper = { child, pending: new Map() };
    child.on('message', (message: Message) => {
      const waiting = started.pending.get(message.id);
      if (!waiting) return;
      started.pending.delete(message.id);
      idleUnlessBusy(started);
      waiting.resolve(decoded({ stdout: message.stdout, stderr: message.stderr, ...(message.error ? { error: message.error } : {}) }));
    });
    const lost = () => {
      if (helper === started) helper = undefined;
      helperBroken = true;
      // Whatever it was running is run again here, so no caller is left waiting.
      for (const { request, resolve } of started.pending.values()) void runDirect(request).then(resolve);
      started.pending.clear();
    };
    child.on('error', lost);
    child.on('exit', lost);
    idleUnlessBusy(started);
    return started;
  } catch {
    helperBroken = true;
    return undefined;
  }
}

/**
 * Starts this process's helper now, when a verification is sure to follow (a command about to
 * redact a file, a batch with documents to work on): its Node start (about 0.1 CPU s, 0.1-0.2 s)
 * then runs beside extraction instead of holding up the verifier's first tool. Idle, it keeps
 * nothing alive. In a thread that sends its tools elsewhere (`shareToolHelper`), nothing.
 */
export function startToolHelper(): void {
  if (!shared && !helper && !helperBroken) helper = startHelper();
}

/** An idle helper must not keep its parent alive; a busy one must, or the parent could exit before the reply. */
function idleUnlessBusy(h: Helper): void {
  const channel = h.child.channel as { ref(): void; unref(): void } | undefined;
  if (h.pending.size > 0) {
    h.child.ref();
    channel?.ref();
  } else {
    h.child.unref();
    channel?.unref();
  }
}

/**
 * How many tools run at once in this process, over all its threads; the rest wait their
 * turn, first come first served within a thread. Each tool may map up to its memory bound
 * (256 MB), so this caps the tools' share of a process tree: with two verifying threads and
 * a tool each, two mutools near their bound took 400 MB beside the batch's 600 MB, so where
 * more than one thread may verify (a pool of two threads) one tool runs at a time. Where
 * one thread verifies (`daylight redact`, a batch before its pool grows, a pool of one),
 * its two tools (pdftotext and `mutool run`) run together: one verification never starts
 * more than those two at once, and a single-thread process is one isolate smaller. One at a
 * time, that thread waited on the tools in turn with nothing else to do: under load, 4.4 of
 * a batch's 9.7 s of verification wall. DAYLIGHT_TOOL_CONCURRENCY sets the number whatever
 * the threads. The wait is not counted against a tool's time bound, and every tool asked
 * for still runs.
 */
export function toolConcurrency(env: NodeJS.ProcessEnv = process.env, verifiers = verifyingThreads()): number {
  const n = Number(env.DAYLIGHT_TOOL_CONCURRENCY);
  if (env.DAYLIGHT_TOOL_CONCURRENCY && Number.isInteger(n) && n > 0) return n;
  return verifiers <= 1 ? 2 : 1;
}

/**
 * Shared between the threads of a process (see `shareToolSlots`): [0] the tools running
 * now, [1] the pool threads that may verify at once (`countVerifyingThreads`; none counted
 * means the calling thread verifies alone).
 */
let inUse = new Int32Array(new SharedArrayBuffer(8));

/** The threads of this process that may verify at once, as the task pools counted them; at least 1. */
export function verifyingThreads(): number {
  return Math.max(1, inUse.length > 1 ? Atomics.load(inUse, 1) : 1);
}

/**
 * Adds `delta` threads that may verify at once to this process's count: a task pool counts the
 * threads it may start, again when it grows, and takes them off when it closes.
 */
export function countVerifyingThreads(delta: number): void {
  if (inUse.length > 1) Atomics.add(inUse, 1, delta);
}

/** This process's tool count, for a worker thread to share (`shareToolSlots` in the worker). */
export function toolSlots(): SharedArrayBuffer {
  return inUse.buffer as SharedArrayBuffer;
}

/** Counts this thread's tools in the given process-wide count instead of its own. */
export function shareToolSlots(buffer: SharedArrayBuffer): void {
  inUse = new Int32Array(buffer);
}

async function takeSharedSlot(limit: number): Promise<void> {
  for (;;) {
    const used = Atomics.load(inUse, 0);
    if (used < limit) {
      if (Atomics.compareExchange(inUse, 0, used, used + 1) === used) return;
      continue;
    }
    // Woken by a release in any thread; the timer keeps this thread's event loop alive meanwhile.
    const woken = Atomics.waitAsync(inUse, 0, used);
    if (!woken.async) continue;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([woken.value, new Promise((wake) => (timer = setTimeout(wake, 50)))]);
    clearTimeout(timer);
  }
}

function giveSharedSlot(): void {
  Atomics.sub(inUse, 0, 1);
  Atomics.notify(inUse, 0);
}

let running = 0;
const waiting: (() => void)[] = [];

/** Runs a tool through the helper once a tool slot is free (see `toolConcurrency`). */
export async function runTool(request: ToolRequest): Promise<ToolReply> {
  const limit = toolConcurrency();
  // This thread's own queue keeps its order; the shared count bounds the process.
  if (running >= limit) await new Promise<void>((start) => waiting.push(start));
  else running++;
  try {
    await takeSharedSlot(limit);
    try {
      return await runHelped(request);
    } finally {
      giveSharedSlot();
    }
  } finally {
    // The thread's slot passes straight to the next in line, so a newcomer cannot jump the queue.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** This thread's way to the helper of the thread that made its pool, when it was given one. */
let shared: { port: MessagePort; pending: Map<number, (reply: ToolReply) => void> } | undefined;

/**
 * A port through which one worker thread runs its tools in this thread's helper (`shareToolHelper`
 * on its side). The tools' slots are taken in the asking thread; here they only run.
 */
export function toolPort(): MessagePort {
  const { port1, port2 } = new MessageChannel();
  port1.on('message', (message: { id: number; request: ToolRequest }) => {
    void runHelped(message.request).then((reply) => port1.postMessage({ id: message.id, reply }));
  });
  // While a tool runs, its helper keeps this thread alive (`idleUnlessBusy`); the port itself must not.
  port1.unref();
  return port2;
}

/** Runs this thread's tools through `port` (`toolPort` in the thread that owns the helper) instead of a helper of its own. */
export function shareToolHelper(port: MessagePort): void {
  const pending = new Map<number, (reply: ToolReply) => void>();
  port.on('message', (message: { id: number; reply: ToolReply }) => {
    const resolve = pending.get(message.id);
    pending.delete(message.id);
    if (pending.size === 0) port.unref();
    resolve?.(message.reply);
  });
  port.unref();
  shared = { port, pending };
}

function runHelped(request: ToolRequest): Promise<ToolReply> {
  if (shared) {
    const { port, pending } = shared;
    return new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      // A reply awaited keeps this thread alive.
      port.ref();
      port.postMessage({ id, request });
    });
  }
  if (!helper && !helperBroken) helper = startHelper();
  const h = helper;
  if (!h) return runDirect(request);
  return new Promise((resolve) => {
    const id = nextId++;
    h.pending.set(id, { request, resolve });
    idleUnlessBusy(h);
    try {
      h.child.send({ id, ...request });
    } catch {
      h.pending.delete(id);
      idleUnlessBusy(h);
      void runDirect(request).then(resolve);
    }
  });
}

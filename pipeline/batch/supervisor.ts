/**
 * @module
 * `daylight batch` and `daylight demo` (whose first step is a batch) run in a
 * child process watched by a small supervisor (the process the user started),
 * for two reasons:
 *
 * - **A crash is told from an interruption.** A native crash, an abort or the
 *   kernel's out-of-memory kill ends the batch process with a signal the
 *   supervisor sees. It restarts the batch, naming the dead process, so the
 *   attempts that process left open count as crashes (`attempts.ts`): the
 *   documents it was working on run again alone, and one that crashes twice is
 *   failed with `input.crashed`; the batch still finishes in one run. A batch
 *   killed from outside (kill -9 of the process the user started, Ctrl-C)
 *   stops, and its open attempts count as nothing: the next run resumes them.
 * - **Memory.** The child starts with `MALLOC_ARENA_MAX=2` and
 *   `MALLOC_MMAP_THRESHOLD_=1048576` (unless set). glibc gives every thread that
 *   allocates its own malloc arena, and raises its mmap threshold after each
 *   large free, so page rasters, decoded images and Skia surfaces end up inside
 *   arenas, where freed memory stays stranded between live blocks; with two
 *   arenas and every block over 1 MB mapped on its own, freed memory goes back
 *   to the system at once. On the 60-file hostile batch (bench/hostile.ts) the
 *   peak fell from 2.2 GB to under 1 GB with these and the worker recycling.
 *   They must be set before the process starts, which only a re-executed
 *   process can do.
 *
 * The supervisor holds no workspace and does no work: it forwards signals and
 * exits with the child's code. The batch process tells it how many document
 * attempts are open before it marks one in the workspace and after it clears
 * one, so every open mark is covered. A crash while no document was being
 * worked on is not retried (it is a bug): it exits 70, and the next run resumes.
 */
import { spawn } from 'node:child_process';
import { getCompileCacheDir } from 'node:module';
import { constants } from 'node:os';
import type { RunBatchOptions } from './run-batch.ts';

/** Set in the child's environment: this process runs the batch itself. */
const CHILD = 'DAYLIGHT_BATCH_CHILD';
/** Pids of earlier children of this supervisor that crashed, comma-separated. */
const CRASHED = 'DAYLIGHT_CRASHED_PIDS';

/** Exit code when the batch process crashed outside any document (a bug; the next run resumes). */
const CRASH_EXIT_CODE = 70;

/** Signals that mean the child crashed rather than was stopped by the user. */
const crashSignals = new Set<NodeJS.Signals>(['SIGSEGV', 'SIGBUS', 'SIGILL', 'SIGFPE', 'SIGABRT', 'SIGKILL', 'SIGTRAP', 'SIGSYS']);

interface AttemptsMessage {
  daylightAttempts: number;
}

/** True in the process that runs the batch itself: the supervisor's child. */
export function runsBatchHere(): boolean {
  return process.env[CHILD] === '1';
}

/**
 * Runs `node script ...args` as a child that runs the batch, restarting it after each
 * crash during a document; resolves with the exit code to leave with.
 */
export async function superviseBatch(script: string, args: string[]): Promise<number> {
  const command = args[0] === 'demo' ? 'demo' : 'batch';
  const crashed: number[] = [];
  let forwarded: NodeJS.Signals | undefined;
  for (;;) {
    const child = spawn(process.execPath, [...process.execArgv, script, ...args], {
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
      env: {
        ...process.env,
        [CHILD]: '1',
        [CRASHED]: crashed.join(','),
        MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
        MALLOC_MMAP_THRESHOLD_: process.env.MALLOC_MMAP_THRESHOLD_ ?? '1048576',
        // The compile cache bin/daylight.mjs enabled, for the whole process tree from its first module:
        // the verifier's tool-runner process otherwise strips and compiles its TypeScript afresh (~0.35 CPU s).
        ...(getCompileCacheDir() && !process.env.NODE_COMPILE_CACHE ? { NODE_COMPILE_CACHE: getCompileCacheDir() } : {}),
      },
    });
    let attempts = 0;
    child.on('message', (message: AttemptsMessage) => {
      if (typeof message?.daylightAttempts === 'number') attempts = message.daylightAttempts;
    });
    // Ctrl-C reaches the child from the terminal too; a signal sent to this process alone is passed on.
    const forward = (signal: NodeJS.Signals) => {
      forwarded = signal;
      child.kill(signal);
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    process.on('SIGHUP', forward);
    // 'close', not 'exit': 'exit' can come before the messages still in the IPC channel are read, and
    // a crash just after a document started would then look like one outside any document (CI saw it).
    const ended = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.on('close', (code, signal) => resolve({ code, signal }));
      child.on('error', () => resolve({ code: CRASH_EXIT_CODE, signal: null }));
    });
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
    process.off('SIGHUP', forward);
    if (ended.signal === null) return ended.code ?? CRASH_EXIT_CODE;
    if (forwarded || !crashSignals.has(ended.signal)) return 128 + (constants.signals[ended.signal] ?? 0);
    if (attempts === 0) {
      process.stderr.write(`daylight ${command}: the batch process crashed (${ended.signal}) while no document was being worked on. This is a bug: please report it. Finished work is kept; run the command again to resume.\n`);
      return CRASH_EXIT_CODE;
    }
    process.stderr.write(`daylight ${command}: the batch process crashed (${ended.signal}) on the document(s) it was working on; restarting, with those documents run alone.\n`);
    crashed.push(child.pid!);
  }
}

/** True in a batch process the supervisor started again after a crash: its workspace holds the crashed attempts. */
export function restartedAfterCrash(): boolean {
  return process.env[CHILD] === '1' && (process.env[CRASHED] ?? '') !== '';
}

/**
 * What the batch process takes from its supervisor: the pids of earlier children that
 * crashed, and a way to say how many document attempts are running. In a process with
 * no supervisor, nothing.
 */
export function supervisedOptions(): Pick<RunBatchOptions, 'crashedPids' | 'onAttempts'> {
  if (process.env[CHILD] !== '1' || !process.send) return {};
  const crashedPids = (process.env[CRASHED] ?? '').split(',').filter(Boolean).map(Number);
  return {
    crashedPids,
    // Settles once the message is written to the channel: from then on the supervisor reads it
    // even if this process dies at once (it waits for the channel to close before judging a crash).
    onAttempts: (running) =>
      new Promise<void>((resolve) => {
        if (!process.connected) return resolve();
        process.send!({ daylightAttempts: running } satisfies AttemptsMessage, undefined, {}, () => resolve());
      }),
  };
}

/**
 * In the batch process: when the supervisor goes away (killed with kill -9 along with the
 * batch the user stopped), stop too, as after Ctrl-C: the next run resumes.
 */
export function stopWithSupervisor(): void {
  if (process.env[CHILD] !== '1') return;
  // Gone before this process got here (the channel closes while it loads its modules).
  if (!process.connected || !process.channel) process.exit(130);
  process.channel.unref();
  process.on('disconnect', () => process.exit(130));
}

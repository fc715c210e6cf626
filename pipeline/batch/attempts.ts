/**
 * @module
 * "Attempt started" marks: before a document stage runs on a document, the
 * batch records that it started (and which process runs it), committed, and
 * clears the mark when the stage comes back with a result or a problem.
 *
 * A mark still there when a run starts means a process ended inside that
 * stage on that document. Ending is not crashing: a batch killed with kill -9,
 * Ctrl-C or a power cut leaves marks too, and must resume without failing the
 * documents it was working on. So a mark counts as a crash only when the
 * process that died was seen to crash: by the batch supervisor
 * (`supervisor.ts`), which watches the batch process and restarts it after a
 * native crash, an abort or the kernel's out-of-memory kill, passing the dead
 * process's pid on (`crashedPids`). A worker thread that dies inside a live
 * process is seen by the task pool and counted at once (`recordCrash`).
 * After two crashes the document is failed with `input.crashed` instead of
 * being run a third time, so one file cannot stop a batch from finishing.
 *
 * Marks live beside the checkpoints, keyed the same way (document bytes,
 * stage, policy, code version): a new Daylight version tries again.
 */
import { deleteCheckpoint, getCheckpoint, putCheckpoint } from '../workspace/store/index.ts';
import type { CheckpointKey, Workspace } from '../workspace/store/index.ts';

/** Crashes inside one stage after which a document is not tried again. */
export const MAX_CRASHES = 2;

interface Mark {
  /** Attempts of the stage on this document that crashed a worker or the process. */
  crashes: number;
  /** The process running an attempt now; null between attempts. */
  pid: number | null;
}

const PREFIX = 'attempt/';

function markKey(key: CheckpointKey): CheckpointKey {
  return { ...key, stage: `${PREFIX}${key.stage}` };
}

/** Crashes recorded so far for this stage and document. */
export async function crashesSoFar(ws: Workspace, key: CheckpointKey): Promise<number> {
  return (await getCheckpoint<Mark>(ws, markKey(key)))?.crashes ?? 0;
}

/** Records that an attempt starts in this process (committed before the stage runs). */
export async function markAttemptStarted(ws: Workspace, key: CheckpointKey): Promise<void> {
  await putCheckpoint(ws, markKey(key), { crashes: await crashesSoFar(ws, key), pid: process.pid } satisfies Mark);
}

/** The attempt ended with a crash this process saw (its worker thread died): counted now. */
export async function recordCrash(ws: Workspace, key: CheckpointKey): Promise<void> {
  await putCheckpoint(ws, markKey(key), { crashes: (await crashesSoFar(ws, key)) + 1, pid: null } satisfies Mark);
}

/**
 * Scaled mode: before a job runs, a mark still open (an attempt that never came back:
 * the worker running it died, or stopped answering its heartbeat) counts as a crash.
 * Returns the crashes so far.
 */
export async function countAbandonedAttempt(ws: Workspace, key: CheckpointKey): Promise<number> {
  const mark = await getCheckpoint<Mark>(ws, markKey(key));
  if (!mark) return 0;
  if (mark.pid === null) return mark.crashes;
  await putCheckpoint(ws, markKey(key), { crashes: mark.crashes + 1, pid: null } satisfies Mark);
  return mark.crashes + 1;
}

/** The stage came back: the attempt did not crash. */
export async function clearAttempt(ws: Workspace, key: CheckpointKey): Promise<void> {
  await deleteCheckpoint(ws, markKey(key));
}

/**
 * At the start of a run: settles the attempts earlier processes left open. Those of a
 * process in `crashedPids` crashed and count; any other was interrupted (killed with the
 * batch, Ctrl-C, a power cut) and does not. Returns how many of each.
 */
export async function settleOpenAttempts(ws: Workspace, crashedPids: readonly number[] = []): Promise<{ crashed: number; interrupted: number }> {
  const rows = await ws.db.selectFrom('checkpoints').select(['sha256', 'stage', 'policy_hash as policyHash', 'code_version as codeVersion', 'output']).where('stage', 'like', `${PREFIX}%`).execute();
  let crashed = 0;
  let interrupted = 0;
  for (const { output, ...key } of rows) {
    const mark = JSON.parse(output) as Partial<Mark> & { started?: number };
    if (mark.pid === null || mark.pid === undefined || mark.pid === process.pid) continue;
    const died = crashedPids.includes(mark.pid);
    if (died) crashed++;
    else interrupted++;
    // Marks of earlier versions counted every start ("started"); their history is not known to be crashes.
    const crashes = (mark.crashes ?? 0) + (died ? 1 : 0);
    if (crashes > 0) await putCheckpoint(ws, key, { crashes, pid: null } satisfies Mark);
    else await deleteCheckpoint(ws, key);
  }
  return { crashed, interrupted };
}

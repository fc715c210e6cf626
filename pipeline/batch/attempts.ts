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
 *
 * The scaled worker names each attempt (its job's id and delivery count), so
 * counting is idempotent by attempt: an attempt is counted as a crash at most
 * once, and an attempt counted as abandoned that later comes back after all
 * (its worker lost the database exactly when it cleared its mark, and another
 * delivery looked meanwhile) takes its count back when it clears.
 */
import { deleteCheckpoint, getCheckpoint, putCheckpoint, transaction } from '../workspace/store/index.ts';
import type { CheckpointKey, Workspace } from '../workspace/store/index.ts';

/** Crashes inside one stage after which a document is not tried again. */
export const MAX_CRASHES = 2;

interface Mark {
  /** Attempts of the stage on this document that crashed a worker or the process. */
  crashes: number;
  /** The process running an attempt now; null between attempts. */
  pid: number | null;
  /** The scaled worker's name for the attempt running now (job id / delivery). */
  attempt?: string | null;
  /** Named attempts counted in `crashes`, each at most once. */
  counted?: string[];
}

const PREFIX = 'attempt/';

function markKey(key: CheckpointKey): CheckpointKey {
  return { ...key, stage: `${PREFIX}${key.stage}` };
}

/** Crashes recorded so far for this stage and document. */
export async function crashesSoFar(ws: Workspace, key: CheckpointKey): Promise<number> {
  return (await getCheckpoint<Mark>(ws, markKey(key)))?.crashes ?? 0;
}

/**
 * Reads, changes and writes a mark as one step: two workers settling the same mark (one
 * counting it abandoned, one clearing it late) must not lose each other's change.
 */
async function updateMark(ws: Workspace, key: CheckpointKey, change: (mark: Mark | undefined) => Mark | null | undefined): Promise<void> {
  await transaction(ws, async (tx) => {
    // SQLite writes one transaction at a time already; PostgreSQL needs the lock.
    if (tx.kind === 'postgres') await tx.sql('SELECT pg_advisory_xact_lock(hashtext($1))', [`attempt ${key.sha256} ${key.stage} ${key.policyHash} ${key.codeVersion}`]);
    const next = change(await getCheckpoint<Mark>(tx, markKey(key)));
    if (next === null) await deleteCheckpoint(tx, markKey(key));
    else if (next !== undefined) await putCheckpoint(tx, markKey(key), next);
  });
}

/** The mark of an attempt starting in this process. */
function started(mark: Mark | undefined, attempt?: string): Mark {
  return { crashes: mark?.crashes ?? 0, pid: process.pid, ...(attempt ? { attempt } : {}), ...(mark?.counted?.length ? { counted: mark.counted } : {}) };
}

/** Records that an attempt starts in this process (committed before the stage runs); `attempt` names it (scaled worker). */
export async function markAttemptStarted(ws: Workspace, key: CheckpointKey, attempt?: string): Promise<void> {
  await updateMark(ws, key, (mark) => started(mark, attempt));
}

/** The attempt ended with a crash this process saw (its worker thread died): counted now, once. */
export async function recordCrash(ws: Workspace, key: CheckpointKey, attempt?: string): Promise<void> {
  await updateMark(ws, key, (mark) => {
    const counted = mark?.counted ?? [];
    const open = mark?.pid !== null && mark?.pid !== undefined && (attempt === undefined || mark.attempt === attempt);
    if (attempt !== undefined && counted.includes(attempt)) return open ? { ...mark!, pid: null, attempt: null } : undefined;
    return { crashes: (mark?.crashes ?? 0) + 1, pid: open ? null : (mark?.pid ?? null), ...(open ? {} : { attempt: mark?.attempt ?? null }), counted: attempt ? [...counted, attempt] : counted };
  });
}

/**
 * Scaled mode: before a job runs, a mark still open (an attempt that never came back:
 * the worker running it died, or stopped answering its heartbeat) counts as a crash.
 * Returns the crashes so far.
 */
export async function countAbandonedAttempt(ws: Workspace, key: CheckpointKey): Promise<number> {
  let crashes = 0;
  await updateMark(ws, key, (mark) => {
    const closed = closeAbandoned(mark);
    crashes = closed.crashes;
    return closed.mark;
  });
  return crashes;
}

/** An open mark closed and counted as a crash (once per named attempt); `mark: undefined` when nothing changes. */
function closeAbandoned(mark: Mark | undefined): { crashes: number; mark: Mark | undefined } {
  if (!mark || mark.pid === null) return { crashes: mark?.crashes ?? 0, mark: undefined };
  const counted = mark.counted ?? [];
  if (mark.attempt && counted.includes(mark.attempt)) return { crashes: mark.crashes ?? 0, mark: { ...mark, pid: null, attempt: null } };
  const crashes = (mark.crashes ?? 0) + 1;
  return { crashes, mark: { crashes, pid: null, attempt: null, counted: mark.attempt ? [...counted, mark.attempt] : counted } };
}

/**
 * `countAbandonedAttempt`, then, when no crash is counted, `markAttemptStarted` for
 * `attempt`, in one transaction (the scaled worker's every job: one commit instead of
 * two). With crashes counted nothing is marked: the caller decides first whether and
 * how the document runs again (`markAttemptStarted` then). Returns the crashes so far.
 */
export async function claimAttempt(ws: Workspace, key: CheckpointKey, attempt: string): Promise<number> {
  let crashes = 0;
  await updateMark(ws, key, (mark) => {
    const closed = closeAbandoned(mark);
    crashes = closed.crashes;
    return crashes > 0 ? closed.mark : started(closed.mark ?? mark, attempt);
  });
  return crashes;
}

/**
 * The stage came back: the attempt did not crash. Unnamed (the embedded batch): the mark
 * goes. Named: the mark goes when this attempt is the one open; when another delivery
 * already counted this attempt as abandoned, that count is taken back and its own
 * attempt stays open.
 */
export async function clearAttempt(ws: Workspace, key: CheckpointKey, attempt?: string): Promise<void> {
  if (attempt === undefined) return deleteCheckpoint(ws, markKey(key));
  await updateMark(ws, key, (mark) => {
    if (!mark) return undefined;
    if (mark.attempt === attempt) return null;
    const counted = mark.counted ?? [];
    if (!counted.includes(attempt)) return undefined;
    return { ...mark, crashes: Math.max(0, mark.crashes - 1), counted: counted.filter((a) => a !== attempt) };
  });
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

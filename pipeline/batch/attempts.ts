/**
 * @module
 * "Attempt started" marks: before a document stage runs on a document, the
 * batch records that it started, committed, and clears the mark when the
 * stage comes back (with a result or a problem). A mark still there on the
 * next run means the process died inside that stage on that document (a
 * native crash, the kernel's OOM killer, kill -9 at the wrong moment). After
 * two such deaths the document is failed with `input.crashed` instead of being
 * run a third time, so one file cannot stop a batch from ever finishing.
 *
 * Marks live beside the checkpoints, keyed the same way (document bytes,
 * stage, policy, code version): a new Daylight version tries again.
 */
import { getCheckpoint, putCheckpoint } from '../workspace/checkpoints.ts';
import type { CheckpointKey } from '../workspace/checkpoints.ts';
import type { Workspace } from '../workspace/workspace.ts';

/** Deaths inside one stage after which a document is not tried again. */
export const MAX_CRASHES = 2;

interface Mark {
  /** Runs of the stage on this document that started and never came back. */
  started: number;
  pid: number;
}

function markKey(key: CheckpointKey): CheckpointKey {
  return { ...key, stage: `attempt/${key.stage}` };
}

/** Crashes recorded so far for this stage and document. */
export function crashesSoFar(ws: Workspace, key: CheckpointKey): number {
  return getCheckpoint<Mark>(ws, markKey(key))?.started ?? 0;
}

/** Records that an attempt starts (committed before the stage runs). */
export function markAttemptStarted(ws: Workspace, key: CheckpointKey): void {
  putCheckpoint(ws, markKey(key), { started: crashesSoFar(ws, key) + 1, pid: process.pid } satisfies Mark);
}

/** The stage came back: the attempt did not crash the process. */
export function clearAttempt(ws: Workspace, key: CheckpointKey): void {
  const k = markKey(key);
  ws.db.prepare('DELETE FROM checkpoints WHERE sha256 = ? AND stage = ? AND policy_hash = ? AND code_version = ?').run(k.sha256, k.stage, k.policyHash, k.codeVersion);
}

/**
 * @module
 * Stage checkpoints on the workspace interface, keyed by (document SHA-256,
 * stage, policy hash, code version): what a finished stage produced, so a rerun
 * (after a crash, on another worker, or of the same bytes in another batch) skips it.
 */
import { nowIso } from './workspace.ts';
import type { Workspace } from './workspace.ts';

export interface CheckpointKey {
  sha256: string;
  stage: string;
  policyHash: string;
  codeVersion: string;
}


export async function getCheckpoint<T>(ws: Workspace, key: CheckpointKey): Promise<T | undefined> {
  const row = await ws.db
    .selectFrom('checkpoints')
    .select('output')
    .where('sha256', '=', key.sha256)
    .where('stage', '=', key.stage)
    .where('policy_hash', '=', key.policyHash)
    .where('code_version', '=', key.codeVersion)
    .executeTakeFirst();
  return row ? (JSON.parse(row.output) as T) : undefined;
}

/** Records a stage's output; call inside the transaction that applies it. */
export async function putCheckpoint(ws: Workspace, key: CheckpointKey, output: unknown): Promise<void> {
  const text = JSON.stringify(output);
  await ws.db
    .insertInto('checkpoints')
    .values({ sha256: key.sha256, stage: key.stage, policy_hash: key.policyHash, code_version: key.codeVersion, output: text, created_at: nowIso() })
    .onConflict((oc) => oc.columns(['sha256', 'stage', 'policy_hash', 'code_version']).doUpdateSet({ output: text }))
    .execute();
}

/** Deletes one checkpoint (e.g. an attempt mark). */
export async function deleteCheckpoint(ws: Workspace, key: CheckpointKey): Promise<void> {
  await ws.db.deleteFrom('checkpoints').where('sha256', '=', key.sha256).where('stage', '=', key.stage).where('policy_hash', '=', key.policyHash).where('code_version', '=', key.codeVersion).execute();
}

export async function deleteCheckpoints(ws: Workspace, sha256: string): Promise<number> {
  const result = await ws.db.deleteFrom('checkpoints').where('sha256', '=', sha256).executeTakeFirst();
  return Number(result.numDeletedRows);
}

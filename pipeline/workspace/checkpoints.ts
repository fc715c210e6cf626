/**
 * @module
 * Stage checkpoints, keyed by (document SHA-256, stage, policy hash, code
 * version): what a finished stage produced (blob hashes and small facts), so a
 * rerun — after a crash, or of the same bytes in another batch — skips it.
 */
import { nowIso } from './database.ts';
import type { Workspace } from './workspace.ts';

export interface CheckpointKey {
  sha256: string;
  stage: string;
  policyHash: string;
  codeVersion: string;
}

export function getCheckpoint<T>(ws: Workspace, key: CheckpointKey): T | undefined {
  const row = ws.db.prepare('SELECT output FROM checkpoints WHERE sha256 = ? AND stage = ? AND policy_hash = ? AND code_version = ?').get(key.sha256, key.stage, key.policyHash, key.codeVersion) as
    | { output: string }
    | undefined;
  return row ? (JSON.parse(row.output) as T) : undefined;
}

/** Records a stage's output; call inside the transaction that applies it. */
export function putCheckpoint(ws: Workspace, key: CheckpointKey, output: unknown): void {
  ws.db
    .prepare('INSERT INTO checkpoints (sha256, stage, policy_hash, code_version, output, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET output = excluded.output')
    .run(key.sha256, key.stage, key.policyHash, key.codeVersion, JSON.stringify(output), nowIso());
}

export function deleteCheckpoints(ws: Workspace, sha256: string): number {
  return Number(ws.db.prepare('DELETE FROM checkpoints WHERE sha256 = ?').run(sha256).changes);
}

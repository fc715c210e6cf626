/**
 * @module
 * Batches: one row per (folder, name, policy). Running the same command again
 * finds the same batch, which is how a rerun resumes instead of starting over.
 */
import { randomBytes } from 'node:crypto';
import { appendAudit } from './audit-log.ts';
import { nowIso, transaction } from './database.ts';
import type { Workspace } from './workspace.ts';

export interface Batch {
  id: string;
  name: string;
  folder: string;
  policyHash: string;
  codeVersion: string;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
}

export interface BatchRow {
  id: string;
  name: string;
  folder: string;
  policy_hash: string;
  code_version: string;
  created_by: string;
  created_at: string;
  finished_at: string | null;
}

export function toBatch(r: BatchRow): Batch {
  return { id: r.id, name: r.name, folder: r.folder, policyHash: r.policy_hash, codeVersion: r.code_version, createdBy: r.created_by, createdAt: r.created_at, finishedAt: r.finished_at };
}

export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

export interface BatchKey {
  name: string;
  folder: string;
  policyHash: string;
}

/** The batch for this folder, name and policy, made if new; `resumed` says which. */
export function findOrCreateBatch(ws: Workspace, key: BatchKey, by: { codeVersion: string; actor: string }): { batch: Batch; resumed: boolean } {
  return transaction(ws.db, () => {
    const existing = ws.db.prepare('SELECT * FROM batches WHERE folder = ? AND name = ? AND policy_hash = ?').get(key.folder, key.name, key.policyHash) as BatchRow | undefined;
    if (existing) {
      ws.db.prepare('UPDATE batches SET finished_at = NULL, code_version = ? WHERE id = ?').run(by.codeVersion, existing.id);
      appendAudit(ws, { actor: by.actor, action: 'batch.resumed', subject: existing.id, details: { name: key.name, folder: key.folder } });
      return { batch: toBatch({ ...existing, finished_at: null, code_version: by.codeVersion }), resumed: true };
    }
    const row: BatchRow = { id: newId('b'), name: key.name, folder: key.folder, policy_hash: key.policyHash, code_version: by.codeVersion, created_by: by.actor, created_at: nowIso(), finished_at: null };
    ws.db
      .prepare('INSERT INTO batches (id, name, folder, policy_hash, code_version, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(row.id, row.name, row.folder, row.policy_hash, row.code_version, row.created_by, row.created_at);
    appendAudit(ws, { actor: by.actor, action: 'batch.started', subject: row.id, details: { name: key.name, folder: key.folder, policyHash: key.policyHash } });
    return { batch: toBatch(row), resumed: false };
  });
}

export function finishBatch(ws: Workspace, batchId: string, actor: string, details: Record<string, unknown>): void {
  transaction(ws.db, () => {
    ws.db.prepare('UPDATE batches SET finished_at = ? WHERE id = ?').run(nowIso(), batchId);
    appendAudit(ws, { actor, action: 'batch.finished', subject: batchId, details });
  });
}

export function getBatch(ws: Workspace, id: string): Batch | undefined {
  const row = ws.db.prepare('SELECT * FROM batches WHERE id = ?').get(id) as BatchRow | undefined;
  return row && toBatch(row);
}

export function listBatches(ws: Workspace): Batch[] {
  return (ws.db.prepare('SELECT * FROM batches ORDER BY created_at, id').all() as unknown as BatchRow[]).map(toBatch);
}

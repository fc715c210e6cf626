/**
 * @module
 * Batches on the workspace interface: one row per (folder, name, policy); the
 * same command again finds the same batch, which is how a rerun resumes.
 */
import type { Selectable } from 'kysely';
import type { BatchesTable } from './schema.ts';
import { randomBytes } from 'node:crypto';
import { appendAudit, sealAudit } from './audit.ts';
import { nowIso, transaction } from './workspace.ts';
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

export type BatchRow = Selectable<BatchesTable>;

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
export function findOrCreateBatch(ws: Workspace, key: BatchKey, by: { codeVersion: string; actor: string }): Promise<{ batch: Batch; resumed: boolean }> {
  return transaction(ws, async (tx) => {
    const row: BatchRow = { id: newId('b'), name: key.name, folder: key.folder, policy_hash: key.policyHash, code_version: by.codeVersion, created_by: by.actor, created_at: nowIso(), finished_at: null };
    // Two processes starting the same batch at once: the unique key lets one insert, the other resumes it.
    const inserted = await tx.db.insertInto('batches').values(row).onConflict((oc) => oc.columns(['folder', 'name', 'policy_hash']).doNothing()).executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) {
      await appendAudit(tx, { actor: by.actor, action: 'batch.started', subject: row.id, details: { name: key.name, folder: key.folder, policyHash: key.policyHash } });
      return { batch: toBatch(row), resumed: false };
    }
    const existing = (await tx.db.selectFrom('batches').selectAll().where('folder', '=', key.folder).where('name', '=', key.name).where('policy_hash', '=', key.policyHash).executeTakeFirstOrThrow()) as BatchRow;
    await tx.db.updateTable('batches').set({ finished_at: null, code_version: by.codeVersion }).where('id', '=', existing.id).execute();
    await appendAudit(tx, { actor: by.actor, action: 'batch.resumed', subject: existing.id, details: { name: key.name, folder: key.folder } });
    return { batch: toBatch({ ...existing, finished_at: null, code_version: by.codeVersion }), resumed: true };
  });
}

/** Marks the batch finished and seals the audit log, so the batch's new document chains are covered before anything is published. */
export function finishBatch(ws: Workspace, batchId: string, actor: string, details: Record<string, unknown>): Promise<void> {
  return transaction(ws, async (tx) => {
    await tx.db.updateTable('batches').set({ finished_at: nowIso() }).where('id', '=', batchId).execute();
    await appendAudit(tx, { actor, action: 'batch.finished', subject: batchId, details });
    const sealed = await sealAudit(tx, actor);
    if (!sealed.ok) throw new Error(sealed.problem.message);
  });
}

export async function getBatch(ws: Workspace, id: string): Promise<Batch | undefined> {
  const row = await ws.db.selectFrom('batches').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toBatch(row);
}

export async function listBatches(ws: Workspace): Promise<Batch[]> {
  return (await ws.db.selectFrom('batches').selectAll().orderBy('created_at').orderBy('id').execute()).map(toBatch);
}

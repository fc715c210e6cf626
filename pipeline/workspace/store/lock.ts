/**
 * @module
 * The workspace lock on the workspace interface: one batch (or purge) at a
 * time, a row taken in a transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: under
 * an advisory lock), so two processes cannot both win. A row left by a process
 * of this machine that no longer runs is stale and taken over; a holder on
 * another machine is assumed alive.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fail, ok } from '../../problems.ts';
import type { Result } from '../../problems.ts';
import { appendAudit } from './audit.ts';
import { lockLocks, tryStorage } from './dialect.ts';
import { nowIso, transaction } from './workspace.ts';
import type { Workspace } from './workspace.ts';

export interface LockHolder {
  pid: number;
  host: string;
  processStart: string | null;
  purpose: string;
  acquiredAt: string;
}

/** Linux: field 22 of /proc/<pid>/stat, the start time in clock ticks since boot. */
export function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

export function isAlive(holder: Pick<LockHolder, 'pid' | 'host' | 'processStart'>): boolean {
  if (holder.host !== hostname()) return true; // cannot tell for another machine: assume it runs
  if (!pidRunning(holder.pid)) return false;
  const start = processStart(holder.pid);
  return holder.processStart === null || start === null || start === holder.processStart;
}

/** Whether a process of this machine with this pid runs. */
export function pidRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

export interface AcquireOptions {
  purpose: string;
  actor: string;
  /** Wait up to this long for a live holder to finish; 0 refuses at once. */
  waitMs?: number;
  name?: string;
}

export interface WorkspaceLock {
  release(): Promise<void>;
}

export async function lockHolder(ws: Workspace, name = 'batch'): Promise<LockHolder | undefined> {
  const row = await ws.db.selectFrom('locks').selectAll().where('name', '=', name).executeTakeFirst();
  return row && { pid: row.pid, host: row.host, processStart: row.process_start, purpose: row.purpose, acquiredAt: row.acquired_at };
}

export async function acquireWorkspaceLock(ws: Workspace, options: AcquireOptions): Promise<Result<WorkspaceLock>> {
  const name = options.name ?? 'batch';
  const deadline = Date.now() + (options.waitMs ?? 0);
  const me = { pid: process.pid, host: hostname(), processStart: processStart(process.pid) };
  for (;;) {
    const taken = await tryStorage(ws, () =>
      transaction(ws, async (tx) => {
        await lockLocks(tx);
        const holder = await lockHolder(tx, name);
        if (holder && holder.pid === me.pid && holder.host === me.host) return { won: true as const, stale: undefined };
        if (holder && isAlive(holder)) return { won: false as const, holder };
        const row = { name, pid: me.pid, host: me.host, process_start: me.processStart, purpose: options.purpose, acquired_at: nowIso() };
        await tx.db
          .insertInto('locks')
          .values(row)
          .onConflict((oc) => oc.column('name').doUpdateSet({ pid: row.pid, host: row.host, process_start: row.process_start, purpose: row.purpose, acquired_at: row.acquired_at }))
          .execute();
        if (holder) await appendAudit(tx, { actor: options.actor, action: 'lock.stale-taken-over', subject: name, details: { stalePid: holder.pid, purpose: holder.purpose, since: holder.acquiredAt } });
        return { won: true as const, stale: holder };
      }),
    );
    if (!taken.ok) return taken;
    if (taken.value.won) {
      return ok({
        release: async () => {
          await ws.db.deleteFrom('locks').where('name', '=', name).where('pid', '=', me.pid).where('host', '=', me.host).execute();
        },
      });
    }
    const holder = taken.value.holder;
    if (Date.now() >= deadline) {
      return fail('workspace.locked', `Another ${holder.purpose} (pid ${holder.pid} on ${holder.host}, since ${holder.acquiredAt}) is running on ${ws.location}.`);
    }
    await sleep(Math.min(250, Math.max(10, deadline - Date.now())));
  }
}

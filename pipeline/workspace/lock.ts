/**
 * @module
 * The workspace lock: one batch (or purge) at a time. It is a row in the
 * database, taken in an IMMEDIATE transaction, so two processes cannot both
 * win. A row left by a process that no longer runs (kill -9, power cut) is
 * stale and taken over; the pid is checked together with the process start
 * time, so a reused pid does not keep a dead lock alive.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';
import { appendAudit } from './audit-log.ts';
import { nowIso, tryTransaction } from './database.ts';
import type { Workspace } from './workspace.ts';

export interface LockHolder {
  pid: number;
  host: string;
  processStart: string | null;
  purpose: string;
  acquiredAt: string;
}

export interface WorkspaceLock {
  release(): void;
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

export function lockHolder(ws: Workspace, name = 'batch'): LockHolder | undefined {
  const row = ws.db.prepare('SELECT * FROM locks WHERE name = ?').get(name) as
    | { pid: number; host: string; process_start: string | null; purpose: string; acquired_at: string }
    | undefined;
  return row && { pid: row.pid, host: row.host, processStart: row.process_start, purpose: row.purpose, acquiredAt: row.acquired_at };
}

export interface AcquireOptions {
  purpose: string;
  actor: string;
  /** Wait up to this long for a live holder to finish; 0 refuses at once. */
  waitMs?: number;
  name?: string;
}

export async function acquireWorkspaceLock(ws: Workspace, options: AcquireOptions): Promise<Result<WorkspaceLock>> {
  const name = options.name ?? 'batch';
  const deadline = Date.now() + (options.waitMs ?? 0);
  const me = { pid: process.pid, host: hostname(), processStart: processStart(process.pid) };
  for (;;) {
    const taken = tryTransaction(ws.db, () => {
      const holder = lockHolder(ws, name);
      if (holder && holder.pid === me.pid && holder.host === me.host) return { won: true as const, stale: undefined };
      if (holder && isAlive(holder)) return { won: false as const, holder };
      ws.db
        .prepare('INSERT INTO locks (name, pid, host, process_start, purpose, acquired_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET pid = excluded.pid, host = excluded.host, process_start = excluded.process_start, purpose = excluded.purpose, acquired_at = excluded.acquired_at')
        .run(name, me.pid, me.host, me.processStart, options.purpose, nowIso());
      if (holder) appendAudit(ws, { actor: options.actor, action: 'lock.stale-taken-over', subject: name, details: { stalePid: holder.pid, purpose: holder.purpose, since: holder.acquiredAt } });
      return { won: true as const, stale: holder };
    });
    if (!taken.ok) return taken;
    if (taken.value.won) {
      return ok({
        release: () => {
          if (ws.db.isOpen) ws.db.prepare('DELETE FROM locks WHERE name = ? AND pid = ? AND host = ?').run(name, me.pid, me.host);
        },
      });
    }
    const holder = taken.value.holder;
    if (Date.now() >= deadline) {
      return fail('workspace.locked', `Another ${holder.purpose} (pid ${holder.pid} on ${holder.host}, since ${holder.acquiredAt}) is running on ${ws.dir}.`);
    }
    await sleep(Math.min(250, Math.max(10, deadline - Date.now())));
  }
}

/**
 * Workspaces on both adapters for the tests that run one suite against each: an
 * empty workspace (a temporary folder, and a fresh database on the test PostgreSQL
 * server for the PostgreSQL adapter), opened, and closed and removed after the file's
 * tests.
 *
 * ```ts
 * const { adapters, fresh } = await bothAdapters('daylight-contract-');
 * for (const adapter of adapters) describe(adapter.name, { skip: adapter.skip }, () => { … await fresh(adapter) … });
 * ```
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { openWorkspace } from '../../pipeline/workspace/store/index.ts';
import type { Workspace } from '../../pipeline/workspace/store/index.ts';
import { testPostgres } from './postgres.ts';

export interface Adapter {
  name: 'sqlite' | 'postgres';
  /** Why the adapter's tests are skipped (no PostgreSQL here, outside CI), or false. */
  skip: string | false;
  /** Where a new empty workspace goes: its folder and database URL ('' for SQLite). */
  make(): Promise<Location>;
}

export interface Location {
  dir: string;
  url: string;
}

export async function bothAdapters(prefix: string) {
  const pg = await testPostgres();
  const dirs: string[] = [];
  const opened: Workspace[] = [];
  after(async () => {
    for (const ws of opened.splice(0)) await ws.close();
    await pg.server?.stop();
    dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  });

  /** A temporary folder removed after the tests. */
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };

  const adapters: Adapter[] = [
    { name: 'sqlite', skip: false, make: async () => ({ dir: join(tempDir(), 'ws'), url: '' }) },
    { name: 'postgres', skip: pg.skip, make: async () => ({ dir: join(tempDir(), 'ws'), url: await pg.server!.freshDatabase() }) },
  ];

  /** Keeps a workspace opened elsewhere to close it after the tests. */
  const track = (ws: Workspace): Workspace => {
    opened.push(ws);
    return ws;
  };

  /** Opens the workspace at a location (again, for a second connection to the same one). */
  const openAt = async (where: Location): Promise<Workspace> => {
    const result = await openWorkspace(where.dir, { databaseUrl: where.url });
    assert.ok(result.ok, result.ok ? '' : result.problem.message);
    return track(result.value);
  };

  /** An empty workspace on the adapter. */
  const fresh = async (adapter: Adapter): Promise<Workspace> => openAt(await adapter.make());

  return { adapters, tempDir, track, openAt, fresh };
}

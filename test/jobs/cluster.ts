/**
 * @module
 * A PostgreSQL cluster of the crash test's own, which it may stop with
 * `pg_ctl -m immediate` (no shutdown checkpoint, every connection cut: as a
 * crash looks to clients) and start again on the same port and data.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binDir, freePort, runPg } from '../support/postgres.ts';

export interface OwnCluster {
  url: string;
  stopImmediately(): void;
  start(): void;
  remove(): void;
}

export const postgresBin = binDir;

export async function ownCluster(bin: string): Promise<OwnCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'daylight-pgcrash-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  runPg(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8']);
  const start = () => runPg(join(bin, 'pg_ctl'), ['-D', data, '-w', '-t', '60', '-l', join(dir, 'log'), '-o', `-k ${dir} -c listen_addresses=127.0.0.1 -p ${port} -c max_connections=100`, 'start']);
  const stopImmediately = () => {
    try {
      runPg(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // Already stopped.
    }
  };
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stopImmediately,
    remove() {
      stopImmediately();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * @module
 * A PostgreSQL cluster of the crash test's own, which it may stop with
 * `pg_ctl -m immediate` (no shutdown checkpoint, every connection cut: as a
 * crash looks to clients) and start again on the same port and data.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OwnCluster {
  url: string;
  stopImmediately(): void;
  start(): void;
  remove(): void;
}

const PG_ROOT = '/usr/lib/postgresql';

export function postgresBin(): string | undefined {
  if (!existsSync(PG_ROOT)) return undefined;
  const v = readdirSync(PG_ROOT).filter((d) => existsSync(join(PG_ROOT, d, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a))[0];
  return v ? join(PG_ROOT, v, 'bin') : undefined;
}

function asPostgres(bin: string, args: string[]): void {
  if (process.getuid?.() === 0) {
    const quoted = [bin, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', quoted], { stdio: 'pipe', timeout: 60_000 });
  } else execFileSync(bin, args, { stdio: 'pipe', timeout: 60_000 });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export async function ownCluster(bin: string): Promise<OwnCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'daylight-pgcrash-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  asPostgres(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8']);
  const start = () => asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-w', '-t', '60', '-l', join(dir, 'log'), '-o', `-k ${dir} -c listen_addresses=127.0.0.1 -p ${port} -c max_connections=100`, 'start']);
  const stopImmediately = () => {
    try {
      asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
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

/**
 * @module
 * PostgreSQL for tests. With `DAYLIGHT_TEST_DATABASE_URL` (a URL a test may
 * create databases with; `.ci/run` sets it), that server is used. Without it,
 * when Debian's PostgreSQL binaries are installed, a throwaway cluster is
 * started here: initdb and pg_ctl as the `postgres` user when running as root,
 * trust authentication, 127.0.0.1 only, a free port, a data folder under /tmp,
 * fsync off (functional tests only), stopped and removed by `stop()`, or when the
 * test process exits without it.
 * Otherwise the tests skip with the reason, except under CI=1, where a missing
 * PostgreSQL is a failure.
 *
 * Each test gets its own database (`freshDatabase()`), so tests never see
 * each other's rows.
 *
 * ```ts
 * const pg = await testPostgres();
 * describe('postgres', { skip: pg.skip }, () => { ... await pg.server!.freshDatabase() ... });
 * after(() => pg.server?.stop());
 * ```
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface TestPostgresServer {
  /** A URL on the server's maintenance database. */
  adminUrl: string;
  /** Creates an empty database; its URL. Dropped by `stop()`. */
  freshDatabase(): Promise<string>;
  stop(): Promise<void>;
}

export interface TestPostgres {
  server?: TestPostgresServer;
  /** Why the PostgreSQL tests are skipped (false when they run). */
  skip: string | false;
}

const PG_ROOT = '/usr/lib/postgresql';

export function binDir(): string | undefined {
  if (!existsSync(PG_ROOT)) return undefined;
  const versions = readdirSync(PG_ROOT).filter((v) => existsSync(join(PG_ROOT, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(PG_ROOT, versions[0], 'bin') : undefined;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Runs a PostgreSQL binary, as the postgres user when we are root (initdb refuses root). */
export function runPg(bin: string, args: string[]): void {
  if (process.getuid?.() === 0) {
    const quoted = [bin, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', quoted], { stdio: 'pipe', timeout: 60_000 });
  } else {
    execFileSync(bin, args, { stdio: 'pipe', timeout: 60_000 });
  }
}

function server(adminUrl: string, onStop: () => void): TestPostgresServer {
  const made: string[] = [];
  const admin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  return {
    adminUrl,
    async freshDatabase() {
      const name = `daylight_test_${process.pid}_${randomBytes(4).toString('hex')}`;
      await admin((c) => c.query(`CREATE DATABASE ${name}`));
      made.push(name);
      return withDatabase(adminUrl, name);
    },
    async stop() {
      if (made.length > 0) {
        await admin(async (c) => {
          for (const name of made.splice(0)) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        }).catch(() => {});
      }
      onStop();
    },
  };
}

async function startCluster(bin: string): Promise<TestPostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'daylight-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  runPg(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8']);
  runPg(join(bin, 'pg_ctl'), ['-D', data, '-w', '-t', '60', '-l', join(dir, 'log'), '-o', `-k ${dir} -c listen_addresses=127.0.0.1 -p ${port} -c fsync=off -c max_connections=200`, 'start']);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', stop);
    try {
      runPg(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // Already stopped.
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // A test file that fails before its after() hook, or throws, still takes its cluster with it (pg_ctl is synchronous here).
  process.on('exit', stop);
  return server(`postgres://postgres@127.0.0.1:${port}/postgres`, stop);
}

let shared: Promise<TestPostgres> | undefined;

/** The test PostgreSQL of this process (started once), or why there is none. */
export function testPostgres(): Promise<TestPostgres> {
  shared ??= (async (): Promise<TestPostgres> => {
    const url = process.env.DAYLIGHT_TEST_DATABASE_URL?.trim();
    if (url) return { server: server(url, () => {}), skip: false };
    const bin = binDir();
    const missing = `PostgreSQL is not installed (no ${PG_ROOT}/*/bin/initdb) and DAYLIGHT_TEST_DATABASE_URL is unset`;
    if (!bin) {
      if (process.env.CI === '1') throw new Error(`${missing}; CI needs it (apt-get install postgresql).`);
      return { skip: missing };
    }
    try {
      return { server: await startCluster(bin), skip: false };
    } catch (error) {
      const reason = `a throwaway PostgreSQL cluster could not be started: ${(error as Error).message.split('\n')[0]}`;
      if (process.env.CI === '1') throw new Error(reason);
      return { skip: reason };
    }
  })();
  return shared;
}

/**
 * @module
 * Does the audit log serialise PostgreSQL writers? N connections each append
 * audit entries for their own document (one transaction per entry, as a state
 * move does) for a few seconds; commits per second with 1, 2, 4 and 8 writers.
 * Beside it, in the same run, the peer: the same number of transactions that
 * write one row each for their own document and no audit entry (what the
 * server does when nothing is shared). If the audit line stays flat while the
 * peer's rises, the audit append is the point every writer waits on. A third
 * column has every writer append to one document: those must take turns (one
 * chain, no fork), so it shows what a shared lock costs. Then one seal over
 * all the chains.
 *
 * The cluster is started here with durable commits (fsync and
 * synchronous_commit on, the server's defaults), since the time a commit takes
 * to reach the disk is what a lock held until commit multiplies.
 *
 *   npm run bench -- audit-heads
 *   node bench/audit-heads.ts --seconds 5 --writers 1,2,4,8
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { appendAudit, openWorkspace, sealAudit, transaction, verifyAuditChain } from '../pipeline/workspace/store/index.ts';
import type { Workspace } from '../pipeline/workspace/store/index.ts';
import { binDir, freePort, runPg } from '../test/support/postgres.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '4' }, writers: { type: 'string', default: '1,2,4,8' } } });
const seconds = Number(values.seconds);
const writerCounts = values.writers!.split(',').map(Number);

const documentId = (n: number) => `d_${n.toString(16).padStart(24, '0')}`;

/** Runs `writers` loops of `one(writer)` for `seconds`; commits per second. */
async function rate(writers: number, one: (writer: number) => Promise<void>): Promise<number> {
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  const counts = await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      let n = 0;
      while (performance.now() < end) {
        await one(w);
        n++;
      }
      return n;
    }),
  );
  return counts.reduce((a, b) => a + b, 0) / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const bin = binDir();
  if (!bin) throw new Error('PostgreSQL is not installed (Debian: apt-get install postgresql)');
  const dir = mkdtempSync(join(tmpdir(), 'daylight-bench-audit-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  runPg(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8']);
  runPg(join(bin, 'pg_ctl'), ['-D', data, '-w', '-t', '60', '-l', join(dir, 'log'), '-o', `-k ${dir} -c listen_addresses=127.0.0.1 -p ${port}`, 'start']);
  let ws: Workspace | undefined;
  try {
    const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
    await admin.connect();
    await admin.query('CREATE DATABASE bench');
    await admin.end();
    const opened = await openWorkspace(join(dir, 'ws'), { databaseUrl: `postgres://postgres@127.0.0.1:${port}/bench`, poolSize: Math.max(...writerCounts) + 2 });
    if (!opened.ok) throw new Error(opened.problem.message);
    ws = opened.value;
    await ws.sql('CREATE TABLE bench_peer (document_id text PRIMARY KEY, n integer NOT NULL)');
    let next = 0;
    const rows: string[] = [];
    for (const writers of writerCounts) {
      const load = loadavg()[0];
      const base = next;
      next += writers;
      const audit = await rate(writers, (w) => transaction(ws!, (tx) => appendAudit(tx, { actor: 'bench', action: 'bench.append', subject: documentId(base + w), details: { w } })).then(() => {}));
      const shared = await rate(writers, (w) => transaction(ws!, (tx) => appendAudit(tx, { actor: 'bench', action: 'bench.shared', subject: documentId(1_000_000), details: { w } })).then(() => {}));
      const peer = await rate(writers, (w) =>
        transaction(ws!, async (tx) => {
          await tx.sql('INSERT INTO bench_peer (document_id, n) VALUES ($1, 1) ON CONFLICT (document_id) DO UPDATE SET n = bench_peer.n + 1', [documentId(base + w)]);
        }),
      );
      rows.push(`| ${writers} | ${audit.toFixed(0)} | ${shared.toFixed(0)} | ${peer.toFixed(0)} | ${(audit / peer).toFixed(2)} | ${load.toFixed(2)} |`);
      process.stderr.write(`bench audit-heads: ${writers} writer(s): audit ${audit.toFixed(0)}/s, one document ${shared.toFixed(0)}/s, peer ${peer.toFixed(0)}/s\n`);
    }
    const sealStart = performance.now();
    const sealed = await sealAudit(ws, 'bench');
    const sealMs = performance.now() - sealStart;
    const verifyStart = performance.now();
    const verified = await verifyAuditChain(ws);
    const verifyMs = performance.now() - verifyStart;
    process.stdout.write(
      [
        '| Writers | Audit appends committed / s (own document each) | All writers on one document / s | Peer: one row per document, no audit / s | Audit ÷ peer | Load avg (1 min) |',
        '| --- | --- | --- | --- | --- | --- |',
        ...rows,
        '',
        `Each writer its own document, one transaction per entry, ${seconds} s each, PostgreSQL with fsync on, on loopback. seal: ${sealed.ok ? `${sealed.value.chains} chains in ${sealMs.toFixed(0)} ms` : sealed.problem.message}; audit verify after it: ${verified.ok ? `ok (${verified.value.entries} entries, ${verified.value.chains} chains) in ${verifyMs.toFixed(0)} ms` : verified.problem.message}.`,
        `Machine: ${loadavg().map((l) => l.toFixed(2)).join(' / ')} load (1/5/15 min) at the end; the machine is shared, so compare the columns of one row, not runs.`,
        '',
      ].join('\n'),
    );
  } finally {
    await ws?.close();
    try {
      runPg(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // Already stopped.
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

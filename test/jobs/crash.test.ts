/**
 * Crash tests of the scaled mode, with real worker processes
 * (`worker-process.ts`) on PostgreSQL:
 * - kill -9 a worker mid-job: another worker takes the job within the
 *   heartbeat plus 30 s, and every stage moves the document exactly once;
 * - kill -9 a worker inside the state-move transaction: nothing of it
 *   survives (rolled back), the job is done again, once;
 * - stop PostgreSQL immediately and start it again: the workers reconnect
 *   and every document still reaches review, each stage once;
 * - a document that kills every worker reading it: after two deaths it fails
 *   with input.crashed and no third worker dies.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { getDocument, listDocuments, listFindings, listPages } from '../../pipeline/workspace/store/index.ts';
import { testPostgres } from '../support/postgres.ts';
import { ownCluster, postgresBin } from './cluster.ts';
import { jobStages } from './fake-stages.ts';
import { FAST_QUEUE, auditCounts, queueTextBatch, scaledFixture } from './support.ts';
import type { ScaledFixture } from './support.ts';

const pg = await testPostgres();
const temp = mkdtempSync(join(tmpdir(), 'daylight-crash-'));
const children = new Set<ChildProcess>();
after(async () => {
  for (const c of children) c.kill('SIGKILL');
  await pg.server?.stop();
  rmSync(temp, { recursive: true, force: true });
});

const stages = jobStages();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function startWorker(fx: ScaledFixture, events: string, knobs: Record<string, string> = {}): { child: ChildProcess; log: () => string } {
  let log = '';
  const child = spawn(process.execPath, [join(import.meta.dirname, 'worker-process.ts')], {
    env: { ...process.env, JOBS_TEST_URL: fx.url, JOBS_TEST_WS: fx.dir, JOBS_TEST_EVENTS: events, ...knobs },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  children.add(child);
  child.on('exit', () => children.delete(child));
  return { child, log: () => log };
}

function eventLines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : [];
}

/**
 * How much longer than on a quiet machine `until` waits for an event: these are bounds against a hang,
 * not figures, and a worker's start (modules, warm-up) stretches several times over on a loaded one.
 */
const WAIT = 3;

async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs: number, context = () => ''): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${context()}`);
    await sleep(200);
  }
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

async function stopped(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('crash tests on PostgreSQL', { skip: pg.skip, concurrency: false }, () => {
  test('kill -9 mid-job: another worker takes the job on the lapsed heartbeat, long before its expiry, and each stage moves once', async () => {
    const fx = await scaledFixture(await pg.server!.freshDatabase());
    try {
      const batch = await queueTextBatch(fx.ws, fx.queue, stages, { 'slow.txt': 'A long report' }, 'kill');
      const events = join(temp, 'kill.events');
      const a = startWorker(fx, events, { JOBS_TEST_EXTRACT_MS: '120000' });
      await until('worker A to take the job', () => eventLines(events).some((l) => l.startsWith('took extract')), 60_000 * WAIT, a.log);
      await killed(a.child);
      const killedAt = Date.now();
      const b = startWorker(fx, events);
      // Without the heartbeat the job would wait out its expiry (600 s here); with it, the heartbeat
      // (10 s) plus worker B's start. B's start is what a loaded machine stretches, so the bound is
      // half the expiry, not the heartbeat plus a guess; the figure is printed for the record.
      const bound = FAST_QUEUE.expireInSeconds / 2;
      await until('worker B to take the job again', () => eventLines(events).filter((l) => l.startsWith('took extract')).length === 2, bound * 1000, b.log);
      const recoverySeconds = (Date.now() - killedAt) / 1000;
      process.stderr.write(`kill -9 mid-job: job taken again after ${recoverySeconds.toFixed(1)} s (heartbeat ${FAST_QUEUE.heartbeatSeconds} s, expiry ${FAST_QUEUE.expireInSeconds} s)\n`);
      assert.ok(recoverySeconds < bound, `recovered after ${recoverySeconds} s`);
      const doc = (await listDocuments(fx.ws, { batchId: batch.id }))[0];
      await until('the document to reach review', async () => (await getDocument(fx.ws, doc.id))?.state === 'in_review', 60_000 * WAIT, b.log);
      assert.equal(await stopped(b.child), 0);
      const counts = await auditCounts(fx.ws, batch.id);
      for (const action of ['queued', 'extracted', 'detected', 'redacted', 'verified', 'in_review']) assert.equal(counts.get(`${doc.id} document.${action}`), 1, action);
      assert.equal([...counts.values()].reduce((a, b) => a + b, 0), 6);
    } finally {
      await fx.close();
    }
  });

  test('kill -9 inside the state-move transaction: rolled back, done again once', async () => {
    const fx = await scaledFixture(await pg.server!.freshDatabase());
    try {
      const batch = await queueTextBatch(fx.ws, fx.queue, stages, { 'two-pages.txt': 'page one\fpage two' }, 'tx');
      const doc = (await listDocuments(fx.ws, { batchId: batch.id }))[0];
      const events = join(temp, 'tx.events');
      const a = startWorker(fx, events, { JOBS_TEST_HANG_IN_APPLY: 'extract' });
      await until('worker A inside the transaction', () => eventLines(events).some((l) => l.startsWith('in-transaction extract')), 60_000 * WAIT, a.log);
      // Its page rows are written but not committed: nobody else sees them.
      assert.equal((await listPages(fx.ws, doc.id)).length, 0);
      assert.equal((await getDocument(fx.ws, doc.id))?.state, 'queued');
      await killed(a.child);
      const b = startWorker(fx, events);
      await until('the document to reach review', async () => (await getDocument(fx.ws, doc.id))?.state === 'in_review', 120_000 * WAIT, b.log);
      assert.equal(await stopped(b.child), 0);
      assert.equal((await listPages(fx.ws, doc.id)).length, 2);
      const counts = await auditCounts(fx.ws, batch.id);
      for (const [key, n] of counts) assert.equal(n, 1, key);
      assert.equal(counts.get(`${doc.id} document.extracted`), 1);
    } finally {
      await fx.close();
    }
  });

  test('kill -9 inside the group stage, after some documents moved: the rest move on the next delivery, each once', async () => {
    const fx = await scaledFixture(await pg.server!.freshDatabase());
    try {
      const files = Object.fromEntries(['a', 'b', 'c'].map((n) => [`${n}.txt`, `Report ${n} about SECRET-shared`]));
      const batch = await queueTextBatch(fx.ws, fx.queue, stages, files, 'group-tx');
      const events = join(temp, 'group.events');
      // Detection commits document by document: the worker hangs inside the second one's transaction.
      const a = startWorker(fx, events, { JOBS_TEST_HANG_IN_APPLY: 'detect', JOBS_TEST_HANG_AFTER: '1' });
      await until('worker A inside the second commit of detection', () => eventLines(events).some((l) => l.startsWith('in-transaction detect')), 90_000 * WAIT, a.log);
      const states = async () => (await listDocuments(fx.ws, { batchId: batch.id })).map((d) => d.state).sort();
      // The first document may already be further on (its redact job ran meanwhile); two wait.
      assert.equal((await states()).filter((st) => st === 'extracted').length, 2, 'one document moved on, two wait');
      await killed(a.child);
      const b = startWorker(fx, events);
      await until('every document to reach review', async () => (await states()).every((s) => s === 'in_review') || undefined, 120_000 * WAIT, b.log);
      assert.equal(await stopped(b.child), 0);
      const counts = await auditCounts(fx.ws, batch.id);
      for (const [key, n] of counts) assert.equal(n, 1, key);
      assert.equal(counts.size, 3 * 6);
      // Every document's findings came from detection over all three (the shared value in each).
      for (const d of await listDocuments(fx.ws, { batchId: batch.id })) assert.deepEqual((await listFindings(fx.ws, d.id)).map((f) => f.text), ['SECRET-shared'], d.path);
    } finally {
      await fx.close();
    }
  });

  test('a document that kills its worker twice fails with input.crashed; the third worker lives, the rest reach review', async () => {
    // Three deliveries allowed (as by default): the crash count, not the queue's retry limit, stops the third.
    const fx = await scaledFixture(await pg.server!.freshDatabase(), { ...FAST_QUEUE, retryLimit: 2 });
    try {
      const batch = await queueTextBatch(fx.ws, fx.queue, stages, { 'poison.txt': 'kills whoever reads it', 'fine.txt': 'harmless' }, 'poison');
      const docs = new Map((await listDocuments(fx.ws, { batchId: batch.id })).map((d) => [d.path, d]));
      const events = join(temp, 'poison.events');
      const knobs = { JOBS_TEST_DIE_ON: 'poison.txt', JOBS_TEST_RETRY_LIMIT: '2' };
      for (const n of [1, 2]) {
        const w = startWorker(fx, events, knobs);
        await new Promise<void>((resolve) => w.child.once('exit', () => resolve()));
        assert.equal(w.child.signalCode, 'SIGKILL', `worker ${n} died on the poison document`);
      }
      const third = startWorker(fx, events, knobs);
      await until('both documents to settle', async () => {
        const states = await Promise.all([...docs.values()].map(async (d) => (await getDocument(fx.ws, d.id))?.state));
        return states.every((s) => s === 'failed' || s === 'in_review') || undefined;
      }, 120_000 * WAIT, third.log);
      assert.equal(third.child.exitCode, null, 'the third worker did not run the poison document');
      assert.equal(await stopped(third.child), 0);
      const poison = await getDocument(fx.ws, docs.get('poison.txt')!.id);
      assert.equal(poison?.state, 'failed');
      assert.equal(poison?.failure?.code, 'input.crashed');
      assert.match(poison?.failure?.message ?? '', /stopped 2 times/);
      assert.equal((await getDocument(fx.ws, docs.get('fine.txt')!.id))?.state, 'in_review');
      assert.equal(eventLines(events).filter((l) => l === `took extract ${poison!.id}`).length, 2, 'extracted twice, never a third time');
    } finally {
      await fx.close();
    }
  });

  const bin = postgresBin();
  test('PostgreSQL stopped immediately and started again: workers reconnect, nothing is lost', { skip: bin ? false : 'no PostgreSQL binaries to stop and start' }, async () => {
    const cluster = await ownCluster(bin!);
    let fx: ScaledFixture | undefined;
    try {
      fx = await scaledFixture(cluster.url);
      const files = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`doc-${i}.txt`, `Document ${i} SECRET-x${i}`]));
      const batch = await queueTextBatch(fx.ws, fx.queue, stages, files, 'restart');
      const events = join(temp, 'restart.events');
      const workers = [startWorker(fx, events, { JOBS_TEST_EXTRACT_MS: '2000' }), startWorker(fx, events, { JOBS_TEST_EXTRACT_MS: '2000' })];
      const logs = () => workers.map((w) => w.log()).join('\n');
      await until('the workers to start extracting', () => eventLines(events).filter((l) => l.startsWith('took extract')).length >= 2, 60_000 * WAIT, logs);
      cluster.stopImmediately();
      await sleep(3000);
      cluster.start();
      const ids = (await until('the workspace to answer again', async () => listDocuments(fx!.ws, { batchId: batch.id }).catch(() => undefined), 60_000 * WAIT)).map((d) => d.id);
      await until('every document to reach review', async () => {
        const states = await Promise.all(ids.map(async (id) => (await getDocument(fx!.ws, id).catch(() => undefined))?.state));
        return states.every((s) => s === 'in_review') || undefined;
      }, 180_000, logs);
      for (const w of workers) assert.equal(w.child.exitCode, null, 'the worker survived the outage');
      for (const w of workers) assert.equal(await stopped(w.child), 0);
      const counts = await auditCounts(fx.ws, batch.id);
      for (const [key, n] of counts) assert.equal(n, 1, key);
      assert.equal(counts.size, ids.length * 6);
    } finally {
      await fx?.close().catch(() => {});
      cluster.remove();
    }
  });
});

/**
 * The worker on PostgreSQL, in-process: documents flow through every stage
 * with one state move (one audit entry) per stage, the group stage waits for
 * the whole batch, a document's own problem fails it at once, a thrown error
 * is retried then fails the document with its code, a repeat delivery changes
 * nothing, and a dead-lettered job fails its document with input.crashed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { countPages, getDocument, listDocuments, listFindings, transaction } from '../../pipeline/workspace/store/index.ts';
import { executor } from '../../pipeline/jobs/batches.ts';
import { DEAD_QUEUE, STAGE_QUEUE, jobId } from '../../pipeline/jobs/queue.ts';
import { enqueueBatch, scaledProgress } from '../../pipeline/jobs/scaled-batch.ts';
import { runWorker } from '../../pipeline/jobs/worker.ts';
import type { WorkerOptions } from '../../pipeline/jobs/worker.ts';
import type { Stage, StageContext } from '../../pipeline/batch/stage.ts';
import type { DocumentRecord } from '../../pipeline/workspace/store/index.ts';
import { testPostgres } from '../support/postgres.ts';
import { startS3Server } from '../support/s3-server.ts';
import { jobStages } from './fake-stages.ts';
import { takeStrayRejections } from '../../pipeline/threads/stray-errors.ts';
import { auditCounts, queueTextBatch, scaledFixture, testWorkerOptions } from './support.ts';
import type { ScaledFixture } from './support.ts';

const pg = await testPostgres();
after(() => pg.server?.stop());

describe('daylight worker on PostgreSQL', { skip: pg.skip }, () => {
  let fx: ScaledFixture;
  before(async () => {
    fx = await scaledFixture(await pg.server!.freshDatabase());
  });
  after(() => fx?.close());

  const stages = jobStages();
  const workerOptions = (extra: Partial<WorkerOptions> = {}): WorkerOptions => testWorkerOptions(fx, stages, extra);

  test('two workers take a batch to review: one move per stage, detection over the whole batch', async () => {
    const batch = await queueTextBatch(fx.ws, fx.queue, stages, {
      'a.txt': 'Memo about SECRET-alpha\fpage two',
      'b.txt': 'No names here, but SECRET-alpha is mentioned in a.txt only... and here',
      'c.txt': 'A plain page',
      'd.txt': 'CORRUPT bytes',
      'e.txt': 'Another plain page',
    }, 'happy');
    const [one, two] = await Promise.all([runWorker(workerOptions()), runWorker(workerOptions())]);
    const docs = await listDocuments(fx.ws, { batchId: batch.id });
    const byPath = new Map(docs.map((d) => [d.path, d]));
    for (const p of ['a.txt', 'b.txt', 'c.txt', 'e.txt']) assert.equal(byPath.get(p)?.state, 'in_review', p);
    assert.equal(byPath.get('d.txt')?.state, 'failed');
    assert.equal(byPath.get('d.txt')?.failure?.code, 'input.corrupt');
    // Detection saw every document at once: b.txt's mention is found too.
    assert.deepEqual((await listFindings(fx.ws, byPath.get('b.txt')!.id)).map((f) => f.text), ['SECRET-alpha']);
    assert.equal(one.moved + two.moved, 4 * 5, 'every stage of every good document moved once');
    assert.ok(one.jobs > 0 && two.jobs > 0, `both workers took jobs (${one.jobs}, ${two.jobs})`);
    const counts = await auditCounts(fx.ws, batch.id);
    for (const [key, n] of counts) assert.equal(n, 1, key);
    assert.equal(counts.get(`${byPath.get('a.txt')!.id} document.in_review`), 1);
    assert.equal(counts.get(`${byPath.get('d.txt')!.id} document.failed`), 1);
    // What `daylight batch` reports, in one query: every document settled, and the pages stored (a.txt has two).
    const progress = await scaledProgress(fx.ws, batch, 'in_review');
    assert.deepEqual({ total: progress.total, done: progress.done, failed: progress.failed }, { total: 5, done: 5, failed: 1 });
    assert.equal(progress.pages, await countPages(fx.ws, batch.id));
    assert.equal(progress.pages, 5);
  });

  test('a job sent inside a transaction exists only if the transaction commits', async () => {
    const job = { batchId: 'tx', stage: 'extract', documentId: 'd-tx' };
    await assert.rejects(transaction(fx.ws, async (tx) => {
      assert.ok(await fx.queue.send(job, 'rolled-back', executor(tx)));
      throw new Error('the state move lost');
    }));
    assert.equal(await fx.queue.boss.findJobs(STAGE_QUEUE, { id: jobId('rolled-back') }).then((j) => j.length), 0);
    await transaction(fx.ws, async (tx) => {
      await fx.queue.send(job, 'committed', executor(tx));
    });
    const found = await fx.queue.boss.findJobs<typeof job>(STAGE_QUEUE, { id: jobId('committed') });
    assert.equal(found.length, 1);
    await fx.queue.boss.deleteJob(STAGE_QUEUE, found[0].id);
  });

  test('enqueueing again sends nothing new; a job delivered again moves nothing', async () => {
    const batch = await queueTextBatch(fx.ws, fx.queue, stages, { 'x.txt': 'just text' }, 'again');
    await runWorker(workerOptions());
    assert.equal(await enqueueBatch(fx.ws, fx.queue, batch, stages), 0);
    const doc = (await listDocuments(fx.ws, { batchId: batch.id }))[0];
    // A stale delivery of its first stage, as after a lost acknowledgement.
    await fx.queue.send({ batchId: batch.id, stage: 'extract', documentId: doc.id }, `stale/${doc.id}`);
    const summary = await runWorker(workerOptions());
    assert.equal(summary.duplicates, 1);
    assert.equal(summary.moved, 0);
    for (const [key, n] of await auditCounts(fx.ws, batch.id)) assert.equal(n, 1, key);
  });

  test('a thrown error is retried with backoff, then fails the document with its code', async () => {
    const batch = await queueTextBatch(fx.ws, fx.queue, stages, { 'crash.txt': 'CRASH now', 'fine.txt': 'fine' }, 'crash');
    const lines: string[] = [];
    const summary = await runWorker(workerOptions({ log: (l) => lines.push(l), exitWhenIdleMs: 5000 }));
    const docs = new Map((await listDocuments(fx.ws, { batchId: batch.id })).map((d) => [d.path, d]));
    assert.equal(docs.get('crash.txt')?.state, 'failed');
    assert.equal(docs.get('crash.txt')?.failure?.code, 'batch.stage-failed');
    assert.match(docs.get('crash.txt')?.failure?.message ?? '', /fell over/);
    assert.equal(docs.get('fine.txt')?.state, 'in_review');
    assert.equal(summary.retried, 1, lines.join('\n'));
  });

  test('a job whose attempts ran out by dying is dead-lettered and fails its document with input.crashed', async () => {
    const batch = await queueTextBatch(fx.ws, fx.queue, stages, { 'dies.txt': 'text' }, 'dead');
    const doc = (await listDocuments(fx.ws, { batchId: batch.id }))[0];
    // Play two workers dying on it: take the job and let the queue fail it as the heartbeat monitor does.
    for (let attempt = 0; attempt < 2; attempt++) {
      let jobs = await fx.queue.fetch(STAGE_QUEUE, 1);
      for (let i = 0; jobs.length === 0 && i < 300; i++) {
        await new Promise((r) => setTimeout(r, 200));
        jobs = await fx.queue.fetch(STAGE_QUEUE, 1);
      }
      assert.equal(jobs.length, 1, `attempt ${attempt}`);
      await fx.queue.boss.fail(STAGE_QUEUE, jobs[0].id, { value: { message: 'job heartbeat timeout' } });
    }
    const summary = await runWorker(workerOptions());
    const after = await getDocument(fx.ws, doc.id);
    assert.equal(after?.state, 'failed');
    assert.equal(after?.failure?.code, 'input.crashed');
    assert.match(after?.failure?.message ?? '', /stopped 2 times/);
    assert.ok(summary.failedDocuments >= 1);
    assert.equal((await fx.queue.fetch(DEAD_QUEUE, 5)).length, 0, 'the dead letter was settled');
  });

  test('a stray error with two jobs in flight fails neither: each runs again alone and reaches review', async () => {
    const strayStages = jobStages({ strayOn: 'stray-' });
    const batch = await queueTextBatch(fx.ws, fx.queue, strayStages, { 'stray-a.txt': 'first', 'stray-b.txt': 'second' }, 'stray');
    const lines: string[] = [];
    const give = takeStrayRejections();
    try {
      await runWorker(workerOptions({ stages: strayStages, concurrency: 2, log: (l) => lines.push(l) }));
    } finally {
      give();
    }
    const docs = await listDocuments(fx.ws, { batchId: batch.id });
    assert.deepEqual(docs.map((d) => [d.path, d.state]).sort(), [['stray-a.txt', 'in_review'], ['stray-b.txt', 'in_review']], lines.join('\n'));
    for (const [key, n] of await auditCounts(fx.ws, batch.id)) assert.equal(n, 1, key);
  });

  test('the detect job commits each document as soon as its findings are made, the longest redaction first', async () => {
    // Path order a, b, c, d; pages 1, 3, 2, 1 (d's bytes are more than a's): the longest first is b, c, d, a.
    // Another word per batch: the same bytes would find the first batch's checkpoints and compute nothing.
    const files = (w: string) => ({ 'a.txt': `${w} page`, 'b.txt': `SECRET-order ${w}\ftwo\fthree`, 'c.txt': `${w}\ftwo, SECRET-order`, 'd.txt': `${w} page, longer than the first` });
    // The fake detect stage computes the whole group at once (`run` only): the commits follow the order all the same.
    const batch = await queueTextBatch(fx.ws, fx.queue, stages, files('one'), 'order-run');
    await runWorker(workerOptions());
    const detected = async (batchId: string) => {
      const { rows } = await fx.ws.sql("SELECT d.path FROM audit_log a JOIN documents d ON d.id = a.subject WHERE d.batch_id = $1 AND a.action = 'document.detected' ORDER BY a.seq", [batchId]);
      return rows.map((r) => String(r.path));
    };
    assert.deepEqual(await detected(batch.id), ['b.txt', 'c.txt', 'd.txt', 'a.txt']);
    // A stage that gives its results out one at a time (`each`, as the real detect stage does): when it is
    // asked for a document's findings, every document it gave out before has been committed.
    const asked: { path: string; committedBefore: string[] }[] = [];
    const streaming = stages.map((stage): Stage => {
      if (stage.scope !== 'group') return stage;
      return {
        ...stage,
        async *each(documents, ctx, order) {
          const all = await stage.run(documents, ctx);
          for (const index of order) {
            const states = await Promise.all(documents.map((d) => getDocument(fx.ws, d.id)));
            asked.push({ path: documents[index].path, committedBefore: states.filter((d) => d && d.state !== 'extracted').map((d) => d!.path).sort() });
            yield { index, result: all[index] };
          }
        },
      };
    });
    const streamed = await queueTextBatch(fx.ws, fx.queue, streaming, files('uno'), 'order-each');
    await runWorker(testWorkerOptions(fx, streaming));
    assert.deepEqual(asked, [
      { path: 'b.txt', committedBefore: [] },
      { path: 'c.txt', committedBefore: ['b.txt'] },
      { path: 'd.txt', committedBefore: ['b.txt', 'c.txt'] },
      { path: 'a.txt', committedBefore: ['b.txt', 'c.txt', 'd.txt'] },
    ]);
    assert.deepEqual(await detected(streamed.id), ['b.txt', 'c.txt', 'd.txt', 'a.txt']);
    for (const d of await listDocuments(fx.ws, { batchId: streamed.id })) assert.equal(d.state, 'in_review', d.path);
    assert.deepEqual((await listFindings(fx.ws, (await listDocuments(fx.ws, { batchId: streamed.id })).find((d) => d.path === 'c.txt')!.id)).map((f) => f.text), ['SECRET-order']);
  });

  test('a worker of one job at a time takes its next job once the last one says its thread work is done', async () => {
    // Extraction says its thread work is done, then stands in its main-thread tail (blob writes, the
    // detection scan) until another extraction starts, or 3 s. The next job is fetched from that word on,
    // not at the commit: on a worker that waits for the commit, no extraction ever starts meanwhile.
    const started: string[] = [];
    const overlapped: string[] = [];
    const tail = stages.map((stage): Stage => {
      if (stage.scope !== 'document' || stage.id !== 'extract') return stage;
      return {
        ...stage,
        async run(document: DocumentRecord, ctx: StageContext) {
          started.push(document.path);
          const result = await stage.run(document, ctx);
          ctx.threadsDone?.();
          const before = started.length;
          for (let i = 0; i < 60 && started.length === before && started.length < 3; i++) await new Promise((resolve) => setTimeout(resolve, 50));
          if (started.length > before) overlapped.push(document.path);
          return result;
        },
      };
    });
    const batch = await queueTextBatch(fx.ws, fx.queue, tail, { 'tail-a.txt': 'one', 'tail-b.txt': 'two, longer', 'tail-c.txt': 'three, the longest of all' }, 'tail');
    await runWorker(testWorkerOptions(fx, tail, { concurrency: 1 }));
    // The first two extractions' tails each saw the next extraction start (the last has none to see).
    assert.deepEqual([...started].sort(), ['tail-a.txt', 'tail-b.txt', 'tail-c.txt']);
    assert.deepEqual(overlapped, started.slice(0, 2));
    const docs = await listDocuments(fx.ws, { batchId: batch.id });
    for (const d of docs) assert.equal(d.state, 'in_review', d.path);
    for (const [key, n] of await auditCounts(fx.ws, batch.id)) assert.equal(n, 1, key);
  });

  test("a later stage's job goes first: a redacted document is queued for review beside the next redactions, not after the batch's last", async () => {
    // Six documents of one page each (equal sizes). Each redaction takes 150 ms, so every redact job is on
    // the queue (sent by detection's commits) long before the first verify job is sent. Ordered by size
    // alone, the oldest of equals went first: every redaction of the batch, then every verification.
    const slow = stages.map((stage): Stage => {
      if (stage.scope !== 'document' || stage.id !== 'redact') return stage;
      return { ...stage, run: async (document: DocumentRecord, ctx: StageContext) => (await new Promise((resolve) => setTimeout(resolve, 150)), stage.run(document, ctx)) };
    });
    const files = Object.fromEntries(['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].map((name) => [`${name}.txt`, `page of ${name}`]));
    const batch = await queueTextBatch(fx.ws, fx.queue, slow, files, 'stage-first');
    await runWorker(testWorkerOptions(fx, slow, { concurrency: 1 }));
    const { rows } = await fx.ws.sql("SELECT a.action FROM audit_log a JOIN documents d ON d.id = a.subject WHERE d.batch_id = $1 AND a.action IN ('document.redacted', 'document.in_review') ORDER BY a.seq", [batch.id]);
    const actions = rows.map((r) => String(r.action));
    assert.equal(actions.filter((a) => a === 'document.in_review').length, 6);
    assert.ok(actions.indexOf('document.in_review') < actions.lastIndexOf('document.redacted'), `the first document reached review before the last redaction: ${actions.join(', ')}`);
    for (const [key, n] of await auditCounts(fx.ws, batch.id)) assert.equal(n, 1, key);
  });

  test("a light stage's job runs beside the job a worker of one job at a time holds for its threads", async () => {
    // Verification is light (no thread work): while redactions remain to start, its run waits (up to 2 s)
    // for one to be in progress beside it. A worker that holds its one slot for the verification never
    // runs a redaction meanwhile (and fetched oldest first, it verified only after the last redaction).
    // Each redaction takes 400 ms, so the first one's commit (which sends its verify job) lands while
    // the second runs.
    let started = 0;
    let inProgress = 0;
    const overlapped: string[] = [];
    const beside = stages.map((stage): Stage => {
      if (stage.scope !== 'document') return stage;
      if (stage.id === 'redact') {
        return {
          ...stage,
          async run(document: DocumentRecord, ctx: StageContext) {
            started++;
            inProgress++;
            try {
              await new Promise((resolve) => setTimeout(resolve, 400));
              return await stage.run(document, ctx);
            } finally {
              inProgress--;
            }
          },
        };
      }
      if (stage.id !== 'verify') return stage;
      return {
        ...stage,
        light: true,
        async run(document: DocumentRecord, ctx: StageContext) {
          for (let i = 0; i < 40 && inProgress === 0 && started < 4; i++) await new Promise((resolve) => setTimeout(resolve, 50));
          if (inProgress > 0) overlapped.push(document.path);
          return stage.run(document, ctx);
        },
      };
    });
    const batch = await queueTextBatch(fx.ws, fx.queue, beside, { 'l1.txt': 'one', 'l2.txt': 'two', 'l3.txt': 'three', 'l4.txt': 'four' }, 'light');
    await runWorker(testWorkerOptions(fx, beside, { concurrency: 1 }));
    assert.ok(overlapped.length > 0, 'a verification ran while a redaction was in progress');
    const docs = await listDocuments(fx.ws, { batchId: batch.id });
    for (const d of docs) assert.equal(d.state, 'in_review', d.path);
    for (const [key, n] of await auditCounts(fx.ws, batch.id)) assert.equal(n, 1, key);
  });

  test("a light stage's job sent while every thread slot works starts at once, not when a slot frees", async () => {
    // One job at a time, and no redaction says its thread work is done early: a worker that fetches only
    // when a slot frees starts the verification sent by one redaction's commit after the next redaction
    // has ended. Each redaction after the first waits (up to 5 s) until every earlier document's
    // verification has started; one that waits it out never saw its predecessor's verification beside it.
    const ended: string[] = [];
    const verifying: string[] = [];
    const waitedOut: string[] = [];
    const prefetch = stages.map((stage): Stage => {
      if (stage.scope !== 'document') return stage;
      if (stage.id === 'redact') {
        return {
          ...stage,
          async run(document: DocumentRecord, ctx: StageContext) {
            const before = ended.length;
            for (let i = 0; i < 100 && verifying.length < before; i++) await new Promise((resolve) => setTimeout(resolve, 50));
            if (verifying.length < before) waitedOut.push(document.path);
            const result = await stage.run(document, ctx);
            ended.push(document.path);
            return result;
          },
        };
      }
      if (stage.id !== 'verify') return stage;
      return {
        ...stage,
        light: true,
        async run(document: DocumentRecord, ctx: StageContext) {
          verifying.push(document.path);
          return stage.run(document, ctx);
        },
      };
    });
    const batch = await queueTextBatch(fx.ws, fx.queue, prefetch, { 'f1.txt': 'one', 'f2.txt': 'two', 'f3.txt': 'three', 'f4.txt': 'four' }, 'prefetch');
    await runWorker(testWorkerOptions(fx, prefetch, { concurrency: 1 }));
    assert.deepEqual(waitedOut, [], `redactions that ran out their wait for the verification before theirs (order: ${ended.join(', ')})`);
    const docs = await listDocuments(fx.ws, { batchId: batch.id });
    for (const d of docs) assert.equal(d.state, 'in_review', d.path);
    for (const [key, n] of await auditCounts(fx.ws, batch.id)) assert.equal(n, 1, key);
  });

  test("a job's commit wakes idle workers through the queue's notices, not their next poll", async () => {
    const woken: string[] = [];
    const watched = await fx.queue.watch(() => woken.push('notice'));
    try {
      assert.equal(watched.listening, true, 'PostgreSQL delivers notices');
      // The first LISTEN wakes its watchers once (as after a reconnect: notices may have been missed).
      woken.length = 0;
      await transaction(fx.ws, async (tx) => {
        await fx.queue.send({ batchId: 'n', stage: 'extract', documentId: 'd-notice' }, 'notice', executor(tx));
        await new Promise((resolve) => setTimeout(resolve, 200));
        assert.deepEqual(woken, [], 'nothing before the commit');
      });
      for (let i = 0; i < 100 && woken.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.ok(woken.length > 0, 'the notice arrived once the send committed');
      await fx.queue.boss.deleteJob(STAGE_QUEUE, jobId('notice'));
    } finally {
      watched.unwatch();
    }
    // Two workers that poll every ten minutes, both idle when the batch is queued: only the notices
    // of each commit (the batch's jobs, the group job sent by the last extraction, each next stage)
    // can start the work before the test gives up.
    const stop = new AbortController();
    let ready = 0;
    const running = [0, 1].map(() => runWorker(workerOptions({ pollMs: 600_000, exitWhenIdleMs: undefined, signal: stop.signal, onReady: () => ready++ })));
    try {
      while (ready < 2) await new Promise((resolve) => setTimeout(resolve, 50));
      // Past each worker's first fetch, which found nothing: both are asleep now.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const batch = await queueTextBatch(fx.ws, fx.queue, stages, { 'n1.txt': 'SECRET-notice one', 'n2.txt': 'two, SECRET-notice', 'n3.txt': 'three' }, 'notices');
      let states: string[] = [];
      for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
        states = (await listDocuments(fx.ws, { batchId: batch.id })).map((d) => d.state);
        if (states.every((s) => s === 'in_review')) break;
      }
      assert.deepEqual(states, ['in_review', 'in_review', 'in_review']);
    } finally {
      stop.abort();
      await Promise.all(running);
    }
  });

  test('with the blobs in an S3 bucket: the same flow, nothing in the local folder', async () => {
    const s3 = await startS3Server();
    const saved = { ...process.env };
    Object.assign(process.env, s3.env);
    let s3fx: ScaledFixture | undefined;
    try {
      s3fx = await scaledFixture(await pg.server!.freshDatabase());
      assert.equal(s3fx.ws.blobs.kind, 's3');
      const batch = await queueTextBatch(s3fx.ws, s3fx.queue, stages, { 'p.txt': 'SECRET-bucket here', 'q.txt': 'and SECRET-bucket there' }, 's3');
      await runWorker(workerOptions({ ws: s3fx.ws, queue: s3fx.queue }));
      const docs = await listDocuments(s3fx.ws, { batchId: batch.id });
      assert.deepEqual(docs.map((d) => d.state), ['in_review', 'in_review']);
      for (const d of docs) assert.ok((await s3fx.ws.blobs.get(d.artifactBlob!)).ok, 'the artifact is in the bucket');
      const { existsSync } = await import('node:fs');
      assert.equal(existsSync(`${s3fx.dir}/blobs`), false, 'no file blobs beside the audit key');
    } finally {
      process.env = saved;
      await s3fx?.close();
      await s3.close();
    }
  });
});

/**
 * The scaled mode gives the embedded mode's result: the same sample folder
 * through `runBatch` on node:sqlite, and through `runBatch` on PostgreSQL with
 * two workers running the real stages, ends with the same states, pages,
 * findings and byte-identical proposed artifacts (their date is fixed).
 */
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runBatch } from '../../pipeline/batch/run-batch.ts';
import { stages } from '../../pipeline/batch/stages.ts';
import { createOcrEngine } from '../../pipeline/ocr/engine.ts';
import { listDocuments, listFindings, openWorkspace } from '../../pipeline/workspace/store/index.ts';
import type { Workspace } from '../../pipeline/workspace/store/index.ts';
import { runStagesOnWorkers } from '../../pipeline/jobs/scaled-batch.ts';
import { runWorker } from '../../pipeline/jobs/worker.ts';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';
import { testPostgres } from '../support/postgres.ts';
import { EQUIVALENCE_SAMPLES, sampleFolder, scaledFixture } from './support.ts';

const pg = await testPostgres();
const SAMPLES = EQUIVALENCE_SAMPLES;
after(() => pg.server?.stop());
const { temp, folder } = sampleFolder('daylight-equiv-', SAMPLES);
// The same bytes twice: a duplicate in both modes.
copyFileSync(join(folder, 'memo.pdf'), join(folder, 'memo-copy.pdf'));

async function outcome(ws: Workspace) {
  const docs = await listDocuments(ws);
  return Promise.all(
    docs
      .sort((a, b) => a.path.localeCompare(b.path))
      .map(async (d) => ({
        path: d.path,
        state: d.state,
        pageCount: d.pageCount,
        artifact: d.artifactBlob,
        verifyOk: d.verifyOk,
        findings: (await listFindings(ws, d.id)).map((f) => `${f.detector} ${f.start}-${f.end} ${f.text}`).sort(),
      })),
  );
}

describe('scaled and embedded modes agree', { skip: pg.skip }, () => {
  test('samples through two workers on PostgreSQL = the embedded batch', async () => {
    const policy = defaultPolicy();
    const embedded = await openWorkspace(join(temp, 'ws-embedded'), { databaseUrl: '' });
    assert.ok(embedded.ok);
    const alone = await runBatch({ folder, workspace: embedded.value, policy, stages, createOcr: (workers) => createOcrEngine({ workers }), actor: 'clerk', concurrency: 1 });
    assert.ok(alone.ok, !alone.ok ? alone.problem.message : '');
    const expected = await outcome(embedded.value);
    await embedded.value.close();

    const fx = await scaledFixture(await pg.server!.freshDatabase());
    try {
      const stop = new AbortController();
      const worker = () => runWorker({ ws: fx.ws, queue: fx.queue, stages, limits: { pageTimeoutMs: 120_000, maxPages: 1000 }, createOcr: (workers) => createOcrEngine({ workers }), actor: 'worker', signal: stop.signal, log: () => {}, pollMs: 200 });
      const workers = [worker(), worker()];
      const scaled = await runBatch({ folder, workspace: fx.ws, policy, stages, actor: 'clerk', runStages: runStagesOnWorkers(fx.queue, { pollMs: 200 }) });
      stop.abort();
      const summaries = await Promise.all(workers);
      assert.ok(scaled.ok, !scaled.ok ? scaled.problem.message : '');
      assert.deepEqual(await outcome(fx.ws), expected);
      assert.ok(expected.some((d) => d.state === 'in_review' && d.findings.length > 0), 'the samples have findings');
      assert.ok(expected.some((d) => d.state === 'duplicate'));
      assert.equal(summaries.reduce((n, s) => n + s.moved, 0), (SAMPLES.length) * stages.length);
    } finally {
      await fx.close();
    }
  });
});

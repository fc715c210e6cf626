/**
 * A database outage exactly when a worker clears its attempt's mark is not a
 * crash. The document has crashed a worker once before (one more crash would
 * fail it with input.crashed); its next extraction comes back just as
 * PostgreSQL is stopped immediately, and PostgreSQL starts again 3 s later.
 * The worker keeps trying to clear the mark until the database answers, so the
 * document reaches review, each stage once, with no crash counted.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getDocument, listDocuments } from '../../pipeline/workspace/store/index.ts';
import type { DocumentRecord } from '../../pipeline/workspace/store/index.ts';
import { countAbandonedAttempt, crashesSoFar, markAttemptStarted, recordCrash } from '../../pipeline/batch/attempts.ts';
import { checkpointKey } from '../../pipeline/batch/run-batch.ts';
import { policyHash } from '../../pipeline/batch/keys.ts';
import { runWorker } from '../../pipeline/jobs/worker.ts';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';
import { ownCluster, postgresBin } from './cluster.ts';
import { jobStages } from './fake-stages.ts';
import { auditCounts, queueTextBatch, scaledFixture, testWorkerOptions } from './support.ts';

const bin = postgresBin();

test('an outage exactly at the clear of an attempt mark counts no crash', { skip: bin ? false : 'no PostgreSQL binaries to stop and start' }, async () => {
  const cluster = await ownCluster(bin!);
  const fx = await scaledFixture(cluster.url);
  try {
    let cut = 0;
    let back: Promise<void> | undefined;
    const stages = jobStages({
      afterExtract: (d: DocumentRecord) => {
        if (d.path !== 'fragile.txt' || cut++ > 0) return;
        cluster.stopImmediately();
        back = new Promise((resolve) => setTimeout(() => resolve(cluster.start()), 3000));
      },
    });
    const batch = await queueTextBatch(fx.ws, fx.queue, stages, { 'fragile.txt': 'A memo about SECRET-x', 'plain.txt': 'Nothing here' }, 'outage');
    const fragile = (await listDocuments(fx.ws, { batchId: batch.id })).find((d) => d.path === 'fragile.txt')!;
    const key = checkpointKey(stages[0], fragile, policyHash(defaultPolicy()), undefined);
    // One earlier crash of this document, counted.
    await markAttemptStarted(fx.ws, key, 'an-earlier-job/0/0');
    await recordCrash(fx.ws, key, 'an-earlier-job/0/0');
    assert.equal(await crashesSoFar(fx.ws, key), 1, 'one crash so far');

    const lines: string[] = [];
    const summary = await runWorker(testWorkerOptions(fx, stages, { log: (line) => lines.push(line), exitWhenIdleMs: 3000 }));
    await back;
    assert.equal(cut, 1, 'the database was cut as the extraction came back');
    assert.ok(lines.some((l) => /clearing its mark failed/.test(l)), `the clear met the outage:\n${lines.join('\n')}`);
    const after = await getDocument(fx.ws, fragile.id);
    assert.equal(after?.state, 'in_review', `${after?.state} ${after?.failure?.code ?? ''}\n${lines.join('\n')}`);
    assert.equal(await countAbandonedAttempt(fx.ws, key), 0, 'no mark left open, none counted');
    const counts = await auditCounts(fx.ws, batch.id);
    for (const [k, n] of counts) assert.equal(n, 1, k);
    assert.equal(summary.failedDocuments, 0);
  } finally {
    await fx.close().catch(() => {});
    cluster.remove();
  }
});

/**
 * The batch runner on both workspace adapters: the same folder (good files, a
 * duplicate, a corrupt and a crashing one, through the fake stages) ends in the
 * same states, findings and audit actions on node:sqlite and on PostgreSQL, a
 * rerun resumes without running a stage, and the review-app reads, opRows and
 * the publish gate's reads agree.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runBatch } from '../../pipeline/batch/run-batch.ts';
import { countByState, listAudit, listDocuments, listFindings, openWorkspace, opRows, recordReviewDecision, verifyAuditChain } from '../../pipeline/workspace/store/index.ts';
import type { Workspace } from '../../pipeline/workspace/store/index.ts';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';
import { fakeStages } from '../batch/fake-stages.ts';
import { testPostgres } from '../support/postgres.ts';

const pg = await testPostgres();
const temp = mkdtempSync(join(tmpdir(), 'daylight-batch-both-'));
after(async () => {
  await pg.server?.stop();
  rmSync(temp, { recursive: true, force: true });
});

const folder = join(temp, 'in');
mkdirSync(join(folder, 'nested'), { recursive: true });
for (const [path, text] of Object.entries({
  'a.txt': 'Report A names SECRET-alpha.\fPage two.',
  'nested/b.txt': 'Report B mentions SECRET-alpha and SECRET-beta.',
  'c.txt': 'Report C is clean.',
  'copy-of-a.txt': 'Report A names SECRET-alpha.\fPage two.',
  'corrupt.txt': 'CORRUPT bytes',
  'crash.txt': 'CRASH now',
})) writeFileSync(join(folder, path), text);

interface Outcome {
  states: Record<string, string>;
  findings: Record<string, string[]>;
  actions: string[];
  counts: Record<string, number>;
}

async function runOn(url: string, name: string): Promise<Outcome> {
  const opened = await openWorkspace(join(temp, name), { databaseUrl: url });
  assert.ok(opened.ok, opened.ok ? '' : opened.problem.message);
  const ws: Workspace = opened.value;
  try {
    const first = fakeStages();
    const run = await runBatch({ folder, workspace: ws, policy: defaultPolicy(), concurrency: 2, stages: first.stages, actor: 'clerk' });
    assert.ok(run.ok, run.ok ? '' : run.problem.message);
    const again = fakeStages();
    const rerun = await runBatch({ folder, workspace: ws, policy: defaultPolicy(), concurrency: 2, stages: again.stages, actor: 'clerk' });
    assert.ok(rerun.ok && rerun.value.resumed);
    // Only the two failed documents go round again; what finished is not run again.
    assert.equal(again.calls.detect + again.calls.redact + again.calls.verify, 0);
    const verified = await verifyAuditChain(ws);
    assert.ok(verified.ok, verified.ok ? '' : verified.problem.message);
    const documents = await listDocuments(ws);
    const a = documents.find((d) => d.path === 'a.txt')!;
    await recordReviewDecision(ws, { documentId: a.id, actor: 'ana', action: 'redaction.accepted', comment: 'op:op_1 from:proposed' });
    assert.deepEqual((await opRows(ws, { batchId: a.batchId }, 'ana')).map((r) => r.comment), ['op:op_1 from:proposed']);
    const findings: Record<string, string[]> = {};
    for (const d of documents) findings[d.path] = (await listFindings(ws, d.id)).map((f) => f.text);
    return {
      states: Object.fromEntries(documents.map((d) => [d.path, d.state === 'failed' ? `failed:${d.failure?.code}` : d.state])),
      findings,
      actions: (await listAudit(ws, { limit: 10_000 })).map((e) => e.action).sort(),
      counts: await countByState(ws),
    };
  } finally {
    await ws.close();
  }
}

test('the same batch gives the same result on node:sqlite and on PostgreSQL', { skip: pg.skip }, async () => {
  const embedded = await runOn('', 'ws-sqlite');
  assert.deepEqual(embedded.states, {
    'a.txt': 'in_review',
    'c.txt': 'in_review',
    'copy-of-a.txt': 'duplicate',
    'corrupt.txt': 'failed:input.corrupt',
    'crash.txt': 'failed:batch.stage-failed',
    'nested/b.txt': 'in_review',
  });
  assert.deepEqual(embedded.findings['nested/b.txt'], ['SECRET-alpha', 'SECRET-beta']);
  const scaled = await runOn(await pg.server!.freshDatabase(), 'ws-postgres');
  assert.deepEqual(scaled, embedded);
});

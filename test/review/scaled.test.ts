/**
 * The whole way on PostgreSQL gives the embedded mode's result: the same
 * sample folder through the batch (embedded: one process on node:sqlite;
 * scaled: two workers taking jobs from PostgreSQL), then the review app over
 * HTTP (one approver accepts every value, a second signs with the real
 * rebuild-and-verify builder), then publish. Both end with the same documents
 * published, the same approved artifact bytes, and the same portal pages.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, describe, test } from 'node:test';
import { runBatch } from '../../pipeline/batch/run-batch.ts';
import { stages } from '../../pipeline/batch/stages.ts';
import { runStagesOnWorkers } from '../../pipeline/jobs/scaled-batch.ts';
import { runWorker } from '../../pipeline/jobs/worker.ts';
import { createOcrEngine } from '../../pipeline/ocr/engine.ts';
import { publish } from '../../pipeline/publish/publish.ts';
import { releaseVerifier } from '../../pipeline/publish/verifier.ts';
import { createReviewApp } from '../../pipeline/review/app.ts';
import { verifiedArtifact } from '../../pipeline/review/artifact.ts';
import { createUser, latestApproval, listDocuments, openWorkspace, verifyAuditChain } from '../../pipeline/workspace/store/index.ts';
import type { Workspace } from '../../pipeline/workspace/store/index.ts';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';
import { sampleFolder, scaledFixture } from '../jobs/support.ts';
import { testPostgres } from '../support/postgres.ts';
import { apiClient } from './client.ts';

const pg = await testPostgres();
after(() => pg.server?.stop());
const { temp, folder } = sampleFolder('daylight-scaled-review-');

const policy = defaultPolicy();
const PASSWORD = 'scaled-review-password-1';
const NOW = new Date('2026-06-01T12:00:00Z');

/** Review as two people would in the browser's API, then publish; what came out, keyed by path. */
async function reviewAndPublish(ws: Workspace, siteDir: string) {
  for (const name of ['ana', 'bo']) assert.ok((await createUser(ws, { name, role: 'approver', password: PASSWORD }, 'admin')).ok);
  const app = createReviewApp({ ws, policy, buildArtifact: verifiedArtifact });
  const request = (path: string, init?: RequestInit) => app.request(path, init);
  const ana = await apiClient(request, 'ana', PASSWORD);
  const bo = await apiClient(request, 'bo', PASSWORD);
  const approvals: Record<string, number> = {};
  for (const doc of await listDocuments(ws, { state: 'in_review' })) {
    const view = (await (await ana.api('GET', `/api/documents/${doc.id}`)).json()) as { groups: { key: string }[] };
    for (const g of view.groups) assert.equal((await ana.api('POST', `/api/documents/${doc.id}/values/${g.key}/decision`, { decision: 'accepted' })).status, 200);
    const own = await ana.api('POST', `/api/documents/${doc.id}/approve`);
    assert.equal(own.status, 409, 'the person who decided may not approve');
    const signed = await bo.api('POST', `/api/documents/${doc.id}/approve`);
    approvals[doc.path] = signed.status;
  }
  const published = await publish(ws, {
    outDir: siteDir,
    siteUrl: 'https://records.example.gov',
    title: 'Scaled review portal',
    config: { contact: { name: 'Records desk', email: 'records@example.gov' } },
    exemptions: policy.exemptions,
    verify: releaseVerifier(ws, policy.exemptions),
    actor: 'bo',
    log: () => {},
    now: NOW,
  });
  assert.ok(published.ok, published.ok ? '' : published.problem.message);
  const documents = await Promise.all(
    (await listDocuments(ws)).sort((a, b) => a.path.localeCompare(b.path)).map(async (d) => ({ path: d.path, state: d.state, approved: (await latestApproval(ws, d.id))?.artifactSha256 ?? null, approver: (await latestApproval(ws, d.id))?.approver ?? null })),
  );
  assert.ok((await verifyAuditChain(ws)).ok);
  const files = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => relative(siteDir, join(e.parentPath, e.name))).sort();
  return { approvals, documents, report: { releases: published.value.releases, documents: published.value.documents, refused: published.value.refused.map((p) => p.code).sort() }, files: files(siteDir) };
}

describe('review and publish on PostgreSQL after two workers = the embedded mode', { skip: pg.skip }, () => {
  test('samples: batch, two approvers in the review app, publish', { timeout: 1_200_000 }, async () => {
    const embedded = await openWorkspace(join(temp, 'ws-embedded'), { databaseUrl: '' });
    assert.ok(embedded.ok);
    const alone = await runBatch({ folder, workspace: embedded.value, policy, stages, createOcr: (workers) => createOcrEngine({ workers }), actor: 'clerk', concurrency: 1 });
    assert.ok(alone.ok, !alone.ok ? alone.problem.message : '');
    const expected = await reviewAndPublish(embedded.value, join(temp, 'site-embedded'));
    await embedded.value.close();
    assert.ok(Object.values(expected.approvals).some((s) => s === 200), `something was approved: ${JSON.stringify(expected.approvals)}`);
    assert.ok(expected.report.documents > 0);

    const fx = await scaledFixture(await pg.server!.freshDatabase());
    try {
      assert.equal(fx.ws.kind, 'postgres');
      const stop = new AbortController();
      const worker = () => runWorker({ ws: fx.ws, queue: fx.queue, stages, limits: { pageTimeoutMs: 120_000, maxPages: 1000 }, createOcr: (workers) => createOcrEngine({ workers }), actor: 'worker', signal: stop.signal, log: () => {}, pollMs: 200 });
      const workers = [worker(), worker()];
      const scaled = await runBatch({ folder, workspace: fx.ws, policy, stages, actor: 'clerk', runStages: runStagesOnWorkers(fx.queue, { pollMs: 200 }) });
      stop.abort();
      await Promise.all(workers);
      assert.ok(scaled.ok, !scaled.ok ? scaled.problem.message : '');
      const got = await reviewAndPublish(fx.ws, join(temp, 'site-scaled'));
      assert.deepEqual(got.approvals, expected.approvals);
      assert.deepEqual(got.documents, expected.documents, 'same states, approvers and approved artifact bytes');
      assert.deepEqual(got.report, expected.report);
      // The search index's shard names are Pagefind's own per build; every other file has the same name.
      const pages = (files: string[]) => files.filter((f) => !f.startsWith('pagefind/'));
      assert.deepEqual(pages(got.files), pages(expected.files), 'the same portal pages and downloads');
      assert.equal(got.files.length, expected.files.length);
    } finally {
      await fx.close();
    }
  });
});

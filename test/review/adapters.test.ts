/**
 * The review app over HTTP (`app.request`) on both workspace adapters: the
 * embedded node:sqlite workspace and PostgreSQL (test/support/postgres.ts).
 * Sign in, decide a value, the two-person rule refusing the decider, a
 * second approver signing, and two approvers racing for one document: one
 * approval, whichever adapter holds the tables. The artifact builder is a
 * stand-in that waits, so both approvals are in flight at once; writing and
 * verifying releases is tested in app.test.ts and browser.test.ts.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createReviewApp } from '../../pipeline/review/app.ts';
import type { ArtifactBuilder } from '../../pipeline/review/approve.ts';
import { ok } from '../../pipeline/problems.ts';
import { createUser, getDocument, latestApproval, listAudit, listRedactions, verifyAuditChain } from '../../pipeline/workspace/store/index.ts';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';
import { apiClient } from './client.ts';
import type { ApiClient } from './client.ts';
import { PASSWORD, fixtureAdapters, makeReviewFixture } from './fixture.ts';
import type { ReviewFixture } from './fixture.ts';

const { adapters, stop } = await fixtureAdapters();
after(stop);

/** A stand-in release: a marked PDF, returned after `gate` opens, so approvals can be held in flight. */
function heldBuilder(): { build: ArtifactBuilder; started: Promise<void>[]; release(): void } {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const starts: (() => void)[] = [];
  const started = [0, 1].map(() => new Promise<void>((resolve) => starts.push(resolve)));
  let n = 0;
  return {
    started,
    release: open,
    build: async () => {
      starts[n++]?.();
      await gate;
      return ok({ pdf: new TextEncoder().encode(`%PDF-1.7 stand-in ${n}`), report: {} });
    },
  };
}

for (const adapter of adapters) {
  describe(`the review app on ${adapter.name}`, { skip: adapter.skip }, () => {
    let fx: ReviewFixture;
    const held = heldBuilder();
    let app: ReturnType<typeof createReviewApp>;
    const as = (name: string): Promise<ApiClient> => apiClient((path, init) => app.request(path, init), name, PASSWORD);

    test('sign in, decide every value, refuse the decider, and let one of two racing approvers sign', async () => {
      fx = await makeReviewFixture({ databaseUrl: await adapter.databaseUrl() });
      assert.equal(fx.ws.kind, adapter.name);
      app = createReviewApp({ ws: fx.ws, policy: defaultPolicy(), buildArtifact: held.build });
      assert.ok((await createUser(fx.ws, { name: 'ed', role: 'approver', password: PASSWORD }, 'test')).ok);

      const ana = await as('ana');
      const view = (await (await ana.api('GET', `/api/documents/${fx.memoId}`)).json()) as { groups: { key: string }[] };
      assert.ok(view.groups.length > 0);
      for (const g of view.groups) assert.equal((await ana.api('POST', `/api/documents/${fx.memoId}/values/${g.key}/decision`, { decision: 'accepted' })).status, 200);
      assert.ok((await listRedactions(fx.ws, fx.memoId)).every((r) => r.decision === 'accepted' && r.decidedBy === 'ana'));

      // The first decision claimed the document: another approver cannot decide on it meanwhile.
      const bo = await as('bo');
      const claimed = await bo.api('POST', `/api/documents/${fx.memoId}/values/${view.groups[0].key}/decision`, { decision: 'rejected' });
      assert.equal(claimed.status, 409);
      assert.equal(((await claimed.json()) as { code: string }).code, 'review.claimed');

      const own = await ana.api('POST', `/api/documents/${fx.memoId}/approve`);
      assert.equal(own.status, 409);
      assert.match(((await own.json()) as { error: string }).error, /two-person rule/);

      // bo and ed both sign: both pass the checks and wait on the builder, then one records the approval.
      const ed = await as('ed');
      const racing = [bo.api('POST', `/api/documents/${fx.memoId}/approve`), ed.api('POST', `/api/documents/${fx.memoId}/approve`)];
      await Promise.all(held.started);
      held.release();
      const answers = await Promise.all(racing);
      const statuses = answers.map((r) => r.status).sort();
      assert.deepEqual(statuses, [200, 409], 'one approval, one refusal');
      const refused = (await answers.find((r) => r.status === 409)!.json()) as { code: string };
      assert.equal(refused.code, 'state.invalid-transition');
      const approval = await latestApproval(fx.ws, fx.memoId);
      assert.ok(approval && ['bo', 'ed'].includes(approval.approver));
      assert.equal((await getDocument(fx.ws, fx.memoId))?.state, 'approved');
      assert.equal((await listAudit(fx.ws, { subject: fx.memoId, action: 'document.approved' })).length, 1);
      assert.ok((await verifyAuditChain(fx.ws)).ok);
    });

    test('undo and sign-out work the same; a closed session is refused', async () => {
      const bo = await as('bo');
      const phone = ((await (await bo.api('GET', `/api/documents/${fx.followUpId}`)).json()) as { groups: { key: string; category: string }[] }).groups.find((g) => g.category === 'personal.phone')!;
      assert.equal((await bo.api('POST', `/api/documents/${fx.followUpId}/values/${phone.key}/decision`, { decision: 'rejected' })).status, 200);
      assert.equal((await listRedactions(fx.ws, fx.followUpId)).find((r) => r.category === 'personal.phone')?.decision, 'rejected');
      assert.equal((await bo.api('POST', `/api/documents/${fx.followUpId}/undo`)).status, 200);
      assert.equal((await listRedactions(fx.ws, fx.followUpId)).find((r) => r.category === 'personal.phone')?.decision, 'proposed');
      assert.equal((await bo.post('/logout', {})).status, 303);
      assert.equal((await bo.api('GET', '/api/me')).status, 401);
      await fx.ws.close();
    });
  });
}

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';
import type { Document, Finding, Redaction, Word } from '../model/types.ts';
import { MODEL_VERSION } from '../model/types.ts';
import { approveDocument, approvalBlockers, uncoveredOccurrences } from './approve.ts';
import { fixtureAdapters, makeReviewFixture, BATCH_RUNNER } from '../../test/review/fixture.ts';
import type { ReviewFixture } from '../../test/review/fixture.ts';
import type { ArtifactBuilder } from './approve.ts';
import { ok } from '../problems.ts';
import { addReviewerRedaction, confirmRejection, decideRedaction, decisionSetHash, getDocument, latestApproval, listAudit, listRedactions, recordApproval, sendBack } from '../workspace/store/index.ts';

/** One page, one word per 50 pt, one line per sentence. */
function doc(lines: string[]): Document {
  const words: Word[] = [];
  let offset = 0;
  lines.forEach((line, l) => {
    line.split(' ').forEach((text, i) => {
      if (i > 0) offset++;
      words.push({ text, box: [10 + i * 50, 10 + l * 20, 55 + i * 50, 20 + l * 20], start: offset, end: offset + text.length, line: l });
      offset += text.length;
    });
    offset++;
  });
  return { modelVersion: MODEL_VERSION, id: 'x', fileName: 'x.pdf', mediaType: 'application/pdf', byteLength: 1, warnings: [], pages: [{ number: 1, width: 600, height: 200, rotation: 0, source: 'text', text: lines.join('\n'), words }] };
}

const d = doc(['Call Nguyen today', 'Nguyen said no', 'Nobody else']);
const finding: Finding = { id: 'f1', detector: 'people', category: 'personal.name', exemption: 'b6', action: 'redact', score: 0.9, text: 'Nguyen', why: [], start: 5, end: 11, boxes: [{ page: 1, box: [60, 10, 105, 20] }] };
const redaction = (boxes: Redaction['boxes']): Redaction => ({ id: 'r-f1', boxes, category: 'personal.name', exemption: 'b6', from: { findings: ['f1'] }, decision: 'accepted', reason: '' });

test('a removed name that appears again without a box is named, with its page', () => {
  const [message, ...rest] = uncoveredOccurrences(d, [redaction(finding.boxes)], [finding], defaultPolicy());
  assert.equal(rest.length, 0);
  assert.match(message, /accepted Person name \(b\)\(6\) redaction on page 1 appears 1 more time without a box \(page 1\)/);
  assert.doesNotMatch(message, /Nguyen/, 'the protected text is not repeated in the message');
});

test('nothing is reported once every occurrence has a box, or for boxes drawn by reviewers', () => {
  const both = redaction([...finding.boxes, { page: 1, box: [10, 30, 55, 40] }]);
  assert.deepEqual(uncoveredOccurrences(d, [both], [finding], defaultPolicy()), []);
  const drawn: Redaction = { ...redaction(finding.boxes), from: { reviewer: 'ana' } };
  assert.deepEqual(uncoveredOccurrences(d, [drawn], [finding], defaultPolicy()), []);
});

// ---- The approval rule against a real workspace (test/review/fixture.ts: a batch run by "batch-runner",
// approvers ana and bo, clerk cy). A stand-in builder returns a marked PDF, so these tests are about who may
// sign and when, not about writing.

const policy = defaultPolicy();
let built = 0;
const stubBuilder: ArtifactBuilder = async () => ok({ pdf: new TextEncoder().encode(`%PDF-1.7 stand-in ${++built}`), report: {} });

const { adapters, stop } = await fixtureAdapters();
after(stop);

async function decideAll(fx: ReviewFixture, documentId: string, decision: 'accepted' | 'rejected', actor: string): Promise<void> {
  for (const r of await listRedactions(fx.ws, documentId)) assert.ok((await decideRedaction(fx.ws, documentId, r.id, decision, actor)).ok);
}

for (const adapter of adapters) {
  describe(`on ${adapter.name}`, { skip: adapter.skip }, () => {
    async function withFixture(fn: (fx: ReviewFixture) => Promise<void>): Promise<void> {
      const fx = await makeReviewFixture({ databaseUrl: await adapter.databaseUrl() });
      try {
        await fn(fx);
      } finally {
        await fx.ws.close();
      }
    }

    test('one person who rejects everything cannot approve; automatic redactions wait for a second person', () =>
      withFixture(async (fx) => {
        await decideAll(fx, fx.memoId, 'rejected', 'ana');
        const doc = async () => (await getDocument(fx.ws, fx.memoId))!;
        const before = built;
        const alone = await approveDocument(fx.ws, await doc(), 'ana', { policy, buildArtifact: stubBuilder });
        assert.ok(!alone.ok);
        assert.equal(alone.problem.code, 'review.blocked');
        assert.match(alone.problem.message, /You accepted, rejected or drew redactions on this document/);
        assert.match(alone.problem.message, /4 rejected redactions the policy applies automatically \(page 1\) need a second person to confirm/);
        assert.equal(built, before, 'nothing was rebuilt for a refused approval');
        // A second approver is still held back until the rejections are confirmed...
        assert.match((await approvalBlockers(fx.ws, await doc(), 'bo')).join(' '), /need a second person to confirm/);
        assert.ok(!(await approveDocument(fx.ws, await doc(), 'bo', { policy, buildArtifact: stubBuilder })).ok);
        // ...which the person who rejected cannot do themselves.
        const self = await confirmRejection(fx.ws, fx.memoId, 'r-f2', 'ana');
        assert.ok(!self.ok && /a second person must confirm/.test(self.problem.message));
        for (const r of await listRedactions(fx.ws, fx.memoId)) assert.ok((await confirmRejection(fx.ws, fx.memoId, r.id, 'bo')).ok);
        assert.deepEqual(await approvalBlockers(fx.ws, await doc(), 'bo'), [], 'the confirmer may sign: two people agreed');
        assert.match((await approvalBlockers(fx.ws, await doc(), 'ana')).join(' '), /two-person rule/, 'still not the one who rejected');
        const signed = await approveDocument(fx.ws, await doc(), 'bo', { policy, buildArtifact: stubBuilder });
        assert.ok(signed.ok, signed.ok ? '' : signed.problem.message);
        assert.equal((await latestApproval(fx.ws, fx.memoId))?.approver, 'bo');
      }));

    test('a new decision voids an earlier confirmation', () =>
      withFixture(async (fx) => {
        assert.ok((await decideRedaction(fx.ws, fx.followUpId, 'r-f1', 'rejected', 'ana')).ok);
        assert.ok((await confirmRejection(fx.ws, fx.followUpId, 'r-f1', 'bo')).ok);
        assert.ok((await decideRedaction(fx.ws, fx.followUpId, 'r-f1', 'accepted', 'ana')).ok);
        assert.ok((await decideRedaction(fx.ws, fx.followUpId, 'r-f1', 'rejected', 'ana')).ok);
        assert.match((await approvalBlockers(fx.ws, (await getDocument(fx.ws, fx.followUpId))!, 'bo')).join(' '), /need.? a second person to confirm/);
        // Only rejected automatic redactions have a rejection to confirm.
        assert.ok((await decideRedaction(fx.ws, fx.followUpId, 'r-f1', 'accepted', 'ana')).ok);
        assert.ok(!(await confirmRejection(fx.ws, fx.followUpId, 'r-f1', 'bo')).ok);
      }));

    test('self-approval is refused: whoever decided, drew or ran the batch; another approver signs both hashes', () =>
      withFixture(async (fx) => {
        await decideAll(fx, fx.followUpId, 'accepted', 'ana');
        const doc = async () => (await getDocument(fx.ws, fx.followUpId))!;
        const own = await approveDocument(fx.ws, await doc(), 'ana', { policy, buildArtifact: stubBuilder });
        assert.ok(!own.ok && own.problem.code === 'review.blocked' && /two-person rule/.test(own.problem.message));
        const runner = await approveDocument(fx.ws, await doc(), BATCH_RUNNER, { policy, buildArtifact: stubBuilder });
        assert.ok(!runner.ok && /You ran the batch/.test(runner.problem.message));
        // A clerk's drawn box makes the clerk a party too, even once someone else accepted it.
        assert.ok((await addReviewerRedaction(fx.ws, fx.followUpId, { id: 'r-drawn', boxes: [{ page: 1, box: [72, 120, 120, 130] }], category: 'personal.name', exemption: 'b6', reason: 'x', decision: 'proposed' }, 'cy')).ok);
        assert.ok((await decideRedaction(fx.ws, fx.followUpId, 'r-drawn', 'accepted', 'ana')).ok);
        assert.match((await approvalBlockers(fx.ws, await doc(), 'cy')).join(' '), /two-person rule/);
        // The workspace API refuses it as well, whoever calls it.
        const direct = await recordApproval(fx.ws, { documentId: fx.followUpId, artifact: new TextEncoder().encode('%PDF-1.7 direct'), decisionSetSha256: await decisionSetHash(fx.ws, await doc()), approver: 'ana' });
        assert.ok(!direct.ok && direct.problem.code === 'review.blocked');
        const signed = await approveDocument(fx.ws, await doc(), 'bo', { policy, buildArtifact: stubBuilder });
        assert.ok(signed.ok, signed.ok ? '' : signed.problem.message);
        assert.equal(signed.value.decisionSetSha256, await decisionSetHash(fx.ws, await doc()));
        const entry = (await listAudit(fx.ws, { subject: fx.followUpId, action: 'document.approved' }))[0];
        assert.equal(entry.actor, 'bo');
        assert.deepEqual([entry.details.artifactSha256, entry.details.decisionSetSha256, entry.details.approvalId], [signed.value.artifactSha256, signed.value.decisionSetSha256, signed.value.id]);
      }));

    test('the race: a decision changed while the release is rebuilt refuses the approval', () =>
      withFixture(async (fx) => {
        await decideAll(fx, fx.memoId, 'accepted', 'ana');
        const doc = (await getDocument(fx.ws, fx.memoId))!;
        const changes: [string, () => Promise<void>][] = [
          ['a decision flipped', async () => assert.ok((await decideRedaction(fx.ws, fx.memoId, 'r-f2', 'rejected', 'ana')).ok)],
          ['a box added', async () => assert.ok((await addReviewerRedaction(fx.ws, fx.memoId, { id: 'r-late', boxes: [{ page: 1, box: [72, 200, 100, 210] }], category: 'personal.name', exemption: 'b6', reason: 'late' }, 'ana')).ok)],
        ];
        for (const [what, change] of changes) {
          let calls = 0;
          const racing: ArtifactBuilder = async (input) => {
            calls++;
            await change(); // someone else's request lands while this one rebuilds
            return stubBuilder(input);
          };
          const raced = await approveDocument(fx.ws, (await getDocument(fx.ws, fx.memoId))!, 'bo', { policy, buildArtifact: racing });
          assert.equal(calls, 1, what);
          assert.ok(!raced.ok, what);
          assert.equal(raced.problem.code, 'review.changed', what);
          assert.match(raced.problem.message, /changed while its release was being rebuilt/, what);
          assert.equal((await getDocument(fx.ws, fx.memoId))!.state, 'in_review', what);
          assert.equal(await latestApproval(fx.ws, fx.memoId), undefined, what);
          // Put the decisions back as they were for the next case.
          await decideAll(fx, fx.memoId, 'accepted', 'ana');
        }
        assert.equal((await listAudit(fx.ws, { subject: fx.memoId, action: 'document.approval-refused' })).length, 2);
        // A blocker that appears meanwhile (the document sent back) refuses it too, with the same decisions.
        const sentBack: ArtifactBuilder = async (input) => {
          assert.ok((await sendBack(fx.ws, fx.memoId, 'cy', 'Wait: page 1 needs another look.')).ok);
          return stubBuilder(input);
        };
        const blocked = await approveDocument(fx.ws, doc, 'bo', { policy, buildArtifact: sentBack });
        assert.ok(!blocked.ok);
        assert.equal(blocked.problem.code, 'state.invalid-transition');
        assert.match(blocked.problem.message, /is sent back, not in review/);
        assert.equal(await latestApproval(fx.ws, fx.memoId), undefined);
      }));
  });
}

/**
 * Each famous failure mode, built by the test: the verifier must catch it in the
 * input (the releases of the same inputs are checked in failure-modes-release.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { verifyPdf } from '../../redaction/verify/verify-pdf.ts';
import { contains } from '../support/extractors.ts';
import { SECRET, failureModes } from './failure-modes.ts';

for (const mode of failureModes) {
  describe(mode.name, () => {
    test('verify catches it in the input', async () => {
      const input = await mode.build();
      const report = await verifyPdf(input, { removed: [SECRET], boxes: [] });
      assert.equal(report.ok, false);
      assert.equal(report.leak, true);
      const failed = report.checks.filter((c) => c.status === 'fail').map((c) => c.id);
      assert.ok(failed.includes(mode.catches), `expected ${mode.catches} to fail, failed: ${failed.join(', ')}`);
      // And without being told the secret.
      const blind = await verifyPdf(input, { removed: [], boxes: [] });
      assert.equal(blind.ok, false, 'caught without --secrets');
      for (const p of [...report.problems, ...blind.problems]) assert.ok(!contains(p.message, SECRET), 'a message repeats the secret');
    });
  });
}

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
    test(`its oracle (${mode.oracle.name}) sees the secret in the input, and verify catches it`, async () => {
      const input = await mode.build();
      assert.ok(contains(await mode.oracle.read(input), SECRET), `${mode.oracle.name} does not see the secret in the input: the test would prove nothing`);
      const report = await verifyPdf(input, { removed: [SECRET], boxes: [] });
      assert.equal(report.ok, false);
      assert.equal(report.leak, true);
      const failed = report.checks.filter((c) => c.status === 'fail').map((c) => c.id);
      assert.ok(failed.includes(mode.catches), `expected ${mode.catches} to fail, failed: ${failed.join(', ')}`);
      // And without being told the secret, unless the secret is all that is wrong.
      const blind = await verifyPdf(input, { removed: [], boxes: [] });
      if (mode.blind !== false) assert.equal(blind.ok, false, 'caught without --secrets');
      for (const p of [...report.problems, ...blind.problems]) assert.ok(!contains(p.message, SECRET), 'a message repeats the secret');
    });
  });
}

/**
 * @module
 * The artifact builder for approvals: the clean-room writer rebuilds the release
 * from the accepted redactions, then the leak verifier checks it against
 * everything those redactions removed: the text of their findings and the words
 * under boxes reviewers drew. A failed check is the verifier's problem. The
 * server runs both on a worker thread, so one approval does not stall every
 * other approver's requests.
 */
import { inlinePool } from '../threads/task-pool.ts';
import type { TaskPool } from '../threads/task-pool.ts';
import { fail, ok } from '../problems.ts';
import type { ArtifactBuilder } from './approve.ts';
import { removalExpectation } from '../../redaction/expectation.ts';

export function artifactBuilder(tasks: TaskPool): ArtifactBuilder {
  return async ({ original, document, redactions, findings, policy }) => {
    const written = await tasks.run('writeRedacted', original, document, redactions, policy, { findings });
    if (!written.ok) return written;
    const report = await tasks.run('verifyPdf', written.value.pdf, removalExpectation(redactions, findings, document, policy.exemptions), { file: original.fileName });
    if (!report.ok) {
      const first = report.problems[0];
      return fail(first?.code ?? 'verify.leak', report.problems.map((p) => p.message).join(' '), { file: original.fileName, page: first?.page });
    }
    return ok({ pdf: written.value.pdf, report: { verification: report, log: written.value.log } });
  };
}

/** In-process, for one-off approvals (the demo, tests). */
export const verifiedArtifact: ArtifactBuilder = artifactBuilder(inlinePool());

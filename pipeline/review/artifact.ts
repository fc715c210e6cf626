/**
 * @module
 * The artifact builder for approvals and their preview: the release is rebuilt
 * from the accepted redactions and verified (`writeVerifiedRelease`: the same
 * paths, raster fallback and engine rule as `daylight redact`) against everything
 * those redactions removed: the text of their findings and the words under boxes
 * reviewers drew. A failed check is the verifier's problem. The release
 * carries the same fixed date as the batch's proposals (`RELEASE_DATE`), so
 * the same decisions always rebuild the same bytes. The
 * server runs both on a worker thread, so one approval does not stall every
 * other approver's requests.
 */
import { inlinePool } from '../threads/task-pool.ts';
import type { TaskPool } from '../threads/task-pool.ts';
import { fail, ok } from '../problems.ts';
import type { ArtifactBuilder } from './approve.ts';
import { removalExpectation } from '../../redaction/expectation.ts';
import { RELEASE_DATE } from '../../redaction/artifact-report.ts';
import type { ArtifactReport } from '../../redaction/artifact-report.ts';

export function artifactBuilder(tasks: TaskPool): ArtifactBuilder {
  return async ({ original, document, redactions, findings, policy }) => {
    const expect = removalExpectation(redactions, findings, document, policy.exemptions);
    const release = await tasks.run('writeVerifiedRelease', original, document, redactions, policy, { write: { findings, date: RELEASE_DATE }, expect });
    if (!release.ok) return release;
    const report = release.value.verification;
    if (!report.ok) {
      const first = report.problems[0];
      return fail(first?.code ?? 'verify.leak', report.problems.map((p) => p.message).join(' '), { file: original.fileName, page: first?.page });
    }
    // Stored with the approval: the publish gate verifies again with the same engines counted as the writer's.
    const stored: ArtifactReport = { verification: report, log: release.value.log, writtenWith: release.value.writtenWith };
    return ok({ pdf: release.value.pdf, report: stored });
  };
}

/** In-process, for one-off approvals (the demo, tests). */
export const verifiedArtifact: ArtifactBuilder = artifactBuilder(inlinePool());

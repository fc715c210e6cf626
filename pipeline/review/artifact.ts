/**
 * @module
 * The default artifact builder for approvals: the clean-room writer rebuilds
 * the release from the accepted redactions, then the leak verifier checks it
 * against everything those redactions removed: the text of their findings and
 * the words under boxes reviewers drew. A failed check is the verifier's problem.
 */
import { verifyPdf } from '../../redaction/verify/verify-pdf.ts';
import { writeRedacted } from '../../redaction/write/write-redacted.ts';
import { fail, ok } from '../problems.ts';
import type { ArtifactBuilder } from './approve.ts';
import { textUnder } from './snap.ts';

export const verifiedArtifact: ArtifactBuilder = async ({ original, document, redactions, findings, policy }) => {
  const written = await writeRedacted(original, document, redactions, policy, { findings });
  if (!written.ok) return written;
  const findingText = new Map(findings.map((f) => [f.id, f.text]));
  const removed = new Set<string>();
  for (const r of redactions) {
    if ('findings' in r.from) for (const id of r.from.findings) removed.add(findingText.get(id) ?? '');
    else removed.add(textUnder(document, r.boxes));
  }
  removed.delete('');
  const boxes = redactions.flatMap((r) => r.boxes.map((b) => ({ ...b, code: policy.exemptions[r.exemption]?.code ?? r.exemption })));
  const report = await verifyPdf(written.value.pdf, { removed: [...removed], boxes }, { file: original.fileName });
  if (!report.ok) {
    const first = report.problems[0];
    return fail(first?.code ?? 'verify.leak', report.problems.map((p) => p.message).join(' '), { file: original.fileName, page: first?.page });
  }
  return ok({ pdf: written.value.pdf, report: { verification: report, log: written.value.log } });
};

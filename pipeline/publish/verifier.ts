/**
 * @module
 * The gate's verifier: the leak verifier (`redaction/verify`) run again on the
 * approved bytes, with the same expectation the approval used: the text of every
 * finding behind a kept redaction, the words under boxes reviewers drew, and
 * every box with its exemption code, and the engines that wrote the release
 * (from the report stored with the approval) not counted as independent. Any
 * problem keeps the document out.
 */
import { verifyPdf } from '../../redaction/verify/verify-pdf.ts';
import type { Document } from '../model/types.ts';
import { fail, ok } from '../problems.ts';
import { removalExpectation } from '../../redaction/expectation.ts';
import { writtenWithOf } from '../../redaction/artifact-report.ts';
import { listFindings, listRedactions, readJsonBlob } from '../workspace/store/index.ts';
import type { Workspace } from '../workspace/store/index.ts';
import type { ArtifactVerifier } from './gate.ts';

export function releaseVerifier(ws: Workspace, exemptions: Record<string, { code: string }>): ArtifactVerifier {
  return async (pdf, record) => {
    const redactions = (await listRedactions(ws, record.id)).filter((r) => r.decision !== 'rejected');
    // After `daylight purge` the model is gone; the findings' text and the boxes still say what was removed.
    const model = record.modelBlob && !record.purgedAt ? await readJsonBlob<Document>(ws.blobs, record.modelBlob) : undefined;
    if (model && !model.ok) return model;
    const expectation = removalExpectation(redactions, await listFindings(ws, record.id), model?.value, exemptions);
    // PDFium edited the surgical pages of a release: the report stored with the artifact says so, and
    // one that cannot be read or does not say counts as written with PDFium (fails closed).
    const stored = record.verifyBlob ? await readJsonBlob<unknown>(ws.blobs, record.verifyBlob) : undefined;
    const writtenWith = writtenWithOf(stored?.ok ? stored.value : undefined);
    const report = await verifyPdf(pdf, expectation, { file: record.path, writtenWith });
    if (report.ok) return ok(report);
    const first = report.problems[0];
    return fail(first?.code ?? 'verify.leak', report.problems.map((p) => p.message).join(' '), { file: record.path, ...(first?.page !== undefined ? { page: first.page } : {}) });
  };
}

/**
 * `rejectedValues` on both workspace adapters (the contract.test.ts pattern):
 * values people rejected, counted by document and batch, any case and spacing
 * as one value; proposals nobody decided, values someone accepted and the
 * office's deny-list hits are not suggestions.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Finding, Redaction } from '../../pipeline/model/types.ts';
import { confirmRejection, decideRedaction, findOrCreateBatch, insertDocument, rejectedValues, replaceFindings, replaceProposedRedactions } from '../../pipeline/workspace/store/index.ts';
import type { Workspace } from '../../pipeline/workspace/store/index.ts';
import { bothAdapters } from '../support/workspaces.ts';

const { adapters, fresh: freshWorkspace } = await bothAdapters('daylight-rejected-');

/** One document of batch `batch` whose findings have these texts (detector, text), each proposed as a redaction. */
async function document(ws: Workspace, batch: string, path: string, values: [detector: string, text: string][], action: Finding['action'] = 'review'): Promise<{ id: string; redactions: Map<string, string> }> {
  const { batch: b } = await findOrCreateBatch(ws, { name: batch, folder: `/in/${batch}`, policyHash: 'p' }, { codeVersion: 'c', actor: 'clerk' });
  const doc = await insertDocument(ws, { batchId: b.id, path, fileName: path, state: 'queued', sha256: 'a'.repeat(64) }, 'clerk');
  const findings = values.map(([detector, text], i): Finding => ({ id: `${path}-f${i}`, detector, category: detector === 'ssn' ? 'personal.ssn' : 'personal.name', exemption: 'b6', action, score: 0.8, text, why: [], start: i * 20, end: i * 20 + text.length, boxes: [{ page: 1, box: [10, 10 + i * 20, 90, 20 + i * 20] }] }));
  await replaceFindings(ws, doc.id, findings);
  const proposals: Redaction[] = findings.map((f) => ({ id: `r-${f.id}`, boxes: f.boxes, category: f.category, exemption: f.exemption, from: { findings: [f.id] }, decision: 'proposed', reason: 'x' }));
  await replaceProposedRedactions(ws, doc.id, proposals, 'batch');
  return { id: doc.id, redactions: new Map(findings.map((f) => [f.text, `r-${f.id}`])) };
}


for (const adapter of adapters) {
  describe(`rejected values: ${adapter.name}`, { skip: adapter.skip }, () => {
    test('counts rejections by document and batch; leaves out undecided, accepted and deny-list values', async () => {
      const ws = await freshWorkspace(adapter);
      const reject = async (d: { id: string; redactions: Map<string, string> }, text: string, who: string) => assert.ok((await decideRedaction(ws, d.id, d.redactions.get(text)!, 'rejected', who)).ok);
      const accept = async (d: { id: string; redactions: Map<string, string> }, text: string, who: string) => assert.ok((await decideRedaction(ws, d.id, d.redactions.get(text)!, 'accepted', who)).ok);

      const values: [string, string][] = [['person-name', 'Puerto Rico'], ['person-name', 'Harbor Desk'], ['person-name', 'Dana Copeland'], ['deny-list', 'Nightjar'], ['person-name', 'Only Once']];
      const a = await document(ws, 'b1', 'a.pdf', values);
      const b = await document(ws, 'b1', 'b.pdf', [...values.slice(0, 4), ['person-name', 'PUERTO  rico']]);
      const c = await document(ws, 'b2', 'c.pdf', values);
      // nothing decided: nothing to suggest
      assert.deepEqual(await rejectedValues(ws), []);

      await reject(a, 'Puerto Rico', 'ana');
      await reject(b, 'Puerto Rico', 'ana');
      await reject(b, 'PUERTO  rico', 'ben');
      await reject(c, 'Puerto Rico', 'ben');
      for (const d of [a, b]) await reject(d, 'Harbor Desk', 'ana');
      await reject(a, 'Dana Copeland', 'ana');
      await reject(b, 'Dana Copeland', 'ana');
      await accept(c, 'Dana Copeland', 'ben'); // contested: someone kept it redacted
      for (const d of [a, b, c]) await reject(d, 'Nightjar', 'ana');
      await reject(a, 'Only Once', 'ana');

      const got = await rejectedValues(ws);
      assert.deepEqual(got, [
        { value: 'Puerto Rico', categories: ['personal.name'], rejections: 4, documents: 3, batches: 2, rejectedBy: ['ana', 'ben'] },
        { value: 'Harbor Desk', categories: ['personal.name'], rejections: 2, documents: 2, batches: 1, rejectedBy: ['ana'] },
      ]);
      assert.deepEqual((await rejectedValues(ws, { minDocuments: 3 })).map((v) => v.value), ['Puerto Rico']);
      assert.deepEqual((await rejectedValues(ws, { minDocuments: 1 })).map((v) => v.value), ['Puerto Rico', 'Harbor Desk', 'Only Once']);
    });

    test('a rejection of an automatic redaction counts only once a second person confirms it', async () => {
      const ws = await freshWorkspace(adapter);
      const docs = [await document(ws, 'b1', 'a.pdf', [['ssn', 'Agency Desk']], 'redact'), await document(ws, 'b1', 'b.pdf', [['ssn', 'Agency Desk']], 'redact')];
      for (const d of docs) assert.ok((await decideRedaction(ws, d.id, d.redactions.get('Agency Desk')!, 'rejected', 'ana')).ok);
      // rejected, not yet confirmed: no decision yet
      assert.deepEqual(await rejectedValues(ws, { minDocuments: 1 }), []);
      assert.ok((await confirmRejection(ws, docs[0].id, docs[0].redactions.get('Agency Desk')!, 'ben')).ok);
      assert.deepEqual(await rejectedValues(ws, { minDocuments: 1 }), [{ value: 'Agency Desk', categories: ['personal.ssn'], rejections: 1, documents: 1, batches: 1, rejectedBy: ['ana'] }]);
      assert.ok((await confirmRejection(ws, docs[1].id, docs[1].redactions.get('Agency Desk')!, 'ben')).ok);
      assert.equal((await rejectedValues(ws))[0]?.documents, 2);
    });
  });
}

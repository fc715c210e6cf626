/**
 * The detect stage reads each document's model while the one before is scanned, and
 * keeps models (up to KEEP_PAGES pages in all) between its two passes instead of reading
 * them again: what it finds is what `detectDocuments` finds over the same batch, a
 * document past the budget is read again, and a model that cannot be read fails every
 * document of the group with its code.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { KEEP_PAGES, detect, loadDetection } from './stages.ts';
import type { StageContext } from './stage.ts';
import type { Document } from '../model/types.ts';
import type { DocumentRecord } from '../workspace/store/index.ts';
import type { BlobStore } from '../workspace/blobs-store.ts';
import { fail, ok } from '../problems.ts';
import { textDocument } from '../../redaction/detect/text-document.ts';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';

/** Models in memory, counting reads per blob. */
function modelStore(models: Document[]) {
  const bytes = new Map(models.map((m) => {
    const b = new TextEncoder().encode(JSON.stringify(m));
    return [createHash('sha256').update(b).digest('hex'), b] as const;
  }));
  const reads = new Map<string, number>();
  const blobs = {
    kind: 'file',
    get: async (sha: string) => {
      reads.set(sha, (reads.get(sha) ?? 0) + 1);
      const b = bytes.get(sha);
      return b ? ok(b) : fail('workspace.missing-blob', `no blob ${sha}`);
    },
  } as unknown as BlobStore;
  const records = [...bytes.keys()].map((sha, i) => ({ id: `d${i}`, path: models[i].fileName, fileName: models[i].fileName, modelBlob: sha }) as DocumentRecord);
  return { blobs, reads, records };
}

const context = (blobs: BlobStore) => ({ ws: { blobs }, policy: defaultPolicy() }) as unknown as StageContext;

const letter = (n: number) => `Dear Ms. Rosalind Achterberg,\nyour permit ${n} was approved on March 3.\nContact: r.achterberg@example.org or 217-555-0142.`;

test('detect: the findings of detectDocuments over the batch, each model read once when they fit', async () => {
  const { detectDocuments } = await loadDetection();
  // The name is written in full in the first document only; the second's surname after a title cites it.
  const models = [textDocument([letter(1)], { fileName: 'a.txt' }), textDocument(['Ms. Achterberg called again about the permit.'], { fileName: 'b.txt' })];
  const { blobs, reads, records } = modelStore(models);
  const results = await detect.run(records, context(blobs));
  const expected = detectDocuments(models, defaultPolicy());
  assert.deepEqual(results.map((r) => (r.ok ? r.value.findings : r.problem)), expected);
  assert.ok(expected[1].some((f) => f.why.some((w) => w.includes('a.txt'))), 'the second document cites the first (batch consistency)');
  assert.deepEqual([...reads.values()], [1, 1]);
});

test('detect: past KEEP_PAGES pages, models are read again; the findings do not change', async () => {
  const { detectDocuments } = await loadDetection();
  const big = textDocument(Array.from({ length: KEEP_PAGES }, (_, i) => `Page ${i + 1} of the annual report.`), { fileName: 'big.txt' });
  const models = [textDocument([letter(2)], { fileName: 'a.txt' }), big, textDocument(['Ms. Achterberg wrote back.'], { fileName: 'c.txt' })];
  const { blobs, reads, records } = modelStore(models);
  const results = await detect.run(records, context(blobs));
  assert.deepEqual(results.map((r) => (r.ok ? r.value.findings : r.problem)), detectDocuments(models, defaultPolicy()));
  // The first fits and is kept; the big one would pass the budget and is read again; the last still fits.
  assert.deepEqual(records.map((r) => reads.get(r.modelBlob!)), [1, 2, 1]);
});

test('detect: a model that cannot be read fails every document of the group with its code', async () => {
  const { blobs, records } = modelStore([textDocument([letter(3)], { fileName: 'a.txt' }), textDocument(['Nothing here.'], { fileName: 'b.txt' })]);
  records[1] = { ...records[1], modelBlob: 'f'.repeat(64) };
  const results = await detect.run(records, context(blobs));
  assert.equal(results.length, 2);
  for (const r of results) assert.equal(r.ok ? 'ok' : r.problem.code, 'workspace.missing-blob');
});

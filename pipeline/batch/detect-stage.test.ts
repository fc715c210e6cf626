/**
 * The extract stage stores each document's detection scan; the detect stage then only
 * finishes the batch (each model read once), and scans itself what has no scan stored for
 * its model and policy. When it scans, it reads each document's model while the one before is scanned, and
 * keeps models (up to KEEP_PAGES pages in all) between its two passes instead of reading
 * them again: what it finds is what `detectDocuments` finds over the same batch, a
 * document past the budget is read again, and a model that cannot be read fails every
 * document of the group with its code.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { KEEP_PAGES, detect, extract, loadDetection } from './stages.ts';
import { policyHash } from './keys.ts';
import type { StageContext } from './stage.ts';
import type { Document } from '../model/types.ts';
import { openWorkspace } from '../workspace/store/index.ts';
import type { DocumentRecord, Workspace } from '../workspace/store/index.ts';
import type { BlobStore } from '../workspace/blobs-store.ts';
import { fail, ok } from '../problems.ts';
import { textDocument } from '../../redaction/detect/text-document.ts';
import { defaultPolicy, parsePolicy } from '../../redaction/policy/load-policy.ts';
import type { Policy } from '../../redaction/policy/types.ts';

/** An embedded workspace for the checkpoints (the stored scans). */
let ws: Workspace;
let dir: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'daylight-detect-stage-'));
  const opened = await openWorkspace(join(dir, 'ws'));
  assert.ok(opened.ok, opened.ok ? '' : opened.problem.message);
  ws = opened.value;
});
after(async () => {
  await ws?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Models in memory, counting reads per blob. */
function modelStore(models: Document[]) {
  const bytes = new Map<string, Uint8Array>(models.map((m) => {
    const b = new TextEncoder().encode(JSON.stringify(m));
    return [createHash('sha256').update(b).digest('hex'), b] as const;
  }));
  const reads = new Map<string, number>();
  const blobs = {
    kind: 'file',
    put: async (b: Uint8Array) => {
      const sha = createHash('sha256').update(b).digest('hex');
      bytes.set(sha, b);
      return ok(sha);
    },
    get: async (sha: string) => {
      reads.set(sha, (reads.get(sha) ?? 0) + 1);
      const b = bytes.get(sha);
      return b ? ok(b) : fail('workspace.missing-blob', `no blob ${sha}`);
    },
  } as unknown as BlobStore;
  const records = [...bytes.keys()].map((sha, i) => ({ id: `d${i}`, path: models[i].fileName, fileName: models[i].fileName, sha256: `original-of-${sha}`, modelBlob: sha }) as DocumentRecord);
  return { blobs, reads, records };
}

const context = (blobs: BlobStore, policy: Policy = defaultPolicy(), models: Document[] = []) =>
  ({ ws: { blobs, db: ws.db }, policy, policyHash: policyHash(policy), limits: { pageTimeoutMs: 60_000, maxPages: 10_000 }, onPage: () => {}, tasks: { runWith: async (_o: unknown, _t: string, input: { fileName: string }) => ok(models.find((m) => m.fileName === input.fileName)) } }) as unknown as StageContext;

/** The extract stage on each record (its "extraction" hands back the model as it is), as a worker runs it before the barrier. */
async function extractAll(records: DocumentRecord[], models: Document[], blobs: BlobStore, policy: Policy): Promise<void> {
  for (const r of records) {
    const out = await extract.run({ ...r, originalBlob: r.modelBlob }, context(blobs, policy, models));
    assert.ok(out.ok, out.ok ? '' : out.problem.message);
    assert.equal(out.value.modelBlob, r.modelBlob);
  }
}

const withDenyList = (): Policy => {
  const p = defaultPolicy();
  const r = parsePolicy(`name: Test\njurisdiction: Test\nexemptions: ${JSON.stringify(p.exemptions)}\ncategories: ${JSON.stringify(p.categories)}\ndeny:\n  - text: permit\n    category: government.internal-id\n`, 'test.yaml');
  assert.ok(r.ok, r.ok ? '' : r.problem.message);
  return r.value;
};

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

test('detect after extract: the scans stored while extracting are used, each model is read once in all, the findings do not change', async () => {
  const { detectDocuments } = await loadDetection();
  const big = textDocument(Array.from({ length: KEEP_PAGES }, (_, i) => `Page ${i + 1} of the annual report.`), { fileName: 'big.txt' });
  const models = [textDocument([letter(4)], { fileName: 'a.txt' }), big, textDocument(['Ms. Achterberg wrote back.'], { fileName: 'c.txt' })];
  const { blobs, reads, records } = modelStore(models);
  await extractAll(records, models, blobs, defaultPolicy());
  reads.clear();
  const results = await detect.run(records, context(blobs));
  const expected = detectDocuments(models, defaultPolicy());
  assert.deepEqual(results.map((r) => (r.ok ? r.value.findings : r.problem)), expected);
  assert.ok(expected[2].some((f) => f.why.some((w) => w.includes('a.txt'))), 'the last document cites the first (batch consistency)');
  // no first pass here: only the findings' pass reads the models, once each (the big one too)
  assert.deepEqual(records.map((r) => reads.get(r.modelBlob!)), [1, 1, 1]);
});

test('detect after extract: a scan stored under another policy is not used', async () => {
  const { detectDocuments } = await loadDetection();
  const models = [textDocument([letter(5)], { fileName: 'a.txt' }), textDocument(['Ms. Achterberg renewed the permit.'], { fileName: 'b.txt' })];
  const { blobs, reads, records } = modelStore(models);
  await extractAll(records, models, blobs, defaultPolicy());
  reads.clear();
  const denying = withDenyList();
  const results = await detect.run(records, context(blobs, denying));
  const expected = detectDocuments(models, denying);
  assert.deepEqual(results.map((r) => (r.ok ? r.value.findings : r.problem)), expected);
  assert.ok(expected[1].some((f) => f.detector === 'deny-list'), 'the other policy finds more');
  // scanned here: each model read for both passes
  assert.deepEqual(records.map((r) => reads.get(r.modelBlob!)), [1, 1]);
});

test('detect, one document at a time: in the order asked, only those asked for, each model read once, the findings of the whole batch', async () => {
  const { detectDocuments } = await loadDetection();
  // The name is in full in the first document only: the last, given out first, still cites it.
  const models = [textDocument([letter(6)], { fileName: 'a.txt' }), textDocument(['Nothing here.'], { fileName: 'b.txt' }), textDocument(['Ms. Achterberg called again.'], { fileName: 'c.txt' })];
  const { blobs, reads, records } = modelStore(models);
  const expected = detectDocuments(models, defaultPolicy());
  const given: number[] = [];
  for await (const { index, result } of detect.each!(records, context(blobs), [2, 0])) {
    given.push(index);
    assert.deepEqual(result.ok ? result.value.findings : result.problem, expected[index], records[index].path);
  }
  assert.deepEqual(given, [2, 0]);
  assert.ok(expected[2].some((f) => f.why.some((w) => w.includes('a.txt'))), 'the document given out first cites the first (batch consistency)');
  assert.deepEqual(records.map((r) => reads.get(r.modelBlob!)), [1, 1, 1]);
});

test('detect, one document at a time: a model that cannot be read in the second pass fails it and those after it, not those given out', async () => {
  const models = [textDocument([letter(7)], { fileName: 'a.txt' }), textDocument(['Nothing here.'], { fileName: 'b.txt' }), textDocument(['Ms. Achterberg called.'], { fileName: 'c.txt' })];
  const { blobs, records } = modelStore(models);
  await extractAll(records, models, blobs, defaultPolicy());
  // Scans are stored for all three; then b's model goes missing: the first pass does not need it, the second does.
  const missing = records[1].modelBlob!;
  const store = blobs as unknown as { get(sha: string): Promise<unknown> };
  const get = store.get;
  store.get = async (sha: string) => (sha === missing ? fail('workspace.missing-blob', `no blob ${sha}`) : get(sha));
  const outcome: string[] = [];
  for await (const { index, result } of detect.each!(records, context(blobs), [0, 1, 2])) outcome.push(`${records[index].path} ${result.ok ? 'ok' : result.problem.code}`);
  assert.deepEqual(outcome, ['a.txt ok', 'b.txt workspace.missing-blob', 'c.txt workspace.missing-blob']);
  // `run` keeps failing the whole group, as before.
  for (const r of await detect.run(records, context(blobs))) assert.equal(r.ok ? 'ok' : r.problem.code, 'workspace.missing-blob');
});

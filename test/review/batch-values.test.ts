/**
 * One decision per value across a batch, through `app.request`: identical
 * values in the batch's open documents appear once with their count,
 * documents and pages; one decision applies to all of them; a document or a
 * single occurrence can be split out; undo takes back the whole step; every
 * decision is audited on its own document and attributed; whoever decided
 * this way may not approve those documents; documents someone else holds are
 * left out and named.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';
import { createReviewApp } from '../../pipeline/review/app.ts';
import { listAudit } from '../../pipeline/workspace/store/index.ts';
import { listBatches } from '../../pipeline/workspace/store/index.ts';
import { signOffBlockers } from '../../pipeline/workspace/store/index.ts';
import { getDocument } from '../../pipeline/workspace/store/index.ts';
import { listRedactions } from '../../pipeline/workspace/store/index.ts';
import { apiClient } from './client.ts';
import type { ApiClient } from './client.ts';
import { PASSWORD, addDocument, makeReviewFixture } from './fixture.ts';
import type { ReviewFixture, Spec } from './fixture.ts';

let fx: ReviewFixture;
let app: ReturnType<typeof createReviewApp>;
let batchId: string;
let aId: string;
let bId: string;
const as = (name: string): Promise<ApiClient> => apiClient((path, init) => app.request(path, init), name, PASSWORD);

const finding = (text: string, category: string, detector: string, nth = 0): Spec['findings'][number] => ({ text, category, detector, score: 0.9, nth });
const notesA: Spec = {
  fileName: 'notes-a.pdf',
  lines: ['Panel notes 12', 'Lena Marsh met the panel.', 'The panel thanked Lena Marsh.', 'Call 555-0199 for the file.'],
  morePages: [['Page two of the notes.', 'LENA  MARSH signed.']],
  findings: [finding('Lena Marsh', 'personal.name', 'people'), finding('Lena Marsh', 'personal.name', 'people', 1), finding('555-0199', 'personal.phone', 'phone')],
};
const notesB: Spec = {
  fileName: 'notes-b.pdf',
  lines: ['Panel notes 13', 'Lena Marsh asked again.', 'Call 555-0199 for the file.'],
  findings: [finding('Lena Marsh', 'personal.name', 'people'), finding('555-0199', 'personal.phone', 'phone')],
};

interface Value {
  key: string;
  text?: string;
  count: number;
  decision: string;
  words?: { text: string };
  documents: { id: string; fileName: string; pages: number[]; ids: string[]; decision: string; claimedBy?: string }[];
}
interface Change {
  changed: { id: string; document: string; decision: string }[];
  documents?: number;
  skipped?: { id: string; fileName: string; claimedBy: string }[];
}

before(async () => {
  fx = await makeReviewFixture();
  batchId = (await listBatches(fx.ws))[0].id;
  aId = (await addDocument(fx.ws, batchId, notesA)).id;
  bId = (await addDocument(fx.ws, batchId, notesB)).id;
  app = createReviewApp({ ws: fx.ws, policy: defaultPolicy() });
});
after(() => fx.ws.close());

async function values(client: ApiClient): Promise<Value[]> {
  const res = await client.api('GET', `/api/batches/${batchId}/values`);
  assert.equal(res.status, 200);
  return ((await res.json()) as { values: Value[] }).values;
}
const decisionsOf = async (docId: string, category: string) => (await listRedactions(fx.ws, docId)).filter((r) => r.category === category).map((r) => r.decision);

test('identical values across the batch appear once, with their count, documents and pages', async () => {
  const ana = await as('ana');
  const all = await values(ana);
  const name = all.find((v) => v.words?.text === 'Lena Marsh')!;
  assert.ok(name, JSON.stringify(all.map((v) => v.words?.text)));
  assert.equal(name.count, 3);
  // The batch's proposals also box the later, differently written mention on page 2 ("LENA  MARSH").
  assert.deepEqual(name.documents.map((d) => [d.fileName, d.pages, d.ids.length]), [['notes-a.pdf', [1, 2], 2], ['notes-b.pdf', [1], 1]]);
  const phone = all.find((v) => v.words?.text === '555-0199')!;
  assert.equal(phone.count, 2);
  assert.equal(phone.documents.length, 2);
  assert.ok(all.indexOf(name) < all.findIndex((v) => v.documents.length === 1), 'values in several documents come first');
  assert.equal((await ana.api('GET', '/api/batches/b_000000000000000000000000/values')).status, 404);
  assert.equal((await ana.api('GET', '/api/batches/not-a-batch/values')).status, 404);
});

test('one decision applies to every occurrence in every document; each is audited on its document; the decider may not approve them', async () => {
  const ana = await as('ana');
  const name = (await values(ana)).find((v) => v.words?.text === 'Lena Marsh')!;
  const before = (await listAudit(fx.ws, { action: 'redaction.accepted' })).length;
  const res = await ana.api('POST', `/api/batches/${batchId}/values/${name.key}/decision`, { decision: 'accepted' });
  assert.equal(res.status, 200, await res.clone().text());
  const change = (await res.json()) as Change;
  assert.equal(change.changed.length, 3);
  assert.equal(change.documents, 2);
  assert.deepEqual(new Set(change.changed.map((c) => c.document)), new Set([aId, bId]));
  assert.deepEqual(await decisionsOf(aId, 'personal.name'), ['accepted', 'accepted']);
  assert.deepEqual(await decisionsOf(bId, 'personal.name'), ['accepted']);

  const entries = (await listAudit(fx.ws, { action: 'redaction.accepted' })).slice(before);
  assert.equal(entries.length, 3, 'one audit entry per decision');
  assert.ok(entries.every((e) => e.actor === 'ana' && [aId, bId].includes(e.subject!) && String(e.details.comment).includes('across:batch')));
  for (const id of [aId, bId]) {
    assert.ok((await signOffBlockers(fx.ws, (await getDocument(fx.ws, id))!, 'ana')).some((b) => /two-person rule/.test(b)), 'ana decided, so ana may not sign');
    assert.ok(!(await signOffBlockers(fx.ws, (await getDocument(fx.ws, id))!, 'bo')).some((b) => /two-person rule/.test(b)));
  }
  const history = await (await ana.get(`/documents/${bId}/history`)).text();
  assert.match(history, /accepted a Person name redaction \(page 1\) \(one decision for the value across the batch\)/);
});

test('a document or one occurrence can be split out; undo takes back one step at a time, across documents', async () => {
  const ana = await as('ana');
  const name = (await values(ana)).find((v) => v.words?.text === 'Lena Marsh')!;
  // Split document B out of the value.
  assert.equal((await ana.api('POST', `/api/documents/${bId}/values/${name.key}/decision`, { decision: 'rejected' })).status, 200);
  let now = (await values(ana)).find((v) => v.key === name.key)!;
  assert.equal(now.decision, 'mixed');
  assert.deepEqual(now.documents.map((d) => d.decision), ['accepted', 'rejected']);
  // And one occurrence of document A.
  const second = now.documents[0].ids[1];
  assert.equal((await ana.api('POST', `/api/documents/${aId}/redactions/${second}/decision`, { decision: 'rejected' })).status, 200);
  now = (await values(ana)).find((v) => v.key === name.key)!;
  assert.deepEqual(now.documents.map((d) => d.decision), ['mixed', 'rejected']);

  // Undo in the batch: the occurrence, then document B, then the batch-wide decision (both documents at once).
  assert.equal((await ana.api('POST', `/api/batches/${batchId}/undo`)).status, 200);
  assert.deepEqual(await decisionsOf(aId, 'personal.name'), ['accepted', 'accepted']);
  assert.equal((await ana.api('POST', `/api/batches/${batchId}/undo`)).status, 200);
  assert.deepEqual(await decisionsOf(bId, 'personal.name'), ['accepted']);
  const whole = (await (await ana.api('POST', `/api/batches/${batchId}/undo`)).json()) as Change;
  assert.equal(whole.changed.length, 3);
  assert.deepEqual([...(await decisionsOf(aId, 'personal.name')), ...(await decisionsOf(bId, 'personal.name'))], ['proposed', 'proposed', 'proposed']);

  // From a document's page, undo of a batch-wide decision takes it back everywhere too (it was one keystroke).
  assert.equal((await ana.api('POST', `/api/batches/${batchId}/values/${name.key}/decision`, { decision: 'rejected' })).status, 200);
  const back = (await (await ana.api('POST', `/api/documents/${aId}/undo`)).json()) as Change;
  assert.equal(back.changed.length, 3);
  assert.deepEqual(await decisionsOf(bId, 'personal.name'), ['proposed']);
});

test('documents someone else holds are left out and named; clerks cannot decide', async () => {
  const ana = await as('ana');
  const bo = await as('bo');
  assert.equal((await bo.api('POST', `/api/documents/${bId}/claim`, {})).status, 200);
  const phone = (await values(ana)).find((v) => v.words?.text === '555-0199')!;
  assert.equal(phone.documents.find((d) => d.id === bId)?.claimedBy, 'bo');
  const change = (await (await ana.api('POST', `/api/batches/${batchId}/values/${phone.key}/decision`, { decision: 'accepted' })).json()) as Change;
  assert.deepEqual(change.skipped?.map((s) => [s.fileName, s.claimedBy]), [['notes-b.pdf', 'bo']]);
  assert.deepEqual(await decisionsOf(aId, 'personal.phone'), ['accepted']);
  assert.deepEqual(await decisionsOf(bId, 'personal.phone'), ['proposed'], "bo's document is untouched");
  const cy = await as('cy');
  const refused = await cy.api('POST', `/api/batches/${batchId}/values/${phone.key}/decision`, { decision: 'rejected' });
  assert.equal(refused.status, 403);
  assert.equal((await bo.api('POST', `/api/documents/${bId}/claim`, { release: true })).status, 200);
});

test('the batch values page works without the script; the queue and each document page lead to it', async () => {
  const ana = await as('ana');
  const page = await ana.get(`/batches/${batchId}/values`);
  assert.equal(page.status, 200);
  const html = await page.text();
  const name = (await values(ana)).find((v) => v.words?.text === 'Lena Marsh')!;
  assert.match(html, new RegExp(`id="v-${name.key}"[^>]*data-decide="/api/batches/${batchId}/values/${name.key}/decision"`));
  assert.match(html, /Person name <span class="code">\(b\)\(6\)<\/span> <span class="count">×3<\/span> <span class="pages">2 documents<\/span>/);
  assert.match(html, /Accept all 3/);
  const posted = await ana.post(`/batches/${batchId}/values/${name.key}/decision`, { decision: 'accepted' });
  assert.equal(posted.status, 303);
  assert.match(posted.headers.get('location') ?? '', new RegExp(`^/batches/${batchId}/values\\?notice=decided&n=3&m=2#v-${name.key}$`));
  assert.match(await (await ana.get(posted.headers.get('location')!)).text(), /3 redactions decided in 2 documents/);
  // Split one document out from the batch page: back to the batch page.
  const split = await ana.post(`/documents/${bId}/values/${name.key}/decision`, { decision: 'rejected', back: 'batch' });
  assert.match(split.headers.get('location') ?? '', new RegExp(`^/batches/${batchId}/values\\?notice=decided&n=1#v-${name.key}$`));
  assert.equal((await ana.post(`/batches/${batchId}/undo`, {})).status, 303);
  assert.deepEqual(await decisionsOf(bId, 'personal.name'), ['accepted']);

  const doc = await (await ana.get(`/documents/${aId}`)).text();
  assert.match(doc, new RegExp(`<a href="/batches/${batchId}/values#v-[0-9a-f v]+" data-role="elsewhere">In 1 more document \\(1×\\)`));
  assert.match(doc, new RegExp(`data-batch="${batchId}"`));
  const queue = await (await ana.get('/queue')).text();
  assert.match(queue, new RegExp(`<a href="/batches/${batchId}/values"`));
  assert.equal((await ana.get('/batches/b_000000000000000000000000/values')).status, 404);
});

/**
 * The JSON API (`/api/…`) through `app.request`: the same review service as
 * the HTML app, so the same rules. One decision per value, splitting one out,
 * undo of a value and of a drawn box, marking selected words, claims, the
 * queue's sort and "waiting for me", approval with the next document.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';
import { createReviewApp } from '../../pipeline/review/app.ts';
import { listBatches } from '../../pipeline/workspace/store/index.ts';
import { getDocument } from '../../pipeline/workspace/store/index.ts';
import { listRedactions } from '../../pipeline/workspace/store/index.ts';
import { apiClient } from './client.ts';
import type { ApiClient } from './client.ts';
import { BATCH_RUNNER, PASSWORD, addDocument, makeReviewFixture } from './fixture.ts';
import type { ReviewFixture } from './fixture.ts';

let fx: ReviewFixture;
let app: ReturnType<typeof createReviewApp>;
let repeatedId: string;

/** A document where one name appears three times (three proposals of one value). */
const repeated = {
  fileName: 'repeated-name.pdf',
  lines: ['Interview notes 7', 'Lena Marsh met the panel on Monday.', 'The panel asked Lena Marsh about the site visit.', 'Lena Marsh signed the statement.', 'Contact 555-0199 for records.'],
  // The name is left to the test, which redacts it by phrase (three boxes of one value).
  findings: [{ text: '555-0199', category: 'personal.phone', detector: 'phone', score: 0.9 }],
};

interface View {
  groups: { key: string; decision: string; pages: number[]; items: { id: string; decision: string; words?: { before: string; text: string; after: string } }[] }[];
  items: { id: string; plainReason: string; words?: { before: string; text: string; after: string } }[];
  approvalBlockers: string[];
  pages: { number: number; text: string; marks: { start: number; end: number; id: string }[] }[];
  claim?: { by: string };
}

const as = (name: string): Promise<ApiClient> => apiClient((path, init) => app.request(path, init), name, PASSWORD);

before(async () => {
  fx = await makeReviewFixture();
  const record = await addDocument(fx.ws, (await listBatches(fx.ws))[0].id, repeated);
  repeatedId = record.id;
  app = createReviewApp({ ws: fx.ws, policy: defaultPolicy() });
});
after(() => fx.ws.close());

test('the document as JSON: each redaction with the words it covers, in context, and a plain reason', async () => {
  const ana = await as('ana');
  const res = await ana.api('GET', `/api/documents/${fx.memoId}`);
  assert.equal(res.status, 200);
  const view = (await res.json()) as View;
  const ssn = view.items.find((i) => i.words?.text === '372-41-8806');
  assert.ok(ssn, JSON.stringify(view.items.map((i) => i.words)));
  assert.match(ssn.words!.before, /Her SSN is$/);
  assert.match(ssn.words!.after, /^and her email is/);
  assert.match(ssn.plainReason, /Social Security or taxpayer number: withheld as personal privacy, \(b\)\(6\)/);
  assert.ok(view.pages[0].marks.some((m) => view.pages[0].text.slice(m.start, m.end) === '372-41-8806'), 'the text view marks the covered words');
  assert.equal((await ana.api('GET', '/api/documents/d_000000000000000000000000')).status, 404);
  assert.equal((await ana.api('GET', '/api/documents/not-an-id')).status, 404);
});

test('a value found three times is one decision; one occurrence can be split out; undo puts back the whole step', async () => {
  const ana = await as('ana');
  // A clerk redacts "Lena Marsh" by phrase: three proposed boxes of the same value.
  const cy = await as('cy');
  const typed = await cy.api('POST', `/api/documents/${repeatedId}/phrases`, { text: 'Lena Marsh', category: 'personal.name', exemption: 'b6', reason: 'Interviewee' });
  assert.equal(typed.status, 200, await typed.clone().text());
  assert.equal(((await typed.json()) as { changed: unknown[] }).changed.length, 3);
  const view = (await (await ana.api('GET', `/api/documents/${repeatedId}`)).json()) as View;
  const group = view.groups.find((g) => g.items.length === 3)!;
  assert.ok(group, 'the three occurrences are one value');
  assert.equal(group.decision, 'proposed');
  assert.ok(group.items.every((i) => i.words?.text === 'Lena Marsh'));

  const decided = await ana.api('POST', `/api/documents/${repeatedId}/values/${group.key}/decision`, { decision: 'accepted' });
  assert.equal(decided.status, 200);
  const names = async () => (await listRedactions(fx.ws, repeatedId)).filter((r) => r.category === 'personal.name');
  assert.deepEqual((await names()).map((r) => r.decision), ['accepted', 'accepted', 'accepted']);

  // Split one out: reject the second occurrence alone.
  const second = group.items[1].id;
  assert.equal((await ana.api('POST', `/api/documents/${repeatedId}/redactions/${second}/decision`, { decision: 'rejected' })).status, 200);
  const after = (await (await ana.api('GET', `/api/documents/${repeatedId}`)).json()) as View;
  assert.equal(after.groups.find((g) => g.key === group.key)!.decision, 'mixed');

  // Undo takes back the split, then the value decision (all three at once).
  assert.equal((await ana.api('POST', `/api/documents/${repeatedId}/undo`)).status, 200);
  assert.deepEqual((await names()).map((r) => r.decision), ['accepted', 'accepted', 'accepted']);
  assert.equal((await ana.api('POST', `/api/documents/${repeatedId}/undo`)).status, 200);
  assert.deepEqual((await names()).map((r) => r.decision), ['proposed', 'proposed', 'proposed']);
  const none = await ana.api('POST', `/api/documents/${repeatedId}/undo`);
  assert.equal(none.status, 409);
  assert.equal(((await none.json()) as { code: string }).code, 'review.nothing-to-undo');
});

test('words selected in the text view become one redaction over whole words; undo withdraws it', async () => {
  const bo = await as('bo');
  const page = ((await (await bo.api('GET', `/api/documents/${repeatedId}`)).json()) as View).pages[0];
  const start = page.text.indexOf('site visit') + 2; // mid-word: the whole word is taken
  const marked = await bo.api('POST', `/api/documents/${repeatedId}/marks`, { page: 1, start, end: start + 8, category: 'personal.address', exemption: 'b6', reason: 'Site location' });
  assert.equal(marked.status, 200, await marked.clone().text());
  const body = (await marked.json()) as { id: string; text: string };
  assert.equal(body.text, 'site visit.', 'whole words, as the page reads');
  assert.equal((await listRedactions(fx.ws, repeatedId)).find((r) => r.id === body.id)?.decision, 'accepted');
  assert.equal((await bo.api('POST', `/api/documents/${repeatedId}/marks`, { page: 1, start: 5, end: 2, category: 'personal.address', exemption: 'b6', reason: 'x' })).status, 400);
  assert.equal((await bo.api('POST', `/api/documents/${repeatedId}/marks`, { page: 1, start: 0, end: 4, category: 'no.such', exemption: 'b6', reason: 'x' })).status, 400);
  assert.equal((await bo.api('POST', `/api/documents/${repeatedId}/undo`)).status, 200);
  assert.equal((await listRedactions(fx.ws, repeatedId)).find((r) => r.id === body.id), undefined, 'withdrawn');
});

test('the first decision claims the document: another approver is refused until they take it over', async () => {
  const ana = await as('ana');
  const bo = await as('bo');
  const first = (await listRedactions(fx.ws, repeatedId)).find((r) => r.category === 'personal.phone')!;
  assert.equal((await ana.api('POST', `/api/documents/${repeatedId}/redactions/${first.id}/decision`, { decision: 'accepted' })).status, 200);
  const refused = await bo.api('POST', `/api/documents/${repeatedId}/redactions/${first.id}/decision`, { decision: 'rejected' });
  assert.equal(refused.status, 409);
  assert.match(((await refused.json()) as { error: string }).error, /ana has claimed this document/);
  const queue = (await (await bo.api('GET', '/api/queue?mine=1')).json()) as { documents: { id: string; claimedBy?: string }[] };
  assert.ok(!queue.documents.some((d) => d.id === repeatedId), 'undecided work held by ana is not waiting for bo');
  assert.equal((await bo.api('POST', `/api/documents/${repeatedId}/claim`, {})).status, 200);
  assert.equal((await bo.api('POST', `/api/documents/${repeatedId}/redactions/${first.id}/decision`, { decision: 'rejected' })).status, 200);
  assert.equal((await bo.api('POST', `/api/documents/${repeatedId}/claim`, { assignee: 'ana' })).status, 200, 'assign to someone else');
  assert.equal(((await (await bo.api('GET', `/api/documents/${repeatedId}`)).json()) as View).claim?.by, 'ana');
  assert.equal((await bo.api('POST', `/api/documents/${repeatedId}/claim`, { assignee: 'nobody' })).status, 400);
  assert.equal((await bo.api('POST', `/api/documents/${repeatedId}/claim`, { assignee: 'di' })).status, 400, 'admins do not work documents');
  assert.equal((await bo.api('POST', `/api/documents/${repeatedId}/claim`, { release: true })).status, 200);
});

test('the queue sorts by pages, findings and age, and the API refuses what the HTML app refuses', async () => {
  const ana = await as('ana');
  const byFindings = (await (await ana.api('GET', '/api/queue?sort=findings&dir=desc')).json()) as { documents: { id: string; findings: number }[] };
  const counts = byFindings.documents.map((d) => d.findings);
  assert.deepEqual(counts, [...counts].sort((a, b) => b - a));
  assert.equal(byFindings.documents.length, 3);
  const cy = await as('cy');
  assert.equal((await cy.api('POST', `/api/documents/${fx.memoId}/approve`)).status, 403);
  assert.equal((await ana.api('POST', `/api/documents/${fx.memoId}/redactions/r-f1/decision`, { decision: 'maybe' })).status, 400);
  const noToken = await app.request(`/api/documents/${fx.memoId}/undo`, { method: 'POST', headers: { cookie: [...ana.cookies].map(([k, v]) => `${k}=${v}`).join('; '), accept: 'application/json' } });
  assert.equal(noToken.status, 403, 'the CSRF token is needed on the API too');
});

test('approval through the API answers with the next document waiting for the approver', async () => {
  const ana = await as('ana');
  const bo = await as('bo');
  for (const r of await listRedactions(fx.ws, fx.memoId)) await ana.api('POST', `/api/documents/${fx.memoId}/redactions/${r.id}/decision`, { decision: 'accepted' });
  const runner = await as(BATCH_RUNNER);
  const blocked = await runner.api('POST', `/api/documents/${fx.memoId}/approve`);
  assert.equal(blocked.status, 409);
  const view = (await (await runner.api('GET', `/api/documents/${fx.memoId}`)).json()) as View;
  assert.ok(view.approvalBlockers.some((b) => /two-person rule/.test(b)), 'the page would show why');
  // bo decided on the other two documents, so he may not sign them; the one still undecided waits for him once ana lets go of it.
  assert.equal((await ana.api('POST', `/api/documents/${repeatedId}/claim`, { release: true })).status, 200);
  // Decided by ana and claimed by her, the memo now waits for bo (the second person), and not for ana.
  const waiting = async (who: typeof ana) => ((await (await who.api('GET', '/api/queue?mine=1')).json()) as { documents: { id: string }[] }).documents.map((d) => d.id);
  assert.ok((await waiting(bo)).includes(fx.memoId));
  assert.ok(!(await waiting(ana)).includes(fx.memoId));
  const approved = await bo.api('POST', `/api/documents/${fx.memoId}/approve`);
  assert.equal(approved.status, 200, await approved.clone().text());
  const body = (await approved.json()) as { approval: { approver: string }; next: { id: string } | null };
  assert.equal(body.approval.approver, 'bo');
  assert.ok(body.next && body.next.id !== fx.memoId);
  assert.equal((await getDocument(fx.ws, fx.memoId))!.state, 'approved');
  assert.equal((await ana.api('POST', `/api/documents/${fx.memoId}/undo`)).status, 409, 'nothing changes after approval');
});

test('on a scanned page each value shows a zoomed crop of the scan around its words, beside the words read by OCR', async () => {
  const scan = await addDocument(fx.ws, (await listBatches(fx.ws))[0].id, { fileName: 'scan.pdf', scan: true, lines: ['Visitor log', 'Signed in by Lena Marsh at noon.'], findings: [{ text: 'Lena Marsh', category: 'personal.name', detector: 'people', score: 0.8 }] });
  const ana = await as('ana');
  const html = await (await ana.get(`/documents/${scan.id}`)).text();
  const crop = /<svg class="crop" viewBox="([\d. -]+)" role="img" aria-label="Zoomed scan of the covered words on page 1"><image href="\/documents\/(d_[0-9a-f]+)\/pages\/1\.png"/.exec(html);
  assert.ok(crop, 'a crop of the page image');
  assert.equal(crop[2], scan.id);
  const [x, y, w, h] = crop[1].split(' ').map(Number);
  const box = (await listRedactions(fx.ws, scan.id))[0].boxes[0].box;
  assert.ok(x < box[0] && y < box[1] && x + w > box[2] && y + h > box[3], 'the crop holds the box with a margin');
  assert.ok(w < 612 / 2, 'and is zoomed in');
  assert.match(html, /<mark>Lena Marsh<\/mark>/);
  assert.match(html, /Page 1 \(scan, read by OCR\)/);
});

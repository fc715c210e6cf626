/**
 * "What changed since you last looked", through `app.request`: each person's
 * last look is recorded when they open the document page, and the page (and
 * the approval preview) lists what others decided, drew, claimed or sent back
 * after it, in words, one line per keystroke. Also the one audit query
 * (`listAudit`/`countAudit`) the audit page and histories share.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';
import { createReviewApp } from '../../pipeline/review/app.ts';
import { changesSince } from '../../pipeline/review/changes.ts';
import { countAudit, listAudit } from '../../pipeline/workspace/store/index.ts';
import { listBatches } from '../../pipeline/workspace/store/index.ts';
import { lastLook } from '../../pipeline/workspace/store/index.ts';
import { apiClient } from './client.ts';
import type { ApiClient } from './client.ts';
import { PASSWORD, addDocument, makeReviewFixture } from './fixture.ts';
import type { ReviewFixture } from './fixture.ts';

let fx: ReviewFixture;
let app: ReturnType<typeof createReviewApp>;
let threeId: string;
const as = (name: string): Promise<ApiClient> => apiClient((path, init) => app.request(path, init), name, PASSWORD);

const three = {
  fileName: 'three-mentions.pdf',
  lines: ['Panel notes 12', 'Lena Marsh met the panel.', 'The panel thanked Lena Marsh.', 'Lena Marsh left at noon.', 'Call 555-0199 for the file.'],
  findings: [0, 1, 2].map((nth) => ({ text: 'Lena Marsh', category: 'personal.name', detector: 'people', score: 0.9, nth })).concat([{ text: '555-0199', category: 'personal.phone', detector: 'phone', score: 0.9, nth: 0 }]),
};

interface View {
  groups: { key: string; items: { id: string }[] }[];
  changes?: { since?: string; lines: { actor: string; what: string; entries: number }[]; total: number };
}

before(async () => {
  fx = await makeReviewFixture();
  threeId = (await addDocument(fx.ws, (await listBatches(fx.ws))[0].id, three)).id;
  app = createReviewApp({ ws: fx.ws, policy: defaultPolicy() });
});
after(() => fx.ws.close());

const panel = (html: string) => /<section class="changes"[\s\S]*?<\/section>|<p class="changes none"[^>]*>[^<]*<\/p>/.exec(html)?.[0] ?? '';

test("opening a document records the look; others' decisions after it are listed at the top, one line per keystroke", async () => {
  const ana = await as('ana');
  const bo = await as('bo');
  const first = await (await ana.get(`/documents/${threeId}`)).text();
  assert.equal(panel(first), '', 'nobody else has done anything yet');
  assert.ok(await lastLook(fx.ws, threeId, 'ana'), 'the look is recorded');

  const view = (await (await bo.api('GET', `/api/documents/${threeId}`)).json()) as View;
  const name = view.groups.find((g) => g.items.length === 3)!;
  assert.equal((await bo.api('POST', `/api/documents/${threeId}/values/${name.key}/decision`, { decision: 'accepted' })).status, 200);

  const second = panel(await (await ana.get(`/documents/${threeId}`)).text());
  assert.match(second, /Changed by others since you last looked/);
  assert.match(second, /<strong>bo<\/strong> accepted 3 Person name redactions/, 'the value decision is one line');
  assert.match(second, /<strong>bo<\/strong> claimed the document/);

  const third = panel(await (await ana.get(`/documents/${threeId}`)).text());
  assert.match(third, /Nothing changed since you last looked/, 'the second look saw them');
});

test("one's own changes are not news, and the approval preview shows others' changes without counting as a look", async () => {
  const ana = await as('ana');
  const bo = await as('bo');
  await ana.get(`/documents/${threeId}`);
  const phone = ((await (await bo.api('GET', `/api/documents/${threeId}`)).json()) as View).groups.find((g) => g.items.length === 1)!;
  assert.equal((await bo.api('POST', `/api/documents/${threeId}/values/${phone.key}/decision`, { decision: 'rejected' })).status, 200);
  const forBo = await changesSince(fx.ws, threeId, 'bo');
  assert.equal(forBo.total, 0, 'bo sees nothing of his own');

  const preview = panel(await (await ana.get(`/documents/${threeId}/preview`)).text());
  assert.match(preview, /<strong>bo<\/strong> rejected a Phone number redaction \(page 1\)/);
  const page = panel(await (await ana.get(`/documents/${threeId}`)).text());
  assert.match(page, /rejected a Phone number redaction/, 'the preview did not use up the news');

  const json = (await (await ana.api('GET', `/api/documents/${threeId}`)).json()) as View;
  assert.equal(json.changes?.total, 0, 'the page above was a look');
  assert.ok(json.changes?.since);
});

test('someone who never opened the document sees what others did before them', async () => {
  const cy = await as('cy');
  const page = panel(await (await cy.get(`/documents/${threeId}`)).text());
  assert.match(page, /What others did before you opened it/);
  assert.match(page, /accepted 3 Person name redactions/);
});

test('one audit query serves the audit page and the histories: filters by family, person and document, paged', async () => {
  const decisions = { subject: threeId, action: 'redaction.' };
  const all = await listAudit(fx.ws, decisions);
  assert.ok(all.length >= 4, `${all.length} decisions`);
  assert.ok(all.every((e) => e.action.startsWith('redaction.') && e.subject === threeId));
  assert.equal(await countAudit(fx.ws, decisions), all.length);
  const page2 = await listAudit(fx.ws, { ...decisions, newestFirst: true, limit: 2, offset: 2 });
  assert.deepEqual(page2.map((e) => e.seq), all.map((e) => e.seq).reverse().slice(2, 4));
  assert.ok((await listAudit(fx.ws, { ...decisions, notActor: 'bo' })).every((e) => e.actor !== 'bo'));
  assert.equal((await listAudit(fx.ws, { actions: ['redaction.', 'document.claimed'], actor: 'bo', subject: threeId })).filter((e) => e.action === 'document.claimed').length, 1);
  // A family is a prefix up to its dot: "redaction." does not match an action merely starting with the word.
  assert.equal((await listAudit(fx.ws, { action: 'redaction' })).length, 0);
});

test('the audit page and the history page read through it', async () => {
  const di = await as('di');
  const audit = await (await di.get(`/audit?action=redaction&actor=bo&document=${threeId}`)).text();
  const rows = [...audit.matchAll(/<tr>\s*<td class="when">/g)].length;
  assert.equal(rows, await countAudit(fx.ws, { action: 'redaction.', actor: 'bo', subject: threeId }));
  const ana = await as('ana');
  const history = await (await ana.get(`/documents/${threeId}/history`)).text();
  assert.match(history, /accepted a Person name redaction/);
  assert.doesNotMatch(history, /You last looked at the document/, 'nothing happened since ana last looked');
  const bo = await as('bo');
  const phone = ((await (await bo.api('GET', `/api/documents/${threeId}`)).json()) as View).groups.find((g) => g.items.length === 1)!;
  assert.equal((await bo.api('POST', `/api/documents/${threeId}/values/${phone.key}/decision`, { decision: 'accepted' })).status, 200);
  const marked = await (await ana.get(`/documents/${threeId}/history`)).text();
  assert.match(marked, /You last looked at the document at [0-9: -]+ UTC; what follows is new since\.<\/td><\/tr>\s*<tr>[\s\S]*?<strong>bo<\/strong><\/td>\s*<td>accepted a Phone number redaction/);
});

/**
 * Review routes through `app.request` (no port): sign-in, queue, document page,
 * decisions, drawing, phrase and batch-wide redaction, approval with the
 * two-person rule, send-back, and the admin pages.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';
import { createReviewApp } from '../../pipeline/review/app.ts';
import { main } from '../../pipeline/cli/main.ts';
import { approvedArtifact, latestApproval } from '../../pipeline/workspace/store/index.ts';
import { listAudit, verifyAuditChain } from '../../pipeline/workspace/store/index.ts';
import { fail } from '../../pipeline/problems.ts';
import { getDocument } from '../../pipeline/workspace/store/index.ts';
import { listRedactions } from '../../pipeline/workspace/store/index.ts';
import { createClient } from './client.ts';
import type { Client } from './client.ts';
import { BATCH_RUNNER, PASSWORD, makeReviewFixture } from './fixture.ts';
import type { ReviewFixture } from './fixture.ts';
import { tempDir } from '../support/temp-dir.ts';

let fx: ReviewFixture;
let app: ReturnType<typeof createReviewApp>;
const as = async (name: string): Promise<Client> => {
  const client = createClient((path, init) => Promise.resolve(app.request(path, init)));
  const res = await client.signIn(name, PASSWORD);
  assert.equal(res.status, 303, `${name} could not sign in`);
  return client;
};

before(async () => {
  fx = await makeReviewFixture();
  app = createReviewApp({ ws: fx.ws, policy: defaultPolicy() });
});
after(() => fx.ws.close());

describe('signing in', () => {
  test('the sign-in page and assets are public; everything else sends you to sign in', async () => {
    const anon = createClient((p, i) => Promise.resolve(app.request(p, i)));
    assert.equal((await anon.get('/login')).status, 200);
    assert.equal((await anon.get('/static/review.css')).status, 200);
    const js = await anon.get('/static/review.js');
    assert.match(js.headers.get('content-type') ?? '', /javascript/);
    assert.doesNotMatch(await js.text(), /: HTMLElement\[\]/, 'types are stripped');
    const queue = await anon.get('/queue');
    assert.equal(queue.status, 303);
    assert.equal(queue.headers.get('location'), '/login?next=%2Fqueue');
  });

  test('a wrong password is refused; a right one starts a session with strict cookie flags', async () => {
    const client = createClient((p, i) => Promise.resolve(app.request(p, i)));
    assert.equal((await client.signIn('ana', 'not-the-password')).status, 401);
    assert.equal((await client.signIn('nobody', PASSWORD)).status, 401);
    const form = await client.get('/login');
    const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
    const res = await client.post('/login?next=/documents/' + fx.memoId, { _csrf: token, name: 'ana', password: PASSWORD }, { csrf: false });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), `/documents/${fx.memoId}`);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('daylight-session='))!;
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.match(cookie, /Path=\//);
    assert.doesNotMatch(cookie, /Secure/, 'plain HTTP on loopback');
  });

  test('the sign-in form needs its own CSRF token, and `next` cannot leave the site', async () => {
    const client = createClient((p, i) => Promise.resolve(app.request(p, i)));
    await client.get('/login');
    assert.equal((await client.post('/login', { name: 'ana', password: PASSWORD }, { csrf: false })).status, 403);
    const form = await client.get('/login');
    const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
    const res = await client.post('/login?next=//evil.example/x', { _csrf: token, name: 'ana', password: PASSWORD }, { csrf: false });
    assert.equal(res.headers.get('location'), '/queue');
  });

  test('over HTTPS the session cookie is Secure and __Host- prefixed', async () => {
    const secure = createReviewApp({ ws: fx.ws, policy: defaultPolicy(), secure: true });
    const client = createClient((p, i) => Promise.resolve(secure.request(p, i)));
    const res = await client.signIn('ana', PASSWORD);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-daylight-session='));
    assert.ok(cookie, res.headers.getSetCookie().join(' | '));
    assert.match(cookie!, /Secure/);
  });

  test('sessions end after the idle timeout and on sign-out', async (t) => {
    // The clock is the test's: a loaded machine cannot make the first request arrive "idle", and no real wait.
    t.mock.timers.enable({ apis: ['Date'], now: Date.now() });
    const idle = createReviewApp({ ws: fx.ws, policy: defaultPolicy(), idleMs: 1500 });
    const client = createClient((p, i) => Promise.resolve(idle.request(p, i)));
    await client.signIn('ana', PASSWORD);
    t.mock.timers.tick(1400);
    assert.equal((await client.get('/queue')).status, 200, 'active within the idle timeout');
    t.mock.timers.tick(1400);
    assert.equal((await client.get('/queue')).status, 200, 'each request starts the idle time again');
    t.mock.timers.tick(1600);
    assert.equal((await client.get('/queue')).status, 303);
    t.mock.timers.reset();
    const ana = await as('ana');
    assert.equal((await ana.post('/logout', {})).status, 303);
    assert.equal((await ana.get('/queue')).status, 303);
  });
});

describe('reviewing', () => {
  test('the queue lists documents in review with counts per category, and filters', async () => {
    const ana = await as('ana');
    const html = await (await ana.get('/queue')).text();
    assert.match(html, /incident-report\.pdf/);
    assert.match(html, /follow-up\.pdf/);
    assert.match(html, /Social Security or taxpayer number <b>1<\/b>/);
    const phone = await (await ana.get('/queue?category=personal.phone')).text();
    assert.doesNotMatch(phone, /incident-report\.pdf/);
    assert.match(phone, /follow-up\.pdf/);
    assert.match(await (await ana.get('/queue?state=approved')).text(), /0 documents/);
  });

  test('the document page shows each proposal with reason, category, code, detector and confidence', async () => {
    const cy = await as('cy');
    const res = await cy.get(`/documents/${fx.memoId}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const html = await res.text();
    for (const s of ['(b)(6)', 'Person name', 'people', '82%', 'pattern ssn', 'alt="Page 1 of 1 of incident-report.pdf']) assert.ok(html.includes(s), s);
    assert.doesNotMatch(html, /name="decision"/, 'a clerk gets no accept/reject buttons');
    assert.match(html, /Apply to every occurrence in this batch/);
  });

  test('page images and originals go only to signed-in users, never cached', async () => {
    const ana = await as('ana');
    const png = await ana.get(`/documents/${fx.memoId}/pages/1.png`);
    assert.equal(png.status, 200);
    assert.equal(png.headers.get('content-type'), 'image/png');
    assert.equal(png.headers.get('cache-control'), 'no-store');
    const bytes = new Uint8Array(await png.arrayBuffer());
    assert.deepEqual([...bytes.slice(1, 4)], [0x50, 0x4e, 0x47]);
    assert.equal((await ana.get(`/documents/${fx.memoId}/pages/2.png`)).status, 404);
    // Zoomed pages load a render at twice the resolution (PNG width is bytes 16–19 of IHDR).
    const width = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset).getUint32(16);
    const sharp = new Uint8Array(await (await ana.get(`/documents/${fx.memoId}/pages/1@2x.png`)).arrayBuffer());
    assert.equal(width(sharp), 2 * width(bytes));
    assert.equal((await ana.get(`/documents/${fx.memoId}/pages/1@3x.png`)).status, 404);
    const original = await ana.get(`/documents/${fx.memoId}/original`);
    assert.equal(original.headers.get('cache-control'), 'no-store');
    assert.match(original.headers.get('content-disposition') ?? '', /attachment/);
    assert.equal(new TextDecoder().decode(new Uint8Array(await original.arrayBuffer()).slice(0, 5)), '%PDF-');
  });

  test('roles are enforced by the server', async () => {
    const cy = await as('cy');
    const [first] = await listRedactions(fx.ws, fx.memoId);
    assert.equal((await cy.post(`/documents/${fx.memoId}/redactions/${first.id}/decision`, { decision: 'accepted' })).status, 403);
    assert.equal((await cy.post(`/documents/${fx.memoId}/approve`, {})).status, 403);
    assert.equal((await cy.get('/audit')).status, 403);
    const di = await as('di');
    assert.equal((await di.post(`/documents/${fx.memoId}/approve`, {})).status, 403, 'admins do not sign releases');
  });

  test('a state-changing request without the CSRF token gets 403 and changes nothing', async () => {
    const ana = await as('ana');
    const [first] = await listRedactions(fx.ws, fx.memoId);
    const res = await ana.post(`/documents/${fx.memoId}/redactions/${first.id}/decision`, { decision: 'accepted' }, { csrf: false });
    assert.equal(res.status, 403);
    assert.equal((await listRedactions(fx.ws, fx.memoId)).find((r) => r.id === first.id)!.decision, 'proposed');
    const wrong = await ana.post(`/documents/${fx.memoId}/redactions/${first.id}/decision`, { decision: 'accepted', _csrf: 'forged' });
    assert.equal(wrong.status, 403);
  });

  test('a clerk draws a box: it snaps to the words it touches and waits as a proposal', async () => {
    const cy = await as('cy');
    // Only part of "Daniel" and "Okafor" (line 6, baseline 220) is inside the drawn box.
    const res = await cy.post(`/documents/${fx.memoId}/redactions`, { page: '1', x0: '130', y0: '213', x1: '190', y1: '218', category: 'personal.name', exemption: 'b7C', reason: 'Witness name' });
    assert.equal(res.status, 303);
    const drawn = (await listRedactions(fx.ws, fx.memoId)).find((r) => r.reason === 'Witness name')!;
    assert.equal(drawn.decision, 'proposed');
    assert.deepEqual(drawn.from, { reviewer: 'cy' });
    assert.equal(drawn.boxes.length, 1);
    const [x0, y0, x1, y1] = drawn.boxes[0].box;
    // Grown to whole words: from the start of "Daniel" to the end of "Okafor", but not "Witness".
    assert.ok(x0 > 110 && x0 < 125 && x1 > 185 && x1 < 200 && y0 < 212 && y1 > 221, `snapped box ${drawn.boxes[0].box}`);
    const bad = await cy.post(`/documents/${fx.memoId}/redactions`, { page: '9', x0: '1', y0: '1', x1: '5', y1: '5', category: 'personal.name', exemption: 'b6', reason: 'x' });
    assert.equal(bad.status, 400);
  });

  test('a phrase typed from the keyboard is redacted wherever it occurs in the document, once', async () => {
    const cy = await as('cy');
    const fields = { text: 'USED  twice', category: 'personal.health', exemption: 'b6', reason: 'Typed phrase' };
    assert.equal((await cy.post(`/documents/${fx.followUpId}/phrase`, fields)).headers.get('location'), `/documents/${fx.followUpId}?notice=phrase&n=1`);
    const typed = (await listRedactions(fx.ws, fx.followUpId)).filter((r) => r.reason === 'Typed phrase');
    assert.equal(typed.length, 1);
    assert.equal(typed[0].boxes.length, 1);
    assert.equal((await cy.post(`/documents/${fx.followUpId}/phrase`, fields)).headers.get('location'), `/documents/${fx.followUpId}?notice=phrase`, 'already covered');
    assert.equal((await cy.post(`/documents/${fx.followUpId}/phrase`, { ...fields, category: 'no.such' })).status, 400);
    assert.equal((await cy.post(`/documents/${fx.followUpId}/phrase`, { ...fields, reason: ' ' })).status, 400);
  });

  test('a finding the policy keeps is listed without a box, and a clerk can propose redacting it', async () => {
    const cy = await as('cy');
    const page = await (await cy.get(`/documents/${fx.followUpId}`)).text();
    assert.match(page, /Kept by the policy \(1\)/);
    assert.match(page, /Internal identifier listed by the office/);
    assert.ok(!(await listRedactions(fx.ws, fx.followUpId)).some((r) => r.category === 'government.internal-id'), 'no box proposed for it');
    assert.equal((await cy.post(`/documents/${fx.followUpId}/findings/f2/redact`, {})).status, 303);
    const promoted = (await listRedactions(fx.ws, fx.followUpId)).find((r) => r.category === 'government.internal-id')!;
    assert.equal(promoted.decision, 'proposed');
    assert.doesNotMatch(await (await cy.get(`/documents/${fx.followUpId}`)).text(), /Kept by the policy \(/);
    assert.equal((await cy.post(`/documents/${fx.followUpId}/findings/f2/redact`, {})).status, 404, 'only once');
    assert.equal((await cy.post(`/documents/${fx.followUpId}/findings/f1/redact`, {})).status, 404, 'only kept findings');
  });

  test('approvers accept and reject (in place for the script, by redirect for forms), and in bulk', async () => {
    const ana = await as('ana');
    const byText = async (t: string) => (await listRedactions(fx.ws, fx.memoId)).find((r) => r.id === `r-f${['Maria Gonzalez', '372-41-8806', 'mgonzalez@example.org', '4471'].indexOf(t) + 1}`)!;
    const json = await ana.post(`/documents/${fx.memoId}/redactions/${(await byText('372-41-8806')).id}/decision`, { decision: 'accepted' }, { headers: { accept: 'application/json' } });
    assert.equal(json.status, 200);
    assert.deepEqual(await json.json(), { id: 'r-f2', decision: 'accepted', label: 'Accepted by ana' });
    const form = await ana.post(`/documents/${fx.memoId}/redactions/${(await byText('4471')).id}/decision`, { decision: 'rejected' });
    assert.equal(form.status, 303);
    assert.equal((await byText('4471')).decision, 'rejected');
    assert.equal((await byText('4471')).decidedBy, 'ana');
    const bulk = await ana.post(`/documents/${fx.memoId}/bulk`, { category: 'personal.name', decision: 'accepted' });
    assert.equal(bulk.status, 303);
    assert.ok((await listRedactions(fx.ws, fx.memoId)).filter((r) => r.category === 'personal.name').every((r) => r.decision === 'accepted'));
    // The queue (cached between changes): 1 page, 5 redactions, the email still undecided, claimed by ana.
    const queue = await (await ana.get('/queue')).text();
    assert.match(queue, /incident-report\.pdf<\/a><\/th>\s*<td><a href="\/batches\/b_[0-9a-f]{24}\/values"[^>]*>october<\/a><\/td>\s*<td><span class="state state-in_review">in review<\/span><\/td>\s*<td class="num">\d+ min<\/td>\s*<td class="num">1<\/td>\s*<td class="num">5<\/td>\s*<td class="num">1<\/td>\s*<td>ana<\/td>/);
  });

  test('"apply to every occurrence in this batch" redacts the same name in the other document', async () => {
    const ana = await as('ana');
    const res = await ana.post(`/documents/${fx.memoId}/redactions/r-f1/everywhere`, {});
    assert.equal(res.status, 303);
    assert.match(res.headers.get('location') ?? '', /notice=everywhere&n=1&m=1/);
    const added = (await listRedactions(fx.ws, fx.followUpId)).filter((r) => 'reviewer' in r.from && r.category === 'personal.name');
    assert.equal(added.length, 1);
    assert.equal(added[0].category, 'personal.name');
    assert.equal(added[0].decision, 'accepted');
    assert.equal((await ana.post(`/documents/${fx.memoId}/redactions/r-f1/everywhere`, {})).headers.get('location')?.includes('n=') ?? false, false, 'nothing twice');
  });

  test('approval waits for every decision and follows the two-person rule', async () => {
    const runner = await as(BATCH_RUNNER);
    const ana = await as('ana');
    const blocked = await ana.post(`/documents/${fx.memoId}/approve`, {});
    assert.equal(blocked.status, 409);
    assert.match(await blocked.text(), /1 redaction is still undecided/);
    await ana.post(`/documents/${fx.memoId}/redactions/r-f3/decision`, { decision: 'accepted' });
    // ana added the redaction in the follow-up ("every occurrence"), so she may not sign that one.
    const own = await ana.post(`/documents/${fx.followUpId}/bulk`, { category: 'personal.phone', decision: 'accepted' });
    assert.equal(own.status, 303);
    const twoPerson = await ana.post(`/documents/${fx.followUpId}/approve`, {});
    assert.equal(twoPerson.status, 409);
    assert.match(await twoPerson.text(), /two-person rule/);
    const byRunner = await runner.post(`/documents/${fx.memoId}/approve`, {});
    assert.match(await byRunner.text(), /You ran the batch/);
    assert.equal((await getDocument(fx.ws, fx.memoId))!.state, 'in_review');
  });

  test('the preview is the release as approval would build it now: rebuilt, verified, recorded nowhere', async () => {
    const bo = await as('bo');
    const page = await bo.get(`/documents/${fx.memoId}/preview`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /Rebuilt from the decisions as they stand now and verified/);
    const sha = /SHA-256 <code>([0-9a-f]{64})<\/code>/.exec(html)?.[1];
    assert.ok(sha, 'the preview names its SHA-256');
    const pdf = await bo.get(`/documents/${fx.memoId}/preview.pdf`);
    assert.equal(pdf.headers.get('cache-control'), 'no-store');
    const dir = tempDir('daylight-preview-');
    writeFileSync(join(dir, 'p.pdf'), new Uint8Array(await pdf.arrayBuffer()));
    const text = spawnSync('pdftotext', [join(dir, 'p.pdf'), '-'], { encoding: 'utf8' });
    assert.ok(!text.stdout.includes('372-41-8806'), 'the accepted SSN is gone');
    assert.ok(text.stdout.includes('4471'), 'the rejected one is kept');
    const png = await bo.get(`/documents/${fx.memoId}/preview/pages/1.png`);
    assert.equal(png.headers.get('content-type'), 'image/png');
    assert.equal((await bo.get(`/documents/${fx.memoId}/preview/pages/2.png`)).status, 404);
    assert.equal((await getDocument(fx.ws, fx.memoId))!.state, 'in_review', 'nothing recorded');
    assert.equal((await bo.get(`/documents/${fx.memoId}/release`)).status, 404, 'no approved release yet');
  });

  test('a second approver signs: the release is rebuilt from the decisions, verified and recorded with its SHA-256', async () => {
    const ana = await as('ana');
    // The clerk's drawn box is still proposed; decide it.
    const drawn = (await listRedactions(fx.ws, fx.memoId)).find((r) => r.reason === 'Witness name')!;
    await ana.post(`/documents/${fx.memoId}/redactions/${drawn.id}/decision`, { decision: 'accepted' });
    // ana decided every redaction, so she may not sign; the page says so and disables the button.
    const mine = await (await ana.get(`/documents/${fx.memoId}`)).text();
    assert.match(mine, /<button type="submit" class="primary" data-role="approve" disabled aria-describedby="blockers">Approve for release/);
    assert.match(mine, /You accepted, rejected or drew redactions on this document/);
    assert.equal((await ana.post(`/documents/${fx.memoId}/approve`, {})).status, 409);
    // ana rejected the automatic 4471 redaction: bo confirms the rejection (ana cannot), then signs.
    const bo = await as('bo');
    const boPage = await (await bo.get(`/documents/${fx.memoId}`)).text();
    assert.match(boPage, /rejected redaction the policy applies automatically \(page 1\) needs a second person/);
    const key = /data-key="(v[0-9a-f]{16})" data-ids="r-f4"/.exec(boPage)![1];
    assert.match(boPage, new RegExp(`action="/documents/${fx.memoId}/values/${key}/confirm-rejection"`));
    assert.doesNotMatch(mine, /confirm-rejection/, 'the one who rejected is not offered the confirmation');
    assert.equal((await ana.post(`/documents/${fx.memoId}/values/${key}/confirm-rejection`, {})).status, 409);
    assert.equal((await bo.post(`/documents/${fx.memoId}/values/${key}/confirm-rejection`, {})).status, 303);
    const res = await bo.post(`/documents/${fx.memoId}/approve`, {});
    assert.equal(res.status, 303, await res.clone().text());
    const approval = (await latestApproval(fx.ws, fx.memoId))!;
    assert.equal(approval.approver, 'bo');
    assert.match(approval.artifactSha256, /^[0-9a-f]{64}$/);
    const artifact = await approvedArtifact(fx.ws, fx.memoId);
    assert.ok(artifact.ok);
    const dir = tempDir('daylight-approved-');
    writeFileSync(join(dir, 'a.pdf'), artifact.value.bytes);
    const text = spawnSync('pdftotext', [join(dir, 'a.pdf'), '-'], { encoding: 'utf8' });
    assert.equal(text.status, 0, 'pdftotext is needed (poppler-utils)');
    for (const gone of ['Gonzalez', '372-41-8806', 'mgonzalez', 'Okafor', 'Daniel']) assert.ok(!text.stdout.includes(gone), `${gone} leaked`);
    for (const kept of ['4471', 'Nothing else of note']) assert.ok(text.stdout.includes(kept), `${kept} missing`);
    // And it passes `daylight verify` with what was removed as secrets.
    writeFileSync(join(dir, 'secrets.txt'), 'Maria Gonzalez\n372-41-8806\nmgonzalez@example.org\nDaniel Okafor\n');
    const out = { text: '', err: '' };
    const code = await main(['verify', join(dir, 'a.pdf'), '--secrets', join(dir, 'secrets.txt')], {
      stdout: (t) => void (out.text += t),
      stderr: (t) => void (out.err += t),
      stderrIsTTY: false,
      cwd: dir,
    });
    assert.equal(code, 0, out.text + out.err);
    const page = await (await ana.get(`/documents/${fx.memoId}`)).text();
    assert.match(page, new RegExp(`Approved by <strong>bo</strong>.*${approval.artifactSha256}`, 's'));
    assert.equal((await ana.post(`/documents/${fx.memoId}/redactions/r-f1/decision`, { decision: 'rejected' })).status, 409, 'approved documents are closed');
    const release = await (await ana.get(`/documents/${fx.memoId}/release`)).text();
    assert.ok(release.includes(approval.artifactSha256), 'the approved release page shows the signed bytes');
    assert.equal((await ana.get(`/documents/${fx.memoId}/release/pages/1.png`)).headers.get('content-type'), 'image/png');
  });

  test('sending back needs a comment; the clerk returns it to the queue', async () => {
    const bo = await as('bo');
    assert.equal((await bo.post(`/documents/${fx.followUpId}/send-back`, { comment: '  ' })).status, 400);
    assert.equal((await bo.post(`/documents/${fx.followUpId}/send-back`, { comment: 'Check the phone number context.' })).status, 303);
    assert.equal((await getDocument(fx.ws, fx.followUpId))!.state, 'sent_back');
    const cy = await as('cy');
    assert.match(await (await cy.get(`/documents/${fx.followUpId}`)).text(), /Check the phone number context\./);
    assert.equal((await cy.post(`/documents/${fx.followUpId}/requeue`, {})).status, 303);
    assert.equal((await getDocument(fx.ws, fx.followUpId))!.state, 'in_review');
  });
});

describe('admin and paths', () => {
  test('admins read the audit log: every decision is attributed', async () => {
    const di = await as('di');
    const html = await (await di.get('/audit')).text();
    assert.match(html, /The hash chain verifies/);
    // In words, with names and links, not ids and JSON.
    for (const s of ['accepted a Social Security or taxpayer number redaction (page 1)', 'rejected a', 'added a Person name redaction', 'approved the release', 'sent the document back', 'failed to sign in: nobody', 'applied a redaction to every occurrence in the batch', `<a href="/documents/${fx.memoId}">incident-report.pdf</a>`, '“Check the phone number context.”']) {
      assert.ok(html.includes(s), s);
    }
    assert.doesNotMatch(html, /\{&quot;|"redaction":/, 'no raw JSON');
    assert.match(html, /page 1 of \d+/);
    // Filters: one person, one kind of action, one document; and pages of 50.
    const bo = await (await di.get('/audit?actor=bo&action=document')).text();
    assert.match(bo, /sent the document back/);
    assert.doesNotMatch(bo, /<strong>ana<\/strong>/);
    const doc = await (await di.get(`/audit?document=${fx.followUpId}`)).text();
    assert.doesNotMatch(doc, />incident-report\.pdf</);
    assert.match(await (await di.get('/audit?page=2')).text(), /Newer entries/);
    assert.equal((await (await as('ana')).get('/audit')).status, 403);
  });

  test("a document's history is a timeline in words that approvers can read, marking their last action", async () => {
    const ana = await as('ana');
    const res = await ana.get(`/documents/${fx.memoId}/history`);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /<strong>ana<\/strong><\/td>\s*<td>accepted a Social Security/);
    assert.match(html, /<strong>cy<\/strong><\/td>\s*<td>added a Person name redaction/);
    assert.match(html, /approved the release/);
    assert.match(html, /This document's audit chain verifies \(\d+ keyed entries\)/);
    assert.ok(html.indexOf('put the document in review') < html.indexOf('approved the release'), 'oldest first');
    assert.equal((await ana.get('/documents/d_000000000000000000000000/history')).status, 404);
  });

  test('the queue sorts by a column and shows who holds each document; "waiting for me" leaves out what I cannot move', async () => {
    const bo = await as('bo');
    const byPages = await (await bo.get('/queue?state=approved&sort=findings&dir=desc')).text();
    assert.match(byPages, /aria-sort="descending"><a href="[^"]*sort=findings[^"]*">Redactions ↓/);
    const all = await (await bo.get('/queue')).text();
    assert.match(all, /follow-up\.pdf<\/a><\/th>[\s\S]*?<td>ana<\/td>/, 'claimed by ana, who decided first');
    const mine = await (await bo.get('/queue?mine=1')).text();
    assert.doesNotMatch(mine, /follow-up\.pdf/);
  });

  test('admins disable an account, which ends its sessions', async () => {
    const bo = await as('bo');
    const di = await as('di');
    assert.equal((await di.post('/users/disable', { name: 'bo' })).status, 303);
    assert.equal((await bo.get('/queue')).status, 303);
    const again = createClient((p, i) => Promise.resolve(app.request(p, i)));
    assert.equal((await again.signIn('bo', PASSWORD)).status, 401);
  });

  test('ids are opaque and no request path reaches the file system', async () => {
    const ana = await as('ana');
    for (const path of [
      '/documents/../workspace.sqlite',
      '/static/..%2f..%2fworkspace.sqlite',
      '/static/%2e%2e/app.ts',
      '/static/client.ts',
      `/documents/${fx.memoId}/pages/..%2f..%2fetc%2fpasswd`,
      `/documents/${fx.memoId}/pages/1.png%00.txt`,
      '/documents/d_000000000000000000000000',
      '/documents/incident-report.pdf',
    ]) {
      assert.equal((await ana.get(path)).status, 404, path);
    }
  });

  test('every action above is in a verifying audit chain', async () => {
    assert.ok((await verifyAuditChain(fx.ws)).ok);
  });
});

describe('a release that fails verification', () => {
  test('is not approved, and the page says why', async () => {
    const own = await makeReviewFixture();
    try {
      // A writer/verifier that reports a leak, to drive the refusal path.
      const leaky = createReviewApp({
        ws: own.ws,
        policy: defaultPolicy(),
        buildArtifact: async () => fail('verify.leak', 'pdftotext extracts a removed string on page 1 (matched by tokens).', { page: 1 }),
      });
      const client = createClient((p, i) => Promise.resolve(leaky.request(p, i)));
      await client.signIn('ana', PASSWORD);
      await client.post(`/documents/${own.followUpId}/bulk`, { category: 'personal.phone', decision: 'accepted' });
      const approver = createClient((p, i) => Promise.resolve(leaky.request(p, i)));
      await approver.signIn('bo', PASSWORD);
      const res = await approver.post(`/documents/${own.followUpId}/approve`, {});
      assert.equal(res.status, 422);
      const html = await res.text();
      assert.match(html, /Not approved\. The rebuilt release did not pass verification, so nothing was approved: .*pdftotext extracts a removed string on page 1/);
      assert.match(html, /verify\.leak/);
      assert.equal((await getDocument(own.ws, own.followUpId))!.state, 'in_review');
      assert.equal(await latestApproval(own.ws, own.followUpId), undefined);
      assert.ok((await listAudit(own.ws, { action: 'document.approval-refused' })).length === 1);
    } finally {
      await own.ws.close();
    }
  });
});

/**
 * The review app in a real browser (Debian's chromium through playwright-core):
 * sign in, open a document, accept and reject from the keyboard, draw a box
 * with the mouse, meet the two-person rule, approve as a second approver, and
 * check that the approved release contains the drawn redaction and passes the
 * verifier. axe-core must report no serious or critical violation on any page.
 * Screenshots go to $REVIEW_SCREENSHOTS (or a temp folder) for people to look at.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';
import { verifyPdf } from '../../redaction/verify/verify-pdf.ts';
import { startReviewServer } from '../../pipeline/review/server.ts';
import type { RunningServer } from '../../pipeline/review/server.ts';
import { approvedArtifact } from '../../pipeline/workspace/store/index.ts';
import { getDocument } from '../../pipeline/workspace/store/index.ts';
import { listRedactions } from '../../pipeline/workspace/store/index.ts';
import { PASSWORD, addDocument, makeReviewFixture } from './fixture.ts';
import type { ReviewFixture } from './fixture.ts';
import { tempDir } from '../support/temp-dir.ts';

const CHROMIUM = '/usr/bin/chromium';
const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;
const shots = process.env.REVIEW_SCREENSHOTS ?? tempDir('daylight-review-shots-');

let fx: ReviewFixture;
let server: RunningServer;
let browser: Browser;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium package`);
  mkdirSync(shots, { recursive: true });
  fx = await makeReviewFixture();
  server = await startReviewServer({ ws: fx.ws, policy: defaultPolicy() }, { host: '127.0.0.1', port: 0 });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => {
  await browser?.close();
  await server?.close();
  await fx?.ws.close();
});

async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated over the DevTools protocol: the page's CSP (rightly) refuses an inline script tag.
  await page.evaluate(axeSource);
  const result = (await page.evaluate(() => (window as unknown as { axe: { run(): Promise<unknown> } }).axe.run())) as {
    violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
  };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function signIn(page: Page, name: string): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/queue$/);
}

test('an approver reviews in the browser and a second approver signs; the release holds the drawn box', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const outside: string[] = [];
  context.on('request', (r) => {
    if (!r.url().startsWith(server.url)) outside.push(r.url());
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await page.goto(`${server.url}/login`);
  assert.deepEqual(await seriousViolations(page), [], 'sign-in page');
  await signIn(page, 'ana');
  assert.deepEqual(await seriousViolations(page), [], 'queue page');
  await page.screenshot({ path: join(shots, 'queue.png'), fullPage: true });
  // Keyboard focus is visible: the first Tab lands on the skip link, drawn with an outline.
  await page.keyboard.press('Tab');
  const focus = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const style = getComputedStyle(el);
    return { text: el.textContent, outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
  });
  assert.equal(focus.text, 'Skip to content');
  assert.ok(focus.outline !== 'none' && focus.width >= 2, JSON.stringify(focus));

  await page.getByRole('link', { name: 'incident-report.pdf' }).click();
  await page.waitForFunction(() => {
    const img = document.querySelector<HTMLImageElement>('figure.page img');
    return Boolean(img?.complete && img.naturalWidth > 0);
  });
  assert.deepEqual(await seriousViolations(page), [], 'document page');
  await page.screenshot({ path: join(shots, 'document-1280.png'), fullPage: false });

  // Focus starts at the first undecided value, and its card shows the words it covers.
  const active = () => page.evaluate(() => ({ id: document.activeElement?.id ?? '', text: (document.activeElement as HTMLElement | null)?.innerText ?? '' }));
  const start = await active();
  assert.match(start.id, /^g-v[0-9a-f]{16}$/);
  assert.match(start.text, /complainant\s+Maria Gonzalez\s+called/);
  // No label overprints the page: every code sits in the gutter, right of the page.
  const labels = await page.evaluate(() => [...document.querySelectorAll<SVGTextElement>('g.box text')].map((t) => Number(t.getAttribute('x'))));
  assert.ok(labels.length >= 4 && labels.every((x) => x > 612), `labels in the gutter: ${labels}`);

  // a/r decide and move on (reading order: name, SSN, email, "4471"): one key a decision.
  const decision = (id: string) => page.locator(`#r-${id}`).getAttribute('class');
  await page.keyboard.press('a');
  await page.waitForFunction(() => document.querySelector('#r-r-f1')?.classList.contains('d-accepted'));
  await page.keyboard.press('a');
  await page.keyboard.press('a');
  await page.waitForFunction(() => document.querySelector('#r-r-f3')?.classList.contains('d-accepted'));
  assert.match((await decision('r-f2')) ?? '', /d-accepted/);
  // u undoes the last decision: the email is undecided again, and focused.
  await page.keyboard.press('u');
  await page.waitForFunction(() => document.querySelector('#r-r-f3')?.classList.contains('d-proposed'));
  assert.equal((await active()).text.includes('mgonzalez@example.org'), true, 'focus is back on the undone value');
  await page.keyboard.press('a');
  await page.waitForFunction(() => document.querySelector('#r-r-f3')?.classList.contains('d-accepted'));
  assert.match((await active()).text, /4471/, 'moved on to the next undecided value');
  await page.keyboard.press('r');
  // All decided: the page reloads; ana decided, so Approve stays disabled (two-person rule) and focus goes to the next document.
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-role') === 'next');
  assert.equal(await page.getByRole('button', { name: 'Approve for release' }).isDisabled(), true);
  assert.match((await page.locator('g.box[data-id="r-f4"]').getAttribute('class')) ?? '', /d-rejected/, 'the box shows the decision');

  // The keyboard route to drawing: text view, select words, m, then the form.
  await page.keyboard.press('t');
  await page.locator('.texts pre').first().waitFor({ state: 'visible' });
  // The word cursor: up to the first line, down one, to its start, right to "records", Shift+right over "office".
  for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowUp');
  for (const key of ['ArrowDown', 'Home', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'Shift+ArrowRight']) await page.keyboard.press(key);
  assert.equal(await page.evaluate(() => [...document.querySelectorAll('.texts .sel')].map((w) => w.textContent).join(' ')), 'records office');
  await page.keyboard.press('m');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'mark-category', 'focus moves to the form');
  await page.locator('#mark-category').selectOption('government.internal-id');
  await page.locator('#mark-reason').fill('Internal office name');
  await page.screenshot({ path: join(shots, 'document-text-view-1280.png'), fullPage: false });
  await page.locator('#mark-reason').press('Enter');
  await page.waitForURL(/notice=marked/);
  const marked = (await listRedactions(fx.ws, fx.memoId)).find((r) => r.reason === 'Internal office name');
  assert.ok(marked, 'the marked words were saved');
  assert.equal(marked.decision, 'accepted');

  // Mouse: draw a box over part of "Daniel Okafor" (line 6: baseline 220 pt, x 118–191 pt).
  const sheet = page.locator('figure.page svg.overlay').first();
  const rect = (await sheet.boundingBox())!;
  const scale = rect.width / (612 * 1.12);
  await page.mouse.move(rect.x + 128 * scale, rect.y + 212 * scale);
  await page.mouse.down();
  await page.mouse.move(rect.x + 160 * scale, rect.y + 216 * scale, { steps: 4 });
  await page.mouse.move(rect.x + 186 * scale, rect.y + 219 * scale, { steps: 4 });
  await page.mouse.up();
  await page.locator('#draw-category').selectOption('personal.name');
  await page.locator('#draw-exemption').selectOption('b7C');
  await page.locator('#draw-reason').fill('Witness named in a law-enforcement record');
  await page.screenshot({ path: join(shots, 'document-drawing.png'), fullPage: false });
  await page.getByRole('button', { name: 'Add box' }).click();
  await page.waitForURL(/notice=added/);
  const drawn = (await listRedactions(fx.ws, fx.memoId)).find((r) => 'reviewer' in r.from && r.reason.startsWith('Witness'))!;
  assert.ok(drawn, 'the drawn box was saved');
  assert.equal(drawn.decision, 'accepted');
  assert.ok(drawn.boxes[0].box[0] < 120 && drawn.boxes[0].box[2] > 188, `snapped to whole words: ${drawn.boxes[0].box}`);

  // Two-person rule: ana added redactions, so Approve is disabled and says why.
  const approve = page.getByRole('button', { name: 'Approve for release' });
  assert.equal(await approve.isDisabled(), true);
  assert.match(await page.locator('#blockers').innerText(), /two-person rule/);
  assert.deepEqual(await seriousViolations(page), [], 'document page, approval blocked');
  await page.screenshot({ path: join(shots, 'document-two-person-rule.png'), fullPage: true });

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/login$/);
  await signIn(page, 'bo');
  // The release as it would be published, before signing.
  await page.goto(`${server.url}/documents/${fx.memoId}/preview`);
  await page.waitForFunction(() => {
    const img = document.querySelector<HTMLImageElement>('.release-pages img');
    return Boolean(img?.complete && img.naturalWidth > 0);
  });
  assert.deepEqual(await seriousViolations(page), [], 'release preview');
  await page.screenshot({ path: join(shots, 'preview-1280.png'), fullPage: false });
  await page.goto(`${server.url}/documents/${fx.memoId}`);
  // ana rejected a redaction the policy applies automatically: a second person confirms it before anyone signs.
  // Focus starts on that value; c confirms; the page reloads with Approve enabled and focused.
  assert.equal(await page.getByRole('button', { name: 'Approve for release' }).isDisabled(), true);
  await page.waitForFunction(() => document.activeElement?.classList.contains('awaits') === true);
  assert.match((await active()).text, /4471/);
  await page.screenshot({ path: join(shots, 'document-confirm-rejection.png'), fullPage: false });
  await page.keyboard.press('c');
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-role') === 'approve');
  assert.equal(await page.getByRole('button', { name: 'Approve for release' }).isDisabled(), false);
  await page.keyboard.press('Enter');
  await page.waitForURL(/notice=approved/);
  assert.match(await page.locator('.approved').innerText(), /Approved by bo/);
  assert.deepEqual(await seriousViolations(page), [], 'approved document page');
  await page.screenshot({ path: join(shots, 'document-approved.png'), fullPage: true });
  // After approval, Enter opens the next document waiting for bo.
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-role')), 'next');
  await page.keyboard.press('Enter');
  await page.waitForURL(new RegExp(`/documents/${fx.followUpId}$`));

  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(shots, 'document-390.png'), fullPage: false });
  assert.deepEqual(await seriousViolations(page), [], 'document page at 390 px');

  assert.deepEqual(errors, [], 'no script errors');
  assert.deepEqual(outside, [], 'no request left the server');
  await context.close();

  // What was approved is exactly what the decisions say: the drawn words are gone, the rejected ones kept.
  const artifact = await approvedArtifact(fx.ws, fx.memoId);
  assert.ok(artifact.ok, !artifact.ok ? artifact.problem.message : '');
  writeFileSync(join(shots, 'approved.pdf'), artifact.value.bytes);
  const policy = defaultPolicy();
  const accepted = (await listRedactions(fx.ws, fx.memoId)).filter((r) => r.decision === 'accepted');
  assert.ok(accepted.some((r) => r.id === drawn.id), 'the drawn box is among the approved redactions');
  const acceptedBoxes = accepted.flatMap((r) => r.boxes.map((b) => ({ ...b, code: policy.exemptions[r.exemption].code })));
  const report = await verifyPdf(
    artifact.value.bytes,
    { removed: ['Daniel Okafor', 'Okafor', 'Maria Gonzalez', '372-41-8806', 'mgonzalez@example.org', 'records office'], boxes: acceptedBoxes, keep: ['4471', 'Witness', 'confirmed the account'] },
    { file: 'approved.pdf' },
  );
  assert.equal(report.ok, true, report.problems.map((p) => p.message).join('\n'));
  assert.ok(report.checks.some((c) => c.id.startsWith('text:pdftotext') && c.status === 'pass'), 'checked with pdftotext too');
});

test('the queue, a document history and the audit log read as words and pass axe, at 1280 and 390 px', async () => {
  for (const width of [1280, 390]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    await signIn(page, 'di');
    await page.goto(`${server.url}/audit`);
    assert.deepEqual(await seriousViolations(page), [], `audit page at ${width}`);
    assert.match(await page.locator('table.audit').innerText(), /approved the release/);
    await page.screenshot({ path: join(shots, `audit-${width}.png`), fullPage: false });
    await page.goto(`${server.url}/queue?sort=findings&dir=desc`);
    assert.deepEqual(await seriousViolations(page), [], `queue at ${width}`);
    await page.screenshot({ path: join(shots, `queue-${width}.png`), fullPage: false });
    await page.goto(`${server.url}/documents/${fx.memoId}/release`);
    assert.deepEqual(await seriousViolations(page), [], `approved release at ${width}`);
    await page.screenshot({ path: join(shots, `release-${width}.png`), fullPage: false });
    await page.goto(`${server.url}/users`);
    assert.deepEqual(await seriousViolations(page), [], `users at ${width}`);
    await page.goto(`${server.url}/documents/${fx.memoId}/history`);
    assert.deepEqual(await seriousViolations(page), [], `history at ${width}`);
    await page.screenshot({ path: join(shots, `history-${width}.png`), fullPage: false });
    await context.close();
  }
});

test('values across the batch: one key decides a value in every document, undo takes it back; compact cards; what changed; axe at 1280 and 390 px', async (t) => {
  const batchId = (await getDocument(fx.ws, fx.memoId))!.batchId;
  const finding = (text: string, category: string, detector: string, nth = 0) => ({ text, category, detector, score: 0.9, nth });
  const a = await addDocument(fx.ws, batchId, {
    fileName: 'panel-a.pdf',
    lines: ['Panel notes 21', 'Ines Calder met the panel on Monday.', 'The panel thanked Ines Calder for the visit.', 'Call 555-0177 for the file.'],
    findings: [finding('Ines Calder', 'personal.name', 'people'), finding('Ines Calder', 'personal.name', 'people', 1), finding('555-0177', 'personal.phone', 'phone')],
  });
  const b = await addDocument(fx.ws, batchId, {
    fileName: 'panel-b.pdf',
    lines: ['Panel notes 22', 'Ines Calder asked about the schedule.', 'Call 555-0177 for the file.'],
    findings: [finding('Ines Calder', 'personal.name', 'people'), finding('555-0177', 'personal.phone', 'phone')],
  });
  const decisionsOf = async (category: string) => (await Promise.all([a.id, b.id].map((id) => listRedactions(fx.ws, id)))).flat().filter((r) => r.category === category).map((r) => r.decision);
  const names = () => decisionsOf('personal.name');
  const phones = () => decisionsOf('personal.phone');

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, 'ana');
  // From the queue: the batch's name opens its values.
  await page.locator(`a[href="/batches/${batchId}/values"]`).first().click();
  await page.waitForURL(/\/values$/);
  assert.deepEqual(await seriousViolations(page), [], 'batch values page');
  await page.screenshot({ path: join(shots, 'batch-values-1280.png'), fullPage: false });
  // Focus starts at the first undecided value: the name found in both documents (3 times).
  const focused = await page.evaluate(() => (document.activeElement as HTMLElement).innerText);
  assert.match(focused, /Person name[\s\S]*×3[\s\S]*2 documents/);
  assert.match(focused, /Ines Calder/);
  await page.keyboard.press('a');
  await page.waitForFunction(() => document.querySelector('li.item')?.classList.contains('d-accepted'));
  assert.deepEqual(await names(), ['accepted', 'accepted', 'accepted'], 'one key, three decisions in two documents');
  await page.keyboard.press('u');
  await page.waitForFunction(() => document.querySelector('li.item')?.classList.contains('d-proposed'));
  assert.deepEqual(await names(), ['proposed', 'proposed', 'proposed']);
  await page.keyboard.press('k');
  await page.keyboard.press('a');
  await page.waitForFunction(() => document.querySelector('li.item')?.classList.contains('d-accepted'));
  assert.deepEqual(await names(), ['accepted', 'accepted', 'accepted']);

  // From a document: Shift+R rejects the phone number in both documents.
  await page.goto(`${server.url}/documents/${a.id}`);
  await page.waitForFunction(() => document.activeElement?.classList.contains('item'));
  assert.match(await page.evaluate(() => (document.activeElement as HTMLElement).innerText), /555-0177[\s\S]*In 1 more document \(1×\)/);
  // That was the page's last undecided value and this approver decided here, so cannot sign: the page
  // reloads to show the server's reasons. Wait for that load, or a read could land mid-navigation.
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Shift+R')]);
  await page.waitForFunction(() => [...document.querySelectorAll('li.item')].every((li) => !li.classList.contains('d-proposed')));
  assert.deepEqual(await phones(), ['rejected', 'rejected']);
  const heights = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('ol.items > li.item')].map((li) => Math.round(li.getBoundingClientRect().height)));
  t.diagnostic(`value card heights at 1280 px: ${heights.join(', ')} px`);
  await page.screenshot({ path: join(shots, 'document-compact-1280.png'), fullPage: false });
  await context.close();

  // Another approver sees what ana did since they last looked (here: before they first opened it), and again in the preview.
  for (const width of [1280, 390]) {
    const other = await browser.newContext({ viewport: { width, height: 900 } });
    const p = await other.newPage();
    p.on('pageerror', (e) => errors.push(e.message));
    await signIn(p, 'bo');
    await p.goto(`${server.url}/documents/${b.id}`);
    const changes = await p.locator('#changes').innerText();
    // The first look lists what ana did; the second (the same person on a phone) has nothing new.
    if (width === 1280) assert.match(changes, /ana\s+rejected a Phone number redaction \(page 1\) \(one decision for the value across the batch\)/);
    else assert.match(changes, /Nothing changed since you last looked/);
    assert.deepEqual(await seriousViolations(p), [], `document page with changes at ${width}`);
    await p.screenshot({ path: join(shots, `document-changes-${width}.png`), fullPage: false });
    await p.goto(`${server.url}/batches/${batchId}/values`);
    assert.deepEqual(await seriousViolations(p), [], `batch values page at ${width}`);
    await p.screenshot({ path: join(shots, `batch-values-${width}.png`), fullPage: false });
    await p.goto(`${server.url}/documents/${b.id}/preview`);
    await p.locator('.release-pages img').first().waitFor();
    assert.deepEqual(await seriousViolations(p), [], `preview with changes at ${width}`);
    await p.screenshot({ path: join(shots, `preview-changes-${width}.png`), fullPage: false });
    await other.close();
  }
  assert.deepEqual(errors, [], 'no script errors');
});

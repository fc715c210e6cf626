/**
 * End to end: a workspace with approved, unapproved, sent-back and wrongly
 * approved documents → `daylight publish --json` → the static portal, served on 127.0.0.1 and
 * driven in Chromium. Then one more approval and a re-publish.
 *
 * Needs /usr/bin/chromium (CI: apt-get install chromium). Set
 * DAYLIGHT_SCREENSHOTS=DIR to keep screenshots of the home and a document page.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import axe from 'axe-core';
import { readBundle } from '../../pipeline/publish/bundle.ts';
import { dcatErrors } from '../../pipeline/publish/dcat-validate.ts';
import type { PublishReport } from '../../pipeline/publish/publish.ts';
import { main } from '../../pipeline/cli/main.ts';
import type { Io } from '../../pipeline/cli/command.ts';
import { createUser, getDocument, listAudit, openWorkspace } from '../../pipeline/workspace/index.ts';
import type { Workspace } from '../../pipeline/workspace/index.ts';
import { serveStatic } from '../../pipeline/publish/serve-site.ts';
import type { StaticServer } from '../../pipeline/publish/serve-site.ts';
import { approve, seedBatch, seedDocument } from './workspace-fixture.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let dir: string;
let ws: Workspace;
let server: StaticServer;
let browser: Browser;
let page: Page;
let first: PublishReport;
const outDir = () => join(dir, 'site');
const seeded: Record<string, Awaited<ReturnType<typeof seedDocument>>> = {};
/** Words that must never reach the output: removed ones, and words only found in documents that must stay out. */
const forbidden: string[] = [];
const requests: string[] = [];

/** The office's portal configuration, with confirmed metadata for some releases. */
async function writeConfig(releases: Record<string, unknown> = {}): Promise<void> {
  const config = {
    contact: { name: 'Records Officer', email: 'records@example.gov', phone: '+1 555 0100' },
    requests: { url: `${server?.url ?? 'http://127.0.0.1'}/request-form/`, email: 'foia@example.gov' },
    licence: { name: 'Public domain (CC0 1.0)', url: 'https://creativecommons.org/publicdomain/zero/1.0/' },
    releases,
  };
  await writeFile(join(dir, 'portal.yaml'), JSON.stringify(config, null, 2));
}

/** `daylight publish --json` in process, as a user would run it. */
async function runPublish(): Promise<{ code: number; report: PublishReport; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stderrIsTTY: false, cwd: dir };
  const code = await main(['publish', '--workspace', 'ws', '--out', 'site', '--base-url', server.url, '--title', 'City of Example Records', '--office', 'Office of Public Records, City of Example', '--config', 'portal.yaml', '--json'], io);
  if (code === 2) return { code, report: undefined as unknown as PublishReport, stderr };
  assert.doesNotThrow(() => JSON.parse(stdout), `stdout is one JSON object: ${stdout.slice(0, 200)}`);
  return { code, report: JSON.parse(stdout) as PublishReport, stderr };
}

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium to run the portal tests`);
  dir = await mkdtemp(join(tmpdir(), 'daylight-portal-'));
  const opened = await openWorkspace(join(dir, 'ws'), { databaseUrl: '' });
  assert.ok(opened.ok);
  ws = opened.value;
  const parks = await seedBatch(ws, 'Parks budget 2026');
  const roads = await seedBatch(ws, 'Road works');
  seeded.gazebo = await seedDocument(ws, parks, 'gazebo-memo.pdf', [['The gazebo repair was approved.', 'Call [[Wilhelmina]] Quist about the invoice.']], 'approved');
  seeded.bandstand = await seedDocument(ws, parks, 'bandstand-plan.pdf', [['Plan for the bandstand.'], ['Signed by [[Zanzibarov]] for the contractor.']], 'approved');
  seeded.pothole = await seedDocument(ws, roads, 'pothole-survey.pdf', [['Pothole survey of Elm Street.', 'Reported by [[Quenneville]] on Monday.']], 'approved', 'b5');
  seeded.xylophone = await seedDocument(ws, roads, 'xylophone-note.pdf', [['The xylophone grant is pending.', 'Contact [[Ottoline]] Barrow.']], 'in_review');
  seeded.marmalade = await seedDocument(ws, roads, 'marmalade-letter.pdf', [['A marmalade complaint.', 'From [[Bartholomew]] Finch.']], 'sent_back');
  seeded.saxophone = await seedDocument(ws, roads, 'saxophone-list.pdf', [['The saxophone loan list.', 'Borrower [[Philippa]] Grange.']], 'approved_original');
  // Approved, but its original was damaged (pdf.js rebuilt its cross-reference table): never published.
  seeded.trombone = await seedDocument(ws, roads, 'trombone-note.pdf', [['The trombone repair note.', 'By [[Cordelia]] Vance.']], 'approved', 'b6', [
    { code: 'input.repaired', message: 'trombone-note.pdf has a damaged cross-reference table; it was rebuilt by scanning the file, so check the pages against the original.' },
  ]);
  for (const s of Object.values(seeded)) forbidden.push(...s.fixture.removed);
  forbidden.push('xylophone', 'marmalade', 'saxophone', 'trombone');
  // Nothing internal either: file names, batch names, staff names, finding ids, detector reasons.
  forbidden.push('gazebo-memo', 'bandstand-plan', 'pothole-survey', 'Parks budget', 'Road works', 'approver-1', 'clerk-1', 'same value as finding', 'name lexicon', 'Person name ·');

  assert.ok((await createUser(ws, { name: 'approver-1', role: 'approver', password: 'approver-1-password-0123' }, 'test')).ok);
  server = await serveStatic(outDir());
  await writeConfig();
  const published = await runPublish();
  // One document was refused (the original), so the run exits 1 and says why on stderr.
  assert.equal(published.code, 1, published.stderr);
  assert.match(published.stderr, /refused: saxophone-list\.pdf: .*\[publish\.original\]/);
  assert.match(published.stderr, /refused: trombone-note\.pdf: .*damaged cross-reference table.*\[publish\.malformed\]/);
  first = published.report;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  page = await browser.newPage();
  page.on('request', (r) => requests.push(r.url()));
});

after(async () => {
  await browser?.close();
  await server?.close();
  await ws?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function open(path: string): Promise<Page> {
  await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
  return page;
}

async function search(query: string): Promise<{ status: string; links: string[] }> {
  await open(`/search/?${new URLSearchParams(query)}`);
  await page.waitForFunction(() => /match/.test(document.getElementById('search-status')?.textContent ?? ''), undefined, { timeout: 15_000 });
  const status = (await page.textContent('#search-status')) ?? '';
  const links = await page.$$eval('#search-results a', (as) => as.map((a) => (a as HTMLAnchorElement).pathname));
  return { status, links };
}

/** Queries the built Pagefind index through its browser API, from the search page. */
async function searchIndex(query: string, filters: Record<string, string> = {}): Promise<string[]> {
  if (!page.url().includes('/search/')) await open('/search/');
  return page.evaluate(async ({ query, filters }) => {
    // The index is several bundles; the search page names them, the first one merges the others.
    const w = window as unknown as { merged?: Promise<{ search(q: string, o: unknown): Promise<{ results: { data(): Promise<{ url: string }> }[] }> }> };
    w.merged ??= (async () => {
      const bundles = JSON.parse(document.getElementById('search-form')!.dataset.bundles!) as string[];
      const pf = await import(`${bundles[0]}pagefind.js`);
      for (const other of bundles.slice(1)) await pf.mergeIndex(other);
      return pf;
    })();
    const pagefind = await w.merged;
    const found = await pagefind.search(query, { filters });
    const data = await Promise.all(found.results.map((r: { data(): Promise<{ url: string }> }) => r.data()));
    return data.map((d: { url: string }) => new URL(d.url, location.href).pathname);
  }, { query, filters });
}

function docUrl(name: string): string {
  return `/documents/${seeded[name].record.artifactBlob!.slice(0, 16)}/`;
}

/** The page view a search hit opens. */
function pageUrl(name: string, page = 1): string {
  return `${docUrl(name)}page/${page}/`;
}

/** The public release (and document) holding a seeded document, from the bundle the site was built from. */
async function releaseOf(name: string) {
  const bundle = (await readBundle(first.bundleDir))!;
  const sha = (await getDocument(ws, seeded[name].record.id))!.artifactBlob;
  const release = bundle.releases.find((r) => r.documents.some((d) => d.sha256 === sha))!;
  return { release, document: release.documents.find((d) => d.sha256 === sha)! };
}

test('only approved, verified artifacts are published; the rest are refused or left out', async () => {
  assert.equal(first.documents, 3);
  assert.equal(first.releases, 2);
  assert.deepEqual(first.refused.map((p) => [p.code, p.file]).sort(), [['publish.malformed', 'trombone-note.pdf'], ['publish.original', 'saxophone-list.pdf']]);
  for (const name of ['gazebo', 'bandstand', 'pothole']) {
    const doc = (await getDocument(ws, seeded[name].record.id))!;
    assert.equal(doc.state, 'published', name);
    const audit = await listAudit(ws, { subject: doc.id, action: 'document.published' });
    assert.equal(audit.length, 1, name);
    assert.equal((audit[0].details as { artifactSha256?: string }).artifactSha256, doc.artifactBlob);
  }
  for (const name of ['xylophone', 'marmalade', 'saxophone', 'trombone']) assert.notEqual((await getDocument(ws, seeded[name].record.id))!.state, 'published', name);
});

test('search finds a kept word in its document, and nothing for removed or unreleased words', async () => {
  const kept = await search('q=gazebo');
  assert.deepEqual(kept.links, [pageUrl('gazebo')]);
  const removed = await search('q=Wilhelmina');
  assert.deepEqual(removed.links, []);
  assert.match(removed.status, /No page matches .*Withheld words were removed/);
  assert.deepEqual(await searchIndex('bandstand'), [pageUrl('bandstand')]);
  assert.deepEqual(await searchIndex('contractor'), [pageUrl('bandstand', 2)], 'a word on page 2 finds page 2');
  for (const word of ['Zanzibarov', 'Quenneville', 'xylophone', 'saxophone', 'marmalade']) assert.deepEqual(await searchIndex(word), [], word);
});

test('search filters by release, year and exemption code', async () => {
  // The year of the release's own date, not of the clock now: a run across New Year's Eve stays right.
  const year = (await releaseOf('pothole')).release.date.slice(0, 4);
  const years = [...new Set((await readBundle(first.bundleDir))!.releases.map((r) => r.date.slice(0, 4)))];
  assert.deepEqual(years, [year], 'the releases here were published together');
  const roads = (await releaseOf('pothole')).release.title;
  const parks = (await releaseOf('gazebo')).release.title;
  assert.notEqual(roads, parks);
  assert.deepEqual((await search(`q=pothole&release=${roads}`)).links, [pageUrl('pothole')]);
  assert.deepEqual(await searchIndex('pothole', { release: parks }), []);
  // Every release here is from that year: the filter keeps them, and the form offers only years that exist.
  assert.deepEqual(await searchIndex('pothole', { year }), [pageUrl('pothole')]);
  assert.deepEqual(await page.$$eval('#f-year option', (os) => os.map((o) => o.textContent)), ['All years', year]);
  assert.deepEqual(await page.$$eval('#f-exemption option', (os) => os.map((o) => o.textContent)), ['Any', '(b)(5)', '(b)(6)']);
  assert.deepEqual(await searchIndex('gazebo', { exemption: '(b)(6)' }), [pageUrl('gazebo')]);
  assert.deepEqual(await searchIndex('gazebo', { exemption: '(b)(5)' }), []);
  assert.deepEqual(await searchIndex('pothole', { exemption: '(b)(5)' }), [pageUrl('pothole')]);
});

test('a search hit opens its page with the searched word highlighted', async () => {
  const found = await search('q=contractor');
  assert.deepEqual(found.links, [pageUrl('bandstand', 2)]);
  await page.click('#search-results a');
  await page.waitForSelector('mark.pagefind-highlight', { timeout: 15_000 });
  assert.equal(new URL(page.url()).pathname, pageUrl('bandstand', 2));
  assert.deepEqual(await page.$$eval('mark.pagefind-highlight', (ms) => ms.map((m) => m.textContent?.toLowerCase())), ['contractor']);
  assert.match((await page.textContent('h1')) ?? '', /page 2 of 2/);
});


test('the document page shows page images with alt text, the text, the download and the redaction log', async () => {
  await open(docUrl('bandstand'));
  const { release, document: released } = await releaseOf('bandstand');
  assert.match(released.title, new RegExp(`^Release ${release.id}, document [12]$`), 'a neutral title, never the file name');
  assert.match(release.id, /^\d{4}-\d{4}$/);
  const alts = await page.$$eval('main img', (imgs) => imgs.map((i) => (i as HTMLImageElement).alt));
  assert.deepEqual(alts, [`Page 1 of ${released.title}`, `Page 2 of ${released.title}`]);
  const body = await page.$$eval('.page-text', (els) => els.map((e) => e.textContent ?? ''));
  assert.match(body.join('\n'), /Plan for the bandstand/);
  // The marker stands where the name stood, not at the end of the page.
  assert.match(body[1], /^Signed by \[REDACTED \(b\)\(6\)\] for the contractor\.$/m);
  assert.ok(!body.join('\n').includes('Zanzibarov'));
  const download = await page.getAttribute('a[download]', 'href');
  const pdf = await (await fetch(`${server.url}${download}`)).arrayBuffer();
  const sha = seeded.bandstand.record.artifactBlob!;
  assert.equal((await import('node:crypto')).createHash('sha256').update(new Uint8Array(pdf)).digest('hex'), sha);
  assert.match((await page.textContent('main')) ?? '', new RegExp(sha));
  const log = await page.$$eval('#redaction-log ~ div table tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
  assert.deepEqual(log, [['Show withheld area 1', '2', 'Name of a private person', '(b)(6) Personal privacy']]);
  // Each row links to its numbered box on the page image, and the box links back to the row.
  const boxHref = await page.getAttribute('#log-1 a[href^="#box-"]', 'href');
  assert.equal(boxHref, '#box-1');
  assert.equal(await page.getAttribute('#box-1', 'href'), '#log-1');
  assert.equal(await page.$eval('#box-1', (a) => a.closest('section')?.id), 'page-2');
  for (const target of await page.$$eval('#redaction-log ~ div tr[id^="log-"] a[href^="#box-"]', (as) => as.map((a) => a.getAttribute('href')!))) {
    assert.equal(await page.$$eval(target, (els) => els.length), 1, `${target} exists`);
  }
  if (process.env.DAYLIGHT_SCREENSHOTS) {
    await mkdir(process.env.DAYLIGHT_SCREENSHOTS, { recursive: true });
    await page.setViewportSize({ width: 390, height: 844 });
    // Lazy page images load as they come into view: scroll through so the full-page shot shows them all.
    for (const img of await page.$$('main img')) await img.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0));
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(process.env.DAYLIGHT_SCREENSHOTS, 'document.png'), fullPage: true });
    await open('/');
    await page.screenshot({ path: join(process.env.DAYLIGHT_SCREENSHOTS, 'home.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 720 });
  }
});

test('every page type passes axe-core with no serious or critical violation', async () => {
  const release = (await readBundle(first.bundleDir))!.releases[0].id;
  const paths = ['/', '/releases/', `/releases/${release}/`, docUrl('gazebo'), `${pageUrl('bandstand', 2)}?highlight=contractor`, '/exemptions/', '/data/', '/contact/', '/search/?q=gazebo'];
  for (const [path, width] of paths.flatMap((p) => [[p, 1280], [p, 390]] as const)) {
    await page.setViewportSize({ width, height: 844 });
    await open(path);
    if (path.startsWith('/search')) await page.waitForSelector('#search-results li');
    await page.addScriptTag({ content: axe.source });
    const violations = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
    assert.deepEqual(violations, [], `${path} at ${width} px`);
    // Nothing wider than the screen: on a phone the log and downloads are read, not scrolled sideways.
    const overflow = await page.evaluate(() => [...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.visually-hidden')).map((e) => e.tagName + (e.className ? `.${e.className}` : '')).slice(0, 5));
    assert.deepEqual(overflow, [], `${path} at ${width} px: wider than the screen`);
  }
  await page.setViewportSize({ width: 1280, height: 720 });
});

test('the contact page and every page footer give the configured contact and request path, never an empty one', async () => {
  await open('/contact/');
  assert.deepEqual(await page.$$eval('main a[href^="mailto:"]', (as) => as.map((a) => a.getAttribute('href'))), ['mailto:foia@example.gov', 'mailto:records@example.gov']);
  assert.equal(await page.getAttribute('main a[href$="/request-form/"]', 'href'), `${server.url}/request-form/`);
  await open('/');
  assert.equal(await page.getAttribute('footer a[href^="mailto:"]', 'href'), 'mailto:records@example.gov');
  assert.ok((await page.getAttribute('footer a[href*="/contact/#request"]', 'href')) !== null);
  // A crawl of every page of the site: no link to a missing page, no empty mailto.
  const seen = new Set<string>();
  const queue = ['/'];
  while (queue.length > 0) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const response = await fetch(`${server.url}${path}`);
    assert.equal(response.status, 200, `${path} is linked but missing`);
    if (!(response.headers.get('content-type') ?? '').includes('html')) continue;
    const html = await response.text();
    assert.doesNotMatch(html, /href="mailto:"/, path);
    for (const m of html.matchAll(/href="([^"#]*)(#[^"]*)?"/g)) {
      const target = new URL(m[1].replaceAll('&amp;', '&') || path, `${server.url}${path}`);
      if (target.origin === server.url && target.pathname !== '/request-form/') queue.push(target.pathname);
    }
  }
  assert.ok(seen.size > 20, `crawled ${seen.size} URLs`);
});

test('metadata an approver confirmed is carried into the pages, data.json, CSV and feeds; one holding withheld text stops the publish', async () => {
  const { release, document: gazebo } = await releaseOf('gazebo');
  await writeConfig({ [release.id]: { confirmedBy: 'approver-1', title: 'Sunny Meadow papers', description: 'Memos behind the meadow works.', dateOfRecord: '2026-03-31', documents: { [gazebo.number]: { title: 'Pergola repair memo', confirmedBy: 'approver-1' } } } });
  const published = await runPublish();
  assert.equal(published.code, 1, published.stderr);
  await open(`/releases/${release.id}/`);
  assert.equal(await page.textContent('h1'), 'Sunny Meadow papers');
  assert.match((await page.textContent('main')) ?? '', /Memos behind the meadow works\.[\s\S]*Date of record\s*March 31, 2026/);
  await open(docUrl('gazebo'));
  assert.equal(await page.textContent('h1'), 'Pergola repair memo');
  const catalog = JSON.parse(await readFile(join(outDir(), 'data.json'), 'utf8')) as { dataset: { title: string; description: string; temporal?: string; license: string; contactPoint: { hasEmail: string } }[] };
  const dataset = catalog.dataset.find((d) => d.title === 'Sunny Meadow papers')!;
  assert.equal(dataset.temporal, '2026-03-31/2026-03-31');
  assert.equal(dataset.license, 'https://creativecommons.org/publicdomain/zero/1.0/');
  assert.equal(dataset.contactPoint.hasEmail, 'mailto:records@example.gov');
  assert.deepEqual(dcatErrors(catalog), []);
  assert.match(await readFile(join(outDir(), 'catalog.csv'), 'utf8'), /"Sunny Meadow papers","Memos behind the meadow works\."/);
  assert.match(await readFile(join(outDir(), 'feed.xml'), 'utf8'), /<title>Sunny Meadow papers<\/title>/);
  assert.match(await readFile(join(outDir(), 'releases', release.id, 'feed.xml'), 'utf8'), /<title>Pergola repair memo<\/title>/);

  // A confirmed title holding a name withheld from a document of the release is refused, and the site stays as it was.
  await writeConfig({ [release.id]: { confirmedBy: 'approver-1', title: 'Letter about Wilhelmina' } });
  const leaking = await runPublish();
  assert.equal(leaking.code, 2);
  assert.match(leaking.stderr, /contains text withheld from document/);
  assert.deepEqual(await findStrings([outDir()], ['Wilhelmina']), []);
  // Only an approver of the workspace can confirm.
  await writeConfig({ [release.id]: { confirmedBy: 'clerk-1', title: 'Sunny Meadow papers' } });
  const unconfirmed = await runPublish();
  assert.equal(unconfirmed.code, 2);
  assert.match(unconfirmed.stderr, /not an active approver/);
  await writeConfig({ [release.id]: { confirmedBy: 'approver-1', title: 'Sunny Meadow papers', description: 'Memos behind the meadow works.', dateOfRecord: '2026-03-31', documents: { [gazebo.number]: { title: 'Pergola repair memo', confirmedBy: 'approver-1' } } } });
});

test('data.json validates against the shipped DCAT-US 1.1 schema and lists each release', async () => {
  const catalog = JSON.parse(await readFile(join(outDir(), 'data.json'), 'utf8')) as { dataset: { title: string; distribution: { downloadURL: string }[] }[] };
  assert.deepEqual(dcatErrors(catalog), []);
  assert.deepEqual(catalog.dataset.map((d) => d.title).sort(), [(await releaseOf('gazebo')).release.title, (await releaseOf('pothole')).release.title].sort());
  const urls = catalog.dataset.flatMap((d) => d.distribution.map((x) => x.downloadURL));
  assert.ok(urls.some((u) => u.endsWith(`/files/${seeded.gazebo.record.artifactBlob}.pdf`)));
  for (const file of ['catalog.csv', 'feed.xml', 'sitemap.xml']) assert.ok(existsSync(join(outDir(), file)), file);
});

test('no request of the browser left 127.0.0.1', () => {
  assert.ok(requests.length > 20);
  const outside = requests.filter((u) => !u.startsWith(`${server.url}/`) && !u.startsWith('data:'));
  assert.deepEqual(outside, []);
});

test('a byte search of the whole output finds none of the removed or unreleased strings', async () => {
  const hits = await findStrings([outDir(), first.bundleDir], forbidden);
  assert.deepEqual(hits, []);
  // An independent extractor agrees on every released PDF.
  for (const file of await readdir(join(outDir(), 'files'))) {
    const text = execFileSync('pdftotext', [join(outDir(), 'files', file), '-'], { encoding: 'utf8' });
    for (const word of forbidden) assert.ok(!text.includes(word), `${word} in ${file}`);
  }
});

test('publishing one more release builds only that release: every other release keeps its files, search finds old and new', async () => {
  const before = await snapshot(outDir());
  const releasesBefore = (await readBundle(first.bundleDir))!.releases.map((r) => r.id);
  const harbour = await seedBatch(ws, 'Harbour lights');
  seeded.lighthouse = await seedDocument(ws, harbour, 'lighthouse-log.pdf', [['The lighthouse keeper logged the fog.', 'The keeper heard the horn.', 'Relieved by [[Evangeline]] Moss.']], 'approved');
  forbidden.push('Evangeline', 'lighthouse-log', 'Harbour lights');
  const added = await runPublish();
  assert.equal(added.code, 1, added.stderr); // the original and the damaged one are still refused
  assert.equal(added.report.releases, 3);
  assert.equal(added.report.rendered, 1);
  assert.equal(added.report.timings.full, false);
  assert.equal(added.report.timings.releasesBuilt, 1);
  assert.equal(added.report.timings.releasesKept, 2);
  // Search is two bundles now (the two older releases, then the new one), merged by the search page.
  assert.equal(added.report.timings.searchBundles, 2);
  assert.equal(added.report.timings.searchBundlesBuilt, 1);
  const after = await snapshot(outDir());
  const kept = [...before.keys()].filter((f) => /^(releases\/[^/]+\/|documents\/|files\/|pages\/|pagefind\/s-)/.test(f));
  assert.ok(kept.length > 20, `${kept.length} files of the earlier releases`);
  for (const f of kept) assert.deepEqual(after.get(f), before.get(f), `${f} was rewritten`);
  const newRelease = (await releaseOf('lighthouse')).release;
  assert.ok(!releasesBefore.includes(newRelease.id));
  assert.ok([...after.keys()].some((f) => f.startsWith(`releases/${newRelease.id}/`)));
  // The shared pages are new: the home page lists the new release.
  assert.match(await readFile(join(outDir(), 'index.html'), 'utf8'), new RegExp(newRelease.title));
  assert.deepEqual((await search('q=lighthouse')).links, [pageUrl('lighthouse')]);
  assert.deepEqual((await search('q=gazebo')).links, [pageUrl('gazebo')]);
  assert.deepEqual((await search('q=fog')).links, [pageUrl('lighthouse')]);
  assert.deepEqual((await search('q=Evangeline')).links, []);
  assert.deepEqual(await searchIndex('contractor'), [pageUrl('bandstand', 2)]);
});

test('search matches whole words with English stems, and words in quotes side by side', async () => {
  // "logs" and "logged" share the stem "log"; "heard" is not "hearing", "keep" is not "keeper", "light" is not "lighthouse".
  assert.deepEqual((await search('q=logs')).links, [pageUrl('lighthouse')]);
  assert.deepEqual((await search('q=heard')).links, [pageUrl('lighthouse')]);
  for (const q of ['hearing', 'keep', 'light', 'fo']) assert.deepEqual((await search(`q=${q}`)).links, [], q);
  assert.deepEqual((await search('q="keeper logged"')).links, [pageUrl('lighthouse')]);
  assert.deepEqual((await search('q="logged keeper"')).links, [], 'a phrase keeps its order');
  assert.deepEqual((await search('q=fog horn')).links, [pageUrl('lighthouse')], 'every word, anywhere on the page');
  assert.deepEqual((await search('q=fog gazebo')).links, [], 'every word on one page');
  const withheld = await search('q=Evangeline');
  assert.match(withheld.status, /No page matches "Evangeline"\. Withheld words were removed from the documents, so a search never finds them/);
});

test('re-publishing after one more approval keeps earlier releases and renders only the new document', async () => {
  const before = (await releaseOf('gazebo')).release.documents;
  await approve(ws, (await getDocument(ws, seeded.xylophone.record.id))!, seeded.xylophone.fixture);
  const again = await runPublish();
  assert.equal(again.report.documents, 5);
  assert.equal(again.report.rendered, 1);
  assert.equal(again.report.reused, 4);
  assert.equal(again.report.releases, 3);
  assert.deepEqual(again.report.newlyPublished, [seeded.xylophone.record.id]);
  // Only the release the document joined is built again.
  assert.equal(again.report.timings.releasesBuilt, 1);
  const firstRelease = (await releaseOf('gazebo')).release;
  assert.equal(firstRelease.documents.length, 2);
  // Numbers stay: the release and its documents keep the ids and titles they had before.
  assert.deepEqual(firstRelease.documents.map((d) => d.title).sort(), before.map((d) => d.title).sort());
  assert.deepEqual((await search('q=gazebo')).links, [pageUrl('gazebo')]);
  const xylophone = (await getDocument(ws, seeded.xylophone.record.id))!;
  assert.deepEqual((await search('q=xylophone')).links, [`/documents/${xylophone.artifactBlob!.slice(0, 16)}/page/1/`]);
  assert.deepEqual((await search('q=lighthouse')).links, [pageUrl('lighthouse')]);
  assert.deepEqual(await findStrings([outDir()], ['Ottoline', 'marmalade', 'saxophone', 'Evangeline']), []);
});

/** Each file of a folder: its inode, modification time and SHA-256 (a file rewritten with the same bytes still shows). */
async function snapshot(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const info = await stat(path);
    files.set(relative(root, path), `${info.ino} ${info.mtimeMs} ${createHash('sha256').update(await readFile(path)).digest('hex')}`);
  }
  return files;
}

/** Every file under the folders, gunzipped when gzip (Pagefind's index files are), searched for each string. */
async function findStrings(roots: string[], needles: string[]): Promise<string[]> {
  const hits: string[] = [];
  for (const root of roots) {
    for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      let bytes: Buffer = await readFile(path);
      if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
      const lower = bytes.toString('latin1').toLowerCase();
      for (const n of needles) if (lower.includes(n.toLowerCase())) hits.push(`${n} in ${path}`);
    }
  }
  return hits;
}

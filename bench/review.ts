/**
 * @module
 * `npm run bench -- review`: the review app on loopback, in two parts.
 *
 * 1. Load: 10 concurrent signed-in approvers (autocannon, 10 connections) on
 *    the document page of a 20-page report with 30 findings, its page images,
 *    and the queue, beside a static asset from the same server as the peer
 *    (the same stack doing no work); p50/p95/p99 from every response.
 *    Targets from issue 16: page images p95 < 300 ms, document page < 150 ms.
 * 2. A scripted approver in Chromium, keys alone: opens the report, decides
 *    every value (a accepts, r rejects every fifth), then Enter signs (or, when
 *    the two-person rule stops the one who decided, a second approver opens it,
 *    confirms each rejection with c and signs with Enter), and Enter opens the
 *    next document. Reports keystrokes per finding and wall time. Target: under 5 minutes, fewer than 2 keys a decision.
 */
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { createRequire } from 'node:module';
import type { EventEmitter } from 'node:events';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

// autocannon ships no types; this is the part used here.
type Autocannon = (opts: { url: string; connections: number; duration: number; headers: Record<string, string> }, done: (error: Error | null, result: { errors: number; non2xx: number; duration: number }) => void) => EventEmitter;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const CONNECTIONS = 10;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface Load {
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
}

function load(url: string, cookie: string): Promise<Load> {
  return new Promise((resolve, reject) => {
    const times: number[] = [];
    let bad = 0;
    const instance = autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers: { cookie } }, (error, result) => {
      if (error) return reject(error);
      times.sort((a, b) => a - b);
      resolve({ requests: times.length, rps: times.length / result.duration, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), errors: result.errors + result.non2xx + bad });
    });
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status !== 200) bad++;
      times.push(ms);
    });
  });
}

/** Autocannon hits one URL per run; page images rotate over the report's 20 pages through a tiny proxy list. */
const loadAtStart = loadavg()[0];
const routes: [string, string][] = [
  ['static asset (peer: server stack only)', '/static/review.css'],
  ['document page (20 pages, 30 findings)', '/documents/{long}'],
  ['page image (PNG, rendered before)', '/documents/{long}/pages/1.png'],
  ['queue', '/queue'],
];
const child = spawn(process.execPath, [fileURLToPath(new URL('../test/review/serve-fixture.ts', import.meta.url)), '24', '--long', '3', ...routes.map(([, p]) => p)], { stdio: ['ignore', 'pipe', 'inherit'] });
const first = await new Promise<string>((resolve, reject) => {
  createInterface({ input: child.stdout! }).once('line', resolve);
  child.once('exit', (code) => reject(new Error(`the review server exited with ${code}`)));
});
const served = JSON.parse(first) as { url: string; cookie: string; cookieBo: string; memoId: string; longIds: string[]; documentIds: string[]; serviceMs: number[] };

async function withCookie(browser: Browser, cookie: string, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies(cookie.split('; ').map((pair) => ({ name: pair.slice(0, pair.indexOf('=')), value: pair.slice(pair.indexOf('=') + 1), url })));
  return context.newPage();
}

interface Session {
  findings: number;
  /** Heights of the value cards at 1280 px, sorted. */
  cards: number[];
  values: number;
  keysDecider: number;
  keysSigner: number;
  signer: 'same approver' | 'second approver';
  decideMs: number;
  approveMs: number;
  totalMs: number;
  openedNext: boolean;
}

/** Plays the approver(s) through one document with keys alone. */
async function scriptedSession(browser: Browser, url: string, documentId: string): Promise<Session> {
  const t0 = performance.now();
  const page = await withCookie(browser, served.cookie, url);
  let keysDecider = 0;
  let keysSigner = 0;
  await page.goto(`${url}/documents/${documentId}`);
  await page.waitForFunction(() => document.activeElement?.matches('li.item') === true);
  const counts = await page.evaluate(() => ({
    values: document.querySelectorAll('ol.items > li.item').length,
    findings: Number(/(\d+) redactions? in/.exec(document.querySelector('.doc-head')?.textContent ?? '')?.[1] ?? 0),
    cards: [...document.querySelectorAll<HTMLElement>('ol.items > li.item')].map((li) => li.getBoundingClientRect().height).sort((a, b) => a - b),
  }));
  const undecided = () => page.evaluate(() => document.querySelectorAll('ol.items > li.item.d-proposed, ol.items > li.item.d-mixed').length);
  for (let n = 0, left = await undecided(); left > 0; n++) {
    await page.keyboard.press(n % 5 === 4 ? 'r' : 'a');
    keysDecider++;
    // A person waits to see the decision land before the next key.
    await page.waitForFunction((before) => {
      const now = document.querySelectorAll('ol.items > li.item.d-proposed, ol.items > li.item.d-mixed').length;
      return now < before || document.activeElement?.getAttribute('data-role') === 'approve' || document.activeElement?.getAttribute('data-role') === 'next';
    }, left);
    left = await undecided().catch(() => 0);
  }
  // After the last decision the page reloads and focus lands on Approve (if this approver may sign) or on "next".
  await page.waitForFunction(() => ['approve', 'next'].includes(document.activeElement?.getAttribute('data-role') ?? ''));
  const decideMs = performance.now() - t0;
  let signerPage = page;
  let signer: Session['signer'] = 'same approver';
  if ((await page.evaluate(() => document.activeElement?.getAttribute('data-role'))) !== 'approve') {
    // The two-person rule: whoever decided may not sign. A second approver opens the document.
    signer = 'second approver';
    signerPage = await withCookie(browser, served.cookieBo, url);
    await signerPage.goto(`${url}/documents/${documentId}`);
    // Rejections of automatic redactions wait for a second person: focus starts on each, c confirms it.
    const ready = () => signerPage.waitForFunction(() => document.activeElement?.getAttribute('data-role') === 'approve' || document.activeElement?.classList.contains('awaits') === true, undefined, { timeout: 30_000 });
    await ready();
    while (await signerPage.evaluate(() => document.activeElement?.classList.contains('awaits') === true)) {
      const before = await signerPage.evaluate(() => document.activeElement?.id);
      await signerPage.keyboard.press('c');
      keysSigner++;
      await signerPage.waitForFunction((id) => document.activeElement?.id !== id, before, { timeout: 30_000 });
      await ready();
    }
  }
  const t1 = performance.now();
  await signerPage.keyboard.press('Enter');
  if (signer === 'same approver') keysDecider++;
  else keysSigner++;
  await signerPage.waitForURL(/notice=approved/, { timeout: 120_000 });
  const approveMs = performance.now() - t1;
  await signerPage.waitForFunction(() => document.activeElement?.getAttribute('data-role') === 'next');
  await signerPage.keyboard.press('Enter');
  if (signer === 'same approver') keysDecider++;
  else keysSigner++;
  await signerPage.waitForURL((u) => /\/documents\/d_[0-9a-f]{24}$/.test(u.pathname) && !u.pathname.endsWith(documentId));
  const totalMs = performance.now() - t0;
  await page.context().close();
  if (signerPage !== page) await signerPage.context().close();
  return { ...counts, keysDecider, keysSigner, signer, decideMs, approveMs, totalMs, openedNext: true };
}

interface BatchSession {
  values: number;
  redactions: number;
  documents: number;
  keys: number;
  ms: number;
}

/** One approver decides every value of the batch from its values page, keys alone (a accepts, r rejects every fifth). */
async function batchSession(browser: Browser, url: string, batchId: string): Promise<BatchSession> {
  const page = await withCookie(browser, served.cookieBo, url);
  const t0 = performance.now();
  await page.goto(`${url}/batches/${batchId}/values`);
  await page.waitForFunction(() => document.activeElement?.matches('li.item') === true);
  const counts = await page.evaluate(() => {
    const cards = [...document.querySelectorAll<HTMLElement>('ol.items > li.item')];
    const open = cards.filter((li) => li.matches('.d-proposed, .d-mixed'));
    return { values: open.length, redactions: open.reduce((n, li) => n + (li.dataset.ids ?? '').split(' ').filter(Boolean).length, 0), documents: new Set(open.flatMap((li) => (li.dataset.ids ?? '').split(' ').filter(Boolean).map((id) => id.split('/')[0]))).size };
  });
  const undecided = () => page.evaluate(() => document.querySelectorAll('ol.items > li.item.d-proposed, ol.items > li.item.d-mixed').length);
  let keys = 0;
  for (let left = await undecided(); left > 0; ) {
    await page.keyboard.press(keys % 5 === 4 ? 'r' : 'a');
    keys++;
    await page.waitForFunction((before) => document.querySelectorAll('ol.items > li.item.d-proposed, ol.items > li.item.d-mixed').length < before, left, { timeout: 60_000 });
    left = await undecided();
  }
  const ms = performance.now() - t0;
  await page.context().close();
  return { ...counts, keys, ms };
}

try {
  const { url, cookie } = served;
  const get = async (path: string) => (await fetch(url + path, { headers: { cookie } })).arrayBuffer();
  const long = served.longIds[0];

  // First render of a page image (pdf.js 100 DPI → PNG → blob store) on a report nobody opened yet.
  const cold: number[] = [];
  for (let n = 1; n <= 10; n++) {
    const t = performance.now();
    await get(`/documents/${served.longIds[2]}/pages/${n}.png`);
    cold.push(performance.now() - t);
  }
  cold.sort((a, b) => a - b);
  // Every page of the loaded report is rendered once before the load runs.
  for (let n = 1; n <= 20; n++) await get(`/documents/${long}/pages/${n}.png`);

  const rows: [string, Load][] = [];
  for (const [label, path] of routes) rows.push([label, await load(url + path.replace('{memo}', served.memoId).replace('{long}', long), cookie)]);
  const peer = rows[0][1];

  let session: Session | undefined;
  let batch: BatchSession | undefined;
  if (existsSync(CHROMIUM)) {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    try {
      session = await scriptedSession(browser, url, served.longIds[1]);
      const batchId = /data-batch="(b_[0-9a-f]{24})"/.exec(new TextDecoder().decode(await get(`/documents/${long}`)))?.[1];
      if (batchId) batch = await batchSession(browser, url, batchId);
    } finally {
      await browser.close();
    }
  }

  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '—');
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const out = [
    `Review app on loopback, ${CONNECTIONS} concurrent signed-in approvers, ${SECONDS} s a route (autocannon; latency from every response); load average at start ${loadAtStart.toFixed(1)} on ${availableParallelism()} cores. A shared, noisy machine: read the ratios to the static peer, not the absolute times.`,
    '',
    '| Route | Requests | Req/s | p50 ms | p95 ms | p99 ms | Errors | p95 vs static peer | Service time ms (sequential, in-process) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(([label, r], i) => `| ${label} | ${r.requests} | ${r.rps.toFixed(0)} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.p99)} | ${r.errors} | ${(r.p95 / peer.p95).toFixed(1)}× | ${served.serviceMs[i].toFixed(2)} |`),
    '',
    `| Page image, first render (pdf.js 100 DPI → PNG → blob store), ${cold.length} pages | median ${f(percentile(cold, 50))} ms | p95 ${f(percentile(cold, 95))} ms |`,
    '|---|---:|---:|',
    '',
    ...(session
      ? [
          `Scripted approver (Chromium, keys alone) on a ${20}-page report with ${session.findings} findings in ${session.values} values: decide all, approve (${session.signer}), open the next document.`,
          '',
          '| Keystrokes (decider) | Keystrokes (signer) | Keys per finding | Keys per value | Deciding | Approval (rebuild + verify) | Total wall time |',
          '|---:|---:|---:|---:|---:|---:|---:|',
          `| ${session.keysDecider} | ${session.keysSigner} | ${((session.keysDecider + session.keysSigner) / session.findings).toFixed(2)} | ${((session.keysDecider + session.keysSigner) / session.values).toFixed(2)} | ${s(session.decideMs)} | ${s(session.approveMs)} | ${s(session.totalMs)} |`,
          '',
          `Value cards at 1280 px: median ${f(percentile(session.cards, 50))} px, largest ${f(session.cards.at(-1) ?? NaN)} px (${session.cards.length} cards).`,
        ]
      : ['Scripted approver: chromium not installed.']),
    '',
    ...(batch
      ? [
          `Values across the batch (\`/batches/ID/values\`, another approver, keys alone): ${batch.redactions} undecided redactions in ${batch.values} values over ${batch.documents} documents.`,
          '',
          '| Keystrokes | Keys per redaction | Wall time |',
          '|---:|---:|---:|',
          `| ${batch.keys} | ${(batch.keys / batch.redactions).toFixed(3)} | ${s(batch.ms)} |`,
        ]
      : []),
    '',
  ];
  process.stdout.write(out.join('\n'));
} finally {
  child.kill('SIGTERM');
}

/**
 * @module
 * `npx node bench/review.ts`: the review app on loopback under autocannon, 50
 * concurrent clients (signed in), on the queue, the document page and a page
 * image, beside a static asset as the peer (the same server stack doing no
 * work), with p50/p95/p99 latency from every response; then the cost of a
 * page image's first render and, in Chromium, the time from opening a
 * document to its first page drawn (first visit and again).
 * Target from the issue: p95 < 100 ms for queue and page images.
 */
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { createRequire } from 'node:module';
import type { EventEmitter } from 'node:events';
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

// autocannon ships no types; this is the part used here.
type Autocannon = (opts: { url: string; connections: number; duration: number; headers: Record<string, string> }, done: (error: Error | null, result: { errors: number; non2xx: number; duration: number }) => void) => EventEmitter;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

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

const loadAtStart = loadavg()[0];
const routes: [string, string][] = [
  ['static asset (peer: server stack only)', '/static/review.css'],
  ['queue (50 documents)', '/queue'],
  ['document page', '/documents/{memo}'],
  ['page image (PNG, rendered before)', '/documents/{memo}/pages/1.png'],
];
// The server runs in its own process, so autocannon does not share its event loop.
const child = spawn(process.execPath, [fileURLToPath(new URL('../test/review/serve-fixture.ts', import.meta.url)), '48', ...routes.map(([, p]) => p)], { stdio: ['ignore', 'pipe', 'inherit'] });
const first = await new Promise<string>((resolve, reject) => {
  createInterface({ input: child.stdout! }).once('line', resolve);
  child.once('exit', (code) => reject(new Error(`the review server exited with ${code}`)));
});
const served = JSON.parse(first) as { url: string; cookie: string; memoId: string; documentIds: string[]; serviceMs: number[] };
try {
  const { url, cookie } = served;
  const get = async (path: string) => (await fetch(url + path, { headers: { cookie } })).arrayBuffer();

  // First render of a page image (pdf.js at 100 DPI + PNG + blob store), one per document not yet seen.
  const cold: number[] = [];
  for (const id of served.documentIds.filter((d) => d !== served.memoId).slice(0, 12)) {
    const t = performance.now();
    await get(`/documents/${id}/pages/1.png`);
    cold.push(performance.now() - t);
  }
  cold.sort((a, b) => a - b);

  const rows: [string, Load][] = [];
  for (const [label, path] of routes) rows.push([label, await load(url + path.replace('{memo}', served.memoId), cookie)]);
  const peer = rows[0][1];
  const service = served.serviceMs;

  // Opening a document in the browser until its first page image is drawn.
  const opened: { label: string; ms: number }[] = [];
  if (existsSync('/usr/bin/chromium')) {
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage();
    await page.context().addCookies(cookie.split('; ').map((pair) => ({ name: pair.slice(0, pair.indexOf('=')), value: pair.slice(pair.indexOf('=') + 1), url })));
    const fresh = served.documentIds.filter((d) => d !== served.memoId).at(-1)!;
    for (const label of ['first visit (page not rendered yet)', 'again (render cached)']) {
      const t = performance.now();
      await page.goto(`${url}/documents/${fresh}`, { waitUntil: 'commit' });
      await page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('figure.page img');
        return Boolean(img?.complete && img.naturalWidth > 0);
      }, undefined, { polling: 'raf' });
      opened.push({ label, ms: performance.now() - t });
    }
    await browser.close();
  }

  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '—');
  const out = [
    `Review app on loopback, ${CONNECTIONS} concurrent signed-in clients, ${SECONDS} s a route (autocannon; latency from every response); load average at start ${loadAtStart.toFixed(1)} on ${availableParallelism()} cores.`,
    '',
    '| Route | Requests | Req/s | p50 ms | p95 ms | p99 ms | Errors | p95 vs peer | Service time ms (sequential, in-process) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(([label, r], i) => `| ${label} | ${r.requests} | ${r.rps.toFixed(0)} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.p99)} | ${r.errors} | ${(r.p95 / peer.p95).toFixed(1)}× | ${service[i].toFixed(2)} |`),
    '',
    `| Page image, first render (pdf.js 100 DPI → PNG → blob store), ${cold.length} documents | median ${f(percentile(cold, 50))} ms | max ${f(cold.at(-1) ?? NaN)} ms |`,
    '|---|---:|---:|',
    '',
    '| Open a document until its first page is drawn (Chromium) | ms |',
    '|---|---:|',
    ...(opened.length ? opened.map((o) => `| ${o.label} | ${f(o.ms)} |`) : ['| chromium not installed | — |']),
    '',
  ];
  process.stdout.write(out.join('\n'));
} finally {
  child.kill('SIGTERM');
}

/**
 * @module
 * Publishing benchmark: for 100 and 1,000 released documents of 5 text pages,
 * the time to write the release bundle (text + page images from each redacted
 * PDF), to build the site with Astro, and to index it with Pagefind; the output
 * size; and the bytes a browser downloads for one search. Peer in the same run:
 * poppler's `pdftoppm` rendering the same pages at the same resolution (PNG).
 *
 *   npx node bench/publish.ts [--sizes 100,1000]
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { mkdtemp, readdir, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { chromium } from 'playwright-core';
import { buildSite } from '../pipeline/publish/build-site.ts';
import { collectBundle } from '../pipeline/publish/collect.ts';
import type { PassedDocument } from '../pipeline/publish/collect.ts';
import { defaultPolicy } from '../redaction/policy/load-policy.ts';
import { exemptionList } from '../pipeline/publish/publish.ts';
import { publicLog } from '../pipeline/publish/public-log.ts';
import { DEFAULT_LICENCE } from '../pipeline/publish/portal-config.ts';
import { ok } from '../pipeline/problems.ts';
import { sha256 } from '../test/publish/fixtures.ts';
import { serveStatic } from '../pipeline/publish/serve-site.ts';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '100,1000' } } });
const sizes = String(values.sizes).split(',').map(Number);
const PAGES = 5;
const DPI = 110;
const exemptions = exemptionList(defaultPolicy().exemptions);

const vocabulary = ('budget council meeting report contract invoice street park bridge repair school library police fire water sewer ' +
  'traffic permit zoning grant audit payroll vendor equipment maintenance inspection complaint response schedule department ' +
  'resident district program service review approval minutes agenda motion vote public hearing notice policy procedure').split(' ');

/** A deterministic pseudo-random word stream, so runs compare. */
function words(seed: number, n: number): string[] {
  let x = seed * 2654435761 % 4294967296;
  return Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return vocabulary[x % vocabulary.length];
  });
}

async function redactedReport(index: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let p = 0; p < PAGES; p++) {
    const page = pdf.addPage([612, 792]);
    page.drawText(`Report ${index} page ${p + 1} marker${index}x${p}`, { x: 72, y: 740, size: 14, font });
    const text = words(index * 31 + p, 300);
    for (let line = 0; line < 30; line++) page.drawText(text.slice(line * 10, line * 10 + 10).join(' '), { x: 72, y: 710 - line * 20, size: 11, font });
    page.drawRectangle({ x: 300, y: 500, width: 120, height: 14, color: rgb(0, 0, 0) });
  }
  return pdf.save();
}

async function documents(count: number): Promise<PassedDocument[]> {
  const releaseSize = 10;
  const out: PassedDocument[] = [];
  for (let i = 0; i < count; i++) {
    const bytes = await redactedReport(i);
    const r = Math.floor(i / releaseSize);
    const date = new Date(Date.UTC(2020 + (r % 6), r % 12, 1 + (r % 28))).toISOString();
    out.push({
      release: { id: `${date.slice(0, 4)}-${String(r).padStart(4, '0')}`, key: `release-${r}`, title: `Release ${r}`, office: 'Bench Office', date, description: `Bench release ${r}.` },
      key: `document-${i}`,
      number: (i % releaseSize) + 1,
      title: `Report ${i}`,
      fileName: `report-${i}.pdf`,
      source: `report-${i}.pdf`,
      read: async () => ok(bytes),
      sha256: sha256(bytes),
      byteLength: bytes.byteLength,
      approvedAt: date,
      publishedAt: date,
      redactions: publicLog(Array.from({ length: PAGES }, (_, p) => ({ boxes: [{ page: p + 1, box: [300, 278, 420, 292] as [number, number, number, number] }], category: 'personal.name', exemption: i % 3 ? 'b6' : 'b5', from: { findings: [] }, decision: 'accepted' as const })), defaultPolicy().exemptions),
    });
  }
  return out;
}

async function folderSize(dir: string): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    bytes += (await stat(join(e.parentPath, e.name))).size;
    files++;
  }
  return { bytes, files };
}

/** Bytes the browser fetches from /pagefind/ for one query typed into the portal's search page. */
async function searchPayload(siteDir: string, query: string): Promise<{ bytes: number; requests: number; results: string }> {
  const server = await serveStatic(siteDir);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    const page = await browser.newPage();
    let bytes = 0;
    let requests = 0;
    page.on('response', async (r) => {
      if (!r.url().includes('/pagefind/')) return;
      requests++;
      bytes += (await r.body().catch(() => Buffer.alloc(0))).length;
    });
    await page.goto(`${server.url}/search/?q=${encodeURIComponent(query)}`);
    await page.waitForFunction(() => /match/.test(document.getElementById('search-status')?.textContent ?? ''), undefined, { timeout: 60_000 });
    await page.waitForTimeout(300);
    return { bytes, requests, results: (await page.textContent('#search-status')) ?? '' };
  } finally {
    await browser.close();
    await server.close();
  }
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const kb = (n: number) => `${(n / 1024).toFixed(0)} kB`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const work = await mkdtemp(join(tmpdir(), 'daylight-bench-publish-'));
const rows: string[] = [];
try {
  for (const count of sizes) {
    const docs = await documents(count);
    const bundleDir = join(work, `bundle-${count}`);
    const siteDir = join(work, `site-${count}`);
    let t = performance.now();
    const cpu0 = process.cpuUsage();
    const collected = await collectBundle(bundleDir, docs, { title: 'Bench portal', contact: { name: 'Bench Office', email: 'records@bench.example' }, licence: DEFAULT_LICENCE, exemptions, dpi: DPI });
    const collectMs = performance.now() - t;
    const cpu = process.cpuUsage(cpu0);
    const collectCpuMs = (cpu.user + cpu.system) / 1000;
    if (collected.problems.length > 0) throw new Error(collected.problems[0].message);
    t = performance.now();
    const built = await buildSite({ bundleDir, outDir: siteDir, siteUrl: 'http://127.0.0.1/', log: () => {} });
    if (!built.ok) throw new Error(built.problem.message);
    const buildMs = performance.now() - t;
    // Re-publishing with nothing new: the bundle step reuses every rendered page.
    t = performance.now();
    const again = await collectBundle(bundleDir, docs, { title: 'Bench portal', contact: { name: 'Bench Office', email: 'records@bench.example' }, licence: DEFAULT_LICENCE, exemptions, dpi: DPI });
    const recollectMs = performance.now() - t;
    const size = await folderSize(siteDir);
    const index = await folderSize(join(siteDir, 'pagefind'));
    const common = await searchPayload(siteDir, 'inspection');
    const rare = await searchPayload(siteDir, `marker${Math.floor(count / 2)}x2`);

    // Peer: pdftoppm renders the same pages at the same DPI (first 50 documents, scaled).
    const sample = Math.min(50, count);
    const peerDir = join(work, `peer-${count}`);
    await mkdir(peerDir, { recursive: true });
    t = performance.now();
    for (let i = 0; i < sample; i++) {
      const file = join(peerDir, `${i}.pdf`);
      const bytes = await docs[i].read();
      if (!bytes.ok) throw new Error(bytes.problem.message);
      await writeFile(file, bytes.value);
      execFileSync('pdftoppm', ['-r', String(DPI), '-gray', '-png', file, join(peerDir, `${i}`)]);
    }
    const peerMs = ((performance.now() - t) / sample) * count;

    rows.push(
      `| ${count} | ${count * PAGES} | ${s(collectMs)} (${((count * PAGES) / (collectMs / 1000)).toFixed(0)} pages/s; CPU ${(collectCpuMs / (count * PAGES)).toFixed(0)} ms/page) | ${s(peerMs)} | ${(peerMs / collectMs).toFixed(2)}× | ${s(recollectMs)} (${again.reused} reused) | ${s(built.value.astroMs)} | ${s(built.value.pagefindMs)} | **${s(buildMs)}** | ${mb(size.bytes)} (${size.files} files) | ${mb(index.bytes)} | ${kb(common.bytes)} / ${common.requests} req (${common.results}) | ${kb(rare.bytes)} / ${rare.requests} req |`,
    );
    await rm(peerDir, { recursive: true, force: true });
    process.stderr.write(`publish bench: ${count} documents done\n`);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}

process.stdout.write(`Publishing: ${PAGES}-page text reports, page images at ${DPI} dpi (16-gray PNG), ${cpus().length} cores, policy ${defaultPolicy().name}.
"Bundle" reads text and renders page images from each redacted PDF (pdf.js + sharp); the peer renders the same pages with poppler's pdftoppm (gray PNG, estimated from the first 50 documents); ratio = peer time / bundle time. "Site build" is astro build + pagefind (the issue's target: 1,000 documents in under 2 minutes). Search payload: bytes the browser downloads from /pagefind/ for one query on the search page (a common word, then a word found on one page).

| Documents | Pages | Bundle (render + text) | pdftoppm peer | Ratio | Re-publish bundle | Astro | Pagefind | Site build | Output | Index | Search payload, common word | Search payload, rare word |
|---:|---:|---|---|---:|---|---|---|---|---|---|---|---|
${rows.join('\n')}
`);

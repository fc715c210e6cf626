/**
 * @module
 * Publishing benchmark (`npm run bench -- publish`): build time and peak memory of
 * the portal for 1,000 documents × 5 pages and for 100,000 pages, then the time to
 * publish one more release on top of each.
 *
 * The large portals are synthetic, made in seconds instead of rasterising 100,000
 * real PDFs: a release bundle is written directly, as `collect.ts` would leave it:
 * releases of 10 documents × 5 pages, each page ~300 words drawn from a fixed
 * municipal vocabulary plus a word unique to the page (`marker<doc>x<page>`), one
 * withheld area a page, a small placeholder file per document named by its SHA-256,
 * and one small PNG hard-linked as every page image. The site build (Astro, Pagefind,
 * assembly) then does all its real work on it.
 *
 * "One more release" is real end to end except the gate: 10 new 5-page PDFs are
 * written with pdf-lib, `collectBundle` reads their text and renders their page
 * images (pdf.js + sharp), and the site build runs incrementally. (The gate's
 * re-verification of new documents is measured by the verify benchmarks.)
 *
 * Peak RSS is sampled every 100 ms over this process and all its descendants
 * (Astro's `node`, Pagefind's indexer): the largest single process and the largest
 * sum at one moment. The search payload is what Chromium downloads from /pagefind/
 * for one query on the built portal.
 *
 *   npx node bench/publish.ts [--pages 5000,100000]
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { link, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { encodePortalPng } from '../pipeline/image/encode.ts';
import { chromium } from 'playwright-core';
import { buildSite } from '../pipeline/publish/build-site.ts';
import { BUNDLE_VERSION, bundleFiles, readBundle, writeBundleManifest, writePageTexts } from '../pipeline/publish/bundle.ts';
import type { Bundle, BundleDocument, BundleRelease } from '../pipeline/publish/bundle.ts';
import { collectBundle } from '../pipeline/publish/collect.ts';
import type { PassedDocument } from '../pipeline/publish/collect.ts';
import { defaultPolicy } from '../redaction/policy/load-policy.ts';
import { exemptionList } from '../pipeline/publish/publish.ts';
import { publicLog } from '../pipeline/publish/public-log.ts';
import { DEFAULT_LICENCE } from '../pipeline/publish/portal-config.ts';
import { ok } from '../pipeline/problems.ts';
import { serveStatic } from '../pipeline/publish/serve-site.ts';

const { values } = parseArgs({ options: { pages: { type: 'string', default: '5000,100000' } } });
const sizes = String(values.pages).split(',').map(Number);
const PAGES = 5;
const DOCS_PER_RELEASE = 10;
const DPI = 110;
const policy = defaultPolicy();
const exemptions = exemptionList(policy.exemptions);
const site = { title: 'Bench portal', office: 'Bench Office', contact: { name: 'Bench Office', email: 'records@bench.example' }, licence: DEFAULT_LICENCE, exemptions };

const vocabulary = ('budget council meeting report contract invoice street park bridge repair school library police fire water sewer ' +
  'traffic permit zoning grant audit payroll vendor equipment maintenance inspection complaint response schedule department ' +
  'resident district program service review approval minutes agenda motion vote public hearing notice policy procedure').split(' ');

/** A deterministic pseudo-random word stream, so runs compare. */
function words(seed: number, n: number): string[] {
  let x = (seed * 2654435761) % 4294967296;
  return Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return vocabulary[x % vocabulary.length];
  });
}

function pageText(doc: number, page: number): string {
  const text = words(doc * 31 + page, 300);
  const lines = [`Report ${doc} page ${page} marker${doc}x${page}`];
  for (let line = 0; line < 30; line++) lines.push(text.slice(line * 10, line * 10 + 10).join(' '));
  return lines.join('\n');
}

function redactions(doc: number) {
  return publicLog(Array.from({ length: PAGES }, (_, p) => ({ boxes: [{ page: p + 1, box: [300, 278, 420, 292] as [number, number, number, number] }], category: 'personal.name', exemption: doc % 3 ? 'b6' : 'b5', from: { findings: [] }, decision: 'accepted' as const })), policy.exemptions);
}

function releaseOf(r: number): Omit<BundleRelease, 'documents'> {
  const date = new Date(Date.UTC(2015 + Math.floor(r / 250), Math.floor(r / 21) % 12, 1 + (r % 21), 12)).toISOString();
  return { id: `${date.slice(0, 4)}-${String(r + 1).padStart(5, '0')}`, key: `release-${r}`, title: `Release ${r + 1}`, office: 'Bench Office', date, description: `Bench release ${r + 1}.` };
}

/** Writes a bundle of `pages` synthetic pages straight to disk (see the module comment). */
async function syntheticBundle(dir: string, pages: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  const png = await encodePortalPng({ data: new Uint8Array(85 * 110).fill(255), width: 85, height: 110, dpi: 10 });
  // One file per 10,000 pages: a file system allows only so many links to one file (ext4: 65,000).
  const placeholder = async (page: number) => {
    const file = join(dir, `placeholder-${Math.floor(page / 10_000)}.png`);
    if (page % 10_000 === 0) await writeFile(file, png);
    return file;
  };
  const documents = Math.ceil(pages / PAGES);
  const releases: BundleRelease[] = [];
  for (let i = 0; i < documents; i++) {
    const r = Math.floor(i / DOCS_PER_RELEASE);
    if (!releases[r]) releases[r] = { ...releaseOf(r), documents: [] };
    const bytes = new TextEncoder().encode(`%PDF-1.4\n% synthetic bench document ${i}\n%%EOF\n`);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const pdf = bundleFiles.pdf(sha256);
    await mkdir(join(dir, bundleFiles.public, 'files'), { recursive: true });
    await writeFile(join(dir, bundleFiles.public, pdf), bytes);
    const pageList = [];
    for (let p = 1; p <= PAGES; p++) {
      const image = bundleFiles.pageImage(sha256, p);
      await mkdir(join(dir, bundleFiles.public, 'pages', sha256), { recursive: true });
      await link(await placeholder(i * PAGES + p - 1), join(dir, bundleFiles.public, image));
      pageList.push({ number: p, width: 612, height: 792, image, imageWidth: 935, imageHeight: 1210 });
    }
    await writePageTexts(dir, sha256, Array.from({ length: PAGES }, (_, p) => pageText(i, p + 1)));
    const doc: BundleDocument = {
      id: sha256.slice(0, 16), key: `document-${i}`, number: (i % DOCS_PER_RELEASE) + 1, title: `${releases[r].title}, document ${(i % DOCS_PER_RELEASE) + 1}`,
      fileName: `document-${i}.pdf`, sha256, byteLength: bytes.byteLength, pageCount: PAGES, pdf,
      approvedAt: releases[r].date, publishedAt: releases[r].date, pages: pageList, redactions: redactions(i),
    };
    releases[r].documents.push(doc);
  }
  const bundle: Bundle = { bundleVersion: BUNDLE_VERSION, ...site, generatedAt: new Date().toISOString(), releases: releases.reverse() };
  await writeBundleManifest(dir, bundle);
}

/** The documents of one more release, as the gate hands them over: real 5-page PDFs, rendered by collectBundle. */
async function oneMoreRelease(bundle: Bundle): Promise<PassedDocument[]> {
  const r = bundle.releases.length;
  const release = { ...releaseOf(r), date: new Date().toISOString() };
  const previous: PassedDocument[] = bundle.releases.flatMap((rel) => rel.documents.map((d) => ({
    release: { id: rel.id, key: rel.key, title: rel.title, office: rel.office, date: rel.date, description: rel.description },
    key: d.key, number: d.number, title: d.title, fileName: d.fileName, source: d.fileName, read: async () => ok(new Uint8Array()), sha256: d.sha256, byteLength: d.byteLength,
    approvedAt: d.approvedAt, publishedAt: d.publishedAt, redactions: d.redactions,
  })));
  const added: PassedDocument[] = [];
  for (let n = 0; n < DOCS_PER_RELEASE; n++) {
    const i = 10_000_000 + n;
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    for (let p = 1; p <= PAGES; p++) {
      const page = pdf.addPage([612, 792]);
      pageText(i, p).split('\n').forEach((line, k) => page.drawText(line, { x: 72, y: 740 - k * 20, size: k === 0 ? 14 : 11, font }));
      page.drawRectangle({ x: 300, y: 500, width: 120, height: 14, color: rgb(0, 0, 0) });
    }
    const bytes = await pdf.save();
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    added.push({
      release, key: `document-${i}`, number: n + 1, title: `${release.title}, document ${n + 1}`, fileName: `document-${i}.pdf`, source: `document-${i}.pdf`,
      read: async () => ok(bytes), sha256, byteLength: bytes.byteLength, approvedAt: release.date, publishedAt: release.date, redactions: redactions(i),
    });
  }
  return [...previous, ...added];
}

/** Samples the memory of this process and its descendants while `work` runs. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ value: T; peakSumMb: number; peakOneMb: number; peakOne: string; cpuS: number }> {
  let peakSum = 0;
  let peakOne = 0;
  let peakName = '';
  /** CPU ticks (user + system) of each process of the tree: at the first sample, and at the last. */
  const cpuFirst = new Map<number, number>();
  const cpuLast = new Map<number, number>();
  let first = true;
  const sample = () => {
    const parents = new Map<number, number>();
    const rss = new Map<number, { kb: number; name: string }>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const status = readFileSync(`/proc/${entry}/status`, 'utf8');
        parents.set(Number(entry), Number(/PPid:\s+(\d+)/.exec(status)?.[1]));
        const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
        const name = Number(entry) === process.pid ? 'publisher' : /astro/.test(command) ? 'astro' : /pagefind/.test(command) ? 'pagefind' : command.split('\0')[0].split('/').pop() ?? '?';
        rss.set(Number(entry), { kb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0), name });
      } catch {
        // the process ended meanwhile
      }
    }
    const mine = (pid: number): boolean => {
      for (let p = pid, hops = 0; p > 1 && hops < 20; p = parents.get(p) ?? 0, hops++) if (p === process.pid) return true;
      return false;
    };
    let sum = 0;
    for (const [pid, { kb, name }] of rss) {
      if (!mine(pid)) continue;
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
        const ticks = Number(fields[11]) + Number(fields[12]);
        if (first) cpuFirst.set(pid, ticks);
        cpuLast.set(pid, ticks);
      } catch {
        // ended
      }
      sum += kb;
      if (kb > peakOne) [peakOne, peakName] = [kb, name];
    }
    peakSum = Math.max(peakSum, sum);
    first = false;
  };
  sample();
  const timer = setInterval(sample, 100);
  try {
    const value = await work();
    sample();
    // Clock ticks are 1/100 s on Linux; a child's last 100 ms may be missed.
    const cpuS = [...cpuLast].reduce((n, [pid, t]) => n + t - (cpuFirst.get(pid) ?? 0), 0) / 100;
    return { value, peakSumMb: peakSum / 1024, peakOneMb: peakOne / 1024, peakOne: peakName, cpuS };
  } finally {
    clearInterval(timer);
  }
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
    await page.waitForFunction(() => /match/.test(document.getElementById('search-status')?.textContent ?? ''), undefined, { timeout: 120_000 });
    await page.waitForTimeout(300);
    return { bytes, requests, results: ((await page.textContent('#search-status')) ?? '').replace(/\. Each result.*/, '') };
  } finally {
    await browser.close();
    await server.close();
  }
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
const kb = (n: number) => `${(n / 1024).toFixed(0)} kB`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const load = () => loadavg().map((l) => l.toFixed(1)).join(' / ');

const work = await mkdtemp(join(tmpdir(), 'daylight-bench-publish-'));
const rows: string[] = [];
const more: string[] = [];
const search: string[] = [];
try {
  for (const pages of sizes) {
    const bundleDir = join(work, `bundle-${pages}`);
    const siteDir = join(work, `site-${pages}`);
    const loadBefore = load();
    let t = performance.now();
    await syntheticBundle(bundleDir, pages);
    const synthMs = performance.now() - t;
    process.stderr.write(`publish bench: ${pages} synthetic pages written in ${s(synthMs)}\n`);

    t = performance.now();
    const full = await withPeakRss(() => buildSite({ bundleDir, outDir: siteDir, siteUrl: 'http://127.0.0.1/', log: () => {} }));
    const fullMs = performance.now() - t;
    if (!full.value.ok) throw new Error(full.value.problem.message);
    const f = full.value.value;
    const size = await folderSize(siteDir);
    rows.push(`| ${pages.toLocaleString('en-US')} | ${(pages / PAGES).toLocaleString('en-US')} | **${s(fullMs)}** | ${full.cpuS.toFixed(0)} s | ${s(f.astroMs)} (${f.astroRuns} runs) | ${s(f.pagefindMs)} (${f.searchBundles} bundles) | ${s(f.assembleMs)} | **${full.peakSumMb.toFixed(0)} MB** | ${full.peakOneMb.toFixed(0)} MB (${full.peakOne}) | ${mb(size.bytes)}, ${size.files.toLocaleString('en-US')} files | ${loadBefore} → ${load()} |`);
    process.stderr.write(`publish bench: ${pages} pages built in ${s(fullMs)}\n${rows.at(-1)}\n`);

    // One more release on top: render its 10 documents, then the incremental build.
    const bundle = (await readBundle(bundleDir))!;
    const passed = await oneMoreRelease(bundle);
    const loadMore = load();
    t = performance.now();
    const added = await withPeakRss(async () => {
      // As publish.ts: the gate read the bundle before (not timed here), collect and the build reuse it.
      const collected = await collectBundle(bundleDir, passed, { ...site, dpi: DPI, previous: bundle });
      if (collected.problems.length > 0) throw new Error(collected.problems[0].message);
      const t1 = performance.now();
      const built = await buildSite({ bundleDir, bundle: collected.bundle, outDir: siteDir, siteUrl: 'http://127.0.0.1/', log: () => {} });
      if (!built.ok) throw new Error(built.problem.message);
      return { collectMs: t1 - t, rendered: collected.rendered, built: built.value };
    });
    const addMs = performance.now() - t;
    const a = added.value;
    more.push(`| ${pages.toLocaleString('en-US')} | ${a.rendered} docs, ${a.rendered * PAGES} pages | **${s(addMs)}** | ${added.cpuS.toFixed(0)} s | ${s(a.collectMs)} | ${s(a.built.astroMs)} | ${s(a.built.pagefindMs)} (${a.built.searchBundlesBuilt} of ${a.built.searchBundles} bundles) | ${s(a.built.assembleMs)} | ${a.built.releasesBuilt} built, ${a.built.releasesKept} kept | ${added.peakSumMb.toFixed(0)} MB | ${loadMore} → ${load()} |`);
    process.stderr.write(`publish bench: one more release on ${pages} pages in ${s(addMs)}\n${more.at(-1)}\n`);

    const common = await searchPayload(siteDir, 'inspection');
    const rare = await searchPayload(siteDir, `marker${Math.floor(pages / PAGES / 2)}x2`);
    search.push(`| ${pages.toLocaleString('en-US')} | ${a.built.searchBundles} | ${kb(common.bytes)} in ${common.requests} requests (${common.results}) | ${kb(rare.bytes)} in ${rare.requests} requests (${rare.results}) |`);
    await rm(bundleDir, { recursive: true, force: true });
    await rm(siteDir, { recursive: true, force: true });
  }
} finally {
  await rm(work, { recursive: true, force: true });
}

process.stdout.write(`Publishing: synthetic portals of ${PAGES}-page documents in releases of ${DOCS_PER_RELEASE} (see bench/publish.ts for how they are made), ${cpus().length} cores; load average (1/5/15 min) before → after each step.
Full build = astro build in runs of at most 10,000 pages + Pagefind bundles (one group of releases per bundle, at most 4,000 pages) + moving parts into the portal and linking PDFs and images. Peak RSS: sum over this process and its children at one moment, and the largest single process. CPU: user + system seconds of the same processes (on a loaded machine, wall time is mostly waiting for a core; CPU is what the work costs).

| Pages | Documents | Full build | CPU | Astro | Pagefind | Assemble | Peak RSS (sum) | Largest process | Output | Load |
|---:|---:|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

One more release on top (10 new real PDFs: text and page images read from them by collectBundle, then the incremental site build; the gate's re-verification is not included):

| On top of | New | Total | CPU | Bundle (render + text) | Astro | Pagefind | Assemble | Releases | Peak RSS (sum) | Load |
|---:|---|---|---|---|---|---|---|---|---|---|
${more.join('\n')}

Search payload (bytes Chromium downloads from /pagefind/ for one query, bundles merged at query time; a common word, then a word on one page):

| Pages | Bundles | Common word | Rare word |
|---:|---:|---|---|
${search.join('\n')}
`);

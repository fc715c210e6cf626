/**
 * @module
 * Builds the portal from a release bundle, and on the next publish rebuilds only
 * what changed.
 *
 * Astro has no incremental build, so the portal is cut in two kinds of parts:
 *
 * - **a release's part**: its page, feed and redaction logs (`releases/<id>/`),
 *   each of its documents with every page view (`documents/<doc>/`), the PDFs
 *   and page images (`files/<sha>.pdf`, `pages/<sha>/`), keyed by a hash of the
 *   release (its documents' SHA-256s, metadata and logs) together with the site's
 *   template (the Astro sources, the versions of Astro and Pagefind, the base URL,
 *   the office's configuration). An approved artifact never changes, so a key
 *   changes only when a release gains, loses or re-approves a document, or its
 *   confirmed metadata changes;
 * - **shared pages**: home, the release list, search, exemptions, open data,
 *   contact, `data.json`, `catalog.csv`, feeds, sitemap: rebuilt on every publish
 *   (a few files whatever the portal's size).
 *
 * One `astro build` runs per publish with a plan (`DAYLIGHT_PLAN`) naming the
 * releases to render; their routes' `getStaticPaths` return only those, so Astro
 * renders the changed releases and the shared pages, nothing else. Search is a set
 * of Pagefind bundles merged at query time (`search-bundles.ts`); only bundles
 * holding a changed release are built. The parts then move into the portal
 * folder: new release parts first, then shared pages, then what is gone is
 * deleted, so a reader never follows a link to a page that is not there yet.
 * The other releases' files are not touched (same inode, same mtime).
 *
 * The first build, a changed template or configuration, or a portal folder that
 * does not match the recorded state is a full build: everything is built into a
 * fresh folder beside `outDir` and swapped in when complete. A full build renders
 * releases in several `astro build` runs of at most `astroChunkPages` pages, so
 * memory stays bounded at 100,000 pages.
 *
 * What the last build made is recorded in `<bundle>/site-state.json`, outside
 * the portal folder.
 *
 * ```ts
 * const built = await buildSite({ bundleDir, outDir: 'portal', siteUrl: 'https://records.example.gov/' });
 * ```
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { copyFile, link, mkdir, mkdtemp, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';
import { bundleFiles, readBundle, readPageTexts } from './bundle.ts';
import type { Bundle, BundleRelease } from './bundle.ts';
import { buildSearchBundle, closeSearchIndexer, DEFAULT_SEARCH_CAP_PAGES, searchLayout } from './search-bundles.ts';
import type { SearchGroup, SearchRecord } from './search-bundles.ts';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
export const siteProject = resolve(here, '..', '..', 'site');
const astroBin = join(dirname(require.resolve('astro/package.json')), 'bin', 'astro.mjs');

/** Bumped when the state file's meaning changes; another version means a full build. */
const STATE_VERSION = 1;
const STATE_FILE = 'site-state.json';

export interface BuildOptions {
  bundleDir: string;
  outDir: string;
  /** Absolute URL the site will be served from (feeds, sitemap and data.json need it). */
  siteUrl: string;
  /** Where child output goes (default: our stderr). */
  log?: (text: string) => void;
  /** Rebuild every part, even when the recorded state matches. */
  full?: boolean;
  /** Pages per merged search bundle at most (search-bundles.ts). */
  searchCapPages?: number;
  /** The bundle as `collectBundle` just wrote it to `bundleDir` (saves parsing its manifest again). */
  bundle?: Bundle;
  /** Pages rendered per `astro build` run at most (a full build of a large portal runs several). */
  astroChunkPages?: number;
}

export interface BuildTimings {
  astroMs: number;
  pagefindMs: number;
  /** Moving parts into the portal folder, linking PDFs and images, deleting what is gone. */
  assembleMs: number;
  /** A full build (first one, or something shared changed) rather than an incremental one. */
  full: boolean;
  releasesBuilt: number;
  releasesKept: number;
  searchBundles: number;
  searchBundlesBuilt: number;
  astroRuns: number;
}

interface SiteState {
  stateVersion: number;
  outDir: string;
  templateKey: string;
  releases: Record<string, { key: string; documents: string[]; shas: string[] }>;
  search: string[];
}

/** What `site/` reads from DAYLIGHT_PLAN (site/src/lib/bundle.ts). */
export interface BuildPlan {
  /** Releases whose pages this run renders. */
  releases: string[];
  /** Every search bundle's folder under the site root, e.g. `pagefind/s-…/`. */
  searchBundles: string[];
}

export async function buildSite(options: BuildOptions): Promise<Result<BuildTimings>> {
  const log = options.log ?? ((t: string) => process.stderr.write(t));
  const outDir = resolve(options.outDir);
  const bundleDir = resolve(options.bundleDir);
  const bundle = options.bundle ?? (await readBundle(bundleDir));
  if (!bundle) return fail('publish.build-failed', `${bundleDir} holds no release bundle of this version; run daylight publish.`);

  const templateKey = await siteTemplateKey(bundle, options.siteUrl);
  const keys = new Map(bundle.releases.map((r) => [r.id, releaseKey(templateKey, r)]));
  const previous = options.full ? undefined : await readState(bundleDir);
  const incremental = previous !== undefined && previous.outDir === outDir && previous.templateKey === templateKey && (await exists(join(outDir, 'index.html')));
  const changed = bundle.releases.filter((r) => !incremental || previous.releases[r.id]?.key !== keys.get(r.id));
  const oldestFirst = [...bundle.releases].sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
  const groups = searchLayout(oldestFirst.map((r) => ({ id: r.id, key: keys.get(r.id)!, pages: pageCount(r) })), options.searchCapPages ?? DEFAULT_SEARCH_CAP_PAGES);
  const groupsToBuild = groups.filter((g) => !incremental || !previous.search.includes(g.name));
  const plan = { searchBundles: groups.map((g) => `pagefind/${g.name}/`) };

  // Everything is made in a working folder beside outDir (same file system: parts move in by rename).
  await mkdir(dirname(outDir), { recursive: true });
  const work = await mkdtemp(join(dirname(outDir), `.${basename(outDir)}.building-`));
  const target = incremental ? outDir : join(work, 'site');
  const timings: BuildTimings = { astroMs: 0, pagefindMs: 0, assembleMs: 0, full: !incremental, releasesBuilt: changed.length, releasesKept: bundle.releases.length - changed.length, searchBundles: groups.length, searchBundlesBuilt: groupsToBuild.length, astroRuns: 0 };
  const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', DAYLIGHT_BUNDLE: bundleDir, DAYLIGHT_SITE_URL: options.siteUrl };
  let scratch: string | undefined;
  try {
    await mkdir(target, { recursive: true });
    // Astro writes its prerender chunks under <cwd>/.astro when outDir is outside the working
    // directory; they import packages, so they must sit inside this repository. A working folder per
    // build keeps two builds running at once (tests, a benchmark) out of each other's way.
    await mkdir(join(siteProject, '.astro'), { recursive: true });
    scratch = await mkdtemp(join(siteProject, '.astro', 'build-'));
    const chunks = chunkReleases(changed, options.astroChunkPages ?? 10_000);
    const trash = join(work, 'trash');
    for (const [i, chunk] of chunks.entries()) {
      const last = i === chunks.length - 1;
      const astroOut = join(work, `astro-${i}`);
      const planFile = join(work, `plan-${i}.json`);
      await writeFile(planFile, JSON.stringify({ ...plan, releases: chunk.map((r) => r.id) } satisfies BuildPlan));
      const t0 = performance.now();
      const code = await run('astro', [astroBin, 'build', '--root', siteProject, '--silent'], { ...env, DAYLIGHT_PLAN: planFile, DAYLIGHT_OUT: astroOut, DAYLIGHT_CACHE: join(work, `astro-cache-${i}`) }, log, scratch);
      timings.astroMs += performance.now() - t0;
      timings.astroRuns++;
      if (code !== 0) return fail('publish.build-failed', `astro build exited with code ${code}.`);
      const t1 = performance.now();
      for (const release of chunk) await placeRelease(astroOut, target, bundleDir, release, trash);
      // Script and style assets are named by their content: adding them never changes a page already there.
      await moveTree(join(astroOut, '_astro'), join(target, '_astro'), trash);
      // Only the last run's shared pages are kept: they are the same in every run.
      if (last) await placeShared(astroOut, target, trash);
      await rm(astroOut, { recursive: true, force: true });
      timings.assembleMs += performance.now() - t1;
    }

    const t2 = performance.now();
    const byId = new Map(bundle.releases.map((r) => [r.id, r]));
    for (const group of groupsToBuild) {
      const building = join(work, 'pagefind', group.name);
      const built = await buildSearchBundle(building, searchRecords(bundleDir, group, byId));
      if (!built.ok) return built;
      await moveInto(building, join(target, 'pagefind', group.name), trash);
    }
    await closeSearchIndexer();
    if (groupsToBuild.length > 0) await copyFile(join(target, 'pagefind', groupsToBuild[0].name, 'pagefind-highlight.js'), join(target, 'pagefind', 'pagefind-highlight.js'));
    timings.pagefindMs = performance.now() - t2;

    const t3 = performance.now();
    if (incremental) {
      await removeStale(outDir, previous, bundle, groups);
    } else {
      await swapIn(target, outDir);
    }
    await writeState(bundleDir, {
      stateVersion: STATE_VERSION,
      outDir,
      templateKey,
      releases: Object.fromEntries(bundle.releases.map((r) => [r.id, { key: keys.get(r.id)!, documents: r.documents.map((d) => d.id), shas: r.documents.map((d) => d.sha256) }])),
      search: groups.map((g) => g.name),
    });
    timings.assembleMs += performance.now() - t3;
    return ok(timings);
  } finally {
    await rm(work, { recursive: true, force: true });
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

function pageCount(release: BundleRelease): number {
  return release.documents.reduce((n, d) => n + d.pageCount, 0);
}

/** Consecutive runs of releases of at most `maxPages` pages (a larger release runs alone); always at least one run, for the shared pages. */
function chunkReleases(releases: BundleRelease[], maxPages: number): BundleRelease[][] {
  const chunks: BundleRelease[][] = [[]];
  let pages = 0;
  for (const release of releases) {
    const n = pageCount(release);
    if (pages > 0 && pages + n > maxPages) {
      chunks.push([]);
      pages = 0;
    }
    chunks[chunks.length - 1].push(release);
    pages += n;
  }
  return chunks;
}

/** The hash every release key starts from: whatever appears on every page, and the code that renders it. */
async function siteTemplateKey(bundle: Bundle, siteUrl: string): Promise<string> {
  const hash = createHash('sha256');
  hash.update(canonicalJson({ stateVersion: STATE_VERSION, siteUrl, title: bundle.title, office: bundle.office, contact: bundle.contact, requests: bundle.requests, licence: bundle.licence, exemptions: bundle.exemptions }));
  const sources = [
    ...(await readdir(join(siteProject, 'src'), { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)),
    join(siteProject, 'astro.config.mjs'),
    // What the site's pages import from the pipeline, and how parts and search bundles are made.
    ...['bundle.ts', 'csv.ts', 'dcat.ts', 'build-site.ts', 'search-bundles.ts'].map((f) => join(here, f)),
    require.resolve('astro/package.json'),
    join(dirname(fileURLToPath(import.meta.resolve('pagefind'))), '..', 'package.json'),
  ].sort();
  for (const file of sources) hash.update(relative(siteProject, file)).update(await readFile(file));
  return hash.digest('hex');
}

function releaseKey(templateKey: string, release: BundleRelease): string {
  return createHash('sha256').update(templateKey).update(canonicalJson(release)).digest('hex');
}

/** JSON with every object's keys in order, so the same content gives the same key whoever wrote it. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v));
}

/** A release's folders: its page, feeds and logs, and each document with its page views. */
function releasePaths(id: string, documents: string[]): string[] {
  return [join('releases', id), ...documents.map((d) => join('documents', d))];
}

/** Moves a freshly rendered release into the portal and links its PDFs and page images from the bundle. */
async function placeRelease(astroOut: string, target: string, bundleDir: string, release: BundleRelease, trash: string): Promise<void> {
  for (const path of releasePaths(release.id, release.documents.map((d) => d.id))) await moveInto(join(astroOut, path), join(target, path), trash);
  const publicDir = join(bundleDir, bundleFiles.public);
  for (const d of release.documents) {
    await linkFile(join(publicDir, d.pdf), join(target, d.pdf));
    for (const p of d.pages) await linkFile(join(publicDir, p.image), join(target, p.image));
  }
}

/** Every file left once the releases moved out: the shared pages, each replaced by a rename (a reader gets the old page or the new one). */
async function placeShared(astroOut: string, target: string, trash: string): Promise<void> {
  await moveTree(astroOut, target, trash);
}

/** Deletes what the portal no longer shows: releases gone, documents re-approved or withdrawn, search bundles replaced. */
async function removeStale(outDir: string, previous: SiteState, bundle: Bundle, groups: SearchGroup[]): Promise<void> {
  const releases = new Set(bundle.releases.map((r) => r.id));
  const documents = new Set(bundle.releases.flatMap((r) => r.documents.map((d) => d.id)));
  const shas = new Set(bundle.releases.flatMap((r) => r.documents.map((d) => d.sha256)));
  for (const [id, old] of Object.entries(previous.releases)) {
    if (!releases.has(id)) await rm(join(outDir, 'releases', id), { recursive: true, force: true });
    for (const d of old.documents) if (!documents.has(d)) await rm(join(outDir, 'documents', d), { recursive: true, force: true });
    for (const sha of old.shas) {
      if (shas.has(sha)) continue;
      await rm(join(outDir, bundleFiles.pdf(sha)), { force: true });
      await rm(join(outDir, dirname(bundleFiles.pageImage(sha, 1))), { recursive: true, force: true });
    }
  }
  const kept = new Set(groups.map((g) => g.name));
  for (const name of previous.search) if (!kept.has(name)) await rm(join(outDir, 'pagefind', name), { recursive: true, force: true });
}

/** The search records of a group's releases: one per page, its text read from the bundle. */
function* searchRecords(bundleDir: string, group: SearchGroup, byId: Map<string, BundleRelease>): Generator<SearchRecord> {
  for (const id of group.releases) {
    const release = byId.get(id)!;
    const year = release.date.slice(0, 4);
    for (const doc of release.documents) {
      const texts = readPageTexts(bundleDir, doc.sha256);
      for (const page of doc.pages) {
        const codes = [...new Set(doc.redactions.filter((r) => r.page === page.number).map((r) => r.code))].sort();
        yield {
          url: `/documents/${doc.id}/page/${page.number}/`,
          content: texts[page.number - 1] ?? '',
          meta: { title: `${doc.title}, page ${page.number} of ${doc.pageCount}`, document: doc.title, page: String(page.number) },
          filters: { release: [release.title], year: [year], ...(codes.length > 0 ? { exemption: codes } : {}) },
        };
      }
    }
  }
}

/** Puts `from` at `to` by rename: a file replaces the old one at once; a folder already there goes to the trash first. */
async function moveInto(from: string, to: string, trash: string): Promise<void> {
  const kind = await stat(from).catch(() => undefined);
  if (!kind) return;
  await mkdir(dirname(to), { recursive: true });
  if (kind.isDirectory() && (await exists(to))) {
    await mkdir(trash, { recursive: true });
    await rename(to, join(trash, `${Date.now()}-${Math.random().toString(36).slice(2)}`));
  }
  await rename(from, to);
}

/** Moves every file of a tree into place, keeping files already there under other names. */
async function moveTree(from: string, to: string, trash: string): Promise<void> {
  if (!(await exists(from))) return;
  for (const entry of await readdir(from, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    await moveInto(file, join(to, relative(from, file)), trash);
  }
}

/** A hard link when the bundle and the portal share a file system (no copy of 100,000 images), else a copy. */
async function linkFile(from: string, to: string): Promise<void> {
  if (await exists(to)) return; // named by the artifact's hash: the same bytes
  await mkdir(dirname(to), { recursive: true });
  try {
    await link(from, to);
  } catch {
    await copyFile(from, to);
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

async function readState(bundleDir: string): Promise<SiteState | undefined> {
  try {
    const state = JSON.parse(await readFile(join(bundleDir, STATE_FILE), 'utf8')) as SiteState;
    return state.stateVersion === STATE_VERSION ? state : undefined;
  } catch {
    return undefined;
  }
}

async function writeState(bundleDir: string, state: SiteState): Promise<void> {
  const path = join(bundleDir, STATE_FILE);
  await writeFile(`${path}.tmp`, JSON.stringify(state));
  await rename(`${path}.tmp`, path);
}

function run(tool: string, args: string[], env: NodeJS.ProcessEnv, log: (t: string) => void, cwd: string): Promise<number> {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const relay = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) log(`[${tool}] ${line}\n`);
    };
    child.stdout.on('data', relay);
    child.stderr.on('data', relay);
    child.on('error', (error) => {
      log(`[${tool}] could not start: ${error.message}\n`);
      done(127);
    });
    child.on('close', (code) => done(code ?? 1));
  });
}

/** Replaces outDir by the fresh build with two renames, so a reader never sees half a site. */
async function swapIn(staging: string, outDir: string): Promise<void> {
  const old = `${outDir}.old-${process.pid}`;
  const present = await exists(outDir);
  if (present) await rename(outDir, old);
  await rename(staging, outDir);
  if (present) await rm(old, { recursive: true, force: true });
}

/**
 * @module
 * The portal's only data source: the release bundle named by DAYLIGHT_BUNDLE,
 * read from the filesystem at build time (never through import.meta.url, which
 * points into the prerender output). Plus the small derived views pages share.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_VERSION, readPageTexts } from '../../../pipeline/publish/bundle.ts';
import type { Bundle, BundleDocument, BundleRelease, RedactionLogEntry } from '../../../pipeline/publish/bundle.ts';
import type { BuildPlan } from '../../../pipeline/publish/build-site.ts';

export type { Bundle, BundleDocument, BundleRelease, RedactionLogEntry };

let cached: Bundle | undefined;

export function bundle(): Bundle {
  if (cached) return cached;
  const dir = process.env.DAYLIGHT_BUNDLE;
  if (!dir) throw new Error('DAYLIGHT_BUNDLE is not set');
  const parsed = JSON.parse(readFileSync(join(dir, 'releases.json'), 'utf8')) as Bundle;
  if (parsed.bundleVersion !== BUNDLE_VERSION) throw new Error(`unsupported bundle version ${parsed.bundleVersion}`);
  cached = parsed;
  return parsed;
}

let plannedCache: BuildPlan | undefined;

/**
 * What this build renders (DAYLIGHT_PLAN, written by pipeline/publish/build-site.ts): the releases
 * whose pages changed, and the search bundles the search page merges. Without a plan, every release.
 */
export function plan(): BuildPlan {
  if (plannedCache) return plannedCache;
  const file = process.env.DAYLIGHT_PLAN;
  plannedCache = file ? (JSON.parse(readFileSync(file, 'utf8')) as BuildPlan) : { releases: bundle().releases.map((r) => r.id), searchBundles: [] };
  return plannedCache;
}

/** The releases whose own pages this build renders (routes under /releases/<id>/ and /documents/). */
export function releasesToBuild(): BundleRelease[] {
  const wanted = new Set(plan().releases);
  return bundle().releases.filter((r) => wanted.has(r.id));
}

/** The documents of the releases this build renders. */
export function documentsToBuild(): DocumentInRelease[] {
  return releasesToBuild().flatMap((release) => release.documents.map((document) => ({ release, document })));
}

const textCache = new Map<string, string[]>();

/** The text of each page of a document, read from the bundle when its pages are rendered. */
export function pageTexts(doc: BundleDocument): string[] {
  let texts = textCache.get(doc.sha256);
  if (!texts) {
    // A document's pages render one after another: a few documents' text is all that is kept.
    if (textCache.size > 32) textCache.clear();
    texts = readPageTexts(process.env.DAYLIGHT_BUNDLE!, doc.sha256);
    textCache.set(doc.sha256, texts);
  }
  return texts;
}

export interface DocumentInRelease {
  release: BundleRelease;
  document: BundleDocument;
}

export function allDocuments(): DocumentInRelease[] {
  return bundle().releases.flatMap((release) => release.documents.map((document) => ({ release, document })));
}

/** Redaction counts by exemption code, most frequent first. */
export function countsByCode(entries: RedactionLogEntry[]): { code: string; exemption: string; count: number }[] {
  const counts = new Map<string, { code: string; exemption: string; count: number }>();
  for (const e of entries) {
    const row = counts.get(e.code) ?? { code: e.code, exemption: e.exemption, count: 0 };
    row.count++;
    counts.set(e.code, row);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

export function releaseLog(release: BundleRelease): (RedactionLogEntry & { document: string; documentTitle: string; sha256: string })[] {
  return release.documents.flatMap((d) => d.redactions.map((r) => ({ ...r, document: d.id, documentTitle: d.title, sha256: d.sha256 })));
}

/** The anchor of a box on its document page: `#box-3`. */
export function boxAnchor(number: number): string {
  return `box-${number}`;
}

/** A link inside the site, honouring the base path of --base-url. */
export function href(path: string): string {
  const base = import.meta.env.BASE_URL.replace(/\/$/, '');
  return `${base}/${path.replace(/^\//, '')}`;
}

/** An absolute URL for feeds, sitemaps and catalogs. */
export function absolute(path: string): string {
  return new URL(href(path), import.meta.env.SITE).toString();
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
}

/** "1 page", "3 pages". */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export function year(iso: string): string {
  return iso.slice(0, 4);
}

/** CSV with every field quoted and formula-like cells neutralised. */
export { toCsv } from '../../../pipeline/publish/csv.ts';

export function exemptionLabel(key: string): string {
  return bundle().exemptions.find((e) => e.key === key)?.label ?? key;
}

/** The page view of a document's page: the page's own URL, which search results open. */
export function pageHref(documentId: string, page: number): string {
  return href(`/documents/${documentId}/page/${page}/`);
}

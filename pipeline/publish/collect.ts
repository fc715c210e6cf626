/**
 * @module
 * Writes the release bundle from documents that already passed the gate
 * (`gate.ts`). Everything the portal shows about a document is read back from
 * its redacted PDF here: the text per page (pdf.js, each removal marker put back where its box stands) and the page images
 * (rendered from the same bytes). Nothing is taken from the original or from the
 * workspace's extracted text, so nothing can bypass the redaction.
 *
 * Files are named by the artifact's SHA-256, so re-publishing after one more
 * approval renders only the new documents and keeps every earlier release.
 *
 * ```ts
 * const result = await collectBundle(bundleDir, passed, { title: 'City of Example', exemptions });
 * ```
 */
import { createHash } from 'node:crypto';
import { access, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { openPdf } from '../extract/pdfjs.ts';
import { linesFromRuns } from '../extract/words-from-runs.ts';
import { fail, ok } from '../problems.ts';
import type { Problem, Result } from '../problems.ts';
import { BUNDLE_VERSION, bundleFiles, readBundle, writeBundleManifest, writePageTexts } from './bundle.ts';
import type { Bundle, BundleDocument, BundleExemption, BundlePage, BundleRelease, RedactionLogEntry } from './bundle.ts';
import { encodePortalPng } from '../image/encode.ts';
import { portalPageText } from './page-text.ts';

/** A document the gate let through: its verified artifact and what the portal says about it. */
export interface PassedDocument {
  release: Omit<BundleRelease, 'documents'>;
  /** Opaque key and public number of the document (see numbering.ts). */
  key: string;
  number: number;
  /** Public title (confirmed, or neutral) and neutral download name. */
  title: string;
  description?: string;
  dateOfRecord?: string;
  fileName: string;
  /** Where the operator knows it from (the workspace path): for progress and problems on stderr, never public. */
  source: string;
  /** Reads the redacted artifact whose SHA-256 matched its approval; called only when its pages must be rendered. */
  read: () => Promise<Result<Uint8Array>>;
  sha256: string;
  byteLength: number;
  approvedAt: string;
  /** When the document was first published; now for a new one. */
  publishedAt: string;
  redactions: RedactionLogEntry[];
}

export interface CollectOptions {
  title: string;
  office?: string;
  contact: Bundle['contact'];
  requests?: Bundle['requests'];
  licence: Bundle['licence'];
  exemptions: BundleExemption[];
  /** Resolution of page images (default 110 dpi: a letter page about 935 px wide). */
  dpi?: number;
  now?: Date;
  /** Documents rendered at once (default 3). */
  concurrency?: number;
  /** The bundle now in `dir`, when the caller has already read it (at 100,000 pages its manifest takes a second to parse). */
  previous?: Bundle;
  /** Called after each document, for progress lines. */
  onDocument?: (done: number, total: number, doc: PassedDocument) => void;
}

export interface CollectOutcome {
  bundle: Bundle;
  /** Documents whose PDF could not be read back; they were left out. */
  problems: Problem[];
  rendered: number;
  reused: number;
}

export async function collectBundle(dir: string, passed: PassedDocument[], options: CollectOptions): Promise<CollectOutcome> {
  const previous = options.previous ?? (await readBundle(dir));
  const known = new Map<string, BundleDocument>();
  for (const r of previous?.releases ?? []) for (const d of r.documents) known.set(d.sha256, d);

  const problems: Problem[] = [];
  let rendered = 0;
  let reused = 0;
  let done = 0;
  const entries: (BundleDocument | undefined)[] = new Array(passed.length);
  // A few documents in flight: pdf.js parses on this thread while sharp encodes on libuv's pool.
  await inPool(passed, options.concurrency ?? 3, async (doc, i) => {
    const cached = known.get(doc.sha256);
    let entry: Result<BundleDocument>;
    if (cached && (await filesPresent(dir, cached))) {
      entry = ok({ ...describe(doc), pageCount: cached.pageCount, pages: cached.pages });
      reused++;
    } else {
      entry = await renderDocument(dir, doc, options.dpi ?? 110);
      if (entry.ok) rendered++;
    }
    options.onDocument?.(++done, passed.length, doc);
    if (entry.ok) entries[i] = entry.value;
    else problems.push(entry.problem);
  });

  const releases = new Map<string, BundleRelease>();
  passed.forEach((doc, i) => {
    const entry = entries[i];
    if (!entry) return;
    const release = releases.get(doc.release.id) ?? { ...doc.release, documents: [] };
    release.documents.push(entry);
    releases.set(doc.release.id, release);
  });

  const bundle: Bundle = {
    bundleVersion: BUNDLE_VERSION,
    title: options.title,
    office: options.office ?? options.title,
    contact: options.contact,
    ...(options.requests ? { requests: options.requests } : {}),
    licence: options.licence,
    generatedAt: (options.now ?? new Date()).toISOString(),
    exemptions: options.exemptions,
    releases: [...releases.values()]
      .map((r) => ({ ...r, documents: r.documents.sort((a, b) => a.number - b.number) }))
      .sort((a, b) => b.date.localeCompare(a.date) || b.id.localeCompare(a.id)),
  };
  await pruneUnreferenced(dir, bundle);
  await writeBundleManifest(dir, bundle);
  return { bundle, problems, rendered, reused };
}

function describe(doc: PassedDocument): Omit<BundleDocument, 'pages' | 'pageCount'> {
  return {
    id: doc.sha256.slice(0, 16),
    key: doc.key,
    number: doc.number,
    title: doc.title,
    ...(doc.description ? { description: doc.description } : {}),
    ...(doc.dateOfRecord ? { dateOfRecord: doc.dateOfRecord } : {}),
    fileName: doc.fileName,
    sha256: doc.sha256,
    byteLength: doc.byteLength,
    pdf: bundleFiles.pdf(doc.sha256),
    approvedAt: doc.approvedAt,
    publishedAt: doc.publishedAt,
    redactions: doc.redactions,
  };
}

async function renderDocument(dir: string, doc: PassedDocument, dpi: number): Promise<Result<BundleDocument>> {
  const publicDir = join(dir, bundleFiles.public);
  const read = await doc.read();
  if (!read.ok) return read;
  const bytes = read.value;
  // The gate checked the hash, but this is the last step before the public folder: check again.
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== doc.sha256) return fail('publish.hash-mismatch', `The artifact's bytes hash to ${actual}, not the approved ${doc.sha256}; it was not published.`, { file: doc.source });
  const opened = await openPdf(bytes, doc.source);
  if (!opened.ok) return opened;
  const pdf = opened.value;
  const pages: BundlePage[] = [];
  const texts: string[] = [];
  try {
    for (let n = 1; n <= pdf.pageCount; n++) {
      const page = await pdf.page(n);
      const { runs, styles } = await page.textRuns();
      let gray;
      try {
        gray = await page.render(dpi);
      } catch (error) {
        return fail('render.failed', `Page ${n} of the redacted PDF could not be rendered for the portal (${(error as Error).message}).`, { file: doc.source, page: n });
      }
      const image = bundleFiles.pageImage(doc.sha256, n);
      await writeFileMaking(join(publicDir, image), await encodePortalPng(gray));
      texts.push(portalPageText(linesFromRuns(runs, styles, page.toTopLeft)));
      pages.push({ number: n, width: page.width, height: page.height, image, imageWidth: gray.width, imageHeight: gray.height });
    }
  } finally {
    await pdf.close();
  }
  await writePageTexts(dir, doc.sha256, texts);
  await writeFileMaking(join(publicDir, bundleFiles.pdf(doc.sha256)), bytes);
  return ok({ ...describe(doc), pageCount: pages.length, pages });
}

async function inPool<T>(items: T[], size: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

/**
 * A document's files are written images first, then its text, then its PDF (`renderDocument`), and
 * removed together: the text and the PDF being there means the images are too. Two checks a document,
 * not one a page, keep a re-publish of a 100,000-page portal quick.
 */
async function filesPresent(dir: string, doc: BundleDocument): Promise<boolean> {
  try {
    await Promise.all([join(dir, bundleFiles.text(doc.sha256)), join(dir, bundleFiles.public, doc.pdf)].map((f) => access(f)));
    return true;
  } catch {
    return false;
  }
}

async function writeFileMaking(path: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
}

/** Removes files of documents no longer released (sent back, or failing the gate now). */
async function pruneUnreferenced(dir: string, bundle: Bundle): Promise<void> {
  const publicDir = join(dir, bundleFiles.public);
  const keep = new Set(bundle.releases.flatMap((r) => r.documents.map((d) => d.sha256)));
  const texts = await readdir(join(dir, 'text')).catch(() => [] as string[]);
  for (const f of texts) if (!keep.has(f.replace(/\.json$/, ''))) await rm(join(dir, 'text', f), { force: true });
  const files = await readdir(join(publicDir, 'files')).catch(() => [] as string[]);
  for (const f of files) if (!keep.has(f.replace(/\.pdf$/, ''))) await rm(join(publicDir, 'files', f), { force: true });
  const pages = await readdir(join(publicDir, 'pages')).catch(() => [] as string[]);
  for (const p of pages) if (!keep.has(p)) await rm(join(publicDir, 'pages', p), { recursive: true, force: true });
}

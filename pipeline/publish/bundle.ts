/**
 * @module
 * The release bundle: the one hand-over between the publish gate and the portal.
 * A folder holding `releases.json` (this file's types) and `public/` (redacted PDFs
 * and page images rendered from them). The Astro site builds from nothing else, so
 * whatever is not in a bundle cannot reach the portal.
 *
 * ```
 * bundle/
 *   releases.json
 *   public/files/<sha256>.pdf          the approved, verified artifact
 *   public/pages/<sha256>/<n>.png      page n, rendered from that artifact
 * ```
 */
import type { RedactionLogEntry as WriterLogEntry } from '../../redaction/write/log.ts';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Bumped when a field changes meaning; the site refuses other versions. */
export const BUNDLE_VERSION = 1;

export interface BundleExemption {
  /** The policy's key, e.g. "b6". */
  key: string;
  /** The code shown to the public, e.g. "(b)(6)". */
  code: string;
  label: string;
  /** Plain-language explanation for the exemptions page. */
  description: string;
}

/** One row of a release's redaction log (a Vaughn-index-style record): the writer's log entry, never the removed text. */
export type RedactionLogEntry = Omit<WriterLogEntry, 'pendingReview'>;

export interface BundlePage {
  number: number;
  /** Displayed size in points. */
  width: number;
  height: number;
  /** The page's text as extracted from the redacted PDF. */
  text: string;
  /** Path of the page image under `public/`. */
  image: string;
  imageWidth: number;
  imageHeight: number;
}

export interface BundleDocument {
  /** Short, opaque, stable: derived from the artifact's SHA-256. */
  id: string;
  title: string;
  /** Name offered for download. */
  fileName: string;
  sha256: string;
  byteLength: number;
  pageCount: number;
  /** Path of the PDF under `public/`. */
  pdf: string;
  approvedBy: string;
  approvedAt: string;
  publishedAt: string;
  pages: BundlePage[];
  redactions: RedactionLogEntry[];
}

export interface BundleRelease {
  id: string;
  title: string;
  office: string;
  /** ISO date-time the release was first published. */
  date: string;
  description: string;
  documents: BundleDocument[];
}

export interface Bundle {
  bundleVersion: typeof BUNDLE_VERSION;
  title: string;
  office: string;
  generatedAt: string;
  exemptions: BundleExemption[];
  /** Newest first. */
  releases: BundleRelease[];
}

export const bundleFiles = {
  manifest: 'releases.json',
  public: 'public',
  pdf: (sha256: string) => `files/${sha256}.pdf`,
  pageImage: (sha256: string, page: number) => `pages/${sha256}/${page}.png`,
} as const;

export async function readBundle(dir: string): Promise<Bundle | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, bundleFiles.manifest), 'utf8');
  } catch {
    return undefined;
  }
  const bundle = JSON.parse(text) as Bundle;
  if (bundle.bundleVersion !== BUNDLE_VERSION) throw new Error(`bundle ${dir} has version ${bundle.bundleVersion}, expected ${BUNDLE_VERSION}`);
  return bundle;
}

/** Writes the manifest atomically, so a crash never leaves a half-written one. */
export async function writeBundleManifest(dir: string, bundle: Bundle): Promise<void> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, bundleFiles.manifest);
  await writeFile(`${path}.tmp`, JSON.stringify(bundle));
  await rename(`${path}.tmp`, path);
}

/**
 * @module
 * The release bundle: the one hand-over between the publish gate and the portal.
 * A folder holding `releases.json` (this file's types) and `public/` (redacted PDFs
 * and page images rendered from them). The Astro site builds from nothing else, so
 * whatever is not in a bundle cannot reach the portal.
 *
 * ```
 * bundle/
 *   releases.json                      every release and document, without page text
 *   text/<sha256>.json                 the text of each page of that artifact (string[])
 *   public/files/<sha256>.pdf          the approved, verified artifact
 *   public/pages/<sha256>/<n>.png      page n, rendered from that artifact
 *   site-state.json                    what the last site build made of it (build-site.ts)
 * ```
 *
 * Page text lives in one file per artifact, named by its hash, so the manifest of
 * a 100,000-page portal stays small and a build reads only the text it renders.
 */
import type { Box } from '../model/types.ts';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Bumped when a field changes meaning; the site refuses other versions, publish rebuilds them. */
export const BUNDLE_VERSION = 5;

export interface BundleExemption {
  /** The policy's key, e.g. "b6". */
  key: string;
  /** The code shown to the public, e.g. "(b)(6)". */
  code: string;
  label: string;
  /** Plain-language explanation for the exemptions page. */
  description: string;
}

/**
 * One row of a release's public redaction log (a Vaughn-index-style record). Every
 * word in it comes from a fixed vocabulary (`public-log.ts`): never the removed text,
 * a detector's reasons, a reviewer's comment, an internal id or a file name.
 */
export interface RedactionLogEntry {
  /** The box's number in its document, 1, 2, … in reading order; printed on the page image. */
  number: number;
  page: number;
  /** PDF points, top-left origin of the displayed page. */
  box: Box;
  /** The policy's category key, e.g. "personal.health". */
  category: string;
  /** The category in plain words, e.g. "Personal health information". */
  categoryLabel: string;
  /** Policy key, e.g. "b6". */
  exemption: string;
  /** As printed on the box, e.g. "(b)(6)". */
  code: string;
  /** "Personal health information — (b)(6) Personal privacy". */
  reason: string;
  /** Proposed by the software and accepted by a reviewer, or drawn by a reviewer. */
  origin: 'proposed' | 'drawn';
}

export interface BundlePage {
  number: number;
  /** Displayed size in points. */
  width: number;
  height: number;
  /** Path of the page image under `public/`. */
  image: string;
  imageWidth: number;
  imageHeight: number;
}

export interface BundleDocument {
  /** Short, opaque, stable: derived from the artifact's SHA-256. */
  id: string;
  /** Opaque key of the workspace document (a hash), so its number survives a re-approval. Not shown. */
  key: string;
  /** Its number in the release, 1, 2, … kept from run to run. */
  number: number;
  /** Confirmed by an approver (portal configuration), else neutral ("Release 2026-0001, document 3"): never the original file name. */
  title: string;
  description?: string;
  /** YYYY-MM-DD, as an approver confirmed it. */
  dateOfRecord?: string;
  /** Name offered for download, always neutral. */
  fileName: string;
  sha256: string;
  byteLength: number;
  pageCount: number;
  /** Path of the PDF under `public/`. */
  pdf: string;
  approvedAt: string;
  publishedAt: string;
  pages: BundlePage[];
  redactions: RedactionLogEntry[];
}

export interface BundleRelease {
  /** The release number, "2026-0001": public, stable from run to run. */
  id: string;
  /** Opaque key of the batch (a hash), so the number survives a rebuild. Not shown. */
  key: string;
  /** Confirmed by an approver (portal configuration), else neutral ("Release 2026-0001"): never a batch or folder name. */
  title: string;
  /** YYYY-MM-DD, as an approver confirmed it. */
  dateOfRecord?: string;
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
  /** The office's contact point (data.json, the contact page, the footer). */
  contact: { name: string; email: string; phone?: string; url?: string };
  /** Where to ask for records that are not here. */
  requests?: { url?: string; email?: string; text?: string };
  /** Under which terms the releases may be reused. */
  licence: { name: string; url: string };
  generatedAt: string;
  exemptions: BundleExemption[];
  /** Newest first. */
  releases: BundleRelease[];
}

export const bundleFiles = {
  manifest: 'releases.json',
  public: 'public',
  /** Outside `public/`: the site shows the text in its pages, it does not serve the file. */
  text: (sha256: string) => `text/${sha256}.json`,
  pdf: (sha256: string) => `files/${sha256}.pdf`,
  pageImage: (sha256: string, page: number) => `pages/${sha256}/${page}.png`,
} as const;

/** The bundle in `dir`; none when there is none or it has another version (publish then rebuilds it whole). */
export async function readBundle(dir: string): Promise<Bundle | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, bundleFiles.manifest), 'utf8');
  } catch {
    return undefined;
  }
  const bundle = JSON.parse(text) as Bundle;
  return bundle.bundleVersion === BUNDLE_VERSION ? bundle : undefined;
}

/** Writes the manifest atomically, so a crash never leaves a half-written one. */
export async function writeBundleManifest(dir: string, bundle: Bundle): Promise<void> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, bundleFiles.manifest);
  await writeFile(`${path}.tmp`, JSON.stringify(bundle));
  await rename(`${path}.tmp`, path);
}

/** The text of each page of an artifact, as `collect.ts` read it from the redacted PDF. */
export function readPageTexts(dir: string, sha256: string): string[] {
  return JSON.parse(readFileSync(join(dir, bundleFiles.text(sha256)), 'utf8')) as string[];
}

export async function writePageTexts(dir: string, sha256: string, texts: string[]): Promise<void> {
  const path = join(dir, bundleFiles.text(sha256));
  await mkdir(dirname(path), { recursive: true });
  await writeFile(`${path}.tmp`, JSON.stringify(texts));
  await rename(`${path}.tmp`, path);
}

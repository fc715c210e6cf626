/**
 * @module
 * `daylight publish` as a function: gate → bundle → site → mark published.
 *
 *   1. every approved or already-published document of the workspace goes
 *      through the gate (`gate.ts`); refusals are reported, the rest go on;
 *   2. the passed artifacts become the release bundle (`collect.ts`): one
 *      release per batch, the redaction log from the approvers' decisions;
 *   3. Astro and Pagefind build the portal from the bundle (`build-site.ts`);
 *   4. only then do newly released documents move to `published`, each with an
 *      audit entry naming the artifact's SHA-256.
 *
 * Earlier releases stay: published documents pass the gate again on every run
 * and their rendered pages are reused from the bundle.
 */
import { join } from 'node:path';
import { findUser, listDocuments, listFindings, listRedactions, markPublished, readJsonBlob, sha256Hex, writeAuditAnchors } from '../workspace/store/index.ts';
import type { DocumentRecord, Workspace } from '../workspace/store/index.ts';
import type { Document } from '../model/types.ts';
import { fail, ok } from '../problems.ts';
import type { Problem, Result } from '../problems.ts';
import { readBundle } from './bundle.ts';
import type { BundleExemption } from './bundle.ts';
import { buildSite } from './build-site.ts';
import type { BuildTimings } from './build-site.ts';
import { collectBundle } from './collect.ts';
import type { PassedDocument } from './collect.ts';
import { gateDocument } from './gate.ts';
import type { ArtifactVerifier, GatedDocument } from './gate.ts';
import { assignNumbers } from './numbering.ts';
import { DEFAULT_LICENCE } from './portal-config.ts';
import type { PortalConfig, ReleaseMetadata } from './portal-config.ts';
import type { Numbers } from './numbering.ts';
import { documentFileName, documentTitle, opaqueKey, publicLog, releaseTitle } from './public-log.ts';

export interface PublishOptions {
  outDir: string;
  /** Where the release bundle (and its cache of page images) lives; default `<workspace>/publish-bundle`. */
  bundleDir?: string;
  siteUrl: string;
  title: string;
  office?: string;
  /** The office's contact address (required: data.json and the contact page publish it). */
  contactEmail?: string;
  /** The office's configuration (`portal-config.ts`): contact, request path, licence, confirmed metadata. */
  config?: Partial<PortalConfig>;
  /** The policy's exemptions, for codes in the log and the exemptions page. */
  exemptions: Record<string, { code: string; label: string; description: string }>;
  verify: ArtifactVerifier;
  /** Verify every artifact again, even those the bundle already holds from an earlier run. */
  reverifyAll?: boolean;
  /** Build every release's pages and search bundle again, not only the changed ones (build-site.ts). */
  rebuildSite?: boolean;
  /** Who publishes, for the audit log. */
  actor: string;
  log: (text: string) => void;
  now?: Date;
}

export interface PublishReport {
  outDir: string;
  bundleDir: string;
  releases: number;
  documents: number;
  /** Documents that moved to `published` in this run. */
  newlyPublished: string[];
  refused: Problem[];
  rendered: number;
  reused: number;
  timings: BuildTimings & { gateMs: number; collectMs: number };
}

export async function publish(ws: Workspace, options: PublishOptions): Promise<Result<PublishReport>> {
  const now = options.now ?? new Date();
  const office = options.office ?? options.config?.office ?? options.title;
  const email = options.contactEmail ?? options.config?.contact?.email;
  if (!email) return fail('usage.invalid', 'The portal needs a contact address to publish (data.json and the contact page show it): pass --contact-email or set contact.email in --config.');
  const contact = { ...options.config?.contact, name: options.config?.contact?.name ?? office, email };
  const confirmed = await checkConfirmedBy(ws, options.config?.releases ?? {});
  if (!confirmed.ok) return confirmed;
  const bundleDir = options.bundleDir ?? join(ws.dir, 'publish-bundle');
  const refused: Problem[] = [];
  // Bytes are not kept (a thousand raster PDFs would not fit): collect reads them again, re-checking the hash.
  const gatedDocs: Cleared[] = [];

  const t0 = performance.now();
  // An artifact already in the bundle passed this verifier on these exact bytes in an earlier run
  // (the gate still re-checks its hash against the approval); verifying it again is --reverify.
  const previous = options.reverifyAll ? undefined : await readBundle(bundleDir);
  const verifiedBefore = new Set(previous?.releases.flatMap((r) => r.documents.map((d) => d.sha256)) ?? []);
  const verify: ArtifactVerifier = async (pdf, document) => (verifiedBefore.has(sha256Hex(pdf)) ? ok('verified in an earlier run') : options.verify(pdf, document));
  const candidates = await listDocuments(ws, { state: ['approved', 'published'] });
  for (const [i, document] of candidates.entries()) {
    options.log(`[${i + 1}/${candidates.length}] ${document.path}  gate\n`);
    if (document.state === 'approved') {
      const damaged = await damagedInput(ws, document);
      if (damaged) {
        refused.push(damaged);
        continue;
      }
    }
    const gated = await gateDocument(ws, document, verify);
    if (!gated.ok) {
      refused.push(gated.problem);
      continue;
    }
    gatedDocs.push({ document: gated.value.document, approval: gated.value.approval, byteLength: gated.value.bytes.byteLength });
  }
  // The date a document first appeared on the portal is the bundle's: the workspace records its own a
  // moment later, when the document moves to published, and a date that moved would rebuild its release.
  const shown = options.reverifyAll ? await readBundle(bundleDir) : previous;
  const firstShown = new Map(shown?.releases.flatMap((r) => r.documents.map((d) => [d.sha256, d.publishedAt] as const)) ?? []);
  const publishedAt = (gated: Cleared) => firstShown.get(gated.approval.artifactSha256) ?? gated.document.publishedAt ?? now.toISOString();
  // A release (one batch) is dated by its first published document, so adding one more keeps its date.
  const releaseDates = new Map<string, string>();
  for (const gated of gatedDocs) {
    const { document } = gated;
    const at = publishedAt(gated);
    const known = releaseDates.get(document.batchId);
    if (!known || at < known) releaseDates.set(document.batchId, at);
  }
  // Numbers stay with their release and document from run to run, also with --reverify.
  const numbers = assignNumbers(
    gatedDocs.map((gated) => ({
      releaseKey: opaqueKey('release', gated.document.batchId),
      releaseDate: releaseDates.get(gated.document.batchId)!,
      documentKey: opaqueKey('document', gated.document.id),
      publishedAt: publishedAt(gated),
    })),
    shown,
  );
  const passed: { gated: Cleared; entry: PassedDocument }[] = [];
  for (const gated of gatedDocs) passed.push({ gated, entry: await toPassed(ws, gated, { ...options, office }, publishedAt(gated), releaseDates.get(gated.document.batchId)!, numbers) });
  const described = await checkMetadata(ws, passed, options.config?.releases ?? {}, options.log);
  if (!described.ok) return described;

  const t1 = performance.now();
  const collected = await collectBundle(
    bundleDir,
    passed.map((p) => p.entry),
    {
      title: options.title,
      office,
      contact,
      requests: options.config?.requests,
      licence: options.config?.licence ?? DEFAULT_LICENCE,
      exemptions: exemptionList(options.exemptions),
      now,
      ...(shown ? { previous: shown } : {}),
      onDocument: (done, total, doc) => options.log(`[${done}/${total}] ${doc.source}  pages\n`),
    },
  );
  refused.push(...collected.problems);
  const t2 = performance.now();

  const built = await buildSite({ bundleDir, bundle: collected.bundle, outDir: options.outDir, siteUrl: options.siteUrl, log: options.log, full: options.rebuildSite });
  if (!built.ok) return built;

  const inBundle = new Set(collected.bundle.releases.flatMap((r) => r.documents.map((d) => d.sha256)));
  const newlyPublished: string[] = [];
  for (const { gated } of passed) {
    if (gated.document.state !== 'approved' || !inBundle.has(gated.approval.artifactSha256)) continue;
    const moved = await markPublished(ws, gated.document.id, options.actor, { artifactSha256: gated.approval.artifactSha256, approvalId: gated.approval.id, site: options.outDir });
    if (moved.ok) newlyPublished.push(gated.document.id);
    else refused.push(moved.problem);
  }
  // The audit heads of what the site now shows, for `daylight audit verify --against` (store/anchors.ts); the log is sealed first.
  const released = passed.filter(({ gated }) => inBundle.has(gated.approval.artifactSha256)).map(({ gated }) => ({ documentId: gated.document.id, sha256: gated.approval.artifactSha256 }));
  const anchored = await writeAuditAnchors(ws, options.outDir, released, now, options.actor);
  if (!anchored.ok) return anchored;

  return ok({
    outDir: options.outDir,
    bundleDir,
    releases: collected.bundle.releases.length,
    documents: inBundle.size,
    newlyPublished,
    refused,
    rendered: collected.rendered,
    reused: collected.reused,
    timings: { ...built.value, gateMs: t1 - t0, collectMs: t2 - t1 },
  });
}

/** A document that passed the gate, without its bytes. */
type Cleared = Omit<GatedDocument, 'bytes'> & { byteLength: number };

async function toPassed(ws: Workspace, gated: Cleared, options: PublishOptions, publishedAt: string, releaseDate: string, numbers: Numbers): Promise<PassedDocument> {
  const { document, approval, byteLength } = gated;
  const releaseKey = opaqueKey('release', document.batchId);
  const key = opaqueKey('document', document.id);
  const releaseId = numbers.releases.get(releaseKey)!;
  const number = numbers.documents.get(key)!;
  const office = options.office ?? options.title;
  // Public names are neutral unless an approver confirmed them: a batch, folder or file name can itself be personal data.
  const meta = options.config?.releases?.[releaseId];
  const docMeta = meta?.documents[String(number)];
  return {
    release: {
      id: releaseId,
      key: releaseKey,
      title: meta?.title ?? releaseTitle(releaseId),
      office,
      date: releaseDate,
      description: meta?.description ?? `Records released by ${office}.`,
      ...(meta?.dateOfRecord ? { dateOfRecord: meta.dateOfRecord } : {}),
    },
    key,
    number,
    title: docMeta?.title ?? documentTitle(releaseId, number),
    ...(docMeta?.description ? { description: docMeta.description } : {}),
    ...(docMeta?.dateOfRecord ? { dateOfRecord: docMeta.dateOfRecord } : {}),
    fileName: documentFileName(releaseId, number),
    source: document.path,
    read: () => ws.blobs.get(approval.artifactSha256),
    byteLength,
    sha256: approval.artifactSha256,
    approvedAt: approval.approvedAt,
    publishedAt,
    redactions: publicLog(await listRedactions(ws, document.id), options.exemptions),
  };
}

/**
 * A document whose original was damaged (a rebuilt cross-reference table, objects the reader skipped)
 * is not published: its release shows what one reader recovered, which may not be the whole record.
 * Checked once, when it is first published; the model says so in its warnings.
 */
async function damagedInput(ws: Workspace, document: DocumentRecord): Promise<Problem | undefined> {
  if (!document.modelBlob || document.purgedAt) return undefined;
  const model = await readJsonBlob<Document>(ws.blobs, document.modelBlob);
  if (!model.ok) return undefined; // the gate's verifier reads the model too, and refuses what it cannot read
  const warning = model.value.warnings.find((w) => w.code === 'input.repaired');
  return warning && { code: 'publish.malformed', message: `${document.path} was not published: ${warning.message}`, file: document.path };
}

/** Every `confirmedBy` names an approver of this workspace: metadata is public only once an approver vouched for it. */
async function checkConfirmedBy(ws: Workspace, releases: Record<string, ReleaseMetadata>): Promise<Result<true>> {
  for (const [id, r] of Object.entries(releases)) {
    for (const [where, d] of [[`releases."${id}"`, r] as const, ...Object.entries(r.documents).map(([n, doc]) => [`releases."${id}".documents."${n}"`, doc] as const)]) {
      const user = await findUser(ws, d.confirmedBy);
      if (!user || user.disabled || (user.role !== 'approver' && user.role !== 'admin')) {
        return fail('usage.invalid', `${where}.confirmedBy is "${d.confirmedBy}", who is not an active approver of this workspace; only an approver can confirm what the portal says about a release.`);
      }
    }
  }
  return ok(true);
}

/**
 * Confirmed titles and descriptions are typed by people: one that holds text withheld from a
 * document of its release would publish it beside the box. Such metadata stops the publish.
 */
async function checkMetadata(ws: Workspace, passed: { gated: Cleared; entry: PassedDocument }[], releases: Record<string, ReleaseMetadata>, log: (t: string) => void): Promise<Result<true>> {
  const known = new Set(passed.map((p) => p.entry.release.id));
  for (const id of Object.keys(releases)) if (!known.has(id)) log(`portal configuration: release ${id} is not among the published releases; its metadata was not used.\n`);
  for (const { gated, entry } of passed) {
    const meta = releases[entry.release.id];
    if (!meta) continue;
    const texts = [meta.title, meta.description, entry.description, meta.documents[String(entry.number)]?.title].filter((t): t is string => Boolean(t));
    const withheld = await withheldStrings(ws, gated.document.id);
    for (const t of texts) {
      const hit = withheld.find((w) => fold(t).includes(fold(w)));
      if (hit) return fail('usage.invalid', `The confirmed metadata of release ${entry.release.id} ("${t.slice(0, 40)}…") contains text withheld from document ${entry.number}; rewrite it without that text.`);
    }
  }
  return ok(true);
}

/** The text behind every kept redaction of a document (findings' text), 3 letters or digits at least. */
async function withheldStrings(ws: Workspace, documentId: string): Promise<string[]> {
  const findings = new Map((await listFindings(ws, documentId)).map((f) => [f.id, f.text]));
  return (await listRedactions(ws, documentId))
    .filter((r) => r.decision !== 'rejected' && 'findings' in r.from)
    .flatMap((r) => ('findings' in r.from ? r.from.findings : []).map((id) => findings.get(id) ?? ''))
    .filter((t) => t.replace(/[^\p{L}\p{N}]/gu, '').length >= 3);
}

function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');
}

/** The policy's exemptions as the portal lists them. */
export function exemptionList(exemptions: PublishOptions['exemptions']): BundleExemption[] {
  return Object.entries(exemptions).map(([key, e]) => ({ key, code: e.code, label: e.label, description: e.description }));
}

/**
 * @module
 * Audit anchors on the workspace interface: the heads of the released
 * documents' audit chains, written into the public site on every publish, and
 * the check that the workspace still holds the history a site published. The
 * file format and its parser are ../audit-anchors.ts's.
 */
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fail, ok } from '../../problems.ts';
import type { Result } from '../../problems.ts';
import { documentsApprovedWith } from './approvals.ts';
import { WORKSPACE_CHAIN, auditEntryCount, chainEntry, chainHead, sealAudit, verifyAuditChain, verifyDocumentChain } from './audit.ts';
import type { Workspace } from './workspace.ts';

export const AUDIT_ANCHORS_FILE = 'audit-anchors.json';

interface Anchor {
  chainSeq: number;
  hash: string;
}

export interface AuditAnchors {
  daylightAuditAnchors: 1;
  publishedAt: string;
  /** The workspace chain's head and the number of entries in the whole log when the site was published. */
  workspace: Anchor & { entries: number };
  /** One per released document: its PDF's SHA-256 and the head of its audit chain. */
  documents: (Anchor & { sha256: string })[];
}

function isAnchor(value: unknown): value is Anchor {
  const a = value as Anchor;
  return typeof a === 'object' && a !== null && Number.isInteger(a.chainSeq) && a.chainSeq >= 0 && typeof a.hash === 'string';
}

export function parseAnchors(value: unknown): AuditAnchors | undefined {
  const a = value as AuditAnchors;
  if (typeof a !== 'object' || a === null || a.daylightAuditAnchors !== 1 || !isAnchor(a.workspace) || !Number.isInteger(a.workspace.entries) || !Array.isArray(a.documents)) return undefined;
  return a.documents.every((d) => isAnchor(d) && /^[0-9a-f]{64}$/.test(d.sha256)) ? a : undefined;
}

export interface AnchorCheck {
  publishedAt: string;
  documents: number;
  entries: number;
}


/** The anchors of a publish; every released document's chain must verify first. */
export async function auditAnchors(ws: Workspace, released: readonly { documentId: string; sha256: string }[], now: Date): Promise<Result<AuditAnchors>> {
  const documents: AuditAnchors['documents'] = [];
  for (const { documentId, sha256 } of released) {
    const chain = await verifyDocumentChain(ws, documentId);
    if (!chain.ok) return chain;
    if (!chain.value.head) return fail('publish.unaudited', `The released document with SHA-256 ${sha256} has no audit chain.`);
    documents.push({ sha256, chainSeq: chain.value.head.chainSeq, hash: chain.value.head.hash });
  }
  const head = await chainHead(ws, WORKSPACE_CHAIN);
  const entries = await auditEntryCount(ws);
  documents.sort((a, b) => (a.sha256 < b.sha256 ? -1 : 1));
  return ok({ daylightAuditAnchors: 1, publishedAt: now.toISOString(), workspace: { entries, chainSeq: head?.chainSeq ?? 0, hash: head?.hash ?? '' }, documents });
}

/**
 * Writes the anchors into the built site (atomically). With `sealAs`, the log
 * is sealed first (every publish is a moment to commit to the set of chains),
 * so the anchored workspace head includes the seal's entry.
 */
export async function writeAuditAnchors(ws: Workspace, siteDir: string, released: readonly { documentId: string; sha256: string }[], now: Date, sealAs?: string): Promise<Result<AuditAnchors>> {
  if (sealAs !== undefined) {
    const sealed = await sealAudit(ws, sealAs);
    if (!sealed.ok) return sealed;
  }
  const anchors = await auditAnchors(ws, released, now);
  if (!anchors.ok) return anchors;
  const path = join(siteDir, AUDIT_ANCHORS_FILE);
  try {
    await writeFile(`${path}.tmp`, `${JSON.stringify(anchors.value, null, 1)}\n`);
    await rename(`${path}.tmp`, path);
  } catch (error) {
    return fail('publish.build-failed', `The audit anchors could not be written to ${path}: ${(error as Error).message}.`);
  }
  return anchors;
}

/**
 * Does the workspace still hold the history a site published? The whole log
 * must verify, and every anchored entry must still be there with the same hash.
 */
export async function checkAnchors(ws: Workspace, value: unknown): Promise<Result<AnchorCheck>> {
  const anchors = parseAnchors(value);
  if (!anchors) return fail('usage.invalid', `The file is not a Daylight ${AUDIT_ANCHORS_FILE}.`);
  const chain = await verifyAuditChain(ws);
  if (!chain.ok) return chain;
  const at = `the site published ${anchors.publishedAt}`;
  if (chain.value.entries < anchors.workspace.entries) {
    return fail('audit.mismatch', `The audit log has ${chain.value.entries} entries, but it had ${anchors.workspace.entries} when ${at}: entries were removed and the log rebuilt.`);
  }
  if (anchors.workspace.chainSeq > 0 && (await chainEntry(ws, WORKSPACE_CHAIN, anchors.workspace.chainSeq))?.hash !== anchors.workspace.hash) {
    return fail('audit.mismatch', `Entry ${anchors.workspace.chainSeq} of the workspace's audit chain is not the one ${at} recorded: its history was rewritten.`);
  }
  for (const d of anchors.documents) {
    const ids = await documentsApprovedWith(ws, d.sha256);
    if (ids.length === 0) return fail('audit.mismatch', `${at} a release with SHA-256 ${d.sha256}, but no approval in this workspace signed it.`);
    let found = false;
    for (const id of ids) if ((await chainEntry(ws, id, d.chainSeq))?.hash === d.hash) found = true;
    if (!found) {
      return fail('audit.mismatch', `The audit history of the release with SHA-256 ${d.sha256} no longer matches ${at} (entry ${d.chainSeq} of its document's chain differs or is gone): it was rewritten after publishing.`);
    }
  }
  return ok({ publishedAt: anchors.publishedAt, documents: anchors.documents.length, entries: chain.value.entries });
}

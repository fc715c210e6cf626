/**
 * @module
 * The public redaction log and the public names of releases and documents, built
 * from a fixed vocabulary only. A detector's `why` ("health term …", "same value as
 * finding … in other.pdf"), a reviewer's typed reason, finding ids, user names and
 * file names never reach it: the portal says what kind of thing was withheld and
 * under which exemption, in plain words, and nothing about what it was.
 *
 * ```ts
 * publicLog(listRedactions(ws, id), policy.exemptions)
 * // [{ number: 1, page: 1, box, category: 'personal.health', categoryLabel: 'Personal health information',
 * //    exemption: 'b6', code: '(b)(6)', reason: 'Personal health information — (b)(6) Personal privacy', origin: 'proposed' }]
 * ```
 */
import { createHash } from 'node:crypto';
import { publicCategoryLabel } from '../../redaction/policy/categories.ts';
import type { Redaction } from '../model/types.ts';
import type { RedactionLogEntry } from './bundle.ts';

export type PublicExemptions = Record<string, { code: string; label: string }>;

/** "Personal health information — (b)(6) Personal privacy": the category and the exemption, nothing else. */
export function publicReason(category: string, exemption: string, exemptions: PublicExemptions): string {
  const e = exemptions[exemption];
  return `${publicCategoryLabel(category)} — ${e ? `${e.code} ${e.label}` : 'exemption not named by the policy'}`;
}

/** The exemption code printed on a box; an unknown key is shown as "exemption". */
export function publicCode(exemption: string, exemptions: PublicExemptions): string {
  return exemptions[exemption]?.code ?? 'exemption';
}

/** Each box of each kept redaction, numbered 1, 2, … in reading order (page, then top to bottom, left to right). */
export function publicLog(redactions: readonly Pick<Redaction, 'boxes' | 'category' | 'exemption' | 'from' | 'decision'>[], exemptions: PublicExemptions): RedactionLogEntry[] {
  return redactions
    .filter((r) => r.decision !== 'rejected')
    .flatMap((r) =>
      r.boxes.map((b) => ({
        page: b.page,
        box: b.box.map(round) as RedactionLogEntry['box'],
        category: r.category,
        categoryLabel: publicCategoryLabel(r.category),
        exemption: r.exemption,
        code: publicCode(r.exemption, exemptions),
        reason: publicReason(r.category, r.exemption, exemptions),
        origin: 'reviewer' in r.from ? ('drawn' as const) : ('proposed' as const),
      })),
    )
    .sort((a, b) => a.page - b.page || a.box[1] - b.box[1] || a.box[0] - b.box[0])
    .map((entry, i) => ({ number: i + 1, ...entry }));
}

/** An opaque, stable key for an internal id (a batch's, a document's): linkable to nothing public. */
export function opaqueKey(kind: 'release' | 'document', id: string): string {
  return createHash('sha256').update(`daylight-portal:${kind}:${id}`).digest('hex').slice(0, 16);
}

export function releaseTitle(releaseId: string): string {
  return `Release ${releaseId}`;
}

export function documentTitle(releaseId: string, number: number): string {
  return `Release ${releaseId}, document ${number}`;
}

export function documentFileName(releaseId: string, number: number): string {
  return `release-${releaseId}-document-${number}.pdf`;
}

/** One decimal place of a point: enough to place a box, and the same in HTML, CSV and JSON. */
function round(v: number): number {
  return Math.round(v * 10) / 10;
}

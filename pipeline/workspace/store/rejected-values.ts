/**
 * @module
 * What approvers keep rejecting: the values of findings whose proposed
 * redactions people rejected, counted across documents and batches, for the
 * office's allow list (`daylight policy suggest`). A value anyone accepted is
 * contested and is not suggested. Values are grouped in code (lower case, one
 * space between words): SQL's lower() differs between the two dialects.
 *
 * ```ts
 * const values = await rejectedValues(ws, { minDocuments: 2 }); // [{ value: 'Harbor Desk', documents: 3, … }]
 * ```
 */
import { sql } from 'kysely';
import type { Workspace } from './workspace.ts';

export interface RejectedValue {
  /** As first written in the documents. */
  value: string;
  /** Categories the findings had, most common first. */
  categories: string[];
  /** Rejected redactions of the value. */
  rejections: number;
  /** Distinct documents and batches it was rejected in. */
  documents: number;
  batches: number;
  /** The people who rejected it, sorted. */
  rejectedBy: string[];
}

/** The key two findings' values share when they are the same value: any case, any run of spaces. */
export function valueKey(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLocaleLowerCase('en-US');
}

interface Tally {
  value: string;
  categories: Map<string, number>;
  rejections: number;
  accepted: number;
  documents: Set<string>;
  batches: Set<string>;
  rejectedBy: Set<string>;
}

/**
 * Values rejected in at least `minDocuments` documents (default 2) and accepted nowhere, most documents first. Only
 * people's decisions count: a redaction decides nothing until someone accepts or rejects it. A redaction is linked to
 * the finding it was proposed from by its id (`r-` and the finding's id, as plan-redactions makes it). Rejecting a
 * redaction the policy applies automatically is not a decision until a second person confirms it, so an unconfirmed
 * rejection of one is not counted.
 */
export async function rejectedValues(ws: Workspace, options: { minDocuments?: number } = {}): Promise<RejectedValue[]> {
  const min = options.minDocuments ?? 2;
  const rows = await ws.db
    .selectFrom('redactions as r')
    .innerJoin('findings as f', (join) => join.onRef('f.document_id', '=', 'r.document_id').on(sql<boolean>`${sql.ref('r.id')} = 'r-' || ${sql.ref('f.id')}`))
    .innerJoin('documents as d', 'd.id', 'r.document_id')
    .select(['r.decision', 'r.decided_by', 'r.confirmed_by', 'r.document_id', 'd.batch_id', 'f.text', 'f.category', 'f.action'])
    .where('r.decided_by', 'is not', null)
    .where('r.decision', 'in', ['accepted', 'rejected'])
    .where('f.detector', '<>', 'deny-list')
    .execute();
  const tallies = new Map<string, Tally>();
  for (const row of rows) {
    const key = valueKey(row.text);
    if (key === '') continue;
    let t = tallies.get(key);
    if (!t) {
      t = { value: row.text.replace(/\s+/g, ' ').trim(), categories: new Map(), rejections: 0, accepted: 0, documents: new Set(), batches: new Set(), rejectedBy: new Set() };
      tallies.set(key, t);
    }
    if (row.decision === 'accepted') {
      t.accepted++;
      continue;
    }
    if (row.action === 'redact' && row.confirmed_by === null) continue;
    t.rejections++;
    t.documents.add(row.document_id);
    t.batches.add(String(row.batch_id));
    t.rejectedBy.add(row.decided_by!);
    t.categories.set(row.category, (t.categories.get(row.category) ?? 0) + 1);
  }
  return [...tallies.values()]
    .filter((t) => t.accepted === 0 && t.documents.size >= min)
    .map((t) => ({
      value: t.value,
      categories: [...t.categories].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c),
      rejections: t.rejections,
      documents: t.documents.size,
      batches: t.batches.size,
      rejectedBy: [...t.rejectedBy].sort(),
    }))
    .sort((a, b) => b.documents - a.documents || b.rejections - a.rejections || a.value.localeCompare(b.value));
}

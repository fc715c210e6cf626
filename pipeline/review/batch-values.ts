/**
 * @module
 * One decision per value across a batch: the redactions of every open
 * document of a batch, grouped by value (category and normalised text, the
 * same key a document's own groups use), each with its count, documents and
 * pages. `GET /batches/:id/values` and `GET /api/batches/:id/values` show it;
 * `reviewService().decideBatchValue` applies one decision to every occurrence.
 * The document page uses `batchValueIndex` to say where else a value occurs.
 */
import type { Decision } from '../model/types.ts';
import { getBatch, listDocuments } from '../workspace/store/index.ts';
import type { DocumentRecord } from '../workspace/store/index.ts';
import { can } from './auth/roles.ts';
import type { ReviewOptions } from './context.ts';
import { documentCoreView } from './document-view.ts';
import { OPEN_STATES } from './service.ts';
import type { Actor, ReviewService } from './service.ts';
import { workspaceVersion } from './store.ts';
import type { ReviewItem } from './views/document.ts';

/** Where one value occurs in a batch: redactions per document. */
export interface BatchValueCount {
  count: number;
  byDocument: Map<string, number>;
}

export interface BatchValueDocument {
  id: string;
  fileName: string;
  state: string;
  pages: number[];
  /** Redaction ids of this value in this document (ids are unique per document only). */
  ids: string[];
  decision: Decision | 'mixed';
  /** Who holds the document: a decision across the batch leaves it out unless that is you. */
  claimedBy?: string;
  words?: ReviewItem['words'];
}

export interface BatchValue {
  key: string;
  category: string;
  categoryLabel: string;
  exemptionCode: string;
  plainReason: string;
  withheldAs: string;
  /** The detector's evidence or a reviewer's reason, from the first occurrence. */
  reason: string;
  detector?: string;
  score?: number;
  /** The words of the first occurrence, with a little context. */
  words?: ReviewItem['words'];
  count: number;
  decision: Decision | 'mixed';
  documents: BatchValueDocument[];
}

export interface BatchValuesView {
  batch: { id: string; name: string };
  values: BatchValue[];
  /** Open documents shown, and documents of the batch already approved or published (not shown). */
  documents: number;
  closed: number;
  /** The viewer may accept and reject. */
  mayDecide: boolean;
}

const OPEN = [...OPEN_STATES] as DocumentRecord['state'][];
const indexes = new Map<string, Promise<Map<string, BatchValueCount>>>();

/** For each value key, how often it occurs in the batch's open documents; built once per workspace version. */
export async function batchValueIndex(review: ReviewService, options: ReviewOptions, batchId: string): Promise<Map<string, BatchValueCount>> {
  const key = `${batchId}:${await workspaceVersion(options.ws)}`;
  let index = indexes.get(key);
  if (!index) {
    index = review.batchGroups(batchId).then((docs) => {
      const out = new Map<string, BatchValueCount>();
      for (const { doc, groups } of docs) {
        for (const [k, members] of groups) {
          const entry = out.get(k) ?? { count: 0, byDocument: new Map() };
          entry.count += members.length;
          entry.byDocument.set(doc.id, members.length);
          out.set(k, entry);
        }
      }
      return out;
    });
    if (indexes.size >= 16) indexes.delete(indexes.keys().next().value as string);
    indexes.set(key, index);
    index.catch(() => indexes.delete(key));
  }
  return index;
}

/** The value's occurrences outside `documentId`, if any. */
export function elsewhere(entry: BatchValueCount | undefined, documentId: string): { documents: number; count: number } | undefined {
  if (!entry) return undefined;
  const own = entry.byDocument.get(documentId) ?? 0;
  const documents = entry.byDocument.size - (own > 0 ? 1 : 0);
  return documents > 0 ? { documents, count: entry.count - own } : undefined;
}

function combined(decisions: readonly (Decision | 'mixed')[]): Decision | 'mixed' {
  const set = new Set(decisions);
  return set.size === 1 ? decisions[0] : 'mixed';
}

/** The batch's values across its open documents; undefined for an unknown batch. */
export async function batchValuesView(review: ReviewService, options: ReviewOptions, batchId: string, actor: Actor): Promise<BatchValuesView | undefined> {
  const batch = await getBatch(options.ws, batchId);
  if (!batch) return undefined;
  const all = await listDocuments(options.ws, { batchId });
  const open = all.filter((d) => (OPEN as string[]).includes(d.state));
  const values = new Map<string, BatchValue>();
  const order: string[] = [];
  for (const doc of open) {
    const core = await documentCoreView(review, options, doc);
    const claimedBy = (await review.claimOf(doc.id))?.by;
    for (const g of core.groups) {
      const lead = g.items[0];
      let value = values.get(g.key);
      if (!value) {
        value = {
          key: g.key,
          category: g.category,
          categoryLabel: g.categoryLabel,
          exemptionCode: g.exemptionCode,
          plainReason: lead.plainReason,
          withheldAs: lead.withheldAs,
          reason: lead.reason,
          detector: lead.detector,
          score: lead.score,
          words: lead.words,
          count: 0,
          decision: g.decision,
          documents: [],
        };
        values.set(g.key, value);
        order.push(g.key);
      }
      value.count += g.items.length;
      value.documents.push({ id: doc.id, fileName: doc.fileName, state: doc.state, pages: g.pages, ids: g.items.map((i) => i.id), decision: g.decision, claimedBy, words: lead.words });
    }
  }
  for (const v of values.values()) v.decision = combined(v.documents.map((d) => d.decision));
  // Values found in several documents first (one decision saves the most there), then the most frequent.
  const sorted = order.map((k) => values.get(k)!).sort((a, b) => b.documents.length - a.documents.length || b.count - a.count);
  return { batch: { id: batch.id, name: batch.name }, values: sorted, documents: open.length, closed: all.length - open.length, mayDecide: can(actor.role, 'decide') };
}

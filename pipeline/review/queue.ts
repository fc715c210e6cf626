/**
 * @module
 * The queue for a team: documents sorted by age, pages, findings or undecided
 * redactions; filtered by batch, state, category and "waiting for me"; with who
 * holds each one. "Waiting for me" is what this person can move forward now:
 * for an approver, documents in review that still need decisions and that
 * nobody else holds, or that are decided and wait for them as the second
 * person (to sign, or to confirm someone's rejection); for a clerk, documents
 * sent back.
 */
import { getDocument, listBatches, unconfirmedRejections } from '../workspace/store/index.ts';
import { can } from './auth/roles.ts';
import type { ReviewOptions } from './context.ts';
import { blockersFor } from './service.ts';
import type { Actor } from './service.ts';
import { queueRows } from './store.ts';
import type { QueueFilters, QueueRow, QueueSort } from './views/queue.ts';

export interface QueueQuery extends QueueFilters {
  mine?: boolean;
  sort?: QueueSort;
  desc?: boolean;
}

async function waitingFor(options: ReviewOptions, row: QueueRow, actor: Actor): Promise<boolean> {
  if (can(actor.role, 'decide')) {
    if (row.state !== 'in_review') return false;
    // Undecided work belongs to whoever holds the document.
    if (row.pending > 0) return !row.claimedBy || row.claimedBy === actor.name;
    // Decided: it waits for a second person, to sign or to confirm someone's rejection (the claim does not apply).
    const doc = await getDocument(options.ws, row.id);
    if (!doc) return false;
    if ((await blockersFor(options, doc, actor.name)).length === 0) return true;
    return (await unconfirmedRejections(options.ws, row.id)).some((r) => r.decidedBy !== actor.name);
  }
  return can(actor.role, 'propose') && row.state === 'sent_back' && (!row.claimedBy || row.claimedBy === actor.name);
}

export async function queue(options: ReviewOptions, query: QueueQuery, actor: Actor): Promise<QueueRow[]> {
  const rows = await queueRows(options.ws, query);
  if (!query.mine) return rows;
  const mine: QueueRow[] = [];
  for (const r of rows) if (await waitingFor(options, r, actor)) mine.push(r);
  return mine;
}

/** The oldest document waiting for this person, other than `after` (the one just finished). */
export async function nextDocument(options: ReviewOptions, after: string | undefined, actor: Actor): Promise<{ id: string; fileName: string } | undefined> {
  for (const r of await queueRows(options.ws, { sort: 'age' })) {
    if (r.id !== after && (await waitingFor(options, r, actor))) return { id: r.id, fileName: r.fileName };
  }
  return undefined;
}

/** The batches the queue can be filtered by. */
export async function batchChoices(options: ReviewOptions): Promise<{ id: string; name: string }[]> {
  return (await listBatches(options.ws)).map((b) => ({ id: b.id, name: b.name }));
}

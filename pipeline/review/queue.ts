/**
 * @module
 * The queue for a team: documents sorted by age, pages, findings or undecided
 * redactions; filtered by batch, state, category and "waiting for me"; with who
 * holds each one. "Waiting for me" is what this person can move forward now:
 * for an approver, documents in review that nobody else has claimed and that
 * still need decisions or that they may sign; for a clerk, documents sent back.
 */
import { getDocument } from '../workspace/documents.ts';
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

function waitingFor(options: ReviewOptions, row: QueueRow, actor: Actor): boolean {
  if (row.claimedBy && row.claimedBy !== actor.name) return false;
  if (can(actor.role, 'decide')) {
    if (row.state !== 'in_review') return false;
    if (row.pending > 0) return true;
    const doc = getDocument(options.ws, row.id);
    return doc !== undefined && blockersFor(options, doc, actor.name).length === 0;
  }
  return can(actor.role, 'propose') && row.state === 'sent_back';
}

export function queue(options: ReviewOptions, query: QueueQuery, actor: Actor): QueueRow[] {
  const rows = queueRows(options.ws, query);
  return query.mine ? rows.filter((r) => waitingFor(options, r, actor)) : rows;
}

/** The oldest document waiting for this person, other than `after` (the one just finished). */
export function nextDocument(options: ReviewOptions, after: string | undefined, actor: Actor): { id: string; fileName: string } | undefined {
  const rows = queueRows(options.ws, { sort: 'age' });
  const next = rows.find((r) => r.id !== after && waitingFor(options, r, actor));
  return next && { id: next.id, fileName: next.fileName };
}

/**
 * @module
 * "What changed since you last looked": the decisions, drawn boxes, claims,
 * send-backs and approvals others made on a document after the viewer's last
 * look (a position in the audit log, `workspace/document-views.ts`), in words,
 * newest first. One keystroke that decided a whole value writes one audit
 * entry per redaction; those are shown as one line ("accepted 3 Person name
 * redactions, pages 1, 4"), since that is what the person did.
 *
 * ```ts
 * const changes = await changesSince(ws, doc.id, 'ana');   // before the page is shown
 * await markLooked(ws, doc.id, 'ana', changes);             // once it has been
 * ```
 */
import { countAudit, lastLook, latestAuditSeq, listAudit, recordLook } from '../workspace/store/index.ts';
import type { AuditEntry, AuditQuery, Workspace } from '../workspace/store/index.ts';
import { describeEntry } from './history.ts';
import { categoryLabel } from './service.ts';

/** What others do that a person coming back to a document needs to know about. */
export const CHANGE_ACTIONS = ['redaction.', 'document.sent_back', 'document.requeued', 'document.approved', 'document.claimed', 'document.released', 'document.commented'] as const;

export interface ChangeLine {
  at: string;
  actor: string;
  what: string;
  note?: string;
  /** How many audit entries the line stands for (one per redaction of a value). */
  entries: number;
}

export interface Changes {
  /** When the viewer last looked; undefined on their first look. */
  since?: string;
  /** Newest first, at most `SHOWN` lines. */
  lines: ChangeLine[];
  /** All matching audit entries, shown or not. */
  total: number;
  /** The audit position this answer was read at: recorded as the viewer's look once the page is shown. */
  seq: number;
}

const SHOWN = 8;
/** Entries read to build the lines; a longer history is summarised by `total` and the history page. */
const READ = 200;

const opOf = (e: AuditEntry): string | undefined => {
  const comment = typeof e.details.comment === 'string' ? e.details.comment : '';
  return /^(op|undo):(\S+)/.exec(comment)?.slice(1, 3).join(':');
};

const VERBS: Record<string, string> = {
  'redaction.accepted': 'accepted',
  'redaction.rejected': 'rejected',
  'redaction.proposed': 'returned to undecided',
  'redaction.added': 'added',
  'redaction.withdrawn': 'withdrew',
  'redaction.rejection-confirmed': 'confirmed the rejection of',
};

/** A run of entries from one operation as one line: "accepted 3 Person name redactions (pages 1, 4)". */
async function groupLine(ws: Workspace, run: AuditEntry[], names: Map<string, string | null>): Promise<ChangeLine> {
  const first = await describeEntry(ws, run[0], names);
  if (run.length === 1 || !(run[0].action in VERBS)) return { at: run[0].at, actor: run[0].actor, what: first.what, note: first.note, entries: run.length };
  const categories = [...new Set(run.map((e) => (typeof e.details.category === 'string' ? categoryLabel(e.details.category) : 'other')))];
  const undo = opOf(run[0])?.startsWith('undo:') ? 'undid: ' : '';
  const across = String(run[0].details.comment ?? '').includes(' across:batch') ? ' (one decision for the value across the batch)' : '';
  return { at: run[0].at, actor: run[0].actor, what: `${undo}${VERBS[run[0].action]} ${run.length} ${categories.join(' and ')} redactions${across}`, note: first.note, entries: run.length };
}

/** Others' changes to the document since `viewer` last looked (everything others did, on a first look). */
export async function changesSince(ws: Workspace, documentId: string, viewer: string): Promise<Changes> {
  const seq = await latestAuditSeq(ws, documentId);
  const look = await lastLook(ws, documentId, viewer);
  const query: AuditQuery = { subject: documentId, notActor: viewer, actions: CHANGE_ACTIONS, afterSeq: look?.seq };
  const entries = await listAudit(ws, { ...query, newestFirst: true, limit: READ });
  const total = entries.length < READ ? entries.length : await countAudit(ws, query);
  const names = new Map<string, string | null>();
  const lines: ChangeLine[] = [];
  for (let i = 0; i < entries.length && lines.length < SHOWN; ) {
    const op = opOf(entries[i]);
    let j = i + 1;
    while (j < entries.length && op && opOf(entries[j]) === op && entries[j].actor === entries[i].actor && entries[j].action === entries[i].action) j++;
    lines.push(await groupLine(ws, entries.slice(i, j), names));
    i = j;
  }
  return { since: look?.at, lines, total, seq };
}

/** Records that `viewer` has now seen the document as of `changes.seq` (nothing is written when that is already so). */
export async function markLooked(ws: Workspace, documentId: string, viewer: string, changes: Changes): Promise<void> {
  if ((await lastLook(ws, documentId, viewer))?.seq !== changes.seq) await recordLook(ws, documentId, viewer, changes.seq);
}

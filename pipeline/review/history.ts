/**
 * @module
 * The audit log in words people read: who did what to which document, with
 * names and links instead of ids and JSON. Used by the paged, filterable audit
 * page (admins) and by each document's history timeline (everyone who can see
 * the document). The raw entry (and its hash) stays one click away.
 */
import { auditActors, countAudit, getDocument, getRedaction, listAudit, verifyAuditChain, verifyDocumentChain } from '../workspace/store/index.ts';
import type { AuditEntry, AuditQuery, Workspace } from '../workspace/store/index.ts';
import { categoryLabel } from './service.ts';

export interface AuditLine {
  seq: number;
  at: string;
  actor: string;
  /** What happened, in words: "accepted a Person name redaction (page 1)". */
  what: string;
  /** The document it concerns, with a link, when it is one. */
  document?: { id: string; fileName: string };
  /** A comment or reason someone typed, shown as written. */
  note?: string;
  hash: string;
}

const STATES: Record<string, string> = {
  queued: 'queued the document',
  extracted: 'extracted its text',
  detected: 'ran the detectors',
  redacted: 'proposed redactions',
  verified: 'verified the proposed release',
  in_review: 'put the document in review',
  sent_back: 'sent the document back',
  approved: 'approved the release',
  published: 'published the release',
  failed: 'recorded a failure',
  duplicate: 'marked it as a duplicate',
};

const SIMPLE: Record<string, string> = {
  'login.succeeded': 'signed in',
  'login.failed': 'failed to sign in',
  logout: 'signed out',
  'user.created': 'created an account',
  'user.disabled': 'disabled an account',
  'user.enabled': 'enabled an account',
  'user.password-changed': 'changed a password',
  'batch.started': 'started a batch',
  'batch.resumed': 'resumed a batch',
  'batch.finished': 'finished a batch',
  'document.original-viewed': 'downloaded the original',
  'document.approval-refused': 'tried to approve; refused',
  'document.requeued': 'returned the document to review',
  'document.commented': 'commented',
  'document.released': 'released the claim',
  'document.artifact-updated': 'replaced the proposed release',
  'document.purged': 'purged the stored files',
  'blob.disposed': 'disposed of a stored file',
  'redaction.applied-to-batch': 'applied a redaction to every occurrence in the batch',
};

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** One audit entry as a line people read. `fileNames` caches document lookups across a page of entries. */
export async function describeEntry(ws: Workspace, entry: AuditEntry, fileNames = new Map<string, string | null>()): Promise<AuditLine> {
  const d = entry.details ?? {};
  const subject = entry.subject ?? '';
  let document: AuditLine['document'];
  if (subject.startsWith('d_')) {
    if (!fileNames.has(subject)) fileNames.set(subject, (await getDocument(ws, subject))?.fileName ?? null);
    const fileName = fileNames.get(subject);
    if (fileName) document = { id: subject, fileName };
  }
  const id = str(d.redaction);
  const r = entry.action.startsWith('redaction.') && document && id ? await getRedaction(ws, document.id, id) : undefined;
  const redaction = () => {
    const category = str(d.category) ?? r?.category;
    const pages = r ? [...new Set(r.boxes.map((b) => b.page))].join(', ') : '';
    return `${category ? `${/^[aeiou]/i.test(categoryLabel(category)) ? 'an' : 'a'} ${categoryLabel(category)}` : 'a'} redaction${pages ? ` (page ${pages})` : ''}`;
  };
  const comment = str(d.comment);
  // Undo markers are bookkeeping, not something a person wrote.
  const note = comment && !/^(op|undo):/.test(comment) ? comment : undefined;
  let what: string;
  const [kind, verb] = [entry.action.slice(0, entry.action.indexOf('.')), entry.action.slice(entry.action.indexOf('.') + 1)];
  if (entry.action in SIMPLE) what = SIMPLE[entry.action];
  else if (kind === 'redaction' && (verb === 'accepted' || verb === 'rejected')) what = `${comment?.startsWith('undo:') ? 'undid: ' : ''}${verb === 'accepted' ? 'accepted' : 'rejected'} ${redaction()}`;
  else if (entry.action === 'redaction.proposed') what = `${comment?.startsWith('undo:') ? 'undid a decision: ' : ''}returned ${redaction()} to undecided`;
  else if (entry.action === 'redaction.added') what = `added ${redaction()}`;
  else if (entry.action === 'redaction.withdrawn') what = `withdrew ${redaction()} (undo)`;
  else if (entry.action === 'document.claimed') what = str(d.for) && d.for !== entry.actor ? `assigned the document to ${d.for}` : str(d.from) ? `took the document over from ${d.from}` : 'claimed the document';
  else if (kind === 'document' && verb in STATES) what = STATES[verb];
  else what = entry.action.replace(/[._-]/g, ' ');
  if (entry.action.startsWith('user.') || entry.action === 'login.failed') what += subject ? `: ${subject}` : '';
  if (comment?.includes(' across:batch')) what += ' (one decision for the value across the batch)';
  if (entry.action === 'document.approval-refused' && str(d.message)) return { seq: entry.seq, at: entry.at, actor: entry.actor, what, document, note: str(d.message), hash: entry.hash };
  return { seq: entry.seq, at: entry.at, actor: entry.actor, what, document, note, hash: entry.hash };
}

export interface AuditFilters {
  actor?: string;
  /** An action or an action family ("redaction", "document", "login", "user", "batch"). */
  action?: string;
  document?: string;
}

export const ACTION_FAMILIES = ['redaction', 'document', 'login', 'user', 'batch'] as const;

/** One page of the audit log, newest first, with the total that matches: the workspace's one audit query, with the page's filters. */
export async function auditEntries(ws: Workspace, filters: AuditFilters, page: number, size: number): Promise<{ entries: AuditEntry[]; total: number }> {
  const family = filters.action !== undefined && (ACTION_FAMILIES as readonly string[]).includes(filters.action);
  const query: AuditQuery = {
    actor: filters.actor,
    action: filters.action === undefined ? undefined : family ? `${filters.action}.` : filters.action,
    subject: filters.document,
  };
  return { total: await countAudit(ws, query), entries: await listAudit(ws, { ...query, newestFirst: true, limit: size, offset: Math.max(0, page - 1) * size }) };
}

/** One page of the audit log for the admin page: the whole chain's check, the page's entries in words, the total, and who acted at all. */
export async function auditLog(
  ws: Workspace,
  filters: AuditFilters,
  page: number,
  size: number,
): Promise<{ chain: { ok: true; entries: number; headHash: string } | { ok: false; message: string }; lines: AuditLine[]; total: number; actors: string[] }> {
  const chain = await verifyAuditChain(ws);
  const { entries, total } = await auditEntries(ws, filters, page, size);
  return {
    chain: chain.ok ? { ok: true, entries: chain.value.entries, headHash: chain.value.headHash } : { ok: false, message: chain.problem.message },
    lines: await describeEntries(ws, entries),
    total,
    actors: await auditActors(ws),
  };
}

/**
 * A document's history, oldest first, in words, read from its own audit chain
 * and checked on the way (`verifyDocumentChain`); if the chain does not
 * verify, the entries are still listed and the page says so.
 */
export async function documentHistory(ws: Workspace, documentId: string): Promise<{ lines: AuditLine[]; chain: { ok: true; entries: number } | { ok: false; message: string } }> {
  const names = new Map<string, string | null>();
  const verified = await verifyDocumentChain(ws, documentId);
  const entries = verified.ok && verified.value.entries.length > 0 ? verified.value.entries : await listAudit(ws, { subject: documentId, limit: 2000 });
  return {
    lines: await describeEntries(ws, entries, names),
    chain: verified.ok ? { ok: true, entries: verified.value.entries.length } : { ok: false, message: verified.problem.message },
  };
}

/** Entries in words, in order, sharing one cache of file names. */
export async function describeEntries(ws: Workspace, entries: readonly AuditEntry[], fileNames = new Map<string, string | null>()): Promise<AuditLine[]> {
  const lines: AuditLine[] = [];
  for (const e of entries) lines.push(await describeEntry(ws, e, fileNames));
  return lines;
}

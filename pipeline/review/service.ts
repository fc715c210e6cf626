/**
 * @module
 * The review service: every rule of reviewing in one place, so the HTML app and
 * the JSON API (`routes/api.ts`) behave the same. Route handlers validate their
 * input, call one function here and turn its `Result` into a response.
 *
 * ```ts
 * const review = reviewService(options);
 * const done = review.decideValue(documentId, valueKey, 'accepted', { name: 'ana', role: 'approver' });
 * if (!done.ok) return c.json({ error: done.problem.message }, statusOf(done.problem));
 * ```
 *
 * Every change a reviewer makes is one *operation*: the rows it writes to
 * `review_decisions` carry `op:<id> from:<previous decision>` in their comment,
 * so `undo` can put back exactly what one keystroke changed (a whole value
 * group, a bulk decision, an added box) until the document is approved.
 */
import { categories } from '../../redaction/policy/categories.ts';
import { findOccurrences } from '../../redaction/plan-redactions.ts';
import { boxesForRange, documentText } from '../model/document-text.ts';
import type { Box, Decision, Document, Finding, Page, PageBox } from '../model/types.ts';
import { fail, formatProblem, ok } from '../problems.ts';
import type { Problem, Result } from '../problems.ts';
import {
  addReviewerRedaction,
  appendAudit,
  confirmRejection,
  decideRedaction,
  findUser,
  getBatch,
  getDocument,
  getRedaction,
  lastLook,
  listDocuments,
  listFindings,
  listRedactions,
  newId,
  opRows,
  opSteps,
  recordReviewDecision,
  requeueForReview,
  sendBack,
  sha256Hex,
  transaction,
  unconfirmedRejections,
  withdrawReviewerRedaction,
} from '../workspace/store/index.ts';
import type { Approval, DocumentLook, DocumentRecord, OpRow, RedactionRecord, Role, Workspace } from '../workspace/store/index.ts';
import { lockDocument } from '../workspace/store/dialect.ts';
import { approvalBlockers, approveDocument } from './approve.ts';
import { can } from './auth/roles.ts';
import type { Capability } from './auth/roles.ts';
import type { ReviewOptions } from './context.ts';
import { alreadyCovered, snapToWords, textUnder } from './snap.ts';
import { documentModel } from './store.ts';

/** Who is acting: the signed-in user (or the API caller). */
export interface Actor {
  name: string;
  role: Role;
}

/** What a reviewer chooses when adding a redaction. */
export interface Choice {
  category: string;
  exemption: string;
  reason: string;
}

/** What one change did, for the page script and API callers. */
export interface Change {
  /** Redactions whose decision changed (or that were added or withdrawn), with their document. */
  changed: { id: string; document: string; decision: Decision | 'withdrawn' }[];
  /** The operation id; `undo` takes back the latest one of the actor's. */
  op?: string;
  /** For "apply to every occurrence" and batch values: how many documents changed. */
  documents?: number;
  /** For a decision across the batch: documents left out because someone else holds them. */
  skipped?: { id: string; fileName: string; claimedBy: string }[];
}

/** Documents reviewers can open; earlier pipeline states have nothing to review yet. */
export const VISIBLE_STATES = new Set(['in_review', 'sent_back', 'approved', 'published']);
/** Documents whose redactions may still change. */
export const OPEN_STATES = new Set(['in_review', 'sent_back']);

/** HTTP status for a problem the service reports. */
export function statusOf(problem: Problem): 400 | 403 | 404 | 409 | 422 {
  switch (problem.code) {
    case 'review.not-found':
    case 'workspace.not-found':
      return 404;
    case 'review.invalid':
    case 'usage.invalid':
      return 400;
    case 'review.forbidden':
      return 403;
    case 'review.closed':
    case 'review.claimed':
    case 'review.blocked':
    case 'review.changed':
    case 'review.nothing-to-undo':
    case 'state.invalid-transition':
      return 409;
    default:
      return 422;
  }
}

const OP = /^op:(\S+) from:(proposed|accepted|rejected|none)/;
/** Marks an operation that decided a value across a batch, so the history can say so. */
const ACROSS_BATCH = ' across:batch';

export function categoryLabel(key: string): string {
  return (categories as Record<string, string>)[key] ?? key;
}

/** The text a value group is keyed by: case and spacing do not make a different value. */
export function normalizeValue(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Why `approver` may not approve the document now (empty when they may): the approval module's rule, called from one place. */
export function blockersFor(options: ReviewOptions, document: DocumentRecord, approver: string): Promise<string[]> {
  return approvalBlockers(options.ws, document, approver);
}

/** Rolls a transaction back: a failed step must leave none of an operation's earlier writes behind. */
class Refused extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.message);
    this.problem = problem;
  }
}

/**
 * Runs `fn` in one transaction that first locks `documentIds` (sorted, so two
 * operations over several documents cannot deadlock on PostgreSQL). A failed
 * Result rolls everything back and is returned as it was.
 */
async function atomically<T>(ws: Workspace, documentIds: Iterable<string>, fn: (tx: Workspace) => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await transaction(ws, async (tx) => {
      for (const id of [...new Set(documentIds)].sort()) await lockDocument(tx, id);
      const done = await fn(tx);
      if (!done.ok) throw new Refused(done.problem);
      return done;
    });
  } catch (error) {
    if (error instanceof Refused) return { ok: false, problem: error.problem };
    throw error;
  }
}

export type ReviewService = ReturnType<typeof reviewService>;

export function reviewService(options: ReviewOptions) {
  const { ws, policy } = options;

  function guard(actor: Actor, capability: Capability): Result<void> {
    return can(actor.role, capability) ? ok(undefined) : fail('review.forbidden', `Your role (${actor.role}) may not do this.`);
  }

  /** A document reviewers may see, by id. */
  async function visible(id: string): Promise<Result<DocumentRecord>> {
    const doc = await getDocument(ws, id);
    return doc && VISIBLE_STATES.has(doc.state) ? ok(doc) : fail('review.not-found', 'No such document in review.');
  }

  /** A document whose redactions may change, by the actor allowed to; decisions also respect the claim. */
  async function openFor(id: string, actor: Actor, capability: Capability): Promise<Result<DocumentRecord>> {
    const allowed = guard(actor, capability);
    if (!allowed.ok) return allowed;
    const doc = await visible(id);
    if (!doc.ok) return doc;
    if (!OPEN_STATES.has(doc.value.state)) return fail('review.closed', `The document is ${doc.value.state.replace('_', ' ')}; its redactions can no longer change.`);
    if (capability === 'decide') {
      const holder = await claimOf(id);
      if (holder && holder.by !== actor.name) return fail('review.claimed', `${holder.by} has claimed this document since ${holder.at}. Take it over if they are not working on it.`);
    }
    return doc;
  }

  function validChoice(choice: Choice): Result<Choice> {
    const reason = choice.reason.trim().slice(0, 500);
    if (!Object.hasOwn(policy.categories, choice.category)) return fail('review.invalid', 'Choose one of the listed categories.');
    if (!Object.hasOwn(policy.exemptions, choice.exemption)) return fail('review.invalid', 'Choose one of the listed exemption codes.');
    if (reason === '') return fail('review.invalid', 'Give a reason for the redaction.');
    return ok({ category: choice.category, exemption: choice.exemption, reason });
  }

  /** The latest claim on a document, if it is held. */
  async function claimOf(documentId: string, w: Workspace = ws): Promise<{ by: string; at: string } | undefined> {
    const row = await w.db
      .selectFrom('review_decisions')
      .select(['actor', 'action', 'comment', 'at'])
      .where('document_id', '=', documentId)
      .where('action', 'in', ['document.claimed', 'document.released'])
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!row || row.action === 'document.released') return undefined;
    return { by: row.comment || row.actor, at: row.at };
  }

  /** The first decision on an unclaimed document claims it, so two approvers do not work it at once. */
  async function claimOnFirstTouch(tx: Workspace, doc: DocumentRecord, actor: Actor): Promise<void> {
    if (!can(actor.role, 'decide') || (await claimOf(doc.id, tx))) return;
    await recordReviewDecision(tx, { documentId: doc.id, actor: actor.name, action: 'document.claimed', comment: actor.name });
    await appendAudit(tx, { actor: actor.name, action: 'document.claimed', subject: doc.id, details: { for: actor.name } });
  }

  function marker(op: string, from: Decision | 'none'): string {
    return `op:${op} from:${from}`;
  }

  /** Decides `targets` (on one document or several) as one operation: one undo step. */
  function decideAll(targets: readonly { doc: DocumentRecord; redactions: readonly RedactionRecord[] }[], decision: Decision, actor: Actor, suffix = ''): Promise<Result<Change>> {
    const op = newId('op');
    return atomically(
      ws,
      targets.map((t) => t.doc.id),
      async (tx) => {
        const changed: Change['changed'] = [];
        const documents = new Set<string>();
        for (const { doc, redactions } of targets) {
          await claimOnFirstTouch(tx, doc, actor);
          for (const r of redactions) {
            if (r.decision === decision) continue;
            const done = await decideRedaction(tx, doc.id, r.id, decision, actor.name, marker(op, r.decision) + suffix);
            if (!done.ok) return done;
            changed.push({ id: r.id, document: doc.id, decision });
            documents.add(doc.id);
          }
        }
        return ok({ changed, op: changed.length ? op : undefined, documents: documents.size });
      },
    );
  }

  async function add(tx: Workspace, doc: DocumentRecord, boxes: PageBox[], choice: Choice, actor: Actor, op: string): Promise<Result<RedactionRecord>> {
    const decision: Decision = can(actor.role, 'decide') ? 'accepted' : 'proposed';
    const added = await addReviewerRedaction(tx, doc.id, { id: newId('r'), boxes, ...choice, decision }, actor.name);
    if (!added.ok) return added;
    // The addition's own row says "redaction.added"; this one ties it to the operation for undo.
    await recordReviewDecision(tx, { documentId: doc.id, redactionId: added.value.id, actor: actor.name, action: 'redaction.op', comment: marker(op, 'none') });
    return added;
  }

  /** Adds one redaction as its own operation. */
  async function addOne(doc: DocumentRecord, boxes: PageBox[], choice: Choice, actor: Actor): Promise<Result<Change & { id: string; record: RedactionRecord }>> {
    const op = newId('op');
    const added = await atomically(ws, [doc.id], (tx) => add(tx, doc, boxes, choice, actor, op));
    return added.ok ? ok({ id: added.value.id, record: added.value, changed: [{ id: added.value.id, document: doc.id, decision: added.value.decision }], op }) : added;
  }

  async function modelOf(doc: DocumentRecord): Promise<Result<Document>> {
    const model = await documentModel(ws, doc);
    return model.ok ? model : fail('review.invalid', formatProblem(model.problem));
  }

  /** What adding a redaction by hand on a page needs: an open document, a valid choice, and the page's words (if the page exists). */
  async function addition(documentId: string, page: number, choice: Choice, actor: Actor): Promise<Result<{ doc: DocumentRecord; valid: Choice; p: Page | undefined }>> {
    const doc = await openFor(documentId, actor, 'propose');
    if (!doc.ok) return doc;
    const valid = validChoice(choice);
    if (!valid.ok) return valid;
    const model = await modelOf(doc.value);
    if (!model.ok) return model;
    return ok({ doc: doc.value, valid: valid.value, p: model.value.pages.find((x) => x.number === page) });
  }

  async function liveBoxes(documentId: string): Promise<PageBox[]> {
    return (await listRedactions(ws, documentId)).filter((r) => r.decision !== 'rejected').flatMap((r) => r.boxes);
  }

  /** Findings the policy keeps that no redaction covers yet. */
  async function keptFindings(documentId: string): Promise<Finding[]> {
    const redactions = await listRedactions(ws, documentId);
    const covered = new Set(redactions.flatMap((r) => ('findings' in r.from ? r.from.findings : [])));
    const boxes = redactions.filter((r) => r.decision !== 'rejected').flatMap((r) => r.boxes);
    return (await listFindings(ws, documentId)).filter((f) => f.action === 'keep' && !covered.has(f.id) && f.boxes.length > 0 && !alreadyCovered(f.boxes, boxes));
  }

  /** The text a redaction removes: its finding's text, or the words under its boxes. */
  function valueOf(r: RedactionRecord, findings: Map<string, Finding>, model: Document | undefined): string {
    const finding = 'findings' in r.from ? r.from.findings.map((id) => findings.get(id)).find(Boolean) : undefined;
    if (finding) return finding.text;
    return model ? textUnder(model, r.boxes) : '';
  }

  /**
   * Redactions grouped by (category, value): one decision per value. Keys are the same in every document, so
   * groups of one batch join into batch values. The model is read only for boxes drawn by hand (no finding text).
   */
  async function valueGroups(doc: DocumentRecord): Promise<Map<string, RedactionRecord[]>> {
    const findings = new Map((await listFindings(ws, doc.id)).map((f) => [f.id, f]));
    const redactions = await listRedactions(ws, doc.id);
    const drawn = redactions.some((r) => !('findings' in r.from) || !r.from.findings.some((id) => findings.get(id)?.text));
    const model = drawn ? await documentModel(ws, doc) : undefined;
    const groups = new Map<string, RedactionRecord[]>();
    for (const r of redactions) {
      const value = normalizeValue(valueOf(r, findings, model?.ok ? model.value : undefined));
      const key = value === '' ? `r:${r.id}` : valueKey(r.category, value);
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    return groups;
  }

  /** The open documents of a batch, each with its value groups (same keys in every document). */
  async function batchGroups(batchId: string): Promise<{ doc: DocumentRecord; groups: Map<string, RedactionRecord[]> }[]> {
    const out: { doc: DocumentRecord; groups: Map<string, RedactionRecord[]> }[] = [];
    for (const doc of await listDocuments(ws, { batchId, state: [...OPEN_STATES] as DocumentRecord['state'][] })) out.push({ doc, groups: await valueGroups(doc) });
    return out;
  }

  /** Undoes the newest operation in `rows` not yet undone, on every document it touched that is still open. */
  async function undoLatest(rows: OpRow[], actor: Actor, none: string): Promise<Result<Change>> {
    const undone = new Set(rows.filter((r) => r.comment.startsWith('undo:')).map((r) => r.comment.slice(5).split(' ')[0]));
    const last = rows.map((r) => OP.exec(r.comment)?.[1]).find((op): op is string => op !== undefined && !undone.has(op));
    if (!last) return fail('review.nothing-to-undo', none);
    const steps = await opSteps(ws, last, actor.name);
    const documents = new Set(steps.map((s) => s.documentId));
    return atomically(ws, documents, async (tx) => {
      // Read under the documents' locks: a document approved meanwhile is left as it is.
      const open = new Map<string, boolean>();
      for (const d of documents) open.set(d, OPEN_STATES.has((await getDocument(tx, d))?.state ?? ''));
      const changed: Change['changed'] = [];
      for (const step of steps) {
        const from = OP.exec(step.comment)![2] as Decision | 'none';
        const id = step.redactionId ?? '';
        if (!open.get(step.documentId) || !(await getRedaction(tx, step.documentId, id))) continue;
        const done = from === 'none' ? await withdrawReviewerRedaction(tx, step.documentId, id, actor.name, `undo:${last}`) : await decideRedaction(tx, step.documentId, id, from, actor.name, `undo:${last}`);
        if (!done.ok) return done;
        changed.push({ id, document: step.documentId, decision: from === 'none' ? 'withdrawn' : from });
      }
      if (changed.length === 0) for (const d of documents) if (open.get(d)) await recordReviewDecision(tx, { documentId: d, actor: actor.name, action: 'redaction.undo', comment: `undo:${last}` });
      return ok({ changed, op: last, documents: new Set(changed.map((c) => c.document)).size });
    });
  }

  return {
    ws,
    visible,
    claimOf: (documentId: string) => claimOf(documentId),
    keptFindings,
    valueGroups,
    batchGroups,
    valueOf,

    /** Accept, reject (or, through undo, return to proposed) one redaction: "split one out" of its value. */
    async decide(documentId: string, redactionId: string, decision: Decision, actor: Actor): Promise<Result<Change>> {
      const doc = await openFor(documentId, actor, 'decide');
      if (!doc.ok) return doc;
      const r = await getRedaction(ws, documentId, redactionId);
      if (!r) return fail('review.not-found', 'No such redaction on this document.');
      return decideAll([{ doc: doc.value, redactions: [r] }], decision, actor);
    },

    /** One decision for every redaction of the same value (category and text) in the document. */
    async decideValue(documentId: string, key: string, decision: Decision, actor: Actor): Promise<Result<Change>> {
      const doc = await openFor(documentId, actor, 'decide');
      if (!doc.ok) return doc;
      const members = (await valueGroups(doc.value)).get(key);
      if (!members) return fail('review.not-found', 'No such value on this document.');
      return decideAll([{ doc: doc.value, redactions: members }], decision, actor);
    },

    /**
     * A second person confirms the rejections in a value group that the policy
     * would have redacted automatically. Not bound by the claim: the confirmer
     * is by design not the person working the document.
     */
    async confirmRejections(documentId: string, key: string, actor: Actor): Promise<Result<Change>> {
      const allowed = guard(actor, 'decide');
      if (!allowed.ok) return allowed;
      const doc = await visible(documentId);
      if (!doc.ok) return doc;
      if (!OPEN_STATES.has(doc.value.state)) return fail('review.closed', `The document is ${doc.value.state.replace('_', ' ')}; its redactions can no longer change.`);
      const members = (await valueGroups(doc.value)).get(key);
      if (!members) return fail('review.not-found', 'No such value on this document.');
      const pending = new Set((await unconfirmedRejections(ws, documentId)).map((r) => r.id));
      const targets = members.filter((m) => pending.has(m.id));
      if (targets.length === 0) return fail('review.invalid', 'No rejection in this value waits for confirmation.');
      return atomically(ws, [documentId], async (tx) => {
        for (const r of targets) {
          const done = await confirmRejection(tx, documentId, r.id, actor.name);
          if (!done.ok) return done;
        }
        return ok({ changed: targets.map((r) => ({ id: r.id, document: documentId, decision: 'rejected' as const })) });
      });
    },

    /** Every redaction of a category at once. */
    async decideCategory(documentId: string, category: string, decision: Decision, actor: Actor): Promise<Result<Change>> {
      const doc = await openFor(documentId, actor, 'decide');
      if (!doc.ok) return doc;
      return decideAll([{ doc: doc.value, redactions: (await listRedactions(ws, documentId)).filter((r) => r.category === category) }], decision, actor);
    },

    /** A box drawn on a page, grown to the whole words it touches. */
    async draw(documentId: string, page: number, box: Box, choice: Choice, actor: Actor): Promise<Result<Change & { id: string }>> {
      const target = await addition(documentId, page, choice, actor);
      if (!target.ok) return target;
      const { doc, valid, p } = target.value;
      if (!p || box.some((v) => !Number.isFinite(v)) || box[0] >= box[2] || box[1] >= box[3] || box[0] < 0 || box[1] < 0 || box[2] > p.width + 1 || box[3] > p.height + 1) {
        return fail('review.invalid', 'The box must lie on a page of this document, with x0 < x1 and y0 < y1 in points.');
      }
      const added = await addOne(doc, snapToWords(p, box), valid, actor);
      return added.ok ? ok({ id: added.value.id, changed: added.value.changed, op: added.value.op }) : added;
    },

    /**
     * The keyboard route to drawing: words selected in the text view, as
     * offsets into that page's text, become one redaction over whole words.
     */
    async mark(documentId: string, page: number, start: number, end: number, choice: Choice, actor: Actor): Promise<Result<Change & { id: string; text: string }>> {
      const target = await addition(documentId, page, choice, actor);
      if (!target.ok) return target;
      const { doc, valid, p } = target.value;
      if (!p || !Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > p.text.length || start >= end) {
        return fail('review.invalid', 'Select words on a page of this document first.');
      }
      const words = p.words.filter((w) => w.end > start && w.start < end);
      if (words.length === 0) return fail('review.invalid', 'The selection covers no words.');
      const dt = documentText({ pages: [p] });
      const boxes = boxesForRange({ pages: [p] }, dt, words[0].start, words.at(-1)!.end);
      const added = await addOne(doc, boxes, valid, actor);
      return added.ok ? ok({ id: added.value.id, text: words.map((w) => w.text).join(' '), changed: added.value.changed, op: added.value.op }) : added;
    },

    /** Every occurrence of a typed phrase in the document that no box covers yet. */
    async redactPhrase(documentId: string, phrase: string, choice: Choice, actor: Actor): Promise<Result<Change>> {
      const doc = await openFor(documentId, actor, 'propose');
      if (!doc.ok) return doc;
      const text = phrase.trim().slice(0, 500);
      if (text === '') return fail('review.invalid', 'Type the phrase to redact.');
      const valid = validChoice(choice);
      if (!valid.ok) return valid;
      const model = await modelOf(doc.value);
      if (!model.ok) return model;
      const existing = await liveBoxes(documentId);
      const found = findOccurrences(model.value, text).filter((boxes) => !alreadyCovered(boxes, existing));
      const op = newId('op');
      return atomically(ws, [documentId], async (tx) => {
        const changed: Change['changed'] = [];
        for (const boxes of found) {
          const added = await add(tx, doc.value, boxes, valid.value, actor, op);
          if (!added.ok) return added;
          changed.push({ id: added.value.id, document: documentId, decision: added.value.decision });
        }
        return ok({ changed, op: changed.length ? op : undefined });
      });
    },

    /** A finding the policy keeps, redacted after all. */
    async redactKept(documentId: string, findingId: string, actor: Actor): Promise<Result<Change & { id: string }>> {
      const doc = await openFor(documentId, actor, 'propose');
      if (!doc.ok) return doc;
      const finding = (await keptFindings(documentId)).find((f) => f.id === findingId);
      if (!finding) return fail('review.not-found', 'No such kept finding.');
      const reason = `Kept by the policy, redacted on review: ${finding.why.join('; ')}`;
      const added = await addOne(doc.value, finding.boxes, { category: finding.category, exemption: finding.exemption, reason }, actor);
      return added.ok ? ok({ id: added.value.id, changed: added.value.changed, op: added.value.op }) : added;
    },

    /** The redaction's text, redacted wherever it appears without a box in the open documents of the batch. */
    async applyEverywhere(documentId: string, redactionId: string, actor: Actor): Promise<Result<Change>> {
      const doc = await openFor(documentId, actor, 'propose');
      if (!doc.ok) return doc;
      const source = await getRedaction(ws, documentId, redactionId);
      if (!source) return fail('review.not-found', 'No such redaction on this document.');
      const model = await modelOf(doc.value);
      if (!model.ok) return model;
      const phrase = valueOf(source, new Map((await listFindings(ws, documentId)).map((f) => [f.id, f])), model.value).trim();
      if (phrase === '') return fail('review.invalid', 'This redaction covers no words, so there is nothing to look for elsewhere.');
      const choice = { category: source.category, exemption: source.exemption, reason: source.reason || `Same as a redaction in ${doc.value.fileName}.` };
      const plans: { doc: DocumentRecord; boxes: PageBox[][] }[] = [];
      for (const other of await listDocuments(ws, { batchId: doc.value.batchId, state: ['in_review', 'sent_back'] })) {
        const m = other.id === documentId ? model : await documentModel(ws, other);
        if (!m.ok) continue;
        const existing = await liveBoxes(other.id);
        const boxes = findOccurrences(m.value, phrase).filter((b) => !alreadyCovered(b, existing));
        if (boxes.length > 0) plans.push({ doc: other, boxes });
      }
      const op = newId('op');
      return atomically(ws, [documentId, ...plans.map((p) => p.doc.id)], async (tx) => {
        const changed: Change['changed'] = [];
        for (const plan of plans) {
          for (const boxes of plan.boxes) {
            const added = await add(tx, plan.doc, boxes, choice, actor, op);
            if (!added.ok) return added;
            changed.push({ id: added.value.id, document: plan.doc.id, decision: added.value.decision });
          }
        }
        await appendAudit(tx, { actor: actor.name, action: 'redaction.applied-to-batch', subject: documentId, details: { redaction: redactionId, batch: doc.value.batchId, added: changed.length, documents: plans.length } });
        return ok({ changed, op: changed.length ? op : undefined, documents: plans.length });
      });
    },

    /**
     * Takes back the actor's latest change on this document (a decision, a value, a drawn box), until approval.
     * A change that decided a value across the batch is taken back in every document it touched that is still open.
     */
    async undo(documentId: string, actor: Actor): Promise<Result<Change>> {
      const doc = await visible(documentId);
      if (!doc.ok) return doc;
      if (!OPEN_STATES.has(doc.value.state)) return fail('review.closed', `The document is ${doc.value.state.replace('_', ' ')}; its decisions can no longer change.`);
      return undoLatest(await opRows(ws, { documentId }, actor.name), actor, 'There is nothing of yours to undo on this document.');
    },

    /** Takes back the actor's latest change on any open document of the batch (the batch values page's `u`). */
    async undoInBatch(batchId: string, actor: Actor): Promise<Result<Change>> {
      if (!(await getBatch(ws, batchId))) return fail('review.not-found', 'No such batch.');
      return undoLatest(await opRows(ws, { batchId }, actor.name), actor, 'There is nothing of yours to undo in this batch.');
    },

    /**
     * One decision for a value (category and text) across the batch: every
     * occurrence in every open document of the batch, as one operation (one
     * undo step). Each redaction's decision is recorded and audited on its own
     * document, attributed to the actor, who thereby may not approve any of
     * those documents (two-person rule). Documents someone else holds are left
     * out and named.
     */
    async decideBatchValue(batchId: string, key: string, decision: Decision, actor: Actor): Promise<Result<Change>> {
      const allowed = guard(actor, 'decide');
      if (!allowed.ok) return allowed;
      if (!(await getBatch(ws, batchId))) return fail('review.not-found', 'No such batch.');
      const targets: { doc: DocumentRecord; redactions: RedactionRecord[] }[] = [];
      const skipped: NonNullable<Change['skipped']> = [];
      for (const { doc, groups } of await batchGroups(batchId)) {
        const members = groups.get(key);
        if (!members) continue;
        const holder = await claimOf(doc.id);
        if (holder && holder.by !== actor.name) skipped.push({ id: doc.id, fileName: doc.fileName, claimedBy: holder.by });
        else targets.push({ doc, redactions: members });
      }
      if (targets.length === 0 && skipped.length === 0) return fail('review.not-found', 'No such value in the open documents of this batch.');
      if (targets.length === 0) return fail('review.claimed', `Every document with this value is held by someone else (${skipped.map((s) => `${s.fileName}: ${s.claimedBy}`).join('; ')}).`);
      const done = await decideAll(targets, decision, actor, ACROSS_BATCH);
      return done.ok ? ok({ ...done.value, skipped }) : done;
    },

    async approve(documentId: string, actor: Actor): Promise<Result<Approval>> {
      const allowed = guard(actor, 'sign');
      if (!allowed.ok) return allowed;
      const doc = await visible(documentId);
      if (!doc.ok) return doc;
      return approveDocument(ws, doc.value, actor.name, options);
    },

    async sendBack(documentId: string, comment: string, actor: Actor): Promise<Result<DocumentRecord>> {
      const allowed = guard(actor, 'sign');
      if (!allowed.ok) return allowed;
      const doc = await visible(documentId);
      if (!doc.ok) return doc;
      return sendBack(ws, documentId, actor.name, comment.trim().slice(0, 2000));
    },

    async requeue(documentId: string, actor: Actor): Promise<Result<DocumentRecord>> {
      const allowed = guard(actor, 'propose');
      if (!allowed.ok) return allowed;
      const doc = await visible(documentId);
      if (!doc.ok) return doc;
      return requeueForReview(ws, documentId, actor.name);
    },

    /** Claims the document for `assignee` (yourself by default; taking over is allowed and audited), or releases it. */
    async assign(documentId: string, assignee: string | undefined, actor: Actor): Promise<Result<{ by?: string }>> {
      const allowed = can(actor.role, 'decide') || can(actor.role, 'propose') ? ok(undefined) : fail('review.forbidden', `Your role (${actor.role}) may not claim documents.`);
      if (!allowed.ok) return allowed;
      const doc = await visible(documentId);
      if (!doc.ok) return doc;
      if (!OPEN_STATES.has(doc.value.state)) return fail('review.closed', `The document is ${doc.value.state.replace('_', ' ')}; nothing is left to work on.`);
      if (assignee !== undefined) {
        const user = await findUser(ws, assignee);
        if (!user || user.disabled || !(can(user.role, 'decide') || can(user.role, 'propose'))) return fail('review.invalid', `${assignee} is not an active clerk or approver.`);
      }
      return atomically(ws, [documentId], async (tx) => {
        const previous = await claimOf(documentId, tx);
        await recordReviewDecision(tx, { documentId, actor: actor.name, action: assignee ? 'document.claimed' : 'document.released', comment: assignee });
        await appendAudit(tx, { actor: actor.name, action: assignee ? 'document.claimed' : 'document.released', subject: documentId, details: { ...(assignee ? { for: assignee } : {}), ...(previous ? { from: previous.by } : {}) } });
        return ok({ by: assignee });
      });
    },

    async batchName(doc: DocumentRecord): Promise<string> {
      return (await getBatch(ws, doc.batchId))?.name ?? doc.batchId;
    },

    /** A visible document's original file, for download; the viewing is audited. */
    async original(documentId: string, actor: Actor): Promise<Result<{ doc: DocumentRecord; bytes: Uint8Array }>> {
      const doc = await visible(documentId);
      if (!doc.ok) return doc;
      if (!doc.value.originalBlob) return fail('review.not-found', 'The document has no original file.');
      const bytes = await ws.blobs.get(doc.value.originalBlob);
      if (!bytes.ok) return bytes;
      await appendAudit(ws, { actor: actor.name, action: 'document.original-viewed', subject: doc.value.id });
      return ok({ doc: doc.value, bytes: bytes.value });
    },

    /** When `user` last looked at the document, if they have. */
    lastLook(documentId: string, user: string): Promise<DocumentLook | undefined> {
      return lastLook(ws, documentId, user);
    },
  };
}

/** The stable key of a value group: category and normalised text. */
export function valueKey(category: string, normalized: string): string {
  return `v${sha256Hex(`${category}\u0000${normalized}`).slice(0, 16)}`;
}

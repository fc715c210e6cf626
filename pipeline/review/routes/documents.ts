/**
 * @module
 * The document routes: the review page, page images and the original (signed-in
 * users only, never cached), and the actions on redactions and on the document.
 * Ids in the URL are looked up in the database and nothing else; an id that
 * does not look like one is a 404 before any lookup.
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { categories } from '../../../redaction/policy/categories.ts';
import type { Box, Decision, Document, Finding, PageBox } from '../../model/types.ts';
import { formatProblem } from '../../problems.ts';
import { latestApproval } from '../../workspace/approvals.ts';
import { appendAudit } from '../../workspace/audit-log.ts';
import { getBatch, newId } from '../../workspace/batches.ts';
import { readBlob } from '../../workspace/blobs.ts';
import { getDocument, listDocuments } from '../../workspace/documents.ts';
import type { DocumentRecord } from '../../workspace/documents.ts';
import { listFindings } from '../../workspace/findings.ts';
import { listPages } from '../../workspace/pages.ts';
import { addReviewerRedaction, decideRedaction, getRedaction, listRedactions } from '../../workspace/redactions.ts';
import type { RedactionRecord } from '../../workspace/redactions.ts';
import { requeueForReview, sendBack } from '../../workspace/reviews.ts';
import { transaction } from '../../workspace/database.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import { approvalBlockers, approveDocument } from '../approve.ts';
import { requireCapability } from '../auth/middleware.ts';
import { can } from '../auth/roles.ts';
import { formFields, wantsJson } from '../context.ts';
import type { AppEnv, ReviewOptions } from '../context.ts';
import { pageImage } from '../page-image.ts';
import { alreadyCovered, snapToWords, textUnder } from '../snap.ts';
import { findOccurrences } from '../../../redaction/plan-redactions.ts';
import { documentModel, latestSendBack } from '../store.ts';
import { documentPage } from '../views/document.ts';
import type { DocumentView, ReviewItem } from '../views/document.ts';

const DOCUMENT_ID = /^d_[0-9a-f]{24}$/;
const REDACTION_ID = /^[A-Za-z0-9_.:-]{1,160}$/;
const PAGE_FILE = /^([1-9][0-9]{0,4})\.png$/;
/** Documents that exist for reviewers; earlier pipeline states have nothing to review yet. */
const VISIBLE = new Set(['in_review', 'sent_back', 'approved', 'published']);
/** Documents whose redactions may still change. */
const OPEN = new Set(['in_review', 'sent_back']);

type C = Context<AppEnv>;

const notices: Record<string, (n: number, m: number) => string> = {
  decided: () => 'Decision saved.',
  bulk: (n) => `${n} redaction${n === 1 ? '' : 's'} decided.`,
  added: () => 'Box added.',
  phrase: (n) => `${n} occurrence${n === 1 ? '' : 's'} redacted.`,
  everywhere: (n, m) => `${n} new redaction${n === 1 ? '' : 's'} in ${m} document${m === 1 ? '' : 's'} of this batch.`,
  approved: () => 'Approved. The verified release is recorded with its SHA-256.',
  'sent-back': () => 'Sent back with your comment.',
  requeued: () => 'Returned to the review queue.',
};

function noticeFrom(c: C): string | undefined {
  const make = notices[c.req.query('notice') ?? ''];
  return make?.(Number(c.req.query('n') ?? 0) || 0, Number(c.req.query('m') ?? 0) || 0);
}

function loadDocument(ws: Workspace, c: C): DocumentRecord | undefined {
  const id = c.req.param('id') ?? '';
  if (!DOCUMENT_ID.test(id)) return undefined;
  const doc = getDocument(ws, id);
  return doc && VISIBLE.has(doc.state) ? doc : undefined;
}

function itemsOf(ws: Workspace, document: DocumentRecord, options: ReviewOptions): ReviewItem[] {
  const findings = new Map(listFindings(ws, document.id).map((f) => [f.id, f]));
  const label = (key: string) => (categories as Record<string, string>)[key] ?? key;
  const first = (r: RedactionRecord) => r.boxes[0] ?? { page: Infinity, box: [0, 0, 0, 0] as Box };
  return listRedactions(ws, document.id)
    .sort((a, b) => first(a).page - first(b).page || first(a).box[1] - first(b).box[1] || first(a).box[0] - first(b).box[0])
    .map((r) => {
      const finding = 'findings' in r.from ? r.from.findings.map((id) => findings.get(id)).find(Boolean) : undefined;
      return {
        id: r.id,
        category: r.category,
        categoryLabel: label(r.category),
        exemption: r.exemption,
        exemptionCode: options.policy.exemptions[r.exemption]?.code ?? r.exemption,
        decision: r.decision,
        reason: r.reason || finding?.why.join('; ') || '',
        detector: finding?.detector,
        score: finding?.score,
        origin: 'reviewer' in r.from ? 'reviewer' : 'detector',
        boxes: r.boxes,
        createdBy: r.createdBy,
        decidedBy: r.decidedBy ?? undefined,
      } satisfies ReviewItem;
    });
}

function documentView(ws: Workspace, document: DocumentRecord, viewer: string, options: ReviewOptions): DocumentView {
  const approval = document.state === 'approved' || document.state === 'published' ? latestApproval(ws, document.id) : undefined;
  return {
    id: document.id,
    fileName: document.fileName,
    batchName: getBatch(ws, document.batchId)?.name ?? document.batchId,
    state: document.state,
    pages: listPages(ws, document.id).map((p) => ({ number: p.number, width: p.width, height: p.height })),
    items: itemsOf(ws, document, options),
    categories: Object.entries(options.policy.categories).map(([key, rule]) => ({ key, label: (categories as Record<string, string>)[key] ?? key, exemption: rule.exemption })),
    exemptions: Object.entries(options.policy.exemptions).map(([key, e]) => ({ key, code: e.code, label: e.label })),
    kept: keptFindings(ws, document.id).map((f) => ({
      id: f.id,
      categoryLabel: (categories as Record<string, string>)[f.category] ?? f.category,
      exemptionCode: options.policy.exemptions[f.exemption]?.code ?? f.exemption,
      reason: f.why.join('; '),
      detector: f.detector,
      score: f.score,
      page: f.boxes[0]?.page ?? 0,
    })),
    approvalBlockers: approvalBlockers(ws, document, viewer, options.twoPersonRule),
    approval: approval && { sha256: approval.artifactSha256, approver: approval.approver, at: approval.approvedAt },
    sentBack: document.state === 'sent_back' ? latestSendBack(ws, document.id) : undefined,
  };
}

/** Findings the policy keeps that no redaction covers yet. */
function keptFindings(ws: Workspace, documentId: string): Finding[] {
  const covered = new Set(listRedactions(ws, documentId).flatMap((r) => ('findings' in r.from ? r.from.findings : [])));
  const boxes = listRedactions(ws, documentId).filter((r) => r.decision !== 'rejected').flatMap((r) => r.boxes);
  return listFindings(ws, documentId).filter((f) => f.action === 'keep' && !covered.has(f.id) && f.boxes.length > 0 && !alreadyCovered(f.boxes, boxes));
}

function back(c: C, document: DocumentRecord, notice: string, n = 0, m = 0, anchor = ''): Response {
  return c.redirect(`/documents/${document.id}?notice=${notice}${n ? `&n=${n}` : ''}${m ? `&m=${m}` : ''}${anchor}`, 303);
}

/** A request the page would never send (bad field, closed document): 400 or 409 with the reason. */
function refuse(c: C, status: 400 | 404 | 409 | 422, message: string): Response {
  return wantsJson(c) ? c.json({ error: message }, status) : c.text(message, status);
}

function validChoice(options: ReviewOptions, fields: Record<string, string>): { category: string; exemption: string; reason: string } | string {
  const category = fields.category ?? '';
  const exemption = fields.exemption ?? '';
  const reason = (fields.reason ?? '').trim().slice(0, 500);
  if (!Object.hasOwn(options.policy.categories, category)) return 'Choose one of the listed categories.';
  if (!Object.hasOwn(options.policy.exemptions, exemption)) return 'Choose one of the listed exemption codes.';
  if (reason === '') return 'Give a reason for the redaction.';
  return { category, exemption, reason };
}

/** 409 when the document's redactions can no longer change (approved, published…). */
function refuseClosed(c: C, document: DocumentRecord): Response | undefined {
  return OPEN.has(document.state) ? undefined : refuse(c, 409, `The document is ${document.state}; its redactions can no longer change.`);
}

/** What adding a redaction by hand needs: an open document, a valid category, code and reason, and its words. */
async function additionRequest(
  c: C,
  options: ReviewOptions,
): Promise<Response | { document: DocumentRecord; fields: Record<string, string>; choice: { category: string; exemption: string; reason: string }; model: Document }> {
  const document = loadDocument(options.ws, c);
  if (!document) return c.notFound();
  const closed = refuseClosed(c, document);
  if (closed) return closed;
  const fields = await formFields(c);
  const choice = validChoice(options, fields);
  if (typeof choice === 'string') return refuse(c, 400, choice);
  const model = await documentModel(options.ws, document);
  if (!model.ok) return refuse(c, 422, formatProblem(model.problem));
  return { document, fields, choice, model: model.value };
}

export function documentRoutes(options: ReviewOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { ws } = options;

  app.get('/documents/:id', (c) => {
    const document = loadDocument(ws, c);
    if (!document) return c.notFound();
    return c.html(documentPage(c.get('viewer'), documentView(ws, document, c.get('user').name, options), { notice: noticeFrom(c) }));
  });

  app.get('/documents/:id/pages/:file', async (c) => {
    const document = loadDocument(ws, c);
    const m = PAGE_FILE.exec(c.req.param('file'));
    if (!document || !m) return c.notFound();
    const png = await pageImage(ws, options.pageImages, document, Number(m[1]));
    if (!png.ok) return png.problem.code === 'workspace.not-found' ? c.notFound() : c.text(formatProblem(png.problem), 500);
    return c.body(png.value as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'image/png', 'Cache-Control': 'no-store' });
  });

  app.get('/documents/:id/original', async (c) => {
    const document = loadDocument(ws, c);
    if (!document?.originalBlob) return c.notFound();
    const bytes = await readBlob(ws.blobs, document.originalBlob);
    if (!bytes.ok) return c.text(formatProblem(bytes.problem), 500);
    appendAudit(ws, { actor: c.get('user').name, action: 'document.original-viewed', subject: document.id });
    const safeName = document.fileName.replace(/[^\w.-]+/g, '_').slice(0, 120) || 'original';
    return c.body(bytes.value as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': document.mediaType ?? 'application/octet-stream',
      'Content-Disposition': `attachment; filename="${safeName}"`,
      'Cache-Control': 'no-store',
    });
  });

  app.post('/documents/:id/redactions/:rid/decision', requireCapability('decide'), async (c) => {
    const document = loadDocument(ws, c);
    const rid = c.req.param('rid');
    if (!document || !REDACTION_ID.test(rid) || !getRedaction(ws, document.id, rid)) return refuse(c, 404, 'No such redaction.');
    const closed = refuseClosed(c, document);
    if (closed) return closed;
    const decision = (await formFields(c)).decision;
    if (decision !== 'accepted' && decision !== 'rejected') return refuse(c, 400, 'The decision must be accepted or rejected.');
    const decided = decideRedaction(ws, document.id, rid, decision, c.get('user').name);
    if (!decided.ok) return refuse(c, 409, formatProblem(decided.problem));
    if (wantsJson(c)) return c.json({ id: rid, decision, label: `${decision === 'accepted' ? 'Accepted' : 'Rejected'} by ${c.get('user').name}` });
    return back(c, document, 'decided', 0, 0, `#r-${rid}`);
  });

  app.post('/documents/:id/bulk', requireCapability('decide'), async (c) => {
    const document = loadDocument(ws, c);
    if (!document) return c.notFound();
    const closed = refuseClosed(c, document);
    if (closed) return closed;
    const { category, decision } = await formFields(c);
    if (decision !== 'accepted' && decision !== 'rejected') return refuse(c, 400, 'The decision must be accepted or rejected.');
    const actor = c.get('user').name;
    const targets = listRedactions(ws, document.id).filter((r) => r.category === category && r.decision !== decision);
    transaction(ws.db, () => {
      for (const r of targets) decideRedaction(ws, document.id, r.id, decision as Decision, actor, `bulk ${decision} of ${category}`);
    });
    return back(c, document, 'bulk', targets.length);
  });

  const addRedaction = (document: DocumentRecord, boxes: PageBox[], choice: { category: string; exemption: string; reason: string }, c: C) =>
    addReviewerRedaction(
      ws,
      document.id,
      { id: newId('r'), boxes, ...choice, decision: can(c.get('user').role, 'decide') ? 'accepted' : 'proposed' },
      c.get('user').name,
    );

  app.post('/documents/:id/redactions', requireCapability('propose'), async (c) => {
    const request = await additionRequest(c, options);
    if (request instanceof Response) return request;
    const { document, fields, choice, model } = request;
    const page = model.pages.find((p) => p.number === Number(fields.page));
    const box = ['x0', 'y0', 'x1', 'y1'].map((k) => Number(fields[k]));
    if (!page || box.some((v) => !Number.isFinite(v)) || box[0] >= box[2] || box[1] >= box[3] || box[0] < 0 || box[1] < 0 || box[2] > page.width + 1 || box[3] > page.height + 1) {
      return refuse(c, 400, 'The box must lie on a page of this document, with x0 < x1 and y0 < y1 in points.');
    }
    const added = addRedaction(document, snapToWords(page, box as Box), choice, c);
    if (!added.ok) return refuse(c, 409, formatProblem(added.problem));
    return back(c, document, 'added', 0, 0, `#r-${added.value.id}`);
  });

  app.post('/documents/:id/findings/:fid/redact', requireCapability('propose'), async (c) => {
    const document = loadDocument(ws, c);
    const fid = c.req.param('fid');
    const finding = document && REDACTION_ID.test(fid) ? keptFindings(ws, document.id).find((f) => f.id === fid) : undefined;
    if (!document || !finding) return refuse(c, 404, 'No such kept finding.');
    const closed = refuseClosed(c, document);
    if (closed) return closed;
    const added = addRedaction(document, finding.boxes, { category: finding.category, exemption: finding.exemption, reason: `Kept by the policy, redacted on review: ${finding.why.join('; ')}` }, c);
    if (!added.ok) return refuse(c, 409, formatProblem(added.problem));
    return back(c, document, 'added', 0, 0, `#r-${added.value.id}`);
  });

  app.post('/documents/:id/phrase', requireCapability('propose'), async (c) => {
    const request = await additionRequest(c, options);
    if (request instanceof Response) return request;
    const { document, fields, choice, model } = request;
    const phrase = (fields.text ?? '').trim().slice(0, 500);
    if (phrase === '') return refuse(c, 400, 'Type the phrase to redact.');
    const existing = listRedactions(ws, document.id).filter((r) => r.decision !== 'rejected').flatMap((r) => r.boxes);
    const found = findOccurrences(model, phrase).filter((boxes) => !alreadyCovered(boxes, existing));
    transaction(ws.db, () => {
      for (const boxes of found) addRedaction(document, boxes, choice, c);
    });
    return back(c, document, 'phrase', found.length);
  });

  app.post('/documents/:id/redactions/:rid/everywhere', requireCapability('propose'), async (c) => {
    const document = loadDocument(ws, c);
    const rid = c.req.param('rid');
    const source = document && REDACTION_ID.test(rid) ? getRedaction(ws, document.id, rid) : undefined;
    if (!document || !source) return refuse(c, 404, 'No such redaction.');
    const model = await documentModel(ws, document);
    if (!model.ok) return refuse(c, 422, formatProblem(model.problem));
    const finding = 'findings' in source.from ? listFindings(ws, document.id).find((f) => (source.from as { findings: string[] }).findings.includes(f.id)) : undefined;
    const phrase = (finding?.text ?? textUnder(model.value, source.boxes)).trim();
    if (phrase === '') return refuse(c, 422, 'This redaction covers no words, so there is nothing to look for elsewhere.');
    const choice = { category: source.category, exemption: source.exemption, reason: source.reason || `Same as a redaction in ${document.fileName}.` };
    const targets = listDocuments(ws, { batchId: document.batchId, state: ['in_review', 'sent_back'] });
    const plans: { doc: DocumentRecord; boxes: PageBox[][] }[] = [];
    for (const doc of targets) {
      const other = doc.id === document.id ? model : await documentModel(ws, doc);
      if (!other.ok) continue;
      const existing = listRedactions(ws, doc.id).filter((r) => r.decision !== 'rejected').flatMap((r) => r.boxes);
      const boxes = findOccurrences(other.value as Document, phrase).filter((b) => !alreadyCovered(b, existing));
      if (boxes.length > 0) plans.push({ doc, boxes });
    }
    const added = plans.reduce((n, p) => n + p.boxes.length, 0);
    transaction(ws.db, () => {
      for (const plan of plans) for (const boxes of plan.boxes) addRedaction(plan.doc, boxes, choice, c);
      appendAudit(ws, { actor: c.get('user').name, action: 'redaction.applied-to-batch', subject: document.id, details: { redaction: rid, batch: document.batchId, added, documents: plans.length } });
    });
    return back(c, document, 'everywhere', added, plans.length);
  });

  app.post('/documents/:id/approve', requireCapability('sign'), async (c) => {
    const document = loadDocument(ws, c);
    if (!document) return c.notFound();
    const approved = await approveDocument(ws, document, c.get('user').name, options);
    if (!approved.ok) {
      const status = approved.problem.code === 'review.blocked' ? 409 : 422;
      const fresh = getDocument(ws, document.id) ?? document;
      return c.html(documentPage(c.get('viewer'), documentView(ws, fresh, c.get('user').name, options), { error: `Not approved. ${approved.problem.message}` }), status);
    }
    return back(c, document, 'approved');
  });

  app.post('/documents/:id/send-back', requireCapability('sign'), async (c) => {
    const document = loadDocument(ws, c);
    if (!document) return c.notFound();
    const comment = ((await formFields(c)).comment ?? '').trim().slice(0, 2000);
    const sent = sendBack(ws, document.id, c.get('user').name, comment);
    if (!sent.ok) return refuse(c, sent.problem.code === 'usage.invalid' ? 400 : 409, sent.problem.message);
    return back(c, document, 'sent-back');
  });

  app.post('/documents/:id/requeue', requireCapability('propose'), async (c) => {
    const document = loadDocument(ws, c);
    if (!document) return c.notFound();
    const moved = requeueForReview(ws, document.id, c.get('user').name);
    if (!moved.ok) return refuse(c, 409, moved.problem.message);
    return back(c, document, 'requeued');
  });

  return app;
}

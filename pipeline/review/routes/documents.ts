/**
 * @module
 * The document routes of the HTML app: the review page, page images and the
 * original (signed-in users only, never cached), and the form actions. Each
 * handler validates its input (Hono's validator), calls the review service and
 * redirects back with a notice, or answers the service's problem with its
 * status. The same service serves the JSON API (`api.ts`).
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { formatProblem } from '../../problems.ts';
import type { Problem } from '../../problems.ts';
import { wantsJson } from '../context.ts';
import type { AppEnv, ReviewOptions } from '../context.ts';
import { markLooked } from '../changes.ts';
import { documentView } from '../document-view.ts';
import { pageImage } from '../page-image.ts';
import { statusOf } from '../service.ts';
import type { Actor, Change, ReviewService } from '../service.ts';
import { documentPage, pageTexts } from '../views/document.ts';
import { documentParam, form, parse } from './validate.ts';

const PAGE_FILE = /^([1-9][0-9]{0,4})(@2x)?\.png$/;

type C = Context<AppEnv>;

export function actorOf(c: C): Actor {
  const user = c.get('user');
  return { name: user.name, role: user.role };
}

const notices: Record<string, (n: number, m: number) => string> = {
  decided: (n) => (n > 1 ? `${n} redactions decided.` : 'Decision saved.'),
  confirmed: (n) => `${n} rejection${n === 1 ? '' : 's'} confirmed.`,
  bulk: (n) => `${n} redaction${n === 1 ? '' : 's'} decided.`,
  added: () => 'Box added.',
  marked: () => 'The selected words are redacted.',
  phrase: (n) => `${n} occurrence${n === 1 ? '' : 's'} redacted.`,
  everywhere: (n, m) => `${n} new redaction${n === 1 ? '' : 's'} in ${m} document${m === 1 ? '' : 's'} of this batch.`,
  undone: (n) => `Undone (${n} redaction${n === 1 ? '' : 's'}).`,
  approved: () => 'Approved. The verified release is recorded with its SHA-256.',
  'sent-back': () => 'Sent back with your comment.',
  requeued: () => 'Returned to the review queue.',
  claimed: () => 'Claimed: other approvers see that you are working on it.',
  released: () => 'Released: anyone may pick it up.',
};

function noticeFrom(c: C): string | undefined {
  const make = notices[c.req.query('notice') ?? ''];
  return make?.(Number(c.req.query('n') ?? 0) || 0, Number(c.req.query('m') ?? 0) || 0);
}

function back(c: C, id: string, notice: string, n = 0, m = 0, anchor = ''): Response {
  return c.redirect(`/documents/${id}?notice=${notice}${n ? `&n=${n}` : ''}${m ? `&m=${m}` : ''}${anchor}`, 303);
}

/** The service's refusal, as text for forms (or JSON for an older page script). */
export function refusal(c: C, problem: Problem): Response {
  const status = statusOf(problem);
  return wantsJson(c) ? c.json({ error: problem.message, code: problem.code }, status) : c.text(problem.message, status);
}

function changed(c: C, id: string, result: { ok: true; value: Change } | { ok: false; problem: Problem }, notice: string): Response {
  if (!result.ok) return refusal(c, result.problem);
  const first = result.value.changed[0]?.id;
  return back(c, id, notice, result.value.changed.length, result.value.documents ?? 0, first ? `#r-${first}` : '');
}

export function documentRoutes(options: ReviewOptions, review: ReviewService): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { ws } = options;

  app.get('/documents/:id', documentParam, async (c) => {
    const doc = await review.visible(c.req.valid('param').id);
    if (!doc.ok) return c.notFound();
    const view = await documentView(review, options, doc.value, actorOf(c));
    const page = await documentPage(c.get('viewer'), view, { notice: noticeFrom(c) });
    if (view.changes) await markLooked(ws, doc.value.id, c.get('user').name, view.changes);
    return c.html(page);
  });

  app.get('/documents/:id/text', documentParam, async (c) => {
    const doc = await review.visible(c.req.valid('param').id);
    if (!doc.ok) return c.notFound();
    return c.html(pageTexts(await documentView(review, options, doc.value, actorOf(c))));
  });

  app.get('/documents/:id/pages/:file', documentParam, async (c) => {
    const doc = await review.visible(c.req.valid('param').id);
    const m = PAGE_FILE.exec(c.req.param('file'));
    if (!doc.ok || !m) return c.notFound();
    const png = await pageImage(ws, options.pageImages, doc.value, Number(m[1]), m[2] ? 2 : 1);
    if (!png.ok) return png.problem.code === 'workspace.not-found' ? c.notFound() : c.text(formatProblem(png.problem), 500);
    return c.body(png.value as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'image/png', 'Cache-Control': 'no-store' });
  });

  app.get('/documents/:id/original', documentParam, async (c) => {
    const original = await review.original(c.req.valid('param').id, actorOf(c));
    if (!original.ok) return original.problem.code === 'review.not-found' ? c.notFound() : c.text(formatProblem(original.problem), 500);
    const { doc, bytes } = original.value;
    const safeName = doc.fileName.replace(/[^\w.-]+/g, '_').slice(0, 120) || 'original';
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': doc.mediaType ?? 'application/octet-stream',
      'Content-Disposition': `attachment; filename="${safeName}"`,
      'Cache-Control': 'no-store',
    });
  });

  app.post('/documents/:id/redactions/:rid/decision', documentParam, form(parse.decision), async (c) => {
    const { id, rid } = c.req.valid('param');
    const result = await review.decide(id, rid, c.req.valid('form').decision, actorOf(c));
    if (result.ok && wantsJson(c)) {
      const decision = c.req.valid('form').decision;
      return c.json({ id: rid, decision, label: `${decision === 'accepted' ? 'Accepted' : 'Rejected'} by ${c.get('user').name}` });
    }
    return changed(c, id, result, 'decided');
  });

  app.post('/documents/:id/values/:key/decision', documentParam, form(parse.decision), async (c) => {
    const { id, key } = c.req.valid('param');
    const { decision, back: to } = c.req.valid('form');
    const result = await review.decideValue(id, key, decision, actorOf(c));
    const doc = await review.visible(id);
    // Split out from the batch values page: back there, at the value.
    if (to === 'batch' && result.ok && doc.ok) return c.redirect(`/batches/${doc.value.batchId}/values?notice=decided&n=${result.value.changed.length}#v-${key}`, 303);
    return changed(c, id, result, 'decided');
  });

  app.post('/documents/:id/values/:key/confirm-rejection', documentParam, async (c) => {
    const { id, key } = c.req.valid('param');
    return changed(c, id, await review.confirmRejections(id, key, actorOf(c)), 'confirmed');
  });

  app.post('/documents/:id/bulk', documentParam, form(parse.category), async (c) => {
    const { id } = c.req.valid('param');
    const { category, decision } = c.req.valid('form');
    const result = await review.decideCategory(id, category, decision, actorOf(c));
    return result.ok ? back(c, id, 'bulk', result.value.changed.length) : refusal(c, result.problem);
  });

  app.post('/documents/:id/undo', documentParam, async (c) => {
    const { id } = c.req.valid('param');
    return changed(c, id, await review.undo(id, actorOf(c)), 'undone');
  });

  app.post('/documents/:id/redactions', documentParam, form(parse.box), async (c) => {
    const { id } = c.req.valid('param');
    const { page, box, ...choice } = c.req.valid('form');
    return changed(c, id, await review.draw(id, page, box, choice, actorOf(c)), 'added');
  });

  app.post('/documents/:id/marks', documentParam, form(parse.mark), async (c) => {
    const { id } = c.req.valid('param');
    const { page, start, end, ...choice } = c.req.valid('form');
    return changed(c, id, await review.mark(id, page, start, end, choice, actorOf(c)), 'marked');
  });

  app.post('/documents/:id/findings/:fid/redact', documentParam, async (c) => {
    const { id, fid } = c.req.valid('param');
    return changed(c, id, await review.redactKept(id, fid, actorOf(c)), 'added');
  });

  app.post('/documents/:id/phrase', documentParam, form(parse.phrase), async (c) => {
    const { id } = c.req.valid('param');
    const { text, ...choice } = c.req.valid('form');
    const result = await review.redactPhrase(id, text, choice, actorOf(c));
    return result.ok ? back(c, id, 'phrase', result.value.changed.length) : refusal(c, result.problem);
  });

  app.post('/documents/:id/redactions/:rid/everywhere', documentParam, async (c) => {
    const { id, rid } = c.req.valid('param');
    const result = await review.applyEverywhere(id, rid, actorOf(c));
    return result.ok ? back(c, id, 'everywhere', result.value.changed.length, result.value.documents ?? 0) : refusal(c, result.problem);
  });

  app.post('/documents/:id/approve', documentParam, async (c) => {
    const { id } = c.req.valid('param');
    const approved = await review.approve(id, actorOf(c));
    if (!approved.ok) {
      const doc = await review.visible(id);
      if (!doc.ok || approved.problem.code === 'review.forbidden') return refusal(c, approved.problem);
      const status = approved.problem.code === 'review.blocked' ? 409 : 422;
      return c.html(await documentPage(c.get('viewer'), await documentView(review, options, doc.value, actorOf(c)), { error: `Not approved. ${approved.problem.message} (${approved.problem.code})` }), status);
    }
    return back(c, id, 'approved');
  });

  app.post('/documents/:id/send-back', documentParam, form(parse.comment), async (c) => {
    const { id } = c.req.valid('param');
    const sent = await review.sendBack(id, c.req.valid('form').comment, actorOf(c));
    return sent.ok ? back(c, id, 'sent-back') : refusal(c, sent.problem);
  });

  app.post('/documents/:id/requeue', documentParam, async (c) => {
    const { id } = c.req.valid('param');
    const moved = await review.requeue(id, actorOf(c));
    return moved.ok ? back(c, id, 'requeued') : refusal(c, moved.problem);
  });

  app.post('/documents/:id/claim', documentParam, form(parse.assign), async (c) => {
    const { id } = c.req.valid('param');
    const { assignee, release } = c.req.valid('form');
    const done = await review.assign(id, release ? undefined : (assignee ?? c.get('user').name), actorOf(c));
    return done.ok ? back(c, id, release ? 'released' : 'claimed') : refusal(c, done.problem);
  });

  return app;
}

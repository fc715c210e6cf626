/**
 * @module
 * The JSON API under `/api`, for the page script and for offices that script
 * their work. Same session, same CSRF token (header `X-CSRF-Token`), same
 * review service and therefore the same rules as the HTML app. Every answer is
 * JSON; a refusal is `{ error, code }` with the status of its problem.
 * Documented in pipeline/review/README.md.
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { Problem, Result } from '../../problems.ts';
import type { AppEnv, ReviewOptions } from '../context.ts';
import { batchValuesView } from '../batch-values.ts';
import { markLooked } from '../changes.ts';
import { documentView } from '../document-view.ts';
import { documentHistory } from '../history.ts';
import type { QueueQuery } from '../queue.ts';
import { nextDocument, queue } from '../queue.ts';
import { statusOf } from '../service.ts';
import type { ReviewService } from '../service.ts';
import { actorOf } from './documents.ts';
import { batchParam, documentParam, json, parse } from './validate.ts';

type C = Context<AppEnv>;

function answer<T>(c: C, result: Result<T>): Response {
  return result.ok ? c.json(result.value as object) : refuse(c, result.problem);
}

function refuse(c: C, problem: Problem): Response {
  return c.json({ error: problem.message, code: problem.code }, statusOf(problem));
}

export function queueQuery(q: (name: string) => string | undefined): QueueQuery {
  const sort = q('sort');
  return {
    batch: q('batch') || undefined,
    state: q('state') || undefined,
    category: q('category') || undefined,
    mine: q('mine') === '1' || q('mine') === 'true',
    sort: sort === 'pages' || sort === 'findings' || sort === 'age' || sort === 'undecided' ? sort : 'age',
    desc: q('dir') === 'desc',
  };
}

export function apiRoutes(options: ReviewOptions, review: ReviewService): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/api/me', (c) => c.json({ name: c.get('user').name, role: c.get('user').role, csrfToken: c.get('viewer').csrf }));

  app.get('/api/queue', async (c) => c.json({ documents: await queue(options, queueQuery((n) => c.req.query(n)), actorOf(c)) }));

  app.get('/api/next', async (c) => {
    const next = await nextDocument(options, c.req.query('after'), actorOf(c));
    return c.json({ next: next ?? null });
  });

  app.get('/api/documents/:id', documentParam, async (c) => {
    const doc = await review.visible(c.req.valid('param').id);
    if (!doc.ok) return refuse(c, doc.problem);
    const view = await documentView(review, options, doc.value, actorOf(c));
    if (view.changes) await markLooked(options.ws, doc.value.id, c.get('user').name, view.changes);
    return c.json(view);
  });

  app.get('/api/batches/:bid/values', batchParam, async (c) => {
    const view = await batchValuesView(review, options, c.req.valid('param').bid, actorOf(c));
    return view ? c.json(view) : c.json({ error: 'No such batch.', code: 'review.not-found' }, 404);
  });

  app.post('/api/batches/:bid/values/:key/decision', batchParam, json(parse.decision), async (c) => {
    const { bid, key } = c.req.valid('param');
    return answer(c, await review.decideBatchValue(bid, key, c.req.valid('json').decision, actorOf(c)));
  });

  app.post('/api/batches/:bid/undo', batchParam, async (c) => answer(c, await review.undoInBatch(c.req.valid('param').bid, actorOf(c))));

  app.get('/api/documents/:id/history', documentParam, async (c) => {
    const doc = await review.visible(c.req.valid('param').id);
    if (!doc.ok) return refuse(c, doc.problem);
    const { lines, chain } = await documentHistory(options.ws, doc.value.id);
    return c.json({ history: lines, chain });
  });

  app.post('/api/documents/:id/redactions/:rid/decision', documentParam, json(parse.decision), async (c) => {
    const { id, rid } = c.req.valid('param');
    return answer(c, await review.decide(id, rid, c.req.valid('json').decision, actorOf(c)));
  });

  app.post('/api/documents/:id/values/:key/decision', documentParam, json(parse.decision), async (c) => {
    const { id, key } = c.req.valid('param');
    return answer(c, await review.decideValue(id, key, c.req.valid('json').decision, actorOf(c)));
  });

  app.post('/api/documents/:id/values/:key/confirm-rejection', documentParam, async (c) => {
    const { id, key } = c.req.valid('param');
    return answer(c, await review.confirmRejections(id, key, actorOf(c)));
  });

  app.post('/api/documents/:id/categories/decision', documentParam, json(parse.category), async (c) => {
    const { category, decision } = c.req.valid('json');
    return answer(c, await review.decideCategory(c.req.valid('param').id, category, decision, actorOf(c)));
  });

  app.post('/api/documents/:id/undo', documentParam, async (c) => answer(c, await review.undo(c.req.valid('param').id, actorOf(c))));

  app.post('/api/documents/:id/redactions', documentParam, json(parse.box), async (c) => {
    const { page, box, ...choice } = c.req.valid('json');
    return answer(c, await review.draw(c.req.valid('param').id, page, box, choice, actorOf(c)));
  });

  app.post('/api/documents/:id/marks', documentParam, json(parse.mark), async (c) => {
    const { page, start, end, ...choice } = c.req.valid('json');
    return answer(c, await review.mark(c.req.valid('param').id, page, start, end, choice, actorOf(c)));
  });

  app.post('/api/documents/:id/phrases', documentParam, json(parse.phrase), async (c) => {
    const { text, ...choice } = c.req.valid('json');
    return answer(c, await review.redactPhrase(c.req.valid('param').id, text, choice, actorOf(c)));
  });

  app.post('/api/documents/:id/findings/:fid/redact', documentParam, async (c) => {
    const { id, fid } = c.req.valid('param');
    return answer(c, await review.redactKept(id, fid, actorOf(c)));
  });

  app.post('/api/documents/:id/redactions/:rid/everywhere', documentParam, async (c) => {
    const { id, rid } = c.req.valid('param');
    return answer(c, await review.applyEverywhere(id, rid, actorOf(c)));
  });

  app.post('/api/documents/:id/approve', documentParam, async (c) => {
    const approved = await review.approve(c.req.valid('param').id, actorOf(c));
    return approved.ok ? c.json({ approval: approved.value, next: (await nextDocument(options, approved.value.documentId, actorOf(c))) ?? null }) : refuse(c, approved.problem);
  });

  app.post('/api/documents/:id/send-back', documentParam, json(parse.comment), async (c) => {
    const sent = await review.sendBack(c.req.valid('param').id, c.req.valid('json').comment, actorOf(c));
    return sent.ok ? c.json({ id: sent.value.id, state: sent.value.state }) : refuse(c, sent.problem);
  });

  app.post('/api/documents/:id/requeue', documentParam, async (c) => {
    const moved = await review.requeue(c.req.valid('param').id, actorOf(c));
    return moved.ok ? c.json({ id: moved.value.id, state: moved.value.state }) : refuse(c, moved.problem);
  });

  app.post('/api/documents/:id/claim', documentParam, json(parse.assign), async (c) => {
    const { assignee, release } = c.req.valid('json');
    return answer(c, await review.assign(c.req.valid('param').id, release ? undefined : (assignee ?? c.get('user').name), actorOf(c)));
  });

  app.all('/api/*', (c) => c.json({ error: 'No such API route.' }, 404));
  return app;
}

/**
 * @module
 * The batch values page (`/batches/:bid/values`): every value of the batch's
 * open documents once, with one decision for all its occurrences, and undo of
 * the viewer's last change in the batch. Plain form POSTs that redirect back;
 * the page script uses the same rules through `/api/batches/…`.
 */
import { Hono } from 'hono';
import type { AppEnv, ReviewOptions } from '../context.ts';
import { batchValuesView } from '../batch-values.ts';
import type { ReviewService } from '../service.ts';
import { batchValuesPage } from '../views/batch-values.ts';
import { actorOf, refusal } from './documents.ts';
import { batchParam, form, parse } from './validate.ts';

const notices: Record<string, (n: number, m: number) => string> = {
  decided: (n, m) => `${n} redaction${n === 1 ? '' : 's'} decided${m ? ` in ${m} document${m === 1 ? '' : 's'}` : ''}.`,
  undone: (n) => `Undone (${n} redaction${n === 1 ? '' : 's'}).`,
};

export function batchRoutes(options: ReviewOptions, review: ReviewService): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/batches/:bid/values', batchParam, async (c) => {
    const view = await batchValuesView(review, options, c.req.valid('param').bid, actorOf(c));
    if (!view) return c.notFound();
    const notice = notices[c.req.query('notice') ?? '']?.(Number(c.req.query('n') ?? 0) || 0, Number(c.req.query('m') ?? 0) || 0);
    const skipped = c.req.query('skipped');
    return c.html(batchValuesPage(c.get('viewer'), view, { notice: notice && skipped ? `${notice} Left out (held by someone else): ${skipped.slice(0, 500)}.` : notice }));
  });

  app.post('/batches/:bid/values/:key/decision', batchParam, form(parse.decision), async (c) => {
    const { bid, key } = c.req.valid('param');
    const done = await review.decideBatchValue(bid, key, c.req.valid('form').decision, actorOf(c));
    if (!done.ok) return refusal(c, done.problem);
    const skipped = (done.value.skipped ?? []).map((s) => `${s.fileName} (${s.claimedBy})`).join(', ');
    const params = new URLSearchParams({ notice: 'decided', n: String(done.value.changed.length), m: String(done.value.documents ?? 0), ...(skipped ? { skipped } : {}) });
    return c.redirect(`/batches/${bid}/values?${params}#v-${key}`, 303);
  });

  app.post('/batches/:bid/undo', batchParam, async (c) => {
    const { bid } = c.req.valid('param');
    const done = await review.undoInBatch(bid, actorOf(c));
    if (!done.ok) return refusal(c, done.problem);
    return c.redirect(`/batches/${bid}/values?notice=undone&n=${done.value.changed.length}`, 303);
  });

  return app;
}

/**
 * @module
 * The queue page and moving through it: `/queue` (sorted, filtered, "waiting
 * for me", who holds what) and `/next`, the oldest document waiting for the
 * signed-in person after the one just finished (or the queue when none is).
 */
import { Hono } from 'hono';
import { raw } from 'hono/html';
import type { AppEnv, ReviewOptions } from '../context.ts';
import { batchChoices, nextDocument, queue } from '../queue.ts';
import { categoryLabel } from '../service.ts';
import { REVIEW_STATES, workspaceVersion } from '../store.ts';
import { queueBody, queuePage } from '../views/queue.ts';
import { queueQuery } from './api.ts';
import { actorOf } from './documents.ts';
import { DOCUMENT_ID } from './validate.ts';

export function queueRoutes(options: ReviewOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { ws } = options;

  app.get('/', (c) => c.redirect('/queue', 303));

  // The queue's HTML is the same for every viewer until the workspace changes (see `workspaceVersion`),
  // except "waiting for me", which is cached per person; ages are shown to the minute.
  const cache = new Map<string, { version: number; body: string }>();
  app.get('/queue', async (c) => {
    const query = queueQuery((n) => c.req.query(n));
    const now = Date.now();
    const key = JSON.stringify([query, query.mine ? c.get('user').name : '', Math.floor(now / 60000)]);
    const version = await workspaceVersion(ws);
    let cached = cache.get(key);
    if (cached?.version !== version) {
      const view = {
        rows: await queue(options, query, actorOf(c)),
        filters: query,
        batches: await batchChoices(options),
        states: REVIEW_STATES,
        categories: Object.keys(options.policy.categories).map((k) => ({ key: k, label: categoryLabel(k) })),
        now,
      };
      cached = { version, body: (await queueBody(view)).toString() };
      if (cache.size >= 64) cache.clear();
      cache.set(key, cached);
    }
    const notice = c.req.query('notice') === 'empty' ? 'Nothing else is waiting for you right now.' : undefined;
    return c.html(queuePage(c.get('viewer'), raw(cached.body), notice));
  });

  app.get('/next', async (c) => {
    const after = c.req.query('after');
    const next = await nextDocument(options, after && DOCUMENT_ID.test(after) ? after : undefined, actorOf(c));
    return c.redirect(next ? `/documents/${next.id}` : '/queue?mine=1&notice=empty', 303);
  });

  return app;
}

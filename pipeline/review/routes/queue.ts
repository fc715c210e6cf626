/**
 * @module
 * Moving through the queue: `/next` opens the oldest document waiting for the
 * signed-in person (after the one just finished), or the queue when nothing is.
 */
import { Hono } from 'hono';
import type { AppEnv, ReviewOptions } from '../context.ts';
import { nextDocument } from '../queue.ts';
import { DOCUMENT_ID } from './validate.ts';
import { actorOf } from './documents.ts';

export function queueRoutes(options: ReviewOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/next', (c) => {
    const after = c.req.query('after');
    const next = nextDocument(options, after && DOCUMENT_ID.test(after) ? after : undefined, actorOf(c));
    return c.redirect(next ? `/documents/${next.id}` : '/queue?mine=1&notice=empty', 303);
  });

  return app;
}

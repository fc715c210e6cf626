/**
 * @module
 * The audit log for admins (paged, filterable, in words, with the chain
 * check) and each document's history for everyone who can see the document.
 */
import { Hono } from 'hono';
import { validator } from 'hono/validator';
import { requireCapability } from '../auth/middleware.ts';
import type { AppEnv } from '../context.ts';
import { ACTION_FAMILIES, auditLog, documentHistory } from '../history.ts';
import type { ReviewService } from '../service.ts';
import { auditPage } from '../views/audit.ts';
import { historyPage } from '../views/history.ts';
import { DOCUMENT_ID, documentParam } from './validate.ts';

const PAGE_SIZE = 50;
const FAMILY_LABELS: Record<(typeof ACTION_FAMILIES)[number], string> = {
  redaction: 'Decisions and redactions',
  document: 'Documents (states, claims, approvals)',
  login: 'Sign-ins',
  user: 'Accounts',
  batch: 'Batches',
};

const auditQuery = validator('query', (q) => {
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.slice(0, 200) || undefined;
  const page = Number(one(q.page) ?? 1);
  const document = one(q.document);
  return {
    actor: one(q.actor),
    action: one(q.action),
    document: document && DOCUMENT_ID.test(document) ? document : undefined,
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
});

export function historyRoutes(review: ReviewService): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/audit', requireCapability('audit'), auditQuery, async (c) => {
    const { page, ...filters } = c.req.valid('query');
    const { chain, lines, total, actors } = await auditLog(review.ws, filters, page, PAGE_SIZE);
    return c.html(
      auditPage(c.get('viewer'), {
        chain,
        lines,
        filters,
        actors,
        actions: ACTION_FAMILIES.map((f) => ({ value: f, label: FAMILY_LABELS[f] })),
        page,
        pages: Math.ceil(total / PAGE_SIZE),
        total,
      }),
    );
  });

  app.get('/documents/:id/history', documentParam, async (c) => {
    const doc = await review.visible(c.req.valid('param').id);
    if (!doc.ok) return c.notFound();
    return c.html(historyPage(c.get('viewer'), doc.value, await documentHistory(review.ws, doc.value.id), await review.lastLook(doc.value.id, c.get('user').name)));
  });

  return app;
}

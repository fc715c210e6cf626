/**
 * @module
 * The queue (everyone signed in) and the admin pages: the audit log with its
 * chain check, and the list of users with a way to disable one.
 */
import { Hono } from 'hono';
import { raw } from 'hono/html';
import { categories } from '../../../redaction/policy/categories.ts';
import { listAudit, verifyAuditChain } from '../../workspace/audit-log.ts';
import { listBatches } from '../../workspace/batches.ts';
import { listUsers, setUserDisabled } from '../../workspace/users.ts';
import { requireCapability } from '../auth/middleware.ts';
import { formFields } from '../context.ts';
import type { AppEnv, ReviewOptions } from '../context.ts';
import { REVIEW_STATES, queueRows, workspaceVersion } from '../store.ts';
import { auditPage } from '../views/audit.ts';
import { queueBody, queuePage } from '../views/queue.ts';
import { usersPage } from '../views/users.ts';

const AUDIT_PAGE = 200;

export function adminRoutes(options: ReviewOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { ws } = options;

  app.get('/', (c) => c.redirect('/queue', 303));

  // The queue's HTML is the same for every viewer until the workspace changes (see `workspaceVersion`).
  const queueCache = new Map<string, { version: number; body: string }>();
  app.get('/queue', async (c) => {
    const filters = { batch: c.req.query('batch') || undefined, state: c.req.query('state') || undefined, category: c.req.query('category') || undefined };
    const key = JSON.stringify(filters);
    const version = workspaceVersion(ws);
    let cached = queueCache.get(key);
    if (cached?.version !== version) {
      const view = {
        rows: queueRows(ws, filters),
        filters,
        batches: listBatches(ws).map((b) => ({ id: b.id, name: b.name })),
        states: REVIEW_STATES,
        categories: Object.keys(options.policy.categories).map((key) => ({ key, label: (categories as Record<string, string>)[key] ?? key })),
      };
      cached = { version, body: (await queueBody(view)).toString() };
      if (queueCache.size >= 64) queueCache.clear();
      queueCache.set(key, cached);
    }
    return c.html(queuePage(c.get('viewer'), raw(cached.body)));
  });

  app.get('/audit', requireCapability('audit'), (c) => {
    const chain = verifyAuditChain(ws);
    const before = Number(c.req.query('before'));
    const head = chain.ok ? chain.value.headSeq : Number.MAX_SAFE_INTEGER;
    const upTo = Number.isInteger(before) && before > 0 ? before - 1 : head;
    const rows = upTo >= head
      ? listAudit(ws, { newestFirst: true, limit: AUDIT_PAGE })
      : listAudit(ws, { afterSeq: Math.max(0, upTo - AUDIT_PAGE), limit: AUDIT_PAGE }).filter((r) => r.seq <= upTo).reverse();
    const oldest = rows.at(-1)?.seq;
    return c.html(
      auditPage(c.get('viewer'), {
        chain: chain.ok ? { ok: true, entries: chain.value.entries, headHash: chain.value.headHash } : { ok: false, message: chain.problem.message },
        rows,
        olderThan: oldest !== undefined && oldest > 1 ? oldest : undefined,
      }),
    );
  });

  app.get('/users', requireCapability('users'), (c) => {
    const notice = c.req.query('notice') === 'disabled' ? 'Account disabled; its sessions have ended.' : undefined;
    return c.html(usersPage(c.get('viewer'), listUsers(ws), notice));
  });

  app.post('/users/disable', requireCapability('users'), async (c) => {
    const name = (await formFields(c)).name ?? '';
    if (name === c.get('user').name) return c.text('You cannot disable your own account here.', 400);
    const done = setUserDisabled(ws, name, true, c.get('user').name);
    if (!done.ok) return c.text(done.problem.message, 404);
    return c.redirect('/users?notice=disabled', 303);
  });

  return app;
}

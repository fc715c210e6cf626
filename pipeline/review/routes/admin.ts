/**
 * @module
 * The admin pages: the list of users with a way to disable one. (The queue is
 * `queue.ts`; the audit log and document histories are `history.ts`.)
 */
import { Hono } from 'hono';
import { accountService } from '../accounts.ts';
import { requireCapability } from '../auth/middleware.ts';
import { formFields } from '../context.ts';
import type { AppEnv, ReviewOptions } from '../context.ts';
import { statusOf } from '../service.ts';
import { usersPage } from '../views/users.ts';

export function adminRoutes(options: ReviewOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const accounts = accountService(options);

  app.get('/users', requireCapability('users'), async (c) => {
    const notice = c.req.query('notice') === 'disabled' ? 'Account disabled; its sessions have ended.' : undefined;
    return c.html(usersPage(c.get('viewer'), await accounts.users(), notice));
  });

  app.post('/users/disable', requireCapability('users'), async (c) => {
    const done = await accounts.disable((await formFields(c)).name ?? '', c.get('user').name);
    if (!done.ok) return c.text(done.problem.message, statusOf(done.problem));
    return c.redirect('/users?notice=disabled', 303);
  });

  return app;
}

/**
 * @module
 * The admin pages: the list of users with a way to disable one. (The queue is
 * `queue.ts`; the audit log and document histories are `history.ts`.)
 */
import { Hono } from 'hono';
import { listUsers, normalizeUserName, setUserDisabled } from '../../workspace/store/index.ts';
import { requireCapability } from '../auth/middleware.ts';
import { formFields } from '../context.ts';
import type { AppEnv, ReviewOptions } from '../context.ts';
import { usersPage } from '../views/users.ts';

export function adminRoutes(options: ReviewOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { ws } = options;

  app.get('/users', requireCapability('users'), async (c) => {
    const notice = c.req.query('notice') === 'disabled' ? 'Account disabled; its sessions have ended.' : undefined;
    return c.html(usersPage(c.get('viewer'), await listUsers(ws), notice));
  });

  app.post('/users/disable', requireCapability('users'), async (c) => {
    // Normalised at the boundary: "di " is di, so a trailing space cannot get past the self-check.
    const name = normalizeUserName((await formFields(c)).name ?? '');
    if (!name.ok) return c.text(name.problem.message, 400);
    if (name.value === c.get('user').name) return c.text('You cannot disable your own account; ask another admin.', 400);
    const done = await setUserDisabled(ws, name.value, true, c.get('user').name);
    if (!done.ok) return c.text(done.problem.message, done.problem.code === 'usage.invalid' ? 400 : 404);
    return c.redirect('/users?notice=disabled', 303);
  });

  return app;
}

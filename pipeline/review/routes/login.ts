/**
 * @module
 * Signing in and out. The sign-in form is protected against cross-site posts by
 * a token that must match a cookie only this site can set (double submit);
 * failures are throttled per account and per address and audited; a success
 * starts a fresh session (a new random token, so a planted one is useless).
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { appendAudit } from '../../workspace/audit-log.ts';
import { createSession, deleteExpiredSessions, deleteSession } from '../../workspace/sessions.ts';
import { verifyPassword } from '../../workspace/users.ts';
import { csrfGuard, sessionCookieName, sessionGate } from '../auth/middleware.ts';
import { newToken, sameToken } from '../auth/tokens.ts';
import { formFields } from '../context.ts';
import type { AppEnv, ReviewOptions } from '../context.ts';
import { loginPage } from '../views/login.ts';

const LOGIN_CSRF_COOKIE = 'daylight-login';

/** Only local paths of this app: no scheme, no host, no `//`, no odd characters. */
export function safeNext(next: string | undefined): string {
  return next && /^\/(?!\/)[A-Za-z0-9/_.-]*$/.test(next) && !next.includes('..') ? next : '/queue';
}

export function loginRoutes(options: ReviewOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const cookieName = sessionCookieName(options.secure);

  const showForm = (c: Context<AppEnv>, status: 200 | 401 | 403 | 429, extra: { error?: string; name?: string } = {}) => {
    // Reuse a well-formed token already set: a second sign-in tab (or a stray redirect) must not invalidate the first form.
    const existing = getCookie(c, LOGIN_CSRF_COOKIE);
    const token = existing && /^[A-Za-z0-9_-]{43}$/.test(existing) ? existing : newToken();
    setCookie(c, LOGIN_CSRF_COOKIE, token, { httpOnly: true, sameSite: 'Strict', secure: options.secure, path: '/login', maxAge: 3600 });
    return c.html(loginPage(token, { ...extra, next: c.req.query('next') }), status);
  };

  app.get('/login', (c) => showForm(c, 200));

  app.post('/login', async (c) => {
    const fields = await formFields(c);
    if (!sameToken(fields._csrf, getCookie(c, LOGIN_CSRF_COOKIE))) {
      return showForm(c, 403, { error: 'The sign-in form expired or did not come from this site. Please try again.' });
    }
    const name = (fields.name ?? '').trim().slice(0, 64);
    const password = (fields.password ?? '').slice(0, 1024);
    const address = options.clientAddress(c);
    const wait = options.throttle.retryAfter(name, address);
    if (wait > 0) {
      c.header('Retry-After', String(Math.ceil(wait / 1000)));
      return showForm(c, 429, { name, error: `Too many failed sign-ins. Try again in ${Math.ceil(wait / 1000)} seconds.` });
    }
    const checked = await verifyPassword(options.ws, name, password);
    if (!checked.ok) {
      options.throttle.failed(name, address);
      appendAudit(options.ws, { actor: 'anonymous', action: 'login.failed', subject: name, details: { address } });
      return showForm(c, 401, { name, error: 'The name or password is wrong, or the account is disabled.' });
    }
    options.throttle.succeeded(name);
    // A session the browser already had ends here; expired ones are swept while we are at it.
    const previous = getCookie(c, cookieName);
    if (previous) deleteSession(options.ws, previous);
    deleteExpiredSessions(options.ws, { idleMs: options.idleMs });
    const session = createSession(options.ws, checked.value.id);
    appendAudit(options.ws, { actor: checked.value.name, action: 'login.succeeded', details: { address } });
    deleteCookie(c, LOGIN_CSRF_COOKIE, { path: '/login', secure: options.secure });
    setCookie(c, cookieName, session.token, { httpOnly: true, sameSite: 'Strict', secure: options.secure, path: '/' });
    return c.redirect(safeNext(c.req.query('next')), 303);
  });

  app.post('/logout', sessionGate(options), csrfGuard, (c) => {
    const token = getCookie(c, cookieName);
    if (token) deleteSession(options.ws, token);
    appendAudit(options.ws, { actor: c.get('user').name, action: 'logout' });
    deleteCookie(c, cookieName, { path: '/', secure: options.secure });
    return c.redirect('/login', 303);
  });

  return app;
}

/**
 * @module
 * Signing in and out. The sign-in form is protected against cross-site posts
 * twice: Hono's `csrf` middleware refuses a post whose Origin or Sec-Fetch-Site
 * is not this site, and the form's token must be signed by this server for the
 * nonce in the form's cookie (a token that merely equals a planted cookie is
 * refused). Names are normalised as accounts store them; failures are
 * throttled per account and address (`auth/throttle.ts`) and audited; a success
 * starts a fresh session (a new random token, so a planted one is useless).
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { accountService } from '../accounts.ts';
import { csrfGuard, sessionCookieName, sessionGate } from '../auth/middleware.ts';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import type { MiddlewareHandler } from 'hono';
import { checkSignedToken, newToken, signedToken } from '../auth/tokens.ts';
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
  const accounts = accountService(options);
  // Signs the sign-in forms' tokens. Kept in the workspace, so every review server of it signs
  // alike: a form rendered by one is accepted by another behind the same balancer, and a restart
  // leaves open forms valid. Read once per app (it never changes).
  let secret: Promise<Buffer> | undefined;
  const formSecret = (): Promise<Buffer> => {
    if (!secret) {
      secret = accounts.formSecret();
      // A database that did not answer: ask again next time.
      secret.catch(() => (secret = undefined));
    }
    return secret;
  };

  const showForm = async (c: Context<AppEnv>, status: 200 | 401 | 403 | 429, extra: { error?: string; name?: string } = {}) => {
    // Reuse a well-formed token already set: a second sign-in tab (or a stray redirect) must not invalidate the first form.
    const existing = getCookie(c, LOGIN_CSRF_COOKIE);
    const nonce = existing && /^[A-Za-z0-9_-]{43}$/.test(existing) ? existing : newToken();
    setCookie(c, LOGIN_CSRF_COOKIE, nonce, { httpOnly: true, sameSite: 'Strict', secure: options.secure, path: '/login', maxAge: 3600 });
    return c.html(loginPage(signedToken(await formSecret(), nonce), { ...extra, next: c.req.query('next') }), status);
  };

  app.get('/login', (c) => showForm(c, 200));

  // Cross-site posts (by Origin or Sec-Fetch-Site) get 403 before the token is even read.
  const sameSite = csrf({ secFetchSite: ['same-origin', 'none'] });
  const refuseCrossSite: MiddlewareHandler<AppEnv> = async (c, next) => {
    try {
      return await sameSite(c, next);
    } catch (error) {
      if (error instanceof HTTPException && error.status === 403) return showForm(c, 403, { error: 'The sign-in form did not come from this site. Please try again.' });
      throw error;
    }
  };
  app.post('/login', refuseCrossSite, async (c) => {
    const fields = await formFields(c);
    if (!checkSignedToken(await formSecret(), getCookie(c, LOGIN_CSRF_COOKIE), fields._csrf)) {
      return showForm(c, 403, { error: 'The sign-in form expired or did not come from this site. Please try again.' });
    }
    const name = accounts.typedName(fields.name ?? '');
    const address = options.clientAddress(c);
    const wait = await options.throttle.retryAfter(name, address);
    if (wait > 0) {
      c.header('Retry-After', String(Math.ceil(wait / 1000)));
      return showForm(c, 429, { name, error: `Too many failed sign-ins. Try again in ${Math.ceil(wait / 1000)} seconds.` });
    }
    // A session the browser already had ends here (the service sweeps expired ones too).
    const signed = await accounts.signIn(name, fields.password ?? '', { address, previousToken: getCookie(c, cookieName) });
    if (!signed.ok) {
      await options.throttle.failed(name, address);
      return showForm(c, 401, { name, error: signed.problem.message });
    }
    await options.throttle.succeeded(name, address);
    deleteCookie(c, LOGIN_CSRF_COOKIE, { path: '/login', secure: options.secure });
    setCookie(c, cookieName, signed.value.token, { httpOnly: true, sameSite: 'Strict', secure: options.secure, path: '/' });
    return c.redirect(safeNext(c.req.query('next')), 303);
  });

  app.post('/logout', sessionGate(options), csrfGuard, async (c) => {
    const done = await accounts.signOut(getCookie(c, cookieName), c.get('user').name);
    if (!done.ok) return c.text(done.problem.message, 500);
    deleteCookie(c, cookieName, { path: '/', secure: options.secure });
    return c.redirect('/login', 303);
  });

  return app;
}

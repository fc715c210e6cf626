/**
 * @module
 * The gates every request passes, in order: security headers (Hono's
 * secure-headers: CSP, Permissions-Policy, HSTS with `--secure`); refusal of any
 * path that tries to climb or smuggle separators (404); the session gate
 * (everything but the login page and static assets); the CSRF check on every
 * state-changing method; and per-route capability checks.
 */
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { deleteCookie, getCookie } from 'hono/cookie';
import type { MiddlewareHandler } from 'hono';
import { getSession } from '../../workspace/store/index.ts';
import type { AppEnv, ReviewOptions } from '../context.ts';
import { formFields, wantsJson } from '../context.ts';
import { can } from './roles.ts';
import type { Capability } from './roles.ts';
import { sameToken } from './tokens.ts';

export function sessionCookieName(secure: boolean): string {
  // `__Host-` makes the browser refuse the cookie unless it is Secure, host-only and Path=/.
  return secure ? '__Host-daylight-session' : 'daylight-session';
}

/** Features the review app never uses: no page of it may ask for them. */
const PERMISSIONS_POLICY = { camera: [], microphone: [], geolocation: [], usb: [], payment: [], serial: [], bluetooth: [], hid: [], displayCapture: [], browsingTopics: [] };

/**
 * Hono's secure-headers with the app's policy. `Strict-Transport-Security`
 * only with `secure` (served over HTTPS through a proxy): on plain HTTP it
 * would be ignored at best and lock a loopback host out of HTTP at worst.
 */
export function securityHeaders(secure: boolean): MiddlewareHandler {
  const headers = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    crossOriginOpenerPolicy: 'same-origin',
    crossOriginResourcePolicy: 'same-origin',
    strictTransportSecurity: secure ? 'max-age=31536000; includeSubDomains' : false,
    permissionsPolicy: PERMISSIONS_POLICY,
  });
  return async (c, next) => {
    await headers(c, next);
    // Pages and images show protected content: nothing may be kept by the browser or a proxy.
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
  };
}

/** `..`, encoded dots or slashes, backslashes and NULs never name anything here. */
const suspicious = /(^|\/)\.\.?(\/|$)|%2e|%2f|%5c|%00|\\|\0/i;

export const rejectTraversal: MiddlewareHandler = async (c, next) => {
  // The URL parser has already folded `..` away; the raw request line (under Node) still shows it.
  const raw = (c.env as { incoming?: { url?: string } } | undefined)?.incoming?.url ?? '';
  const parsed = c.req.url.slice(c.req.url.indexOf('/', c.req.url.indexOf('//') + 2));
  if (suspicious.test(raw.split('?')[0]) || suspicious.test(parsed.split('?')[0])) return c.text('Not found.', 404);
  await next();
};

export const limitBody = bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.text('The request body is too large.', 413) });

/** Loads the session from its cookie; without one, pages redirect to sign-in and everything else gets 401. */
export function sessionGate(options: ReviewOptions): MiddlewareHandler<AppEnv> {
  const cookie = sessionCookieName(options.secure);
  return async (c, next) => {
    const token = getCookie(c, cookie);
    const session = token ? await getSession(options.ws, token, { idleMs: options.idleMs }) : undefined;
    if (!session) {
      if (token) deleteCookie(c, cookie, { path: '/', secure: options.secure });
      // Only page loads go to the sign-in page; images, scripts and fetches just get 401.
      const dest = c.req.header('sec-fetch-dest');
      if (c.req.method === 'GET' && !wantsJson(c) && (dest === undefined || dest === 'document')) {
        const next = c.req.path === '/' ? '' : `?next=${encodeURIComponent(c.req.path)}`;
        return c.redirect(`/login${next}`, 303);
      }
      return c.json({ error: 'Sign in first.' }, 401);
    }
    c.set('user', session.user);
    c.set('viewer', { name: session.user.name, role: session.user.role, csrf: session.csrfSecret });
    await next();
  };
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A state-changing request must carry the session's CSRF token (form field `_csrf` or header `X-CSRF-Token`). */
export const csrfGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (safeMethods.has(c.req.method)) return next();
  const sent = c.req.header('x-csrf-token') ?? (await formFields(c))._csrf;
  const site = c.req.header('sec-fetch-site');
  if (!sameToken(sent, c.get('viewer').csrf) || (site !== undefined && site !== 'same-origin' && site !== 'none')) {
    return wantsJson(c) ? c.json({ error: 'The form has expired or did not come from this site. Reload the page.' }, 403) : c.text('The form has expired or did not come from this site. Reload the page and try again.', 403);
  }
  await next();
};

export function requireCapability(capability: Capability): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!can(c.get('user').role, capability)) {
      const message = `Your role (${c.get('user').role}) may not do this.`;
      return wantsJson(c) ? c.json({ error: message }, 403) : c.text(message, 403);
    }
    await next();
  };
}

/**
 * @module
 * The page shell every screen shares: one stylesheet and one script from this
 * server (no CDN), a skip link, the signed-in person and a sign-out form that
 * carries the CSRF token. Interpolations go through `hono/html`, which escapes them.
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { can } from '../auth/roles.ts';
import type { Role } from '../auth/roles.ts';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** Who is looking at the page, and the token their forms must carry. */
export interface Viewer {
  name: string;
  role: Role;
  csrf: string;
}

export function csrfField(viewer: Viewer): Html {
  return html`<input type="hidden" name="_csrf" value="${viewer.csrf}">`;
}

export function layout(title: string, viewer: Viewer | undefined, body: Html, options: { notice?: string; error?: string } = {}): Html {
  const nav = viewer
    ? html`<nav aria-label="Main">
        <a href="/queue">Queue</a>
        ${can(viewer.role, 'audit') ? html`<a href="/audit">Audit log</a>` : ''}
        ${can(viewer.role, 'users') ? html`<a href="/users">Users</a>` : ''}
      </nav>
      <div class="who">
        <span>Signed in as <strong>${viewer.name}</strong> (${viewer.role})</span>
        <form method="post" action="/logout">${csrfField(viewer)}<button type="submit">Sign out</button></form>
      </div>`
    : '';
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${viewer ? html`<meta name="csrf-token" content="${viewer.csrf}">` : ''}
<title>${title} · Daylight review</title>
<link rel="stylesheet" href="/static/review.css">
<script type="module" src="/static/review.js"></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top"><span class="brand">Daylight review</span>${nav}</header>
<main id="main" tabindex="-1">
${options.notice ? html`<p class="notice" role="status">${options.notice}</p>` : ''}
${options.error ? html`<p class="error" role="alert">${options.error}</p>` : ''}
${body}
</main>
<div id="live" class="visually-hidden" aria-live="polite"></div>
</body>
</html>`;
}

/** How many category colours review.css defines (.c0 … .c9). */
const PALETTE_SIZE = 10;

/**
 * A stable colour class per category. Colours live in the stylesheet because
 * the Content-Security-Policy forbids inline styles.
 */
export function categoryClass(category: string): string {
  let h = 0;
  for (const ch of category) h = (h * 31 + ch.codePointAt(0)!) >>> 0;
  return `c${h % PALETTE_SIZE}`;
}

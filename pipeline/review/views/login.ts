/**
 * @module
 * The sign-in page. Its form carries a pre-session CSRF token (double-submit with a cookie).
 */
import { html } from 'hono/html';
import { layout } from './layout.ts';
import type { Html } from './layout.ts';

export function loginPage(csrf: string, options: { error?: string; notice?: string; name?: string; next?: string } = {}): Html {
  return layout(
    'Sign in',
    undefined,
    html`<h1>Sign in</h1>
<form method="post" action="/login${options.next ? `?next=${encodeURIComponent(options.next)}` : ''}" class="login">
  <input type="hidden" name="_csrf" value="${csrf}">
  <label for="name">Name</label>
  <input id="name" name="name" autocomplete="username" required autofocus value="${options.name ?? ''}">
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit">Sign in</button>
</form>
<p class="hint">Accounts are created by an administrator with <code>daylight users add</code>; there is no default account.</p>`,
    options,
  );
}

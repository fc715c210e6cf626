/**
 * @module
 * The people page for admins: who may sign in, with which role, and a button to disable an account.
 * Accounts are created from the command line (`daylight users add`), where the password never touches a browser.
 */
import { html } from 'hono/html';
import { csrfField, layout } from './layout.ts';
import type { Html, Viewer } from './layout.ts';

export interface UserRowView {
  name: string;
  role: string;
  disabled: boolean;
  createdAt: string;
}

export function usersPage(viewer: Viewer, users: UserRowView[], notice?: string): Html {
  return layout(
    'Users',
    viewer,
    html`<h1>Users</h1>
<p class="hint">Add people with <code>daylight users add &lt;name&gt; --role clerk|approver|admin</code> (the password is read from standard input).</p>
<table>
<thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Created</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
<tbody>${users.map(
      (u) => html`<tr><th scope="row">${u.name}</th><td>${u.role}</td><td>${u.disabled ? 'disabled' : 'active'}</td><td>${u.createdAt}</td><td>${
        u.disabled || u.name === viewer.name
          ? ''
          : html`<form method="post" action="/users/disable">${csrfField(viewer)}<input type="hidden" name="name" value="${u.name}"><button type="submit" aria-label="Disable ${u.name}">Disable</button></form>`
      }</td></tr>`,
    )}</tbody>
</table>`,
    { notice },
  );
}

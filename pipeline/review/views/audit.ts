/**
 * @module
 * The audit page for admins: whether the hash chain verifies, then the log in
 * words, newest first, a page at a time, filterable by person, kind of action
 * and document (a plain GET form, so filters work without the script and the
 * URL can be shared). Each row names the document with a link; the entry's
 * hash is kept for anyone checking the chain.
 */
import { html } from 'hono/html';
import type { AuditLine } from '../history.ts';
import { layout } from './layout.ts';
import type { Html, Viewer } from './layout.ts';

export interface AuditView {
  chain: { ok: true; entries: number; headHash: string } | { ok: false; message: string };
  lines: AuditLine[];
  filters: { actor?: string; action?: string; document?: string };
  actors: string[];
  actions: { value: string; label: string }[];
  page: number;
  pages: number;
  total: number;
}

function time(at: string): string {
  return at.slice(0, 19).replace('T', ' ');
}

export function auditLine(line: AuditLine, withDocument = true): Html {
  return html`<tr>
<td class="when"><time datetime="${line.at}">${time(line.at)}</time></td>
<td><strong>${line.actor}</strong></td>
<td>${line.what}${line.note ? html`<div class="note">“${line.note}”</div>` : ''}</td>
${withDocument ? html`<td>${line.document ? html`<a href="/documents/${line.document.id}">${line.document.fileName}</a>` : html`<span class="muted">—</span>`}</td>` : ''}
<td class="hash"><span class="visually-hidden">Entry ${line.seq}, hash </span><code title="${line.hash}">${line.hash.slice(0, 10)}</code></td>
</tr>`;
}

export function auditPage(viewer: Viewer, view: AuditView): Html {
  const query = (page: number) => {
    const params = new URLSearchParams(Object.entries({ ...view.filters, page: String(page) }).filter((e): e is [string, string] => Boolean(e[1])));
    return `/audit?${params}`;
  };
  const option = (value: string, label: string, current?: string) => html`<option value="${value}"${value === current ? ' selected' : ''}>${label}</option>`;
  return layout(
    'Audit log',
    viewer,
    html`<h1>Audit log</h1>
${view.chain.ok
  ? html`<p class="notice" role="status">The hash chain verifies: ${view.chain.entries} entries, head <code>${view.chain.headHash.slice(0, 16)}…</code>.</p>`
  : html`<p class="error" role="alert">The audit log has been tampered with: ${view.chain.message}</p>`}
<form method="get" action="/audit" class="filters" aria-label="Filter the audit log">
  <div class="field"><label for="a-actor">Person</label><select id="a-actor" name="actor">${option('', 'Anyone', view.filters.actor)}${view.actors.map((a) => option(a, a, view.filters.actor))}</select></div>
  <div class="field"><label for="a-action">Action</label><select id="a-action" name="action">${option('', 'Any', view.filters.action)}${view.actions.map((a) => option(a.value, a.label, view.filters.action))}</select></div>
  ${view.filters.document ? html`<input type="hidden" name="document" value="${view.filters.document}">` : ''}
  <button type="submit">Filter</button>
  ${view.filters.actor || view.filters.action || view.filters.document ? html`<a href="/audit">Clear filters</a>` : ''}
</form>
<div class="table-wrap" tabindex="0" role="region" aria-label="Audit log table">
<table class="audit">
<caption>${view.total} entr${view.total === 1 ? 'y' : 'ies'}, newest first; page ${view.page} of ${Math.max(1, view.pages)}</caption>
<thead><tr><th scope="col">Time (UTC)</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Document</th><th scope="col">Entry</th></tr></thead>
<tbody>${view.lines.length ? view.lines.map((l) => auditLine(l)) : html`<tr><td colspan="5">Nothing matches these filters.</td></tr>`}</tbody>
</table>
</div>
<nav class="pager" aria-label="Audit pages">
${view.page > 1 ? html`<a href="${query(view.page - 1)}" rel="prev">Newer entries</a>` : ''}
${view.page < view.pages ? html`<a href="${query(view.page + 1)}" rel="next">Older entries</a>` : ''}
</nav>`,
  );
}

/**
 * @module
 * The audit page for admins: whether the hash chain verifies, then the newest entries.
 */
import { html } from 'hono/html';
import { layout } from './layout.ts';
import type { Html, Viewer } from './layout.ts';
import type { AuditEntry } from '../../workspace/audit-log.ts';

export type AuditRowView = Omit<AuditEntry, 'prevHash'>;

export interface AuditView {
  chain: { ok: true; entries: number; headHash: string } | { ok: false; message: string };
  rows: AuditRowView[];
  /** Seq to link "older entries" from, when there are more. */
  olderThan?: number;
}

export function auditPage(viewer: Viewer, view: AuditView): Html {
  return layout(
    'Audit log',
    viewer,
    html`<h1>Audit log</h1>
${view.chain.ok
  ? html`<p class="notice" role="status">The hash chain verifies: ${view.chain.entries} entries, head <code>${view.chain.headHash}</code>.</p>`
  : html`<p class="error" role="alert">The audit log has been tampered with: ${view.chain.message}</p>`}
<table class="audit">
<caption>Newest first</caption>
<thead><tr><th scope="col">#</th><th scope="col">Time (UTC)</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Subject</th><th scope="col">Details</th><th scope="col">Hash</th></tr></thead>
<tbody>${view.rows.map(
      (r) => html`<tr><td class="num">${r.seq}</td><td>${r.at}</td><td>${r.actor}</td><td>${r.action}</td><td class="subject">${r.subject ?? ''}</td><td><code class="details">${JSON.stringify(r.details)}</code></td><td><code>${r.hash.slice(0, 12)}…</code></td></tr>`,
    )}</tbody>
</table>
${view.olderThan !== undefined ? html`<p><a href="/audit?before=${view.olderThan}">Older entries</a></p>` : ''}`,
  );
}

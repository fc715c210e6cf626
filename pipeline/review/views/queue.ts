/**
 * @module
 * The queue: documents waiting for review with their findings counted per
 * category, filterable by batch, state and category (a plain GET form, so the
 * filters work without the script and the URL can be shared).
 */
import { html } from 'hono/html';
import { categoryClass, layout } from './layout.ts';
import type { Html, Viewer } from './layout.ts';

export interface QueueRow {
  id: string;
  fileName: string;
  batchName: string;
  state: string;
  pageCount: number;
  /** Redactions per category (all decisions). */
  counts: Record<string, number>;
  /** All redactions, and those still waiting for a decision. */
  findings: number;
  pending: number;
  createdAt: string;
  updatedAt: string;
  /** Who ran the batch. */
  batchBy: string;
  /** Who has claimed the document, if anyone. */
  claimedBy?: string;
}

export type QueueSort = 'age' | 'pages' | 'findings' | 'undecided';

export interface QueueFilters {
  batch?: string;
  state?: string;
  category?: string;
}

export interface QueueView {
  rows: QueueRow[];
  filters: QueueFilters;
  batches: { id: string; name: string }[];
  states: readonly string[];
  categories: { key: string; label: string }[];
}

function select(id: string, label: string, name: string, current: string | undefined, options: { value: string; label: string }[]): Html {
  return html`<div class="field"><label for="${id}">${label}</label>
<select id="${id}" name="${name}"><option value="">Any</option>${options.map((o) => html`<option value="${o.value}"${o.value === current ? ' selected' : ''}>${o.label}</option>`)}</select></div>`;
}

export function categoryChip(category: string, label: string, count?: number): Html {
  return html`<span class="chip ${categoryClass(category)}">${label}${count !== undefined ? html` <b>${count}</b>` : ''}</span>`;
}

/** The queue's content, the same for every viewer (so it can be cached between changes). */
export function queueBody(view: QueueView): Html {
  const labelOf = (key: string) => view.categories.find((c) => c.key === key)?.label ?? key;
  const rows = view.rows.map(
    (r) => html`<tr>
  <th scope="row"><a href="/documents/${r.id}">${r.fileName}</a></th>
  <td>${r.batchName}</td>
  <td><span class="state state-${r.state}">${r.state.replace('_', ' ')}</span></td>
  <td class="num">${r.pageCount}</td>
  <td class="num">${r.pending}</td>
  <td>${Object.entries(r.counts).length === 0 ? html`<span class="muted">none</span>` : Object.entries(r.counts).sort().map(([c, n]) => categoryChip(c, labelOf(c), n))}</td>
</tr>`,
  );
  return html`<h1>Review queue</h1>
<form method="get" action="/queue" class="filters" aria-label="Filter the queue">
  ${select('f-batch', 'Batch', 'batch', view.filters.batch, view.batches.map((b) => ({ value: b.id, label: b.name })))}
  ${select('f-state', 'State', 'state', view.filters.state, view.states.map((s) => ({ value: s, label: s.replace('_', ' ') })))}
  ${select('f-category', 'Category', 'category', view.filters.category, view.categories.map((c) => ({ value: c.key, label: c.label })))}
  <button type="submit">Filter</button>
</form>
<table class="queue">
<caption>${view.rows.length} document${view.rows.length === 1 ? '' : 's'}</caption>
<thead><tr><th scope="col">Document</th><th scope="col">Batch</th><th scope="col">State</th><th scope="col">Pages</th><th scope="col">Undecided</th><th scope="col">Redactions by category</th></tr></thead>
<tbody>${rows.length ? rows : html`<tr><td colspan="6">Nothing matches these filters.</td></tr>`}</tbody>
</table>`;
}

/** `body` is `queueBody(...)`, possibly cached as an already escaped string. */
export function queuePage(viewer: Viewer, body: Html): Html {
  return layout('Review queue', viewer, body);
}

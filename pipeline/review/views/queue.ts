/**
 * @module
 * The queue: documents waiting for review with their findings counted per
 * category, sortable by age, pages, redactions and undecided, filterable by
 * batch, state, category and "waiting for me", with who has claimed each (a plain GET form, so the
 * filters work without the script and the URL can be shared).
 */
import { html } from 'hono/html';
import { categoryClass, layout } from './layout.ts';
import type { Html, Viewer } from './layout.ts';

export interface QueueRow {
  id: string;
  fileName: string;
  batchId: string;
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
  filters: QueueFilters & { mine?: boolean; sort?: QueueSort; desc?: boolean };
  batches: { id: string; name: string }[];
  states: readonly string[];
  categories: { key: string; label: string }[];
  /** "now", for ages; passed in so a cached page says how old it is honestly. */
  now: number;
}

function select(id: string, label: string, name: string, current: string | undefined, options: { value: string; label: string }[]): Html {
  return html`<div class="field"><label for="${id}">${label}</label>
<select id="${id}" name="${name}"><option value="">Any</option>${options.map((o) => html`<option value="${o.value}"${o.value === current ? ' selected' : ''}>${o.label}</option>`)}</select></div>`;
}

export function categoryChip(category: string, label: string, count?: number): Html {
  return html`<span class="chip ${categoryClass(category)}">${label}${count !== undefined ? html` <b>${count}</b>` : ''}</span>`;
}

export function age(from: string, now: number): string {
  const minutes = Math.max(0, Math.round((now - Date.parse(from)) / 60000));
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h`;
  return `${Math.round(minutes / 1440)} days`;
}

const SORTS: { key: QueueSort; label: string }[] = [
  { key: 'age', label: 'Age' },
  { key: 'pages', label: 'Pages' },
  { key: 'findings', label: 'Redactions' },
  { key: 'undecided', label: 'Undecided' },
];

/** The queue's content; the same for every viewer unless "waiting for me" is chosen (so it can be cached between changes). */
export function queueBody(view: QueueView): Html {
  const f = view.filters;
  const labelOf = (key: string) => view.categories.find((c) => c.key === key)?.label ?? key;
  const link = (sort: QueueSort, desc: boolean) => {
    const params = new URLSearchParams(Object.entries({ batch: f.batch, state: f.state, category: f.category, mine: f.mine ? '1' : undefined, sort, dir: desc ? 'desc' : undefined }).filter((e): e is [string, string] => Boolean(e[1])));
    return `/queue?${params}`;
  };
  const header = (sort: QueueSort, label: string) => {
    const active = (f.sort ?? 'age') === sort;
    // Age sorts oldest first; counts sort largest first on the first click.
    const desc = active ? !f.desc : sort !== 'age';
    return html`<th scope="col" class="num"${active ? html` aria-sort="${f.desc ? 'descending' : 'ascending'}"` : ''}><a href="${link(sort, desc)}">${label}${active ? (f.desc ? ' ↓' : ' ↑') : ''}</a></th>`;
  };
  const rows = view.rows.map(
    (r) => html`<tr>
  <th scope="row"><a href="/documents/${r.id}">${r.fileName}</a></th>
  <td><a href="/batches/${r.batchId}/values" title="Values across ${r.batchName}: one decision per value">${r.batchName}</a></td>
  <td><span class="state state-${r.state}">${r.state.replace('_', ' ')}</span></td>
  <td class="num">${age(r.createdAt, view.now)}</td>
  <td class="num">${r.pageCount}</td>
  <td class="num">${r.findings}</td>
  <td class="num">${r.pending}</td>
  <td>${r.claimedBy ?? html`<span class="muted">nobody</span>`}</td>
  <td>${Object.entries(r.counts).length === 0 ? html`<span class="muted">none</span>` : Object.entries(r.counts).sort().map(([c, n]) => categoryChip(c, labelOf(c), n))}</td>
</tr>`,
  );
  return html`<h1>Review queue</h1>
<form method="get" action="/queue" class="filters" aria-label="Filter the queue">
  ${select('f-batch', 'Batch', 'batch', f.batch, view.batches.map((b) => ({ value: b.id, label: b.name })))}
  ${select('f-state', 'State', 'state', f.state, view.states.map((s) => ({ value: s, label: s.replace('_', ' ') })))}
  ${select('f-category', 'Category', 'category', f.category, view.categories.map((c) => ({ value: c.key, label: c.label })))}
  <div class="field check"><input type="checkbox" id="f-mine" name="mine" value="1"${f.mine ? ' checked' : ''}><label for="f-mine">Waiting for me</label></div>
  ${f.sort && f.sort !== 'age' ? html`<input type="hidden" name="sort" value="${f.sort}">` : ''}${f.desc ? html`<input type="hidden" name="dir" value="desc">` : ''}
  <button type="submit">Filter</button>
</form>
<p><a href="/next" class="next">Open the next document waiting for me</a>${f.batch ? html` · <a href="/batches/${f.batch}/values">Decide values across ${view.batches.find((b) => b.id === f.batch)?.name ?? 'this batch'}</a>` : ''}</p>
<p class="hint">A batch's name opens its values: each value found in its documents once, with one decision for all of them.</p>
<div class="table-wrap" tabindex="0" role="region" aria-label="Queue table">
<table class="queue">
<caption>${view.rows.length} document${view.rows.length === 1 ? '' : 's'}; sort by a column's heading</caption>
<thead><tr><th scope="col">Document</th><th scope="col">Batch</th><th scope="col">State</th>${SORTS.map((s) => header(s.key, s.label))}<th scope="col">Claimed by</th><th scope="col">Redactions by category</th></tr></thead>
<tbody>${rows.length ? rows : html`<tr><td colspan="9">Nothing matches these filters.</td></tr>`}</tbody>
</table>
</div>`;
}

/** `body` is `queueBody(...)`, possibly cached as an already escaped string. */
export function queuePage(viewer: Viewer, body: Html, notice?: string): Html {
  return layout('Review queue', viewer, body, { notice });
}

/**
 * @module
 * The batch values page: every value (category and text) found in the open
 * documents of a batch, once, with its count, documents and pages. One
 * decision applies to every occurrence in every document (`a`/`r`, or the
 * card's buttons); "decide one document alone" splits a document out, and
 * each document's page splits out single occurrences. Same card layout and
 * keys as the document page (the page script reads `data-decide` and
 * `data-undo` for the batch's API paths).
 */
import { html } from 'hono/html';
import type { BatchValue, BatchValuesView } from '../batch-values.ts';
import { categoryClass, csrfField, layout } from './layout.ts';
import type { Html, Viewer } from './layout.ts';
import { decideForm, decisionLabel, evidenceLine, plural } from './document.ts';

function words(value: BatchValue): Html {
  const w = value.words;
  if (!w || w.text === '') return html`<p class="words muted">No words under this box (a picture, signature or mark).</p>`;
  return html`<p class="words">${w.before ? html`<span class="ctx">…${w.before} </span>` : ''}<mark>${w.text}</mark>${w.after ? html`<span class="ctx"> ${w.after}…</span>` : ''}</p>`;
}

/** One span per redaction, carrying its decision, for the page script to recompute a card's state. */
function hiddenIds(d: BatchValue['documents'][number]): Html {
  return html`${d.ids.map((id) => html`<span data-id="${d.id}/${id}" class="d-${d.decision}" hidden></span>`)}`;
}

/** A value found in one document only: where it is, and a link there (a single occurrence is split out on that page). */
function oneDocument(value: BatchValue): Html {
  const d = value.documents[0];
  return html`<span>In <a href="/documents/${d.id}#g-${value.key}">${d.fileName}</a>${d.claimedBy ? html` <span class="muted">(held by ${d.claimedBy})</span>` : ''}</span>${hiddenIds(d)}`;
}

function valueCard(viewer: Viewer, view: BatchValuesView, value: BatchValue, index: number): Html {
  const base = `/batches/${view.batch.id}/values/${value.key}`;
  const title = `v-${value.key}-title`;
  const ids = value.documents.flatMap((d) => d.ids.map((id) => `${d.id}/${id}`));
  const pages = value.documents.length === 1 ? `p. ${value.documents[0].pages.join(', ')}` : plural(value.documents.length, 'document');
  return html`<li class="item ${categoryClass(value.category)} d-${value.decision}" id="v-${value.key}" data-key="${value.key}" data-ids="${ids.join(' ')}" data-decide="/api${base}/decision" tabindex="-1" aria-labelledby="${title}">
  <div class="head"><h3 id="${title}"><span class="n">${index + 1}.</span> ${value.categoryLabel} <span class="code">${value.exemptionCode}</span>${value.count > 1 ? html` <span class="count">×${value.count}</span>` : ''} <span class="pages">${pages}</span></h3>
  <span class="decision" data-role="decision">${decisionLabel[value.decision]}</span>
  ${view.mayDecide ? decideForm(`${base}/decision`, title, viewer, value.count > 1 ? ` all ${value.count}` : '') : ''}</div>
  ${words(value)}
  <div class="more">${evidenceLine(value)}
  ${value.documents.length === 1 ? oneDocument(value) : html`<details class="occurrences"><summary>${plural(value.documents.length, 'document')}: decide one alone</summary><ol>${value.documents.map(
    (d) => html`<li data-ids="${d.ids.map((id) => `${d.id}/${id}`).join(' ')}" class="d-${d.decision}"><span id="v-${value.key}-${d.id}"><a href="/documents/${d.id}#g-${value.key}">${d.fileName}</a> p. ${d.pages.join(', ')}${d.ids.length > 1 ? ` ×${d.ids.length}` : ''}</span> · <span data-role="decision">${decisionLabel[d.decision]}</span>${d.claimedBy && d.claimedBy !== viewer.name ? html` <span class="muted">(held by ${d.claimedBy})</span>` : ''}
      ${hiddenIds(d)}
      ${view.mayDecide ? decideForm(`/documents/${d.id}/values/${value.key}/decision`, `v-${value.key}-${d.id}`, viewer, ` in ${d.fileName} only`, html`<input type="hidden" name="back" value="batch">`) : ''}</li>`,
  )}</ol></details>`}</div>
</li>`;
}

export function batchValuesPage(viewer: Viewer, view: BatchValuesView, options: { notice?: string; error?: string } = {}): Html {
  const undecided = view.values.filter((v) => v.decision === 'proposed' || v.decision === 'mixed').length;
  const shared = view.values.filter((v) => v.documents.length > 1).length;
  return layout(
    `Values across ${view.batch.name}`,
    viewer,
    html`<div class="doc-head">
<p><a href="/queue?batch=${view.batch.id}">Back to the queue of ${view.batch.name}</a></p>
<h1>Values across batch ${view.batch.name}</h1>
<p>${plural(view.values.length, 'value')} in ${plural(view.documents, 'open document')} (${shared} found in more than one)${view.closed ? `; ${plural(view.closed, 'other document')} of the batch ${view.closed === 1 ? 'is' : 'are'} not open for review and not counted` : ''}. One decision covers every occurrence in every open document; documents someone else holds are left out and named.</p>
<p class="keys" id="keys">Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous value, <kbd>a</kbd> accept and <kbd>r</kbd> reject everywhere (then move on), <kbd>u</kbd> undo your last change in this batch, <kbd>Enter</kbd> next document waiting for you.</p>
</div>
<div class="batch-values" data-batch="${view.batch.id}" data-undo="/api/batches/${view.batch.id}/undo" data-undecided="${undecided}">
<section aria-labelledby="values-h" class="panel"><h2 id="values-h">Values to decide (${view.values.length})</h2>
<p class="progress" data-role="progress">${undecided === 0 ? 'Every value is decided.' : `${plural(undecided, 'value')} still undecided.`}</p>
${view.mayDecide ? html`<form method="post" action="/batches/${view.batch.id}/undo" class="inline">${csrfField(viewer)}<button type="submit" class="secondary" aria-keyshortcuts="u">Undo my last change in this batch</button></form>` : ''}
${view.values.length ? html`<ol class="items" aria-describedby="keys">${view.values.map((v, i) => valueCard(viewer, view, v, i))}</ol>` : html`<p>No redactions in the open documents of this batch.</p>`}
</section>
<p><a href="/next" class="next" data-role="next">Open the next document waiting for me</a></p>
</div>`,
    options,
  );
}

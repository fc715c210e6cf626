/**
 * @module
 * The document page: each page image with the redaction boxes drawn over it
 * (colour per category, exemption code on each), the list of redactions with
 * their reasons, and the forms to decide, draw, apply across the batch, approve
 * or send back. Every action is a plain form POST, so it works without the
 * script; `review.js` adds keyboard shortcuts, in-place decisions and drawing.
 * The SVG overlay uses page points as its coordinates, so boxes need no scaling.
 */
import { html } from 'hono/html';
import { can } from '../auth/roles.ts';
import { categoryClass, csrfField, layout } from './layout.ts';
import type { Html, Viewer } from './layout.ts';
import type { Decision, PageBox } from '../../model/types.ts';

export interface ReviewItem {
  id: string;
  category: string;
  categoryLabel: string;
  /** Policy key, e.g. "b6". */
  exemption: string;
  /** As printed, e.g. "(b)(6)". */
  exemptionCode: string;
  decision: Decision;
  reason: string;
  detector?: string;
  /** 0..1 */
  score?: number;
  origin: 'detector' | 'reviewer';
  boxes: PageBox[];
  createdBy: string;
  decidedBy?: string;
}

export interface DocumentView {
  id: string;
  fileName: string;
  batchName: string;
  state: string;
  pages: { number: number; width: number; height: number }[];
  items: ReviewItem[];
  /** With the exemption the policy gives each category. */
  categories: { key: string; label: string; exemption: string }[];
  exemptions: { key: string; code: string; label: string }[];
  /** Findings the policy keeps (no box proposed), for the reviewer to promote if the policy is wrong here. */
  kept: { id: string; categoryLabel: string; exemptionCode: string; reason: string; detector: string; score: number; page: number }[];
  /** Why this viewer may not approve now (empty when they may). */
  approvalBlockers: string[];
  approval?: { sha256: string; approver: string; at: string };
  sentBack?: { by: string; at: string; comment: string };
}

const decisionLabel: Record<Decision, string> = { proposed: 'Undecided', accepted: 'Accepted', rejected: 'Rejected' };

function boxSvg(item: ReviewItem, page: number): Html[] {
  return item.boxes
    .filter((b) => b.page === page)
    .map(({ box: [x0, y0, x1, y1] }) => {
      // The code sits just above the box, so the words under review stay readable.
      const size = 8;
      const above = y0 - size - 1 >= 0;
      return html`<g class="box ${categoryClass(item.category)} d-${item.decision}" data-id="${item.id}"><rect x="${x0.toFixed(2)}" y="${y0.toFixed(2)}" width="${(x1 - x0).toFixed(2)}" height="${(y1 - y0).toFixed(2)}"></rect><text x="${x0.toFixed(2)}" y="${(above ? y0 - 1.2 : y1 + size).toFixed(2)}" font-size="${size}">${item.exemptionCode}</text></g>`;
    });
}

function pageFigure(view: DocumentView, page: DocumentView['pages'][number]): Html {
  const onPage = view.items.filter((i) => i.boxes.some((b) => b.page === page.number));
  const alt = `Page ${page.number} of ${view.pages.length} of ${view.fileName}, with ${onPage.length} redaction${onPage.length === 1 ? '' : 's'} marked; they are listed under Redactions.`;
  return html`<figure class="page" id="page-${page.number}" data-page="${page.number}" data-width="${page.width}" data-height="${page.height}">
  <div class="sheet">
    <img src="/documents/${view.id}/pages/${page.number}.png" width="${Math.round(page.width)}" height="${Math.round(page.height)}" alt="${alt}"${page.number > 2 ? ' loading="lazy"' : ''}>
    <svg class="overlay" viewBox="0 0 ${page.width} ${page.height}" preserveAspectRatio="none" aria-hidden="true">${onPage.flatMap((i) => boxSvg(i, page.number))}</svg>
  </div>
  <figcaption>Page ${page.number}</figcaption>
</figure>`;
}

function itemRow(viewer: Viewer, view: DocumentView, item: ReviewItem, index: number): Html {
  const action = `/documents/${view.id}/redactions/${item.id}`;
  const open = view.state === 'in_review' || view.state === 'sent_back';
  const pages = [...new Set(item.boxes.map((b) => b.page))].join(', ');
  return html`<li class="item ${categoryClass(item.category)} d-${item.decision}" id="r-${item.id}" data-id="${item.id}" tabindex="-1" aria-labelledby="r-${item.id}-title">
  <h3 id="r-${item.id}-title"><span class="n">${index + 1}.</span> ${item.categoryLabel} <span class="code">${item.exemptionCode}</span></h3>
  <p class="decision" data-role="decision">${decisionLabel[item.decision]}${item.decidedBy && item.decision !== 'proposed' ? html` by ${item.decidedBy}` : ''}</p>
  <dl>
    <dt>Reason</dt><dd>${item.reason || '—'}</dd>
    <dt>Detector</dt><dd>${item.detector ?? html`added by ${item.createdBy}`}</dd>
    <dt>Confidence</dt><dd>${item.score !== undefined ? `${Math.round(item.score * 100)}%` : '—'}</dd>
    <dt>Page</dt><dd>${pages}</dd>
  </dl>
  <div class="actions">
  ${open && can(viewer.role, 'decide')
    ? html`<form method="post" action="${action}/decision" class="decide">${csrfField(viewer)}
      <button type="submit" name="decision" value="accepted" aria-keyshortcuts="a" aria-describedby="r-${item.id}-title">Accept</button>
      <button type="submit" name="decision" value="rejected" aria-keyshortcuts="r" aria-describedby="r-${item.id}-title">Reject</button></form>`
    : ''}
  ${open && can(viewer.role, 'propose')
    ? html`<form method="post" action="${action}/everywhere">${csrfField(viewer)}<button type="submit" class="secondary" aria-describedby="r-${item.id}-title">Apply to every occurrence in this batch</button></form>`
    : ''}
  </div>
</li>`;
}

/** Each category carries the policy's exemption for it; the script preselects that code when the category changes. */
function kept(viewer: Viewer, view: DocumentView, open: boolean): Html {
  if (view.kept.length === 0) return html``;
  return html`<section aria-labelledby="kept-h" class="panel"><h2 id="kept-h">Kept by the policy (${view.kept.length})</h2>
<p class="hint">Found, but the policy keeps these categories. Redact one if it must not be released here.</p>
<ul class="items">${view.kept.map(
    (k) => html`<li class="item kept"><h3 id="k-${k.id}">${k.categoryLabel} <span class="code">${k.exemptionCode}</span></h3>
<dl><dt>Reason</dt><dd>${k.reason}</dd><dt>Detector</dt><dd>${k.detector}</dd><dt>Confidence</dt><dd>${Math.round(k.score * 100)}%</dd><dt>Page</dt><dd>${k.page}</dd></dl>
${open && can(viewer.role, 'propose') ? html`<form method="post" action="/documents/${view.id}/findings/${k.id}/redact">${csrfField(viewer)}<button type="submit" aria-describedby="k-${k.id}">Redact this</button></form>` : ''}</li>`,
  )}</ul></section>`;
}

function categorySelect(id: string, view: DocumentView): Html {
  return html`<select id="${id}" name="category" required data-exemption-for="${id.replace('category', 'exemption')}">${view.categories.map((c) => html`<option value="${c.key}" data-exemption="${c.exemption}">${c.label}</option>`)}</select>`;
}

function exemptionSelect(id: string, view: DocumentView): Html {
  const first = view.categories[0]?.exemption;
  return html`<select id="${id}" name="exemption" required>${view.exemptions.map((e) => html`<option value="${e.key}"${e.key === first ? ' selected' : ''}>${e.code} ${e.label}</option>`)}</select>`;
}

export function documentPage(viewer: Viewer, view: DocumentView, options: { notice?: string; error?: string } = {}): Html {
  const base = `/documents/${view.id}`;
  const present = [...new Set(view.items.map((i) => i.category))].sort();
  const open = view.state === 'in_review' || view.state === 'sent_back';
  const bulk = can(viewer.role, 'decide') && open && present.length > 0
    ? html`<section aria-labelledby="bulk-h" class="panel"><h2 id="bulk-h">By category</h2>
<form method="post" action="${base}/bulk">${csrfField(viewer)}
  <label for="bulk-category">Category</label>
  <select id="bulk-category" name="category">${present.map((c) => html`<option value="${c}">${view.items.find((i) => i.category === c)!.categoryLabel} (${view.items.filter((i) => i.category === c).length})</option>`)}</select>
  <button type="submit" name="decision" value="accepted">Accept all</button>
  <button type="submit" name="decision" value="rejected">Reject all</button>
</form></section>`
    : '';
  const draw = can(viewer.role, 'propose') && open
    ? html`<section aria-labelledby="draw-h" class="panel"><h2 id="draw-h">Add a redaction</h2>
<form method="post" action="${base}/redactions" id="draw-form">${csrfField(viewer)}
  <p class="hint" id="draw-hint">Drag on a page to draw a box; it snaps to the words it touches. Then pick the category and code and press Add box.</p>
  <input type="hidden" name="page" value="">
  <input type="hidden" name="x0" value=""><input type="hidden" name="y0" value=""><input type="hidden" name="x1" value=""><input type="hidden" name="y1" value="">
  <p class="drawn" data-role="drawn" aria-live="polite">No box drawn yet.</p>
  <label for="draw-category">Category</label>${categorySelect('draw-category', view)}
  <label for="draw-exemption">Exemption code</label>${exemptionSelect('draw-exemption', view)}
  <label for="draw-reason">Reason</label><input id="draw-reason" name="reason" maxlength="500" required>
  <button type="submit" disabled data-role="draw-submit">Add box</button>
</form>
<form method="post" action="${base}/phrase">${csrfField(viewer)}
  <p class="hint">Or redact every occurrence of a phrase in this document (works from the keyboard).</p>
  <label for="phrase-text">Phrase</label><input id="phrase-text" name="text" maxlength="500" required>
  <label for="phrase-category">Category</label>${categorySelect('phrase-category', view)}
  <label for="phrase-exemption">Exemption code</label>${exemptionSelect('phrase-exemption', view)}
  <label for="phrase-reason">Reason</label><input id="phrase-reason" name="reason" maxlength="500" required>
  <button type="submit">Redact phrase</button>
</form></section>`
    : '';
  const sign = can(viewer.role, 'sign') && open
    ? html`<section aria-labelledby="sign-h" class="panel sign"><h2 id="sign-h">Sign off</h2>
${view.approvalBlockers.length ? html`<ul class="blockers" id="blockers">${view.approvalBlockers.map((b) => html`<li>${b}</li>`)}</ul>` : ''}
<form method="post" action="${base}/approve">${csrfField(viewer)}
  <button type="submit" class="primary"${view.approvalBlockers.length ? html` aria-describedby="blockers"` : ''}>Approve for release</button>
</form>
<form method="post" action="${base}/send-back">${csrfField(viewer)}
  <label for="send-back-comment">Comment for the clerk</label>
  <textarea id="send-back-comment" name="comment" rows="3" maxlength="2000" required></textarea>
  <button type="submit">Send back</button>
</form></section>`
    : '';
  return layout(
    view.fileName,
    viewer,
    html`<div class="doc-head">
<h1>${view.fileName}</h1>
<p>Batch <strong>${view.batchName}</strong> · <span class="state state-${view.state}">${view.state.replace('_', ' ')}</span> · ${view.pages.length} page${view.pages.length === 1 ? '' : 's'} · <a href="${base}/original">Original file</a></p>
${view.approval ? html`<p class="approved" role="status">Approved by <strong>${view.approval.approver}</strong> at ${view.approval.at}; artifact SHA-256 <code>${view.approval.sha256}</code>.</p>` : ''}
${view.sentBack ? html`<div class="sent-back"><p>Sent back by <strong>${view.sentBack.by}</strong> at ${view.sentBack.at}: ${view.sentBack.comment}</p>
${can(viewer.role, 'propose') ? html`<form method="post" action="${base}/requeue">${csrfField(viewer)}<button type="submit">Return to the review queue</button></form>` : ''}</div>` : ''}
<p class="keys" id="keys">Keys: <kbd>j</kbd>/<kbd>↓</kbd> next, <kbd>k</kbd>/<kbd>↑</kbd> previous, <kbd>a</kbd> accept, <kbd>r</kbd> reject.</p>
</div>
<div class="review" data-document="${view.id}">
<section class="pages" aria-label="Pages">${view.pages.map((p) => pageFigure(view, p))}</section>
<aside class="side">
${sign}
<section aria-labelledby="items-h" class="panel"><h2 id="items-h">Redactions (${view.items.length})</h2>
<ol class="items" aria-describedby="keys">${view.items.map((item, i) => itemRow(viewer, view, item, i))}</ol>
</section>
${kept(viewer, view, open)}
${bulk}
${draw}
</aside>
</div>`,
    options,
  );
}

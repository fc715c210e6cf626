/**
 * @module
 * The document page. Left: the pages, each with its redaction boxes drawn just
 * outside the words (never over them) and the exemption codes in a gutter to
 * the right of the page, with zoom and a text view. Right: sign-off first
 * (Approve is disabled with the reason when this viewer cannot approve), then
 * one card per *value* (identical text in the same category, decided once),
 * each showing the words it covers in context, or a zoomed crop of a scan.
 * Every action is a plain form POST, so it works without the script;
 * `review.js` adds the keys (j/k, a/r decide and move on, u undo, Enter next),
 * decisions in place, drawing with the mouse and marking selected words.
 * The SVG overlay uses page points as its coordinates, so boxes need no scaling.
 */
import { html } from 'hono/html';
import { can } from '../auth/roles.ts';
import { categoryClass, csrfField, layout } from './layout.ts';
import type { Html, Viewer } from './layout.ts';
import type { Decision, PageBox, PageSource } from '../../model/types.ts';
import type { Changes } from '../changes.ts';

export interface ReviewItem {
  id: string;
  category: string;
  categoryLabel: string;
  /** Policy key, e.g. "b6". */
  exemption: string;
  /** As printed, e.g. "(b)(6)". */
  exemptionCode: string;
  /** Category and exemption in words: "Person name: withheld as personal privacy, (b)(6)." */
  plainReason: string;
  /** The exemption alone in words, for the compact card (its title names category and code): "Withheld as personal privacy." */
  withheldAs: string;
  decision: Decision;
  /** The detector's evidence or the reviewer's own reason. */
  reason: string;
  detector?: string;
  /** 0..1 */
  score?: number;
  origin: 'detector' | 'reviewer';
  boxes: PageBox[];
  pages: number[];
  createdBy: string;
  decidedBy?: string;
  /** A rejected automatic redaction waiting for a second person's "Confirm rejection". */
  awaitsConfirmation?: boolean;
  /** The words under the boxes (first page) with a few words either side; undefined without a document model. */
  words?: { before: string; text: string; after: string };
  /** On a scanned (OCR) page: shown as a zoomed crop of the page image too. */
  scan: boolean;
}

/** Redactions of one value (same category, same text): one decision applies to all of them. */
export interface ValueGroup {
  key: string;
  category: string;
  categoryLabel: string;
  exemptionCode: string;
  decision: Decision | 'mixed';
  items: ReviewItem[];
  pages: number[];
  /** The same value in the batch's other open documents (one decision can cover them all). */
  elsewhere?: { documents: number; count: number };
}

export interface DocumentView {
  id: string;
  fileName: string;
  batchId: string;
  batchName: string;
  state: string;
  /** Redactions may still change. */
  open: boolean;
  pages: { number: number; width: number; height: number; source: PageSource; text: string; marks: { start: number; end: number; id: string }[] }[];
  items: ReviewItem[];
  groups: ValueGroup[];
  /** With the exemption the policy gives each category. */
  categories: { key: string; label: string; exemption: string }[];
  exemptions: { key: string; code: string; label: string }[];
  /** Findings the policy keeps (no box proposed), for the reviewer to promote if the policy is wrong here. */
  kept: { id: string; categoryLabel: string; exemptionCode: string; reason: string; text: string; detector: string; score: number; page: number }[];
  /** Why this viewer may not approve now (empty when they may). */
  approvalBlockers: string[];
  approval?: { sha256: string; approver: string; at: string };
  sentBack?: { by: string; at: string; comment: string };
  claim?: { by: string; at: string };
  /** Active clerks and approvers the document can be assigned to. */
  assignees: string[];
  /** What others did since this viewer last looked (per viewer, like the blockers). */
  changes?: Changes;
}

export const decisionLabel: Record<Decision | 'mixed', string> = { proposed: 'Undecided', accepted: 'Accepted', rejected: 'Rejected', mixed: 'Mixed' };
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
/** Width of the label gutter to the right of each page, as a share of the page width (the CSS sizes the image to match). */
export const GUTTER = 0.12;
/** Boxes are drawn this far outside the words, so their outline never crosses a glyph. */
const PAD = 2;

function boxSvg(item: ReviewItem, page: DocumentView['pages'][number]): Html[] {
  return item.boxes
    .filter((b) => b.page === page.number)
    .map(({ box: [x0, y0, x1, y1] }) => {
      const size = Math.max(7, Math.min(11, page.width / 60));
      const gx = page.width + 4;
      return html`<g class="box ${categoryClass(item.category)} d-${item.decision}" data-id="${item.id}"><title>${item.categoryLabel} ${item.exemptionCode}: ${decisionLabel[item.decision]}</title><rect x="${(x0 - PAD).toFixed(2)}" y="${(y0 - PAD).toFixed(2)}" width="${(x1 - x0 + 2 * PAD).toFixed(2)}" height="${(y1 - y0 + 2 * PAD).toFixed(2)}"></rect><line class="tick" x1="${page.width}" x2="${gx - 1}" y1="${((y0 + y1) / 2).toFixed(2)}" y2="${((y0 + y1) / 2).toFixed(2)}"></line><text x="${gx}" y="${((y0 + y1) / 2 + size / 3).toFixed(2)}" font-size="${size.toFixed(1)}">${item.exemptionCode}</text></g>`;
    });
}

function pageFigure(view: DocumentView, page: DocumentView['pages'][number]): Html {
  const onPage = view.items.filter((i) => i.pages.includes(page.number));
  const alt = `Page ${page.number} of ${view.pages.length} of ${view.fileName}, with ${plural(onPage.length, 'redaction')} marked; they are listed beside the pages.`;
  const width = page.width * (1 + GUTTER);
  return html`<figure class="page" id="page-${page.number}" data-page="${page.number}" data-width="${page.width}" data-height="${page.height}">
  <div class="sheet">
    <img src="/documents/${view.id}/pages/${page.number}.png" width="${Math.round(page.width)}" height="${Math.round(page.height)}" alt="${alt}"${page.number > 2 ? ' loading="lazy"' : ''}>
    <svg class="overlay" viewBox="0 0 ${width.toFixed(2)} ${page.height}" preserveAspectRatio="xMinYMin meet" aria-hidden="true"><rect class="gutter" x="${page.width}" y="0" width="${(page.width * GUTTER).toFixed(2)}" height="${page.height}"></rect>${onPage.flatMap((i) => boxSvg(i, page))}</svg>
  </div>
  <figcaption>Page ${page.number}${page.source === 'ocr' ? ' (scan, read by OCR)' : ''}</figcaption>
</figure>`;
}

/** The pages' texts, fetched when the text view is first opened (it would double the page's weight otherwise). */
export function pageTexts(view: DocumentView): Html {
  return html`${view.pages.map((p) => pageText(view, p))}`;
}

/**
 * The page's text with the covered words marked, for the text view and for
 * marking words from the keyboard: each word is a span carrying its offsets
 * and line, so the script can move a word cursor (arrows) and a selection
 * (Shift+arrows) without the browser's caret mode.
 */
function pageText(view: DocumentView, page: DocumentView['pages'][number]): Html {
  const byId = new Map(view.items.map((i) => [i.id, i]));
  const markAt = new Map(page.marks.map((m) => [m.start, m]));
  const parts: Html[] = [];
  let at = 0;
  let line = 0;
  for (const word of page.text.matchAll(/\S+/g)) {
    const gap = page.text.slice(at, word.index);
    line += gap.split('\n').length - 1;
    const span = html`<span class="w" data-s="${word.index}" data-e="${word.index + word[0].length}" data-l="${line}">${word[0]}</span>`;
    const mark = markAt.get(word.index);
    const item = mark && byId.get(mark.id);
    parts.push(
      html`${gap}`,
      item ? html`<mark class="${categoryClass(item.category)} d-${item.decision}" data-id="${item.id}" title="${item.categoryLabel} ${item.exemptionCode}: ${decisionLabel[item.decision]}">${span}</mark>` : span,
    );
    at = word.index + word[0].length;
  }
  parts.push(html`${page.text.slice(at)}`);
  return html`<section class="page-text" data-page="${page.number}" aria-labelledby="text-h-${page.number}"><h3 id="text-h-${page.number}">Page ${page.number} text</h3><pre data-page="${page.number}" tabindex="0" aria-describedby="mark-hint">${parts}</pre></section>`;
}

/** The covered words with a little context; on a scan, also a zoomed crop of the page image. */
export function evidence(view: Pick<DocumentView, 'id' | 'pages'>, item: ReviewItem): Html {
  const words = item.words;
  const page = view.pages.find((p) => p.number === item.boxes[0]?.page);
  let crop: Html | string = '';
  if (item.scan && page) {
    const boxes = item.boxes.filter((b) => b.page === page.number).map((b) => b.box);
    const x0 = Math.max(0, Math.min(...boxes.map((b) => b[0])) - 40);
    const y0 = Math.max(0, Math.min(...boxes.map((b) => b[1])) - 14);
    const x1 = Math.min(page.width, Math.max(...boxes.map((b) => b[2])) + 40);
    const y1 = Math.min(page.height, Math.max(...boxes.map((b) => b[3])) + 14);
    crop = html`<svg class="crop" viewBox="${x0.toFixed(1)} ${y0.toFixed(1)} ${(x1 - x0).toFixed(1)} ${(y1 - y0).toFixed(1)}" role="img" aria-label="Zoomed scan of the covered words on page ${page.number}"><image href="/documents/${view.id}/pages/${page.number}.png" x="0" y="0" width="${page.width}" height="${page.height}"></image>${boxes.map((b) => html`<rect class="crop-box" x="${(b[0] - PAD).toFixed(1)}" y="${(b[1] - PAD).toFixed(1)}" width="${(b[2] - b[0] + 2 * PAD).toFixed(1)}" height="${(b[3] - b[1] + 2 * PAD).toFixed(1)}"></rect>`)}</svg>`;
  }
  const text = !words
    ? html`<p class="words muted">The words could not be read for this redaction.</p>`
    : words.text === ''
      ? html`<p class="words muted">No words under this box (a picture, signature or mark).</p>`
      : html`<p class="words">${words.before ? html`<span class="ctx">…${words.before} </span>` : ''}<mark>${words.text}</mark>${words.after ? html`<span class="ctx"> ${words.after}…</span>` : ''}</p>`;
  return html`${crop}${text}`;
}

export function decideForm(action: string, describedBy: string, viewer: Viewer, label = '', extra: Html | string = ''): Html {
  // Short visible words keep the card to one line of buttons; the accessible name says how many (and starts with the visible word).
  return html`<form method="post" action="${action}" class="decide">${csrfField(viewer)}${extra}
      <button type="submit" name="decision" value="accepted" aria-keyshortcuts="a" aria-describedby="${describedBy}"${label ? html` aria-label="Accept${label}"` : ''}>Accept</button>
      <button type="submit" name="decision" value="rejected" aria-keyshortcuts="r" aria-describedby="${describedBy}"${label ? html` aria-label="Reject${label}"` : ''}>Reject</button></form>`;
}

/** The reason in one short line: the exemption in words (category and code are in the card's title) and the evidence. */
export function evidenceLine(item: Pick<ReviewItem, 'withheldAs' | 'detector' | 'score' | 'reason' | 'categoryLabel'> & { createdBy?: string }): Html {
  const origin = item.detector ? html`found by ${item.detector}${item.score !== undefined ? html` ${Math.round(item.score * 100)}%` : ''}` : html`added by ${item.createdBy ?? 'a reviewer'}`;
  // The batch's reasons start with the category, which the card's title already names.
  const prefix = `${item.categoryLabel} · `;
  const reason = item.reason.startsWith(prefix) ? item.reason.slice(prefix.length) : item.reason;
  return html`<span class="why">${item.withheldAs} <span class="muted">${origin}${reason ? html`: ${reason}` : ''}.</span></span>`;
}

function groupCard(viewer: Viewer, view: DocumentView, group: ValueGroup, index: number): Html {
  const base = `/documents/${view.id}`;
  const lead = group.items[0];
  const count = group.items.length;
  const title = `g-${group.key}-title`;
  const decided = group.items.find((i) => i.decidedBy && i.decision !== 'proposed');
  const mayDecide = view.open && can(viewer.role, 'decide');
  // A rejection of an automatic redaction waits for a second person, who may be this viewer.
  const awaits = mayDecide && group.items.some((i) => i.awaitsConfirmation && i.decidedBy !== viewer.name);
  const elsewhere = group.elsewhere;
  const occurrences = count > 1
    ? html`<ol>${group.items.map(
        (i) => html`<li id="r-${i.id}" data-id="${i.id}" class="d-${i.decision}"><span id="r-${i.id}-title">Page ${i.pages.join(', ')}${i.words?.text ? html`: ${i.words.before.split(' ').slice(-3).join(' ')} <mark>${i.words.text}</mark>` : ''}</span> · <span data-role="decision">${decisionLabel[i.decision]}</span>
        ${mayDecide ? decideForm(`${base}/redactions/${i.id}/decision`, `r-${i.id}-title`, viewer) : ''}</li>`,
      )}</ol>`
    : html`<span id="r-${lead.id}" data-id="${lead.id}" class="d-${lead.decision}" hidden></span>`;
  const everywhere = view.open && can(viewer.role, 'propose')
    ? html`<form method="post" action="${base}/redactions/${lead.id}/everywhere" class="inline">${csrfField(viewer)}<button type="submit" class="link" aria-describedby="${title}">Apply to every occurrence in this batch</button> <span class="muted">(boxes it where it has none yet)</span></form>`
    : '';
  return html`<li class="item ${categoryClass(group.category)} d-${group.decision}${awaits ? ' awaits' : ''}" id="g-${group.key}" data-key="${group.key}" data-ids="${group.items.map((i) => i.id).join(' ')}"${elsewhere ? html` data-elsewhere="${elsewhere.documents}"` : ''} tabindex="-1" aria-labelledby="${title}">
  <div class="head"><h3 id="${title}"><span class="n">${index + 1}.</span> ${group.categoryLabel} <span class="code">${group.exemptionCode}</span>${count > 1 ? html` <span class="count">×${count}</span>` : ''} <span class="pages">p. ${group.pages.join(', ')}</span></h3>
  <span class="decision" data-role="decision">${decisionLabel[group.decision]}${decided && group.decision !== 'mixed' && group.decision !== 'proposed' ? html` by ${decided.decidedBy}` : ''}</span>
  ${mayDecide ? decideForm(`${base}/values/${group.key}/decision`, title, viewer, count > 1 ? ` all ${count}` : '') : ''}
  ${awaits
    ? html`<form method="post" action="${base}/values/${group.key}/confirm-rejection" class="confirm">${csrfField(viewer)}<button type="submit" aria-keyshortcuts="c" aria-describedby="${title}">Confirm rejection</button></form>`
    : ''}</div>
  ${evidence(view, lead)}
  <div class="more">${evidenceLine(lead)}
    ${count > 1 || everywhere ? html`<details class="occurrences"><summary>${count > 1 ? `${count} occurrences` : 'More'}</summary>${count > 1 ? html`<p class="hint">Decide one occurrence on its own:</p>` : ''}${occurrences}${everywhere}</details>` : occurrences}
    ${elsewhere ? html`<a href="/batches/${view.batchId}/values#v-${group.key}" data-role="elsewhere">In ${plural(elsewhere.documents, 'more document')} (${elsewhere.count}×): decide for the batch</a>` : ''}</div>
</li>`;
}

/** Each category carries the policy's exemption for it; the script preselects that code when the category changes. */
function kept(viewer: Viewer, view: DocumentView): Html {
  if (view.kept.length === 0) return html``;
  return html`<section aria-labelledby="kept-h" class="panel"><h2 id="kept-h">Kept by the policy (${view.kept.length})</h2>
<p class="hint">Found, but the policy keeps these categories. Redact one if it must not be released here.</p>
<ul class="kept-list">${view.kept.map(
    (k) => html`<li class="kept"><h3 id="k-${k.id}">${k.categoryLabel} <span class="code">${k.exemptionCode}</span> <span class="pages">p. ${k.page}</span></h3>
<p class="words"><mark>${k.text}</mark></p><p class="why muted">Found by ${k.detector} ${Math.round(k.score * 100)}%: ${k.reason}</p>
${view.open && can(viewer.role, 'propose') ? html`<form method="post" action="/documents/${view.id}/findings/${k.id}/redact">${csrfField(viewer)}<button type="submit" aria-describedby="k-${k.id}">Redact this</button></form>` : ''}</li>`,
  )}</ul></section>`;
}

function categorySelect(id: string, view: DocumentView): Html {
  return html`<select id="${id}" name="category" required data-exemption-for="${id.replace('category', 'exemption')}">${view.categories.map((c) => html`<option value="${c.key}" data-exemption="${c.exemption}">${c.label}</option>`)}</select>`;
}

function exemptionSelect(id: string, view: DocumentView): Html {
  const first = view.categories[0]?.exemption;
  return html`<select id="${id}" name="exemption" required>${view.exemptions.map((e) => html`<option value="${e.key}"${e.key === first ? ' selected' : ''}>${e.code} ${e.label}</option>`)}</select>`;
}

function choiceFields(prefix: string, view: DocumentView): Html {
  return html`<label for="${prefix}-category">Category</label>${categorySelect(`${prefix}-category`, view)}
  <label for="${prefix}-exemption">Exemption code</label>${exemptionSelect(`${prefix}-exemption`, view)}
  <label for="${prefix}-reason">Reason</label><input id="${prefix}-reason" name="reason" maxlength="500" required>`;
}

function addPanel(viewer: Viewer, view: DocumentView): Html | string {
  if (!can(viewer.role, 'propose') || !view.open) return '';
  const base = `/documents/${view.id}`;
  return html`<section aria-labelledby="draw-h" class="panel"><h2 id="draw-h">Add a redaction</h2>
<form method="post" action="${base}/marks" id="mark-form">${csrfField(viewer)}
  <p class="hint" id="mark-hint">From the keyboard: press <kbd>t</kbd> for the text view, move with the arrow keys, extend with Shift+arrows, then press <kbd>m</kbd>. With the mouse: select words in the text view, or drag on a page (the box snaps to the words it touches).</p>
  <input type="hidden" name="page" value=""><input type="hidden" name="start" value=""><input type="hidden" name="end" value="">
  <p class="drawn" data-role="marked" aria-live="polite">Nothing selected yet.</p>
  ${choiceFields('mark', view)}
  <button type="submit" disabled data-role="mark-submit">Redact the selected words</button>
</form>
<form method="post" action="${base}/redactions" id="draw-form" hidden>${csrfField(viewer)}
  <input type="hidden" name="page" value="">
  <input type="hidden" name="x0" value=""><input type="hidden" name="y0" value=""><input type="hidden" name="x1" value=""><input type="hidden" name="y1" value="">
  <p class="drawn" data-role="drawn" aria-live="polite">No box drawn yet.</p>
  ${choiceFields('draw', view)}
  <button type="submit" disabled data-role="draw-submit">Add box</button>
</form>
<form method="post" action="${base}/phrase">${csrfField(viewer)}
  <p class="hint">Or redact every occurrence of a phrase in this document.</p>
  <label for="phrase-text">Phrase</label><input id="phrase-text" name="text" maxlength="500" required>
  ${choiceFields('phrase', view)}
  <button type="submit">Redact phrase</button>
</form></section>`;
}

function bulkPanel(viewer: Viewer, view: DocumentView): Html | string {
  const present = [...new Set(view.items.map((i) => i.category))].sort();
  if (!can(viewer.role, 'decide') || !view.open || present.length === 0) return '';
  return html`<section aria-labelledby="bulk-h" class="panel"><h2 id="bulk-h">By category</h2>
<form method="post" action="/documents/${view.id}/bulk">${csrfField(viewer)}
  <label for="bulk-category">Category</label>
  <select id="bulk-category" name="category">${present.map((c) => html`<option value="${c}">${view.items.find((i) => i.category === c)!.categoryLabel} (${view.items.filter((i) => i.category === c).length})</option>`)}</select>
  <button type="submit" name="decision" value="accepted">Accept all</button>
  <button type="submit" name="decision" value="rejected">Reject all</button>
</form></section>`;
}

function signPanel(viewer: Viewer, view: DocumentView): Html | string {
  const base = `/documents/${view.id}`;
  const undecided = view.items.filter((i) => i.decision === 'proposed').length;
  const next = html`<a href="/next?after=${view.id}" class="next" data-role="next" aria-keyshortcuts="Enter">Open the next document</a>`;
  if (!view.open) {
    return html`<section aria-labelledby="sign-h" class="panel sign"><h2 id="sign-h">Release</h2>
${view.approval ? html`<p><a href="${base}/release">See the approved release</a> (as it will be published).</p>` : ''}
<p>${next}</p></section>`;
  }
  const blocked = view.approvalBlockers.length > 0;
  return html`<section aria-labelledby="sign-h" class="panel sign"><h2 id="sign-h">Sign off</h2>
<p class="progress" data-role="progress">${undecided === 0 ? 'Every redaction is decided.' : `${plural(undecided, 'redaction')} still undecided.`}</p>
${can(viewer.role, 'sign')
  ? html`${blocked ? html`<ul class="blockers" id="blockers">${view.approvalBlockers.map((b) => html`<li>${b}</li>`)}</ul>` : ''}
<form method="post" action="${base}/approve" class="approve">${csrfField(viewer)}
  <button type="submit" class="primary" data-role="approve"${blocked ? html` disabled aria-describedby="blockers"` : ''}>Approve for release</button>
  <a href="${base}/preview">Preview the release</a>
</form>
<details class="send-back"><summary>Send back to the clerk</summary>
<form method="post" action="${base}/send-back">${csrfField(viewer)}
  <label for="send-back-comment">Comment for the clerk</label>
  <textarea id="send-back-comment" name="comment" rows="3" maxlength="2000" required></textarea>
  <button type="submit">Send back</button>
</form></details>`
  : html`<p class="hint">An approver signs this document off.</p>`}
<p>${next}</p>
</section>`;
}

function claimLine(viewer: Viewer, view: DocumentView): Html | string {
  if (!view.open || !(can(viewer.role, 'decide') || can(viewer.role, 'propose'))) return '';
  const action = `/documents/${view.id}/claim`;
  const mine = view.claim?.by === viewer.name;
  return html`<form method="post" action="${action}" class="claim">${csrfField(viewer)}
${view.claim ? html`Claimed by <strong>${mine ? 'you' : view.claim.by}</strong> since ${view.claim.at.slice(0, 16).replace('T', ' ')}.` : 'Nobody has claimed this document.'}
${mine ? html`<button type="submit" name="release" value="1" class="secondary">Release</button>` : html`<button type="submit" class="secondary">${view.claim ? 'Take over' : 'Claim'}</button>`}
</form>
<details class="assign"><summary>Assign to someone</summary><form method="post" action="${action}">${csrfField(viewer)}
<label for="assignee">Assign to</label><select id="assignee" name="assignee">${view.assignees.map((name) => html`<option${name === view.claim?.by ? ' selected' : ''}>${name}</option>`)}</select>
<button type="submit" class="secondary">Assign</button></form></details>`;
}

function time(at: string): string {
  return at.slice(0, 16).replace('T', ' ');
}

/** Others' decisions, boxes, claims and send-backs since this viewer last looked: at the top of the page and of the preview. */
export function changesPanel(id: string, changes: Changes | undefined): Html | string {
  if (!changes || (changes.total === 0 && !changes.since)) return '';
  if (changes.total === 0) return html`<p class="changes none" id="changes">Nothing changed since you last looked (${time(changes.since!)} UTC).</p>`;
  const shown = changes.lines.reduce((n, l) => n + l.entries, 0);
  return html`<section class="changes" id="changes" aria-labelledby="changes-h"><h2 id="changes-h">${changes.since ? `Changed by others since you last looked (${time(changes.since)} UTC)` : 'What others did before you opened it'}</h2>
<ul>${changes.lines.map((l) => html`<li><time datetime="${l.at}">${time(l.at)}</time> <strong>${l.actor}</strong> ${l.what}${l.note ? html` <span class="note">“${l.note}”</span>` : ''}</li>`)}</ul>
${changes.total > shown ? html`<p>And ${changes.total - shown} more: <a href="/documents/${id}/history">see the history</a>.</p>` : ''}</section>`;
}

export function documentPage(viewer: Viewer, view: DocumentView, options: { notice?: string; error?: string } = {}): Html {
  const base = `/documents/${view.id}`;
  const undecided = view.groups.filter((g) => g.decision === 'proposed' || g.decision === 'mixed').length;
  return layout(
    view.fileName,
    viewer,
    html`<div class="doc-head">
<h1>${view.fileName}</h1>
<p>Batch <strong>${view.batchName}</strong> (<a href="/batches/${view.batchId}/values" aria-keyshortcuts="v">its values across documents</a>) · <span class="state state-${view.state}">${view.state.replace('_', ' ')}</span> · ${plural(view.pages.length, 'page')} · ${plural(view.items.length, 'redaction')} in ${plural(view.groups.length, 'value')} · <a href="${base}/history">History</a> · <a href="${base}/original">Original file</a></p>
${claimLine(viewer, view)}
${changesPanel(view.id, view.changes)}
${view.approval ? html`<p class="approved" role="status">Approved by <strong>${view.approval.approver}</strong> at ${view.approval.at}; artifact SHA-256 <code>${view.approval.sha256}</code>.</p>` : ''}
${view.sentBack ? html`<div class="sent-back"><p>Sent back by <strong>${view.sentBack.by}</strong> at ${view.sentBack.at}: ${view.sentBack.comment}</p>
${can(viewer.role, 'propose') ? html`<form method="post" action="${base}/requeue">${csrfField(viewer)}<button type="submit">Return to the review queue</button></form>` : ''}</div>` : ''}
<p class="keys" id="keys">Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous value, <kbd>a</kbd> accept and <kbd>r</kbd> reject (then move on), <kbd>A</kbd>/<kbd>R</kbd> the same across the batch, <kbd>v</kbd> the batch's values, <kbd>c</kbd> confirm someone's rejection, <kbd>u</kbd> undo, <kbd>t</kbd> text view, <kbd>+</kbd>/<kbd>-</kbd> zoom, <kbd>Enter</kbd> next document when all is decided.</p>
</div>
<div class="review" data-document="${view.id}" data-batch="${view.batchId}" data-undecided="${undecided}">
<section class="pages" aria-label="Pages">
<div class="view-tools" role="group" aria-label="Page view">
  <button type="button" data-zoom="-1" aria-keyshortcuts="-">Zoom out</button>
  <button type="button" data-zoom="1" aria-keyshortcuts="+">Zoom in</button>
  <button type="button" data-role="text-view" aria-pressed="false" aria-keyshortcuts="t">Text view</button>
  <span class="zoom-level" data-role="zoom-level" aria-live="polite">100%</span>
</div>
<div class="figures">${view.pages.map((p) => pageFigure(view, p))}</div>
<div class="texts" hidden data-src="${base}/text"></div>
</section>
<aside class="side">
${signPanel(viewer, view)}
<section aria-labelledby="items-h" class="panel"><h2 id="items-h">Values to decide (${view.groups.length}; ${plural(view.items.length, 'redaction')})</h2>
<ol class="items" aria-describedby="keys">${view.groups.map((g, i) => groupCard(viewer, view, g, i))}</ol>
</section>
${kept(viewer, view)}
${bulkPanel(viewer, view)}
${addPanel(viewer, view)}
</aside>
</div>`,
    options,
  );
}

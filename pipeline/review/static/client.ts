/**
 * @module
 * The review page's script, served as JavaScript after its types are stripped
 * (no bundler, no CDN). Everything here enhances forms that already work
 * without it, through the JSON API (`/api/…`, the same rules):
 * - keys: j/k move between values, a/r decide the current value and move to the
 *   next undecided one, u undoes your last change, t toggles the text view,
 *   +/- zoom, Enter opens the
 *   next document (focus moves to Approve, or to "next", once all is decided);
 *   c confirms a rejection someone else made (the policy's automatic redactions
 *   need a second person before anyone can sign);
 * - the text view has a word cursor: arrows move it, Shift+arrows extend it,
 *   Home/End go to the line's ends, m redacts the selected words;
 * - focus starts at the first undecided value;
 * - drawing a box with the mouse fills the "Add a redaction" form.
 */

interface Change {
  changed: { id: string; document?: string; decision: 'proposed' | 'accepted' | 'rejected' | 'withdrawn' }[];
  documents?: number;
  skipped?: { fileName: string; claimedBy: string }[];
  error?: string;
}

const live = document.getElementById('live');
const announce = (text: string) => {
  if (live) live.textContent = text;
};
// The document page (`.review`) or the batch values page (`.batch-values`): same cards, same keys.
const root = document.querySelector<HTMLElement>('.review, .batch-values');
const documentId = root?.dataset.document ?? '';
const batchId = root?.dataset.batch ?? '';
const onBatchPage = root?.classList.contains('batch-values') ?? false;
/** A redaction's id on this page: ids are unique per document, so the batch page qualifies them with it. */
const idOf = (c: Change['changed'][number]) => (onBatchPage ? `${c.document}/${c.id}` : c.id);
const csrf = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';
const items = (): HTMLElement[] => [...document.querySelectorAll<HTMLElement>('ol.items > li.item')];
const labels: Record<string, string> = { proposed: 'Undecided', accepted: 'Accepted', rejected: 'Rejected', mixed: 'Mixed' };
let current = -1;

function idsOf(li: HTMLElement): string[] {
  return (li.dataset.ids ?? '').split(' ').filter(Boolean);
}

function boxesOf(ids: string[]): Element[] {
  return ids.flatMap((id) => [...document.querySelectorAll(`g.box[data-id="${CSS.escape(id)}"], .page-text mark[data-id="${CSS.escape(id)}"]`)]);
}

function select(index: number, scroll = true): void {
  const list = items();
  if (list.length === 0) return;
  current = Math.max(0, Math.min(list.length - 1, index));
  for (const el of document.querySelectorAll('.current')) el.classList.remove('current');
  const li = list[current];
  li.classList.add('current');
  const boxes = boxesOf(idsOf(li));
  for (const el of boxes) el.classList.add('current');
  if (scroll) boxes[0]?.scrollIntoView({ block: 'center', behavior: 'instant' });
  li.focus({ preventScroll: true });
  li.scrollIntoView({ block: 'nearest', behavior: 'instant' });
}

function undecided(): HTMLElement[] {
  return items().filter((li) => li.classList.contains('d-proposed') || li.classList.contains('d-mixed'));
}

/** Values whose rejection waits for this viewer's confirmation (a second person). */
function awaiting(): HTMLElement[] {
  return items().filter((li) => li.classList.contains('awaits'));
}

function setDecision(el: Element, decision: string): void {
  el.classList.remove('d-proposed', 'd-accepted', 'd-rejected', 'd-mixed');
  el.classList.add(`d-${decision}`);
}

/** Applies a change in place: occurrences, boxes, text marks, then each value's (and document row's) summary. */
function apply(change: Change): boolean {
  // A decision across the batch also changed other documents; this page shows its own.
  const mine = change.changed.filter((c) => onBatchPage || !c.document || c.document === documentId);
  if (mine.some((c) => c.decision === 'withdrawn' || !document.querySelector(`[data-id="${CSS.escape(idOf(c))}"]`))) return false;
  const touched = new Set<string>();
  for (const c of mine) {
    const id = idOf(c);
    touched.add(id);
    for (const el of [...document.querySelectorAll(`li[data-id="${CSS.escape(id)}"], span[data-id="${CSS.escape(id)}"]`), ...(onBatchPage ? [] : boxesOf([id]))]) setDecision(el, c.decision);
    const row = document.querySelector(`li[data-id="${CSS.escape(id)}"] [data-role="decision"]`);
    if (row) row.textContent = labels[c.decision];
  }
  for (const el of document.querySelectorAll<HTMLElement>('[data-ids]')) {
    const ids = idsOf(el);
    if (!ids.some((id) => touched.has(id))) continue;
    const states = new Set(ids.map((id) => document.querySelector(`[data-id="${CSS.escape(id)}"]:is(li, span)`)?.className.match(/d-(\w+)/)?.[1] ?? 'proposed'));
    const decision = states.size === 1 ? [...states][0] : 'mixed';
    setDecision(el, decision);
    const text = el.querySelector(':scope > .head > [data-role="decision"], :scope > [data-role="decision"]');
    if (text) text.textContent = labels[decision];
  }
  const left = undecided().length;
  const progress = document.querySelector('[data-role="progress"]');
  if (progress) progress.textContent = left === 0 ? 'Every value is decided.' : `${left} value${left === 1 ? '' : 's'} still undecided.`;
  return true;
}

async function post(path: string, body?: unknown): Promise<Change | undefined> {
  const response = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'x-csrf-token': csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const reply = (await response.json().catch(() => ({ error: `The server answered ${response.status}.` }))) as Change;
  if (!response.ok || reply.error) {
    announce(reply.error ?? `The server answered ${response.status}.`);
    return undefined;
  }
  return reply;
}

/** After the last decision, focus goes where the next key is: Approve when this viewer may sign, else "next document". */
function whenAllDecided(): void {
  if (undecided().length > 0) return;
  const waiting = awaiting();
  if (waiting.length > 0) {
    select(items().indexOf(waiting[0]));
    announce(`${waiting.length} rejection${waiting.length === 1 ? '' : 's'} need your confirmation: press c to confirm each.`);
    return;
  }
  const approve = document.querySelector<HTMLButtonElement>('[data-role="approve"]');
  if (approve && !approve.disabled) {
    approve.focus();
    announce('Every value is decided. Press Enter to approve for release.');
    return;
  }
  // The server decides whether Approve is possible now (a reload shows the current reasons).
  if (approve) {
    location.reload();
    return;
  }
  document.querySelector<HTMLElement>('[data-role="next"]')?.focus();
  announce('Every value is decided. Press Enter to open the next document.');
}

/** Keys typed faster than the server answers are played in order, each on the item current by then. */
let queue: Promise<void> = Promise.resolve();
function serially(step: () => Promise<void>): void {
  queue = queue.then(step).catch((error: unknown) => announce(`Something went wrong: ${(error as Error).message}`));
}

/** Decides the value of card `li` (its own path, or `path` for one occurrence, or across the batch from a document page). */
async function decide(li: HTMLElement, decision: 'accepted' | 'rejected', path?: string): Promise<void> {
  if (!li.querySelector('form.decide')) {
    announce('Your role cannot accept or reject redactions here.');
    return;
  }
  const reply = await post(path ?? li.dataset.decide ?? `/api/documents/${documentId}/values/${li.dataset.key}/decision`, { decision });
  if (!reply) return;
  if (!apply(reply)) return location.reload();
  const where = reply.documents && (onBatchPage || (path ?? '').startsWith('/api/batches/')) ? ` in ${reply.documents} document${reply.documents === 1 ? '' : 's'}` : '';
  const left = reply.skipped?.length ? ` Left out, held by someone else: ${reply.skipped.map((s) => `${s.fileName} (${s.claimedBy})`).join(', ')}.` : '';
  announce(`${li.querySelector('h3')?.textContent?.replace(/\s+/g, ' ').trim() ?? 'Value'}: ${labels[decision]}${where}.${left}`);
  if (path && !path.startsWith('/api/batches/')) return;
  const list = items();
  const next = list.slice(list.indexOf(li) + 1).find((x) => undecided().includes(x)) ?? undecided()[0];
  if (next) select(list.indexOf(next));
  else whenAllDecided();
}

async function confirmRejection(li: HTMLElement): Promise<void> {
  if (!li.classList.contains('awaits')) return announce('Nothing to confirm here: only a rejection someone else made waits for you.');
  const reply = await post(`/api/documents/${documentId}/values/${li.dataset.key}/confirm-rejection`);
  if (!reply) return;
  li.classList.remove('awaits');
  li.querySelector('form.confirm')?.remove();
  announce('Rejection confirmed.');
  const list = items();
  const next = list.slice(list.indexOf(li) + 1).find((x) => awaiting().includes(x)) ?? awaiting()[0];
  if (next) select(list.indexOf(next));
  else location.reload();
}

async function undo(): Promise<void> {
  const reply = await post(root?.dataset.undo ?? `/api/documents/${documentId}/undo`);
  if (!reply) return;
  if (!apply(reply)) return location.reload();
  const first = reply.changed.find((c) => onBatchPage || !c.document || c.document === documentId);
  const li = items().find((x) => first && idsOf(x).includes(idOf(first)));
  if (li) select(items().indexOf(li));
  announce(`Undone: ${reply.changed.length} redaction${reply.changed.length === 1 ? '' : 's'} back as before.`);
}

// Forms inside a value card: decided in place (the card's buttons decide the value; an occurrence's, that one alone).
document.addEventListener('submit', (event) => {
  const form = event.target as HTMLFormElement;
  if (form.classList.contains('confirm')) {
    const li = form.closest<HTMLElement>('li.item');
    if (!li) return;
    event.preventDefault();
    select(items().indexOf(li), false);
    serially(() => confirmRejection(li));
    return;
  }
  if (!form.classList.contains('decide')) return;
  const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
  const li = form.closest<HTMLElement>('li.item');
  if (!li || !submitter) return;
  event.preventDefault();
  select(items().indexOf(li), false);
  // A form in a row inside the card (one occurrence, or one document on the batch page) decides just that, by the same rule in the API.
  const inner = form.closest('li') !== li;
  const decision = submitter.value as 'accepted' | 'rejected';
  serially(() => decide(li, decision, inner ? `/api${new URL(form.action).pathname}` : undefined));
});

const ZOOMS = [1, 1.5, 2, 3];
let zoom = 0;
function setZoom(step: number): void {
  zoom = Math.max(0, Math.min(ZOOMS.length - 1, zoom + step));
  const pages = document.querySelector<HTMLElement>('section.pages');
  if (!pages) return;
  for (const z of ZOOMS.keys()) pages.classList.toggle(`zoom-${z}`, z === zoom);
  const level = document.querySelector('[data-role="zoom-level"]');
  if (level) level.textContent = `${ZOOMS[zoom] * 100}%`;
  // Zoomed pages load a render at twice the resolution, so small print stays sharp.
  for (const img of pages.querySelectorAll<HTMLImageElement>('figure.page img')) {
    const sharp = img.src.replace(/(\d+)(@2x)?\.png$/, zoom > 0 ? '$1@2x.png' : '$1.png');
    if (sharp !== img.src) img.src = sharp;
  }
}

async function toggleText(): Promise<void> {
  const texts = document.querySelector<HTMLElement>('.texts');
  const figures = document.querySelector<HTMLElement>('.figures');
  const button = document.querySelector<HTMLButtonElement>('[data-role="text-view"]');
  if (!texts || !figures || !button) return;
  if (texts.dataset.src && !texts.dataset.loaded) {
    const response = await fetch(texts.dataset.src, { credentials: 'same-origin' });
    if (!response.ok) return announce(`The text could not be loaded (the server answered ${response.status}).`);
    // Server-rendered and escaped by the same templates as the page.
    texts.innerHTML = await response.text();
    texts.dataset.loaded = '1';
    const li = items()[current];
    if (li) for (const el of boxesOf(idsOf(li))) el.classList.add('current');
  }
  const on = texts.hidden;
  texts.hidden = !on;
  figures.hidden = on;
  button.setAttribute('aria-pressed', String(on));
  if (on) {
    // Start at the current value's first word, else at the top of the first page.
    const mark = texts.querySelector<HTMLElement>('mark.current span.w');
    const pre = mark?.closest<HTMLElement>('pre') ?? texts.querySelector<HTMLElement>('pre');
    if (pre) {
      pre.focus();
      const at = mark ? wordsOf(pre).indexOf(mark) : 0;
      cursor = { pre, anchor: at, focus: at };
      showCursor();
    }
    announce('Text view. Move with the arrow keys, extend with Shift and the arrows, then press m to redact the selected words.');
  } else {
    items()[current]?.focus();
  }
}

/** Offset of a point inside a page's <pre> (its text is the page text, character for character). */
function offsetIn(pre: HTMLElement, node: Node, offset: number): number {
  const range = document.createRange();
  range.setStart(pre, 0);
  range.setEnd(node, offset);
  return range.toString().length;
}

/** The text view's word cursor: a selection of whole words that arrows move and Shift+arrows extend. */
let cursor: { pre: HTMLElement; anchor: number; focus: number } | undefined;
const wordsOf = (pre: HTMLElement) => [...pre.querySelectorAll<HTMLElement>('span.w')];

function showCursor(): void {
  for (const el of document.querySelectorAll('.texts .sel')) el.classList.remove('sel');
  if (!cursor) return;
  const words = wordsOf(cursor.pre);
  const [from, to] = [Math.min(cursor.anchor, cursor.focus), Math.max(cursor.anchor, cursor.focus)];
  for (const w of words.slice(from, to + 1)) w.classList.add('sel');
  words[cursor.focus]?.scrollIntoView({ block: 'nearest', behavior: 'instant' });
  announce(`${words.slice(from, to + 1).map((w) => w.textContent).join(' ')} (page ${cursor.pre.dataset.page}). Press m to redact.`);
}

function moveCursor(key: string, extend: boolean): void {
  const pre = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('.texts pre');
  if (!pre) return;
  if (!cursor || cursor.pre !== pre) cursor = { pre, anchor: 0, focus: 0 };
  const words = wordsOf(pre);
  let focus = cursor.focus;
  if (key === 'ArrowRight') focus = Math.min(words.length - 1, focus + 1);
  else if (key === 'ArrowLeft') focus = Math.max(0, focus - 1);
  else if (key === 'Home' || key === 'End') {
    const line = words[focus].dataset.l;
    const same = words.flatMap((w, i) => (w.dataset.l === line ? [i] : []));
    focus = key === 'Home' ? same[0] : same.at(-1)!;
  } else {
    // Up and down keep the column: the word at the same place in the next or previous line.
    const line = Number(words[focus].dataset.l) + (key === 'ArrowDown' ? 1 : -1);
    const startOf = (l: number) => words.findIndex((w) => Number(w.dataset.l) === l);
    const column = focus - startOf(Number(words[focus].dataset.l));
    const first = startOf(line);
    if (first >= 0) {
      let last = first;
      while (last + 1 < words.length && Number(words[last + 1].dataset.l) === line) last++;
      focus = Math.min(last, first + column);
    }
  }
  cursor = { pre, anchor: extend ? cursor.anchor : focus, focus };
  showCursor();
}

const markForm = document.getElementById('mark-form') as HTMLFormElement | null;
function markSelection(): void {
  if (!markForm) return announce('Your role cannot add redactions here.');
  let page: string | undefined;
  let start = 0;
  let end = 0;
  let text = '';
  const selection = getSelection();
  const range = selection && !selection.isCollapsed && selection.rangeCount > 0 ? selection.getRangeAt(0) : undefined;
  const selected = range && (range.startContainer.parentElement ?? null)?.closest<HTMLElement>('.page-text pre');
  if (range && selected && selected.contains(range.endContainer)) {
    page = selected.dataset.page;
    start = offsetIn(selected, range.startContainer, range.startOffset);
    end = offsetIn(selected, range.endContainer, range.endOffset);
    text = range.toString();
  } else if (cursor) {
    const words = wordsOf(cursor.pre).slice(Math.min(cursor.anchor, cursor.focus), Math.max(cursor.anchor, cursor.focus) + 1);
    page = cursor.pre.dataset.page;
    start = Number(words[0].dataset.s);
    end = Number(words.at(-1)!.dataset.e);
    text = words.map((w) => w.textContent).join(' ');
  } else {
    return announce('Open the text view (t) and choose words with the arrow keys first.');
  }
  const set = (name: string, value: string) => ((markForm.elements.namedItem(name) as HTMLInputElement).value = value);
  set('page', page ?? '');
  set('start', String(start));
  set('end', String(end));
  const marked = markForm.querySelector('[data-role="marked"]');
  if (marked) marked.textContent = `Selected on page ${page}: “${text.trim().slice(0, 80)}”. Choose the category and reason, then submit.`;
  markForm.querySelector<HTMLButtonElement>('[data-role="mark-submit"]')!.disabled = false;
  markForm.querySelector<HTMLSelectElement>('select[name="category"]')?.focus();
}

document.addEventListener('keydown', (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  const target = event.target as HTMLElement;
  if (target.closest('input, textarea, select, [contenteditable]')) return;
  const key = event.key;
  if ((key.startsWith('Arrow') || key === 'Home' || key === 'End') && target.closest('.texts pre')) {
    moveCursor(key, event.shiftKey);
    event.preventDefault();
    return;
  }
  if (key === 'Enter') {
    // Buttons, links and summaries keep their own Enter; elsewhere Enter opens the next document.
    if (target.closest('button, a, summary')) return;
    const next = document.querySelector<HTMLAnchorElement>('[data-role="next"]');
    if (!next) return;
    next.click();
  } else if (key === 'j' || (key === 'ArrowDown' && target.closest('ol.items'))) select(current + 1);
  else if (key === 'k' || (key === 'ArrowUp' && target.closest('ol.items'))) select(current < 0 ? 0 : current - 1);
  else if ((key === 'a' || key === 'r') && current >= 0) serially(() => decide(items()[current], key === 'a' ? 'accepted' : 'rejected'));
  else if ((key === 'A' || key === 'R') && current >= 0 && !onBatchPage && batchId) {
    // The same value in every open document of the batch, from the document page.
    const li = items()[current];
    serially(() => decide(li, key === 'A' ? 'accepted' : 'rejected', `/api/batches/${batchId}/values/${li.dataset.key}/decision`));
  } else if (key === 'v' && batchId && !onBatchPage) location.assign(`/batches/${batchId}/values${current >= 0 ? `#v-${items()[current].dataset.key}` : ''}`);
  else if (key === 'u') serially(undo);
  else if (key === 'c' && current >= 0) serially(() => confirmRejection(items()[current]));
  else if (key === 't') void toggleText();
  else if (key === '+' || key === '=') setZoom(1);
  else if (key === '-') setZoom(-1);
  else if (key === 'm') markSelection();
  else return;
  event.preventDefault();
});

document.addEventListener('click', (event) => {
  const target = event.target as HTMLElement;
  const zoomButton = target.closest<HTMLElement>('[data-zoom]');
  if (zoomButton) return setZoom(Number(zoomButton.dataset.zoom));
  if (target.closest('[data-role="text-view"]')) return void toggleText();
  // Clicking a value selects it, so the keys act on what the mouse last touched.
  const li = target.closest<HTMLElement>('ol.items > li.item');
  if (li && !target.closest('button, summary, a')) select(items().indexOf(li), false);
});

const drawForm = document.getElementById('draw-form') as HTMLFormElement | null;
const SVG = 'http://www.w3.org/2000/svg';

function pagePoint(svg: SVGSVGElement, figure: HTMLElement, event: PointerEvent): [number, number] {
  const width = Number(figure.dataset.width);
  const height = Number(figure.dataset.height);
  const point = svg.createSVGPoint();
  point.x = event.clientX;
  point.y = event.clientY;
  const p = point.matrixTransform(svg.getScreenCTM()!.inverse());
  return [Math.max(0, Math.min(width, p.x)), Math.max(0, Math.min(height, p.y))];
}

for (const svg of document.querySelectorAll<SVGSVGElement>('figure.page svg.overlay')) {
  const figure = svg.closest<HTMLElement>('figure.page')!;
  let start: [number, number] | undefined;
  let drawing: SVGGElement | undefined;
  let rect: SVGRectElement | undefined;
  svg.addEventListener('pointerdown', (event) => {
    if (!drawForm || event.button !== 0) return;
    event.preventDefault();
    svg.setPointerCapture(event.pointerId);
    for (const old of document.querySelectorAll('g.drawing')) old.remove();
    start = pagePoint(svg, figure, event);
    drawing = document.createElementNS(SVG, 'g');
    drawing.setAttribute('class', 'box drawing');
    rect = document.createElementNS(SVG, 'rect');
    drawing.append(rect);
    svg.append(drawing);
  });
  svg.addEventListener('pointermove', (event) => {
    if (!start || !rect) return;
    const [x, y] = pagePoint(svg, figure, event);
    rect.setAttribute('x', String(Math.min(x, start[0])));
    rect.setAttribute('y', String(Math.min(y, start[1])));
    rect.setAttribute('width', String(Math.abs(x - start[0])));
    rect.setAttribute('height', String(Math.abs(y - start[1])));
  });
  svg.addEventListener('pointerup', (event) => {
    if (!start || !drawForm) return;
    const end = pagePoint(svg, figure, event);
    const box = [Math.min(start[0], end[0]), Math.min(start[1], end[1]), Math.max(start[0], end[0]), Math.max(start[1], end[1])];
    start = undefined;
    if (box[2] - box[0] < 2 || box[3] - box[1] < 2) {
      drawing?.remove();
      return;
    }
    const set = (name: string, value: string) => ((drawForm.elements.namedItem(name) as HTMLInputElement).value = value);
    set('page', figure.dataset.page ?? '');
    ['x0', 'y0', 'x1', 'y1'].forEach((name, i) => set(name, box[i].toFixed(2)));
    drawForm.hidden = false;
    const drawn = drawForm.querySelector('[data-role="drawn"]');
    if (drawn) drawn.textContent = `Box drawn on page ${figure.dataset.page}; it will snap to the words it touches.`;
    drawForm.querySelector<HTMLButtonElement>('[data-role="draw-submit"]')!.disabled = false;
    drawForm.querySelector<HTMLSelectElement>('select[name="category"]')?.focus();
  });
}

// Choosing a category preselects the exemption the policy gives it; the reviewer can still change it.
document.addEventListener('change', (event) => {
  const select = event.target as HTMLSelectElement;
  const targetId = select.dataset.exemptionFor;
  if (!targetId) return;
  const exemption = select.selectedOptions[0]?.dataset.exemption;
  const target = document.getElementById(targetId) as HTMLSelectElement | null;
  if (target && exemption) target.value = exemption;
});

// Focus starts at the item named in the address (after a form action), else the first undecided value, else "next".
{
  const anchored = location.hash.startsWith('#r-') ? location.hash.slice(3) : '';
  const value = /^#[gv]-/.test(location.hash) ? location.hash.slice(3) : '';
  const list = items();
  const start = list.find((li) => (anchored && idsOf(li).includes(anchored)) || (value && li.dataset.key === value)) ?? undecided()[0] ?? awaiting()[0];
  if (start) select(list.indexOf(start));
  else if (root) document.querySelector<HTMLElement>(document.querySelector<HTMLButtonElement>('[data-role="approve"]:not(:disabled)') ? '[data-role="approve"]' : '[data-role="next"]')?.focus();
}

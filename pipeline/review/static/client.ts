/**
 * @module
 * The review page's script, served as JavaScript after its types are stripped
 * (no bundler, no CDN). Everything here enhances forms that already work
 * without it: keyboard shortcuts over the redaction list, decisions applied in
 * place, and drawing a box with the mouse, which fills the "Add a redaction" form.
 */

interface DecisionReply {
  id: string;
  decision: 'proposed' | 'accepted' | 'rejected';
  label: string;
  error?: string;
}

const live = document.getElementById('live');
const announce = (text: string) => {
  if (live) live.textContent = text;
};
const items = (): HTMLElement[] => [...document.querySelectorAll<HTMLElement>('ol.items > li.item')];
let current = -1;

function boxesOf(id: string): SVGGElement[] {
  return [...document.querySelectorAll<SVGGElement>(`g.box[data-id="${CSS.escape(id)}"]`)];
}

function select(index: number): void {
  const list = items();
  if (list.length === 0) return;
  current = Math.max(0, Math.min(list.length - 1, index));
  for (const el of document.querySelectorAll('.current')) el.classList.remove('current');
  const li = list[current];
  li.classList.add('current');
  const boxes = boxesOf(li.dataset.id ?? '');
  for (const g of boxes) g.classList.add('current');
  boxes[0]?.scrollIntoView({ block: 'center', behavior: 'instant' });
  li.focus({ preventScroll: true });
  li.scrollIntoView({ block: 'nearest', behavior: 'instant' });
}

function applyReply(li: HTMLElement, reply: DecisionReply): void {
  for (const el of [li, ...boxesOf(reply.id)]) {
    el.classList.remove('d-proposed', 'd-accepted', 'd-rejected');
    el.classList.add(`d-${reply.decision}`);
  }
  const text = li.querySelector('[data-role="decision"]');
  if (text) text.textContent = reply.label;
  announce(`${li.querySelector('h3')?.textContent?.trim() ?? 'Redaction'}: ${reply.label}.`);
}

async function decide(li: HTMLElement, decision: 'accepted' | 'rejected'): Promise<void> {
  const form = li.querySelector<HTMLFormElement>('form.decide');
  if (!form) {
    announce('Your role cannot accept or reject redactions.');
    return;
  }
  const body = new FormData(form);
  body.set('decision', decision);
  const response = await fetch(form.action, { method: 'POST', body, headers: { accept: 'application/json' }, credentials: 'same-origin' });
  const reply = (await response.json().catch(() => ({ error: `The server answered ${response.status}.` }))) as DecisionReply;
  if (!response.ok || reply.error) {
    announce(reply.error ?? `The server answered ${response.status}.`);
    return;
  }
  applyReply(li, reply);
}

document.addEventListener('submit', (event) => {
  const form = event.target as HTMLFormElement;
  if (!form.classList.contains('decide')) return;
  const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
  const li = form.closest<HTMLElement>('li.item');
  if (!li || !submitter) return;
  event.preventDefault();
  select(items().indexOf(li));
  void decide(li, submitter.value as 'accepted' | 'rejected');
});

document.addEventListener('keydown', (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  const target = event.target as HTMLElement;
  if (target.closest('input, textarea, select, [contenteditable]')) return;
  const inList = Boolean(target.closest('ol.items'));
  const key = event.key;
  if (key === 'j' || (inList && key === 'ArrowDown')) select(current + 1);
  else if (key === 'k' || (inList && key === 'ArrowUp')) select(current < 0 ? 0 : current - 1);
  else if ((key === 'a' || key === 'r') && current >= 0) void decide(items()[current], key === 'a' ? 'accepted' : 'rejected');
  else return;
  event.preventDefault();
});

// Clicking an item selects it, so the keys act on what the mouse last touched.
document.addEventListener('click', (event) => {
  const li = (event.target as HTMLElement).closest<HTMLElement>('ol.items > li.item');
  if (li && !(event.target as HTMLElement).closest('button')) select(items().indexOf(li));
});

const drawForm = document.getElementById('draw-form') as HTMLFormElement | null;
const SVG = 'http://www.w3.org/2000/svg';

function pagePoint(svg: SVGSVGElement, figure: HTMLElement, event: PointerEvent): [number, number] {
  const rect = svg.getBoundingClientRect();
  const width = Number(figure.dataset.width);
  const height = Number(figure.dataset.height);
  const x = ((event.clientX - rect.left) / rect.width) * width;
  const y = ((event.clientY - rect.top) / rect.height) * height;
  return [Math.max(0, Math.min(width, x)), Math.max(0, Math.min(height, y))];
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

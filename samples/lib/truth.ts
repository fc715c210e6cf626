/**
 * @module
 * Turns the marks of a source and where the layout put them into truth entries: each string
 * that must be redacted or kept, with its category, exemption, pages, count, and the parts a
 * line or page break cut it into. Also checks the marks are sound (checksums, no keep string
 * that only exists inside a redacted one), so a typo in a source fails the generator.
 */
import type { Layout, Placement } from './layout.ts';
import type { Inline, Span } from './markup.ts';

export interface BrokenOccurrence {
  kind: 'line' | 'page';
  pages: number[];
  parts: string[];
}

export interface TruthItem {
  text: string;
  category: string;
  exemption?: string;
  /** `review`: the default policy proposes it for an approver instead of redacting outright. */
  action?: 'redact' | 'review';
  pages: number[];
  count: number;
  /** Occurrences a line end or a page break cuts in two or more parts. */
  broken?: BrokenOccurrence[];
}

interface Occurrence {
  span: Span;
  text: string;
  pages: number[];
  broken: BrokenOccurrence | null;
}

function occurrences(result: Layout): Occurrence[] {
  const byInline = new Map<Inline, Placement[]>();
  for (const p of result.placements) {
    const list = byInline.get(p.inline) ?? [];
    list.push(p);
    byInline.set(p.inline, list);
  }
  const found: Occurrence[] = [];
  for (const [inline, placed] of byInline) {
    for (const span of inline.spans) {
      const text = inline.text.slice(span.start, span.end);
      const partial: Placement[] = [];
      for (const p of placed) {
        if (p.start <= span.start && p.end >= span.end) found.push({ span, text, pages: [p.page], broken: null });
        else if (p.start < span.end && p.end > span.start) partial.push(p);
      }
      if (partial.length > 0) {
        const pages = [...new Set(partial.map((p) => p.page))];
        const parts = partial.map((p) => inline.text.slice(Math.max(p.start, span.start), Math.min(p.end, span.end)).trim());
        found.push({ span, text, pages, broken: { kind: pages.length > 1 ? 'page' : 'line', pages, parts } });
      }
    }
  }
  return found;
}

/** Truth for the given pages of a laid-out report (all pages when `pages` is absent). */
export function truthFor(result: Layout, pages?: number[]): { redact: TruthItem[]; keep: TruthItem[] } {
  const include = (p: number) => !pages || pages.includes(p);
  const items = new Map<string, TruthItem & { kind: Span['kind'] }>();
  for (const occ of occurrences(result)) {
    if (!occ.pages.every(include)) {
      if (occ.pages.some(include)) throw new Error(`"${occ.text}" is cut by the page selection ${pages}`);
      continue;
    }
    const key = [occ.span.kind, occ.text, occ.span.category, occ.span.exemption].join('\u0000');
    const item = items.get(key) ?? {
      kind: occ.span.kind,
      text: occ.text,
      category: occ.span.category,
      ...(occ.span.exemption ? { exemption: occ.span.exemption } : {}),
      ...(occ.span.kind === 'redact' ? { action: occ.span.action } : {}),
      pages: [],
      count: 0,
    };
    item.count++;
    item.pages = [...new Set([...item.pages, ...occ.pages])].sort((a, b) => a - b);
    if (occ.broken) item.broken = [...(item.broken ?? []), occ.broken];
    items.set(key, item);
  }
  const list = (kind: Span['kind']) =>
    [...items.values()].filter((i) => i.kind === kind).map(({ kind: _, ...rest }) => rest);
  return { redact: list('redact'), keep: list('keep') };
}

const normal = (s: string) => s.toLowerCase().replace(/\s+/g, ' ');

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

function abaChecksum(d: string): boolean {
  const n = [...d].map(Number);
  return d.length === 9 && (3 * (n[0] + n[3] + n[6]) + 7 * (n[1] + n[4] + n[7]) + (n[2] + n[5] + n[8])) % 10 === 0;
}

function ssnValid(s: string): boolean {
  const m = /^(\d{3})-(\d{2})-(\d{4})$/.exec(s);
  return !!m && !/^(000|666|9)/.test(m[1]) && m[2] !== '00' && m[3] !== '0000';
}

/** Problems with the marks of one report, as messages; empty when sound. */
export function checkMarks(result: Layout): string[] {
  const problems: string[] = [];
  const { redact, keep } = truthFor(result);
  for (const item of redact) {
    const digits = item.text.replace(/\D/g, '');
    if (item.category === 'ssn' && !ssnValid(item.text)) problems.push(`SSN "${item.text}" breaks the SSA validity rules`);
    if (item.category === 'card' && !luhn(digits)) problems.push(`card "${item.text}" fails the Luhn check`);
    if (item.category === 'routing' && !abaChecksum(digits)) problems.push(`routing number "${item.text}" fails the ABA checksum`);
    for (const k of keep) {
      if (normal(k.text).includes(normal(item.text))) problems.push(`redact string "${item.text}" is inside keep string "${k.text}"`);
    }
  }
  // Every keep string must survive somewhere once the redact marks are blanked out.
  const blanked = new Map<Inline, string>();
  for (const p of result.placements) {
    if (blanked.has(p.inline)) continue;
    let text = p.inline.text;
    for (const s of p.inline.spans) if (s.kind === 'redact') text = text.slice(0, s.start) + '\u2588'.repeat(s.end - s.start) + text.slice(s.end);
    blanked.set(p.inline, normal(text));
  }
  const all = [...blanked.values()].join('\n');
  for (const k of keep) if (!all.includes(normal(k.text))) problems.push(`keep string "${k.text}" only occurs inside redacted text`);
  return problems;
}

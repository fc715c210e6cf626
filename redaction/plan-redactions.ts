/**
 * @module
 * From findings to redactions: the one mapping the single-file command, the
 * batch's proposals and the review app share.
 */
import { boxesForRange, documentText, isMostlyInside } from '../pipeline/model/document-text.ts';
import type { Document, Finding, PageBox, Redaction } from '../pipeline/model/types.ts';
import { isSearchable } from './verify/normalize.ts';
import { categories, isCategory } from './policy/categories.ts';

/**
 * One redaction per finding whose action is `redact` (accepted) or, when
 * `boxReview`, `review` (proposed: burned now, confirmed or undone in review).
 * The reason repeats the detector's explanation without the matched text.
 */
export function planRedactions(findings: readonly Finding[], boxReview: boolean): Redaction[] {
  return findings
    .filter((f) => f.boxes.length > 0 && (f.action === 'redact' || (boxReview && f.action === 'review')))
    .map((f) => ({
      id: `r-${f.id}`,
      boxes: f.boxes,
      category: f.category,
      exemption: f.exemption,
      from: { findings: [f.id] },
      decision: f.action === 'redact' ? 'accepted' : 'proposed',
      reason: [isCategory(f.category) ? categories[f.category] : f.category, ...f.why.filter((w) => !f.text || !w.toLowerCase().includes(f.text.toLowerCase()))].join(' · '),
    }));
}

/**
 * A redaction removes a string, so every other place the same text is written (any
 * case, any spacing, whole words) is boxed too; the verifier would otherwise rightly
 * find it. The boxes join the redaction of the finding that named the text.
 */
export function everyOccurrence(document: Document, redactions: Redaction[], findings: Finding[]): Redaction[] {
  const dt = documentText(document);
  const byId = new Map(findings.map((f) => [f.id, f]));
  const boxed = () => redactions.flatMap((r) => r.boxes);
  return redactions.map((r) => {
    if (!('findings' in r.from)) return r;
    const extra: PageBox[] = [];
    for (const id of r.from.findings) {
      const text = byId.get(id)?.text;
      if (!text || !isSearchable(text)) continue;
      const words = text.trim().split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      const re = new RegExp(`(?<![\\p{L}\\p{N}])${words.join('\\s+')}(?![\\p{L}\\p{N}])`, 'giu');
      for (const m of dt.text.matchAll(re)) {
        for (const b of boxesForRange(document, dt, m.index, m.index + m[0].length)) {
          const taken = [...boxed(), ...extra].filter((x) => x.page === b.page).map((x) => x.box);
          if (!isMostlyInside(b.box, taken)) extra.push(b);
        }
      }
    }
    return extra.length ? { ...r, boxes: [...r.boxes, ...extra] } : r;
  });
}

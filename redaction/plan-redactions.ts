/**
 * @module
 * From findings to redactions: the one mapping the single-file command, the
 * batch's proposals and the review app share.
 */
import { boxesForRange, documentText, isMostlyInside } from '../pipeline/model/document-text.ts';
import type { DocumentText } from '../pipeline/model/document-text.ts';
import type { Box, Document, Finding, PageBox, Redaction } from '../pipeline/model/types.ts';
import { indexText, isSearchable, needleRanges } from './verify/normalize.ts';
import type { TextIndex } from './verify/normalize.ts';
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
 * Every place `phrase` is written in the document under the verifier's rules (any case,
 * any separators between its words, split words, digits alone), as boxes per occurrence.
 */
export function findOccurrences(document: Pick<Document, 'pages'>, phrase: string, dt: DocumentText = documentText(document), index: TextIndex = indexText(dt.text)): PageBox[][] {
  return needleRanges(index, phrase)
    .map(([start, end]) => boxesForRange(document, dt, start, end))
    .filter((boxes) => boxes.length > 0);
}

/**
 * A redaction removes a string, so every other place the same text is written is boxed
 * too, found as the verifier would find it (which would otherwise rightly refuse the
 * release). The boxes join the redaction of the first finding that named the text.
 */
export function everyOccurrence(document: Document, redactions: Redaction[], findings: Finding[]): Redaction[] {
  const dt = documentText(document);
  const index = indexText(dt.text);
  const textOf = new Map(findings.map((f) => [f.id, f.text]));
  const taken = new Map<number, Box[]>();
  for (const b of redactions.flatMap((r) => r.boxes)) taken.set(b.page, [...(taken.get(b.page) ?? []), b.box]);
  const searched = new Set<string>();
  return redactions.map((r) => {
    if (!('findings' in r.from)) return r;
    const extra: PageBox[] = [];
    for (const id of r.from.findings) {
      const text = textOf.get(id);
      if (!text || !isSearchable(text) || searched.has(text.toLowerCase())) continue;
      searched.add(text.toLowerCase());
      for (const b of findOccurrences(document, text, dt, index).flat()) {
        const onPage = taken.get(b.page) ?? [];
        if (isMostlyInside(b.box, onPage)) continue;
        extra.push(b);
        taken.set(b.page, [...onPage, b.box]);
      }
    }
    return extra.length ? { ...r, boxes: [...r.boxes, ...extra] } : r;
  });
}

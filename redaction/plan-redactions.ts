/**
 * @module
 * From findings to redactions: the one mapping the single-file command, the
 * batch's proposals and the review app share.
 */
import type { Finding, Redaction } from '../pipeline/model/types.ts';
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

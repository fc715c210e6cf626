/**
 * @module
 * The reviewer's starting point: one proposed redaction per finding whose
 * action is redact or review (findings the policy keeps are shown, not boxed).
 */
import type { Finding, Redaction } from '../model/types.ts';
import { categories, isCategory } from '../../redaction/policy/categories.ts';

export function proposeRedactions(findings: readonly Finding[]): Redaction[] {
  return findings
    .filter((f) => f.action !== 'keep' && f.boxes.length > 0)
    .map((f) => ({
      id: `r-${f.id}`,
      boxes: f.boxes,
      category: f.category,
      exemption: f.exemption,
      from: { findings: [f.id] },
      decision: 'proposed' as const,
      // `why` names patterns and context words, never the matched text.
      reason: [isCategory(f.category) ? categories[f.category] : f.category, ...f.why].join(' · '),
    }));
}

/**
 * @module
 * The reviewer's starting point: one proposed redaction per finding whose
 * action is redact or review (findings the policy keeps are shown, not boxed),
 * covering every place the same text is written. Nothing is decided yet, so
 * every one starts as proposed.
 */
import type { Document, Finding, Redaction } from '../model/types.ts';
import { everyOccurrence, planRedactions } from '../../redaction/plan-redactions.ts';

export function proposeRedactions(document: Document, findings: Finding[]): Redaction[] {
  return everyOccurrence(document, planRedactions(findings, true), findings).map((r) => ({ ...r, decision: 'proposed' }));
}

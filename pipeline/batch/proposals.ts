/**
 * @module
 * The reviewer's starting point: one proposed redaction per finding whose
 * action is redact or review (findings the policy keeps are shown, not boxed).
 * Nothing is decided yet, so every one starts as proposed.
 */
import type { Finding, Redaction } from '../model/types.ts';
import { planRedactions } from '../../redaction/plan-redactions.ts';

export function proposeRedactions(findings: readonly Finding[]): Redaction[] {
  return planRedactions(findings, true).map((r) => ({ ...r, decision: 'proposed' }));
}

/**
 * @module
 * A policy: what to do with each category, under which exemption, and the
 * office's own deny and allow lists. Loaded from YAML or JSON by `load-policy.ts`.
 */
import type { Action } from '../../pipeline/model/types.ts';
import type { CategoryKey } from './categories.ts';

export interface Exemption {
  /** As printed on the release, e.g. "(b)(6)" or "s.40". */
  code: string;
  label: string;
  /** Plain language for the public exemptions page. */
  description: string;
}

export interface CategoryRule {
  action: Action;
  /** A key of `Policy.exemptions`. */
  exemption: string;
}

/** Always redact: a literal (case-insensitive, any whitespace between words) or a regex. */
export type DenyEntry =
  | { text: string; category: CategoryKey; note?: string }
  | { pattern: RegExp; category: CategoryKey; note?: string };

/** Never redact: public officials, agency names, the office's own address and phone. */
export interface AllowEntry {
  text: string;
  note?: string;
}

export interface Policy {
  name: string;
  jurisdiction: string;
  /** Path it was loaded from; "built-in" for the default. */
  source: string;
  /** Findings scoring below this are dropped (0..1). */
  threshold: number;
  exemptions: Record<string, Exemption>;
  categories: Record<CategoryKey, CategoryRule>;
  deny: DenyEntry[];
  allow: AllowEntry[];
}

/**
 * @module
 * Scores detection on the pii-labelled corpus (synthetic sentences with typed
 * character spans). Each case is its own one-page document. Our categories map
 * onto the corpus types; a prediction is a hit when its type matches and its
 * range overlaps (overlap scoring) or equals (strict scoring) a labelled span.
 */
import { readFileSync } from 'node:fs';
import type { Finding } from '../../pipeline/model/types.ts';
import type { Policy } from '../policy/types.ts';
import { detectDocuments } from '../detect/run.ts';
import { textDocument } from '../detect/text-document.ts';

export interface Span {
  start: number;
  end: number;
  type: string;
}

export interface Case {
  id: string;
  text: string;
  spans: Span[];
  template_id: number;
}

/** Corpus types our default categories are meant to catch; overall figures use these. */
export const IN_SCOPE = ['PERSON', 'ADDRESS', 'PHONE', 'EMAIL', 'SSN', 'US_ID', 'CREDIT_CARD', 'IBAN', 'IP_ADDRESS'] as const;
/** Labelled, but not withheld by the policy (cities, organisations, plain dates, public URLs, job titles). */
export const OUT_OF_SCOPE = ['LOCATION', 'ORGANIZATION', 'DATE', 'URL', 'OTHER'] as const;

const TYPE_OF: Record<string, string> = {
  'personal.name': 'PERSON',
  'personal.address': 'ADDRESS',
  'personal.phone': 'PHONE',
  'personal.email': 'EMAIL',
  'personal.ssn': 'SSN',
  'personal.id-number': 'US_ID',
  'personal.card-number': 'CREDIT_CARD',
  'personal.iban': 'IBAN',
  'personal.ip-address': 'IP_ADDRESS',
  'personal.dob': 'DATE',
  'security.internal-host': 'URL',
};

export function readCases(path: string): Case[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Case);
}

/**
 * The laid-out page collapses runs of spaces, so offsets are mapped back to the
 * case text word by word (both sides split the same non-space runs).
 */
function offsetMapper(text: string, laidText: string): (offset: number, isEnd: boolean) => number {
  const orig = [...text.matchAll(/\S+/g)].map((m) => [m.index, m.index + m[0].length]);
  const laid = [...laidText.matchAll(/\S+/g)].map((m) => [m.index, m.index + m[0].length]);
  if (orig.length !== laid.length) throw new Error('word counts differ after layout');
  return (offset, isEnd) => {
    for (let i = 0; i < laid.length; i++) {
      const [s, e] = laid[i];
      if (offset >= s && offset < e) return orig[i][0] + (offset - s);
      if (isEnd && offset === e) return orig[i][1];
      if (offset < s) return isEnd ? (i > 0 ? orig[i - 1][1] : 0) : orig[i][0];
    }
    return text.length;
  };
}

export interface Predicted extends Span {
  detector: string;
}

export function predict(c: Case, policy: Policy): Predicted[] {
  const doc = textDocument([c.text], { fileName: c.id });
  const [findings] = detectDocuments([doc], policy);
  const map = offsetMapper(c.text, doc.pages[0].text);
  return findings.flatMap((f: Finding) => {
    const type = TYPE_OF[f.category];
    return type ? [{ start: map(f.start, false), end: map(f.end, true), type, detector: f.detector }] : [];
  });
}

export interface Score {
  gold: number;
  predicted: number;
  /** Predictions that hit a labelled span (precision numerator). */
  truePredictions: number;
  /** Labelled spans that were hit (recall numerator). */
  found: number;
  precision: number;
  recall: number;
  f2: number;
}

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

function same(a: Span, b: Span): boolean {
  return a.start === b.start && a.end === b.end;
}

export function score(pairs: { gold: Span[]; predicted: Span[] }[], types: readonly string[], mode: 'strict' | 'overlap'): Score {
  const match = mode === 'strict' ? same : overlaps;
  let gold = 0;
  let predicted = 0;
  let truePredictions = 0;
  let found = 0;
  for (const p of pairs) {
    const g = p.gold.filter((s) => types.includes(s.type));
    const q = p.predicted.filter((s) => types.includes(s.type));
    gold += g.length;
    predicted += q.length;
    truePredictions += q.filter((x) => g.some((y) => y.type === x.type && match(x, y))).length;
    found += g.filter((y) => q.some((x) => x.type === y.type && match(x, y))).length;
  }
  const precision = predicted === 0 ? 1 : truePredictions / predicted;
  const recall = gold === 0 ? 1 : found / gold;
  const f2 = precision + recall === 0 ? 0 : (5 * precision * recall) / (4 * precision + recall);
  return { gold, predicted, truePredictions, found, precision, recall, f2 };
}

/** Share of labelled spans of `types` covered by any prediction of any type ("was it redacted at all?"). */
export function coveredAnyType(pairs: { gold: Span[]; predicted: Span[] }[], types: readonly string[]): number {
  let gold = 0;
  let hit = 0;
  for (const p of pairs) {
    for (const g of p.gold.filter((s) => types.includes(s.type))) {
      gold++;
      if (p.predicted.some((x) => overlaps(x, g))) hit++;
    }
  }
  return gold === 0 ? 1 : hit / gold;
}

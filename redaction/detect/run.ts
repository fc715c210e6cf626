/**
 * @module
 * Detection over a batch: every detector on every document, the office's deny
 * list, overlap resolution, the allow list, then batch consistency (a name or
 * identifier found once is found everywhere in the batch), and finally the
 * policy's action and exemption on each finding.
 *
 * ```ts
 * const findings = detectDocuments([docA, docB], defaultPolicy()); // findings[i] belongs to docs[i]
 * ```
 */
import { createHash } from 'node:crypto';
import { boxesForRange } from '../../pipeline/model/document-text.ts';
import type { Document, Finding } from '../../pipeline/model/types.ts';
import type { CategoryKey } from '../policy/categories.ts';
import type { Policy } from '../policy/types.ts';
import { runDetector } from './detector.ts';
import type { Candidate, Detector } from './detector.ts';
import { detectors as allDetectors } from './index.ts';
import { prepareInput } from './input.ts';
import type { DetectInput } from './input.ts';
import { lexiconTags } from './nlp.ts';
import { TITLES } from './name-words.ts';

/** A candidate with its origin, before the policy is applied. */
interface Hit extends Candidate {
  id: string;
  detector: string;
  category: CategoryKey;
  passage: boolean;
}

/** Identifiers longer than this are not identifiers; passages are bounded by their own rules. */
const MAX_IDENTIFIER_CHARS = 300;

/** Categories whose values mean the same thing wherever they appear in a batch. */
const CONSISTENT: ReadonlySet<CategoryKey> = new Set<CategoryKey>([
  'personal.name', 'personal.address', 'personal.phone', 'personal.email', 'personal.ssn', 'personal.id-number', 'personal.bank-account', 'personal.card-number',
  'personal.iban', 'personal.ip-address', 'personal.vehicle-plate', 'government.internal-id', 'security.credential', 'security.internal-host',
]);

export function detectDocuments(documents: Document[], policy: Policy, detectors: Detector[] = allDetectors): Finding[][] {
  const inputs = documents.map(prepareInput);
  const perDoc = inputs.map((input) => {
    const hits: Hit[] = [];
    for (const detector of detectors) {
      for (const c of runDetector(detector, input, policy.threshold)) {
        if (!detector.passage && c.end - c.start > MAX_IDENTIFIER_CHARS) continue;
        hits.push(hit(input, detector.id, detector.category, c, detector.passage === true));
      }
    }
    hits.push(...denyHits(input, policy));
    return applyAllowList(input, resolveOverlaps(hits, input.text), policy);
  });
  addConsistencyHits(inputs, perDoc);
  return inputs.map((input, i) => resolveOverlaps(perDoc[i], input.text).filter((h) => policy.categories[h.category].action !== 'keep').map((h) => toFinding(input, h, policy)));
}

function hit(input: DetectInput, detector: string, category: CategoryKey, c: Candidate, passage = false): Hit {
  return { ...c, id: findingId(input.document.id, detector, c.start, c.end), detector, category, passage };
}

/** Stable across runs: the same document, detector and span give the same id. */
export function findingId(documentId: string, detector: string, start: number, end: number): string {
  return createHash('sha256').update(`${documentId}\0${detector}\0${start}\0${end}`).digest('hex').slice(0, 16);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Literal words, case-insensitive, any whitespace between them (line and page breaks too). */
function literalRegex(text: string): RegExp {
  const body = text.trim().split(/\s+/).map(escapeRegex).join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'giu');
}

function denyHits(input: DetectInput, policy: Policy): Hit[] {
  const out: Hit[] = [];
  for (const entry of policy.deny) {
    const regex = 'text' in entry ? literalRegex(entry.text) : new RegExp(entry.pattern.source, entry.pattern.flags);
    const label = 'text' in entry ? 'deny list entry' : `deny list pattern /${entry.pattern.source}/`;
    for (const m of input.text.matchAll(regex)) {
      if (m[0].length === 0) continue;
      out.push(hit(input, 'deny-list', entry.category, { start: m.index, end: m.index + m[0].length, score: 1, why: [entry.note ? `${label} (${entry.note})` : label] }));
    }
  }
  return out;
}

/**
 * Same category and overlapping: merged into one. Different categories and
 * overlapping: the stronger wins (a card number is not also a phone number).
 * Passages never compete: a name inside a marked paragraph is still a name.
 */
function resolveOverlaps(hits: Hit[], text: string): Hit[] {
  const sorted = [...hits].sort((a, b) => b.score - a.score || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Hit[] = [];
  for (const original of sorted) {
    const h = { ...original, why: [...original.why] };
    let keep = true;
    for (const k of kept) {
      if (k.passage !== h.passage || k.end <= h.start || h.end <= k.start) continue;
      if (k.category === h.category) {
        mergeInto(k, h);
        keep = false;
        break;
      }
      // a weaker finding of another category loses the part the stronger one covers
      if (k.start <= h.start && h.end <= k.end) keep = false;
      else if (h.start < k.start && k.end < h.end) continue;
      else if (h.start < k.start) h.end = k.start;
      else h.start = k.end;
      if (keep) tidy(text, h);
      if (!keep || h.end - h.start < 2) {
        keep = false;
        break;
      }
    }
    if (keep) kept.push(h);
  }
  // merging can make kept hits overlap each other; one more pass settles it
  const merged = kept.sort((a, b) => a.start - b.start);
  const out: Hit[] = [];
  for (const h of merged) {
    const prev = out.findLast((k) => k.passage === h.passage && k.category === h.category && k.start < h.end && h.start < k.end);
    if (prev) mergeInto(prev, h);
    else out.push(h);
  }
  return out;
}

/** Shrinks [start, end) past spaces and punctuation at either edge. */
function tidy(text: string, h: Hit): void {
  while (h.start < h.end && /[\s,.;:()-]/.test(text[h.start])) h.start++;
  while (h.end > h.start && /[\s,;:(-]/.test(text[h.end - 1])) h.end--;
}

function mergeInto(target: Hit, other: Hit): void {
  target.start = Math.min(target.start, other.start);
  target.end = Math.max(target.end, other.end);
  for (const w of other.why) if (!target.why.includes(w)) target.why.push(w);
  if (other.detector !== target.detector && !target.why.includes(`also ${other.detector}`)) target.why.push(`also ${other.detector}`);
}

function normalise(text: string): string {
  return text.replace(/['’]s$/i, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * Drops findings inside an allowed phrase, equal to one, or (for names) equal to
 * the surname of an allowed person: "Secretary Granholm" when "Jennifer Granholm"
 * is allowed. Deny-list hits are never dropped.
 */
function applyAllowList(input: DetectInput, hits: Hit[], policy: Policy): Hit[] {
  if (policy.allow.length === 0) return hits;
  const ranges: [number, number][] = [];
  const exact = new Set<string>();
  const surnames = new Set<string>();
  for (const entry of policy.allow) {
    exact.add(normalise(entry.text));
    const parts = entry.text.trim().split(/\s+/);
    if (parts.length > 1) surnames.add(normalise(parts[parts.length - 1]));
    for (const m of input.text.matchAll(literalRegex(entry.text))) ranges.push([m.index, m.index + m[0].length]);
  }
  return hits.filter((h) => {
    if (h.detector === 'deny-list') return true;
    const text = normalise(input.text.slice(h.start, h.end));
    if (exact.has(text)) return false;
    if (h.category === 'personal.name' && !text.includes(' ') && surnames.has(text)) return false;
    return !ranges.some(([s, e]) => s <= h.start && h.end <= e);
  });
}

interface Source {
  hit: Hit;
  document: Document;
  page: number;
}

/** How a value is searched for in the rest of the batch, and how a match maps back to its key. */
interface KeyClass {
  regex: (values: string[]) => RegExp;
  key: (matched: string) => string;
}

const IDENTIFIER_GAP = '[\\s.\\-/]?';
const titleAlternation = [...TITLES].map(escapeRegex).join('|');

const keyClasses = {
  /** Full names and other words: any case, any whitespace, optional possessive. */
  words: {
    regex: (values) => new RegExp(`(?<![\\p{L}\\p{N}])(?:${values.map((v) => v.split(' ').map(escapeRegex).join('\\s+')).join('|')})(?=['’]s\\b|(?![\\p{L}\\p{N}]))`, 'giu'),
    key: (m) => normalise(m),
  },
  /** A surname after a title: "Ms. Gonzalez" once "Maria Gonzalez" was found. */
  surnames: {
    regex: (values) => new RegExp(`(?<=(?<![\\p{L}])(?:${titleAlternation})\\.?\\s+)(?:${values.map(escapeRegex).join('|')})(?=['’]s\\b|(?![\\p{L}\\p{N}]))`, 'giu'),
    key: (m) => normalise(m),
  },
  /** Numbers and codes with or without their separators. */
  identifiers: {
    regex: (values) => new RegExp(`(?<![\\p{L}\\p{N}])(?:${values.map((v) => [...v].map(escapeRegex).join(IDENTIFIER_GAP)).join('|')})(?![\\p{L}\\p{N}])`, 'giu'),
    key: (m) => m.replace(/[^\p{L}\p{N}]/gu, '').toUpperCase(),
  },
} satisfies Record<string, KeyClass>;
type KeyKind = keyof typeof keyClasses;

/** The keys under which a finding's value is searched for elsewhere. */
function keysOf(h: Hit, text: string): [KeyKind, string][] {
  if (h.category === 'personal.name') {
    const name = normalise(text);
    const parts = name.split(' ').filter((p) => p.replace(/\./g, '').length > 1);
    const keys: [KeyKind, string][] = [];
    // a lone common word ("grant") is only the same name when it is more than one word
    if (parts.length > 1 || lexiconTags(name).every((t) => t.endsWith('Name'))) keys.push(['words', name]);
    if (parts.length > 1) keys.push(['surnames', parts[parts.length - 1]]);
    if (text.includes(',') && parts.length === 2) keys.push(['words', `${parts[1]} ${parts[0].replace(/,$/, '')}`]);
    return keys;
  }
  const compact = text.replace(/[^\p{L}\p{N}]/gu, '').toUpperCase();
  if (/\d/.test(compact) && compact.length >= 5 && !text.includes('@')) return [['identifiers', compact]];
  return [['words', normalise(text)]];
}

function pageOf(input: DetectInput, offset: number): number {
  let i = 0;
  while (i + 1 < input.pageStarts.length && input.pageStarts[i + 1] <= offset) i++;
  return input.document.pages[i]?.number ?? 1;
}

/** Adds, in every document, the other occurrences of each name or identifier found anywhere in the batch. */
function addConsistencyHits(inputs: DetectInput[], perDoc: Hit[][]): void {
  const sources = new Map<string, Source>();
  inputs.forEach((input, d) => {
    for (const h of [...perDoc[d]].sort((a, b) => a.start - b.start)) {
      if (!CONSISTENT.has(h.category) || h.passage) continue;
      for (const [kind, key] of keysOf(h, input.text.slice(h.start, h.end))) {
        const k = `${kind}\0${key}`;
        if (key.length >= 2 && !sources.has(k)) sources.set(k, { hit: h, document: input.document, page: pageOf(input, h.start) });
      }
    }
  });
  if (sources.size === 0) return;
  const byKind = new Map<KeyKind, string[]>();
  for (const k of sources.keys()) {
    const [kind, key] = k.split('\0') as [KeyKind, string];
    byKind.set(kind, [...(byKind.get(kind) ?? []), key]);
  }
  inputs.forEach((input, d) => {
    const existing = perDoc[d];
    for (const [kind, keys] of byKind) {
      // longest first, so "maria gonzalez" wins over "maria"
      const regex = keyClasses[kind].regex([...keys].sort((a, b) => b.length - a.length));
      for (const m of input.text.matchAll(regex)) {
        const source = sources.get(`${kind}\0${keyClasses[kind].key(m[0])}`);
        if (!source) continue;
        const start = m.index;
        const end = m.index + m[0].length;
        if (existing.some((h) => h.category === source.hit.category && h.start <= start && end <= h.end)) continue;
        const where = `${source.document.fileName} p.${source.page}`;
        existing.push(
          hit(input, 'consistency', source.hit.category, {
            start,
            end,
            score: source.hit.score,
            why: [`same ${kind === 'surnames' ? 'surname' : 'value'} as finding ${source.hit.id} (${source.hit.detector}, ${where})`],
          }),
        );
      }
    }
  });
}

function toFinding(input: DetectInput, h: Hit, policy: Policy): Finding {
  const rule = policy.categories[h.category];
  return {
    id: h.id,
    detector: h.detector,
    category: h.category,
    exemption: rule.exemption,
    action: rule.action,
    score: Math.round(h.score * 100) / 100,
    text: input.text.slice(h.start, h.end),
    why: h.why,
    start: h.start,
    end: h.end,
    boxes: boxesForRange(input.document, { text: input.text, pageStarts: input.pageStarts }, h.start, h.end),
  };
}

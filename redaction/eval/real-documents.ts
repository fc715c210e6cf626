/**
 * @module
 * Scores detection on labelled real documents (`redaction/eval/gov-pdfs/labels`,
 * written by the guide beside them): the whole corpus runs as one batch, as a
 * records clerk would run it, and each finding a reviewer would see (actions
 * redact and review) is right, debatable or wrong. Figures per split (the tuning
 * half and the held-out half, fixed in the labels): findings per 100 pages on
 * documents with nothing to redact, precision and recall for names and for
 * identifiers, distinct decisions per 100 pages. Error kinds are listed for the
 * tuning half only, unless EVAL_SHOW_HELD_OUT=1: held-out failures are not for tuning.
 * A corpus gathered in batches (labels with `batch`) is also scored per batch and
 * split, so a later batch's held-out half measures what an earlier batch's tuning
 * did not see.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { documentText } from '../../pipeline/model/document-text.ts';
import type { Document, Finding } from '../../pipeline/model/types.ts';
import type { Policy } from '../policy/types.ts';
import { batchDetection } from '../detect/run.ts';
import { isolatedDetectionSpeed } from './detection-speed.ts';
import type { DetectionSpeed } from './detection-speed.ts';
import { covered, occurrences } from './occurrences.ts';
import { readCorpus } from './read-corpus.ts';

export type Split = 'tune' | 'held-out';
export type Kind = 'name' | 'identifier';

export interface Label {
  text: string;
  kind: Kind;
  why: string;
}

export interface DocumentLabels {
  file: string;
  sha256: string;
  pages: number;
  split: Split;
  /** Which batch of a corpus gathered in batches (1, 2, …), fixed with the split; absent for a corpus gathered at once. */
  batch?: number;
  redact: Label[];
  debatable: Label[];
  notes: string;
}

export function readLabels(dir: string): DocumentLabels[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const l = JSON.parse(readFileSync(join(dir, f), 'utf8')) as DocumentLabels;
      if (l.split !== 'tune' && l.split !== 'held-out') throw new Error(`${f}: split must be "tune" or "held-out"`);
      if (l.batch !== undefined && !(Number.isInteger(l.batch) && l.batch >= 1)) throw new Error(`${f}: batch must be a whole number from 1`);
      for (const x of [...l.redact, ...l.debatable]) if (x.kind !== 'name' && x.kind !== 'identifier') throw new Error(`${f}: kind of "${x.text}" must be name or identifier`);
      return l;
    });
}

type Verdict = 'right' | 'debatable' | 'wrong';

/** One finding as scored: no document text beyond the finding's own. */
export interface ScoredFinding {
  file: string;
  split: Split;
  verdict: Verdict;
  group: Kind;
  category: string;
  detector: string;
  text: string;
}

interface DocumentScore {
  file: string;
  split: Split;
  batch?: number;
  pages: number;
  nothingToRedact: boolean;
  findings: ScoredFinding[];
  labels: { kind: Kind; found: boolean; inText: boolean; text: string }[];
  problem?: string;
}

export interface SplitFigures {
  documents: number;
  pages: number;
  /** Documents whose `redact` list is empty. */
  nothingToRedact: { documents: number; pages: number; findings: number; debatable: number; per100Pages: number; debatablePer100Pages: number };
  names: { right: number; wrong: number; precision: number; labelled: number; found: number; recall: number };
  identifiers: { right: number; wrong: number; precision: number; labelled: number; found: number; recall: number };
  findings: number;
  /** Findings on `debatable` strings anywhere in the split (litigants, requesters writing for an organisation). */
  debatable: number;
  /** Identical values (category and text) across the batch are one decision. */
  distinctDecisions: number;
  distinctDecisionsPer100Pages: number;
  /** Share of findings added by the batch consistency pass. */
  consistencyShare: number;
}

function groupOf(category: string): Kind {
  return category === 'personal.name' ? 'name' : 'identifier';
}

function decisionKey(f: Pick<ScoredFinding, 'category' | 'text'>): string {
  return `${f.category}\0${f.text.replace(/\s+/g, ' ').trim().toLowerCase()}`;
}

export function scoreDocument(labels: DocumentLabels, document: Document, findings: readonly Finding[]): DocumentScore {
  const text = documentText(document).text;
  const redactRanges = labels.redact.map((l) => ({ label: l, ranges: occurrences(text, l.text, true) }));
  const debatableRanges = labels.debatable.flatMap((l) => occurrences(text, l.text, true));
  const overlaps = (f: Finding, [s, e]: [number, number]) => f.start < e && s < f.end;
  const scored = findings
    .filter((f) => f.action === 'redact' || f.action === 'review')
    .map((f): ScoredFinding => {
      const verdict: Verdict = redactRanges.some((r) => r.ranges.some((x) => overlaps(f, x))) ? 'right' : debatableRanges.some((x) => overlaps(f, x)) ? 'debatable' : 'wrong';
      return { file: labels.file, split: labels.split, verdict, group: groupOf(f.category), category: f.category, detector: f.detector, text: f.text };
    });
  const shown = findings.filter((f) => f.action === 'redact' || f.action === 'review');
  return {
    file: labels.file,
    split: labels.split,
    ...(labels.batch !== undefined ? { batch: labels.batch } : {}),
    pages: document.pages.length,
    nothingToRedact: labels.redact.length === 0,
    findings: scored,
    labels: redactRanges.map(({ label, ranges }) => ({ kind: label.kind, text: label.text, inText: ranges.length > 0, found: ranges.length > 0 && ranges.every((r) => covered(text, shown, r)) })),
  };
}

/** Figures for the tuning half, the held-out half and both. */
export function perSplit(docs: readonly DocumentScore[]): Record<Split | 'all', SplitFigures> {
  return { tune: figures(docs.filter((d) => d.split === 'tune')), 'held-out': figures(docs.filter((d) => d.split === 'held-out')), all: figures(docs) };
}

function ratio(n: number, d: number): number {
  return d === 0 ? 1 : n / d;
}

export function figures(docs: readonly DocumentScore[]): SplitFigures {
  const pages = docs.reduce((s, d) => s + d.pages, 0);
  const nothing = docs.filter((d) => d.nothingToRedact);
  const nothingPages = nothing.reduce((s, d) => s + d.pages, 0);
  const nothingFindings = nothing.flatMap((d) => d.findings);
  const all = docs.flatMap((d) => d.findings);
  const labels = docs.flatMap((d) => d.labels);
  const group = (g: Kind) => {
    const right = all.filter((f) => f.group === g && f.verdict === 'right').length;
    const wrong = all.filter((f) => f.group === g && f.verdict === 'wrong').length;
    const labelled = labels.filter((l) => l.kind === g).length;
    const found = labels.filter((l) => l.kind === g && l.found).length;
    return { right, wrong, precision: ratio(right, right + wrong), labelled, found, recall: ratio(found, labelled) };
  };
  const distinct = new Set(all.map(decisionKey)).size;
  const wrongHere = nothingFindings.filter((f) => f.verdict !== 'debatable').length;
  const debatableHere = nothingFindings.length - wrongHere;
  return {
    documents: docs.length,
    pages,
    nothingToRedact: {
      documents: nothing.length,
      pages: nothingPages,
      findings: wrongHere,
      debatable: debatableHere,
      per100Pages: nothingPages === 0 ? 0 : (100 * wrongHere) / nothingPages,
      debatablePer100Pages: nothingPages === 0 ? 0 : (100 * debatableHere) / nothingPages,
    },
    names: group('name'),
    identifiers: group('identifier'),
    findings: all.length,
    debatable: all.filter((f) => f.verdict === 'debatable').length,
    distinctDecisions: distinct,
    distinctDecisionsPer100Pages: pages === 0 ? 0 : (100 * distinct) / pages,
    consistencyShare: ratio(all.filter((f) => f.detector === 'consistency').length, all.length),
  };
}

/** The most common wrong findings, grouped by category and detector, with a few example values. */
export function errorKinds(findings: readonly ScoredFinding[], top = 10): { kind: string; count: number; examples: string[] }[] {
  const byKind = new Map<string, { count: number; values: Map<string, number> }>();
  for (const f of findings.filter((x) => x.verdict === 'wrong')) {
    const k = `${f.category} by ${f.detector}`;
    const e = byKind.get(k) ?? { count: 0, values: new Map() };
    e.count++;
    const v = f.text.replace(/\s+/g, ' ').slice(0, 40);
    e.values.set(v, (e.values.get(v) ?? 0) + 1);
    byKind.set(k, e);
  }
  return [...byKind]
    .sort((a, b) => b[1].count - a[1].count)
    .slice(0, top)
    .map(([kind, e]) => ({ kind, count: e.count, examples: [...e.values].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([v, n]) => (n > 1 ? `"${v}" ×${n}` : `"${v}"`)) }));
}

/**
 * The ten most common remaining errors, by kind: wrong findings (by category and detector) and labelled strings
 * missed (by kind; "not in the text" when extraction lost it), as a closing note lists them. With `examples` false
 * only kinds and counts: a held-out half's errors are reported so, so that no one tunes on their values.
 */
export function remainingErrors(documents: readonly Pick<DocumentScore, 'findings' | 'labels'>[], examples: boolean, top = 10): { kind: string; count: number; examples?: string[] }[] {
  const byKind = new Map<string, Map<string, number>>();
  const add = (kind: string, value: string) => {
    const values = byKind.get(kind) ?? new Map<string, number>();
    const v = value.replace(/\s+/g, ' ').slice(0, 40);
    values.set(v, (values.get(v) ?? 0) + 1);
    byKind.set(kind, values);
  };
  for (const d of documents) {
    for (const f of d.findings) if (f.verdict === 'wrong') add(`wrong ${f.category} by ${f.detector}`, f.text);
    for (const l of d.labels) if (!l.found) add(`missed ${l.kind}${l.inText ? '' : ' (not in the extracted text)'}`, l.text);
  }
  const count = (values: Map<string, number>) => [...values.values()].reduce((a, b) => a + b, 0);
  return [...byKind]
    .map(([kind, values]) => ({ kind, count: count(values), values }))
    .sort((a, b) => b.count - a.count || (a.kind < b.kind ? -1 : 1))
    .slice(0, top)
    .map(({ kind, count: n, values }) => (examples ? { kind, count: n, examples: [...values].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([v, k]) => (k > 1 ? `"${v}" ×${k}` : `"${v}"`)) } : { kind, count: n }));
}

export interface RealDocumentsResult {
  corpus: string;
  seconds: { read: number; detect: number };
  /** Detection alone, warm, in pages per CPU second (when asked for). */
  speed?: DetectionSpeed;
  /** With `speed`: the document whose detection took the most CPU time, by file name on the tuning half. */
  slowestDocument?: { file: string; pages: number; cpuSeconds: number };
  pages: number;
  perSplit: Record<Split | 'all', SplitFigures>;
  /** The same figures per batch ("1", "2", …) when the labels name batches. */
  perBatch?: Record<string, Record<Split | 'all', SplitFigures>>;
  perDocument: { file: string; split: Split; batch?: number; pages: number; findings: number; wrong: number; debatable: number; right: number; problem?: string }[];
  tuneErrorKinds: ReturnType<typeof errorKinds>;
  /** The same per batch, when the labels name batches: a new batch's tuning half shows what the earlier tuning missed. */
  tuneErrorKindsPerBatch?: Record<string, ReturnType<typeof errorKinds>>;
  heldOutErrorKinds?: ReturnType<typeof errorKinds>;
  /** The ten most common remaining errors (wrong findings and misses) of the tuning half, with values. */
  tuneRemainingErrors: ReturnType<typeof remainingErrors>;
  /** The same for the held-out half, kinds and counts only. */
  heldOutRemainingErrors: ReturnType<typeof remainingErrors>;
}

export async function evaluateRealDocuments(corpusDir: string, labelsDir: string, policy: Policy, onFile?: (name: string, cached: boolean) => void, options: { speed?: boolean } = {}): Promise<RealDocumentsResult | undefined> {
  if (!existsSync(corpusDir) || !existsSync(labelsDir)) return undefined;
  const labels = readLabels(labelsDir);
  const t0 = performance.now();
  const read = await readCorpus(labels.map((l) => join(corpusDir, l.file)), { onFile });
  const t1 = performance.now();
  const docs = read.map((r, i) => ({ labels: labels[i], document: r.document, problem: r.problem }));
  // each half of each batch is detected as its own batch, as a clerk would run it: batch consistency never
  // carries a finding from a later batch into an earlier one (whose figures stay comparable), nor from a
  // held-out document into a tuning one, where a tuner would see it
  const group = (l: DocumentLabels) => `${l.batch ?? ''}:${l.split}`;
  const detection = new Map<string, ReturnType<typeof batchDetection>>();
  const index = new Map<number, number>();
  for (const [i, d] of docs.entries()) {
    if (!d.document) continue;
    if (!detection.has(group(d.labels))) detection.set(group(d.labels), batchDetection(policy));
    index.set(i, detection.get(group(d.labels))!.scan(d.document));
  }
  const scored: DocumentScore[] = docs.map((d, i) => {
    if (!d.document) return { file: d.labels.file, split: d.labels.split, ...(d.labels.batch !== undefined ? { batch: d.labels.batch } : {}), pages: d.labels.pages, nothingToRedact: d.labels.redact.length === 0, findings: [], labels: d.labels.redact.map((l) => ({ kind: l.kind, text: l.text, inText: false, found: false })), problem: d.problem };
    return scoreDocument(d.labels, d.document, detection.get(group(d.labels))!.findings(index.get(i)!, d.document));
  });
  const t2 = performance.now();
  // timed alone in a fresh thread: in this one, the figure depended on what ran before (an earlier corpus, this
  // corpus's split-half detection) and moved by half between processes on the same code
  const timed = docs.filter((d) => d.document);
  const speed = options.speed ? await isolatedDetectionSpeed(timed.map((d) => d.document!), policy) : undefined;
  // the slowest document is named only from the tuning half: a held-out file's name is all its row would say, but
  // a name invites a look at the text
  const slowestOf = speed?.slowest && timed[speed.slowest.document];
  const slowestDocument = slowestOf ? { file: slowestOf.labels.split === 'tune' ? slowestOf.labels.file : '(a held-out document)', pages: speed.slowest!.pages, cpuSeconds: speed.slowest!.cpuSeconds } : undefined;
  const showHeldOut = process.env.EVAL_SHOW_HELD_OUT === '1';
  const batches = [...new Set(scored.flatMap((d) => (d.batch === undefined ? [] : [d.batch])))].sort((a, b) => a - b);
  if (batches.length && scored.some((d) => d.batch === undefined)) throw new Error(`${labelsDir}: some labels name a batch and some do not`);
  return {
    corpus: corpusDir,
    seconds: { read: (t1 - t0) / 1000, detect: (t2 - t1) / 1000 },
    ...(speed ? { speed } : {}),
    ...(slowestDocument ? { slowestDocument } : {}),
    pages: scored.reduce((s, d) => s + d.pages, 0),
    perSplit: perSplit(scored),
    ...(batches.length ? { perBatch: Object.fromEntries(batches.map((b) => [String(b), perSplit(scored.filter((d) => d.batch === b))])) } : {}),
    // held-out documents are listed by size only: their failures are not for tuning
    perDocument: scored.filter((d) => showHeldOut || d.split === 'tune').map((d) => ({
      file: d.file,
      split: d.split,
      ...(d.batch !== undefined ? { batch: d.batch } : {}),
      pages: d.pages,
      findings: d.findings.length,
      wrong: d.findings.filter((f) => f.verdict === 'wrong').length,
      debatable: d.findings.filter((f) => f.verdict === 'debatable').length,
      right: d.findings.filter((f) => f.verdict === 'right').length,
      ...(d.problem ? { problem: d.problem } : {}),
    })),
    tuneErrorKinds: errorKinds(scored.filter((d) => d.split === 'tune').flatMap((d) => d.findings)),
    ...(batches.length ? { tuneErrorKindsPerBatch: Object.fromEntries(batches.map((b) => [String(b), errorKinds(scored.filter((d) => d.batch === b && d.split === 'tune').flatMap((d) => d.findings))])) } : {}),
    ...(showHeldOut ? { heldOutErrorKinds: errorKinds(scored.filter((d) => d.split === 'held-out').flatMap((d) => d.findings)) } : {}),
    tuneRemainingErrors: remainingErrors(scored.filter((d) => d.split === 'tune'), true),
    heldOutRemainingErrors: remainingErrors(scored.filter((d) => d.split === 'held-out'), showHeldOut),
  };
}

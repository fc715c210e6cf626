/**
 * @module
 * Leave-one-batch-out for the name rules: person-name precision and recall on the TUNING half of each labelled
 * corpus and batch separately (gov-pdfs, the filled forms, each batch of the real texts), so a rule written on one
 * batch can be judged on the tuning documents of the others before anything is read on held-out documents. Each half
 * of each batch is detected as its own batch, as in `npm run eval`; held-out documents are not even detected.
 *
 *     node redaction/eval/name-evidence.ts             # a table of name P/R per tuning batch
 *     node redaction/eval/name-evidence.ts --findings  # also every tuning name finding with its evidence and verdict
 *     node redaction/eval/name-evidence.ts --json out.json
 *     node redaction/eval/name-evidence.ts --baseline /tmp/old   # the same figures from another checkout's detectors, beside these
 *     node redaction/eval/name-evidence.ts --detectors /tmp/old --findings   # another checkout's findings and errors, on the labels here
 *     node redaction/eval/name-evidence.ts --identifiers          # the same for every finding that is not a name (identifiers, addresses, contacts, dates, health)
 *
 * Evidence groups: each name finding's `why` reduced to the kind of evidence it rests on (a title, a label, "Last,
 * First", a table cell, the name lexicon alone, …), with how often that evidence was right per batch.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { documentText } from '../../pipeline/model/document-text.ts';
import { batchDetection } from '../detect/run.ts';
import { defaultPolicy } from '../policy/load-policy.ts';
import { writeFilledForms } from './filled-forms.ts';
import { covered, occurrences } from './occurrences.ts';
import { readCorpus } from './read-corpus.ts';
import { readLabels } from './real-documents.ts';
import { writeRealTexts } from './real-text.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const govPdfs = process.env.GOV_PDFS ?? join(root, '..', 'shared', 'corpora', 'gov-pdfs');

const { values } = parseArgs({ options: { findings: { type: 'boolean', default: false }, json: { type: 'string' }, baseline: { type: 'string' }, detectors: { type: 'string' }, 'without-public-roles': { type: 'boolean', default: false }, identifiers: { type: 'boolean', default: false }, calibrate: { type: 'boolean', default: false }, calibration: { type: 'string' }, help: { type: 'boolean', default: false } } });
if (values.help) {
  process.stdout.write('Usage: node redaction/eval/name-evidence.ts [--findings] [--json FILE] [--without-public-roles] [--baseline DIR] [--detectors DIR] [--identifiers]\nName precision and recall per tuning batch (held-out documents are never reported).\n--identifiers: the same figures and evidence groups for every finding that is not a person\'s name, as npm run eval scores identifiers.\n--baseline DIR: also detect with the detectors and default policy of the checkout at DIR (an older commit, say), and print both figures per batch: a rule is judged on the batches it was not written for.\n--detectors DIR: detect with the checkout at DIR instead of this one (its findings, evidence and errors on the labels here: how an older rule set fails on batches labelled since).\n--without-public-roles: names public-roles.ts moved to a public category count as proposed, to measure what those context rules do per batch.\n--calibrate: leave-one-batch-out for a score per finding from its evidence kinds (see calibrationTable): each batch\'s findings scored by how often their kinds were right in the OTHER batches, and what thresholds would keep.\n--calibration FILE: with --calibrate, count the kinds in FILE (an earlier --json run, e.g. of the current rules) instead, and score this run\'s findings (e.g. a fresh read with --detectors DIR).\n');
  process.exit(0);
}

interface NameRow {
  group: string;
  file: string;
  verdict: 'right' | 'debatable' | 'wrong';
  detector: string;
  text: string;
  why: string[];
  context: string;
}

interface GroupFigures {
  right: number;
  wrong: number;
  debatable: number;
  labelled: number;
  found: number;
  missed: string[];
}

type BatchDetection = typeof batchDetection;

/** The detectors and default policy of the checkout at `dir`. */
async function checkout(dir: string): Promise<{ detect: BatchDetection; policy: ReturnType<typeof defaultPolicy> }> {
  const other = resolve(dir);
  const detect = ((await import(pathToFileURL(join(other, 'redaction', 'detect', 'run.ts')).href)) as { batchDetection: BatchDetection }).batchDetection;
  const policy = ((await import(pathToFileURL(join(other, 'redaction', 'policy', 'load-policy.ts')).href)) as { defaultPolicy: typeof defaultPolicy }).defaultPolicy();
  return { detect, policy };
}

const own = values.detectors ? await checkout(values.detectors) : { detect: batchDetection, policy: defaultPolicy() };
const policy = own.policy;
// ablation: what public-roles.ts moves out of personal.name is proposed instead, so its effect shows per batch
const NAME_CATEGORIES = values['without-public-roles'] ? ['personal.name', 'public.role', 'public.office-contact', 'public.court-record'] : ['personal.name'];
if (values['without-public-roles']) for (const c of NAME_CATEGORIES.slice(1)) policy.categories[c as keyof typeof policy.categories] = { ...policy.categories['personal.name'] };
// --identifiers: what npm run eval scores as identifiers, every shown finding outside personal.name
const KIND = values.identifiers ? 'identifier' : 'name';
const isName = (f: { category: string; detector: string }) => values.identifiers ? f.category !== 'personal.name' : NAME_CATEGORIES.includes(f.category) && (f.category === 'personal.name' || ['person-name', 'consistency', 'name-column'].includes(f.detector));
const rows: NameRow[] = [];
const figures = new Map<string, GroupFigures>();

async function run(label: string, corpusDir: string, labelsDir: string, detect: BatchDetection = own.detect, withPolicy = policy, into = figures, keepRows = true): Promise<void> {
  const labels = readLabels(labelsDir);
  const read = await readCorpus(labels.map((l) => join(corpusDir, l.file)));
  // each half of each batch is detected as its own batch, as npm run eval detects them: batch consistency never
  // carries a held-out document's finding into a tuning document's figures here
  const detections = new Map<string, ReturnType<typeof batchDetection>>();
  const scanned = read.map((r, i) => {
    if (!r.document || labels[i].split !== 'tune') return undefined;
    const b = `${labels[i].batch}/${labels[i].split}`;
    if (!detections.has(b)) detections.set(b, detect(withPolicy));
    return detections.get(b)!.scan(r.document);
  });
  read.forEach((r, i) => {
    const l = labels[i];
    if (!r.document || scanned[i] === undefined) return;
    const findings = detections.get(`${l.batch}/${l.split}`)!.findings(scanned[i]!, r.document);
    if (l.split !== 'tune') return;
    const group = l.batch === undefined ? label : `${label} batch ${l.batch}`;
    const g = into.get(group) ?? { right: 0, wrong: 0, debatable: 0, labelled: 0, found: 0, missed: [] };
    into.set(group, g);
    const text = documentText(r.document).text;
    const redact = l.redact.filter((x) => x.kind === KIND).flatMap((x) => occurrences(text, x.text, true));
    const debatable = l.debatable.flatMap((x) => occurrences(text, x.text, true));
    const shown = findings.filter((f) => f.action !== 'keep');
    const overlaps = (f: { start: number; end: number }, [s, e]: [number, number]) => f.start < e && s < f.end;
    for (const f of shown.filter(isName)) {
      const verdict = redact.some((x) => overlaps(f, x)) ? 'right' : debatable.some((x) => overlaps(f, x)) ? 'debatable' : 'wrong';
      g[verdict]++;
      if (keepRows) rows.push({ group, file: l.file, verdict, detector: f.detector, text: f.text, why: f.why, context: text.slice(Math.max(0, f.start - 60), f.end + 60).replace(/\s+/g, ' ') });
    }
    for (const x of l.redact.filter((y) => y.kind === KIND)) {
      const ranges = occurrences(text, x.text, true);
      g.labelled++;
      // as npm run eval counts it: every occurrence covered by findings the reviewer sees
      if (ranges.length > 0 && ranges.every((rg) => covered(text, shown, rg))) g.found++;
      else g.missed.push(x.text);
    }
  });
}

await run('gov-pdfs', govPdfs, join(here, 'gov-pdfs', 'labels'));
const forms = await writeFilledForms(join(govPdfs, 'pdfs'), join(tmpdir(), 'daylight-filled-forms'));
if (forms) await run('filled forms', forms.corpusDir, forms.labelsDir);
const texts = await writeRealTexts(join(here, 'real-text'), join(tmpdir(), 'daylight-real-text'));
if (texts) await run('real texts', texts.corpusDir, texts.labelsDir);
const baseline = new Map<string, GroupFigures>();
if (values.baseline) {
  const { detect, policy: otherPolicy } = await checkout(values.baseline);
  await run('gov-pdfs', govPdfs, join(here, 'gov-pdfs', 'labels'), detect, otherPolicy, baseline, false);
  if (forms) await run('filled forms', forms.corpusDir, forms.labelsDir, detect, otherPolicy, baseline, false);
  if (texts) await run('real texts', texts.corpusDir, texts.labelsDir, detect, otherPolicy, baseline, false);
}

/** The kind of evidence a finding rests on: its first `why`, numbers and quoted words generalised. */
function evidence(why: string[]): string {
  return why
    .filter((w) => !w.startsWith('also '))
    .map((w) => w.replace(/"[^"]*"/g, '"…"').replace(/\d+/g, 'N'))
    .join(' + ');
}

const pct = (n: number, d: number) => (d === 0 ? '—' : `${((100 * n) / d).toFixed(1)} %`);
const out: string[] = [`| tuning batch | ${KIND}s P | right / shown | debatable | ${KIND}s R | missed |`, '|---|---:|---:|---:|---:|---|'];
for (const [group, g] of figures) out.push(`| ${group} | ${pct(g.right, g.right + g.wrong)} | ${g.right} / ${g.right + g.wrong} | ${g.debatable} | ${g.found}/${g.labelled} | ${g.missed.slice(0, 6).join('; ')} |`);
if (baseline.size > 0) {
  out.push('', `| tuning batch | baseline ${KIND}s P (${values.baseline}) | this checkout | baseline ${KIND}s R | this checkout |`, '|---|---:|---:|---:|---:|');
  for (const [group, g] of figures) {
    const b = baseline.get(group);
    if (b) out.push(`| ${group} | ${pct(b.right, b.right + b.wrong)} (${b.right}/${b.right + b.wrong}) | ${pct(g.right, g.right + g.wrong)} (${g.right}/${g.right + g.wrong}) | ${b.found}/${b.labelled} | ${g.found}/${g.labelled} |`);
  }
}
out.push('', '| evidence | ' + [...figures.keys()].join(' | ') + ' |', '|---|' + [...figures.keys()].map(() => '---:').join('|') + '|');
const byEvidence = new Map<string, Map<string, { right: number; wrong: number }>>();
for (const r of rows) {
  if (r.verdict === 'debatable') continue;
  const k = `${r.detector}: ${evidence(r.why)}`;
  const m = byEvidence.get(k) ?? new Map();
  byEvidence.set(k, m);
  const c = m.get(r.group) ?? { right: 0, wrong: 0 };
  c[r.verdict]++;
  m.set(r.group, c);
}
for (const [k, m] of [...byEvidence].sort((a, b) => [...b[1].values()].reduce((s, c) => s + c.right + c.wrong, 0) - [...a[1].values()].reduce((s, c) => s + c.right + c.wrong, 0))) {
  out.push(`| ${k} | ${[...figures.keys()].map((g) => (m.get(g) ? `${m.get(g)!.right}✓ ${m.get(g)!.wrong}✗` : '')).join(' | ')} |`);
}
if (values.calibrate) out.push('', ...calibrationTable(rows, values.calibration ? (JSON.parse(readFileSync(values.calibration, 'utf8')) as { rows: NameRow[] }).rows : undefined));
if (values.findings) {
  out.push('');
  for (const r of rows) out.push(`${r.group} ${r.verdict.padEnd(9)} ${r.file.replace(/^.*\//, "")} ${r.detector} "${r.text.replace(/\s+/g, ' ')}" [${r.why.join('; ')}] … ${r.context}`);
}
if (values.json) writeFileSync(values.json, JSON.stringify({ figures: Object.fromEntries(figures), rows }, null, 1));
process.stdout.write(`${out.join('\n')}\n`);


/** The kinds of evidence of a private capacity a finding rests on: its `why` less its shape, quoted words generalised. */
function evidenceKinds(why: string[]): string[] {
  // evidence that says what a finding's words are (a name's shape), not whose they are, is left out
  const SHAPE = /^(?:name lexicon|\d+ capitalised words? no dictionary knows|after a title|lower-case given name and surname|"Last, First" with name lexicon|"LAST, First" capitals|"Last, First" alone in a table cell)$/;
  const out = new Set<string>();
  for (const w of why) {
    if (/^same (?:value|surname) as/.test(w)) out.add('consistency copy');
    else if (!SHAPE.test(w)) out.add(w.replace(/"[^"]*"/g, '"…"'));
  }
  return out.size > 0 ? [...out] : ['shape only'];
}

/**
 * Leave one batch out for a calibrated score per finding: a kind of evidence's score is how often findings resting on
 * it were right, (right + 1) / (right + wrong + 2), counted in the other batches (or in `from`, another run's rows); a
 * finding scores its best kind. For each threshold, what each batch would keep of its right and wrong findings.
 * On tuning halves that were tuned on, every kind is right, so a threshold there can only lose the rights of kinds seen
 * in one batch; a fresh read of a new batch (--detectors with the rules from before it) shows what it would drop.
 */
function calibrationTable(rows: NameRow[], from?: NameRow[]): string[] {
  const judged = rows.filter((r) => r.verdict !== 'debatable');
  const thresholds = [0.5, 0.6, 0.67, 0.75, 0.9];
  const groups = [...new Set(judged.map((r) => r.group))];
  const out = [`| batch (scored on ${from ? 'the rows of --calibration' : 'the other batches'}) | right / wrong | ${thresholds.map((t) => `kept at ≥ ${t}`).join(' | ')} |`, `|---|---:|${thresholds.map(() => '---:').join('|')}|`];
  for (const g of groups) {
    const counts = new Map<string, [number, number]>();
    for (const r of (from ?? judged).filter((x) => x.verdict !== 'debatable' && (from !== undefined || x.group !== g))) {
      for (const k of evidenceKinds(r.why)) {
        const c = counts.get(k) ?? [0, 0];
        c[r.verdict === 'right' ? 0 : 1]++;
        counts.set(k, c);
      }
    }
    const score = (r: NameRow) => Math.max(...evidenceKinds(r.why).map((k) => ((counts.get(k)?.[0] ?? 0) + 1) / ((counts.get(k)?.[0] ?? 0) + (counts.get(k)?.[1] ?? 0) + 2)));
    const mine = judged.filter((r) => r.group === g);
    const right = mine.filter((r) => r.verdict === 'right');
    const wrong = mine.filter((r) => r.verdict === 'wrong');
    out.push(`| ${g} | ${right.length} / ${wrong.length} | ${thresholds.map((t) => `${right.filter((r) => score(r) >= t).length} / ${wrong.filter((r) => score(r) >= t).length}`).join(' | ')} |`);
  }
  return out;
}

/**
 * @module
 * `npm run eval`: detection scored per corpus, each figure beside the previous
 * run's (read from `redaction/eval/results.json` before it is rewritten):
 * - real government PDFs (../shared/corpora/gov-pdfs, labels and guide in
 *   `redaction/eval/gov-pdfs/`): findings per 100 pages on documents with
 *   nothing to redact, precision and recall for names and identifiers, distinct
 *   decisions per 100 pages, for the tuning and the held-out half;
 * - ../shared/corpora/pii-labelled: precision, recall and F2 per type and overall
 *   (strict and overlap scoring, halves split by template_id);
 * - real public texts (`redaction/eval/real-text/`, US government records laid out
 *   as PDFs, gathered in batches), the same figures for the tuning and held-out half
 *   of each batch and of all batches together;
 * - the samples' truth file when it exists.
 * Prints Markdown tables. GOV_PDFS points at another corpus folder of the same shape.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultPolicy } from '../policy/load-policy.ts';
import { IN_SCOPE, OUT_OF_SCOPE, coveredAnyType, predict, readCases, score } from './pii-labelled.ts';
import type { Score, Span } from './pii-labelled.ts';
import { evaluateSamples } from './samples.ts';
import { evaluateRealDocuments } from './real-documents.ts';
import type { RealDocumentsResult, SplitFigures } from './real-documents.ts';
import { writeFilledForms } from './filled-forms.ts';
import { writeRealTexts } from './real-text.ts';
import { tmpdir } from 'node:os';
import { evaluateWordAgreement } from './word-agreement.ts';
import { describeSpeed } from './detection-speed.ts';
import type { DetectionSpeed } from './detection-speed.ts';
import type { WordAgreement } from './word-agreement.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const corpus = process.env.PII_LABELLED ?? join(root, '..', 'shared', 'corpora', 'pii-labelled', 'cases.jsonl');

function pct(n: number): string {
  return (n * 100).toFixed(1);
}

function row(name: string, s: Score, strict: Score): string {
  return `| ${name} | ${s.gold} | ${s.predicted} | ${pct(s.precision)} | ${pct(s.recall)} | **${s.f2.toFixed(3)}** | ${pct(strict.precision)} | ${pct(strict.recall)} | ${strict.f2.toFixed(3)} |`;
}

const govPdfs = process.env.GOV_PDFS ?? join(root, '..', 'shared', 'corpora', 'gov-pdfs');
const resultsPath = join(here, 'results.json');

/** The headline figures of a results file, old or new shape; undefined where a run did not measure one. */
type Summary = Record<string, number | undefined>;
function summarise(r: Record<string, any> | undefined): Summary {
  const s: Summary = {};
  if (!r) return s;
  // gov-pdfs keys keep their old names so earlier results files still compare
  const splits = (corpus: Record<string, SplitFigures> | undefined, prefix: string) => {
    for (const split of ['tune', 'held-out'] as const) {
      const f = corpus?.[split];
      if (!f?.documents) continue; // an empty half has no figures (gov-pdfs has been all "tune" since session 7)
      s[`${prefix}${split}: findings /100 pages, nothing to redact`] = f.nothingToRedact.per100Pages;
      s[`${prefix}${split}: debatable findings /100 pages, nothing to redact`] = f.nothingToRedact.debatablePer100Pages;
      s[`${prefix}${split}: precision, names`] = f.names.precision;
      s[`${prefix}${split}: precision, identifiers`] = f.identifiers.precision;
      s[`${prefix}${split}: recall, names`] = f.names.labelled ? f.names.recall : undefined;
      s[`${prefix}${split}: recall, identifiers`] = f.identifiers.labelled ? f.identifiers.recall : undefined;
      s[`${prefix}${split}: debatable findings, all documents, count`] = f.debatable;
      s[`${prefix}${split}: distinct decisions /100 pages`] = f.distinctDecisionsPer100Pages;
      s[`${prefix}${split}: share of findings from consistency`] = f.consistencyShare;
    }
  };
  splits(r.govPdfs?.perSplit, '');
  // real texts per batch; a results file from before the second batch had only the first, under perSplit
  const batches = (r.realTexts?.perBatch ?? (r.realTexts?.perSplit ? { 1: r.realTexts.perSplit } : {})) as Record<string, Record<string, SplitFigures>>;
  for (const [batch, figures] of Object.entries(batches)) splits(figures, `real texts batch ${batch}, `);
  if (r.realTexts?.perBatch) splits(r.realTexts.perSplit, 'real texts, all batches, ');
  if (r.govPdfs?.perSplit?.all) s['gov-pdfs: findings, whole batch'] = r.govPdfs.perSplit.all.findings;
  // session 17 changed the measure (a fresh thread per corpus, warm-up, fresh copies, GC before each pass): its keys
  // are new, so a figure is never set beside one measured the old way
  for (const [name, corpus] of [['gov-pdfs', r.govPdfs], ['filled forms', r.filledForms], ['real texts', r.realTexts]] as const) {
    const speed = corpus?.speed as DetectionSpeed | undefined;
    if (!speed?.isolated) continue;
    s[`${name}: detection, pages per CPU second, warm, alone in a thread (target 150)`] = speed.pagesPerCpuSecond;
    s[`${name}: detection, pages per CPU second, warm, every thread`] = speed.isolated.allThreadsPagesPerCpuSecond;
    s[`${name}: detection, pages per CPU second, cold first pass`] = speed.isolated.cold.pagesPerCpuSecond;
  }
  s['gov-pdfs: detection, pages per CPU second (target 150)'] = r.govPdfs?.speed?.isolated ? undefined : r.govPdfs?.speed?.pagesPerCpuSecond;
  s['real texts: detection, pages per CPU second'] = r.realTexts?.speed?.isolated ? undefined : r.realTexts?.speed?.pagesPerCpuSecond;
  // a runaway pattern on one document shows here before it moves a whole corpus's figure
  for (const [name, corpus] of [['gov-pdfs', r.govPdfs], ['filled forms', r.filledForms], ['real texts', r.realTexts]] as const) {
    const slowest = corpus?.slowestDocument as { pages: number; cpuSeconds: number } | undefined;
    if (!slowest) continue;
    s[`${name}: detection, slowest document, CPU s`] = slowest.cpuSeconds;
    s[`${name}: detection, slowest document, pages`] = slowest.pages;
  }
  for (const split of ['tune', 'held-out'] as const) {
    const forms = r.filledForms?.perSplit?.[split] as SplitFigures | undefined;
    if (!forms?.documents) continue;
    s[`filled forms (${split}): precision, names`] = forms.names.precision;
    s[`filled forms (${split}): precision, identifiers`] = forms.identifiers.precision;
    s[`filled forms (${split}): recall, names`] = forms.names.recall;
    s[`filled forms (${split}): recall, identifiers`] = forms.identifiers.recall;
  }
  s['pii-labelled: F2 overlap'] = r.piiLabelled?.overall?.overlap?.f2;
  s['pii-labelled: F2 strict'] = r.piiLabelled?.overall?.strict?.f2;
  const cats = r.samples?.categories as Record<string, { items: number; found: number }> | undefined;
  if (cats) {
    const items = Object.values(cats).reduce((a, c) => a + c.items, 0);
    s['samples: recall, all categories'] = items ? Object.values(cats).reduce((a, c) => a + c.found, 0) / items : undefined;
  }
  s['samples: recall, SSN/phone/email/card/account/routing'] = r.samples?.strictRecall;
  for (const [corpus, words] of Object.entries((r.wordAgreement ?? {}) as Record<string, WordAgreement>)) {
    if (words.status !== 'measured') continue;
    s[`${corpus}: words identical to pdftotext's`] = words.total.reference ? words.total.identical / words.total.reference : undefined;
    s[`${corpus}: joined words, count`] = words.total.joinedWords;
    s[`${corpus}: joined words across a space, count`] = words.total.joinedAcrossSpace;
  }
  return s;
}

function fmt(key: string, v: number | undefined): string {
  if (v === undefined) return '—';
  if (key.includes('per CPU second') || key.endsWith('slowest document, pages')) return v.toFixed(0);
  if (key.endsWith('CPU s')) return v.toFixed(2);
  if (/per100|\/100|findings, whole|, count$/.test(key)) return v.toFixed(/whole|count/.test(key) ? 0 : 1);
  return key.includes('F2') ? v.toFixed(3) : `${(v * 100).toFixed(1)} %`;
}

const previous = existsSync(resultsPath) ? (JSON.parse(readFileSync(resultsPath, 'utf8')) as Record<string, any>) : undefined;
const policy = defaultPolicy();
const results: Record<string, unknown> = { policy: policy.name, generatedAt: new Date().toISOString() };
const out: string[] = [];

const real = await evaluateRealDocuments(govPdfs, join(here, 'gov-pdfs', 'labels'), policy, (name, cached) => {
  if (!cached) process.stderr.write(`read ${name}\n`);
}, { speed: true });
if (real) {
  results.govPdfs = real;
  out.push(...realMarkdown(real));
} else {
  out.push(`gov-pdfs corpus not found at ${govPdfs}; set GOV_PDFS to its folder.`, '');
}

// real IRS templates from gov-pdfs filled with invented people: identifiers to find; 9465 and W-2G held out, 1040s tuned on
const filled = await writeFilledForms(join(govPdfs, 'pdfs'), join(tmpdir(), 'daylight-filled-forms'));
const forms = filled && (await evaluateRealDocuments(filled.corpusDir, filled.labelsDir, policy, undefined, { speed: true }));
if (forms) {
  results.filledForms = forms;
  out.push(...realMarkdown(forms, 'filled forms: real IRS templates with invented people, 9465 and W-2G held out, 1040s tuned on (redaction/eval/filled-forms.ts)'));
}

// real public texts, labelled and split before tuning, laid out as PDFs: both halves reported, errors of the tuning half only
const laidOut = await writeRealTexts(join(here, 'real-text'), join(tmpdir(), 'daylight-real-text'));
// timed too: one text whose detection runs away (a pattern that backtracks) shows here as a fall in pages per CPU second
const realTexts = laidOut && (await evaluateRealDocuments(laidOut.corpusDir, laidOut.labelsDir, policy, undefined, { speed: true }));
if (realTexts) {
  results.realTexts = realTexts;
  out.push(...realMarkdown(realTexts, 'real public texts: government records (US, and UK pages under the Open Government Licence), layout generated, each batch split before tuning (redaction/eval/real-text)'));
}

function realMarkdown(r: RealDocumentsResult, title = 'gov-pdfs: labelled real documents'): string[] {
  const row = (name: string, f: SplitFigures) =>
    `| ${name} | ${f.documents} | ${f.pages} | ${f.nothingToRedact.documents} (${f.nothingToRedact.pages} p.) | **${f.nothingToRedact.per100Pages.toFixed(1)}** | ${f.nothingToRedact.debatablePer100Pages.toFixed(1)} | ${pct(f.names.precision)} (${f.names.right}/${f.names.right + f.names.wrong}) | ${pct(f.identifiers.precision)} (${f.identifiers.right}/${f.identifiers.right + f.identifiers.wrong}) | ${f.names.found}/${f.names.labelled} | ${f.identifiers.found}/${f.identifiers.labelled} | ${f.debatable ?? '—'} | ${f.distinctDecisionsPer100Pages.toFixed(1)} | ${pct(f.consistencyShare)} |`;
  const lines = [
    `## ${title} (${r.pages} pages; read ${r.seconds.read.toFixed(1)} s, detection ${r.seconds.detect.toFixed(1)} s as ${r.perBatch ? `${Object.keys(r.perBatch).length} batches, one per batch of the corpus` : 'one batch'})`,
    '',
    ...(r.speed ? [`Detection speed, extraction excluded, CPU time of the detecting thread, this corpus alone: ${describeSpeed(r.speed, () => r.slowestDocument?.file ?? '?')}.`, ''] : []),
    '| split | docs | pages | nothing to redact | findings /100 p. there | debatable /100 p. there | precision names | precision identifiers | recall names | recall identifiers | debatable findings, all docs | distinct decisions /100 p. | from consistency % |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...Object.entries(r.perBatch ?? {}).flatMap(([batch, figures]) =>
      [...(['tune', 'held-out'] as const).filter((split) => figures[split].documents > 0).map((split) => row(`batch ${batch}, ${split}`, figures[split])), row(`batch ${batch}, all`, figures.all)],
    ),
    ...(['tune', 'held-out'] as const).filter((split) => r.perSplit[split].documents > 0).map((split) => row(r.perBatch ? `all batches, ${split}` : split, r.perSplit[split])),
    row(r.perBatch ? 'all batches' : 'all', r.perSplit.all),
    '',
    `Most common wrong findings, tuning half${r.perBatch ? ' of every batch' : ''} (held-out kinds only with EVAL_SHOW_HELD_OUT=1):`,
    '',
    ...r.tuneErrorKinds.map((e, i) => `${i + 1}. ${e.kind}: ${e.count} (${e.examples.join(', ')})`),
    '',
    ...Object.entries(r.tuneErrorKindsPerBatch ?? {}).flatMap(([batch, kinds]) => [
      `Batch ${batch}, tuning half:`,
      '',
      ...kinds.map((e, i) => `${i + 1}. ${e.kind}: ${e.count} (${e.examples.join(', ')})`),
      '',
    ]),
  ];
  if (r.heldOutErrorKinds) lines.push('Held-out half:', '', ...r.heldOutErrorKinds.map((e, i) => `${i + 1}. ${e.kind}: ${e.count} (${e.examples.join(', ')})`), '');
  // what a closing note lists: wrong findings and misses together, by kind; a held-out half's by kind and count only
  const errors = (list: RealDocumentsResult['tuneRemainingErrors']) => (list.length ? list.map((e, i) => `${i + 1}. ${e.kind}: ${e.count}${e.examples ? ` (${e.examples.join(', ')})` : ''}`) : ['none']);
  lines.push(`Ten most common remaining errors by kind (wrong findings and misses), tuning ${r.perBatch ? 'halves' : 'half'}:`, '', ...errors(r.tuneRemainingErrors), '');
  if (r.perSplit['held-out'].documents > 0) lines.push(`Held-out ${r.perBatch ? 'halves' : 'half'}${process.env.EVAL_SHOW_HELD_OUT === '1' ? '' : ', kinds and counts only (no values, not for tuning)'}:`, '', ...errors(r.heldOutRemainingErrors), '');
  return lines;
}

if (existsSync(corpus)) {
  const cases = readCases(corpus);
  const started = performance.now();
  const pairs = cases.map((c) => ({ id: c.id, template: c.template_id, gold: c.spans as Span[], predicted: predict(c, policy) }));
  const seconds = (performance.now() - started) / 1000;
  const perType: Record<string, { overlap: Score; strict: Score }> = {};
  for (const t of IN_SCOPE) perType[t] = { overlap: score(pairs, [t], 'overlap'), strict: score(pairs, [t], 'strict') };
  const overall = { overlap: score(pairs, IN_SCOPE, 'overlap'), strict: score(pairs, IN_SCOPE, 'strict') };
  const halves = {
    evenTemplates: score(pairs.filter((p) => p.template % 2 === 0), IN_SCOPE, 'overlap'),
    oddTemplates: score(pairs.filter((p) => p.template % 2 === 1), IN_SCOPE, 'overlap'),
  };
  const outOfScope = Object.fromEntries(OUT_OF_SCOPE.map((t) => [t, { gold: score(pairs, [t], 'overlap').gold, coveredByAnyFinding: coveredAnyType(pairs, [t]) }]));
  results.piiLabelled = { corpus, cases: cases.length, seconds, perType, overall, halves, anyTypeRecall: coveredAnyType(pairs, IN_SCOPE), outOfScope };

  out.push(`## pii-labelled (${cases.length} cases, ${seconds.toFixed(1)} s)`, '');
  out.push('| type | labelled | predicted | P overlap % | R overlap % | F2 overlap | P strict % | R strict % | F2 strict |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const t of IN_SCOPE) out.push(row(t, perType[t].overlap, perType[t].strict));
  out.push(row('**overall (micro)**', overall.overlap, overall.strict), '');
  out.push(`Overlap F2 by template_id half: even ${halves.evenTemplates.f2.toFixed(3)}, odd ${halves.oddTemplates.f2.toFixed(3)}. Labelled in-scope spans covered by a finding of any type: ${pct(coveredAnyType(pairs, IN_SCOPE))} %.`, '');
  out.push('Not withheld by the default policy (reported, not scored): ' + OUT_OF_SCOPE.map((t) => `${t} ${outOfScope[t].gold} spans, ${pct(outOfScope[t].coveredByAnyFinding)} % covered anyway`).join('; ') + '.', '');
} else {
  out.push(`pii-labelled corpus not found at ${corpus}; set PII_LABELLED to its cases.jsonl.`, '');
}

const samples = await evaluateSamples(join(root, "samples"), policy);
if (samples) {
  results.samples = samples.results;
  out.push(...samples.markdown, '');
} else {
  out.push('samples/truth.json not found: samples not evaluated (run `npm run samples`).', '');
}

// Word breaks, beside pdftotext's: detection and the portal's search read these words.
const words = await evaluateWordAgreement(govPdfs, join(root, 'samples'), (name, cached) => {
  if (!cached) process.stderr.write(`read ${name}\n`);
});
results.wordAgreement = words.results;
out.push(...words.markdown);

const now = summarise(results);
const before = summarise(previous);
const summary = [
  `## Summary, beside the previous run${previous?.generatedAt ? ` (${previous.generatedAt})` : ''}`,
  '',
  '| figure | now | previous |',
  '|---|---:|---:|',
  ...Object.keys({ ...now, ...before }).map((k) => `| ${k} | ${fmt(k, now[k])} | ${fmt(k, before[k])} |`),
  '',
];
results.summary = now;
writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${[...summary, ...out].join('\n')}\nWritten to redaction/eval/results.json\n`);

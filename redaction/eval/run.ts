/**
 * @module
 * `npm run eval`: precision, recall and F2 of detection, per type and overall,
 * on ../shared/corpora/pii-labelled (strict and overlap scoring, plus the two
 * halves split by template_id to show the figures are not tuned to one half)
 * and on the samples' truth file when it exists. Writes
 * `redaction/eval/results.json` and prints Markdown tables.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultPolicy } from '../policy/load-policy.ts';
import { IN_SCOPE, OUT_OF_SCOPE, coveredAnyType, predict, readCases, score } from './pii-labelled.ts';
import type { Score, Span } from './pii-labelled.ts';
import { evaluateSamples } from './samples.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const corpus = process.env.PII_LABELLED ?? join(root, '..', 'shared', 'corpora', 'pii-labelled', 'cases.jsonl');

function pct(n: number): string {
  return (n * 100).toFixed(1);
}

function row(name: string, s: Score, strict: Score): string {
  return `| ${name} | ${s.gold} | ${s.predicted} | ${pct(s.precision)} | ${pct(s.recall)} | **${s.f2.toFixed(3)}** | ${pct(strict.precision)} | ${pct(strict.recall)} | ${strict.f2.toFixed(3)} |`;
}

const policy = defaultPolicy();
const results: Record<string, unknown> = { policy: policy.name, generatedAt: new Date().toISOString() };
const out: string[] = [];

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

writeFileSync(join(here, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${out.join('\n')}\nWritten to redaction/eval/results.json\n`);

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editDistance, normalizeText, score } from './cer.ts';

test('editDistance counts insertions, deletions and substitutions', () => {
  const table: Array<[string, string, number]> = [
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
    ['flaw', 'lawn', 2],
    ['same', 'same', 0],
  ];
  for (const [a, b, d] of table) assert.equal(editDistance(a, b), d, `${a} → ${b}`);
});

test('normalizeText folds typography to ASCII and collapses whitespace', () => {
  assert.equal(normalizeText('DARPA\u2010BAA\u201015\u201058  \u201cquoted\u201d\n\tit\u2019s \ufb01le'), 'DARPA-BAA-15-58 "quoted" it\'s file');
});

test('score: CER over ground-truth length, with and without normalisation', () => {
  const truth = 'The \u201cAct\u201d \u2014 \u00a7 12';
  assert.equal(score('The "Act" - § 12', truth).cer, 0);
  assert.ok(score('The "Act" - § 12', truth, { normalize: false }).cer > 0);
  const s = score('Tne quick brown', 'The quick brown fox');
  assert.equal(s.edits, 5);
  assert.equal(s.cer, 5 / 19);
  assert.equal(s.wer, 2 / 4);
  assert.equal(s.wordRecall, 2 / 4);
});

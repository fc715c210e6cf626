import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page, Word } from '../model/types.ts';
import { alreadyCovered, snapToWords, textUnder } from './snap.ts';
import { findOccurrences as findPhrase } from '../../redaction/plan-redactions.ts';

/** Two lines of 10-pt words, each word 40 pt wide with 10 pt gaps. */
function page(lines: string[][]): Page {
  const words: Word[] = [];
  let offset = 0;
  const texts: string[] = [];
  lines.forEach((line, l) => {
    line.forEach((text, i) => {
      if (i > 0) offset += 1;
      words.push({ text, box: [10 + i * 50, 10 + l * 20, 50 + i * 50, 20 + l * 20], start: offset, end: offset + text.length, line: l });
      offset += text.length;
    });
    texts.push(line.join(' '));
    offset += 1;
  });
  return { number: 1, width: 300, height: 100, rotation: 0, source: 'text', text: texts.join('\n'), words };
}

const p = page([
  ['Witness', 'Daniel', 'Okafor', 'said'],
  ['Mariana', 'Maria', 'Gonzalez', 'called'],
]);

test('a drawn box grows to the whole words it covers, one box per line', () => {
  const cases: { drawn: [number, number, number, number]; expect: [number, number, number, number][] }[] = [
    { drawn: [70, 12, 140, 18], expect: [[60, 10, 150, 20]] }, // parts of Daniel and Okafor
    { drawn: [65, 15, 120, 35], expect: [[60, 10, 100, 20], [60, 30, 100, 40]] }, // two lines; Okafor and Gonzalez barely touched
    { drawn: [200, 60, 260, 90], expect: [[200, 60, 260, 90]] }, // no words: kept as drawn
  ];
  for (const c of cases) assert.deepEqual(snapToWords(p, c.drawn).map((b) => b.box), c.expect, String(c.drawn));
});

test('a box that only grazes a word does not take it', () => {
  // Covers 5 of Okafor's 40 pt width (12.5%), below the 25% needed.
  assert.deepEqual(snapToWords(p, [60, 10, 105, 20]).map((b) => b.box), [[60, 10, 100, 20]]);
});

test('phrases are found case-insensitively on whole words, across line breaks', () => {
  assert.equal(findPhrase({ pages: [p] }, 'maria gonzalez').length, 1, 'not inside "Mariana"');
  assert.equal(findPhrase({ pages: [p] }, 'Maria').length, 1);
  assert.equal(findPhrase({ pages: [p] }, 'Okafor said Mariana').length, 1);
  assert.equal(findPhrase({ pages: [p] }, 'Okafor said Mariana')[0].length, 2, 'one box per line');
  assert.deepEqual(findPhrase({ pages: [p] }, 'Okaf'), [], 'no partial words');
  assert.deepEqual(findPhrase({ pages: [p] }, '   '), []);
  assert.deepEqual(findPhrase({ pages: [p] }, 'a.b(c'), [], 'regex characters are literal');
});

test('the text under boxes, and whether new boxes are already covered', () => {
  assert.equal(textUnder({ pages: [p] }, [{ page: 1, box: [60, 10, 150, 20] }]), 'Daniel Okafor');
  const existing = [{ page: 1, box: [58, 8, 152, 22] as [number, number, number, number] }];
  assert.equal(alreadyCovered([{ page: 1, box: [60, 10, 150, 20] }], existing), true);
  assert.equal(alreadyCovered([{ page: 1, box: [10, 10, 150, 20] }], existing), false);
  assert.equal(alreadyCovered([{ page: 2, box: [60, 10, 150, 20] }], existing), false);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agreementMarkdown, comparePage, parseBbox } from './word-agreement.ts';
import type { Box } from '../../pipeline/model/types.ts';

const w = (text: string, x0: number, x1: number, y0 = 100): { text: string; box: Box } => ({ text, box: [x0, y0, x1, y0 + 10] });

test('pdftotext -bbox output is read into words per page, entities decoded', () => {
  const xhtml = '<doc><page width="612" height="792"><word xMin="1" yMin="2" xMax="3" yMax="4">A&amp;B</word></page><page width="612" height="792"></page></doc>';
  assert.deepEqual(parseBbox(xhtml), [[{ text: 'A&B', box: [1, 2, 3, 4] }], []]);
});

test('each pdftotext word is identical, in a joined word, split, other text or missing', () => {
  const reference = [w('Your', 10, 30), w('current', 30.5, 60), w('plan', 70, 90), w('Agência', 100, 140), w('ﬁle', 150, 160), w('gone', 200, 220)];
  const ours = [w('Yourcurrent', 10, 60), w('plan', 70, 90), w('Age', 100, 118), w('ˆncia', 118, 140), w('file', 150, 160)];
  const { counts, joinedExamples, splitExamples } = comparePage(reference, ours);
  assert.deepEqual(
    { identical: counts.identical, joined: counts.joined, joinedWords: counts.joinedWords, joinedAcrossSpace: counts.joinedAcrossSpace, split: counts.split, missing: counts.missing, reference: counts.reference },
    { identical: 2, joined: 2, joinedWords: 1, joinedAcrossSpace: 0, split: 1, missing: 1, reference: 6 },
  );
  assert.deepEqual(joinedExamples, ['Yourcurrent ← Your current']);
  assert.deepEqual(splitExamples, ['Age ˆncia ← Agência']);
  // A visible space between the joined words (a tenth of their height or more) counts apart.
  assert.equal(comparePage([w('Your', 10, 30), w('current', 33, 60)], [w('Yourcurrent', 10, 60)]).counts.joinedAcrossSpace, 1);
});

test('without pdftotext the figure says skipped, never a number', () => {
  assert.match(agreementMarkdown('gov-pdfs', { status: 'skipped', reason: 'pdftotext (poppler-utils) is not installed' }).join('\n'), /skipped \(pdftotext/);
});

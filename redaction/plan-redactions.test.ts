import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boxesForRange, documentText } from '../pipeline/model/document-text.ts';
import type { Finding } from '../pipeline/model/types.ts';
import { everyOccurrence, planRedactions } from './plan-redactions.ts';
import { textDocument } from './detect/text-document.ts';

function findingAt(document: ReturnType<typeof textDocument>, id: string, text: string, nth = 0, category = 'personal.name'): Finding {
  const dt = documentText(document);
  let start = -1;
  for (let i = 0; i <= nth; i++) start = dt.text.indexOf(text, start + 1);
  assert.ok(start >= 0, `${text} not in the test document`);
  const end = start + text.length;
  return { id, detector: 'test', category, exemption: 'b6', action: 'redact', score: 1, text, why: ['test'], start, end, boxes: boxesForRange(document, dt, start, end) };
}

test('planRedactions: redact findings are accepted, review ones proposed only when asked, kept ones never boxed', () => {
  const doc = textDocument(['Ana Ruiz met Bo Chan and Cy Diaz.']);
  const findings = [findingAt(doc, 'a', 'Ana Ruiz'), { ...findingAt(doc, 'b', 'Bo Chan'), action: 'review' as const }, { ...findingAt(doc, 'c', 'Cy Diaz'), action: 'keep' as const }];
  assert.deepEqual(planRedactions(findings, false).map((r) => [r.id, r.decision]), [['r-a', 'accepted']]);
  assert.deepEqual(planRedactions(findings, true).map((r) => [r.id, r.decision]), [['r-a', 'accepted'], ['r-b', 'proposed']]);
  for (const r of planRedactions(findings, true)) assert.ok(!r.reason.includes('Ana') && !r.reason.includes('Bo Chan'), 'a reason never repeats the removed text');
});

test('everyOccurrence boxes each other mention, across lines and pages, in any case', () => {
  const doc = textDocument(['Ana Ruiz called.\nLater ANA RUIZ wrote.', 'A note from Ana\nRuiz.']);
  const [r] = everyOccurrence(doc, planRedactions([findingAt(doc, 'a', 'Ana Ruiz')], true), [findingAt(doc, 'a', 'Ana Ruiz')]);
  assert.deepEqual(r.boxes.map((b) => b.page), [1, 1, 2, 2]);
});

test('everyOccurrence: a mention only grazed by another box still gets its own box', () => {
  const doc = textDocument(['Chan spoke, then Chan left.']);
  const name = findingAt(doc, 'n', 'Chan');
  const second = findingAt(doc, 'x', 'Chan', 1).boxes[0];
  // A reviewer's box over "then" that reaches 2 pt into the second "Chan": that mention is still readable.
  const grazing = { id: 'r-drawn', boxes: [{ page: 1, box: [second.box[0] - 30, second.box[1], second.box[0] + 2, second.box[3]] as [number, number, number, number] }], category: 'personal.name', exemption: 'b6', from: { reviewer: 'ana' }, decision: 'accepted' as const, reason: 'drawn' };
  const out = everyOccurrence(doc, [...planRedactions([name], true), grazing], [name]);
  const boxes = out.find((r) => r.id === 'r-n')!.boxes;
  assert.equal(boxes.length, 2, 'the grazed mention gets a box of its own');
  assert.deepEqual(boxes[1].box, second.box);
});

test('everyOccurrence finds what the verifier would: other punctuation, split words, the digits alone', () => {
  const doc = textDocument(['Alarm code 4471# was set.\nThe account ending 4471 is closed.\nSSN 372-41-8806, filed as 372 41 8806 and 372418806.\nWitness Gonzalez, typed Gon zalez; Gonzalezes is another word.']);
  const findings = [findingAt(doc, 'code', '4471#'), findingAt(doc, 'ssn', '372-41-8806'), findingAt(doc, 'name', 'Gonzalez')];
  const out = everyOccurrence(doc, planRedactions(findings, true), findings);
  const dt = documentText(doc);
  const boxedText = (id: string) => {
    const r = out.find((x) => x.id === `r-${id}`)!;
    return doc.pages[0].words.filter((w) => r.boxes.some((b) => b.box[0] <= w.box[0] + 0.1 && b.box[2] >= w.box[2] - 0.1 && b.box[1] <= w.box[1] + 0.1 && b.box[3] >= w.box[3] - 0.1)).map((w) => dt.text.slice(w.start, w.end));
  };
  assert.deepEqual(boxedText('code'), ['4471#', '4471']);
  assert.deepEqual(boxedText('ssn'), ['372-41-8806,', '372', '41', '8806', '372418806.']);
  assert.deepEqual(boxedText('name'), ['Gonzalez,', 'Gon', 'zalez;']);
});

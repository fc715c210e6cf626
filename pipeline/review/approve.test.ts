import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';
import type { Document, Finding, Redaction, Word } from '../model/types.ts';
import { MODEL_VERSION } from '../model/types.ts';
import { uncoveredOccurrences } from './approve.ts';

/** One page, one word per 50 pt, one line per sentence. */
function doc(lines: string[]): Document {
  const words: Word[] = [];
  let offset = 0;
  lines.forEach((line, l) => {
    line.split(' ').forEach((text, i) => {
      if (i > 0) offset++;
      words.push({ text, box: [10 + i * 50, 10 + l * 20, 55 + i * 50, 20 + l * 20], start: offset, end: offset + text.length, line: l });
      offset += text.length;
    });
    offset++;
  });
  return { modelVersion: MODEL_VERSION, id: 'x', fileName: 'x.pdf', mediaType: 'application/pdf', byteLength: 1, warnings: [], pages: [{ number: 1, width: 600, height: 200, rotation: 0, source: 'text', text: lines.join('\n'), words }] };
}

const d = doc(['Call Nguyen today', 'Nguyen said no', 'Nobody else']);
const finding: Finding = { id: 'f1', detector: 'people', category: 'personal.name', exemption: 'b6', action: 'redact', score: 0.9, text: 'Nguyen', why: [], start: 5, end: 11, boxes: [{ page: 1, box: [60, 10, 105, 20] }] };
const redaction = (boxes: Redaction['boxes']): Redaction => ({ id: 'r-f1', boxes, category: 'personal.name', exemption: 'b6', from: { findings: ['f1'] }, decision: 'accepted', reason: '' });

test('a removed name that appears again without a box is named, with its page', () => {
  const [message, ...rest] = uncoveredOccurrences(d, [redaction(finding.boxes)], [finding], defaultPolicy());
  assert.equal(rest.length, 0);
  assert.match(message, /accepted Person name \(b\)\(6\) redaction on page 1 appears 1 more time without a box \(page 1\)/);
  assert.doesNotMatch(message, /Nguyen/, 'the protected text is not repeated in the message');
});

test('nothing is reported once every occurrence has a box, or for boxes drawn by reviewers', () => {
  const both = redaction([...finding.boxes, { page: 1, box: [10, 30, 55, 40] }]);
  assert.deepEqual(uncoveredOccurrences(d, [both], [finding], defaultPolicy()), []);
  const drawn: Redaction = { ...redaction(finding.boxes), from: { reviewer: 'ana' } };
  assert.deepEqual(uncoveredOccurrences(d, [drawn], [finding], defaultPolicy()), []);
});

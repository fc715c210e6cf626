import assert from 'node:assert/strict';
import { test } from 'node:test';
import { documentSchema, validateDocument, validateFinding, validateRedaction } from './schema.ts';
import { MODEL_VERSION } from './types.ts';
import type { Document, Finding, Redaction } from './types.ts';

function sample(): Document {
  return {
    modelVersion: MODEL_VERSION,
    id: 'a'.repeat(64),
    fileName: 'memo.pdf',
    mediaType: 'application/pdf',
    byteLength: 1234,
    pages: [
      {
        number: 1,
        width: 612,
        height: 792,
        rotation: 0,
        source: 'ocr',
        dpi: 300,
        text: 'Jane Roe\nSSN',
        words: [
          { text: 'Jane', box: [72, 60, 100, 72], start: 0, end: 4, line: 0, confidence: 0.93 },
          { text: 'Roe', box: [104, 60, 125, 72], start: 5, end: 8, line: 0, confidence: 0.9 },
          { text: 'SSN', box: [72, 80, 95, 92], start: 9, end: 12, line: 1, confidence: 0.88 },
        ],
      },
    ],
    warnings: [{ code: 'image.dpi-assumed', message: 'No DPI; 300 assumed.', page: 1 }],
  };
}

test('the schema is versioned with the model', () => {
  assert.equal(documentSchema.$id, `urn:daylight:document:v${MODEL_VERSION}`);
});

test('a valid document passes, also after a JSON round trip', () => {
  const result = validateDocument(JSON.parse(JSON.stringify(sample())));
  assert.ok(result.ok, !result.ok ? result.problem.message : '');
});

test('invalid documents fail with document.invalid and say where', () => {
  const cases: [string, (d: Document) => unknown, RegExp][] = [
    ['another model version', (d) => ({ ...d, modelVersion: 2 }), /model version 2/],
    ['not an object', () => 'hello', /not valid/],
    ['id not a SHA-256', (d) => ({ ...d, id: 'xyz' }), /\/id/],
    ['unknown media type', (d) => ({ ...d, mediaType: 'image/gif' }), /\/mediaType/],
    ['box with 3 numbers', (d) => ({ ...d, pages: [{ ...d.pages[0], words: [{ ...d.pages[0].words[0], box: [1, 2, 3] }] }] }), /box/],
    ['unknown source', (d) => ({ ...d, pages: [{ ...d.pages[0], source: 'magic' }] }), /source/],
    ['extra field', (d) => ({ ...d, secret: 'x' }), /additional/],
    ['offsets not matching the text', (d) => ({ ...d, pages: [{ ...d.pages[0], words: [{ ...d.pages[0].words[0], start: 1, end: 5 }] }] }), /does not match the page text/],
    ['corners out of order', (d) => ({ ...d, pages: [{ ...d.pages[0], words: [{ ...d.pages[0].words[0], box: [100, 60, 72, 72] }] }] }), /out of order/],
    ['confidence above 1', (d) => ({ ...d, pages: [{ ...d.pages[0], words: [{ ...d.pages[0].words[0], confidence: 93 }] }] }), /confidence/],
  ];
  for (const [what, change, message] of cases) {
    const result = validateDocument(change(sample()));
    assert.ok(!result.ok, what);
    assert.equal(result.problem.code, 'document.invalid', what);
    assert.match(result.problem.message, message, what);
  }
});

test('findings and redactions validate against their schemas', () => {
  const finding: Finding = {
    id: 'f1', detector: 'ssn', category: 'personal.ssn', exemption: 'b6', action: 'redact', score: 0.9, text: '372-41-8806',
    why: ['pattern dashed'], start: 9, end: 20, boxes: [{ page: 1, box: [72, 80, 140, 92] }],
  };
  const redaction: Redaction = {
    id: 'r1', boxes: [{ page: 1, box: [72, 80, 140, 92] }], category: 'personal.ssn', exemption: 'b6', from: { findings: ['f1'] }, decision: 'proposed', reason: 'SSN',
  };
  assert.ok(validateFinding(finding).ok);
  assert.ok(validateRedaction(redaction).ok);
  assert.ok(validateRedaction({ ...redaction, from: { reviewer: 'ana' } }).ok);
  assert.equal(validateFinding({ ...finding, action: 'delete' }).ok, false);
  assert.equal(validateRedaction({ ...redaction, from: {} }).ok, false);
  assert.equal(validateRedaction({ ...redaction, decision: 'maybe' }).ok, false);
});

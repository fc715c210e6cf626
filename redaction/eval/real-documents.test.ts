import { test } from 'node:test';
import assert from 'node:assert/strict';
import { documentText } from '../../pipeline/model/document-text.ts';
import type { Finding } from '../../pipeline/model/types.ts';
import { textDocument } from '../detect/text-document.ts';
import { errorKinds, figures, remainingErrors, scoreDocument } from './real-documents.ts';
import type { DocumentLabels } from './real-documents.ts';

function finding(text: string, needle: string, category: string, detector = 'person-name', nth = 0): Finding {
  let start = -1;
  for (let i = 0; i <= nth; i++) start = text.indexOf(needle, start + 1);
  assert.ok(start >= 0, `"${needle}" is in the text`);
  return { id: `${start}`, detector, category, exemption: 'b6', action: 'redact', score: 0.9, text: needle, why: [], start, end: start + needle.length, boxes: [] };
}

const labels = (over: Partial<DocumentLabels>): DocumentLabels => ({ file: 'x.pdf', sha256: '', pages: 1, split: 'tune', redact: [], debatable: [], notes: '', ...over });

test('a finding on a labelled string is right, on a debatable one apart, elsewhere wrong', () => {
  const doc = textDocument(['Land bought from the estate of Maria Medina by Judge Lucero (DoD). Leon v. State; Maria\nMedina again.']);
  const text = documentText(doc).text;
  const findings = [finding(text, 'Maria Medina', 'personal.name'), finding(text, 'DoD', 'personal.name'), finding(text, 'Leon', 'personal.name'), finding(text, '(DoD)', 'personal.ip-address', 'ip-address')];
  const scored = scoreDocument(labels({ redact: [{ text: 'maria medina', kind: 'name', why: '' }], debatable: [{ text: 'Leon', kind: 'name', why: '' }] }), doc, findings);
  assert.deepEqual(scored.findings.map((f) => f.verdict), ['right', 'wrong', 'debatable', 'wrong']);
  // the second "Maria Medina" (across a line break) is not covered: the label is missed
  assert.deepEqual(scored.labels.map((l) => [l.inText, l.found]), [[true, false]]);
  const f = figures([scored]);
  assert.equal(f.names.precision, 1 / 2);
  assert.equal(f.identifiers.precision, 0);
  assert.equal(f.names.recall, 0);
  assert.equal(f.nothingToRedact.documents, 0);
  assert.equal(errorKinds(scored.findings)[0].count, 1);
});

test('documents with nothing to redact report wrong findings per 100 pages, debatable ones apart', () => {
  const doc = textDocument(['Esteban Leon v. Experian', 'Leon appeals. DoD and DoD.']);
  const text = documentText(doc).text;
  const findings = [finding(text, 'Leon', 'personal.name', 'person-name', 1), finding(text, 'DoD', 'personal.name'), finding(text, 'DoD', 'personal.name', 'consistency', 1)];
  const scored = scoreDocument(labels({ pages: 2, debatable: [{ text: 'Esteban Leon', kind: 'name', why: '' }, { text: 'Leon', kind: 'name', why: '' }] }), doc, findings);
  const f = figures([scored]);
  assert.equal(f.nothingToRedact.pages, 2);
  assert.equal(f.nothingToRedact.findings, 2);
  assert.equal(f.nothingToRedact.per100Pages, 100);
  assert.equal(f.nothingToRedact.debatablePer100Pages, 50);
  // "DoD" twice is one decision; "Leon" another
  assert.equal(f.distinctDecisions, 2);
  assert.equal(f.consistencyShare, 1 / 3);
});

test('remaining errors: wrong findings and misses by kind, most common first; values only when asked', () => {
  const doc = textDocument(['Land bought from Maria Medina by DoD and DoD; account 4471-22 of Ines Ferreira.']);
  const text = documentText(doc).text;
  const findings = [finding(text, 'DoD', 'personal.name'), finding(text, 'DoD', 'personal.name', 'person-name', 1), finding(text, 'Land', 'personal.address', 'address')];
  const scored = scoreDocument(
    labels({ redact: [{ text: 'Maria Medina', kind: 'name', why: '' }, { text: 'Ines Ferreira', kind: 'name', why: '' }, { text: '4471-22', kind: 'identifier', why: '' }, { text: 'Oskar Lind', kind: 'name', why: '' }] }),
    doc,
    findings,
  );
  assert.deepEqual(remainingErrors([scored], true), [
    { kind: 'missed name', count: 2, examples: ['"Maria Medina"', '"Ines Ferreira"'] },
    { kind: 'wrong personal.name by person-name', count: 2, examples: ['"DoD" ×2'] },
    { kind: 'missed identifier', count: 1, examples: ['"4471-22"'] },
    { kind: 'missed name (not in the extracted text)', count: 1, examples: ['"Oskar Lind"'] },
    { kind: 'wrong personal.address by address', count: 1, examples: ['"Land"'] },
  ]);
  // a held-out half's: kinds and counts, no values
  assert.deepEqual(remainingErrors([scored], false, 2), [
    { kind: 'missed name', count: 2 },
    { kind: 'wrong personal.name by person-name', count: 2 },
  ]);
});

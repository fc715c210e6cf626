import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectors } from './index.ts';
import { runDetector } from './detector.ts';
import type { Detector } from './detector.ts';
import { prepareInput } from './input.ts';
import { textDocument } from './text-document.ts';
import { defaultPolicy } from '../policy/load-policy.ts';
import { categories } from '../policy/categories.ts';

const policy = defaultPolicy();

function found(detector: Detector, text: string, source: 'text' | 'ocr' = 'text'): string[] {
  const input = prepareInput(textDocument([text], { source }));
  return runDetector(detector, input, policy.threshold).map((c) => input.text.slice(c.start, c.end));
}

function byId(id: string): Detector {
  const d = detectors.find((x) => x.id === id);
  assert.ok(d, `no detector ${id}`);
  return d;
}

test('detector ids are unique', () => {
  const ids = detectors.map((d) => d.id);
  assert.equal(new Set(ids).size, ids.length);
});

for (const detector of detectors) {
  test(`contract: ${detector.id}`, () => {
    assert.ok(Object.hasOwn(categories, detector.category), `unknown category ${detector.category}`);
    const rule = policy.categories[detector.category];
    assert.ok(rule, `default policy lacks ${detector.category}`);
    assert.ok(Object.hasOwn(policy.exemptions, rule.exemption), `exemption ${rule.exemption} missing`);
    assert.ok(detector.patterns?.length || detector.find, 'needs patterns or find');
    assert.ok(detector.examples.match.length > 0 && detector.examples.ignore.length > 0, 'needs examples both ways');
    for (const p of detector.patterns ?? []) assert.ok(p.regex.global, `pattern ${p.name} must be global`);
    for (const text of detector.examples.match) assert.ok(found(detector, text).length > 0, `should match: ${JSON.stringify(text)}`);
    for (const text of detector.examples.ignore) assert.deepEqual(found(detector, text), [], `should ignore: ${JSON.stringify(text)}`);
  });
}

/** [detector, text, exact expected matches] — matches and hard negatives per detector. */
const table: [string, string, string[]][] = [
  ['ssn', 'SSN 372-41-8806.', ['372-41-8806']],
  ['ssn', 'SSN 000-41-8806, 666-41-8806, 912-41-8806, 372-00-8806, 372-41-0000', []],
  ['ssn', 'social security no. 372418806', ['372418806']],
  ['ssn', 'Serial 372418806', []],
  ['itin', 'ITIN: 912-70-1234', ['912-70-1234']],
  ['phone', 'Fax (301) 555-0100 ext. 12', ['(301) 555-0100 ext. 12']],
  ['phone', 'call +1 202 555 0173', ['+1 202 555 0173']],
  ['phone', 'Room 101-202', []],
  ['phone', 'FY 2024-2025 budget', []],
  ['email', 'Mail j.doe+foia@agency.example.gov.', ['j.doe+foia@agency.example.gov']],
  ['card-number', 'Visa 4111-1111-1111-1111', ['4111-1111-1111-1111']],
  ['card-number', 'ref 4111-1111-1111-1112', []],
  ['iban', 'IBAN DE89 3704 0044 0532 0130 00', ['DE89 3704 0044 0532 0130 00']],
  ['iban', 'IBAN DE89 3704 0044 0532 0130 01', []],
  ['aba-routing', 'routing number 026009593', ['026009593']],
  ['aba-routing', 'routing number 026009594', []],
  ['bank-account', 'deposited to savings account 98765432', ['98765432']],
  ['bank-account', 'Docket 98765432', []],
  ['bank-account', 'Bank Account salary $88,412 3301 4478 29', ['3301 4478 29']],
  ['ip-address', 'from 192.168.1.20', ['192.168.1.20']],
  ['ip-address', 'version 10.0.0.1 released', []],
  ['date-of-birth', 'born 12 March 1961 in Leeds', ['12 March 1961']],
  ['date-of-birth', 'On 12 March 1961 the dam opened', []],
  ['id-number', 'Passport no. X1234567 (UK)', ['X1234567']],
  ['id-number', 'Room X1234567', []],
  ['vehicle-plate', 'license plate 7ABC123', ['7ABC123']],
  ['credential', 'the door code is 1234#', ['1234#']],
  ['credential', 'the password policy is strict', []],
  ['internal-host', 'see http://192.168.4.7/cases', ['http://192.168.4.7/cases']],
  ['health', 'was treated for opioid use disorder at a clinic', ['opioid use disorder at a clinic']],
  ['biometric', 'iris scan ID 44X9-21', ['iris scan ID 44X9-21']],
  ['address', 'She lives at 12 Oak Lane.', ['12 Oak Lane.']],
  ['address', 'about 12 items', []],
  ['person-name', 'Mr. O\'Brien called.', ["O'Brien"]],
  ['person-name', 'Agent J. R. Ewing arrived', ['J. R. Ewing']],
  ['person-name', 'The Federal Register notice', []],
  ['person-name', 'Report of the Inspector General', []],
  ['classification-marking', '(U) Routine.', []],
];

for (const [id, text, expected] of table) {
  test(`${id}: ${JSON.stringify(text)}`, () => {
    assert.deepEqual(found(byId(id), text), expected);
  });
}

test('OCR confusions are repaired in identifiers on OCR pages only', () => {
  assert.deepEqual(found(byId('ssn'), 'SSN 372-4l-88O6', 'ocr'), ['372-4l-88O6']);
  assert.deepEqual(found(byId('ssn'), 'SSN 372-4l-88O6', 'text'), []);
  assert.deepEqual(found(byId('card-number'), 'card 4lll 1111 1III 1111', 'ocr'), ['4lll 1111 1III 1111']);
});

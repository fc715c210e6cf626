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
  ['person-name', 'Mr. O\'Brien called.', ["Mr. O'Brien"]],
  ['person-name', 'Secretary Granholm spoke.', ['Granholm']],
  ['person-name', 'Agent J. R. Ewing arrived', ['J. R. Ewing']],
  ['person-name', 'The Federal Register notice', []],
  ['person-name', 'Report of the Inspector General', []],
  ['classification-marking', '(U) Routine.', []],
  // phone numbers with their label after them, in contact blocks
  ['phone', 'Togo 95522\n(85) 5986-8343-Office,(790)091-7442-Fax', ['(85) 5986-8343', '(790)091-7442']],
  ['phone', '416 60 039 office\n+447700677662 mobile', ['416 60 039', '+447700677662']],
  ['phone', 'Municipal and license clerk\nPhone:\n358 0594', ['358 0594']],
  ['phone', 'call the card service line at 1-800-555-0199', []],
  ['phone', 'Report No. 2025-07 Office of the Auditor', []],
  ['phone', 'Suite 282\n451 5986 then', []],
  // addresses: where they end, and public places
  ['address', 'I spoke with her, who lives at 22 Pelican Court and walks her dog there.', ['22 Pelican Court']],
  ['address', 'asked that pay stubs be mailed to 2281 Larkspur Drive instead of his work location', ['2281 Larkspur Drive']],
  ['address', 'The address of Persint is 6750 Koskikatu 25 Apt. 864', ['6750 Koskikatu 25 Apt. 864']],
  ['address', 'Meet me at the corner of Koepoortwal 115 and Hansen Street', ['Koepoortwal 115 and Hansen Street']],
  ['address', 'MR. A. B\n2741 Cormorant Lane, Unit 12\nMarlowe, OR 97402\nCase Number MC-2025-1', ['2741 Cormorant Lane, Unit 12\nMarlowe, OR 97402']],
  ['address', '>Lina Artemova\n>2224 Bergshaugen 43\n>Apt. 342\n>Bhutan 43145', ['2224 Bergshaugen 43\n>Apt. 342\n>Bhutan 43145']],
  ['address', '21 Koskikatu 98\nOULU\n0479 50 54 03 office', ['21 Koskikatu 98\nOULU']],
  ['address', 'DOB 07/22/1986 1418 Alder Street', ['1418 Alder Street']],
  ['address', 'The bus station is on Villacher Strasse 89', ['Villacher Strasse 89']],
  ['address', 'Alberico Rizzo\n770 26 rue des Lieutenants Thomazo\nApt. 735', ['770 26 rue des Lieutenants Thomazo\nApt. 735']],
  ['address', 'tamara\n36 19 folkestone road\n suite 482', ['36 19 folkestone road\nsuite 482']],
  ['address', 'we drove 12 miles down the road', []],
  ['address', 'She came 5th in the race and took 2 place settings', []],
  ['address', 'Pay Date June 20, 2025\nDivision Road Maintenance', []],
  ['address', 'a vehicle break-in at the Kestrel Bay Public Library, north lot, 75 Commons Way, on Friday', []],
  ['address', 'The hearing is at the County Courthouse, Room 204, 1200 Courthouse Square.', []],
  ['address', 'The Permit Center at 310 Third Avenue opens at nine.', []],
  ['address', 'Fleet Services Division\n4400 Industrial Way, Marlowe, OR 97401', []],
  ['address', 'Mr. Haddad of the Payroll Unit lives at 22 Elm Street.', ['22 Elm Street']],
  // names: titles in any case, contractions, towns and organisations
  ['person-name', 'August 5, 2025\nMR. TAVITA FALEOLO-JENSEN\n2741 Cormorant Lane', ['MR. TAVITA FALEOLO-JENSEN']],
  ['person-name', '"Don\'t feed me," she said.', []],
  ['person-name', 'at 88 Union Street, Marlowe, OR 97401', []],
  ['person-name', 'held at the Marlowe\nCounty Courthouse', []],
  ['person-name', 'Suite 274 Ljubljana nan last night.', []],
  ['person-name', 'we returned to Altoona by helicopter', []],
  ['person-name', 'I\'m so jealous! said Erle to Maurice.', ['Erle', 'Maurice']],
  ['person-name', 'Lisa: Remember me, Nathan?\nDispatcher: What is the address?', ['Lisa', 'Nathan']],
  ['person-name', 'Sent from ALT-DIETMANNS, Austria by post', []],
  ['person-name', 'Bot: Where would you like this to be sent?', []],
  ['id-number', 'Division Road Maintenance Cost Center 410-220\nName Employee SSN', []],
  ['id-number', 'Employee ID E-40117', ['E-40117']],
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

/**
 * Identifiers by known format: for each, a valid value in its common separators, a value that fails the check
 * (checksum, registry rule or state format), and a value inside a longer one, which must be found whole or not at all.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectors } from './index.ts';
import { runDetector } from './detector.ts';
import { prepareInput } from './input.ts';
import { textDocument } from './text-document.ts';
import { defaultPolicy } from '../policy/load-policy.ts';
import { driverLicenceFormat, statesNamed } from './driver-licence.ts';
import { nhsValid, npiValid } from './checksums.ts';

const policy = defaultPolicy();

function found(id: string, text: string): string[] {
  const detector = detectors.find((d) => d.id === id);
  assert.ok(detector, `no detector ${id}`);
  const input = prepareInput(textDocument([text]));
  return runDetector(detector, input, policy.threshold).map((c) => input.text.slice(c.start, c.end));
}

/** [detector, text, exactly what it finds]. */
const table: [string, string, string[]][] = [
  // SSN: every common separator; SSA rules; never part of a longer number
  ['ssn', 'SSN 372-41-8806', ['372-41-8806']],
  ['ssn', 'SSN 372\u201341\u20138806', ['372\u201341\u20138806']],
  ['ssn', 'Service Bulletin 737\u201327\u20131318', []],
  ['ssn', 'SSN 372\u201141\u20118806', ['372\u201141\u20118806']],
  ['ssn', 'SSN 372 41 8806.', ['372 41 8806']],
  ['ssn', 'SSN 372.41.8806', ['372.41.8806']],
  ['ssn', 'SSN 372/41/8806', ['372/41/8806']],
  ['ssn', 'SSN 372418806', ['372418806']],
  ['ssn', 'SSN 772-00-8806', []],
  ['ssn', 'SSN 372-41-8806-2', []],
  ['ssn', 'SSN 1372-41-8806', []],
  ['ssn', 'SSN 372.41.8806.5', []],
  ['ssn', 'SSN 372 41 8806 5', []],
  // ITIN
  ['itin', 'ITIN 912-78-1234', ['912-78-1234']],
  ['itin', 'ITIN 912 78 1234', ['912 78 1234']],
  ['itin', 'ITIN 912.78.1234', ['912.78.1234']],
  ['itin', 'ITIN 912-48-1234', []],
  ['itin', 'ITIN 912-78-12345', []],
  // ABA routing: with and without dashes, checksum, whole value
  ['aba-routing', 'routing number 021000021', ['021000021']],
  ['aba-routing', 'routing number 0210-0002-1', ['0210-0002-1']],
  ['aba-routing', 'routing number 021-000-021', ['021-000-021']],
  ['aba-routing', 'routing number 0210 0002 1', ['0210 0002 1']],
  ['aba-routing', 'routing number 021000022', []],
  ['aba-routing', 'routing number 0210-0002-2', []],
  ['aba-routing', 'routing number 0210-0002-14', []],
  ['aba-routing', 'routing number 9021000021', []],
  // IBAN: compact, spaces, dashes
  ['iban', 'IBAN GB82WEST12345698765432', ['GB82WEST12345698765432']],
  ['iban', 'IBAN GB82 WEST 1234 5698 7654 32', ['GB82 WEST 1234 5698 7654 32']],
  ['iban', 'IBAN GB82-WEST-1234-5698-7654-32', ['GB82-WEST-1234-5698-7654-32']],
  ['iban', 'IBAN GB82-WEST-1234-5698-7654-33', []],
  ['iban', 'IBAN GB82WEST123456987654321', []],
  // NPI: Luhn over 80840 + the number, named by context
  ['npi', 'NPI 1234567893', ['1234567893']],
  ['npi', 'NPI 1234567894', []],
  ['npi', 'NPI 12345678934', []],
  ['npi', 'claim 1234567893', []],
  // NHS: mod 11
  ['nhs-number', 'NHS number 943 476 5919', ['943 476 5919']],
  ['nhs-number', 'NHS number 943-476-5919', ['943-476-5919']],
  ['nhs-number', 'NHS number 9434765919', ['9434765919']],
  ['nhs-number', 'NHS number 943 476 5910', []],
  ['nhs-number', 'NHS number 943 476 5919 2', []],
  // NINO: HMRC prefixes and suffix
  ['nino', 'NI number AB 12 34 56 C', ['AB 12 34 56 C']],
  ['nino', 'NI number AB123456C', ['AB123456C']],
  ['nino', 'NI number QQ123456C', []],
  ['nino', 'NI number TN123456C', []],
  ['nino', 'NI number AB123456E', []],
  ['nino', 'NI number XAB123456C', []],
  // MBI: CMS positions, no S L O I B Z
  ['mbi', 'Medicare number 1EG4-TE5-MK73', ['1EG4-TE5-MK73']],
  ['mbi', 'Medicare number 1EG4TE5MK73', ['1EG4TE5MK73']],
  ['mbi', 'Medicare number 1EG4-TE5-MK7S', []],
  ['mbi', 'Medicare number 0EG4TE5MK73', []],
  ['mbi', 'Medicare number 1EG4TE5MK731', []],
  // driver licences: the named state's format, else some state's, only where a label names them
  ['id-number', 'Oregon driver license number 7291554', ['7291554']],
  ['id-number', "Driver's license D1234567 (CA)", ['D1234567']],
  ["id-number", "Driver's license D1234567 (MD)", []],
  ['id-number', 'Maryland driver license M-123-456-789-012', ['M-123-456-789-012']],
  ['id-number', 'Florida DL: D123-456-78-901-0', ['D123-456-78-901-0']],
  ['id-number', 'Florida DL: D123-456-78-901', []],
  ['id-number', 'Driver License No.:\nA12345678901', ['A12345678901']],
  ['id-number', 'my driver\u2019s license number is LH329609T', ['LH329609T']],
  ['id-number', 'driver license D1234567-99X', []],
  ['id-number', 'driver license is required for 12 months', []],
  // passports: the ICAO document number shape
  ['id-number', 'Passport no. 510328772', ['510328772']],
  ['id-number', 'passport number C01X00T47', ['C01X00T47']],
  ['id-number', 'passport number 12345', []],
  ['id-number', 'passport number 5103287721234', []],
  // record numbers an institution issues: right after their label
  ['id-number', 'Employee ID: E-40117', ['E-40117']],
  ['id-number', 'Inmate No. 2024-118842', ['2024-118842']],
  // a booking's number numbers the booking, as a case number a case (a county jail's public roster, real-text batch 7)
  ['id-number', 'Booking #: 2022178003 Name: ESTES, KACY JAMES Facility: Main Jail', []],
  ['id-number', 'patient ID 12', []],
  // a state identification number (SID) a criminal-justice record gives a person, under its label (a Texas justice
  // court's register of actions, real-text batch 10, tuning half); a "SID" that labels nothing is an acronym
  ['id-number', '  1610 N I 35, unit 738-c\n  San Marcos, TX 78666\n  SID: TX08374674', ['TX08374674']],
  ['id-number', 'Defendant SID No. 04417822 was booked.', ['04417822']],
  ['id-number', 'The SID 4 departure from runway 27', []],
  // an ID-ish word somewhere near a number is not a label
  ['id-number', 'Washington, DC 20035 identification card office', []],
  ['id-number', 'the employee must file AF Form 1042 by 2014', []],
  ['id-number', 'DoD ID card holders, see DoDI 1000.13', []],
];

for (const [id, text, expected] of table) {
  test(`${id}: ${JSON.stringify(text)}`, () => {
    assert.deepEqual(found(id, text), expected);
  });
}

test('check digits: NPI and NHS examples published by CMS and NHS Digital', () => {
  assert.equal(npiValid('1234567893'), true);
  assert.equal(npiValid('1234567890'), false);
  assert.equal(npiValid('3234567891'), false, 'an NPI starts with 1 or 2');
  assert.equal(nhsValid('9434765919'), true);
  assert.equal(nhsValid('9434765918'), false);
  assert.equal(nhsValid('0000000000'), false);
});

test('driver licence formats: a named state narrows, none named allows any state', () => {
  assert.match(driverLicenceFormat('D1234567', ['CA']) ?? '', /California/);
  assert.equal(driverLicenceFormat('D1234567', ['MD']), undefined);
  assert.ok(driverLicenceFormat('D1234567'));
  assert.equal(driverLicenceFormat('123'), undefined, 'three digits are a count');
  assert.equal(driverLicenceFormat('CONSTITUTION'), undefined, 'letters alone are a word');
  assert.deepEqual(statesNamed('West Virginia driver license', ''), ['WV']);
  assert.deepEqual(statesNamed('driver license', ' (MD)'), ['MD']);
  assert.deepEqual(statesNamed('OR driver license', ''), ['OR']);
  assert.deepEqual(statesNamed('driver license or', ''), [], 'a lower-case "or" is a word');
});

test('a record number under a column headed by its holder ("Employee") is found, its neighbours are not', () => {
  const roster = ['Name          Employee    Position', 'ACHTERBERG    E-40117     Engineer II', 'BANERJEE      E-40152     Operator'].join('\n');
  assert.deepEqual(found('id-number', roster), ['E-40117', 'E-40152']);
  const office = ['Office        Building    Position', 'Roads         B-40117     Engineer II'].join('\n');
  assert.deepEqual(found('id-number', office), []);
});

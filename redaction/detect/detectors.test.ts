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

test("a pattern's `requires` is in every match it makes, and a text without it is not scanned", () => {
  // every match of every pattern that names one holds it, on the detectors' own examples
  for (const d of detectors) {
    for (const p of d.patterns ?? []) {
      if (p.requires === undefined) continue;
      for (const text of [...d.examples.match, ...d.examples.ignore]) {
        for (const m of text.matchAll(new RegExp(p.regex.source, p.regex.flags))) assert.ok(m[0].includes(p.requires), `${d.id}/${p.name}: ${JSON.stringify(m[0])} lacks ${JSON.stringify(p.requires)}`);
      }
    }
  }
  // a pattern that would match is skipped when its required string is absent
  const digits: Detector = { id: 'test', category: 'personal.phone', summary: '', patterns: [{ name: 'digits', regex: /\d{3}/g, score: 1, requires: '#' }], examples: { match: [], ignore: [] } };
  assert.deepEqual(found(digits, 'call 555 now'), []);
  assert.deepEqual(found(digits, 'call #555 now'), ['555']);
  assert.ok(byId('email').patterns?.some((p) => p.requires === '@'));
});

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
  ['bank-account', 'Bank Account salary $71,205 5102 3367 18', ['5102 3367 18']],
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
  ['phone', 'Ghana 80213\n(64) 7215-3390-Office,(815)627-4419-Fax', ['(64) 7215-3390', '(815)627-4419']],
  ['phone', '512 47 208 office\n+447700912345 mobile', ['512 47 208', '+447700912345']],
  ['phone', 'County and permit clerk\nPhone:\n472 0168', ['472 0168']],
  ['phone', 'call the card service line at 1-800-555-0199', []],
  ['phone', 'Report No. 2024-11 Office of the Controller', []],
  ['phone', 'Suite 306\n587 3021 then', []],
  // addresses: where they end, and public places
  ['address', 'I spoke with her, who lives at 37 Sandpiper Court and walks her dog there.', ['37 Sandpiper Court']],
  ['address', 'asked that pay stubs be mailed to 3172 Bellflower Drive instead of his work location', ['3172 Bellflower Drive']],
  ['address', 'The address of Vantor is 4120 Rantakatu 16 Apt. 233', ['4120 Rantakatu 16 Apt. 233']],
  ['address', 'Meet me at the corner of Heerenwal 37 and Dalton Street', ['Heerenwal 37 and Dalton Street']],
  ['address', 'MR. A. B\n1863 Plover Lane, Unit 12\nAshford, WA 98512\nCase Number HS-2024-7', ['1863 Plover Lane, Unit 12\nAshford, WA 98512']],
  ['address', '>Olga Berezina\n>3187 Solhaugen 12\n>Apt. 518\n>Nepal 44600', ['3187 Solhaugen 12\n>Apt. 518\n>Nepal 44600']],
  ['address', '14 Rantakatu 31\nVAASA\n0468 31 72 09 office', ['14 Rantakatu 31\nVAASA']],
  ['address', 'DOB 07/22/1986 2516 Juniper Street', ['2516 Juniper Street']],
  ['address', 'The bus station is on Grazer Strasse 41', ['Grazer Strasse 41']],
  ['address', 'Ettore Bianchi\n512 18 rue des Capucins Marceau\nApt. 410', ['512 18 rue des Capucins Marceau\nApt. 410']],
  ['address', 'ingrid\n48 23 ashbourne road\n suite 617', ['48 23 ashbourne road\nsuite 617']],
  ['address', 'we drove 12 miles down the road', []],
  ['address', 'She came 5th in the race and took 2 place settings', []],
  ['address', 'Pay Date July 11, 2025\nDivision Harbor Operations', []],
  ['address', 'a bicycle theft at the Heron Point Public Library, east lot, 90 Civic Way, on Monday', []],
  ['address', 'The hearing is at the County Courthouse, Room 311, 800 Courthouse Square.', []],
  ['address', 'The Licensing Center at 415 Fifth Avenue opens at nine.', []],
  ['address', 'Facilities Services Division\n5200 Commerce Way, Ashford, WA 98501', []],
  ['address', 'Ms. Okafor of the Records Unit lives at 19 Birch Street.', ['19 Birch Street']],
  // names: titles in any case, contractions, towns and organisations
  ['person-name', 'September 9, 2025\nMS. LEILANI TUPOU-HANSEN\n1863 Plover Lane', ['MS. LEILANI TUPOU-HANSEN']],
  ['person-name', '"Don\'t feed me," she said.', []],
  ['person-name', 'at 64 Market Street, Ashford, WA 98501', []],
  ['person-name', 'held at the Ashford\nCounty Courthouse', []],
  ['person-name', 'Suite 318 Maribor was quiet last night.', []],
  ['person-name', 'we flew back to Duluth by helicopter', []],
  ['person-name', 'I\'m so proud! said Oswin to Bertrand.', ['Oswin', 'Bertrand']],
  ['person-name', 'Emily: Do you recall me, Tobias?\nOperator: What is the address?', ['Emily', 'Tobias']],
  ['person-name', 'Sent from GROSS-GERUNGS, Austria by post', []],
  ['person-name', 'Agent: Where should we send this parcel?', []],
  // names: words run together, products, ranks, broken words, column codes, legal abbreviations
  ['person-name', 'They copied the JavaScript code.', []],
  ['person-name', 'Witness DeShawn McAllister spoke.', ['DeShawn McAllister']],
  ['person-name', 'The river flows into Loui- siana and on.', []],
  ['person-name', 'Please ask Hauta-aho about it.', ['Hauta']],
  ['person-name', 'See Fed. R. Civ. P. 65 for it.', []],
  ['person-name', 'Fidelity Fed. Sav. & Loan Assn.', []],
  ['person-name', '"I am glad," says Lugo.', ['Lugo']],
  ['person-name', 'Requested by Y Requestor today', []],
  ['person-name', 'Report by TSgt Miller', ['Miller']],
  ['person-name', 'Note that the Autopilot may disengage.', []],
  // addresses: paragraph numbers, form numbers, office symbols, "via" as an English word
  ['address', 'IAW paragraph 5.19.1.6 via the US Postal System. 5.19.1.7. Next', []],
  ['address', 'place it in the unit 5.21.10.1.3. Transfer', []],
  ['address', 'Remove it.\nAF Form 1042\nThen', []],
  ['address', 'notified via the AFPC/FL 4. In turn', []],
  ['address', 'Write to via Goffredo Mameli 149 now', ['via Goffredo Mameli 149']],
  // addresses: a unit alone, form boxes, thousands, abbreviations and possessives, mail routed to an office
  ['address', 'If you are married, do not check box 7b . . . c Dependents', []],
  ['address', 'Tick one box.\n2 Head of household', []],
  ['address', 'Records Branch, 414 Elmwood, Room 12, Lakeview', []],
  ['address', 'mrs. jo doe suite 085', ['suite 085']],
  ['address', 'Jo Doe\n41 Elm 12\n Apt. 879\n Huizen\n Oman 04763', ['Apt. 879\nHuizen\nOman 04763']],
  ['address', 'He lives at 14 Alder Street, Suite 12, Lakeview', ['14 Alder Street, Suite 12, Lakeview']],
  ['address', 'Jo Doe\n88 Fern Road\nApt. 4', ['88 Fern Road\nApt. 4']],
  ['address', 'J = $10,001-$25;000\nPl = $1,000,001', []],
  ['address', 'for the year 2012, ending , 20 OMB No. 2210-0041 Your name', []],
  ['address', 'the lower river. 3 Subreach 7’s share falls', []],
  ['address', 'Quality Unit (QMU) DHA/QMS\n4400 Linden Avenue, Suite 20B\nPinewood, MD 20111', []],
  ['address', 'HQ ABC/DEF\n77 Maple Loop\nBase Town TX 75001-2222\nNext', []],
  ['address', 'Command, ATTN: ABC-DE-F, 300 Dogwood Road, Suite 4, Fort Pine, TX 78000-1234.', []],
  ['address', 'Army Command, ATTN:\nABC-DE-F, 300 Dogwood Road, Suite 4, Fort Pine, TX 78000-1234.', []],
  ['address', 'check that the instructions adequately address DoD 5100.01-M needs', []],
  ['address', 'Her address 12 Oak Lane is on file', ['12 Oak Lane']],
  // the street goes on over its direction to the town line, where the public-role step sees the base
  ['address', 'Mail to Hospital Command/IG, 100 2nd Drive West, Lakeland AFB, TX 78000-4301. Next', ['100 2nd Drive West, Lakeland AFB, TX 78000-4301']],
  ['address', 'Ask Form (QRS) staff.\nJane Roe\n2741 Cormorant Lane\nAshford, WA 98512', ['2741 Cormorant Lane\nAshford, WA 98512']],
  // health after a cue: only when it is someone's
  ['health', 'The term healthcare includes treatment for any medical or dental condition.', []],
  ['health', 'Diagnosis: The application should include diagnosis in both terms.', []],
  ['health', 'Members receive treatment for injuries incurred in an accident.', []],
  ['health', 'Diagnosis: Acute appendicitis\nPlan: surgery', ['Acute appendicitis']],
  ['health', 'She was treated for a broken arm in May.', ['a broken arm in May']],
  ['health', 'The member was diagnosed with leukemia in 2019.', ['leukemia in 2019']],
  ['health', 'A member whose illness keeps him or her from duty or who needs treatment for a chronic medical condition is referred.', []],
  ['health', 'The office does not count a diagnosis of alcoholism as a disability for these purposes.', []],
  ['health', 'A diagnosis of cancer may need more time to assess.', []],
  ['health', 'Sufficiency of her medical condition or supporting records is lacking.', []],
  ['health', 'She received a diagnosis of cancer in March.', ['cancer in March']],
  ['health', 'He or she was diagnosed with epilepsy last year.', ['epilepsy last year']],
  // form and publication numbers, citations, typesetting lines, form instructions, noise
  ['case-number', 'the case triggers identified by AFI 36-2910 are present', []],
  ['case-number', 'place the claim application (VA Form 21-526) in the file', []],
  ['id-number', 'once the employee has signed AFI41-210 forms', []],
  ['bank-account', 'savings contributions credit. Attach Form 8880 50', []],
  ['vehicle-plate', 'Evacuation Tag File beneath the SF 502 from the unit', []],
  ['ip-address', 'AND TERMS (;;;;::; c::: .b> from', []],
  ['credential', 'controlled by a combination of two movable surfaces', []],
  ['credential', 'user ID and password is required) to log in', []],
  ['credential', 'please contact the Service Account office at the desk', []],
  ['credential', 'password: Sunflower', ['Sunflower']],
  // comb fields: one digit per box after the label, the whole value, the validator still required
  ['aba-routing', 'b Routing number 0 1 1 0 0 0 0 1 5 c Type: Checking', ['0 1 1 0 0 0 0 1 5']],
  ['aba-routing', 'b Routing number  0 1 1 0 0 0 0 1 5  c Type', ['0 1 1 0 0 0 0 1 5']],
  ['aba-routing', 'b Routing number 0 1 1 0 0 0 0 1 6 c Type', []],
  ['aba-routing', 'b Routing number 2 0 1 1 0 0 0 0 1 5 c Type', []],
  ['ssn', 'Your social security number\n3 7 2 4 1 8 8 0 6\nSpouse', ['3 7 2 4 1 8 8 0 6']],
  ['ssn', 'Columns 1 2 3 4 5 6 7 8 9 of the SSN table', []],
  ['phone', 'Diocese v. Cuomo, No. 20A87, 2020 WL 6948354, at *3', []],
  ['phone', 'Fax: (415) 555–0134. Mail: the docket office', ['(415) 555–0134']],
  ['phone', 'For copies call 312–555– 0188 today', ['312–555– 0188']],
  ['phone', 'verify receipt of the fax. ABC12-345 7 MAY 2014 212\n3.1. Time of fax', []],
  ['phone', 'the number of pages. ABC12-345 14 March 2014 349', []],
  ['date-of-birth', 'You were born before January 2, 1946, Blind.', []],
  ['date-of-birth', 'the date of the infant birth. 4.9.11.1. The record', []],
  ['date-of-birth', 'relief under Rule 60(b), dated June 18, 2020.', []],
  ['person-name', 'the District of Columbia, Richmond and the states', []],
  // words made of English, and template surnames
  ['person-name', 'the Designee status', []],
  ['person-name', 'a Preparer signs', []],
  ['person-name', 'the Unsuiting conditions', []],
  ['person-name', 'The agency convened an Interagency panel', []],
  ['person-name', 'Questions go to JOHN A. COMMANDER at the desk', []],
  ['person-name', 'Questions go to JOHN A. CARMICHAEL at the desk', ['JOHN A. CARMICHAEL']],
  ['person-name', 'The witness Dana Copeland spoke', ['Dana Copeland']],
  ['person-name', 'the testimony of Gonzalez, Maria was heard', ['Gonzalez, Maria']],
  ['id-number', 'Division Harbor Operations Cost Center 530-140\nName Employee SSN', []],
  ['id-number', 'Employee ID E-40117', ['E-40117']],
  // citations and record references are not addresses: a court of appeals, a law report, a record's docket entry
  ['address', 'See Phillips v. Cty. of Allegheny, 515 F.3d 224, 228 (3d Cir. 2008).', []],
  ['address', 'See Vickers v. Childs, 530 F. App’x 104, 105 (2d Cir. 2013).', []],
  ['address', 'Section 1997e(e) of Title 42 of the United States Court is entitled', []],
  ['address', 'will not be disturbed.\n8 The Bankruptcy Court’s finding does not', []],
  ['address', 'denying the motion on June 27, 2012.\nBankr. Doc. 1168\nAppellant timely filed', []],
  ['address', '9 Winner’s taxpayer identification no. 10 Window\n11 First I.D. 12 Second I.D.', []],
  ['address', 'Initial Annual [] Final tn\n12/31/2011', []],
  ['address', 'The claimant lives at 1200 North Avenue, Apt 4', ['1200 North Avenue, Apt 4']],
  ['address', 'The claimant lives at 45818 P.O. Box 242', ['45818 P.O. Box 242']],
  // a Westlaw number on the line after its reporter; a running header's year and page after a month in capitals
  ['phone', 'Maples v. Warren, No. 12–0993, 2012 WL\n1344828, at *1 (D.N.J. Apr. 16, 2012)', []],
  ['phone', 'verify receipt of the fax.AFI41-210 6 JUNE 2012 117\n4.6.1.4.2. Date and time of fax', []],
  // a ZIP code after its state, a page range cited after a law report, a court's own related docket
  ['case-number', 'Seattle ACO Branch, FAA, Des Moines,\nWA 98198; docket number below', []],
  ['case-number', 'deemed a general unsecured claim. 789 F.2d at 99-104.', []],
  ['case-number', 'The claim file 98198 was reopened', ['98198']],
  ['date-of-birth', 'birth/birth_593.html.\n4.48.11. Updating Personnel Records born', []],
  ['date-of-birth', 'born 13/04/1998', ['13/04/1998']],
  // a form's number before its title is no plate, whatever the title says
  ['vehicle-plate', 'AF 876 TRAFFIC SAFETY EDUCATION RECORD\nOD 1200 MOTOR VEHICLE OPERATOR QUALIFICATIONS', []],
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

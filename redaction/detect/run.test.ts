import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchDetection, detectDocuments, scanDocument } from './run.ts';
import type { DocumentScan } from './run.ts';
import { textDocument } from './text-document.ts';
import { defaultPolicy, parsePolicy } from '../policy/load-policy.ts';
import type { Policy } from '../policy/types.ts';
import type { Finding } from '../../pipeline/model/types.ts';
import type { Detector } from './detector.ts';

const policy = defaultPolicy();

function texts(findings: Finding[], category?: string): string[] {
  return findings.filter((f) => !category || f.category === category).map((f) => f.text);
}

function withLists(extra: string): Policy {
  const base = `name: Test\njurisdiction: Test\nexemptions: ${JSON.stringify(policy.exemptions)}\ncategories: ${JSON.stringify(policy.categories)}\n${extra}\n`;
  const r = parsePolicy(base, 'test.yaml');
  assert.ok(r.ok, r.ok ? '' : r.problem.message);
  return r.value;
}

test('findings carry the policy action, exemption, reasons and boxes', () => {
  const [f] = detectDocuments([textDocument(['SSN: 372-41-8806'])], policy);
  assert.equal(f.length, 1);
  assert.equal(f[0].category, 'personal.ssn');
  assert.equal(f[0].exemption, 'b6');
  assert.equal(f[0].action, 'redact');
  assert.ok(f[0].why.some((w) => w.includes('context')));
  assert.equal(f[0].boxes.length, 1);
  assert.equal(f[0].boxes[0].page, 1);
});

test('ids are stable across runs and differ between documents', () => {
  const a = textDocument(['Email ana@example.org'], { fileName: 'a.pdf' });
  const b = textDocument(['Email ana@example.org'], { fileName: 'b.pdf' });
  const one = detectDocuments([a, b], policy);
  const two = detectDocuments([a, b], policy);
  assert.equal(one[0][0].id, two[0][0].id);
  assert.notEqual(one[0][0].id, one[1][0].id);
  assert.match(one[0][0].id, /^[0-9a-f]{16}$/);
});

test('a name split across lines is one finding with a box per line; across pages, a box per page', () => {
  const [lines] = detectDocuments([textDocument(['The report was written by Dr. Aisha\nPatel and filed.'])], policy);
  const name = lines.find((f) => f.category === 'personal.name');
  assert.ok(name);
  // the honorific goes with the name: it tells gender
  assert.equal(name.text, 'Dr. Aisha\nPatel');
  assert.equal(name.boxes.length, 2);
  const [pages] = detectDocuments([textDocument(['Call (202) 555-0173 or email oadeyemi@example.org or ask Dr. Aisha', 'Patel at the front desk.'])], policy);
  const split = pages.find((f) => f.category === 'personal.name');
  assert.ok(split);
  assert.deepEqual(split.boxes.map((b) => b.page), [1, 2]);
});

test('batch consistency: a name found once is found in every document, in every form', () => {
  const a = textDocument(['Investigator Maria Gonzalez-Ortiz interviewed the witness on Monday.'], { fileName: 'a.pdf' });
  const b = textDocument(["The file notes MARIA GONZALEZ-ORTIZ left early; Ms. Gonzalez-Ortiz's car was towed.\nLater maria\ngonzalez-ortiz returned."], { fileName: 'b.pdf' });
  const [fa, fb] = detectDocuments([a, b], policy);
  const source = fa.find((f) => f.text === 'Maria Gonzalez-Ortiz');
  assert.ok(source, JSON.stringify(texts(fa)));
  const names = fb.filter((f) => f.category === 'personal.name');
  for (const expected of ['MARIA GONZALEZ-ORTIZ', 'Ms. Gonzalez-Ortiz', 'maria\ngonzalez-ortiz']) {
    assert.ok(names.some((f) => f.text === expected), `missing ${JSON.stringify(expected)} in ${JSON.stringify(texts(names))}`);
  }
  const consistent = names.filter((f) => f.detector === 'consistency');
  assert.ok(consistent.length >= 1);
  for (const f of consistent) assert.ok(f.why.some((w) => w.includes(source.id) && w.includes('a.pdf p.1')), f.why.join('; '));
});

// occurrences looks words up in the text lowered once; after an "İ" (two code units lowered) or beside a "Σ" (lowered
// by what follows) that text is not the words' own lower case, and the words are lowered one by one there
test('batch consistency finds a name after letters whose lower case is longer or depends on the next letter', () => {
  const a = textDocument(['Investigator Maria Gonzalez-Ortiz interviewed the witness on Monday.'], { fileName: 'a.pdf' });
  for (const before of ['İSTANBUL İİİ office: ', 'ΟΔΟΣ ΑΘΗΝΑΣ: ', '']) {
    const b = textDocument([`${before}the file notes MARIA GONZALEZ-ORTIZ left early; Ms. Gonzalez-Ortiz's car was towed.`], { fileName: 'b.pdf' });
    const [, fb] = detectDocuments([a, b], policy);
    const names = texts(fb, 'personal.name');
    for (const expected of ['MARIA GONZALEZ-ORTIZ', 'Ms. Gonzalez-Ortiz']) assert.ok(names.includes(expected), `${before}: missing ${expected} in ${JSON.stringify(names)}`);
  }
});

test('batch consistency: an identifier found once is found with other separators elsewhere', () => {
  const a = textDocument(['Her SSN is 372-41-8806.'], { fileName: 'a.pdf' });
  const b = textDocument(['Reference 372418806 appears on the form, and 372 41 8806 on the letter.'], { fileName: 'b.pdf' });
  const [, fb] = detectDocuments([a, b], policy);
  assert.deepEqual(texts(fb, 'personal.ssn'), ['372418806', '372 41 8806']);
});

test('the deny list always redacts; the allow list never does; no code changes needed', () => {
  const doc = textDocument(['Jennifer Granholm met Agent Tobias Quill about Operation Nightjar and case CASE-204961.\nLater Secretary Granholm left.']);
  const [plain] = detectDocuments([doc], policy);
  assert.ok(texts(plain).includes('Jennifer Granholm'));
  assert.ok(!texts(plain).some((t) => t.includes('Nightjar')));
  const office = withLists(`allow:\n  - { text: Jennifer Granholm, note: Secretary of Energy }\ndeny:\n  - { text: Operation Nightjar, category: government.internal-id, note: code name }\n  - { pattern: "CASE-\\\\d{6}", category: government.internal-id }`);
  const [listed] = detectDocuments([doc], office);
  const t = texts(listed);
  assert.ok(!t.includes('Jennifer Granholm') && !t.includes('Granholm'), JSON.stringify(t));
  assert.ok(t.includes('Tobias Quill'));
  const deny = listed.filter((f) => f.detector === 'deny-list');
  assert.deepEqual(deny.map((f) => f.text), ['Operation Nightjar', 'CASE-204961']);
  assert.ok(deny.every((f) => f.exemption === 'b3' && f.why[0].startsWith('deny list')));
});

test('a keep action drops the category; review is carried through', () => {
  const keep = withLists('');
  keep.categories['personal.email'] = { action: 'keep', exemption: 'b6' };
  const doc = textDocument(['SECRET//NOFORN\nMail ana@example.org']);
  const [f] = detectDocuments([doc], keep);
  assert.deepEqual(texts(f, 'personal.email'), []);
  assert.equal(f.find((x) => x.category === 'government.classified')?.action, 'review');
});

test('a name never becomes a whole page, and a marked passage stops at its paragraph', () => {
  const page = ['(S) The source met Dr. Aisha Patel near the border.', 'It continued for two days.', '', 'The next paragraph is unclassified and routine.', 'It has nothing else.'].join('\n');
  const [f] = detectDocuments([textDocument([page])], policy);
  const passage = f.find((x) => x.category === 'government.classified');
  assert.ok(passage);
  assert.equal(passage.text, '(S) The source met Dr. Aisha Patel near the border.\nIt continued for two days.');
  assert.ok(f.some((x) => x.category === 'personal.name' && x.text === 'Dr. Aisha Patel'), 'the name inside the passage is still its own finding');
});

test('plain event dates and agency names are kept', () => {
  const [f] = detectDocuments([textDocument(['On March 3, 2024, the Department of Energy and the Federal Bureau of Investigation met in Denver.'])], policy);
  assert.deepEqual(texts(f), []);
});

test('the two-pass batch API gives the findings of detectDocuments, from documents loaded again', () => {
  const texts = ['Ms. Gonzalez-Ortiz filed the form.', 'Investigator Maria Gonzalez-Ortiz (SSN 372-41-8806) called (202) 555-0173.', 'SSN 372 41 8806 again.'];
  const load = (i: number) => textDocument([texts[i]], { fileName: `d${i}.pdf` });
  const expected = detectDocuments(texts.map((_, i) => load(i)), policy);
  const batch = batchDetection(policy);
  for (let i = 0; i < texts.length; i++) assert.equal(batch.scan(load(i)), i);
  const got = texts.map((_, i) => batch.findings(i, load(i)));
  assert.deepEqual(got, expected);
  // a value found in a later document reaches an earlier one
  assert.ok(got[0].some((f) => f.text === 'Ms. Gonzalez-Ortiz' && f.why.some((w) => w.includes('d1.pdf'))), JSON.stringify(got[0]));
  assert.ok(got[2].some((f) => f.category === 'personal.ssn'));
  assert.throws(() => batch.findings(0, load(0)), /already taken/);
});

test('documents scanned alone, in any order, stored as JSON and then finished as a batch give the findings of detectDocuments', () => {
  const texts = [
    'Ms. Gonzalez-Ortiz filed the form. Reach the clerk at records-desk@example.org.',
    'Investigator Maria Gonzalez-Ortiz (SSN 372-41-8806) called (202) 555-0173 about HADDAD, Youssef.',
    'SSN 372 41 8806 again; Judge Haddad heard it. Maria Gonzalez-Ortiz wrote to records-desk@example.org.',
    'Youssef Haddad, 12 Elm Street, Springfield, and Maria Gonzalez-Ortiz (SSN 372-41-8806) met.',
  ];
  const load = (i: number) => textDocument([texts[i]], { fileName: `d${i}.pdf` });
  const office = withLists('deny:\n  - text: records-desk\n    category: personal.name\nallow:\n  - text: Judge Haddad');
  for (const p of [policy, office]) {
    const expected = detectDocuments(texts.map((_, i) => load(i)), p);
    // each document on its own, last first (as workers finish them), through JSON (as a stored checkpoint)
    const scans = new Map<number, DocumentScan>();
    for (const i of [3, 1, 0, 2]) scans.set(i, JSON.parse(JSON.stringify(scanDocument(load(i), p))) as DocumentScan);
    const batch = batchDetection(p);
    for (let i = 0; i < texts.length; i++) assert.equal(batch.add(scans.get(i)!), i);
    const got = texts.map((_, i) => batch.findings(i, load(i)));
    assert.deepEqual(got, expected);
    // the batch pass did add values found in other documents (the test would prove nothing otherwise)
    assert.ok(got[0].some((f) => f.why.some((w) => w.startsWith('same ') && !w.includes('d0.pdf'))), JSON.stringify(got[0]));
    assert.ok(got[2].some((f) => f.category === 'personal.ssn' && f.why.some((w) => w.includes('d1.pdf'))), JSON.stringify(got[2]));
  }
});

test('public roles are not personal data: officials, judges and counsel in their role, office contacts, the court record', () => {
  const page = [
    'Case: 20-1507 Document: 00117684624 Page: 3 Date Filed: 12/22/2020 Entry ID: 6390389',
    'Roger K. Gannam, with whom Mathew D. Staver was on brief, for appellant.',
    'Governor Janet Mills issued the order. See Calvary Chapel v. Mills, 459 F. Supp. 3d 273.',
    'Questions to 9-FAA-SACO-AD-Inquiry@faa.gov or DSN 779-4786, or to doug.rudolph@faa.gov. The patient Maria Medina called (618) 555-0143.',
    'Angela T. Quigless, P.J., and James M. Dowd, J., concur.',
    'SUSAN ILLSTON',
    'United States District Judge',
  ].join('\n');
  const [f] = detectDocuments([textDocument([page])], policy);
  const shown = texts(f);
  // a staff member's mailbox given as the office's contact (beside its DSN line) is the office's: the policy keeps it
  for (const kept of ['Roger K. Gannam', 'Mathew D. Staver', 'Janet Mills', 'Mills', '9-FAA-SACO-AD-Inquiry@faa.gov', '779-4786', 'doug.rudolph@faa.gov', 'Angela T. Quigless', 'James M. Dowd', 'SUSAN ILLSTON', '6390389']) {
    assert.ok(!shown.some((t) => t.includes(kept)), `"${kept}" is a public role, not a finding: ${JSON.stringify(shown)}`);
  }
  // a private person's name and phone are still found
  assert.ok(shown.includes('Maria Medina') && shown.includes('(618) 555-0143'), JSON.stringify(shown));
  // an office that reviews public roles sees them, in their own category (in its own letter: a published record such
  // as the page above names no one privately without evidence, so there a judge's name is no finding at all)
  const reviewing = withLists('');
  reviewing.categories['public.role'] = { action: 'review', exemption: 'b6' };
  const [r] = detectDocuments([textDocument(['We enclose the order as signed.\nSUSAN ILLSTON\nUnited States District Judge'])], reviewing);
  assert.ok(r.some((x) => x.category === 'public.role' && x.text === 'SUSAN ILLSTON' && x.action === 'review'), JSON.stringify(texts(r)));
});

test("an office's mail routing makes its street address the office's; a home address stays personal", () => {
  const page = [
    'Forward the records to the US Army Medical Command, ATTN: MCHO-CL-P, 2050 Worth Road, Suite 10, Fort Sam Houston, TX 78234-6010.',
    'Approval authority is HQ AFPC/DPAMM, 550 C Street West, Randolph AFB, TX 78150.',
    'Send it to the National Personnel Records Center (NPRC) Annex, 1411 Boulder Boulevard, Valmeyer, IL 62295.',
    'The claimant lives at 2741 Cormorant Lane, Ashford, WA 98512.',
  ].join('\n');
  const [f] = detectDocuments([textDocument([page])], policy);
  const addresses = texts(f, 'personal.address');
  assert.deepEqual(addresses.filter((a) => /Worth|C Street|Boulder/.test(a)), [], JSON.stringify(addresses));
  assert.ok(addresses.some((a) => a.includes('2741 Cormorant Lane')), JSON.stringify(addresses));
});

test("a financial disclosure report's filer is a public role; the same name in another record is not", () => {
  const report = ['FINANCIAL DISCLOSURE REPORT FOR CALENDAR YEAR 2018', 'Person Reporting (last name, first, middle initial) HARRIS, LINDA M. 2. Court or Organization', 'Signature: s/ LINDA M. HARRIS'].join('\n');
  const [f] = detectDocuments([textDocument([report])], policy);
  assert.deepEqual(texts(f, 'personal.name'), []);
  const record = ['INCIDENT REPORT', 'Person Reporting (last name, first, middle initial) HARRIS, LINDA M.', 'Signature: s/ LINDA M. HARRIS'].join('\n');
  const [g] = detectDocuments([textDocument([record])], policy);
  assert.ok(texts(g, 'personal.name').length > 0, 'the name in an ordinary record is still found');
});

test('a value copied by batch consistency is judged where it lands: a public role there is kept', () => {
  const a = textDocument(['The witness Linda Okafor-Brightwater said she saw the truck.'], { fileName: 'a.pdf' });
  const b = textDocument(['Before: OKAFOR-BRIGHTWATER, Circuit Judge, and two others.'], { fileName: 'b.pdf' });
  const [fa, fb] = detectDocuments([a, b], policy);
  assert.ok(texts(fa, 'personal.name').includes('Linda Okafor-Brightwater'));
  assert.deepEqual(texts(fb, 'personal.name'), []);
});

test("an identifier presented as an example is no one's; a company's telephone is its own", () => {
  const page = [
    'For a newborn, the temporary Pseudo SSN looks like this: 800-12-3456. Write it on the band.',
    'Contact Exemplar Aircraft Ltd., Customer Technical Support, telephone: +41 41 619 67 74.',
    'The claimant gave SSN 372-41-8806 and her home phone +41 41 619 55 12 at the desk.',
  ].join('\n');
  const [f] = detectDocuments([textDocument([page])], policy);
  assert.deepEqual(texts(f, 'personal.ssn'), ['372-41-8806']);
  assert.deepEqual(texts(f, 'personal.phone'), ['+41 41 619 55 12']);
});

test('batch consistency copies a name into lower case only when not all its words are dictionary words', () => {
  const a = textDocument(['The witness Grace Hope met Maria Gonzalez-Ortiz on Monday.'], { fileName: 'a.pdf' });
  const b = textDocument(['With grace hope returns; maria gonzalez-ortiz was not there.'], { fileName: 'b.pdf' });
  const [fa, fb] = detectDocuments([a, b], policy);
  assert.ok(texts(fa, 'personal.name').includes('Grace Hope'), JSON.stringify(texts(fa)));
  assert.deepEqual(texts(fb, 'personal.name'), ['maria gonzalez-ortiz']);
});

test("a running header repeated on many pages is the document's furniture; the same value in the body is still found", () => {
  const pages = [1, 2, 3, 4].map((n) => [`Claim Guide AB-2025-0042 ${n}`, n === 2 ? 'See claim AB-2025-0042 for the history.' : 'Nothing here.', 'Issued by the office.'].join('\n'));
  const [f] = detectDocuments([textDocument(pages)], policy);
  const found = f.filter((x) => x.category === 'personal.case-number');
  assert.equal(found.length, 1, JSON.stringify(found.map((x) => [x.text, x.boxes[0].page])));
  assert.equal(found[0].boxes[0].page, 2);
  // fewer pages than a running header needs: every occurrence counts
  const [g] = detectDocuments([textDocument(pages.slice(0, 2))], policy);
  assert.equal(g.filter((x) => x.category === 'personal.case-number').length, 3);
});

test('batch consistency copies only what is certain: validated identifiers and strong names of two or more words', () => {
  const a = textDocument(
    [
      [
        'The alarm password: Office was set.', // a credential that is a dictionary word
        "I'm so proud! said Oswin to Bertrand.", // strong one-word names
        'Deposited to savings account 98765432.', // an identifier by context only, no validator
        'Her cell 2012 117 rang.', // a phone number by a weak pattern and its label
        'Her SSN is 372-41-8806 and her NPI 1234567893.', // validated identifiers
        'The tenant Tobias Quill paid.', // a strong full name
      ].join('\n'),
    ],
    { fileName: 'a.pdf' },
  );
  const b = textDocument(['The Office opened. Oswin and Bertrand left. Ref 98765432 filed. In 2012 117 forms were filed. Ref 372418806 and 1234567893. Tobias Quill called.'], { fileName: 'b.pdf' });
  const [fa, fb] = detectDocuments([a, b], policy);
  // the oracle: each value was found in the first document
  for (const value of ['Office', 'Oswin', 'Bertrand', '98765432', '2012 117', '372-41-8806', '1234567893', 'Tobias Quill']) {
    assert.ok(texts(fa).includes(value), `${value} should be found in a.pdf: ${JSON.stringify(texts(fa))}`);
  }
  const copies = fb.filter((f) => f.detector === 'consistency' || f.why.some((w) => w.startsWith('same ')));
  assert.deepEqual(copies.map((f) => f.text).sort(), ['1234567893', '372418806', 'Tobias Quill']);
  // each copy names the finding it came from and where; only the workspace keeps this (public outputs quote no reasons)
  for (const copy of copies) {
    const compact = (t: string) => t.replace(/[\W_]/g, '').toLowerCase();
    const source = fa.find((f) => compact(f.text) === compact(copy.text));
    assert.ok(source);
    assert.ok(copy.why.some((w) => w.includes(`finding ${source.id}`) && w.includes('a.pdf p.1')), copy.why.join('; '));
  }
});

test('batch consistency: a copied name is judged where it lands, in a worked example or a business name it names no one', () => {
  const policy = defaultPolicy();
  const prose = 'The committee reviewed the budget and the schedule for the coming year in some detail. '.repeat(20);
  const docs = [
    textDocument([`${prose}Plaintiff Mitchell Quillfeather appeared. ${prose}`]),
    textDocument([`${prose}Horses shipped by Quillfeather Brothers of Hamburg. ${prose}`]),
    textDocument([`${prose}\n4.1. For this example, let's assume a baby girl is born to Quillfeather at 1400hrs. ${prose}`]),
    textDocument([`${prose}Quillfeather called the office. ${prose}`]),
  ];
  const found = detectDocuments(docs, policy).map((fs) => fs.filter((f) => f.category === 'personal.name').map((f) => f.text));
  assert.ok(found[0].includes('Mitchell Quillfeather'), JSON.stringify(found[0]));
  assert.deepEqual(found[1], []);
  assert.deepEqual(found[2], []);
  // the proof that copying works at all: a plain mention elsewhere is copied
  assert.ok(found[3].includes('Quillfeather'), JSON.stringify(found[3]));
});

test('batch consistency: a surname copies from its own place in "Last, First", and not into a town, a street or another person\'s full name', () => {
  const policy = defaultPolicy();
  const prose = 'The committee reviewed the budget and the schedule for the coming year in some detail. '.repeat(20);
  const docs = [
    textDocument([`${prose}Requester: Quillfeather, Maria asked for records. ${prose}`]),
    textDocument([`${prose}The hearing was held in Quillfeather, AL 36104 at the courthouse. ${prose}`]),
    textDocument([`${prose}The meeting is at 38 S Quillfeather Ave, Tucson. ${prose}`]),
    textDocument([`${prose}The complaint concerns VMO Earnest Quillfeather and his inspections. ${prose}`]),
    textDocument([`${prose}Quillfeather called the office again. ${prose}`]),
  ];
  const found = detectDocuments(docs, policy).map((fs) => fs.filter((f) => f.category === 'personal.name').map((f) => f.text));
  assert.ok(found[0].includes('Quillfeather, Maria'), JSON.stringify(found[0]));
  assert.deepEqual(found[1], []);
  assert.deepEqual(found[2], []);
  assert.ok(!found[3].includes('Quillfeather'), JSON.stringify(found[3]));
  // the proof that copying works at all: a plain mention elsewhere is copied
  assert.ok(found[4].includes('Quillfeather'), JSON.stringify(found[4]));
});

test('batch consistency copies no given name alone, even from the surname place of "Last, First"', () => {
  const a = textDocument(['Requests received:\n21-0417 | Paul, Marisol | none\n21-0418 | Haddad, Youssef | none'], { fileName: 'a.pdf' });
  const b = textDocument(['The volunteers thanked were Paul Erwin and the Haddad family.'], { fileName: 'b.pdf' });
  const [fa, fb] = detectDocuments([a, b], policy);
  // the oracle: both pairs were found whole in the first document
  assert.ok(texts(fa).includes('Paul, Marisol') && texts(fa).includes('Haddad, Youssef'), JSON.stringify(texts(fa)));
  const copied = fb.filter((f) => f.detector === 'consistency' || f.why.some((w) => w.startsWith('same '))).map((f) => f.text);
  // a surname no lexicon knows as a given name still spreads; "Paul", a given name, does not
  assert.ok(copied.includes('Haddad'), JSON.stringify(copied));
  assert.ok(!copied.some((t) => /Paul/.test(t)), JSON.stringify(copied));
});

test('batch consistency never copies as a name words that end in a street type: a street read as a name in a table row stays there', () => {
  // a name detector that, like a table row "Kenyatta | Johnson | 2040 Ellsworth St" (Philadelphia's 2015 candidate
  // list), takes the street for a name; the same street is a polling place's in the next document
  const streetAsName: Detector = {
    id: 'test-names',
    category: 'personal.name',
    summary: 'test',
    patterns: [{ name: 'listed', regex: /\b(?:Ellsworth St|Kenyatta Johnson)\b/g, score: 0.95 }],
    examples: { match: [], ignore: [] },
  };
  const a = textDocument(['Kenyatta Johnson | Ellsworth St | Philadelphia'], { fileName: 'candidates.pdf' });
  const b = textDocument(['1013 ELLSWORTH ST | ST MARONS CHURCH\nKenyatta Johnson voted.'], { fileName: 'polling-places.pdf' });
  const [fa, fb] = detectDocuments([a, b], policy, [streetAsName]);
  assert.deepEqual(texts(fa).sort(), ['Ellsworth St', 'Kenyatta Johnson']);
  // the full name is copied, the street is not
  assert.deepEqual(texts(fb), ['Kenyatta Johnson']);
});

test('batch consistency: a full name spreads only when its first finding was strong', () => {
  // two words no dictionary or name list knows: a weak name (0.65); a given name and such a word: a strong one (0.8)
  const a = textDocument(['The tenant Zorvath Quillbrek paid. Then Tobias Brennerholt paid.'], { fileName: 'a.pdf' });
  const b = textDocument(['Ref zorvath quillbrek and tobias brennerholt filed.'], { fileName: 'b.pdf' });
  const [fa, fb] = detectDocuments([a, b], policy);
  const score = (t: string) => fa.find((f) => f.text === t)?.score ?? 0;
  assert.ok(score('Zorvath Quillbrek') >= 0.5 && score('Zorvath Quillbrek') < 0.75, JSON.stringify(fa.map((f) => [f.text, f.score])));
  assert.ok(score('Tobias Brennerholt') >= 0.75, JSON.stringify(fa.map((f) => [f.text, f.score])));
  assert.deepEqual(texts(fb, 'personal.name'), ['tobias brennerholt']);
});

test("batch consistency: a full name does not spread as private into a text that uses its surname alone in a public role", () => {
  const prose = 'The committee reviewed the budget and the schedule for the coming year in some detail. '.repeat(20);
  // a speaker at one meeting (the public, private) ...
  const speakers = textDocument([`${prose}\nPublic hearing: Ordinance 8535\nSpeakers:\nLaurie Ashby\nMatt Quennell\nAnne Lindqvist\nMotion: Wallach | Seconded: Winer\n`], { fileName: 'a.pdf' });
  const later = (body: string) => detectDocuments([speakers, textDocument([`${prose}\n${body}\n`], { fileName: 'b.pdf' })], policy)[1];
  assert.ok(texts(detectDocuments([speakers], policy)[0], 'personal.name').includes('Matt Quennell'));
  // ... is the mayor, or a member on the roll, in another text: the same words are public there
  assert.deepEqual(texts(later('Mayor Quennell opened the meeting.\nMatt Quennell thanked the staff for the report.'), 'personal.name'), []);
  assert.deepEqual(texts(later('Attendees: Quennell, Friend, Swetlick, Wallach\nThe meeting opened.\nMatt Quennell thanked the staff for the report.'), 'personal.name'), []);
  // where the text names someone else with the surname, the title may mean either: the copy stays
  assert.ok(texts(later('Mayor Quennell opened the meeting.\nJane Quennell, his sister, thanked the staff.\nMatt Quennell spoke.'), 'personal.name').includes('Matt Quennell'));
  // a text with no public use of the surname: the copy stays private
  assert.ok(texts(later('Matt Quennell thanked the staff for the report.'), 'personal.name').includes('Matt Quennell'));
  // the surname copied alone lands where the text names the full name in a public role: the same person, public there
  assert.deepEqual(texts(later('Mayor Matt Quennell opened the meeting.\nLater Quennell left the room.'), 'personal.name'), []);
  // (and stays where the full name with the surname is someone else's too)
  assert.ok(texts(later('Mayor Matt Quennell opened the meeting.\nLater Quennell left.\nJane Quennell, his sister, spoke.'), 'personal.name').includes('Quennell'));
});

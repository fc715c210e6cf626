/**
 * @module
 * Labelled documents with identifiers, made from real public templates: the IRS
 * AcroForms in ../shared/corpora/gov-pdfs (Form 9465, installment agreement
 * request; Form W-2G, gambling winnings) filled with invented people, flattened
 * so the values are page text, as a scanned-in or printed-to-PDF form reads. The
 * labels follow gov-pdfs/GUIDE.md and come from the same invented values: the
 * private person's names, SSN, home address, phones, bank routing and account
 * numbers and ID document are `redact`; the bank, the employer, the casino
 * payer and its federal and state numbers, amounts and dates are kept.
 * These six are held out: detection is never tuned on them. The tuning side
 * fills two other real templates of the corpus, Form 1040 for 2013 (AcroForm)
 * and for 2010, with other invented households (taxpayer, spouse, dependent
 * children, bank, phones, a third-party designee), labelled by the same rules.
 * Deterministic: the same templates give the same bytes, so the corpus cache holds.
 *
 * ```ts
 * const made = await writeFilledForms(join(govPdfs, 'pdfs'), outDir); // { corpusDir, labelsDir } or undefined
 * ```
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { writeLabelledCorpus } from './labelled-corpus.ts';
import type { Split } from './real-documents.ts';

interface Person {
  first: string;
  last: string;
  ssn: string;
  street: string;
  apt: string;
  city: string;
  zip: string;
  homePhone: string;
  workPhone: string;
  routing: string;
  account: string;
  licence: string;
  spouse?: { first: string; last: string; ssn: string };
}

/** Invented people; routing numbers pass the ABA check, SSNs the SSA rules (none is a real person's). */
const PEOPLE: Person[] = [
  { first: 'Maribel', last: 'Okonkwo-Reyes', ssn: '529-41-7836', street: '3172 Bellflower Drive', apt: '4B', city: 'Ashford, WA', zip: '98512', homePhone: '(360) 555-0187', workPhone: '(360) 555-0142', routing: '325070760', account: '447122098815', licence: 'WA DL OKONKMR512QB', spouse: { first: 'Tomasz', last: 'Wierzbicki', ssn: '447-30-2158' } },
  { first: 'Desmond', last: 'Achterberg', ssn: '261-45-9013', street: '88 Sandpiper Court', apt: '', city: 'Dover, DE', zip: '19901', homePhone: '(302) 555-0119', workPhone: '(302) 555-0166', routing: '031100209', account: '0048812761', licence: 'DE DL 4417203' },
  { first: 'Keiko', last: 'Yamamoto-Hale', ssn: '378-52-6604', street: '1863 Plover Lane', apt: 'Unit 12', city: 'Salem, OR', zip: '97301', homePhone: '(503) 555-0133', workPhone: '(503) 555-0178', routing: '123006800', account: '7719004523', licence: 'OR DL 7291554', spouse: { first: 'Aaron', last: 'Hale', ssn: '412-68-3927' } },
];

const CASHIER = 'J. Ruiz';

/** Invented households for the tuning side (none is a real person; routing numbers pass the ABA check). */
interface Household {
  first: string;
  initial: string;
  last: string;
  ssn: string;
  spouse?: { first: string; last: string; ssn: string; occupation: string };
  street: string;
  apt: string;
  city: string;
  state: string;
  zip: string;
  children: { first: string; last: string; ssn: string; relation: string }[];
  routing: string;
  account: string;
  occupation: string;
  phone: string;
  designee?: { name: string; phone: string; pin: string };
  ipPin?: string;
}

const HOUSEHOLDS: Household[] = [
  {
    first: 'Harriet', initial: 'J', last: 'Quennell', ssn: '483-27-1956', spouse: { first: 'Obinna', last: 'Quennell', ssn: '391-62-4807', occupation: 'Nurse' },
    street: '417 Larkspur Terrace', apt: '2C', city: 'Eugene', state: 'OR', zip: '97405', children: [{ first: 'Amara', last: 'Quennell', ssn: '602-18-3349', relation: 'Daughter' }, { first: 'Felix', last: 'Quennell', ssn: '602-18-7720', relation: 'Son' }],
    routing: '122000247', account: '30917745126', occupation: 'Electrician', phone: '(541) 555-0139', designee: { name: 'Rosalind Ferreira', phone: '(541) 555-0164', pin: '40718' }, ipPin: '582914',
  },
  {
    first: 'Vikram', initial: 'S', last: 'Thorvaldsen', ssn: '254-81-6630', street: '9021 Old Mill Road', apt: '', city: 'Frederick', state: 'MD', zip: '21702',
    children: [{ first: 'Leena', last: 'Thorvaldsen', ssn: '218-40-5593', relation: 'Daughter' }], routing: '021000021', account: '884210093', occupation: 'Bus driver', phone: '(301) 555-0126',
  },
  {
    first: 'Mercedes', initial: 'A', last: 'Oyelaran', ssn: '529-07-3318', spouse: { first: 'Tobias', last: 'Lindqvist', ssn: '530-66-1204', occupation: 'Teacher' },
    street: '66 Kingfisher Way', apt: 'Apt 310', city: 'Reno', state: 'NV', zip: '89502', children: [], routing: '091000019', account: '6612094837715', occupation: 'Dental hygienist', phone: '(775) 555-0181',
    designee: { name: 'Priscilla Agbaje', phone: '(775) 555-0112', pin: '93305' },
  },
];

interface Made {
  name: string;
  bytes: Uint8Array;
  redact: { text: string; kind: 'name' | 'identifier'; why: string }[];
}

/** A value as a comb field prints it: one character a cell. */
function combed(value: string): string {
  return [...value.replace(/\s/g, '')].join(' ');
}

function set(form: ReturnType<PDFDocument['getForm']>, field: string, value: string): void {
  if (value) form.getTextField(field).setText(value);
}

async function form9465(template: Uint8Array, p: Person, i: number): Promise<Made> {
  const pdf = await PDFDocument.load(template, { updateMetadata: false });
  const form = pdf.getForm();
  const values: Record<string, string> = {
    L7: 'Form 1040', L8: '2013', TPFNAME: p.first, TPLNAME: p.last, SSN: p.ssn, SPFNAME: p.spouse?.first ?? '', SPLNAME: p.spouse?.last ?? '', SSSN: p.spouse?.ssn ?? '',
    ADDR: p.street, APT: p.apt, CITY: p.city, ZIP: p.zip, HOMEPHON: p.homePhone, HTIME: 'after 6 pm', WORKPHON: p.workPhone, WTIME: 'noon',
    BANKNAME: 'First Harbor Savings Bank', BANKADDR: '200 Commerce Way', BANKCITY: 'Seattle', BANKZIP: '98101', EMPNAME: 'Cascade Fleet Services Inc.', EMPADDR: '5200 Industrial Blvd', EMPCITY: 'Tacoma, WA', EMPZIP: '98421',
    L9: '8412', L10: '500', TTLTXDUE: '791', L11: '350', CMTHPMT: '110', L12: '15', RTN: p.routing, DAN: p.account, NAME2: `${p.first} ${p.last}`, SSN2: p.ssn,
  };
  for (const [field, value] of Object.entries(values)) set(form, field, value);
  form.flatten();
  pdf.setCreationDate(new Date('2014-01-15T00:00:00Z'));
  pdf.setModificationDate(new Date('2014-01-15T00:00:00Z'));
  const redact: Made['redact'] = [
    { text: p.first, kind: 'name', why: 'taxpayer, first name' },
    { text: p.last, kind: 'name', why: 'taxpayer, last name' },
    { text: p.ssn, kind: 'identifier', why: 'SSN' },
    { text: p.street, kind: 'identifier', why: 'home address' },
    { text: p.zip, kind: 'identifier', why: 'home ZIP code' },
    { text: p.homePhone, kind: 'identifier', why: 'home phone' },
    { text: p.workPhone, kind: 'identifier', why: "the taxpayer's own work phone" },
    // comb fields print a character a cell, and every reader extracts them so: labelled as the page reads
    { text: combed(p.routing), kind: 'identifier', why: "routing number of the taxpayer's account, one digit a cell" },
    { text: combed(p.account), kind: 'identifier', why: 'bank account number, one digit a cell' },
  ];
  if (p.apt) redact.push({ text: p.apt, kind: 'identifier', why: 'apartment of the home address' });
  if (p.spouse) redact.push({ text: p.spouse.first, kind: 'name', why: 'spouse' }, { text: p.spouse.last, kind: 'name', why: 'spouse' }, { text: p.spouse.ssn, kind: 'identifier', why: "spouse's SSN" });
  return { name: `irs-f9465-filled-${i + 1}`, bytes: await pdf.save(), redact };
}

async function formW2g(template: Uint8Array, p: Person, i: number): Promise<Made> {
  const pdf = await PDFDocument.load(template, { updateMetadata: false });
  const form = pdf.getForm();
  const values: Record<string, string> = {
    PNAM: 'Silver Tide Casino LLC', PADD: '1 Riverboat Landing', PCTY: 'Tunica', PST: 'MS', PZIP: '38676', PFIN: '64-0834412', PHONE: '(662) 555-0100',
    WNAM: `${p.first} ${p.last}`, WADD: `${p.street}${p.apt ? ` ${p.apt}` : ''}`, WCITY: p.city.split(',')[0], WST: p.city.split(', ')[1], WZIP: p.zip,
    L1: '12,500.00', L2: '3,125.00', L3: 'Slots', L4: '03/14/2013', L5: '88213', L7: '0.00', L8: CASHIER, L9: p.ssn, L10: '14', L11: p.licence, L13A: 'MS', L13B: '8841-22', L14: '12,500.00',
  };
  for (const [field, value] of Object.entries(values)) set(form, field, value);
  form.flatten();
  pdf.setCreationDate(new Date('2014-01-15T00:00:00Z'));
  pdf.setModificationDate(new Date('2014-01-15T00:00:00Z'));
  const licenceNumber = p.licence.split(' ').pop()!;
  return {
    name: `irs-fw2g-filled-${i + 1}`,
    bytes: await pdf.save(),
    redact: [
      { text: p.first, kind: 'name', why: 'winner' },
      { text: CASHIER, kind: 'name', why: "the casino's cashier, a private person" },
      { text: p.last, kind: 'name', why: 'winner' },
      { text: p.street, kind: 'identifier', why: 'home address' },
      { text: p.zip, kind: 'identifier', why: 'home ZIP code' },
      { text: p.ssn, kind: 'identifier', why: "winner's TIN (SSN)" },
      { text: licenceNumber, kind: 'identifier', why: "winner's driver licence number" },
      ...(p.apt ? [{ text: p.apt, kind: 'identifier' as const, why: 'apartment of the home address' }] : []),
    ],
  };
}

/** The Form 1040 fields of one household, by the template's own field names. */
interface Form1040Fields {
  first: string; last: string; ssn: string; spouseFirst: string; spouseLast: string; spouseSsn: string;
  street: string; apt: string; cityStateZip?: string; city?: string; state?: string; zip?: string;
  child: (n: number) => { name?: string; first?: string; last?: string; ssn: string; relation: string };
  routing: string; account: string; designee: string; designeePhone: string; designeePin: string;
  occupation: string; spouseOccupation: string; phone: string; ipPin?: string;
}

/** 2013: AcroForm with short names; comb SSNs, account and PINs; a plain routing field; the state is a list. */
const F1040_2013: Form1040Fields = {
  first: 'NAME', last: 'LNAM', ssn: 'SSN', spouseFirst: 'SNAM', spouseLast: 'SLNM', spouseSsn: 'SSSN', street: 'ADDR', apt: 'APT', city: 'CITY', state: 'ST', zip: 'ZIP',
  child: (n) => ({ first: `DEPEND_L6C1[${n}]`, last: `DEPEND_L6C2[${n}]`, ssn: `DEPEND_L6C3[${n}]`, relation: `DEPEND_L6C4[${n}]` }),
  routing: 'ROUTNO', account: 'ACCNO', designee: 'DESNAM', designeePhone: 'DESPH', designeePin: 'DESPIN', occupation: 'OCC', spouseOccupation: 'SOCC', phone: 'DTPHO', ipPin: 'IDTHEFT',
};

const P1 = 'topmostSubform[0].Page1[0].';
const P2 = 'topmostSubform[0].Page2[0].';
/** 2010: XFA-style names; city, state and ZIP in one field; comb routing and account; a dependent's name in one field. */
const F1040_2010: Form1040Fields = {
  first: `${P1}p1-t4[0]`, last: `${P1}p1-t5[0]`, ssn: `${P1}p1-t11[0]`, spouseFirst: `${P1}p1-t6[0]`, spouseLast: `${P1}p1-t7[0]`, spouseSsn: `${P1}p1-t14[0]`,
  street: `${P1}p1-t8[0]`, apt: `${P1}p1-t9[0]`, cityStateZip: `${P1}p1-t10[0]`,
  child: (n) => {
    const ids = [[20, 21, 24], [25, 26, 30], [31, 32, 35], [36, 37, 40]][n - 1];
    const at = (t: number) => `${P1}Line6cTable[0].#subform[${n}].p1-t${t}[0]`;
    return { name: at(ids[0]), ssn: at(ids[1]), relation: at(ids[2]) };
  },
  routing: `${P2}RoutingNoRules[0].f1_040_0_[0]`, account: `${P2}AccountNumber[1].f1_040_0_[0]`, designee: `${P2}p2-t111[0]`, designeePhone: `${P2}p2-t113[0]`, designeePin: `${P2}p2-t114[0]`,
  occupation: `${P2}p2-t119[0]`, spouseOccupation: `${P2}p2-t122[0]`, phone: `${P2}p2-t121[0]`,
};

/** A comb field takes digits only, one a cell; a plain field takes the value as written. */
function fill(form: ReturnType<PDFDocument['getForm']>, field: string, value: string): string {
  if (!value) return '';
  const f = form.getTextField(field);
  const written = f.isCombed() ? value.replace(/\D/g, '') : value;
  f.setText(written);
  return f.isCombed() ? combed(written) : written;
}

async function form1040(template: Uint8Array, fields: Form1040Fields, h: Household, name: string): Promise<Made> {
  const pdf = await PDFDocument.load(template, { updateMetadata: false });
  const form = pdf.getForm();
  const redact: Made['redact'] = [];
  const id = (field: string, value: string, why: string) => {
    const printed = fill(form, field, value);
    if (printed) redact.push({ text: printed, kind: 'identifier', why });
  };
  fill(form, fields.first, `${h.first} ${h.initial}`);
  fill(form, fields.last, h.last);
  redact.push({ text: h.first, kind: 'name', why: 'taxpayer, first name' }, { text: h.last, kind: 'name', why: 'taxpayer, last name' });
  id(fields.ssn, h.ssn, "taxpayer's SSN");
  if (h.spouse) {
    fill(form, fields.spouseFirst, h.spouse.first);
    fill(form, fields.spouseLast, h.spouse.last);
    redact.push({ text: h.spouse.first, kind: 'name', why: 'spouse' });
    if (h.spouse.last !== h.last) redact.push({ text: h.spouse.last, kind: 'name', why: 'spouse' });
    id(fields.spouseSsn, h.spouse.ssn, "spouse's SSN");
    fill(form, fields.spouseOccupation, h.spouse.occupation);
  }
  id(fields.street, h.street, 'home address');
  id(fields.apt, h.apt, 'apartment of the home address');
  if (fields.cityStateZip) {
    fill(form, fields.cityStateZip, `${h.city}, ${h.state} ${h.zip}`);
    redact.push({ text: h.zip, kind: 'identifier', why: 'home ZIP code' });
  } else {
    fill(form, fields.city!, h.city);
    form.getDropdown(fields.state!).select(h.state);
    id(fields.zip!, h.zip, 'home ZIP code');
  }
  for (const [i, c] of h.children.entries()) {
    const f = fields.child(i + 1);
    if (f.name) fill(form, f.name, `${c.first} ${c.last}`);
    else {
      fill(form, f.first!, c.first);
      fill(form, f.last!, c.last);
    }
    redact.push({ text: c.first, kind: 'name', why: 'dependent child, a minor' });
    id(f.ssn, c.ssn, "dependent child's SSN");
    const relation = form.getField(f.relation);
    if ('select' in relation) (relation as ReturnType<typeof form.getDropdown>).select(c.relation);
    else fill(form, f.relation, c.relation);
  }
  id(fields.routing, h.routing, "routing number of the taxpayer's account");
  id(fields.account, h.account, 'bank account number');
  fill(form, fields.occupation, h.occupation);
  id(fields.phone, h.phone, "taxpayer's daytime phone");
  if (h.designee) {
    fill(form, fields.designee, h.designee.name);
    for (const part of h.designee.name.split(' ')) redact.push({ text: part, kind: 'name', why: 'third-party designee, a private person' });
    id(fields.designeePhone, h.designee.phone, "designee's phone");
    id(fields.designeePin, h.designee.pin, "designee's personal identification number");
  }
  if (h.ipPin && fields.ipPin) id(fields.ipPin, h.ipPin, 'identity protection PIN');
  form.flatten();
  pdf.setCreationDate(new Date('2014-01-15T00:00:00Z'));
  pdf.setModificationDate(new Date('2014-01-15T00:00:00Z'));
  return { name, bytes: await pdf.save(), redact };
}

/** Writes the filled forms and their labels under `outDir`; undefined when the templates are not there. */
export async function writeFilledForms(templatesDir: string, outDir: string): Promise<{ corpusDir: string; labelsDir: string } | undefined> {
  const f9465 = join(templatesDir, 'irs-f9465-2013-installment-agreement.pdf');
  const w2g = join(templatesDir, 'irs-fw2g-2013-acroform.pdf');
  if (!existsSync(f9465) || !existsSync(w2g)) return undefined;
  const made: (Made & { split: Split; pages: number })[] = [];
  for (const [i, p] of PEOPLE.entries()) {
    made.push({ ...(await form9465(readFileSync(f9465), p, i)), split: 'held-out', pages: 2 });
    made.push({ ...(await formW2g(readFileSync(w2g), p, i)), split: 'held-out', pages: 1 });
  }
  // the tuning side: other templates, other households
  for (const [year, fields] of [['2013', F1040_2013], ['2010', F1040_2010]] as const) {
    const template = join(templatesDir, year === '2013' ? 'irs-f1040-2013-acroform.pdf' : 'irs-f1040-2010-prefilled.pdf');
    if (!existsSync(template)) continue;
    for (const [i, h] of HOUSEHOLDS.entries()) made.push({ ...(await form1040(readFileSync(template), fields, h, `irs-f1040-${year}-filled-${i + 1}`)), split: 'tune', pages: 2 });
  }
  return writeLabelledCorpus(
    outDir,
    made.map((m) => ({
      ...m,
      debatable: [],
      notes: m.name.includes('1040')
        ? 'Real IRS template filled with an invented household (redaction/eval/filled-forms.ts); city, state, occupations, amounts and the IRS text are kept.'
        : 'Real IRS template filled with an invented person (redaction/eval/filled-forms.ts); the bank, employer and casino payer with their numbers, amounts and dates are kept.',
    })),
  );
}

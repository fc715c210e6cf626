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
 * All are held out: detection is never tuned on them. Deterministic: the same
 * templates give the same bytes, so the corpus cache holds.
 *
 * ```ts
 * const made = await writeFilledForms(join(govPdfs, 'pdfs'), outDir); // { corpusDir, labelsDir } or undefined
 * ```
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { writeLabelledCorpus } from './labelled-corpus.ts';

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

/** Writes the filled forms and their labels under `outDir`; undefined when the templates are not there. */
export async function writeFilledForms(templatesDir: string, outDir: string): Promise<{ corpusDir: string; labelsDir: string } | undefined> {
  const f9465 = join(templatesDir, 'irs-f9465-2013-installment-agreement.pdf');
  const w2g = join(templatesDir, 'irs-fw2g-2013-acroform.pdf');
  if (!existsSync(f9465) || !existsSync(w2g)) return undefined;
  const made: Made[] = [];
  for (const [i, p] of PEOPLE.entries()) {
    made.push(await form9465(readFileSync(f9465), p, i));
    made.push(await formW2g(readFileSync(w2g), p, i));
  }
  return writeLabelledCorpus(
    outDir,
    made.map((m) => ({
      ...m,
      pages: m.name.includes('9465') ? 2 : 1,
      split: 'held-out',
      debatable: [],
      notes: 'Real IRS template filled with an invented person (redaction/eval/filled-forms.ts); the bank, employer and casino payer with their numbers, amounts and dates are kept.',
    })),
  );
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectDocuments } from './run.ts';
import { textDocument } from './text-document.ts';
import { defaultPolicy } from '../policy/load-policy.ts';
import type { Finding } from '../../pipeline/model/types.ts';

const policy = defaultPolicy();

function shown(page: string): Finding[] {
  return detectDocuments([textDocument([page])], policy)[0];
}

function texts(findings: Finding[], category: string): string[] {
  return findings.filter((f) => f.category === category).map((f) => f.text.replace(/\s+/g, ' '));
}

test("an organisation's address, phone and mailbox in its contact block are kept; the same values of a person are found", () => {
  const office = [
    'ADDRESSES: You may send comments by any of the following',
    'methods:',
    '• Fax: (202) 493–2251.',
    '• Mail: U.S. Department of',
    'Transportation, Docket Operations, M–',
    '30, West Building Ground Floor, Room',
    'W12–140, 1200 New Jersey Avenue SE,',
    'Washington, DC 20590.',
    'FOR FURTHER INFORMATION CONTACT: Doug Rudolph,',
    'Aerospace Engineer, FAA, General Aviation & Rotorcraft',
    'Section, International Validation',
    'Branch, 901 Locust, Room 301, Kansas',
    'City, Missouri 64106; telephone: (816)',
    '329–4059; email:',
    'doug.rudolph@faa.gov.',
    'For information on the availability of this material at the FAA, call (816) 329–4148.',
    'The Office of the Deputy Director of Clinical Documentation',
    'Defense Information Management System',
    'Arlington, VA',
    '(703) 681-7147',
  ].join('\n');
  const f = shown(office);
  assert.deepEqual([...texts(f, 'personal.address'), ...texts(f, 'personal.phone'), ...texts(f, 'personal.email')], []);
  const kept = detectDocuments([textDocument([office])], { ...policy, categories: { ...policy.categories, 'public.office-contact': { action: 'review', exemption: 'b6' } } })[0];
  // an office that reviews office contacts sees them, in their own category
  assert.ok(texts(kept, 'public.office-contact').some((t) => t.includes('1200 New Jersey Avenue SE')), JSON.stringify(texts(kept, 'public.office-contact')));

  const person = [
    'MARLOWE COUNTY DEPARTMENT OF HUMAN SERVICES',
    'Benefits Eligibility Unit, Marlowe, OR 97401',
    'August 5, 2025',
    'MR. TAVITA FALEOLO-JENSEN',
    '2741 Cormorant Lane, Unit 12',
    'Marlowe, OR 97402',
    'The witness lives at 22 Pelican Court and can be reached at (503) 555-0175 most days.',
    'Questions on this memo: Priya Venkataraman, extension 2207, p.venkataraman@kestrelbay.example.gov.',
  ].join('\n');
  const g = shown(person);
  assert.ok(texts(g, 'personal.address').some((t) => t.includes('2741 Cormorant Lane')), JSON.stringify(texts(g, 'personal.address')));
  assert.ok(texts(g, 'personal.address').some((t) => t.includes('22 Pelican Court')), JSON.stringify(texts(g, 'personal.address')));
  assert.deepEqual(texts(g, 'personal.phone'), ['(503) 555-0175']);
  // a staff mailbox with no office named around it stays personal (the policy keeps only an office's contact)
  assert.deepEqual(texts(g, 'personal.email'), ['p.venkataraman@kestrelbay.example.gov']);
});

test("a judge's chambers and an office's building are an office's; a label ending in Office on a phone is no office", () => {
  const f = shown(['7. Chambers or Office Address', 'P.O. BOX 1031', 'ALEXANDRIA, LOUISIANA 71309'].join('\n'));
  assert.deepEqual(texts(f, 'personal.address'), []);
  const g = shown(['Debra Neal', '', '3536 Hoog St', 'Apt. 839', 'Brakpan', '082 490 1693-Office,+41 (0)69 979 80 58-Fax'].join('\n'));
  assert.ok(texts(g, 'personal.phone').includes('+41 (0)69 979 80 58'), JSON.stringify(texts(g, 'personal.phone')));
});

test("counsel's office in a docket's party block and a firm's letterhead is kept; the party's own and a pro se party's address are found", () => {
  const pad = ' '.repeat(40);
  const docket = [
    'Debtor',
    'MARGARET ELLERBY OKONJO',
    '4418 W QUILLFEATHER DRIVE',
    'TEMPE, AZ 85283',
    `${pad}represented by  HAROLD P. VANTERPOOL`,
    `${pad}                VANTERPOOL & REESE PLLC`,
    `${pad}                1820 E CAMELBACK RD, STE 300`,
    `${pad}                PHOENIX, AZ 85016`,
    `${pad}                602-555-0142`,
    `${pad}                Fax  : 602-555-0143`,
    `${pad}                Email: hpv@vanterpoolreese.example.com`,
    `${pad}                LEAD ATTORNEY`,
    '',
    'Trustee',
    'DOROTHEA K. LINDQVIST',
    'P.O. BOX 33871',
    'TUCSON, AZ 85740',
    '520-555-0190',
  ].join('\n');
  // as typed, and as a PDF's extracted text gives it: no blank lines, no columns
  for (const layout of [docket, docket.replace(/\n\n/g, '\n').replace(/ {2,}/g, ' ').replace(/^ /gm, '')]) {
  const f = shown(layout);
  const found = [...texts(f, 'personal.address'), ...texts(f, 'personal.phone'), ...texts(f, 'personal.email')];
  assert.ok(found.some((t) => t.includes('TEMPE, AZ 85283')), JSON.stringify(found));
  for (const kept of ['1820 E CAMELBACK', 'PHOENIX, AZ 85016', 'TUCSON, AZ 85740', '602-555-0142', '602-555-0143', 'hpv@', 'P.O. BOX 33871', '520-555-0190']) {
    assert.ok(!found.some((t) => t.includes(kept)), `${kept} in ${JSON.stringify(found)}`);
  }
  }

  const proSe = shown(
    [
      'Plaintiff',
      `ORLANDO BIRKETT${pad}represented by  ORLANDO BIRKETT`,
      `${pad}                               7713 SPRUCEHOLLOW COURT`,
      `${pad}                               DAYTON, OH 45459`,
      `${pad}                               937-555-0118`,
      `${pad}                               PRO SE`,
    ].join('\n'),
  );
  const own = [...texts(proSe, 'personal.address'), ...texts(proSe, 'personal.phone')];
  assert.ok(own.some((t) => t.includes('DAYTON, OH 45459')), JSON.stringify(own));
  assert.ok(own.includes('937-555-0118'), JSON.stringify(own));

  const letter = shown(
    [
      'Priscilla N. Agbaje, Esq.',
      'Agbaje Tran LLP',
      '455 Market Street, 9th Floor',
      'San Francisco, CA 94105',
      'Telephone: (415) 555-0167',
      'pagbaje@agbajetran.example.com',
      'Attorneys for Plaintiff',
    ].join('\n'),
  );
  const firm = [...texts(letter, 'personal.address'), ...texts(letter, 'personal.phone'), ...texts(letter, 'personal.email')];
  assert.deepEqual(firm, []);
});

test('a meeting room given as a hearing venue is an office address', () => {
  const f = shown('Meeting of Creditors set for 3/4/2026 at 9:00 AM at Trustee Meeting Room, 410 W. Sandpiper Avenue, Suite 210, Mesa, AZ.');
  assert.deepEqual(texts(f, 'personal.address'), []);
});

test("a number the reader is told to call an office on is the office's; one told to call a person is not", () => {
  const f = shown('Copies may be obtained by contacting the Office of Community Outreach at 312-555-0177.');
  assert.deepEqual(texts(f, 'personal.phone'), []);
  const g = shown('For the keys, contact Lorraine Whitcombe at 312-555-0178 after the Office of Community Outreach closes.');
  assert.deepEqual(texts(g, 'personal.phone'), ['312-555-0178']);
});

test("a docket's fee receipt number is no telephone number", () => {
  const f = shown('03/02/2021 Receipt of Petition (Chapter 7) ( 245.00) Filing Fee. Receipt number 5521907. Fee amount 245.00.\nReceipt of Full Filing Fee from JANE ROE. Receipt Number 00551230. (EF)');
  assert.deepEqual(texts(f, 'personal.phone'), []);
  assert.deepEqual(texts(shown('Questions about the filing fee: call 5521907.'), 'personal.phone'), ['5521907']);
});

test("the number beside a docket's case handler is the court's line; a number beside a name alone is not", () => {
  const f = shown('Appeal From: Northern District of Ohio Case Handler: Ortiz, Dana L., G\nFee Status: Fee Paid (312) 555-0199\nCase Type Information:');
  assert.deepEqual(texts(f, 'personal.phone'), []);
  const g = shown('Witness: Ortiz, Dana L.\nReached on (312) 555-0199 after work.');
  assert.deepEqual(texts(g, 'personal.phone'), ['(312) 555-0199']);
});

test("every lawyer's address, phone and mailbox in a docket's counsel column is the firm's; a pro se party's are their own", () => {
  const docket = 'Debtor\nAcme Air, Inc.\nrepresented by Gerald K. Quill\nQUILL & ROCA\n40 N. Central Avenue\nPhoenix, AZ 85004\nJohn C. Okonkwo\nBURR, PEASE & KURTZ\n810 N Street\nAnchorage, AK 99501\n(907) 276-6100\nEmail: bankruptcy@quillpease.com\nCreditor\nMaria Quillfeather\nrepresented by Maria Quillfeather\nPRO SE\n2741 Cormorant Lane\nAshford, WA 98501\n(360) 555-0142\nFiling Date # Docket Text';
  const found = shown(docket);
  assert.deepEqual(texts(found, 'personal.phone'), ['(360) 555-0142']);
  assert.equal(texts(found, 'personal.email').length, 0);
  assert.ok(texts(found, 'personal.address').some((a) => a.includes('2741 Cormorant Lane')));
  assert.ok(!texts(found, 'personal.address').some((a) => a.includes('810 N Street')));
  // an appellate counsel block: the notice code under the name, the firm's number labelled "Firm:"
  const appellate = shown('Colter Lawrence Okonkwo\nDirect: 513-361-1275\n[COR LD NTC CJA Appointment]\nSquire Quill Boggs\nFirm: 513-361-1200\n201 E. Fourth Street\nCincinnati, OH 45202');
  assert.deepEqual(texts(appellate, 'personal.phone'), []);
});

test("a footer's parts joined by bullets on a line are one contact: the office's phone after its address; a bullet opening a line starts a block", () => {
  const record = 'Individual Inmate Report\nBooking # 2014-1107234  Name: QUILLFEATHER, MARISOL  Date of Birth: 03/19/1993\nUsers are cautioned to verify this information.\n';
  const footer = "Cook County Sheriff's Department of Corrections • 2700 S. California Ave.\nChicago, IL 60608 • 773 674 5201";
  assert.deepEqual(texts(shown(`${record}${footer}`), 'personal.phone'), []);
  // the footer opening the next page, after the last line of the page before
  const pages = detectDocuments([textDocument([`${record}Last Update: 11/30/2014 4:35:46 PM`, footer])], policy)[0];
  assert.deepEqual(texts(pages, 'personal.phone'), []);
  const list = "Cook County Sheriff's Department of Corrections\nVisitors' contacts:\n• Marisol Quillfeather 773 674 5209";
  assert.deepEqual(texts(shown(`${record}${list}`), 'personal.phone'), ['773 674 5209']);
});

test("an address template's box and town under placeholder lines ('Inmate name', '(Insert … here)') are the institution's; under a person's name they are the person's", () => {
  const record = 'Individual Inmate Report\nBooking # 2014-1107234  Name: QUILLFEATHER, MARISOL  Date of Birth: 03/19/1993\nUsers are cautioned to verify this information.\n';
  const template = 'Mailing Address for this inmate\nInmate name\nInmate number\nP.O. Box 089002\n(Insert Housing Location from above here)\nChicago, Illinois 60608\n';
  assert.deepEqual(texts(shown(`${record}${template}`), 'personal.address'), []);
  const person = 'Mailing address of the inmate\'s mother\nMarisol Quillfeather\nP.O. Box 089002\nChicago, Illinois 60608\n';
  assert.ok(texts(shown(`${record}${person}`), 'personal.address').length > 0);
});

test("a form's name label over a person's name is no placeholder: the address under them is the person's", () => {
  const form = 'Individual Inmate Report\nDate of Birth: 03/19/1993\nUsers are cautioned to verify this information.\nApplicant name\nMarisol Quillfeather\nP.O. Box 089002\nChicago, Illinois 60608\n';
  assert.ok(texts(shown(form), 'personal.address').length > 0);
  assert.ok(texts(shown(form.replace('Applicant name\n', 'Name\n')), 'personal.address').length > 0);
});

test("a person's record under the organisation that publishes it keeps its address the person's", () => {
  // a police department's daily arrest record (real-text batch 12, tuning half, invented values): the department's
  // name heads the page, and the first record's home address sat in its "contact block"
  const record = [
    'WESTBURY POLICE DEPARTMENT Page: 1',
    'DAILY RECORD OF ADULT ARREST Date: 3/14/17 5:05',
    'Name: ROE,JAN DOB:04/17/91 Sex:FEMALE Race:WHITE',
    'Addr: 12 ELM ST',
    'WESTBURY,CT',
  ].join('\n');
  assert.deepEqual(texts(shown(record), 'personal.address'), ['12 ELM ST WESTBURY,CT']);
  // with no person's fields between them, the department's own address is still the department's
  assert.deepEqual(texts(shown('WESTBURY POLICE DEPARTMENT\nRecords Unit\nAddr: 12 ELM ST\nWESTBURY,CT'), 'personal.address'), []);
});

test("in a table's row the cells before an address are other fields: a previous owner's college names no office of the owner's mailing address", () => {
  const row = 'OwnerName | PreviousOwnerName | MailingAddress | City | State | Zip\nJane Okafor | Harbor View College | 2210 Willow Ave | Redwood City | CA | 94063';
  assert.deepEqual(shown(row).filter((f) => f.category === 'personal.address').map((f) => f.text), ['2210 Willow Ave | Redwood City | CA | 94063']);
  // an organisation in the address's own cell still names it
  const office = 'OwnerName | MailingAddress | City | State | Zip\nJane Okafor | Harbor View College, 2210 Willow Ave | Redwood City | CA | 94063';
  assert.deepEqual(shown(office).filter((f) => f.category === 'personal.address').map((f) => f.text), []);
});

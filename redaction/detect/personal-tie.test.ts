import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectedTexts } from '../../test/support/detected.ts';
import { publishedRecord } from './genre.ts';
import { withoutUntied } from './personal-tie.ts';

/** A bankruptcy court's docket: published-record furniture (a tribunal, a docket's columns) around `entries`. */
function docket(entries: string): string {
  return `UNITED STATES BANKRUPTCY COURT\nDISTRICT OF ALASKA\nIn re Harbor Freight Lines, Inc., Debtor\nChapter 11\nDate Filed | # | Docket Text\n${entries}`;
}

test('the docket is a published record, so the tie rule applies to it', () => {
  assert.ok(publishedRecord(docket('01/04/2010 | 12 | Order entered.')));
});

test('in a published record, an address or a mailbox tied to no private person is no one\'s', () => {
  // a payee's office, a firm of surnames entering an appearance, a claims agent's mailbox: no detector's specific rule
  // names them an organisation's, and no private person is named beside them
  const page = docket(
    [
      '01/04/2010 | 8786 | Order: unclaimed funds shall be sent to 1200 Harbor View Drive, Anchorage, AK 99501. (PT)',
      '01/05/2010 | 8788 | Notice of appearance by Kessler Lomax Harrington, 1200 Harbor View Drive, Anchorage, AK 99501, jlomax@klh.example.com. (MB)',
      '01/05/2010 | 8789 | Proof of claim questions to claims.agent@klh.example.com or the clerk. (MB)',
    ].join('\n'),
  );
  assert.deepEqual(detectedTexts(page, 'personal.address'), []);
  assert.deepEqual(detectedTexts(page, 'personal.email'), []);
});

test('a name vouched for only by the detail beside it does not in turn make the detail personal, unless it starts with a given name', () => {
  const firm = docket('01/05/2010 | 8788 | Notice of appearance by Kessler Lomax Harrington, 1200 Harbor View Drive, Anchorage, AK 99501. (MB)');
  assert.deepEqual(detectedTexts(firm, 'personal.address'), []);
  const couple = docket('02/11/2010 | 8805 | Notice of Change of Address. Filed by: Susan & Eric Harvey, new Address: PO Box 771026, Chugiak, AK 99567. (MB)');
  assert.deepEqual(detectedTexts(couple, 'personal.address'), ['PO Box 771026, Chugiak, AK 99567']);
});

test('in a published record, a private person\'s address stays: a party named by role, a residence cue, a personal label', () => {
  const page = docket(
    [
      '01/11/2010 | 8789 | Notice of Change of Address for Creditor John D. Olson (POC #13290), new Address: 1500 Carmel Ave. Chula Vista, CA 91913. (MB)',
      '01/12/2010 | 8790 | Declaration that the claimant resides at 77 Birchwood Lane, Fairbanks, AK 99709. (MB)',
      '01/13/2010 | 8791 | Notice filed; cell 907-555-0148 given for service. (MB)',
    ].join('\n'),
  );
  assert.deepEqual(detectedTexts(page, 'personal.address'), ['1500 Carmel Ave. Chula Vista, CA 91913', '77 Birchwood Lane, Fairbanks, AK 99709']);
  assert.deepEqual(detectedTexts(page, 'personal.phone'), ['907-555-0148']);
});

test('a company after a party\'s role is no private person: its address stays the company\'s', () => {
  const page = docket('01/11/2010 | 8789 | Notice of Change of Address for Creditor Citimortgage Services, new Address: 1500 Carmel Ave. Chula Vista, CA 91913. (MB)');
  assert.deepEqual(detectedTexts(page, 'personal.address'), []);
});

test('an office\'s own record keeps every detector\'s ordinary reading: an address with no one named beside it is still proposed', () => {
  const memo = 'MEMORANDUM FOR RECORD\nSubject: site visit\nThe inspector visited 1200 Harbor View Drive, Anchorage, AK 99501 on Monday.';
  assert.ok(!publishedRecord(memo));
  assert.deepEqual(detectedTexts(memo, 'personal.address'), ['1200 Harbor View Drive, Anchorage, AK 99501']);
});

test('the writer speaking of their own address ties it to a private person, with the parts that continue it', () => {
  const page = docket('01/14/2010 | 8792 | Letter: please change the address linked to my claim to 2046 Point Walter Road, Apt. 162, Fairbanks, AK 99709. (MB)');
  assert.deepEqual(detectedTexts(page, 'personal.address'), ['2046 Point Walter Road, Apt. 162, Fairbanks, AK 99709']);
});

test("a table's row of a place, a business or an incident ties its address to no one; a row naming a person keeps it", () => {
  const inspections = 'Facility: ID | name | address | city | ZIP\nFA0001234 | HARBOR LIGHT DINER | 2210 WILLOW AVE | REDWOOD CITY | 94063\nFA0001240 | CRYSTAL SPRING HILLS SCHOOL | 400 UPLANDS DR | HILLSBOROUGH | 94010';
  assert.deepEqual(detectedTexts(inspections, 'personal.address'), []);
  const log = 'Incident #: 24001234 | Date: 2024-05-01 07:58 | Type: ASSIST MOTORIST | Location: TOWN HALL / 455 LARKSPUR AV\nIncident #: 24001235 | Date: 2024-05-01 08:10 | Type: PARKING | Location: 12 ELM ST';
  assert.deepEqual(detectedTexts(log, 'personal.address'), []);
  // a person's name in a cell (a given name first, or "Last, First") makes the row that person's
  assert.deepEqual(detectedTexts('first name | last name | address | city\nJane | Okafor | 2210 Willow Ave | Redwood City', 'personal.address'), ['2210 Willow Ave']);
  assert.deepEqual(detectedTexts('name | address | city\nOKAFOR, JANE | 2210 WILLOW AVE | REDWOOD CITY', 'personal.address'), ['2210 WILLOW AVE']);
  // an address outside a table keeps its ordinary reading
  assert.deepEqual(detectedTexts('The inspector visited 2210 Willow Ave, Redwood City, CA 94063 on Monday.', 'personal.address'), ['2210 Willow Ave, Redwood City, CA 94063']);
});

test("a contact printed as the next part of a person's proven identifier (an SSN, a date of birth) is that person's", () => {
  // a council's hearing record is a published record, and no private person is named on the line: only the SSN says
  // whose entry it is
  const hearing = (line: string) => `CITY COUNCIL — PUBLIC HEARING RECORD\nAgenda item 4: bridge inspection contract. Council reviewed the budget.\n${line}\nThe hearing closed at 8 p.m.`;
  assert.ok(publishedRecord(hearing('Contact for the file: phone 206-867-5301.')));
  assert.deepEqual(detectedTexts(hearing('Contact for the file: SSN 372-41-1001, phone 206-867-5301.'), 'personal.phone'), ['206-867-5301']);
  // without the identifier the phone is the office's as often as anyone's
  assert.deepEqual(detectedTexts(hearing('Contact for the file: phone 206-867-5301.'), 'personal.phone'), []);
  // an identifier elsewhere in the record does not make every phone personal
  assert.deepEqual(detectedTexts(hearing('Contact for the file: SSN 372-41-1001.\nQuestions to the clerk at the office. Budget audit findings were read into the record by the director of public works.\nClerk: phone 206-867-5399.'), 'personal.phone'), []);
});

/** A city department's web page: no published-record furniture genre.ts knows, 100 words and more, nobody's identifiers. */
const PARKS_PAGE = [
  'Parks and Recreation',
  'The department looks after forty parks, three pools and the riverfront trail, and it runs swimming lessons, summer',
  'camps and adult leagues through the year. Registration for the summer camps opens in April, and places are given in',
  'the order forms arrive. Fees are reduced for households that take part in the free school lunch programme, and a',
  'small number of places are kept for children referred by the schools. Shelters in the larger parks can be booked for',
  'family gatherings from May to September; a booking is confirmed once the deposit is paid. Pets are welcome on the',
  'trail when they are kept on a leash, and the dog park on the north side is open from dawn to dusk every day.',
  'For questions about the summer camps call the recreation desk at (712) 555-0141, or write to the department at',
  '405 Sixth Street, Sioux City, IA 51101. Lost property is kept at the pool office for thirty days.',
].join('\n');

test('a text of 100 words or more that is no record about private persons is written for the public: its contact details need a private person too', () => {
  assert.equal(publishedRecord(PARKS_PAGE), false);
  assert.deepEqual(detectedTexts(PARKS_PAGE, 'personal.phone'), []);
  assert.deepEqual(detectedTexts(PARKS_PAGE, 'personal.address'), []);
  // a resident's own line in the same page is still hers: her name beside it
  const resident = PARKS_PAGE.replace('Lost property', 'Shelter bookings this week: Margaret Hollis, cell (712) 555-0187. Lost property');
  assert.deepEqual(detectedTexts(resident, 'personal.phone'), ['(712) 555-0187']);
});

test('a short message and a record about private persons keep every detector\'s reading', () => {
  assert.deepEqual(detectedTexts('Call the recreation desk at (712) 555-0141 about the summer camps.', 'personal.phone'), ['(712) 555-0141']);
  // a date of birth makes its block a record about a private person: there the phone keeps the ordinary reading
  const record = PARKS_PAGE.replace('Lost property', 'Camper date of birth: 04/11/2014. Lost property');
  assert.deepEqual(detectedTexts(record, 'personal.phone'), ['(712) 555-0141']);
});

test('a date of birth makes only its own block a record about a private person: the office\'s contacts elsewhere on the page are the office\'s', () => {
  // the shape of a jail's inmate locator (real-text batch 9, tuning half): one inmate's row under a header with a
  // "Date of Birth" column, then the page's own furniture and the office's footer
  const locator = `Individual Inmate Report\n\nBooking # | Inmate Full Name | Date of Birth | Race\n2014-1107234 | quillfeather, tobias | 03/19/1993 | W\n\n${PARKS_PAGE}`;
  assert.deepEqual(detectedTexts(locator, 'personal.phone'), []);
  assert.deepEqual(detectedTexts(locator, 'personal.address'), []);
});

test("a message's header field says whose its mailbox is: a name in the field, not the header's other fields", () => {
  // the shape of a released email (State Department FOIA release, real-text batch 6, tuning half): the official's
  // name in "From:" does not make the recipient's mailbox in "To:" a private person's
  const release = 'U.S. Department of State FOIA release, case F-2014-20439\nRELEASE IN PART B6\nFrom: Sullivan, Margaret J\nTo: \'hdr22@examplemail.com\' <hdr22@examplemail.com>\nSent: Saturday, December 5, 2009 3:46 PM\nSubject: Re: the trip';
  assert.deepEqual(detectedTexts(release, 'personal.email'), []);
  // outside a header field the block above still ties a contact to the person it names
  const block = docket('Jane Holloway\n12 Birchwood Lane\nFairbanks, AK 99709\njholloway@examplemail.com');
  assert.deepEqual(detectedTexts(block, 'personal.email'), ['jholloway@examplemail.com']);
});

test("a sender's account alone in a released message's header is the sender's: tied by a private person's name in the message's sign-off", () => {
  // the shape of a State Department FOIA release (real-text batch 7, tuning half): the private correspondent's
  // account ("From: amblack") is hers when she signs the message; an official's sign-off or none ties nothing
  const release = (from: string, signOff: string) =>
    `U.S. Department of State FOIA release, case F-2014-20439\nRELEASE IN PART B6\n\nFrom: Abedin, Huma\nSent: Thursday, December 03, 2009 11:35 AM\nTo: Carson, Johnnie\nSubject: Fw: the school\n\nJohnnie - what guidance can we give her?\n\nOriginal Message\nFrom: ${from}\nTo: Abedin, Huma; Verveer, Melanne S\nSent: Thu Dec 03 11:28:47 2009\nSubject: the school\n\nHuma, the school was closed. Please tell Hillary.\n\n${signOff}\nSent from my Verizon Wireless BlackBerry\n`;
  const kept = release('amblack', 'Thanks,\nMary Walsh\n12 Birchwood Lane\nFairbanks, AK 99709');
  assert.deepEqual(detectedTexts(kept, 'personal.name'), ['Mary Walsh']);
  assert.deepEqual(detectedTexts(kept, 'personal.email'), ['amblack']);
  assert.deepEqual(detectedTexts(release('amblack', 'Thanks, Johnnie'), 'personal.email'), []);
  assert.deepEqual(detectedTexts(release('mwalsh', 'Regards'), 'personal.email'), []);
  // the sign-off is the sender's only: an account in a recipient's field is not tied by it
  const toField = kept.replace('To: Abedin, Huma; Verveer, Melanne S', 'To: hverveer').replace('From: amblack', 'From: Abedin, Huma');
  assert.deepEqual(detectedTexts(toField, 'personal.email'), []);
});

test("a person's address is theirs wherever the record prints it again, however it is spelt", () => {
  // a pro se debtor's bankruptcy docket (real-text batch 8, tuning half, invented values): the home in the debtor's
  // block is tied (a party's role over the name); a lender's motion names the same home with no one beside it
  const page = docket(
    'Debtor\nMARGARET ANN DOE\n4410 E SAGE BRUSH AVE\nPARADISE VALLEY, AZ 85253\nSSN / ITIN: xxx-xx-4321\n' +
      '06/10/2009 | 5 | Schedules filed. (MB)\n06/11/2009 | 8 | Notice of hearing. (MB)\n06/12/2009 | 9 | Order entered. (MB)\n06/15/2009 | 11 | Certificate of service. (MB)\n' +
      '06/16/2009 | 12 | Motion for Relief from Stay Re: Real Property located at 4410 E. Sage Brush Avenue, Paradise Valley, AZ 85253 filed by a lender. (MB)\n' +
      '06/17/2009 | 13 | Notice: unclaimed funds shall be sent to 1200 Harbor View Drive, Anchorage, AK 99501. (PT)',
  );
  assert.deepEqual(detectedTexts(page, 'personal.address'), ['4410 E SAGE BRUSH AVE PARADISE VALLEY, AZ 85253', '4410 E. Sage Brush Avenue, Paradise Valley, AZ 85253']);
});

test("a party's block in a register's party listing is that party's: a company landlord's office is its own, the tenant's home stays", () => {
  const register = [
    'Register of Actions',
    'Case No. F21-000X1',
    'Party Information',
    'Defendant | Roe, Jane Ann | Female',
    'DOB: 01/02/1990',
    '  1610 N I 35, unit 12-b',
    '  San Marcos, TX 78666',
    'Plaintiff | Riverbend at San Marcos',
    '  1610 N. IH 35',
    '  Kyle, TX 78640',
    'Events & Orders of the Court',
    '01/12/2021 | Eviction Petition Filed',
  ].join('\n');
  assert.deepEqual(detectedTexts(register, 'personal.address'), ['1610 N I 35, unit 12-b San Marcos, TX 78666']);
});

test("a contact block headed by a firm or by counsel is theirs, whoever else the record names; a couple's block stays theirs", () => {
  // a firm's letterhead over a letter to a private person: "&" between surnames makes a firm's name
  const letter = (head: string) => `${head}\n2018 Morris Avenue\nBirmingham, AL 35203\n205-555-1550\n\nDear Ms. Okafor,\nWe write about your claim.`;
  assert.deepEqual(detectedTexts(letter('Arendall & Quill'), 'personal.address'), []);
  assert.deepEqual(detectedTexts(letter('Arendall & Quill'), 'personal.phone'), []);
  // a given name before "&" is a couple's
  assert.deepEqual(detectedTexts(letter('Susan & Eric Harvey'), 'personal.address'), ['2018 Morris Avenue Birmingham, AL 35203']);
  // a docket's party line names the private party first, then its counsel: the block under it is counsel's
  const efurd = docket(
    [
      'Plaintiff',
      'Joyce Okafor represented by Allen Durham Quill',
      'Fonteneau & Quill',
      '2151 Highland Avenue South',
      'Birmingham, AL 35205',
      '205-555-1550',
      'Email: allen@fonteneauquill.example.com',
      'Date Filed # Docket Text',
    ].join('\n'),
  );
  assert.deepEqual([...detectedTexts(efurd, 'personal.address'), ...detectedTexts(efurd, 'personal.phone'), ...detectedTexts(efurd, 'personal.email')], []);
});

test("the tie reads a staff directory's entry and an office's room itself, in any text, as an office's contact (office-contact.ts's rules, moved)", () => {
  const hitAt = (text: string, value: string, category: 'personal.phone' | 'personal.address', certain: boolean) => {
    const start = text.indexOf(value);
    return { start, end: start + value.length, category, certain, detector: category === 'personal.phone' ? 'phone' : 'address', why: [] as string[] };
  };
  // City of Sioux City, staff directory entry (real-text batch 4, tuning half): a department, a job title, then the number
  const entry = 'Madsen, Chris R.\n\n- Departments:Planning and Zoning\n- Divisions:Planning and Zoning\n- Title:AICP, CFM - Senior Planner\n- Phone:(712) 279-6341\n- Email:Email';
  assert.deepEqual(withoutUntied(entry, [hitAt(entry, '(712) 279-6341', 'personal.phone', true)], []).map((h) => h.category), ['public.office-contact']);
  // a title line with no unit above it, or a word saying the number is the person's own, keeps it
  const noUnit = 'Chris Madsen\n- Title:Senior Planner\n- Phone:(712) 279-6341';
  assert.deepEqual(withoutUntied(noUnit, [hitAt(noUnit, '(712) 279-6341', 'personal.phone', true)], []).map((h) => h.category), ['personal.phone']);
  const own = '- Departments:Planning and Zoning\n- Title:Senior Planner\n- Phone (personal):(712) 555-0101';
  assert.deepEqual(withoutUntied(own, [hitAt(own, '(712) 555-0101', 'personal.phone', true)], []).map((h) => h.category), ['personal.phone']);
  // a meeting's venue: a room in the address is an office's; a home's apartment is not; Mississippi is no mail stop
  const venue = 'Meeting of Creditors scheduled for 05/08/2009 at 09:30 AM at Cochise College, 901 N. Colombo, Rm 305A, Sierra Vista, AZ.';
  assert.deepEqual(withoutUntied(venue, [hitAt(venue, 'Rm 305A', 'personal.address', false)], []).map((h) => h.category), ['public.office-contact']);
  const home = 'Jane Roe\n1200 Harbor Street Apt 12\nJackson, MS 39201';
  assert.deepEqual(withoutUntied(home, [hitAt(home, '1200 Harbor Street Apt 12\nJackson, MS 39201', 'personal.address', false)], []).map((h) => h.category), ['personal.address']);
});

test("a roll's owner cell, surname first, makes the row's mailing address and property the owner's; a company's or a 311 export's rows tie nothing", () => {
  // a county's parcel roll laid out on a page: each record wraps over lines, so the owner and the address stand on
  // different lines, and the owner is printed surname first ("OKAFOR JANE Q"), which no given-name-first reading knows
  const roll = [
    "Ashford County assessor's parcel roll, records 1 to 3 of a query",
    'MapNumber | OwnerName | PreviousOwnerName | StreetAddress | City | State | Zip | PropertyLocation |',
    'LandValue | LandUse',
    '1-02-03.00 | OKAFOR JANE Q & | HARBOR VIEW COLLEGE | 2210',
    'WILLOW AVE | ASHFORD | WA | 98501 | 2210 WILLOW AVE ASHFORD | 41000 | RESIDENTIAL - SINGLE FAMILY',
    '1-02-04.00 | ASHFORD RENTALS LLC | LINDQVIST BRENT F | 400 CEDAR ST | ASHFORD | WA | 98501 | 7 BIRCH',
    'CT ASHFORD | 23800 | RESIDENTIAL - SINGLE FAMILY',
    '1-02-05.00 | MBEKI THOMAS | MBEKI THOMAS | 18 HARROW LN | OLYMPIA | WA | 98502-1130 | 0 ALDER RD',
    'ASHFORD | 14400 | UNDEVELOPED LAND',
  ].join('\n');
  assert.deepEqual(detectedTexts(roll, 'personal.address'), [
    '2210 WILLOW AVE | ASHFORD | WA | 98501',
    '2210 WILLOW AVE',
    '18 HARROW LN | OLYMPIA | WA | 98502-1130',
    '0 ALDER RD',
  ]);
  // a service-request export: house-numbered locations with no one on the row, however its records wrap
  const requests = [
    'City service requests created 1 January 2020 (the open-data export)',
    'srnumber | requesttype | status | createddate | source | address | cd | ncname | policeprecinct',
    '1-1523590121 | Illegal Dumping Pickup | Closed | 1/1/20 0:05 | Call | 16815 W VANOWEN ST, 91406 | 6 |',
    'LAKE BALBOA NC | WEST VALLEY',
    '1-1523591123 | Bulky Items | Closed | 1/1/20 0:21 | Mobile App | 132 S WESTMORELAND AVE, 90004 | 13 |',
    'RAMPART VILLAGE NC | OLYMPIC',
  ].join('\n');
  assert.deepEqual(detectedTexts(requests, 'personal.address'), []);
  // a business's address column beside its owner's: the business's premises, whoever owns it
  const warrants = [
    'State list of delinquent taxpayers with tax warrants (business name, owner, business address, county, warrant number)',
    'Business name | Owner | Business address | County | Warrant number',
    'HARBOR LIGHT DINER | QUENNELL THOMAS | 909 KINGS HWY, ASHFORD, WA 98501 | KITSAP | 1000000694399',
  ].join('\n');
  assert.deepEqual(detectedTexts(warrants, 'personal.address'), []);
});

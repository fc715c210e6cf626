import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { detectedTexts } from '../../test/support/detected.ts';

function addresses(page: string): string[] {
  return detectedTexts(page, 'personal.address');
}

test('street lines printed in capitals, as court and county records print them, are found whole with their town line', () => {
  assert.deepEqual(addresses('Debtor\nGUILLERMO R DE LA VARA\n3946 E BECKER LANE\nPHOENIX, AZ 85028\nSSN / ITIN: xxx-xx-1057'), ['3946 E BECKER LANE PHOENIX, AZ 85028']);
  assert.deepEqual(addresses('Debtor\nCHRISTINA M DAVIS\n1546 W JONNIE DR\nWILLCOX, AZ 85643'), ['1546 W JONNIE DR WILLCOX, AZ 85643']);
  assert.deepEqual(addresses('RELIEF FROM STAY RE: REAL PROPERTY LOCATED AT 623 N. 70TH AVE., PHOENIX, AZ 85043 FILED BY A BANK'), ['623 N. 70TH AVE., PHOENIX, AZ 85043']);
  assert.deepEqual(addresses('RELIEF FROM STAY RE: 16941 NORTH 102ND WAY, SCOTTSDALE, AZ 85255 (AZ09-11127) FILED BY A BANK'), ['16941 NORTH 102ND WAY, SCOTTSDALE, AZ 85255']);
});

test('a unit written as "#310-1" after the street keeps the address one value, through its town line', () => {
  assert.deepEqual(addresses('Motion for Relief from Stay Re: Real Property, 7181 E. Camelback Road,#310-1, Scottsdale, AZ 85251 filed by a lender'), ['7181 E. Camelback Road,#310-1, Scottsdale, AZ 85251']);
});

test('capitals alone make no street: courts, headings and numbered items', () => {
  assert.deepEqual(addresses('IN THE UNITED STATES BANKRUPTCY COURT\nFOR THE DISTRICT OF ARIZONA\nCHAPTER 11 PLAN'), []);
  assert.deepEqual(addresses('APPEAL FROM 2 THE DISTRICT COURT\nORDER ON 3 DISTRICT COURT MOTIONS'), []);
  assert.deepEqual(addresses('SECTION 4 OF THE ACT\nTABLE 12 PARK SERVICES'), []);
  assert.deepEqual(addresses('AFI41-210 6 JUNE 2012\nAIR FORCE SERVICE MEMBER STR DISPOSITION FLOWCHART\nAttachment 32—LETTER OF STR NON-AVAILABILITY'), []);
});

test('an office\'s mail routing in capitals ("ATTENTION:") keeps the address under it the office\'s', () => {
  assert.deepEqual(addresses('mail the records to:\nHQ AFPC/DPSIR\nATTENTION: Medical Records Central Cell\n550 C STREET W, SUITE 21\nRANDOLPH AFB TX 78150\n5.7.1.19.2. For Airman Transition'), []);
  assert.deepEqual(addresses('mail the records to:\nATTENTION: Medical Records Central Cell\n550 C STREET W, SUITE 21\nRANDOLPH AFB TX 78150'), []);
});

test("a cue's address runs on past an abbreviation's period to its town line's state and ZIP code", () => {
  const docket = [
    '01/11/2010 | 8788 | Motion to Pay Unclaimed Dividends, regarding POC #10486, in the amount of $442.05. Filed by creditor Richard W. Ellis. (PT) (Entered: 01/11/2010)',
    '01/11/2010 | 8789 | Notice of Change of Address for Creditor John D. Olson (POC #13290 in 95-70236), new Address: 1500 Carmel Ave. Chula Vista, CA 91913. (MB) (Entered: 01/12/2010)',
    '01/19/2010 | 8790 | Notice of Change of Address for creditor Gail R. Mills (POC #12519, filed in 95-70236), new Address: PO Box 559 St. Maries, ID 83861. *Updated in Creditor Maintenance. (MB) (Entered: 01/20/2010)',
  ].join('\n');
  // the clerk's initials closing the entry before, and a proof of claim's "POC #", name no office of these addresses
  assert.deepEqual(addresses(docket), ['1500 Carmel Ave. Chula Vista, CA 91913', 'PO Box 559 St. Maries, ID 83861']);
});

test("a business's name introducing an address makes it the business's, not a person's home", () => {
  // the name right before the address on its line, ending in a comma (wrapped from the line above here)
  assert.deepEqual(addresses("Subject: records pertaining to Deployment Medicine Int'l\nEducation & Training, 2901 Stirling Road, Suite 307, Ft. Lauderdale, FL 33312."), []);
  // the name heading the block, under a one-word heading
  assert.deepEqual(addresses('Debtor\nMarkair, Inc., an AK corporation\nPO Box 196769\nAnchorage, AK 99519-6769'), []);
  assert.deepEqual(addresses('Wells Fargo Bank, N.A.\n420 Montgomery Street\nSan Francisco, CA 94104'), []);
});

test("a person's address stays proposed whatever business is named near it", () => {
  // a person named between the business and the address is the addressee
  assert.deepEqual(addresses('Creditor\nWells Fargo Bank, N.A.\nJane Doe\n12 Elm Street\nSpringfield, IL 62704'), ['12 Elm Street Springfield, IL 62704']);
  assert.deepEqual(addresses('Jane Doe\nAcme Holdings, Inc.\n12 Elm Street\nSpringfield, IL 62704'), ['12 Elm Street Springfield, IL 62704']);
  // a word saying someone lives there
  assert.deepEqual(addresses('She works for Acme Holdings, and her home is at Acme Holdings, 12 Elm Street, Springfield, IL 62704'), ['12 Elm Street, Springfield, IL 62704']);
  // a family trust's address is its settlor's home
  assert.deepEqual(addresses('Creditor\nThe Doe Family Trust\n12 Elm Street\nSpringfield, IL 62704'), ['12 Elm Street Springfield, IL 62704']);
});

/** A text written for the public (genre.ts writtenForPublic): a council's routine, over 100 words with `body`. */
const ROUTINE = ' The Council met in regular session, heard public comment on the library budget, the park master plan and the street repair programme, and adopted the consent agenda as presented by the clerk, with every member present and voting.';

test('a parcel of land a public body acts on is no one\'s in a text written for the public unless a private person stands beside it', () => {
  // the general tie (personal-tie.ts) covers what a parcel rule of its own did: a resolution is a published record
  const resolution = (body: string) => `RESOLUTION No. 2024-118\nWHEREAS the City Council has reviewed the matter;${ROUTINE}\n${body}\nBE IT RESOLVED that the City Manager is authorised to act.`;
  assert.deepEqual(addresses(resolution('Resolution to abate nuisances at the following properties: (1) 418 W Larch St, (2) 77 N Pell Ave; authorizing a lien.')), []);
  assert.deepEqual(addresses(resolution('The City will sell the parcel at 88 Harbor Road to the county.')), []);
  // a word saying someone lives there keeps it personal
  assert.deepEqual(addresses(resolution('Of her two properties, Maria Gonzalez-Ortiz lives at 12 Elm Street.')), ['12 Elm Street.']);
});

test('a word that numbers a record is no state before a ZIP code, and a hotel is a business', () => {
  assert.deepEqual(addresses('ASBCA Nos. 60412, 60413 Appeal of Granite Builders, Inc.'), []);
  assert.deepEqual(addresses('Trenton, New Jersey 08608'), ['Trenton, New Jersey 08608']);
  assert.deepEqual(addresses('The hearing will be held at the Lakeside Hotel, 1221 Birch Street, Dover.'), []);
});

// Kinds the real-text batches 1–3 lack (agendas' letterheads, probate notices, award notices, grant lists, police
// releases naming businesses). Each text is the shape of a real public record, named beside it; no held-out file.
test("an organisation's letterhead over a blank line makes the address under it the organisation's", () => {
  // City of Coral Gables, City Commission agenda of 12 March 2024, first lines (the city hall's address)
  assert.deepEqual(addresses('City of Coral Gables\n\n405 Biltmore Way Coral Gables, FL 33134 www.coralgables.com\n\nAgenda - Final Revised\nTuesday, March 12, 2024'), []);
  // a person's name over the address stays proposed, blank line or not
  assert.deepEqual(addresses('Jane Doe\n\n405 Elm Way Coral Gables, FL 33134'), ['405 Elm Way Coral Gables, FL 33134']);
});

test('an address its sentence gives as an office\'s, a court\'s or a business\'s in words is not a home', () => {
  // Florida's notice to creditors (Fla. Prob. R. 5.241): "… Probate Division, the address of which is …"; the
  // Pinellas County courthouse
  assert.deepEqual(addresses('The administration of the estate is pending in the Circuit Court for Pinellas County, Florida, Probate Division. The address of the court is 315 Court Street, Clearwater, FL 33756.'), []);
  assert.deepEqual(addresses('Main office: 101 E. Wilson St., Madison, WI 53703'), []);
  // SAM.gov contract award notices print the awardee's address under this field name
  assert.deepEqual(addresses('Contractor Awarded Name: GULF COAST PAVING\nContractor Awarded Address: 1234 Industrial Parkway, Mobile, AL 36609'), []);
  // the estate's personal representative is a private person: her address stays proposed
  assert.deepEqual(addresses('Personal Representative: Linda Winslow, 2231 Bayshore Drive, Dunedin, FL 34698'), ['2231 Bayshore Drive, Dunedin, FL 34698']);
});

test("a law firm, a club, a ministry, a county or an awardee introducing an address makes it the organisation's", () => {
  // a probate notice's attorney block: the firm's office
  assert.deepEqual(addresses('Attorney for Personal Representative: Mark T. Reed, Florida Bar No. 0123456, Reed Law, P.A., 100 Main St., Dunedin, FL 34698'), []);
  // a city's list of grant recipients: organisations' offices
  assert.deepEqual(addresses('Boys & Girls Club of Tampa Bay, 4010 W. Spruce St., Tampa, FL 33607 — $25,000\nMetropolitan Ministries, 2002 N. Florida Ave., Tampa, FL 33602 — $40,000'), []);
  assert.deepEqual(addresses('Awarded to: Gulf Coast Paving, 1234 Industrial Parkway, Mobile, AL 36609\nAward amount: $412,500.00'), []);
  // a resident speaking at a meeting gives her home address
  assert.deepEqual(addresses('PUBLIC COMMENT\nMary Jones, 1420 Elm Street, spoke in opposition to the rezoning.'), ['1420 Elm Street']);
});

test('a name with an article before it is a place, never a person', () => {
  // a police release naming the business robbed
  assert.deepEqual(addresses('Officers responded to a report of a robbery at the Circle K, 4501 W. Kennedy Blvd. The suspect fled on foot.'), []);
  assert.deepEqual(addresses('Retirement party: Friday, May 10, 2024, at the Elks Lodge, 1200 Main Street.'), []);
  // "the late" names a person
  assert.deepEqual(addresses('The family of the late John Smith, 12 Elm Street, thanks the department.'), ['12 Elm Street']);
});

test("a given name before a building's word is a person: Jane Hall's address stays proposed", () => {
  assert.deepEqual(addresses('The letter was sent to Jane Hall, 12 Elm Street, Springfield, IL 62704.'), ['12 Elm Street, Springfield, IL 62704']);
  assert.deepEqual(addresses('Creditor\nROBERT PARK\n88 Harbor Road\nSpringfield, IL 62704'), ['88 Harbor Road Springfield, IL 62704']);
  // a building's name is still a building's
  assert.deepEqual(addresses('Heron Point Public Library, 90 Civic Way, Springfield, IL 62704'), []);
});

test("a building named in the next cell of the address's row makes it that building's: a list of polling places", () => {
  // Philadelphia City Commissioners, polling places by division (real-text batch 4, tuning half)
  const table = 'WARD | DIVISION | ADDRESS | LOCATION | BUILDING CODE | PARKING CODE\n1 | 1 | 1501 S 10TH ST | ANNUNCIATION CHURCH | B | N\n1 | 6 | 1200 WHARTON ST | COLUMBUS SQUARE REC CENTER | F | N\n1 | 11 | 928 S 7TH ST | SANTORE (SOUTHWARK) LIBRARY | A | N';
  assert.deepEqual(addresses(table), []);
  // a person's row, or a unit in the next cell, stays proposed
  assert.deepEqual(addresses('Jane Doe | 12 Elm Street | Unit 4 | Springfield'), ['12 Elm Street', 'Unit 4']);
});

test("a cue's value ends at a table's cell separator, and a share is no house number", () => {
  // Philadelphia's 2015 list of candidates: a header row, then the candidates' rows
  assert.deepEqual(addresses('FIRST NAME | LAST NAME | ADDRESS | ADDRESS 2 | CITY | ST | ZIP | OFFICE | PARTY | UNOFFICIAL\nSIGNATURES TOTALS'), []);
  // Regional Transportation District (Denver) board minutes, 27 February 2018
  assert.deepEqual(addresses('She recommended that passes be provided for people who lived at 185% of the federal poverty level.'), []);
  assert.deepEqual(addresses('She lived at 185 Elm Street until 2019.'), ['185 Elm Street']);
  // Sioux City Police Department, a release of 2021 (real-text batch 6, tuning half): an age after "located"
  assert.deepEqual(addresses('When Officers arrived in the area, they located 39-year-old Charles C. Gordon of Sioux City hiding under a pickup truck.'), []);
  assert.deepEqual(addresses('The family has lived at 612-32 Washington Ave, Philadelphia, PA 19147 since 2010.'), ['612-32 Washington Ave, Philadelphia, PA 19147']);
  assert.deepEqual(addresses('She lives at 221B Baker Street now.'), ['221B Baker Street']);
});

test("the venue of an event a notice announces is no one's home: a text written for the public needs a private person beside it", () => {
  // the shapes of a county's notice of public hearing and a supervisor of elections' early-voting notice; the general
  // tie (personal-tie.ts) covers what an event-venue rule of its own did, without its misreadings (a bankruptcy
  // docket's "Notice of Meeting of Creditors" made a later entry's "Real Property located at 4827 N. Beautiful Ln."
  // a venue, real-text batch 8, tuning half)
  const notice = (body: string) => `NOTICE OF PUBLIC HEARING\n${body}${ROUTINE}`;
  assert.deepEqual(addresses(notice('The public hearing will be held at 601 E. Kennedy Blvd., Tampa, on May 4, 2024.')), []);
  assert.deepEqual(addresses(notice('Early voting will be available at 123 Main Street, Anytown, from October 21 to November 2.')), []);
  // a meeting at someone's home stays hers; a short message keeps the ordinary reading
  assert.deepEqual(addresses(notice('The meeting was held at the home of Jane Doe, 12 Elm Street.')), ['12 Elm Street.']);
  assert.deepEqual(addresses("We'll meet Monday at 59 Metsanurga 48, Vadsa."), ['59 Metsanurga 48']);
});

test("a name line of ordinary words or acronyms over an address block names an organisation; a person's or a label does not", () => {
  // the shape of a bankruptcy creditor matrix (a card issuer's and a finance company's payment boxes)
  assert.deepEqual(addresses('Creditor\nCAPITAL ONE\nPO BOX 85015\nRICHMOND, VA 23285'), []);
  assert.deepEqual(addresses('Creditor\nDISCOVER FINANCIAL SERVICES\nPO BOX 15316\nWILMINGTON, DE 19850'), []);
  // a given name, a surname (listed or unknown) or a label keeps the block a person's
  assert.deepEqual(addresses('Creditor\nJOHN SMITH\n12 ELM ST\nSPRINGFIELD, IL 62704'), ['12 ELM ST SPRINGFIELD, IL 62704']);
  assert.deepEqual(addresses('Creditor\nOLUWASEUN ADEYEMI\n12 ELM ST\nSPRINGFIELD, IL 62704'), ['12 ELM ST SPRINGFIELD, IL 62704']);
  assert.deepEqual(addresses('Debtor\nMailing Address\n3946 E BECKER LANE\nPHOENIX, AZ 85028'), ['3946 E BECKER LANE PHOENIX, AZ 85028']);
});

test('a family named with an article lives at the address', () => {
  assert.deepEqual(addresses('The officers visited the Doe family, 12 Elm Street, on Monday.'), ['12 Elm Street']);
  assert.deepEqual(addresses('The officers visited the Johnsons, 12 Elm Street, on Monday.'), ['12 Elm Street']);
  // a business with an article is still a place
  assert.deepEqual(addresses('Officers responded to a robbery at the Circle K, 4501 W. Kennedy Blvd. The suspect fled.'), []);
});

test("a company named in a table row's first name cell owns the row's address, whatever words its name holds", () => {
  // a Florida list of delinquent taxpayers: business, owner, business address (real-text batch 10, tuning half); "HOME"
  // in the company's name is no residence cue
  const row = 'Business name | Owner | Business address | County | Warrant number | Amount due\nCORAL HOME CARE INC | CORAL HOME CARE INC | 17680 NW 78TH AVE STE 101-102, HIALEAH, FL 33015-3666 | DADE | 1000000691600 | $1,140,996.03';
  assert.deepEqual(addresses(row), []);
  assert.deepEqual(addresses('ACE HOME SOLUTIONS LLC | 00226476 | 242122904 | 4609 S GOLD AVE | 1012.09'), []);
  // a person first on the row keeps the address proposed, a company after her notwithstanding
  assert.deepEqual(addresses('Jane Doe | Acme Home Care Inc | 12 Elm Street | Springfield'), ['12 Elm Street']);
});

test("the words of a row's party name say nothing of the row's address: \"Home\" in a business's name is no residence cue", () => {
  // a city's monthly building permit report, whole (real-text batch 10, tuning half): the medical equipment store's site
  const report = readFileSync(new URL('../eval/real-text/docs/spearfish-building-permits-2014-04.txt', import.meta.url), 'utf8');
  assert.ok(!addresses(report).includes('911 Colorado Blvd'));
  // a residence cue in a cell of its own still says someone lives there
  assert.deepEqual(addresses('Jane Doe | home: 12 Elm Street | Springfield'), ['12 Elm Street']);
});

test('a lot numbered along a highway is a street line: interstate frontage, US, state and farm-to-market roads, with a unit in any case', () => {
  assert.deepEqual(addresses('Defendant | ROE, JANE\nDOB: 01/02/1990\n  1610 N I 35, unit 738-c\n  San Marcos, TX 78666'), ['1610 N I 35, unit 738-c San Marcos, TX 78666']);
  assert.deepEqual(addresses('Debtor\nJANE ROE\n4400 S. IH 35\nAustin, TX 78745'), ['4400 S. IH 35 Austin, TX 78745']);
  assert.deepEqual(addresses('Debtor\nJANE ROE\n16661/3 State Highway 56\nSherman, TX 75090'), ['16661/3 State Highway 56 Sherman, TX 75090']);
  assert.deepEqual(addresses('Debtor\nJANE ROE\n400 FM 1626, Lot 12\nKyle, TX 78640'), ['400 FM 1626, Lot 12 Kyle, TX 78640']);
});

test('a number before a road in prose counts things: no highway street without an address block', () => {
  assert.deepEqual(addresses('In 2010 US 50 was closed for 12 Route 9 repairs; see the 2019 Highway 1 report.'), []);
  assert.deepEqual(addresses('The 3 I 35 lanes were closed.'), []);
});

test("a parcel a land-use text names as an item's subject is the site under discussion, not someone's home", () => {
  // the shapes of a planning commission's public-comment table and a council agenda item (real-text batch 11, tuning half)
  const comments = [
    'Planning Commission: speakers recorded in the minutes (meeting date | section | speaker | comment)',
    'meeting_date | section | name_raw | comment',
    '1998-01-08 | PUBLIC COMMENT | Brett Gladstone | Re: 1220 Jones Street/75 Pleasant Street',
    '1998-01-08 | PUBLIC COMMENT | Dan Weaver | Re: 1800 Ocean Avenue/Post Office',
  ].join('\n');
  assert.deepEqual(addresses(comments), []);
  const agenda = 'Concept plan review. Description: Consideration for the redevelopment of a 9.27 acre lot located at 3302 28th Street, and 3665 and 3267 30th Street.\nSpeakers: Jane Doe, John Roe';
  assert.deepEqual(addresses(agenda), []);
  // the same item as the minutes' PDF wraps it, and a row under it that starts with no connective
  assert.deepEqual(addresses(agenda.replace('3665 and ', '3665 and\n')), []);
  assert.deepEqual(addresses('Zoning variance hearing.\nRe: 1220 Jones Street\n75 Pleasant Street, home of Jane Doe'), ['75 Pleasant Street']);
  // an owner or a home named with it keeps it someone's; with no land-use body or matter, "RE:" keeps its reading
  // (a bankruptcy docket's real property is the debtor's home: see the first test)
  assert.deepEqual(addresses('Zoning variance hearing.\nRe: 12 Elm Street (owner: Jane Doe), a rear setback'), ['12 Elm Street']);
  assert.deepEqual(addresses('Zoning variance hearing.\nRe: the home of Jane Doe at 12 Elm Street'), ['12 Elm Street']);
  assert.deepEqual(addresses('Letter from Jane Doe\nRe: 12 Elm Street, my apartment'), ['12 Elm Street']);
});

test("a record's next field ends the address its cue labels, and a cue with no number before that field labels no address", () => {
  // a police department's daily arrest record (real-text batch 12, tuning half, invented values): the home address
  // shares its line with height, weight and hair; "NCA" is no address
  const record = (addr: string) => `Name: ROE,JAN DOB:04/17/91 Sex:FEMALE Race:WHITE\nAddr: ${addr} Hgt: 5'06 Wgt:150 Hair:BROWN STRAIGHT\n`;
  assert.deepEqual(detectedTexts(record('12 ELM ST'), 'personal.address'), ['12 ELM ST']);
  assert.deepEqual(detectedTexts(record('NCA'), 'personal.address'), []);
  // a unit's label stays in the address
  assert.deepEqual(detectedTexts('Home address: 12 Elm Street Apt: 4B\n', 'personal.address'), ['12 Elm Street Apt: 4B']);
});

test('"et al." in a citation is no street: "al." after "et" is Latin, not a Polish avenue', () => {
  // a FOIA log's request text (real-text batch 2, tuning half)
  assert.deepEqual(addresses('14-00565-FOIA | data for the Tozzi et al. 2009 study on Thimerosal and neurological outcomes'), []);
  assert.deepEqual(addresses('by Schubauer-Berigan et\nal. 2011, which was published'), []);
  assert.deepEqual(addresses('Biuro, al. Jerozolimskie 65, Warszawa'), ['al. Jerozolimskie 65']);
});

test('a street someone is said to live on is part of a home address, even without a number and wrapped over a line', () => {
  // real-text batch 13, tuning half: a resident's letter to a city ("a renter living on Old County\nRoad")
  assert.deepEqual(addresses("I'm a Harbor resident, a small business owner and a renter living on Old County\nRoad. Thank you for your work."), ['Old County Road']);
  assert.deepEqual(addresses('The man who lives on Quill Lane called the police.'), ['Quill Lane']);
  // in a text of a hundred words or more written for the public, the cue is the address's own proof of a home
  const letter = "I'm a Harbor resident and a renter living on Old County\nRoad. " + 'The plan adds more jobs than homes in the county, and the report does not measure the commutes that follow. '.repeat(8);
  assert.deepEqual(addresses(letter), ['Old County Road']);
  // no street type, no street: what someone lives on may be an income
  assert.deepEqual(addresses('She has been living on Social Security since 2010.'), []);
});

test("an export's street, town, state and ZIP cells are read as one address, under any of the headers exports use", () => {
  assert.deepEqual(addresses('Owner | Mailing Address | City | St | Zip Code\nJane Okafor | 2210 Willow Ave | Redwood City | CA | 94063'), ['2210 Willow Ave | Redwood City | CA | 94063']);
  assert.deepEqual(addresses('Owner | Mail Addr | Address 2 | Town | State | Postal Code\nJane Okafor | 2210 Willow Ave | Apt 4 | Redwood City | California | 94063-1130'), ['2210 Willow Ave | Apt 4 | Redwood City | California | 94063-1130']);
  // cells that are no town, state and ZIP stay apart: the street line alone
  assert.deepEqual(addresses('Owner | Mailing Address | City | Zip\nJane Okafor | 2210 Willow Ave | Redwood City | 94063'), ['2210 Willow Ave']);
});

test('a town line alone under a signer\'s name is the town the writer gives, kept; under a street, a box or a label it ends the address', () => {
  // comments the public signed on a federal docket (real-text batch 15): name, then town, state and ZIP code
  assert.deepEqual(addresses('We oppose the rollback.\nDawn Hollinbeck\nAmelia, OH 45102\nComment 2 of the sample'), []);
  assert.deepEqual(addresses('Sincerely,\nBartholomew Quist\nSheffield Lake, OH 44054, United States'), []);
  assert.deepEqual(addresses('Thank you,\nRita Quillback\nFremont, OH 43420,'), []);
  // the street, a post-office box or a label above keeps the town line the address's last line
  assert.deepEqual(addresses('Rita Quillback\n1374 Park Row\nLakewood, OH 44107'), ['1374 Park Row Lakewood, OH 44107']);
  assert.deepEqual(addresses('Filed by a creditor\nPO Box 771026\nEagle River, AK 99577'), ['PO Box 771026 Eagle River, AK 99577']);
  assert.deepEqual(addresses('Mailing address:\nSpringfield, IL 62704'), ['Springfield, IL 62704']);
});

test('a hundred-block is no house number: an open-data table locates an arrest by its block, not by a home', () => {
  // real-text batch 16, tuning half: a city police department's arrest table (invented values)
  const row = (place: string) => `1974466 | 16144165 | 63 | F | B | 2016-08-03T16:45:00 | ${place} | 3929 Retail Theft. | Westwood | 5\n`;
  assert.deepEqual(detectedTexts(row('900 Block Quillmore RD Fox Chapel, PA 15238'), 'personal.address'), []);
  assert.deepEqual(detectedTexts(row('4700 BLOCK Quillmore RD Fox Chapel, PA 15238'), 'personal.address'), []);
  // a house number stays an address
  assert.deepEqual(detectedTexts(row('912 Quillmore RD Fox Chapel, PA 15238'), 'personal.address'), ['912 Quillmore RD Fox Chapel, PA 15238']);
});

test("a town's roll prints the owner's mailing address as two cells, street then town line: read as one address, the row's owner cells numbered in words", () => {
  // real-text batch 16, tuning half: a town's assessment roll parsed from its printed roll (invented values)
  const roll = (owner1: string, owner2: string) =>
    [
      'Town of Quillmore assessment roll',
      'town | parcel_number | property_address | market_value | owner_one | owner_two | owners_address_one | owners_address_two | acres',
      `Quillmore | 6170-09-235569-0000 | 3 Quill Cir | 288,800 | ${owner1} | ${owner2} | 14 Okafor Ln | Quillmore, NY 12572 | 0.37`,
    ].join('\n');
  assert.deepEqual(detectedTexts(roll('Quillfeather Jane', ''), 'personal.address'), ['3 Quill Cir', '14 Okafor Ln | Quillmore, NY 12572']);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
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

test('a parcel of land a public body acts on, with no owner named in its sentence, is a public land record', () => {
  assert.deepEqual(addresses('Resolution to abate nuisances at the following properties: (1) 418 W Larch St, (2) 77 N Pell Ave; authorizing a lien.'), []);
  assert.deepEqual(addresses('The City will sell the parcel at 88 Harbor Road to the county.'), []);
  // the owner named in the sentence, or a word saying someone lives there, keeps it personal
  assert.deepEqual(addresses('The City will buy the parcel at 88 Harbor Road from Maria Gonzalez-Ortiz.'), ['88 Harbor Road']);
  assert.deepEqual(addresses('Of her two properties, she lives at 12 Elm Street.'), ['12 Elm Street.']);
});

test('a word that numbers a record is no state before a ZIP code, and a hotel is a business', () => {
  assert.deepEqual(addresses('ASBCA Nos. 60412, 60413 Appeal of Granite Builders, Inc.'), []);
  assert.deepEqual(addresses('Trenton, New Jersey 08608'), ['Trenton, New Jersey 08608']);
  assert.deepEqual(addresses('The hearing will be held at the Lakeside Hotel, 1221 Birch Street, Dover.'), []);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectedTexts } from '../../test/support/detected.ts';

function caseNumbers(page: string): string[] {
  return detectedTexts(page, 'personal.case-number');
}

test("a case number in a person's record, and claim or client numbers anywhere, are proposed", () => {
  assert.deepEqual(caseNumbers('Case Number MC-HS-2025-118406\nProgram Medical Assistance\nClient Date of Birth 11/02/1958'), ['MC-HS-2025-118406']);
  assert.deepEqual(caseNumbers('The claimant asked that case no. 2024-88172 be reopened.'), ['2024-88172']);
  assert.deepEqual(caseNumbers('Claim No. 44-1187-X was denied on review.'), ['44-1187-X']);
  // the label says whose file it is
  assert.deepEqual(caseNumbers('what situation warrants pending legal advice, in specific reference to your complaint\n#131118000071, what legal advice was requested'), ['131118000071']);
});

test("docket, agency case and FOIA log numbers are the record's furniture, not anyone's file", () => {
  // a docket number names a court's file
  assert.deepEqual(caseNumbers('Court of Appeals Docket #: 18-90014                    Docketed: 04/25/2018'), []);
  assert.deepEqual(caseNumbers('and Federal Register Notice Docket No. 04-013N. 3. Any and all contracts'), []);
  // an agency's enforcement case against a company, in a FOIA log's request line
  assert.deepEqual(caseNumbers('Subject: Requesting any and all documents related to USDA, APHIS, IES case number CA09758-HS brought against Respondent Nippon Express U.S.A., Inc.'), []);
  // a label after a value, and a label for the value on the line above, name neither the complaint nor the next request
  assert.deepEqual(caseNumbers('Subject: Requesting results of complaint #07-21, case number NY07018-AC.\n11-297 | Dotson, Mark | A All Animal Control | received 02-Mar-11'), []);
  assert.deepEqual(caseNumbers('Case Number: 18-3815                                        Docketed: 07/20/2018'), []);
});

test("a proof of claim's number in a court's claims register, and a statute's section, are no one's file", () => {
  assert.deepEqual(caseNumbers('U.S. Bankruptcy Court, District of Alaska\nDebtor\nMarkair, Inc.\n01/04/2010 | 8786 | Motion to Pay Unclaimed Dividends, regarding POC #11184, in the amount of $742.45. Filed by creditor Margaret Bean.'), []);
  assert.deepEqual(caseNumbers('U.S. Bankruptcy Court, District of Alaska\nDebtor\nMarkair, Inc.\n01/04/2010 | 8787 | Objection to Claim No. 11184-2 filed by the Trustee.'), []);
  assert.deepEqual(caseNumbers('SSA Section | 42 U.S.C. § | Description\n1128A(a)(1)(A), (B) | 1320a-7a(a)(1)(A), (B) | False claims'), []);
});

test("a column headed \"Case\" holds a board's dockets unless the row is a person's record", () => {
  // Armed Services Board of Contract Appeals, decisions of May-June 2024 (real-text batch 3, tuning half): the row
  // above, a company named "Case Healthcare", reads as the column's header
  const decisions = 'Decided | ASBCA No. | Appellant | Judge\n2024-06-13 | 63051 | Case Healthcare Solutions, Inc. d/b/a Case HCS of Reston, Virginia | Wilson\n2024-06-12 | 62413, 62414 | Allard Nazarian Group, Inc. dba Granite State Manufacturing | Stinson\n2024-06-11 | 63789 | Red Bobtail Transportation | Melnick';
  assert.deepEqual(caseNumbers(decisions), []);
  // a client's file under "Case No." stays proposed
  assert.deepEqual(caseNumbers('Case No.          Client           Date of birth\nMC-2025-118406    Jane Doe         11/02/1958'), ['MC-2025-118406']);
});

test("a police report's or a zoning application's case number is released with the record: a victim or an applicant makes no personal file", () => {
  // a police department's release and a board of zoning appeals' agenda item; the samples' incident report keeps its
  // "Case No. 2025-004817" too
  assert.deepEqual(caseNumbers('Case No. 24-004417\nThe victim, a 45-year-old man, was treated at a local hospital.'), []);
  assert.deepEqual(caseNumbers('BOARD OF ZONING APPEALS\nCase No. BZA-24-017\nApplicant: Robert Hines\nRequest: variance to reduce the rear yard setback.'), []);
  // an unemployment appeal's claimant, a benefits client: their own files
  assert.deepEqual(caseNumbers('UNEMPLOYMENT INSURANCE APPEALS BOARD\nCase No. 2024-UI-118406\nClaimant: Dana Whitfield'), ['2024-UI-118406']);
});

test("a booking record's case and booking numbers are the court's and the jail's, though the entry holds a date of birth", () => {
  // a sheriff's booking records, one block each (real-text batch 11, tuning half, in this shape)
  const entry = (booking: string, cases: string) => `Booking_Number: ${booking} | Status: In Custody\nFull_Name: QUENNELL, TOBIAS\nBooking_Date: 04/09/2026 | DOB: 08/12/1995 | Race: White | Sex: M\nArrest_Location: EASTPORT | Facility: Main Jail\nCharges: WARR-PTR-F WARRANT VOPRETRIAL FELONY\nBond_Amount: 2500.00 | Case_Number: ${cases}\n`;
  assert.deepEqual(caseNumbers(`${entry('232600956', '25004423CF10A, 25004424CF10A')}\n${entry('232600966', 'DCW13466')}`), []);
  // a client's record keeps its case number proposed, with its own label or the one above it
  assert.deepEqual(caseNumbers('Case Number:\nMC-HS-2025-118406\nClient Date of Birth 11/02/1958'), ['MC-HS-2025-118406']);
});

test("a cue reaches a number from its own sentence or a field of the same entry, not from the prose after the entry", () => {
  // GOV.UK asylum support tribunal, a decision page (real-text batch 5, tuning half): the decision's reference number,
  // then its date, then the decision's first sentence about the appellant
  const page = 'Judges: Smith, SV\nLandmark: Landmark\nReference number: AST / 06 / 04 / 13140\nDecision date: 2006-04-27\nThe appellant, an Iranian Kurd born on 20 February 1979, appeals against the decision of the Secretary of State\nwho refused support under Section 4 of the Act.';
  assert.deepEqual(caseNumbers(page), []);
  // the fields of a client's entry, and a sentence wrapped over two lines, still reach it
  assert.deepEqual(caseNumbers('Reference number: 2025-004817\nDecision date: 2025-04-27\nClient date of birth: 11/02/1958'), ['2025-004817']);
  assert.deepEqual(caseNumbers('The office reopened the file of the claimant, a retired teacher from Dayton whose benefits had stopped, under reference\nnumber 2025-004817 after the hearing.'), ['2025-004817']);
});

test("a court's index of cases lists its numbers under a \"Case #\" column: a name on the row makes no one's file of them", () => {
  // Greenville County Probate Court estate search results (real-text batch 14, tuning half): every row but the first was
  // proposed, the header reaching the rows below only as the shared column-header context
  const index = 'Greenville County Probate Court, estate search results\nCase # | Name | Party Type\n1998ES2300833 | ABERNATHY , ARTHUR SEAL | Deceased Person\n1999ES2301955 | ABERNATHY , DONNA JUANITA | Deceased Person\n2006ES2300705 | ABERNATHY , EMILY JEAN REEVES | Deceased Person\n1989ES2300669 | ABERNATHY , IDA BAILEY | Deceased Person\n1988ES2300124 | ABERNATHY , JAMES HARRY | Deceased Person';
  assert.deepEqual(caseNumbers(index), []);
  // a header that says the file is a client's keeps every row proposed
  const clients = 'Client case # | Name | Program\nMC-2025-118406 | Jane Doe | Medical Assistance\nMC-2025-118407 | John Roe | Medical Assistance\nMC-2025-118408 | Mary Major | Medical Assistance\nMC-2025-118409 | Rita Minor | Medical Assistance';
  assert.deepEqual(caseNumbers(clients), ['MC-2025-118406', 'MC-2025-118407', 'MC-2025-118408', 'MC-2025-118409']);
});

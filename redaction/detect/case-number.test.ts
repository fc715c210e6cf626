import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectDocuments } from './run.ts';
import { textDocument } from './text-document.ts';
import { defaultPolicy } from '../policy/load-policy.ts';

const policy = defaultPolicy();

function caseNumbers(page: string): string[] {
  return detectDocuments([textDocument([page])], policy)[0]
    .filter((f) => f.category === 'personal.case-number')
    .map((f) => f.text);
}

test("a case number in a person's record, and claim or client numbers anywhere, are proposed", () => {
  assert.deepEqual(caseNumbers('Case Number MC-HS-2025-118406\nProgram Medical Assistance\nClient Date of Birth 11/02/1958'), ['MC-HS-2025-118406']);
  assert.deepEqual(caseNumbers('The claimant asked that case no. 2024-88172 be reopened.'), ['2024-88172']);
  assert.deepEqual(caseNumbers('Claim No. 44-1187-X was denied on review.'), ['44-1187-X']);
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

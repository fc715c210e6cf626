import { test } from 'node:test';
import assert from 'node:assert/strict';
import { privateRecord, publishedRecord, recordSignals } from './genre.ts';

test("a published record is told by its furniture: a court's, a statute's, a FOIA log's or a release's", () => {
  const published = [
    'Case No. 3:21-cv-04417 | Date Filed: 03/04/2021\nPlaintiff: Harbor Mills LLC v. Defendant: Eastgate Partners LLC',
    'See Marlow v. Quist, 806 F.3d 680 (9th Cir. 2015); Plaintiff appeals.',
    'Under 5 U.S.C. 552(a) and 29 CFR 1401.32, § 1401.33 applies; each notice is published in the Federal Register.',
    '21-0417 | Quist, Bartholomew | received 2/3/2021 | closed 3/3/2021\n21-0418 | Osei, Ama | received 2/4/2021 | closed 3/9/2021\n21-0419 | Lund, Per | received 2/5/2021 | closed 3/1/2021\n21-0420 | Roe, Jane | received 2/6/2021 | closed 3/2/2021',
    // the furniture of a police department's news page, a legislature's resolution, a council's agenda, a board's list
    'Harbor City Police Department, news\nJune 2, 2021 - Jane Roe\nOfficers arrested two men on Elm Street.',
    'Senate Resolution No. 812\nBY: Senator QUIST\nWHEREAS, the community mourns; and WHEREAS, she served it well; now, therefore, be it RESOLVED',
    'City Council regular session agenda\n1. File No. CM25-0001 Presentation on the library budget.',
    'Board of Contract Appeals: published decisions\nColumns: date | number | appellant | judge',
    // a body's published opinions, a wanted notice
    'State Attorney General, published opinions, 2016\n2016-12-30 | No. 15-1202 | Published',
    "The Inspector General's Most Wanted Fugitives\nFugitive: Jane Roe",
    'FOR IMMEDIATE RELEASE. The Inspector General announced the settlement; OIG thanks the agents and the U.S. Attorney\'s Office.',
  ];
  for (const text of published) assert.ok(publishedRecord(text), `${text}: ${JSON.stringify(Object.fromEntries(recordSignals(text)))}`);
  const own = [
    'MEMORANDUM\nFROM: Priya Osei, Senior Analyst\nTO: Fleet Manager\nSUBJECT: Fuel cards\nThe court of public opinion aside, the cards must be retired.',
    'Incident report 2025-114. Reporting officer: Ofc. Lund #2281. The caller said a van was broken into on Harbor Street.',
    // an inspector general's own case file names its agents and witnesses privately
    'OIG Report of Investigation 21-0044\nSpecial Agent Ama Osei interviewed the witness at her home.',
    'Dear Mr. Quist, your benefits continue. Tell us within 10 days if your address changes. Your caseworker, Ama Osei.',
  ];
  for (const text of own) assert.ok(!publishedRecord(text), `${text}: ${JSON.stringify(Object.fromEntries(recordSignals(text)))}`);
});

test('a record about private persons is told by a handling marking or a person\'s identifiers, not by contacts', () => {
  const own = [
    'CONFIDENTIAL // PRE-DECISIONAL\nOptions for replacing the permit system.',
    'CUI\nThe inspection found three faults.',
    'Draft for internal discussion; not for distribution',
    'ACHTERBERG, Willemijn E-40117 412-68-3927 Civil Engineer II',
    'Your SSN 4 8 3 2 7 1 9 5 6 is on file.',
    'Client Date of Birth 11/02/1958',
    'Delacroix, Jean-Marc 4111 1111 1111 1111 12/07/2024 Cascade Stop',
  ];
  for (const text of own) assert.ok(privateRecord(text), text);
  const open = [
    'Department of Commerce\nJennifer Quist - 202-482-0336 - jquist@doc.gov',
    '| Maria | Quist | 2253 N Howard St | Philadelphia | PA | 19133 | Democrat |',
    'The confidential informant program was audited.',
    // an invalid area number and a card number whose check digit fails are no one's
    'Order 000-12-3456 and reference 4111 1111 1111 1112 were filed.',
  ];
  for (const text of open) assert.ok(!privateRecord(text), text);
});

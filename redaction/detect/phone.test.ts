import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectedTexts } from '../../test/support/detected.ts';

function phones(page: string): string[] {
  return detectedTexts(page, 'personal.phone');
}

test('"ID" is Idaho before a ZIP code: a requester\'s phone after it is still found', () => {
  // the shape of a FOIA log's entry (requester, home address, phone)
  assert.deepEqual(phones('FOIA Request 2024-FOIA-01187, received 03/12/2024 from John Q. Public, 88 Main St, Boise ID 83702, phone 208-555-0144, requesting records.'), ['208-555-0144']);
  assert.deepEqual(phones('Employee ID number 202-555-0173 was reissued.'), []);
});

test('"Contact:" then an office\'s name makes the number the office\'s; a person\'s name keeps it proposed', () => {
  // an inspector general's report summary ends with its press office
  assert.deepEqual(phones('The OIG found improper payments (Report No. A-05-21-00017). Contact: Office of Public Affairs, 202-619-1343.'), []);
  assert.deepEqual(phones('Complainant contact: Jane Doe, 202-555-0188.'), ['202-555-0188']);
});

test("a staff directory's entry (department, then job title) gives the office's number", () => {
  // City of Sioux City, staff directory entry (real-text batch 4, tuning half)
  const entry = 'Madsen, Chris R.\n\n- Departments:Planning and Zoning\n- Divisions:Planning and Zoning\n- Title:AICP, CFM - Senior Planner\n- Phone:(712) 279-6341\n- Email:Email';
  assert.deepEqual(phones(entry), []);
  // a person's own line in a directory entry stays proposed
  assert.deepEqual(phones('- Departments:Planning and Zoning\n- Title:Senior Planner\n- Mobile (personal):(712) 555-0101'), ['(712) 555-0101']);
});

test('a number right after a number sign is one of a series (a report, a unit), unless a phone word labels the sign', () => {
  // Sioux City Police Department, a release's heading (real-text batch 6, tuning half)
  assert.deepEqual(phones('Shooting in at 427 Pierce St - SCPD #21-29897 — Sioux City Police Department'), []);
  assert.deepEqual(phones('Call her at apartment #12, 587 3021.'), ['587 3021']);
  assert.deepEqual(phones('Reach the tenant at phone #: 587 3021 after six.'), ['587 3021']);
});

test('a number labelled "ID:" or a meeting\'s ID is the meeting\'s or the record\'s, not a phone', () => {
  // a Texas justice court's register of actions: the hearing's video meeting (real-text batch 10, tuning half)
  assert.deepEqual(phones('02/11/2021 | Eviction (10:00 AM) (Judicial Officer Prado, Jo Anne)\n  Zoom at 10:45 ID: 948 7288 5694'), []);
  assert.deepEqual(phones('Join the webinar at 7 pm, Meeting ID 812 3344 5566, passcode 4471.'), []);
  // "ID" before a ZIP code is Idaho: a phone after the town line is still found
  assert.deepEqual(phones('John Q. Public, 88 Main St, Boise, ID 83702, call at 208-555-0144'), ['208-555-0144']);
});

test('a year, a hyphen and a zero-padded serial number a record, not a phone', () => {
  // a university police department's incident log: the case number (real-text batch 10, tuning half)
  assert.deepEqual(phones('Call at Frat Row: 2014-00001875 | 01/14/14 20:39 | CDS Violation | Arrest'), []);
  assert.deepEqual(phones('Report called in at 2020-0632, loss $500.00'), []);
  // a phone written with a trunk prefix is still one
  assert.deepEqual(phones('Call her at 0201-5550173.'), ['0201-5550173']);
});

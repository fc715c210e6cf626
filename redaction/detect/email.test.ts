import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectedTexts } from '../../test/support/detected.ts';
import { serviceMailbox } from './email.ts';

test("an office's or a service's mailbox is no one's personal detail; a person's stays", () => {
  // a city department's news release (City of Tampa's domain) and RFC 2142's service mailboxes
  assert.deepEqual(detectedTexts('Residents with questions may call the Solid Waste Department or email solidwaste@tampagov.net.', 'personal.email'), []);
  for (const box of ['solidwaste@tampagov.net', 'cityclerk@tampagov.net', 'public.records@example.gov', 'info@example.org', 'foia@example.gov', 'webmaster@example.org']) assert.ok(serviceMailbox(box), box);
  // a given name, a surname, an initial or a handle no dictionary holds is a person's
  for (const box of ['maria.lopez@example.org', 'marialopez2024@gmail.com', 'jsmith@example.com', 'smith@example.com', 'bruce.weyrick@dau.edu', 'rose.garden@example.com', 'tfaleolo.j@example.org']) assert.ok(!serviceMailbox(box), box);
  assert.deepEqual(detectedTexts('Candidate: Maria Lopez\nEmail: marialopez2024@gmail.com', 'personal.email'), ['marialopez2024@gmail.com']);
});

test("a staff member's mailbox on the domain of the organisation its list names by acronym is the office's", () => {
  // GSA's list of Section 508 program managers by agency (real-text batch 4, tuning half)
  const list = 'Defense Acquisition University (DAU)\nBruce Weyrick - 703-805-3576 - bruce.weyrick@dau.edu\nNational Defense University (NDU)\nIrina Ryan - 202-685-3714 - irina.ryan.civ@ndu.edu';
  assert.deepEqual(detectedTexts(list, 'personal.email'), []);
  // a private requester's university mailbox, with no organisation named by that acronym, stays proposed
  assert.deepEqual(detectedTexts('Requester: Jane Doe (JD), a student at Stanford University (SU), jdoe@stanford.edu', 'personal.email'), ['jdoe@stanford.edu']);
});

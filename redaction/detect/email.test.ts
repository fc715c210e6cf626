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

test("a staff member's mailbox in a list written for the public is no one's personal detail unless a private person stands beside it", () => {
  // GSA's list of Section 508 program managers by agency (real-text batch 4, tuning half): the general tie
  // (personal-tie.ts) covers what a rule for mailboxes on an acronym's domain did
  const list = `Section 508 program managers by agency. The list gives each agency's program manager, who answers questions on accessible technology for that agency's staff and the public. The managers meet each quarter, review the agencies' reports, advise on purchases and training, and publish their guidance on the website for anyone to read and use. Questions about a product, a website or a document go first to the agency that bought or wrote it, and then to the council if the agency cannot answer them in time.\nDefense Acquisition University (DAU)\nBruce Weyrick - 703-805-3576 - bruce.weyrick@dau.edu\nNational Defense University (NDU)\nIrina Ryan - 202-685-3714 - irina.ryan.civ@ndu.edu`;
  assert.deepEqual(detectedTexts(list, 'personal.email'), []);
  // a private requester's university mailbox stays proposed
  assert.deepEqual(detectedTexts('Requester: Jane Doe (JD), a student at Stanford University (SU), jdoe@stanford.edu', 'personal.email'), ['jdoe@stanford.edu']);
});

test('an account name alone in a message header\'s address field is a mailbox\'s own part; a display name, a service or a list is not', () => {
  // a released message's header where the mail system printed the sender's account, not a directory name
  // (the State Department's FOIA release, real-text batch 7, tuning half, shortened): a short message keeps the
  // ordinary reading, so the account is proposed as the mailbox would be
  const message = 'From: amblack\nTo: Abedin, Huma; Verveer, Melanne S\nSent: Thu Dec 03 11:28:47 2009\nSubject: Somali Rebels\n\nPlease tell Hillary.\n\nThanks, Allida';
  assert.deepEqual(detectedTexts(message, 'personal.email'), ['amblack']);
  assert.deepEqual(detectedTexts('From: jsmith2;\nSubject: lunch', 'personal.email'), ['jsmith2']);
  // a display name, a service's or an office's name, a list's placeholder, a letter: none is an account
  for (const header of ['From: Carson, Johnnie', 'To: staff', 'To: foia', 'Cc: undisclosed-recipients:;', 'From: H', 'To: all staff', 'Subject: amblack'])
    assert.deepEqual(detectedTexts(`${header}\nSent: Thu Dec 03 11:28:47 2009\n\nhello`, 'personal.email'), [], header);
});

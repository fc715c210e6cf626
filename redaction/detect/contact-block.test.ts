import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectedTexts } from '../../test/support/detected.ts';

// Agency staff's contact blocks (name, title, unit, office mailbox and phone) are the office's, kept as the guide
// says; a state government's mail domain (RFC 1480's state.XX.us) is a government domain like .gov.
const block = 'For questions about a licence, please contact:\n\tMara Quill, Licensing Specialist\n\tPermits Unit\n\tEmail: Mara.Quill@health.state.ks.us\n\tPhone: (785) 296-1500, ext. 4410';

test("a staff contact block under an agency's unit keeps its mailbox and phone", () => {
  assert.deepEqual(detectedTexts(block, 'personal.phone'), []);
  assert.deepEqual(detectedTexts(block, 'personal.email'), []);
});

test('a private mailbox, or a word saying the number is her own, keeps the contact personal', () => {
  assert.deepEqual(detectedTexts('Mara Quill\nEmail: mara.quill@gmail.com\nPhone: (785) 296-1500', 'personal.phone'), ['(785) 296-1500']);
  assert.deepEqual(detectedTexts('Her home phone is (785) 296-1500; the office is at licensing@health.state.ks.us', 'personal.phone'), ['(785) 296-1500']);
});

test('an apartment numbered "Unit 12" is a home, not an organisation\'s unit', () => {
  assert.deepEqual(detectedTexts('Jane Roe\n1200 Harbor Street Unit 12\nDover, DE 19901', 'personal.address'), ['1200 Harbor Street Unit 12 Dover, DE 19901']);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectedTexts } from '../../test/support/detected.ts';

function ssns(page: string): string[] {
  return detectedTexts(page, 'personal.ssn');
}

test("a masked SSN's visible last four digits are withheld, and the finding covers the whole masked value", () => {
  assert.deepEqual(ssns('Debtor\nCRAIG M MEIER\nSSN / ITIN: xxx-xx-4515\n   represented by  ROBERT M. COOK'), ['xxx-xx-4515']);
  assert.deepEqual(ssns('Social Security No.: ***-**-4168'), ['***-**-4168']);
  assert.deepEqual(ssns('The claimant confirmed the last four digits of her SSN are 1057.'), ['1057']);
  assert.deepEqual(ssns('a taxpayer identification number ending in 2290 was used'), ['2290']);
});

test('four digits no one names as an SSN are not one; a blank mask holds no digits', () => {
  assert.deepEqual(ssns('Enter your SSN in the format XXX-XX-XXXX.'), []);
  assert.deepEqual(ssns('the last four digits of the docket number are 4515'), []);
  assert.deepEqual(ssns('Operating Report 4515 filed; Part xxx-xx-0000 of the form'), []);
});

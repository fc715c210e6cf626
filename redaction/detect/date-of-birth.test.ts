import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectedTexts } from '../../test/support/detected.ts';

// A date is someone's date of birth only when a birth label names it: right before it with only filler between, or
// as its column's header. A birth word a few words off labels something else (an organisation, an office, another date).
const cases: [string, string[]][] = [
  ['DOB: 11-02-1973\nHeight: 5\'10"', ['11-02-1973']],
  ['Client Date of Birth 11/02/1958', ['11/02/1958']],
  ['Our records show that you were born on November 2, 1958 and live alone.', ['November 2, 1958']],
  ['Okonkwo-Reyes (DOB 07/22/1986), who stated that she had parked', ['07/22/1986']],
  ['born in Lagos, Nigeria, on 3 March 1961', ['3 March 1961']],
  ['Date of Birth\n11/02/1958', ['11/02/1958']],
  // the old six-word window took these
  ['Jordan, born 1961, was arrested on 03-06-2012 in Ohio.', []],
  ['The birth records office reopened on March 3, 2024.', []],
  ['Born Free USA requested records on 2/11/2013 about the zoo.', []],
  ['Date of birth\n\nThe hearing was held on 04/17/1998.', []],
];

for (const [page, expected] of cases) {
  test(`date of birth: ${JSON.stringify(page)}`, () => {
    assert.deepEqual(detectedTexts(page, 'personal.dob'), expected);
  });
}

test("a table written as text names a date's column by its cell's index: the header row's cell above it", () => {
  // a sheriff's inmate locator page (real-text batch 9, tuning half, invented values): the cells do not line up on
  // the page, so the header is found by index, not by position
  const table = 'Individual Inmate Report\n\nBooking # | Inmate Full Name | Date of Birth | Race | Gender | Height | Weight\n2014-1100001 | montenegro-avila, bartolo | 04/17/1991 | W | M | 510 | 170\n';
  assert.deepEqual(detectedTexts(table, 'personal.dob'), ['04/17/1991']);
  // another column's date, a row with another number of cells between, or a header row holding a number name no birth
  assert.deepEqual(detectedTexts('Booking # | Inmate Full Name | Booked Date | Race\n2014-1100001 | roe-dane, jan | 04/17/1991 | W\n', 'personal.dob'), []);
  assert.deepEqual(detectedTexts('Name | Date of Birth | Race\nNotes | none\nroe-dane, jan | 04/17/1991 | W\n', 'personal.dob'), []);
});

test("a booking log's date-of-birth column keeps its header over each booking's charge line and a long run of rows", () => {
  // a county sheriff's booking log (real-text batch 12, tuning half, invented values): every booking row is followed by
  // its charges run together on a line without cells, and the header is printed once, far above the last row
  const rows = Array.from({ length: 16 }, (_, i) => `${170100 + i} | ROE-DANE, JAN ${String.fromCharCode(65 + i)} | 4/${i + 1}/1991 | 2/19/2021 ${i}:35\nCharge CodeCharge DescriptionReference #23152(A)DUI ALCOHOL/DRUGS0955${10 + i}`);
  const table = `Inmate # | Inmate Name | Birth Date | Booking DtTm\n${rows.join('\n')}\n`;
  assert.deepEqual(detectedTexts(table, 'personal.dob'), rows.map((_, i) => `4/${i + 1}/1991`));
  // a line of prose between the header and the rows ends the table: it is not a row's detail
  assert.deepEqual(detectedTexts('Inmate # | Inmate Name | Birth Date | Booking DtTm\nThe log was printed on 2/26/2021 for the court.\n170100 | ROE-DANE, JAN | 4/17/1991 | 2/19/2021 0:35\n', 'personal.dob'), []);
});

test("an offence named in one booking's charges presents no later booking's date of birth as made up", () => {
  // a county sheriff's booking log (real-text batch 12, tuning half, invented values): "MAKE FICTITIOUS CHECK" read as
  // a marker of made-up values for every row after it, up to the next sentence end
  const table = [
    'Inmate # | Inmate Name | Birth Date | Booking DtTm',
    '152400 | ROE, JAN | 5/4/1981 | 2/20/2021 15:49',
    "Charge CodeCharge DescriptionReference #476MAKE FICTITIOUS CHECK095666530.5(A)GET CREDIT/ETC OTHER'S ID095891",
    '132700 | DOE, KIM | 3/5/1987 | 2/20/2021 16:02',
    'Charge CodeCharge DescriptionReference #422THRTN CRIME:INT:TERRORIZE095667',
  ].join('\n');
  assert.deepEqual(detectedTexts(table, 'personal.dob'), ['5/4/1981', '3/5/1987']);
  // a value a row itself presents as an example is still one
  assert.deepEqual(detectedTexts('Case | Note | Race\nExample | DOB: 3/5/1987 | W\n', 'personal.dob'), []);
  assert.deepEqual(detectedTexts('Case | Note | Race\nRoe | DOB: 3/5/1987 | W\n', 'personal.dob'), ['3/5/1987']);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectedTexts } from '../../test/support/detected.ts';

// A condition's name alone (no cue, no dose) is a health detail only in a sentence that names a private person: a
// pronoun points at no one identifiable in an anonymised decision or a rule. Cues and doses are judged as before.
const cases: [string, string[]][] = [
  ["Throughout the period on appeal, the Veteran's PTSD symptoms manifested in impairment, and his PTSD was rated.", []],
  ['She said her depression had lasted for years.', []],
  ['Maria Gonzalez-Ortiz told the officer that her HIV status was known to the clinic.', ['HIV']],
  // a condition after a cue said in the third person is someone's only in a document that names a private person
  ['Applicant: Maria Gonzalez-Ortiz\nThe applicant was diagnosed with bipolar disorder in 2018.', ['bipolar disorder in 2018']],
  // a cue followed by the people treated names no condition (a released email, real-text batch 7, tuning half)
  ['Maria Gonzalez-Ortiz wrote that his staff has been working to secure hospital treatment for all of those being medevaced to Nairobi.', []],
  ['The applicant was diagnosed with bipolar disorder in 2018.', []],
  ['Your current prescriptions of metformin 1000 mg twice daily are covered.', ['metformin 1000 mg twice daily are covered']],
];

for (const [page, expected] of cases) {
  test(`health: ${JSON.stringify(page)}`, () => {
    assert.deepEqual(detectedTexts(page, 'personal.health'), expected);
  });
}

test('a condition after a cue ends where the sentence goes on to what the person did next', () => {
  // the shape of a state board of nursing's published consent order (an alternative-to-discipline programme)
  assert.deepEqual(detectedTexts('The respondent, Dana Whitfield, a licensed practical nurse, was diagnosed with opioid use disorder and entered the Intervention Project for Nurses.', 'personal.health'), ['opioid use disorder']);
  // two conditions joined by "and" stay one detail
  assert.deepEqual(detectedTexts('Your records show you were diagnosed with anxiety and depression in 2019.', 'personal.health'), ['anxiety and depression in 2019']);
});

test("a condition said of no identifiable person is no one's: an anonymised decision, a release that names no one, a drug label", () => {
  // a Board of Veterans' Appeals decision names only "the Veteran"; a county release an unnamed inmate
  assert.deepEqual(detectedTexts('The Veteran was diagnosed with PTSD in 2010 and he was treated for depression at the VA medical center.', 'personal.health'), []);
  assert.deepEqual(detectedTexts('A 34-year-old man was diagnosed with tuberculosis after arriving at the county jail; the health department is notifying contacts.', 'personal.health'), []);
  assert.deepEqual(detectedTexts('Each carton holds naloxone 4 mg nasal spray, two doses.', 'personal.health'), []);
  // named in the document, or addressed as "you", it is someone's
  assert.deepEqual(detectedTexts('Inmate Marcus Delgado-Reyes was diagnosed with diabetes and prescribed insulin.', 'personal.health'), ['diabetes and prescribed insulin']);
  assert.deepEqual(detectedTexts('Your current prescriptions of metformin 1000 mg twice daily are covered.', 'personal.health'), ['metformin 1000 mg twice daily are covered']);
});

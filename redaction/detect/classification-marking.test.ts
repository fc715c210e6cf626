import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectedTexts } from '../../test/support/detected.ts';

/** A marking's finding covers its paragraph: its first line says which. */
function marked(page: string): string[] {
  return detectedTexts(page, 'government.classified').map((t) => t.split(/(?<=\.) /)[0]);
}

test("a statute's lettered list items are not portion markings", () => {
  const statute = [
    '(10) statistical tables showing the total number of audit reports—',
    '(A) for which no management decision had been made by the commencement of the reporting period;',
    '(B) which were issued during the reporting period;',
    '(C) For which a management decision was made during the reporting period, including—',
    '(D) for which no management decision has been made by the end of the reporting period;',
  ].join('\n');
  assert.deepEqual(marked(statute), []);
  // a list item that goes on in lower case, with no item before it on the page
  assert.deepEqual(marked('and the Inspector General shall report\n(C) the total number of persons referred to State and local prosecuting authorities'), []);
});

test('portion markings that start their own paragraphs are still found, beside a banner or alone', () => {
  assert.deepEqual(marked('SECRET\n(U) The meeting was routine.\n\n(C) The source reported movement near the border.\n\n(S) It continued for two days.'), ['SECRET', '(C) The source reported movement near the border.', '(S) It continued for two days.']);
  assert.deepEqual(marked('(S) The source reported movement near the border.\nIt continued for two days.'), ['(S) The source reported movement near the border.']);
});

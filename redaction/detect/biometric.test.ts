import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectedTexts } from '../../test/support/detected.ts';

// A biometric record without its number is someone's only when its sentence names them: a definition's "their
// biometric records" and an unnamed suspect's "his DNA profile" identify no one; a record number always does.
const cases: [string, string[]][] = [
  ['Personal data includes names, SSNs and their biometric records.', []],
  ['The suspect said his DNA profile was uploaded.', []],
  ['Detective Lee said Maria Gonzalez-Ortiz gave her fingerprint record to the lab.', ['fingerprint record']],
  ['Her fingerprint record FP-20931 was matched.', ['fingerprint record FP-20931']],
];

for (const [page, expected] of cases) {
  test(`biometric: ${JSON.stringify(page)}`, () => {
    assert.deepEqual(detectedTexts(page, 'personal.biometric'), expected);
  });
}

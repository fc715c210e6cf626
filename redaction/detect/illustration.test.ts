import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectDocuments } from './run.ts';
import { textDocument } from './text-document.ts';
import { defaultPolicy } from '../policy/load-policy.ts';

test('a made-up marker governs its numbered paragraph; a value someone gave is still found; the next paragraph is not governed', () => {
  const page = [
    '4.9.10.1. Using the automated date mechanism, her Pseudo SSN would look like this: 801-10-',
    '1215. The only difference is the number in the first three digits. If a third infant was',
    'registered on the same day, the patient sequence number would change to 802-10-1215.',
    '4.9.10.2. Records of the clinic. The claimant gave SSN 372-41-8806 at the desk.',
    '4.9.10.3. Pseudo SSNs are placeholders. The claimant gave her SSN as 529-41-7836.',
  ].join('\n');
  const [f] = detectDocuments([textDocument([page])], defaultPolicy());
  assert.deepEqual(f.filter((x) => x.category === 'personal.ssn').map((x) => x.text), ['372-41-8806', '529-41-7836']);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPortalConfig } from './portal-config.ts';

test('a full configuration is read; dates of record may be YAML dates', () => {
  const config = checkPortalConfig({
    title: 'City Records',
    contact: { name: 'Records Officer', email: 'records@example.gov' },
    requests: { url: 'https://example.gov/foia' },
    license: { name: 'CC0 1.0', url: 'https://creativecommons.org/publicdomain/zero/1.0/' },
    releases: { '2026-0001': { title: 'Parks papers', dateOfRecord: new Date('2026-03-31'), confirmedBy: 'ana', documents: { '2': { title: 'Memo', confirmedBy: 'ana' } } } },
  });
  assert.equal(config.licence?.name, 'CC0 1.0');
  assert.equal(config.releases?.['2026-0001'].dateOfRecord, '2026-03-31');
  assert.equal(config.releases?.['2026-0001'].documents['2'].title, 'Memo');
});

test('errors name the field', () => {
  const cases: [unknown, RegExp][] = [
    [{ contact: { name: 'X', email: '' } }, /contact\.email must be non-empty/],
    [{ contact: { name: 'X', email: 'not-an-address' } }, /contact\.email must be a plain address/],
    [{ requests: { text: 'Ask us' } }, /requests needs a url or an email/],
    [{ licence: { name: 'X', url: 'ftp://x' } }, /licence\.url must be an absolute http/],
    [{ releases: { parks: { confirmedBy: 'ana' } } }, /releases\."parks" is not a release number/],
    [{ releases: { '2026-0001': { title: 'T' } } }, /releases\."2026-0001"\.confirmedBy must be non-empty/],
    [{ releases: { '2026-0001': { confirmedBy: 'ana', dateOfRecord: '31/03/2026' } } }, /dateOfRecord must be a date/],
    [{ colour: 'blue' }, /colour is not a known field/],
  ];
  for (const [raw, message] of cases) assert.throws(() => checkPortalConfig(raw), message);
});

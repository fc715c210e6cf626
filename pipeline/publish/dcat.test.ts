import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Bundle } from './bundle.ts';
import { dcatCatalog } from './dcat.ts';
import { dcatErrors } from './dcat-validate.ts';

const bundle: Bundle = {
  bundleVersion: 5,
  contact: { name: 'Records Officer', email: 'records@example.gov' },
  licence: { name: 'Public domain (CC0 1.0)', url: 'https://creativecommons.org/publicdomain/zero/1.0/' },
  title: 'City of Example Records',
  office: 'Office of Public Records',
  generatedAt: '2026-11-25T08:00:00.000Z',
  exemptions: [{ key: 'b6', code: '(b)(6)', label: 'Personal privacy', description: 'Privacy.' }],
  releases: [
    {
      id: '2026-0001',
      key: 'k1',
      title: 'Release 2026-0001',
      office: 'Office of Public Records',
      date: '2026-11-20T10:00:00.000Z',
      description: '',
      documents: [
        {
          id: 'aaaaaaaaaaaaaaaa', key: 'k2', number: 1, title: 'Release 2026-0001, document 1', fileName: 'release-2026-0001-document-1.pdf', sha256: 'a'.repeat(64), byteLength: 5120, pageCount: 2,
          pdf: `files/${'a'.repeat(64)}.pdf`, approvedAt: '2026-11-20T09:00:00.000Z', publishedAt: '2026-11-21T10:00:00.000Z', pages: [],
          redactions: [{ number: 1, page: 1, box: [10, 10, 50, 20], category: 'personal.name', categoryLabel: 'Name of a private person', exemption: 'b6', code: '(b)(6)', reason: 'Name of a private person — (b)(6) Personal privacy', origin: 'proposed' }],
        },
      ],
    },
  ],
};
const url = (path: string) => new URL(path.replace(/^\//, ''), 'https://records.example.gov/foia/').toString();

test('the catalog of a bundle validates against the shipped DCAT-US 1.1 schema', () => {
  const catalog = dcatCatalog(bundle, { url }) as { dataset: Record<string, unknown>[] };
  assert.deepEqual(dcatErrors(catalog), []);
  const dataset = catalog.dataset[0];
  assert.equal(dataset.modified, '2026-11-21');
  assert.equal(dataset.identifier, 'https://records.example.gov/foia/releases/2026-0001/');
  assert.deepEqual((dataset.distribution as { mediaType: string }[]).map((d) => d.mediaType), ['application/pdf', 'text/csv', 'application/json']);
  assert.deepEqual(dataset.contactPoint, { '@type': 'vcard:Contact', fn: 'Records Officer', hasEmail: 'mailto:records@example.gov' });
  assert.equal(dataset.license, 'https://creativecommons.org/publicdomain/zero/1.0/');
  assert.deepEqual(dcatErrors(dcatCatalog({ ...bundle, releases: [] }, { url })), []);
});

const broken: [string, (c: { dataset: Record<string, unknown>[] } & Record<string, unknown>) => void, RegExp][] = [
  ['no publisher', (c) => void delete c.dataset[0].publisher, /publisher/],
  ['a modified date that is not ISO 8601', (c) => void (c.dataset[0].modified = '21/11/2026'), /modified/],
  ['an email that is not a mailto: URI', (c) => void ((c.dataset[0].contactPoint as Record<string, string>).hasEmail = 'records@example.gov'), /hasEmail/],
  ['a download without a media type', (c) => void delete (c.dataset[0].distribution as Record<string, unknown>[])[0].mediaType, /mediaType/],
  ['an unknown access level', (c) => void (c.dataset[0].accessLevel = 'open'), /accessLevel/],
  ['another schema version', (c) => void (c.conformsTo = 'https://project-open-data.cio.gov/v1.0/schema'), /conformsTo/],
  ['an empty keyword list', (c) => void (c.dataset[0].keyword = []), /keyword/],
];

for (const [what, breakIt, where] of broken) {
  test(`the schema rejects ${what}`, () => {
    const catalog = structuredClone(dcatCatalog(bundle, { url })) as { dataset: Record<string, unknown>[] } & Record<string, unknown>;
    breakIt(catalog);
    const errors = dcatErrors(catalog);
    assert.ok(errors.some((e) => where.test(e)), errors.join('\n'));
  });
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Bundle } from './bundle.ts';
import { assignNumbers } from './numbering.ts';

const item = (releaseKey: string, releaseDate: string, documentKey: string, publishedAt = releaseDate) => ({ releaseKey, releaseDate, documentKey, publishedAt });

test('releases are numbered per year in order of publication, documents in their release', () => {
  const n = assignNumbers([item('b', '2026-03-01T00:00:00Z', 'b1'), item('a', '2026-01-01T00:00:00Z', 'a2', '2026-01-02T00:00:00Z'), item('a', '2026-01-01T00:00:00Z', 'a1'), item('c', '2027-01-05T00:00:00Z', 'c1')], undefined);
  assert.deepEqual(Object.fromEntries(n.releases), { a: '2026-0001', b: '2026-0002', c: '2027-0001' });
  assert.deepEqual(Object.fromEntries(n.documents), { a1: 1, a2: 2, b1: 1, c1: 1 });
});

test('a number once published stays with its release and document; new ones continue the sequence', () => {
  const previous = {
    releases: [{ id: '2026-0007', key: 'old', documents: [{ key: 'o3', number: 3 }] }],
  } as unknown as Bundle;
  const n = assignNumbers([item('new', '2026-01-01T00:00:00Z', 'n1'), item('old', '2026-06-01T00:00:00Z', 'o9'), item('old', '2026-06-01T00:00:00Z', 'o3')], previous);
  assert.equal(n.releases.get('old'), '2026-0007');
  assert.equal(n.releases.get('new'), '2026-0008', 'a new release never takes a number already published');
  assert.equal(n.documents.get('o3'), 3);
  assert.equal(n.documents.get('o9'), 4);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { searchLayout } from './search-bundles.ts';
import type { ReleaseForSearch } from './search-bundles.ts';

const releases = (n: number, pages = 50): ReleaseForSearch[] => Array.from({ length: n }, (_, i) => ({ id: `2026-${String(i + 1).padStart(4, '0')}`, key: `k${i}`, pages }));

test('each release is in exactly one group, oldest first, and no merged group passes the cap', () => {
  for (const n of [0, 1, 2, 3, 7, 64, 100, 2000]) {
    const list = releases(n);
    const groups = searchLayout(list, 4000);
    assert.deepEqual(groups.flatMap((g) => g.releases), list.map((r) => r.id), `n=${n}`);
    for (const g of groups) assert.ok(g.releases.length === 1 || g.pages <= 4000, `${g.name}: ${g.pages} pages`);
  }
});

test('a portal of 100,000 pages in releases of 50 ends with about N / cap groups plus the log of the rest', () => {
  const groups = searchLayout(releases(2000), 4000);
  // Full groups hold 64 releases (3,200 pages; 128 would pass the cap): 31 of them, then one of the 16 left.
  assert.deepEqual(groups.map((g) => g.releases.length), [...Array(31).fill(64), 16]);
});

test('one more release builds one group and keeps every other group and its name', () => {
  for (const n of [1, 2, 3, 7, 63, 64, 65, 127, 128, 500]) {
    const before = new Set(searchLayout(releases(n), 4000).map((g) => g.name));
    const after = searchLayout(releases(n + 1), 4000);
    const built = after.filter((g) => !before.has(g.name));
    assert.equal(built.length, 1, `n=${n}`);
    assert.ok(built[0].releases.includes(`2026-${String(n + 1).padStart(4, '0')}`));
    assert.ok(built[0].pages <= 4000);
  }
});

test('a changed release renames only its group; a release larger than the cap stays alone', () => {
  const list = releases(12);
  const before = searchLayout(list, 4000);
  const changed = list.map((r) => (r.id === '2026-0003' ? { ...r, key: 'k2-re-approved' } : r));
  const after = searchLayout(changed, 4000);
  const renamed = after.filter((g, i) => g.name !== before[i].name);
  assert.deepEqual(renamed.map((g) => g.releases.includes('2026-0003')), [true]);
  const big = searchLayout([...releases(2), { id: 'big', key: 'kb', pages: 9000 }, ...releases(2).map((r) => ({ ...r, id: `${r.id}b` }))], 4000);
  assert.deepEqual(big.map((g) => g.releases), [['2026-0001', '2026-0002'], ['big'], ['2026-0001b', '2026-0002b']]);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TaskPool } from '../threads/task-pool.ts';
import type { TaskHostOptions } from '../threads/host.ts';
import type { DocumentRecord } from '../workspace/store/index.ts';
import { GROW_PAGES, poolSizing } from './pool-size.ts';

/** A pool whose extractFile reports the given progress events, and that counts grow() calls. */
function fakePool(events: { page: number; pages: number; source: 'text' | 'ocr' }[]) {
  let grows = 0;
  const pool: TaskPool = {
    size: 2,
    run: () => Promise.resolve(undefined as never),
    runWith: (async (options: TaskHostOptions) => {
      for (const e of events) options.onProgress?.(e);
      return undefined;
    }) as TaskPool['runWith'],
    grow: () => void grows++,
    preloadWhenIdle: () => {},
    recycle: async () => {},
    close: async () => {},
  };
  return { pool, grows: () => grows };
}

const doc = (id: string, pageCount: number | null) => ({ id, pageCount }) as DocumentRecord;
const textPages = (n: number) => Array.from({ length: n }, (_, i) => ({ page: i + 1, pages: n, source: 'text' as const }));
const extract = (pool: TaskPool) => pool.runWith({}, 'extractFile', { bytes: new Uint8Array(), fileName: 'a.pdf' }, { ocr: true });

test('a batch of ten 10-page born-digital documents keeps one thread; its progress still reaches the caller', async () => {
  const { pool, grows } = fakePool(textPages(10));
  const sizing = poolSizing(pool);
  sizing.documents(Array.from({ length: 10 }, (_, i) => doc(String(i), null)));
  let seen = 0;
  for (let i = 0; i < 10; i++) await sizing.watching().runWith({ onProgress: () => seen++ }, 'extractFile', { bytes: new Uint8Array(), fileName: 'a.pdf' }, { ocr: true });
  assert.equal(seen, 100);
  assert.equal(grows(), 0);
  assert.equal(sizing.grown(), false);
});

test('the first document of a batch whose pages, estimated from it, reach GROW_PAGES grows the pool', async () => {
  const { pool, grows } = fakePool(textPages(100));
  const sizing = poolSizing(pool);
  // Ten documents, the first with 100 pages: about 1,000 in all.
  sizing.documents(Array.from({ length: 10 }, (_, i) => doc(String(i), null)));
  await extract(sizing.watching());
  assert.equal(grows(), 1);
  assert.ok(100 * 10 >= GROW_PAGES && 100 < GROW_PAGES, 'the estimate, not the one document, decides');
});

test('a page that needs OCR grows the pool at once, whatever the page count', async () => {
  const { pool, grows } = fakePool([{ page: 1, pages: 2, source: 'ocr' }]);
  const sizing = poolSizing(pool);
  sizing.documents([doc('a', null)]);
  await extract(sizing.watching());
  assert.equal(grows(), 1);
});

test('a later stage sizes from the page counts the workspace holds (a resumed batch)', () => {
  const small = fakePool([]);
  const few = poolSizing(small.pool);
  few.documents([doc('a', 10), doc('b', 20)]);
  assert.equal(small.grows(), 0);
  const big = fakePool([]);
  const many = poolSizing(big.pool);
  many.documents([doc('a', GROW_PAGES - 10), doc('b', 20)]);
  assert.equal(big.grows(), 1);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderChunks } from './verify-pdf.ts';

const letter = (page: number) => ({ page, width: 612, height: 792 });

test('render chunks: up to 64 consecutive pages a renderer run at the asked resolution', () => {
  const chunks = renderChunks(Array.from({ length: 150 }, (_, i) => letter(i + 1)), 100);
  assert.deepEqual(chunks.map((c) => c.pages.length), [64, 64, 22]);
  assert.deepEqual(chunks.flatMap((c) => c.pages), Array.from({ length: 150 }, (_, i) => i + 1), 'every page once, in order');
  assert.ok(chunks.every((c) => c.dpi === 100));
  assert.deepEqual(renderChunks([], 100), []);
});

test('render chunks: a page too large for the render limits is drawn lower, in its own run; the others keep their resolution', () => {
  const poster = { page: 3, width: 72 * 100, height: 72 * 100 };
  const chunks = renderChunks([letter(1), letter(2), poster, letter(4)], 100);
  assert.deepEqual(chunks.map((c) => c.pages), [[1, 2], [3], [4]]);
  assert.deepEqual([chunks[0].dpi, chunks[2].dpi], [100, 100]);
  assert.ok(chunks[1].dpi < 100 && chunks[1].dpi >= 1, `poster at ${chunks[1].dpi} DPI`);
  // 100 by 100 inches within the 12-megapixel bound.
  assert.ok((100 * chunks[1].dpi) ** 2 <= 12_000_000);
});

test('render chunks: a run holds at most 64 megapixels, so large pages go a few at a time', () => {
  // Letter at 300 DPI: 8.4 megapixels a page, so seven fit under the bound.
  const chunks = renderChunks(Array.from({ length: 20 }, (_, i) => letter(i + 1)), 300);
  assert.ok(chunks.length > 1);
  for (const c of chunks) assert.ok(c.pages.length * 2550 * 3300 <= 64_000_000, `${c.pages.length} pages in one run`);
  assert.equal(chunks.reduce((n, c) => n + c.pages.length, 0), 20);
});

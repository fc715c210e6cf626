import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { findOrCreateBatch, getDocument, insertDocument, listPages, openWorkspace, replacePages } from '../workspace/store/index.ts';
import { createPageImageCache, pageImage } from './page-image.ts';
import { tempDir } from '../../test/support/temp-dir.ts';

test('a 300-DPI scan is shown at screen resolution, rendered once and cached in the blob store', async () => {
  const opened = await openWorkspace(join(tempDir('daylight-pageimg-'), 'ws'), { databaseUrl: '' });
  assert.ok(opened.ok);
  const ws = opened.value;
  try {
    // A letter page scanned at 300 DPI: 2550 × 3300 px, white with one black bar.
    const scan = await sharp({ create: { width: 2550, height: 3300, channels: 3, background: { r: 255, g: 255, b: 255 } } })
      .composite([{ input: { create: { width: 1200, height: 60, channels: 3, background: { r: 0, g: 0, b: 0 } } }, left: 300, top: 600 }])
      .withMetadata({ density: 300 })
      .png()
      .toBuffer();
    const blob = await ws.blobs.put(scan);
    assert.ok(blob.ok);
    const { batch } = await findOrCreateBatch(ws, { name: 'b', folder: '/f', policyHash: 'p' }, { codeVersion: 't', actor: 't' });
    const doc = await insertDocument(ws, { batchId: batch.id, path: 'scan.png', fileName: 'scan.png', state: 'queued', mediaType: 'image/png', originalBlob: blob.value }, 't');
    await replacePages(ws, doc.id, [{ number: 1, width: 612, height: 792, rotation: 0, source: 'ocr', dpi: 300, wordCount: 0 }]);
    const record = (await getDocument(ws, doc.id))!;

    const first = await pageImage(ws, createPageImageCache(), record, 1);
    assert.ok(first.ok, !first.ok ? first.problem.message : '');
    const meta = await sharp(first.value).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height, meta.channels], ['png', 850, 1100, 1]);
    const data = await sharp(first.value).extractChannel(0).raw().toBuffer();
    assert.ok(data[Math.round(600 / 3 + 10) * 850 + Math.round(300 / 3 + 100)] < 40, 'the bar is dark where it was scanned');

    const stored = (await listPages(ws, doc.id))[0].renderBlob;
    assert.match(stored ?? '', /^[0-9a-f]{64}$/, 'the render is kept for the next start');
    const again = await pageImage(ws, createPageImageCache(), record, 1);
    assert.ok(again.ok);
    assert.deepEqual(again.value, first.value);
    const missing = await pageImage(ws, createPageImageCache(), record, 2);
    assert.equal(!missing.ok && missing.problem.code, 'workspace.not-found');
  } finally {
    await ws.close();
  }
});

test('the memory cache evicts the least recently used images beyond its byte budget', () => {
  const cache = createPageImageCache(10);
  cache.set('a', new Uint8Array(4));
  cache.set('b', new Uint8Array(4));
  assert.ok(cache.get('a'));
  cache.set('c', new Uint8Array(4));
  assert.equal(cache.get('b'), undefined);
  assert.ok(cache.get('a'));
  assert.ok(cache.get('c'));
});

import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { test } from 'node:test';
import { findDecompressionBomb, xrefLooksIntact } from './pdf-structure.ts';

function pdfWith(streamData: Buffer, filter: string = '/FlateDecode'): Uint8Array {
  const head = Buffer.from(`%PDF-1.7\n1 0 obj\n<< /Length ${streamData.length} /Filter ${filter} >>\nstream\n`, 'latin1');
  const body = Buffer.concat([head, streamData, Buffer.from('\nendstream\nendobj\n', 'latin1')]);
  const xref = body.length;
  return new Uint8Array(Buffer.concat([body, Buffer.from(`xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<< /Size 2 >>\nstartxref\n${xref}\n%%EOF\n`, 'latin1')]));
}

test('startxref pointing at the xref table is intact; pointing elsewhere is not', () => {
  const good = pdfWith(Buffer.from('q Q'), '/None');
  assert.equal(xrefLooksIntact(good), true);
  const text = Buffer.from(good).toString('latin1');
  const broken = text.replace(/startxref\n\d+/, 'startxref\n12');
  assert.equal(xrefLooksIntact(new Uint8Array(Buffer.from(broken, 'latin1'))), false);
  assert.equal(xrefLooksIntact(new Uint8Array(Buffer.from(text.replace(/startxref[\s\S]*$/, ''), 'latin1'))), false);
  // A pointer a few bytes short of "xref" (as some producers write) still counts as intact.
  const short = text.replace(/startxref\n(\d+)/, (_, n: string) => `startxref\n${Number(n) - 7}`);
  assert.equal(xrefLooksIntact(new Uint8Array(Buffer.from(short, 'latin1'))), true);
});

test('a Flate stream inflating past the limit is a bomb; one under it, or another filter, is not', async () => {
  const limits = { maxStreamBytes: 4 * 1024 * 1024, maxChainedBytes: 1024 * 1024 };
  const bomb = pdfWith(deflateSync(Buffer.alloc(8 * 1024 * 1024)));
  const found = await findDecompressionBomb(bomb, limits);
  assert.ok(found, 'bomb not found');
  assert.ok(found.compressedBytes < 20_000);
  assert.equal(await findDecompressionBomb(pdfWith(deflateSync(Buffer.alloc(2 * 1024 * 1024))), limits), undefined);
  assert.equal(await findDecompressionBomb(pdfWith(deflateSync(Buffer.alloc(8 * 1024 * 1024)), '/DCTDecode'), limits), undefined);
  assert.equal(await findDecompressionBomb(pdfWith(Buffer.alloc(10_000, 7)), limits), undefined, 'damaged Flate data is not a bomb');
});

test('xref entries that do not point at their objects are caught even when startxref is right', () => {
  const good = Buffer.from(pdfWith(Buffer.from('q Q'), '/None')).toString('latin1');
  const shifted = good.replace(/^(\d{10}) 00000 n/m, (_, offset: string) => `${String(Number(offset) + 37).padStart(10, '0')} 00000 n`);
  assert.notEqual(shifted, good);
  assert.equal(xrefLooksIntact(new Uint8Array(Buffer.from(shifted, 'latin1'))), false);
});

test('Flate applied twice (over 1032:1) is a bomb far below the single-stream limit', async () => {
  const limits = { maxStreamBytes: 256 * 1024 * 1024, maxChainedBytes: 1024 * 1024 };
  const twice = deflateSync(deflateSync(Buffer.alloc(4 * 1024 * 1024)));
  assert.ok(twice.length < 1000);
  const found = await findDecompressionBomb(pdfWith(twice, '[/FlateDecode /FlateDecode]'), limits);
  assert.ok(found && found.inflatedBytes > 1024 * 1024);
  // The same data declared as one pass, or a legitimately compressible stream twice deflated, is not.
  assert.equal(await findDecompressionBomb(pdfWith(deflateSync(deflateSync(Buffer.from('BT /F1 12 Tf (hello) Tj ET '.repeat(2000)))), '[/FlateDecode /FlateDecode]'), limits), undefined);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, deflateRawSync, deflateSync } from 'node:zlib';
import { grayPng } from '../../test/support/png.ts';
import sharp from 'sharp';
import type { Sharp } from 'sharp';
import { decodeImage, openImage } from './decode.ts';
import { resolveDpi } from './dpi.ts';
import { decodeTiffPagesWithUtif } from './utif.ts';
import type { GrayImage } from '../model/raster.ts';

/** A 60 × 40 image: white, with a black 10 × 10 square in the top-left corner. */
function marked(): Sharp {
  return sharp({ create: { width: 60, height: 40, channels: 3, background: '#ffffff' } }).composite([
    { input: { create: { width: 10, height: 10, channels: 3, background: '#000000' } }, left: 0, top: 0 },
  ]);
}

function pixel(image: GrayImage, x: number, y: number): number {
  return image.data[y * image.width + x];
}

async function decodeOne(bytes: Uint8Array) {
  const result = await decodeImage(bytes, 'scan');
  assert.ok(result.ok, result.ok ? '' : result.problem.message);
  return result.value;
}

test('PNG, JPEG and TIFF decode to one gray page with their DPI', async () => {
  const cases: Array<[string, Buffer, number]> = [
    ['png', await marked().png().withMetadata({ density: 150 }).toBuffer(), 150],
    ['jpeg', await marked().jpeg({ quality: 95 }).withMetadata({ density: 200 }).toBuffer(), 200],
    ['tiff', await marked().tiff({ xres: 300 / 25.4, yres: 300 / 25.4 }).toBuffer(), 300],
  ];
  for (const [format, bytes, dpi] of cases) {
    const { pages, warnings } = await decodeOne(bytes);
    assert.equal(pages.length, 1, format);
    const [page] = pages;
    assert.deepEqual([page.width, page.height, page.dpi], [60, 40, dpi], format);
    assert.equal(page.data.length, 60 * 40, `${format}: one byte a pixel`);
    assert.ok(pixel(page, 2, 2) < 40 && pixel(page, 50, 30) > 215, `${format}: the square is black, the rest white`);
    assert.deepEqual(warnings, [], format);
  }
});

test('a multi-page TIFF gives every page, in order', async () => {
  const frames = await Promise.all(
    ['#000000', '#808080', '#ffffff'].map((background) =>
      sharp({ create: { width: 30, height: 20, channels: 3, background } }).png().toBuffer(),
    ),
  );
  const tiff = await sharp(frames, { join: { animated: true } }).tiff({ xres: 200 / 25.4, yres: 200 / 25.4 }).toBuffer();
  const { pages } = await decodeOne(tiff);
  assert.equal(pages.length, 3);
  assert.deepEqual(pages.map((p) => Math.round(pixel(p, 1, 1) / 10)), [0, 13, 26]);
  assert.ok(pages.every((p) => p.dpi === 200));
});

test('EXIF orientation is applied: the marked corner ends up where a viewer shows it', async () => {
  // Orientation 6: the stored image must be turned 90° clockwise to display, so the
  // top-left mark moves to the top-right and the page becomes portrait.
  const bytes = await marked().jpeg({ quality: 95 }).withMetadata({ orientation: 6, density: 300 }).toBuffer();
  const [page] = (await decodeOne(bytes)).pages;
  assert.deepEqual([page.width, page.height], [40, 60]);
  assert.ok(pixel(page, 37, 2) < 40, 'mark at top-right');
  assert.ok(pixel(page, 2, 2) > 215, 'top-left is white');
});

test('a missing resolution assumes 300 DPI and warns image.dpi-assumed', async () => {
  for (const bytes of [await marked().png().toBuffer(), await marked().jpeg().toBuffer(), await marked().tiff().toBuffer()]) {
    const { pages, warnings } = await decodeOne(bytes);
    assert.equal(pages[0].dpi, 300);
    assert.deepEqual(warnings.map((w) => w.code), ['image.dpi-assumed']);
    assert.match(warnings[0].message, /300 DPI was assumed/);
  }
});

test('resolveDpi trusts plausible resolutions and replaces impossible ones', () => {
  const table: Array<[Parameters<typeof resolveDpi>[0], number, boolean]> = [
    [{ format: 'png', density: 200, width: 1700, height: 2200 }, 200, false],
    [{ format: 'tiff', density: 600, resolutionUnit: 'inch', width: 5100, height: 6600 }, 600, false],
    [{ format: 'jpeg', density: 72, width: 2550, height: 3300 }, 300, true], // JFIF aspect ratio only
    [{ format: 'jpeg', density: 72, resolutionUnit: 'inch', width: 4032, height: 3024 }, 300, true], // a phone photo: 56 in wide
    [{ format: 'png', density: 10, width: 100, height: 100 }, 300, true],
    [{ format: 'png', width: 100, height: 100 }, 300, true],
  ];
  for (const [input, dpi, warns] of table) {
    const got = resolveDpi(input);
    assert.equal(got.dpi, dpi, JSON.stringify(input));
    assert.equal(got.warning !== undefined, warns, JSON.stringify(input));
  }
});

/**
 * Complete, valid zlib data for a black width × height gray PNG, built in
 * milliseconds: one deflated megabyte of zeros repeated (full flushes make the
 * pieces independent), a final piece, and the Adler-32 of all those zeros.
 */
function zeros(width: number, height: number): Buffer {
  const total = (width + 1) * height;
  const block = 1 << 20;
  const piece = deflateRawSync(Buffer.alloc(block), { finishFlush: constants.Z_FULL_FLUSH });
  const count = Math.floor(total / block);
  const tail = deflateRawSync(Buffer.alloc(total - count * block));
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((total % 65521) << 16) | 1) >>> 0);
  return Buffer.concat([Buffer.from([0x78, 0x9c]), ...Array.from({ length: count }, () => piece), tail, adler]);
}

test('a 20,000 × 20,000 image is refused from its header with input.image-too-large', async () => {
  // Only a few rows of pixel data: decoding would fail as corrupt, so the code proves the header check came first.
  const result = await decodeImage(grayPng(20_000, 20_000, deflateSync(Buffer.alloc(20_001 * 4))), 'huge.png');
  assert.equal(result.ok ? 'ok' : result.problem.code, 'input.image-too-large');
  assert.match(!result.ok ? result.problem.message : '', /20000 × 20000/);
  assert.equal(!result.ok && result.problem.file, 'huge.png');
});

test('a decompression bomb (a small file of 400 megapixels) is refused without decoding', async () => {
  // The same construction at a decodable size is a valid PNG, so the bomb is a real one.
  const small = await decodeImage(grayPng(1500, 1200, zeros(1500, 1200)), 'small.png');
  assert.ok(small.ok && small.value.pages[0].data.every((v) => v === 0));
  const bomb = grayPng(20_000, 20_000, zeros(20_000, 20_000));
  assert.ok(bomb.length < 2_000_000, `the bomb is small on disk (${bomb.length} bytes)`);
  const before = process.memoryUsage().rss;
  const result = await decodeImage(bomb, 'bomb.png');
  assert.equal(result.ok ? 'ok' : result.problem.code, 'input.image-too-large');
  assert.ok(process.memoryUsage().rss - before < 100_000_000, 'no 400 MB page buffer was allocated');
});

test('all pages together are limited too', async () => {
  const page = await marked().png().toBuffer();
  const result = await decodeImage(page, 'scan.png', { maxTotalPixels: 1000 });
  assert.equal(!result.ok && result.problem.code, 'input.image-too-large');
});

test('damaged or foreign bytes fail with exact codes', async () => {
  const png = await marked().png().toBuffer();
  const jpeg = await marked().jpeg().toBuffer();
  const table: Array<[string, Uint8Array, string]> = [
    ['empty', new Uint8Array(0), 'input.empty'],
    ['garbage', new TextEncoder().encode('not an image at all, just text'), 'input.corrupt'],
    ['truncated png', png.subarray(0, Math.floor(png.length * 0.6)), 'input.truncated'],
    ['truncated jpeg', jpeg.subarray(0, Math.floor(jpeg.length * 0.6)), 'input.truncated'],
    ['gif', await marked().gif().toBuffer(), 'input.unsupported-type'],
  ];
  for (const [name, bytes, code] of table) {
    const result = await decodeImage(bytes, name);
    assert.equal(result.ok ? 'ok' : result.problem.code, code, name);
  }
});

test('openImage reports page count and sizes before decoding any page', async () => {
  const frame = await marked().png().toBuffer();
  const tiff = await sharp([frame, frame], { join: { animated: true } }).tiff().toBuffer();
  const opened = await openImage(tiff, 'two.tif');
  assert.ok(opened.ok);
  assert.equal(opened.value.pageCount, 2);
  assert.deepEqual(opened.value.pagePixels, [2400, 2400]);
  const second = await opened.value.page(1);
  assert.ok(second.ok);
  assert.equal(second.value.warnings[0].page, 2);
});

test('the utif2 fallback reads a TIFF page as gray and respects the pixel limit', async () => {
  const tiff = await marked().tiff({ compression: 'lzw' }).toBuffer();
  const page = await decodeTiffPagesWithUtif(tiff, 0, 1_000_000);
  assert.ok(page);
  assert.deepEqual([page.width, page.height, page.data.length], [60, 40, 2400]);
  assert.ok(page.data[2 * 60 + 2] < 40 && page.data[30 * 60 + 50] > 215);
  assert.equal(await decodeTiffPagesWithUtif(tiff, 0, 1000), undefined, 'over the limit');
  assert.equal(await decodeTiffPagesWithUtif(tiff, 1, 1_000_000), undefined, 'no such page');
  assert.equal(await decodeTiffPagesWithUtif(new TextEncoder().encode('II*\0garbage'), 0, 1_000_000), undefined, 'garbage');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { tiffPageHeaders } from './tiff-ifd.ts';
import { openImage } from './decode.ts';
import { g4Tiff, grayTiff } from '../../test/hostile/crafted.ts';

const ocrCorpus = join(import.meta.dirname, '../../../shared/corpora/ocr');

/** Every TIFF under `dir` (recursively), if the folder is there. */
function tiffsIn(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tiff?$/i.test(f)).map((f) => join(dir, f));
  } catch {
    return [];
  }
}

async function madeBySharp(): Promise<[string, Buffer][]> {
  const base = () => sharp({ create: { width: 120, height: 80, channels: 3, background: '#ffffff' } });
  return [
    ['300 DPI inch, LZW', await base().tiff({ compression: 'lzw', xres: 300 / 25.4, yres: 300 / 25.4, resolutionUnit: 'inch' }).toBuffer()],
    ['200 DPI cm, deflate', await base().tiff({ compression: 'deflate', xres: 200 / 25.4, yres: 200 / 25.4, resolutionUnit: 'cm' }).toBuffer()],
    ['G4 bilevel, 400 DPI', await base().toColourspace('b-w').tiff({ compression: 'ccittfax4', bitdepth: 1, xres: 400 / 25.4, yres: 400 / 25.4 }).toBuffer()],
    ['JPEG in TIFF, 96 DPI', await base().tiff({ compression: 'jpeg', xres: 96 / 25.4, yres: 96 / 25.4 }).toBuffer()],
    ['20 DPI (below one pixel a millimetre)', await base().tiff({ xres: 20 / 25.4, yres: 20 / 25.4 }).toBuffer()],
    ['orientation 6', await base().withMetadata({ orientation: 6 }).tiff().toBuffer()],
  ];
}

test("every page header read from the TIFF's directories is what sharp reads; pages it is unsure of are left to sharp", async () => {
  const white = { data: new Uint8Array(200 * 100).fill(255), width: 200, height: 100 };
  const files: [string, Uint8Array][] = [
    ...(await madeBySharp()),
    ['G4, three pages at 300 DPI', g4Tiff([white, { ...white, width: 100, height: 200, data: new Uint8Array(100 * 200).fill(255) }, white], 300)],
    ['no resolution, two pages', grayTiff([{ width: 64, height: 32 }, { width: 40, height: 50 }])],
    ...[...tiffsIn(ocrCorpus), join(import.meta.dirname, '../../samples/documents/audit-report-scan.tiff')].map((f): [string, Uint8Array] => [f, readFileSync(f)]),
  ];
  let read = 0;
  for (const [name, bytes] of files) {
    const headers = tiffPageHeaders(bytes);
    assert.ok(headers, `${name}: a classic TIFF`);
    const pages = (await sharp(bytes).metadata()).pages ?? 1;
    assert.equal(headers.length, pages, `${name}: every page's directory found`);
    for (const [index, header] of headers.entries()) {
      if (!header) continue;
      read++;
      const m = await sharp(bytes, { page: index }).metadata();
      const fromSharp = { width: m.width, height: m.height, orientation: m.orientation ?? 1, ...(m.density !== undefined ? { density: m.density } : {}), ...(m.resolutionUnit ? { resolutionUnit: m.resolutionUnit } : {}) };
      assert.deepEqual(header, fromSharp, `${name}, page ${index + 1}`);
    }
  }
  assert.ok(read >= files.length, `most pages read here (${read} of ${files.length}+ files)`);
  assert.equal(tiffPageHeaders(await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } }).png().toBuffer()), undefined);
});

test('a page whose directory is unusual is read by sharp: its header still fails or passes as before', async () => {
  // A resolution unit outside the standard's three (here 4) is not guessed at: sharp reads that page.
  const tiff = Buffer.from(await sharp({ create: { width: 30, height: 20, channels: 3, background: '#fff' } }).tiff({ xres: 10, yres: 10, resolutionUnit: 'inch' }).toBuffer());
  const ifd = tiff.readUInt32LE(4);
  const entries = tiff.readUInt16LE(ifd);
  const unit = Array.from({ length: entries }, (_, i) => ifd + 2 + i * 12).find((at) => tiff.readUInt16LE(at) === 296)!;
  assert.deepEqual(tiffPageHeaders(tiff)![0], { width: 30, height: 20, orientation: 1, density: 254, resolutionUnit: 'inch' });
  tiff.writeUInt16LE(4, unit + 8);
  assert.deepEqual(tiffPageHeaders(tiff), [undefined]);
  // A loop in the page chain ends the list: the self-referencing page is listed once.
  assert.equal(tiffPageHeaders(grayTiff([{ width: 64, height: 64, next: 'self' }]))!.length, 1);
  // A 100,000 × 100,000 declared page is refused from its directory, before any decode.
  const opened = await openImage(grayTiff([{ width: 64, height: 64 }, { width: 100_000, height: 100_000 }]), 'big.tif');
  assert.equal(opened.ok, false);
  assert.equal(!opened.ok && opened.problem.code, 'input.image-too-large');
  assert.match(!opened.ok ? opened.problem.message : '', /Page 2 of 2 is 100000 × 100000/);
});

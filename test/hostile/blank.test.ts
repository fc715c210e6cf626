/**
 * Blank and near-blank pages are recognised without OCR: a PDF page that draws
 * nothing is known from its operators (no render), a white or specked raster
 * from its pixels; a page with any word on it still goes to OCR.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { extractDocument } from '../../pipeline/extract/extract-document.ts';
import type { OcrEngine } from '../../pipeline/ocr/engine.ts';
import { looksBlank } from '../../pipeline/ocr/blank.ts';
import { ok } from '../../pipeline/problems.ts';
import type { GrayImage } from '../../pipeline/model/raster.ts';
import { openImage } from '../../pipeline/image/decode.ts';
import { whiteG4Page } from '../../pipeline/image/white-g4.ts';
import { g4Tiff } from './crafted.ts';

function countingEngine(): OcrEngine & { calls: number } {
  const engine = {
    calls: 0,
    recognize: async () => {
      engine.calls++;
      return ok({ lines: [[{ text: 'read', box: [10, 10, 40, 20] as [number, number, number, number], confidence: 0.9 }]], meanConfidence: 0.9 });
    },
    close: async () => {},
  };
  return engine;
}

function page(width: number, height: number, ink: (x: number, y: number) => boolean): GrayImage {
  const data = new Uint8Array(width * height).fill(255);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (ink(x, y)) data[y * width + x] = 0;
  return { data, width, height, dpi: 300 };
}

test('a white page and one with a few specks are blank; one with a page number is not', () => {
  assert.equal(looksBlank(page(2550, 3300, () => false)), true);
  assert.equal(looksBlank(page(2550, 3300, (x, y) => (x === 100 || x === 2000) && y > 500 && y < 520)), true, 'two 20-pixel specks');
  // A page number "3" at 12 pt, 300 DPI: a stroke about 4 px wide and 40 px tall, several strokes.
  assert.equal(looksBlank(page(2550, 3300, (x, y) => x >= 1270 && x < 1290 && y >= 3100 && y < 3140)), false);
});

test('blank PDF pages are known from their operators and never sent to OCR; a page with a mark is', async () => {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage([612, 792]);
  pdf.addPage([612, 792]).drawRectangle({ x: 0, y: 0, width: 612, height: 792, color: { type: 'RGB', red: 1, green: 1, blue: 1 } as never });
  pdf.addPage([612, 792]).drawRectangle({ x: 100, y: 100, width: 300, height: 200 });
  pdf.addPage([612, 792]).drawText('Typed words', { x: 72, y: 700, size: 12, font });
  const engine = countingEngine();
  const result = await extractDocument({ bytes: await pdf.save(), fileName: 'mostly-blank.pdf' }, { getOcr: async () => engine, ocrDpi: 100 });
  assert.ok(result.ok, !result.ok ? result.problem.message : '');
  assert.deepEqual(
    result.value.pages.map((p) => `${p.source}:${p.text}`),
    ['text:', 'ocr:', 'ocr:read', 'text:Typed words'],
    'empty page: no render; white fill: rendered, blank, not OCRed; drawing: OCRed; text: its layer',
  );
  assert.equal(engine.calls, 1);
});

test('a blank scan (PNG) is not OCRed; a scan with words is', async () => {
  const white = await sharp({ create: { width: 1275, height: 1650, channels: 3, background: '#fff' } }).png().toBuffer();
  const engine = countingEngine();
  const blank = await extractDocument({ bytes: new Uint8Array(white), fileName: 'blank.png' }, { getOcr: async () => engine });
  assert.ok(blank.ok);
  assert.equal(blank.value.pages[0].text, '');
  assert.equal(engine.calls, 0);
  const inked = await sharp(white).composite([{ input: { create: { width: 400, height: 60, channels: 3, background: '#000' } }, left: 200, top: 300 }]).png().toBuffer();
  const read = await extractDocument({ bytes: new Uint8Array(inked), fileName: 'inked.png' }, { getOcr: async () => engine });
  assert.ok(read.ok);
  assert.equal(engine.calls, 1);
});

test('an all-white G4 TIFF page is known from its compressed bytes, matching the decode; a speck or a word needs the decode', async () => {
  const [w, h] = [850, 1100];
  const white = page(w, h, () => false);
  const specked = page(w, h, (x, y) => x >= 400 && x < 403 && y >= 500 && y < 503);
  const worded = page(w, h, (x, y) => x >= 100 && x < 500 && y >= 200 && y < 230);
  const tiff = new Uint8Array(g4Tiff([white, specked, worded, white], 100));
  const opened = await openImage(tiff, 'scan.tif');
  assert.ok(opened.ok);
  const probed = [0, 1, 2, 3].map((i) => whiteG4Page(tiff, i));
  assert.deepEqual(probed, [true, false, false, true]);
  for (const [i, known] of probed.entries()) {
    // The oracle: the full decode of every page, judged by looksBlank.
    const decoded = await opened.value.page(i);
    assert.ok(decoded.ok);
    if (known) {
      assert.equal(looksBlank(decoded.value.image), true, `page ${i + 1} probed white must decode blank`);
      const probe: { width: number; height: number; dpi: number } | undefined = opened.value.whitePage(i);
      const image: GrayImage = decoded.value.image;
      assert.deepEqual(probe && { width: probe.width, height: probe.height, dpi: probe.dpi }, { width: image.width, height: image.height, dpi: image.dpi });
    } else assert.equal(opened.value.whitePage(i), undefined);
  }
  // A black-is-zero page codes its ink as "white": never taken for blank.
  const inverted = new Uint8Array(tiff);
  const view = new DataView(inverted.buffer);
  const ifd = view.getUint32(4, true);
  for (let e = 0; e < view.getUint16(ifd, true); e++) if (view.getUint16(ifd + 2 + e * 12, true) === 262) view.setUint16(ifd + 2 + e * 12 + 8, 1, true);
  assert.equal(whiteG4Page(inverted, 0), false);
  // Not a TIFF, a truncated one, a page past the end: no answer, no throw.
  assert.equal(whiteG4Page(new Uint8Array([1, 2, 3]), 0), false);
  assert.equal(whiteG4Page(tiff.subarray(0, 200), 0), false);
  assert.equal(whiteG4Page(tiff, 9), false);

  // Through extraction: the white pages are blank pages of the right size, and only the worded one is OCRed.
  const engine = countingEngine();
  const result = await extractDocument({ bytes: tiff, fileName: 'scan.tif' }, { getOcr: async () => engine });
  assert.ok(result.ok, !result.ok ? result.problem.message : '');
  assert.deepEqual(result.value.pages.map((p) => [p.text, Math.round(p.width), Math.round(p.height)]), [['', 612, 792], ['', 612, 792], ['read', 612, 792], ['', 612, 792]]);
  assert.equal(engine.calls, 1);
});

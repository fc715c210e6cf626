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

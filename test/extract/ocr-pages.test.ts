/**
 * Pages without text go through the real OCR engine (tesseract.js, offline): a PNG
 * made from a known text PDF reads back the same words at the same places, in points.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import sharp from 'sharp';
import { extractDocument } from '../../pipeline/extract/extract-document.ts';
import { openPdf } from '../../pipeline/extract/pdfjs.ts';
import { textPdf } from '../../pipeline/extract/test-pdfs.ts';
import { createOcrEngine } from '../../pipeline/ocr/engine.ts';
import type { OcrEngine } from '../../pipeline/ocr/engine.ts';

let engine: Promise<OcrEngine> | undefined;
const getOcr = () => (engine ??= createOcrEngine({ workers: 1 }));
after(async () => {
  if (engine) await (await engine).close();
});

const lines = ['Incident report number 2024-117', 'The officer met Jane Roe at the station', 'Payment of 1,250 dollars was refused'];

test('a scanned page (PNG) is OCRed into the same words, boxed where the text is', async () => {
  const pdf = await textPdf([lines]);
  const truth = await extractDocument({ bytes: pdf, fileName: 'truth.pdf' });
  assert.ok(truth.ok);
  const opened = await openPdf(pdf);
  assert.ok(opened.ok);
  const gray = await (await opened.value.page(1)).render(200);
  await opened.value.close();
  const png = await sharp(Buffer.from(gray.data), { raw: { width: gray.width, height: gray.height, channels: 1 } }).withMetadata({ density: 200 }).png().toBuffer();

  const pages: string[] = [];
  const result = await extractDocument({ bytes: new Uint8Array(png), fileName: 'scan.png' }, { getOcr, onPage: (p) => pages.push(`${p.page}/${p.pages} ${p.source}`) });
  assert.ok(result.ok, !result.ok ? result.problem.message : '');
  const [page] = result.value.pages;
  assert.deepEqual(pages, ['1/1 ocr']);
  assert.equal(page.source, 'ocr');
  assert.equal(page.dpi, 200);
  assert.ok(Math.abs(page.width - 612) < 1 && Math.abs(page.height - 792) < 1, `${page.width} × ${page.height}`);
  assert.equal(page.text, lines.join('\n'));
  const expected = truth.value.pages[0].words;
  assert.equal(page.words.length, expected.length);
  page.words.forEach((w, i) => {
    assert.ok(w.confidence !== undefined && w.confidence > 0.5, `${w.text} confidence ${w.confidence}`);
    // OCR boxes hug the ink; text-layer boxes span the font's ascent and descent.
    assert.ok(Math.abs(w.box[0] - expected[i].box[0]) < 2 && Math.abs(w.box[2] - expected[i].box[2]) < 2, `${w.text}: ${w.box} vs ${expected[i].box}`);
    assert.ok(w.box[1] >= expected[i].box[1] - 2 && w.box[3] <= expected[i].box[3] + 2, `${w.text}: ${w.box} vs ${expected[i].box}`);
  });
});

test('an image-only PDF page is rendered at the OCR resolution and read', async () => {
  const { readFileSync } = await import('node:fs');
  const file = 'tn-workers-comp-appeals-board-opinion-image-only.pdf';
  const bytes = new Uint8Array(readFileSync(`/work/shared/corpora/gov-pdfs/pdfs/${file}`));
  const result = await extractDocument({ bytes, fileName: file }, { getOcr, ocrDpi: 200 });
  assert.ok(result.ok, !result.ok ? result.problem.message : '');
  const [page] = result.value.pages;
  assert.deepEqual([page.source, page.dpi], ['ocr', 200]);
  assert.ok(page.words.length > 100, `${page.words.length} words`);
  assert.match(page.text, /Workers.? Compensation Appeals Board/i);
  for (const w of page.words) assert.ok(w.box[0] >= 0 && w.box[2] <= page.width + 1 && w.box[1] >= 0 && w.box[3] <= page.height + 1, `${w.text} ${w.box}`);
});

test('a scanned PDF page is read at the scan’s own resolution, not drawn larger, and reads the same words', async () => {
  const { PDFDocument } = await import('pdf-lib');
  const opened = await openPdf(await textPdf([lines]));
  assert.ok(opened.ok);
  const gray = await (await opened.value.page(1)).render(200);
  await opened.value.close();
  const png = await sharp(Buffer.from(gray.data), { raw: { width: gray.width, height: gray.height, channels: 1 } }).png().toBuffer();
  const scan = await PDFDocument.create();
  scan.addPage([612, 792]).drawImage(await scan.embedPng(png), { x: 0, y: 0, width: 612, height: 792 });
  const result = await extractDocument({ bytes: await scan.save(), fileName: 'scan.pdf' }, { getOcr });
  assert.ok(result.ok, !result.ok ? result.problem.message : '');
  const [page] = result.value.pages;
  // 300 DPI is asked by default; the 200 DPI scan is read as it is.
  assert.deepEqual([page.source, page.dpi], ['ocr', 200]);
  assert.equal(page.text, lines.join('\n'));
});

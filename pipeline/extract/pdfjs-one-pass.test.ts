import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import {
  PDFDocument,
  StandardFonts,
  TextRenderingMode,
  beginText,
  endText,
  popGraphicsState,
  pushGraphicsState,
  setFontAndSize,
  setTextRenderingMode,
  showText,
  moveText,
} from 'pdf-lib';
import sharp from 'sharp';
import { openPdf } from './pdfjs.ts';
import type { PdfPage } from './pdfjs.ts';
import { PATCHED_SHA256, onePassOff, patchedWorkerSource } from './pdfjs-one-pass.ts';

// These tests are about the one-pass worker, which small files otherwise do without (ONE_PASS_MIN_BYTES).
process.env.DAYLIGHT_ONE_PASS = 'on';

/** Counts the operator lists pdf.js is asked for on this page. */
function countOperatorLists(page: PdfPage): () => number {
  let calls = 0;
  const original = page.proxy.getOperatorList.bind(page.proxy);
  page.proxy.getOperatorList = ((...args: Parameters<typeof original>) => {
    calls++;
    return original(...args);
  }) as typeof original;
  return () => calls;
}

/** Text in two fonts, an invisible (render mode 3) line inside q/Q, visible text after it, and two painted rectangles. */
async function textAndPathsPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const times = await pdf.embedFont(StandardFonts.TimesRoman);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const page = pdf.addPage([612, 792]);
  page.drawText('Quarterly inspection report', { x: 72, y: 720, size: 14, font: bold });
  page.drawText('The bridge deck was resurfaced in March.', { x: 72, y: 690, size: 11, font: times });
  const name = page.node.newFontDictionary('F9', times.ref);
  page.pushOperators(
    pushGraphicsState(),
    beginText(),
    setFontAndSize(name, 11),
    setTextRenderingMode(TextRenderingMode.Invisible),
    moveText(72, 600),
    showText(times.encodeText('hidden layer words')),
    endText(),
    popGraphicsState(),
    beginText(),
    setFontAndSize(name, 11),
    moveText(72, 580),
    showText(times.encodeText('shown again after Q')),
    endText(),
  );
  page.drawRectangle({ x: 400, y: 20, width: 25, height: 40 });
  page.drawRectangle({ x: 440, y: 20, width: 25, height: 60, borderWidth: 1 });
  return pdf.save();
}

test('the installed pdf.js worker is the one the one-pass addition was written for', async () => {
  const opened = await openPdf(await textAndPathsPdf());
  assert.ok(opened.ok);
  await opened.value.close();
  // On a pdfjs-dist upgrade this fails: re-check each piece in pdfjs-one-pass.ts against the new worker, then pin its digest.
  assert.equal(onePassOff(), undefined);
});

test('a page of text and painted paths is read with one evaluation, with the summary the operator list gives', async () => {
  const opened = await openPdf(await textAndPathsPdf());
  assert.ok(opened.ok);
  const page = await opened.value.page(1);
  const lists = countOperatorLists(page);
  const read = await page.textAndSummary();
  assert.equal(lists(), 0, 'no operator list was asked for');
  const fromList = await page.contentSummary();
  assert.equal(lists(), 1);
  assert.deepEqual(read.summary, fromList);
  // The invisible line is counted as such, and the mode is restored by Q.
  assert.equal(read.summary.invisibleGlyphs, 'hiddenlayerwords'.length);
  assert.ok(read.summary.visibleGlyphs > 60);
  assert.ok(read.summary.marks >= 2);
  assert.deepEqual(read.runs, (await page.textRuns()).runs);
  await opened.value.close();
});

test('a page that draws an image still takes its summary from the operator list', async () => {
  const jpeg = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#ccc' } }).jpeg().toBuffer();
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([612, 792]);
  page.drawImage(await pdf.embedJpg(jpeg), { x: 0, y: 0, width: 612, height: 792 });
  page.drawText('Filed 03/02/2020', { x: 72, y: 770, size: 9, font: await pdf.embedFont(StandardFonts.Helvetica) });
  const opened = await openPdf(await pdf.save());
  assert.ok(opened.ok);
  const read = await opened.value.page(1);
  const lists = countOperatorLists(read);
  const { summary } = await read.textAndSummary();
  assert.equal(lists(), 1);
  assert.ok(summary.imageCoverage > 0.99);
  assert.ok(Math.abs((summary.imageDpi ?? 0) - (300 * 72) / 792) < 0.01);
  await opened.value.close();
});

test('a worker file other than the pinned one is left alone', () => {
  const path = createRequire(import.meta.url).resolve('pdfjs-dist/legacy/build/pdf.worker.mjs');
  const source = readFileSync(path, 'utf8');
  const patched = patchedWorkerSource(source);
  assert.ok(patched.ok);
  assert.equal(createHash('sha256').update(patched.source).digest('hex'), PATCHED_SHA256, 'PATCHED_SHA256 pins the text the pieces make');
  const changed = patchedWorkerSource(source.replace('textState.loadedName = translated.loadedName;', 'textState.loadedName = translated.loadedName ;'));
  assert.equal(changed.ok, false);
  assert.match(!changed.ok ? changed.reason : '', /SHA-256/);
});

/**
 * Word breaks through pdf.js on real content streams: how a PDF places text (TJ
 * kerning, words placed one by one as OCR layers do, letter spacing) must not change
 * the words a reader sees.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openPdf } from './pdfjs.ts';
import { assemblePdf } from './test-pdfs.ts';
import { pageTextFromRuns } from './words-from-runs.ts';

function pdfWith(content: string): Uint8Array {
  const stream = `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`;
  return assemblePdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    stream,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ]);
}

async function pageText(content: string): Promise<string> {
  const opened = await openPdf(pdfWith(content));
  assert.ok(opened.ok);
  try {
    const page = await opened.value.page(1);
    const [{ runs, styles }, summary] = await Promise.all([page.textRuns(), page.contentSummary()]);
    return pageTextFromRuns(runs, styles, page.toTopLeft, summary.glyphWidths).text;
  } finally {
    await opened.value.close();
  }
}

/** Body lines in the same font, so the font's glyph scale is measured on ordinary text. */
const body = ['The quick brown fox jumps over the lazy dog', 'Pack my box with five dozen liquor jugs', 'Sphinx of black quartz judge my vow', 'How vexingly quick daft zebras jump', 'Jackdaws love my big sphinx of quartz']
  .map((line) => `0 -20 Td (${line}) Tj`)
  .join(' ');

test('TJ: a kerning gap the width of a space is a break, a small kerning adjustment is not', async () => {
  assert.equal(await pageText('BT /F1 11 Tf 100 700 Td [(Your) -250 (current) -300 (pl) 40 (an)] TJ ET'), 'Your current plan');
});

test('words placed one by one with a small gap (as an OCR text layer places them) stay apart', async () => {
  // "Your" is 23.8 pt wide at 11 pt: each next word starts a little more than a tenth of an em after it.
  assert.equal(await pageText('BT /F1 11 Tf 100 700 Td (Your) Tj 25 0 Td (current) Tj 38 0 Td (plan) Tj ET'), 'Your current plan');
});

test('a heading spaced out with character spacing (Tc) reads as its words', async () => {
  const text = await pageText(`BT /F1 14 Tf 3 Tc 100 700 Td (DEPARTMENT OF HEALTH) Tj 0 Tc ${body} ET`);
  assert.equal(text.split('\n')[0], 'DEPARTMENT OF HEALTH');
});

test('a heading typed with a space between letters and wider gaps between words reads as its words', async () => {
  const text = await pageText(`BT /F1 14 Tf 100 700 Td (D E P A R T M E N T   O F   H E A L T H) Tj ${body} ET`);
  assert.equal(text.split('\n')[0], 'DEPARTMENT OF HEALTH');
});

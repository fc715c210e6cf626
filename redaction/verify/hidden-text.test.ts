/**
 * The verifier's own visibility judgment (showing.ts) on real renderings: a page that
 * carries a secret in each way text can be extractable yet not show is flagged by the
 * hidden-text check, and the same page with the secret printed plainly is not. Each
 * test first proves that an extractor does find the secret in the file.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PDFDocument, StandardFonts, TextRenderingMode, beginText, clip, endPath, endText, moveText, popGraphicsState, pushGraphicsState, rectangle, rgb, setFontAndSize, setTextRenderingMode, showText } from 'pdf-lib';
import type { PDFFont, PDFPage } from 'pdf-lib';
import { contains, pdfiumText, pdftotext } from '../../test/support/extractors.ts';
import { verifyPdf } from './verify-pdf.ts';

const SECRET = 'Oluwaseun Adeyemi';
const AT = { x: 72, y: 600, size: 12 };

async function pageWith(hide: (page: PDFPage, font: PDFFont) => void): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([612, 792]);
  page.drawText('The committee approved the annual budget.', { x: 72, y: 700, size: 12, font });
  hide(page, font);
  return doc.save();
}

function textOperators(page: PDFPage, font: PDFFont, text: string, options: { size?: number; x?: number; y?: number; mode?: TextRenderingMode } = {}) {
  const key = page.node.newFontDictionary('Hidden', font.ref);
  page.pushOperators(
    beginText(),
    setFontAndSize(key, options.size ?? AT.size),
    ...(options.mode !== undefined ? [setTextRenderingMode(options.mode)] : []),
    moveText(options.x ?? AT.x, options.y ?? AT.y),
    showText(font.encodeText(text)),
    endText(),
  );
}

const ways: { name: string; how: string; hide: (page: PDFPage, font: PDFFont) => void }[] = [
  { name: 'white text on the white page', how: 'no ink', hide: (page, font) => page.drawText(SECRET, { ...AT, font, color: rgb(1, 1, 1) }) },
  {
    name: 'text under a filled black rectangle',
    how: 'under a dark shape',
    hide: (page, font) => {
      page.drawText(SECRET, { ...AT, font });
      page.drawRectangle({ x: AT.x - 2, y: AT.y - 5, width: font.widthOfTextAtSize(SECRET, AT.size) + 4, height: AT.size + 8, color: rgb(0, 0, 0) });
    },
  },
  {
    name: 'text under a filled light rectangle',
    how: 'no ink',
    hide: (page, font) => {
      page.drawText(SECRET, { ...AT, font });
      page.drawRectangle({ x: AT.x - 2, y: AT.y - 5, width: font.widthOfTextAtSize(SECRET, AT.size) + 4, height: AT.size + 8, color: rgb(0.85, 0.9, 0.95) });
    },
  },
  { name: 'text in render mode 3 (invisible)', how: 'no ink', hide: (page, font) => textOperators(page, font, SECRET, { mode: TextRenderingMode.Invisible }) },
  { name: 'tiny text', how: 'too small to see', hide: (page, font) => textOperators(page, font, SECRET, { size: 0.5 }) },
  { name: 'text off the page', how: 'outside the page', hide: (page, font) => textOperators(page, font, SECRET, { x: -400 }) },
  {
    name: 'text clipped away',
    how: 'no ink',
    hide: (page, font) => {
      // A clip path far from the text: nothing of it is painted.
      page.pushOperators(pushGraphicsState(), rectangle(300, 100, 50, 50), clip(), endPath());
      textOperators(page, font, SECRET);
      page.pushOperators(popGraphicsState());
    },
  },
];

describe('hidden text in a release, judged by the verifier\'s own renders', () => {
  for (const way of ways) {
    test(way.name, async () => {
      const pdf = await pageWith(way.hide);
      const read = `${pdftotext(pdf)}\n${await pdfiumText(pdf)}`;
      assert.ok(contains(read, SECRET), 'no extractor finds the secret in the file: the test would prove nothing');
      const report = await verifyPdf(pdf, { removed: [], boxes: [] });
      const check = report.checks.find((c) => c.id === 'hidden-text');
      assert.equal(check?.status, 'fail', `hidden-text did not fail: ${check?.detail}`);
      const hidden = report.problems.filter((p) => p.check === 'hidden-text');
      assert.ok(hidden.length > 0 && hidden.every((p) => p.code === 'verify.leak' && p.page === 1));
      assert.ok(hidden.some((p) => p.message.includes(way.how)), `not judged "${way.how}": ${hidden.map((p) => p.message).join(' | ')}`);
      assert.equal(report.ok, false);
    });
  }

  test('the same secret printed plainly is not flagged', async () => {
    const pdf = await pageWith((page, font) => {
      page.drawText(SECRET, { ...AT, font });
      textOperators(page, font, 'Small print stays readable', { y: 560, size: 5 });
      page.drawText('Gray text on a tinted band', { x: 72, y: 520, size: 10, font, color: rgb(0.35, 0.35, 0.35) });
    });
    assert.ok(contains(pdftotext(pdf), SECRET));
    const report = await verifyPdf(pdf, { removed: [], boxes: [] });
    assert.equal(report.checks.find((c) => c.id === 'hidden-text')?.status, 'pass', JSON.stringify(report.problems));
    // pdf-lib's file carries a Creator and an empty /Annots, which the structure checks refuse; no text check fails.
    assert.deepEqual(report.problems.filter((p) => p.code !== 'verify.structure'), []);
  });
});

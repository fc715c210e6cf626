/**
 * A valid 200-inch page (PDF's largest, 14,400 pt) extracts and redacts: it is
 * drawn at the highest resolution within the render limits instead of failing
 * on canvas memory, and every consumer maps boxes through the reduced DPI.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { extractDocument } from '../../pipeline/extract/extract-document.ts';
import { openPdf, renderLimits, renderScale } from '../../pipeline/extract/pdfjs.ts';
import type { OcrEngine } from '../../pipeline/ocr/engine.ts';
import { ok } from '../../pipeline/problems.ts';
import type { Redaction } from '../../pipeline/model/types.ts';
import { writeRedacted } from '../../redaction/write/write-redacted.ts';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';

async function hugePage(text: boolean): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([14_400, 14_400]);
  if (text) page.drawText('Witness Jane Roe saw the truck', { x: 400, y: 13_600, size: 300, font });
  // A drawn mark, so the page is not blank when it has no text.
  page.drawRectangle({ x: 400, y: 400, width: 6000, height: 300 });
  return pdf.save();
}

test('the render scale keeps normal pages at the asked DPI and fits a huge one within the pixel limit', () => {
  assert.equal(renderScale(612, 792, 300), 300 / 72);
  const scale = renderScale(14_400, 14_400, 300);
  assert.ok(scale < 300 / 72);
  assert.ok((14_400 * scale) ** 2 <= renderLimits.maxPixels * 1.0001);
  assert.ok(14_400 * renderScale(14_400, 10, 300) <= renderLimits.maxSide + 1, 'a long strip stays within the canvas side');
});

test('a 200-inch page renders at a lower DPI that the image reports', async () => {
  const opened = await openPdf(await hugePage(true), 'huge.pdf');
  assert.ok(opened.ok);
  const page = await opened.value.page(1);
  const image = await page.render(300);
  // The highest resolution the pixel limit allows for a 200-inch square, give or take rounding.
  const limitDpi = (Math.sqrt(renderLimits.maxPixels) / 14_400) * 72;
  assert.ok(image.dpi < 300 && image.dpi > limitDpi * 0.9 && image.dpi <= limitDpi * 1.001, `dpi ${image.dpi}, limit ${limitDpi}`);
  assert.equal(image.width, Math.ceil((14_400 * image.dpi) / 72));
  assert.ok(image.data.some((v) => v < 128), 'something was drawn');
  await opened.value.close();
});

test('a 200-inch text page extracts and its redaction is written and burned at the reduced resolution', async () => {
  const bytes = await hugePage(true);
  const extracted = await extractDocument({ bytes, fileName: 'huge.pdf' });
  assert.ok(extracted.ok, !extracted.ok ? extracted.problem.message : '');
  const word = extracted.value.pages[0].words.find((w) => w.text === 'Roe');
  assert.ok(word);
  const redactions: Redaction[] = [{ id: 'r1', category: 'personal.name', exemption: 'b6', reason: 'a name', decision: 'accepted', boxes: [{ page: 1, box: word.box }], from: { findings: [] } }];
  const written = await writeRedacted({ bytes, fileName: 'huge.pdf' }, extracted.value, redactions, defaultPolicy(), {});
  assert.ok(written.ok, !written.ok ? written.problem.message : '');
  const out = await openPdf(written.value.pdf, 'out.pdf');
  assert.ok(out.ok);
  const text = (await (await out.value.page(1)).textRuns()).runs.map((r) => r.text).join(' ');
  assert.match(text, /Witness/);
  assert.doesNotMatch(text, /Roe/);
  await out.value.close();
});

test('a 200-inch page without text is OCRed at the reduced DPI, with a warning that says so', async () => {
  const seen: number[] = [];
  const engine: OcrEngine = {
    recognize: async (image) => {
      seen.push(image.dpi);
      return ok({ lines: [], meanConfidence: 0 });
    },
    close: async () => {},
  };
  const extracted = await extractDocument({ bytes: await hugePage(false), fileName: 'drawing.pdf' }, { getOcr: async () => engine });
  assert.ok(extracted.ok, !extracted.ok ? extracted.problem.message : '');
  assert.equal(seen.length, 1);
  assert.ok(seen[0] < 300);
  assert.equal(extracted.value.pages[0].dpi, seen[0]);
  const warning = extracted.value.warnings.find((w) => w.code === 'render.reduced');
  assert.match(warning?.message ?? '', /200 × 200 inches, too large to draw at 300 DPI, so it was read at \d+ DPI/);
});

/**
 * `lightPages`: pdf.js reads only the pages with boxes when pdftotext and mutool both
 * read every page. The other pages must still be read by two independent engines,
 * with a removed string there still found and a hidden word there still flagged.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { PDFDocument, PDFName, StandardFonts, rgb } from 'pdf-lib';
import type { Box } from '../../pipeline/model/types.ts';
import { pdfiumText } from './pdfium-text.ts';
import { verifyPdf } from './verify-pdf.ts';

const installed = (tool: string) => !spawnSync(tool, ['-v'], { stdio: 'ignore' }).error;
const skip = !(installed('pdftotext') && installed('mutool')) && 'pdftotext and mutool are needed';

/** Three pages: a black box over nothing on page 2; page 3 says `page3` and, in white, `hidden` (when given). */
async function threePages(page3: string, hidden?: string): Promise<{ pdf: Uint8Array; box: Box }> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let p = 1; p <= 3; p++) {
    const page = doc.addPage([612, 792]);
    page.drawText(p === 3 ? page3 : `Page ${p} of the inspection report is ordinary text.`, { x: 72, y: 700, size: 12, font });
    if (p === 2) page.drawRectangle({ x: 72, y: 600, width: 120, height: 16, color: rgb(0, 0, 0) });
    if (p === 3 && hidden) page.drawText(hidden, { x: 72, y: 650, size: 12, font, color: rgb(1, 1, 1) });
    page.node.delete(PDFName.of('Annots'));
  }
  // The box in top-left points: y from the top of the page.
  return { pdf: await doc.save(), box: [72, 792 - 616, 192, 792 - 600] };
}

test('lightPages: pdf.js reads the boxed page, pdftotext and mutool every page, and a removed string elsewhere is still found', { skip }, async () => {
  const { pdf, box } = await threePages('Contact Maria Gonzalez about the bridge.');
  // The oracle: the string is on page 3, which has no box, and PDFium reads it there.
  const oracle = await pdfiumText(pdf);
  assert.ok(oracle.ok && /Maria Gonzalez/.test(oracle.value.pages[2].text));
  const boxes = [{ page: 2, box, code: '(b)(6)' }];

  const clean = await verifyPdf(pdf, { removed: [], boxes }, { lightPages: true, writtenWith: ['pdfium'] });
  assert.equal(clean.ok, true, JSON.stringify(clean.problems));
  const pdfjs = clean.engines.find((e) => e.engine === 'pdf.js')!;
  assert.deepEqual(pdfjs.pages, [2], 'pdf.js read the boxed page only');
  for (const tool of ['pdftotext', 'mutool']) assert.equal(clean.engines.find((e) => e.engine === tool)?.pages, undefined, `${tool} read every page`);
  assert.match(clean.checks.find((c) => c.id === 'engines')!.detail, /^2 independent text engine\(s\) read every page: pdftotext, mutool; pdf\.js read 1 page/);

  const leak = await verifyPdf(pdf, { removed: ['Maria Gonzalez'], boxes }, { lightPages: true, writtenWith: ['pdfium'] });
  assert.equal(leak.ok, false);
  for (const id of ['text:pdftotext', 'text:mutool', 'text:pdfium']) assert.equal(leak.checks.find((c) => c.id === id)?.status, 'fail', id);
  assert.ok(leak.problems.some((p) => p.page === 3 && p.check === 'text:pdftotext'));
});

test('lightPages: a word that does not show on a page pdf.js skipped is flagged from pdftotext\'s words', { skip }, async () => {
  const { pdf, box } = await threePages('The bridge inspection is on schedule.', 'Whistleblower');
  const oracle = await pdfiumText(pdf);
  assert.ok(oracle.ok && /Whistleblower/.test(oracle.value.pages[2].text), 'the oracle: the white word is extractable');
  const report = await verifyPdf(pdf, { removed: [], boxes: [{ page: 2, box, code: '(b)(6)' }] }, { lightPages: true, writtenWith: ['pdfium'] });
  assert.deepEqual(report.engines.find((e) => e.engine === 'pdf.js')?.pages, [2]);
  const hidden = report.problems.filter((p) => p.check === 'hidden-text' && p.page === 3);
  assert.ok(hidden.some((p) => p.message.startsWith('pdftotext ')), JSON.stringify(report.problems));
  assert.ok(hidden.some((p) => p.message.startsWith('pdfium ')), JSON.stringify(report.problems));
});

test('lightPages: without both outside tools pdf.js reads every page', async () => {
  const { pdf, box } = await threePages('Contact Maria Gonzalez about the bridge.');
  const report = await verifyPdf(pdf, { removed: ['Maria Gonzalez'], boxes: [{ page: 2, box, code: '(b)(6)' }] }, { lightPages: true, tools: { mutool: false } });
  const pdfjs = report.engines.find((e) => e.engine === 'pdf.js')!;
  assert.equal(pdfjs.status, 'ran');
  assert.equal(pdfjs.pages, undefined, 'pdf.js read every page');
  assert.equal(report.checks.find((c) => c.id === 'text:pdf.js')?.status, 'fail', 'and found the string on page 3');
});

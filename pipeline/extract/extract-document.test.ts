import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractDocument, extractPages } from './extract-document.ts';
import { blankPdf, formXObjectPdf, textPdf, type3Pdf } from './test-pdfs.ts';
import { validateDocument } from '../model/schema.ts';
import { sha256Hex } from '../ingest/hash.ts';
import { fail, ok } from '../problems.ts';
import type { OcrEngine } from '../ocr/engine.ts';
import { PDFDocument, StandardFonts } from 'pdf-lib';

test('a text PDF becomes a valid document: id, pages, words with offsets and boxes', async () => {
  const bytes = await textPdf([['Incident report for Jane Roe', 'filed on 3 May 2024'], ['Second page']]);
  const progress: string[] = [];
  const result = await extractDocument({ bytes, fileName: 'report.pdf' }, { onPage: (p) => progress.push(`${p.page}/${p.pages} ${p.source}`) });
  assert.ok(result.ok, !result.ok ? result.problem.message : '');
  const document = result.value;
  assert.equal(document.id, sha256Hex(bytes));
  assert.equal(document.mediaType, 'application/pdf');
  assert.deepEqual(progress, ['1/2 text', '2/2 text']);
  assert.equal(document.pages[0].text, 'Incident report for Jane Roe\nfiled on 3 May 2024');
  assert.deepEqual([document.pages[0].width, document.pages[0].height, document.pages[0].source], [612, 792, 'text']);
  const jane = document.pages[0].words.find((w) => w.text === 'Jane')!;
  assert.ok(jane.box[0] > 72 && jane.box[2] < 300 && Math.abs(jane.box[3] - (792 - 720)) < 4, `Jane box ${jane.box}`);
  assert.ok(validateDocument(JSON.parse(JSON.stringify(document))).ok);
});

test('text inside a Form XObject comes out at the place the form is drawn', async () => {
  const result = await extractDocument({ bytes: await formXObjectPdf(), fileName: 'form.pdf' });
  assert.ok(result.ok);
  const [page] = result.value.pages;
  assert.equal(page.text, 'Inside the form');
  // Drawn at (10, 100) in a 300×200 page placed at (100, 400) scaled by 0.5.
  const inside = page.words[0];
  assert.ok(Math.abs(inside.box[0] - 105) < 1, `x0 ${inside.box[0]}`);
  assert.ok(Math.abs(inside.box[3] - (792 - 450)) < 4, `y1 ${inside.box[3]}`);
});

test('Type3 font text is extracted with its glyph names mapped to letters', async () => {
  const result = await extractDocument({ bytes: type3Pdf(), fileName: 'type3.pdf' });
  assert.ok(result.ok, !result.ok ? result.problem.message : '');
  assert.equal(result.value.pages[0].text, 'ab ba');
  const [ab, ba] = result.value.pages[0].words;
  assert.ok(Math.abs(ab.box[0] - 100) < 0.5 && Math.abs(ab.box[2] - 124) < 1, `ab ${ab.box}`);
  assert.ok(Math.abs(ba.box[0] - 130) < 1, `ba ${ba.box}`);
});

test('a /Rotate 90 page reports its displayed size and keeps words inside it', async () => {
  const result = await extractDocument({ bytes: await textPdf([['Rotated line of text']], { rotate: 90 }), fileName: 'rotated.pdf' });
  assert.ok(result.ok);
  const [page] = result.value.pages;
  assert.deepEqual([page.width, page.height, page.rotation], [792, 612, 90]);
  assert.equal(page.text, 'Rotated line of text');
  for (const w of page.words) assert.ok(w.box[0] >= 0 && w.box[2] <= 792 && w.box[1] >= 0 && w.box[3] <= 612, `${w.text} ${w.box}`);
  // Text that ran left to right on the unrotated page runs down the page once turned clockwise.
  assert.ok(page.words[1].box[1] > page.words[0].box[3]);
  assert.ok(page.words[0].box[3] - page.words[0].box[1] > page.words[0].box[2] - page.words[0].box[0], 'word boxes are tall');
});

test('a page with no text and no OCR engine is kept empty with an ocr.skipped warning', async () => {
  const result = await extractDocument({ bytes: await blankPdf(), fileName: 'blank.pdf' });
  assert.ok(result.ok);
  assert.equal(result.value.pages[0].source, 'ocr');
  assert.deepEqual(result.value.pages[0].words, []);
  assert.deepEqual(result.value.warnings.map((w) => [w.code, w.page]), [['ocr.skipped', 1]]);
});

test('an OCR failure fails the document with its code and page; text pages are not sent to OCR', async () => {
  let calls = 0;
  const failing: OcrEngine = {
    recognize: async () => {
      calls++;
      return fail('ocr.timeout', 'Recognition took longer than 1 s.');
    },
    close: async () => {},
  };
  const text = await extractDocument({ bytes: await textPdf([['Plain text']]), fileName: 'text.pdf' }, { getOcr: async () => failing });
  assert.ok(text.ok);
  assert.equal(calls, 0);
  const result = await extractDocument({ bytes: await blankPdf(), fileName: 'scan.pdf' }, { getOcr: async () => failing, ocrDpi: 72 });
  assert.deepEqual(result.ok ? 'ok' : [result.problem.code, result.problem.page, result.problem.file], ['ocr.timeout', 1, 'scan.pdf']);
});

async function stampedPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([612, 792]);
  page.drawText('Plain text', { x: 72, y: 700, size: 12, font });
  const ap = pdf.context.register(pdf.context.stream('BT /F1 12 Tf 8 10 Td (Stamped) Tj ET', { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 150, 30], Resources: { Font: { F1: font.ref } } }));
  page.node.addAnnot(pdf.context.register(pdf.context.obj({ Type: 'Annot', Subtype: 'Stamp', Rect: [100, 500, 250, 530], AP: { N: ap } } as never)));
  return pdf.save();
}

test("a stamp's words are read by OCR and join the page text; OCR words elsewhere or on known text are not taken", async () => {
  const word = (text: string, box: [number, number, number, number]) => ({ text, box, confidence: 0.9 });
  const engine: OcrEngine = {
    recognize: async () => ok({ lines: [[word('Plain', [72, 83, 100, 95])], [word('Stamped', [110, 270, 170, 285]), word('Elsewhere', [400, 270, 470, 285])]], meanConfidence: 0.9 }),
    close: async () => {},
  };
  const read = await extractDocument({ bytes: await stampedPdf(), fileName: 'stamped.pdf' }, { getOcr: async () => engine, ocrDpi: 72 });
  assert.ok(read.ok, read.ok ? '' : read.problem.message);
  const [page] = read.value.pages;
  assert.equal(page.source, 'text');
  assert.deepEqual(page.words.map((w) => w.text), ['Plain', 'text', 'Stamped']);
  const stamped = page.words[2];
  assert.ok(stamped.box[0] >= 105 && stamped.box[2] <= 175 && stamped.box[1] >= 262 && stamped.box[3] <= 292, `${stamped.box}`);
  // Without OCR the stamp's words cannot be read: the page says so.
  const off = await extractDocument({ bytes: await stampedPdf(), fileName: 'stamped.pdf' });
  assert.ok(off.ok);
  assert.deepEqual(off.value.warnings.map((w) => [w.code, w.page]), [['ocr.skipped', 1]]);
  assert.equal(off.value.pages[0].text, 'Plain text');
});

test('an OCR engine that cannot start or throws is a problem, not a crash', async () => {
  const bytes = await blankPdf();
  const noStart = await extractDocument({ bytes, fileName: 'scan.pdf' }, { getOcr: () => Promise.reject(new Error('no workers')) });
  assert.equal(noStart.ok ? 'ok' : noStart.problem.code, 'ocr.failed');
  const throwing: OcrEngine = { recognize: () => Promise.reject(new Error('worker died')), close: async () => {} };
  const thrown = await extractDocument({ bytes, fileName: 'scan.pdf' }, { getOcr: async () => throwing, ocrDpi: 72 });
  assert.ok(!thrown.ok && thrown.problem.code === 'ocr.failed' && /worker died/.test(thrown.problem.message));
});

test('more pages than maxPages fails with input.too-many-pages before reading pages', async () => {
  const bytes = await textPdf([['a'], ['b'], ['c']]);
  const result = await extractDocument({ bytes, fileName: 'long.pdf' }, { maxPages: 2, onPage: () => assert.fail('no page should be read') });
  assert.equal(result.ok ? 'ok' : result.problem.code, 'input.too-many-pages');
});

test('a long file read across pdf.js cache clean-ups keeps every page, with the same boxes for the same text', async () => {
  // More pages than the clean-up interval, so fonts are dropped and loaded again between pages.
  const count = 130;
  const bytes = await textPdf(Array.from({ length: count }, (_, i) => ['Quarterly budget audit findings', `Page ${i + 1}`]));
  const result = await extractDocument({ bytes, fileName: 'long.pdf' });
  assert.ok(result.ok, !result.ok ? result.problem.message : '');
  assert.equal(result.value.pages.length, count);
  const first = result.value.pages[0].words;
  result.value.pages.forEach((page, i) => {
    assert.equal(page.text, `Quarterly budget audit findings\nPage ${i + 1}`);
    assert.deepEqual(page.words.slice(0, 4).map((w) => w.box), first.slice(0, 4).map((w) => w.box), `page ${i + 1}`);
  });
});

test('extractPages hands over the same pages as extractDocument, in order, one at a time', async () => {
  const bytes = await textPdf([['First page'], ['Second page'], ['Third page']]);
  const whole = await extractDocument({ bytes, fileName: 'three.pdf' });
  const stream = await extractPages({ bytes, fileName: 'three.pdf' });
  assert.ok(whole.ok && stream.ok);
  const { pages: _, ...info } = whole.value;
  assert.deepEqual(stream.value.document, info);
  const streamed = [];
  for await (const outcome of stream.value.pages) {
    assert.ok(outcome.ok);
    streamed.push(outcome.value.page);
  }
  assert.deepEqual(streamed, whole.value.pages);
});

test('extractPages keeps page order when a later OCR page finishes first, and stops reading when the caller stops', async () => {
  // Pages 1 and 3 have no text but a drawing, so they go to OCR; page 1 takes longest.
  const pdf = await PDFDocument.load(await textPdf([[], ['Middle page text'], [], ...Array.from({ length: 6 }, (_, i) => [`Page ${i + 4}`])]));
  for (const i of [0, 2]) pdf.getPage(i).drawRectangle({ x: 100, y: 100, width: 200, height: 100 });
  const bytes = await pdf.save();
  const delays = [40, 0];
  const engine: OcrEngine = {
    recognize: async () => {
      const delay = delays.shift() ?? 0;
      await new Promise((resolve) => setTimeout(resolve, delay));
      return ok({ lines: [[{ text: `ocr-after-${delay}ms`, box: [0, 0, 10, 10] }]], meanConfidence: 0.9 });
    },
    close: async () => {},
  };
  const read: number[] = [];
  const stream = await extractPages({ bytes, fileName: 'mixed.pdf' }, { getOcr: async () => engine, ocrDpi: 36, onPage: (p) => read.push(p.page) });
  assert.ok(stream.ok);
  const order: string[] = [];
  for await (const outcome of stream.value.pages) {
    assert.ok(outcome.ok);
    order.push(`${outcome.value.page.number} ${outcome.value.page.source} ${outcome.value.page.text}`);
    if (outcome.value.page.number === 3) break;
  }
  assert.deepEqual(order, ['1 ocr ocr-after-40ms', '2 text Middle page text', '3 ocr ocr-after-0ms']);
  // Reading runs at most the OCR concurrency (2 by default) ahead of the caller, never to the end of the file.
  assert.ok(Math.max(...read) <= 5, `pages read: ${read}`);
});

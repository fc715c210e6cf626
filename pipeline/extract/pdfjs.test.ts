import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PDFDocument, PDFString, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { openPdf, toGray } from './pdfjs.ts';

async function scanLikePdf(pixels: { width: number; height: number }, placed: { width: number; height: number }): Promise<Uint8Array> {
  const jpeg = await sharp({ create: { width: pixels.width, height: pixels.height, channels: 3, background: '#ccc' } }).jpeg().toBuffer();
  const pdf = await PDFDocument.create();
  const image = await pdf.embedJpg(jpeg);
  pdf.addPage([612, 792]).drawImage(image, { x: 10, y: 10, ...placed });
  return pdf.save();
}

test("a scan's resolution is its image's pixels over its placed size, on the coarser axis", async () => {
  const cases = [
    { pixels: { width: 200, height: 100 }, placed: { width: 144, height: 72 }, dpi: 100 },
    { pixels: { width: 600, height: 300 }, placed: { width: 144, height: 108 }, dpi: 200 },
  ];
  for (const c of cases) {
    const opened = await openPdf(await scanLikePdf(c.pixels, c.placed));
    assert.ok(opened.ok);
    const summary = await (await opened.value.page(1)).contentSummary();
    await opened.value.close();
    assert.ok(Math.abs((summary.imageDpi ?? 0) - c.dpi) < 0.01, `expected ${c.dpi}, got ${summary.imageDpi}`);
  }
});

test('a page without images has no image resolution', async () => {
  const pdf = await PDFDocument.create();
  pdf.addPage([100, 100]);
  const opened = await openPdf(await pdf.save());
  assert.ok(opened.ok);
  assert.equal((await (await opened.value.page(1)).contentSummary()).imageDpi, undefined);
  await opened.value.close();
});

test('renders of one size reuse a canvas and come out the same; a scratch buffer is written in place', async () => {
  const opened = await openPdf(await scanLikePdf({ width: 50, height: 50 }, { width: 300, height: 300 }));
  assert.ok(opened.ok);
  const page = await opened.value.page(1);
  const first = await page.render(72);
  const scratch = new Uint8Array(first.data.length + 10);
  const second = await page.render(72, { into: scratch });
  await opened.value.close();
  assert.equal(second.data.buffer, scratch.buffer);
  assert.deepEqual(second.data, first.data);
  // The image (#ccc, luma 204) is drawn; the rest of the page is white.
  assert.ok(Math.abs(first.data[(792 - 100) * first.width + 100] - 204) <= 2);
  assert.equal(first.data[10 * first.width + 500], 255);
});

test('gray is BT.601 luma: white stays 255, pure primaries weigh 0.30/0.59/0.11', () => {
  const rgba = new Uint8Array([255, 255, 255, 255, 255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 0, 0, 0, 255]);
  assert.deepEqual([...toGray(rgba)], [255, 76, 149, 28, 0]);
  // A view that does not start on a 4-byte boundary takes the byte-wise path: same result.
  const shifted = new Uint8Array(rgba.length + 1);
  shifted.set(rgba, 1);
  assert.deepEqual([...toGray(shifted.subarray(1))], [255, 76, 149, 28, 0]);
});

test('a filled text field and a free-text note are page text where they are drawn; hidden fields and checkboxes are not', async () => {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([612, 792]);
  const form = pdf.getForm();
  const shown = form.createTextField('shown');
  shown.setText('Jane Q Public');
  shown.addToPage(page, { x: 100, y: 600, width: 200, height: 20 });
  const hidden = form.createTextField('hidden');
  hidden.setText('Not Drawn');
  hidden.addToPage(page, { x: 100, y: 500, width: 200, height: 20, hidden: true });
  form.createCheckBox('tick').addToPage(page, { x: 100, y: 400, width: 12, height: 12 });
  const opened = await openPdf(await pdf.save());
  assert.ok(opened.ok);
  const p = await opened.value.page(1);
  const { runs } = await p.annotationRuns();
  await opened.value.close();
  assert.deepEqual(runs.map((r) => r.text), ['Jane Q Public']);
  const [x, y] = [runs[0].transform[4], runs[0].transform[5]];
  assert.ok(x >= 100 && x < 110 && y > 600 && y < 620, `placed at ${x},${y}, inside the field`);
  assert.ok(runs[0].width > 60 && runs[0].width <= 200, `width ${runs[0].width} fits the field`);
});

test('a stamp that draws words is an unread area where it is shown; a stamp of lines only, a filled field and a ticked box are not', async () => {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([612, 792]);
  const stamp = (content: string, rect: number[]) => {
    const ap = pdf.context.register(pdf.context.stream(content, { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, rect[2] - rect[0], rect[3] - rect[1]], Resources: { Font: { F1: font.ref } } }));
    page.node.addAnnot(pdf.context.register(pdf.context.obj({ Type: 'Annot', Subtype: 'Stamp', Rect: rect, AP: { N: ap } } as never)));
  };
  stamp('BT /F1 12 Tf 4 8 Td (Received 2 May) Tj ET', [100, 700, 220, 730]);
  stamp('2 w 1 1 98 28 re S', [300, 700, 400, 730]);
  const field = pdf.getForm().createTextField('name');
  field.setText('Jane Q Public');
  field.addToPage(page, { x: 100, y: 600, width: 200, height: 20 });
  // A ticked box whose appearance draws its mark as a ZapfDingbats glyph.
  const dingbats = await pdf.embedFont(StandardFonts.ZapfDingbats);
  const mark = pdf.context.register(pdf.context.stream('BT /ZaDb 10 Tf 1 2 Td (4) Tj ET', { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 12, 12], Resources: { Font: { ZaDb: dingbats.ref } } }));
  const box = pdf.context.register(pdf.context.obj({ Type: 'Annot', Subtype: 'Widget', FT: 'Btn', T: PDFString.of('agreed'), V: 'Yes', AS: 'Yes', Rect: [100, 400, 112, 412], AP: { N: { Yes: mark } } } as never));
  page.node.addAnnot(box);
  pdf.catalog.getOrCreateAcroForm().addField(box);
  const opened = await openPdf(await pdf.save());
  assert.ok(opened.ok);
  const p = await opened.value.page(1);
  const { runs, unreadAreas } = await p.annotationRuns();
  // Words read off pixels join the page as runs where they were seen.
  const [placed] = p.runsOfWords([[{ text: 'Received', box: [104, 50, 160, 66] }]]);
  await opened.value.close();
  assert.deepEqual(runs.map((r) => r.text), ['Jane Q Public']);
  assert.deepEqual(unreadAreas.map((a) => a.map(Math.round)), [[100, 62, 220, 92]]);
  assert.equal(placed.text, 'Received');
  assert.ok(Math.abs(placed.transform[4] - 104) < 0.01 && placed.transform[5] > 792 - 66 && placed.transform[5] < 792 - 50, `placed at ${placed.transform.slice(4)}`);
  assert.equal(placed.width, 56);
});

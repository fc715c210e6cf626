import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { extractDocument } from '../../pipeline/extract/extract-document.ts';
import { hiddenUnderDrawing } from './overdraw.ts';

/** "Witness: Marta Oyelaran" with `over` typed on the name, on a white box or straight over it. */
async function typedOver(over: string, whiteBox: boolean): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([612, 792]);
  page.drawText('Witness: Marta Oyelaran', { x: 72, y: 600, size: 12, font });
  const x = 72 + font.widthOfTextAtSize('Witness: ', 12);
  if (whiteBox) page.drawRectangle({ x: x - 1, y: 596, width: font.widthOfTextAtSize('Marta Oyelaran', 12) + 2, height: 16, color: rgb(1, 1, 1) });
  page.drawText(over, { x: x + 1, y: 600, size: 12, font });
  return doc.save();
}

async function hidden(bytes: Uint8Array): Promise<string[]> {
  const document = await extractDocument({ bytes, fileName: 't.pdf' }, {});
  assert.ok(document.ok);
  return (await hiddenUnderDrawing(bytes, document.value)).map((h) => h.word.text);
}

test('words under a white box with new text typed on top are hidden; the new text is not', async () => {
  assert.deepEqual(await hidden(await typedOver('Maria Oyelaro', true)), ['Marta', 'Oyelaran']);
});

test('two texts printed over each other without a cover both show: neither is hidden', async () => {
  assert.deepEqual(await hidden(await typedOver('Maria Oyelaro', false)), []);
});

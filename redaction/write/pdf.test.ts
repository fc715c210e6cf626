import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openPdf } from '../../pipeline/extract/pdfjs.ts';
import { buildPdf } from './pdf.ts';
import { encodeG4, encodeJpeg } from '../../pipeline/image/encode.ts';
import { looksPhotographic } from './raster.ts';

/** A 200×100 px page at 144 DPI: left half black, right half white. */
function halfBlack() {
  const data = new Uint8Array(200 * 100).fill(255);
  for (let y = 0; y < 100; y++) data.fill(0, y * 200, y * 200 + 100);
  return { data, width: 200, height: 100, dpi: 144 };
}

test('a G4 page image keeps its polarity and the text layer reads back, invisible', async () => {
  for (const encode of [encodeG4, (g: ReturnType<typeof halfBlack>) => encodeJpeg(g, 80)]) {
    const image = await encode(halfBlack());
    const pdf = await buildPdf([{ width: 100, height: 50, image, text: [{ text: 'Kept', box: [60, 20, 90, 30] }], labels: [] }], { title: 't', date: new Date(0) });
    const opened = await openPdf(pdf);
    assert.ok(opened.ok);
    const page = await opened.value.page(1);
    const gray = await page.render(72);
    const { runs } = await page.textRuns();
    await opened.value.close();
    assert.ok(gray.data[25 * gray.width + 20] < 40, `${image.kind}: left should be black`);
    assert.ok(gray.data[25 * gray.width + 80] > 215, `${image.kind}: right should be white (the text is invisible)`);
    assert.deepEqual(runs.map((r) => r.text).filter((t) => t.trim()), ['Kept']);
  }
});

test('text pages go to G4, photographs to JPEG', () => {
  assert.equal(looksPhotographic(halfBlack()), false);
  const photo = { data: new Uint8Array(200 * 100).map((_, i) => 40 + (i % 170)), width: 200, height: 100, dpi: 144 };
  assert.equal(looksPhotographic(photo), true);
});

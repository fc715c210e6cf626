import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PDFDocument, StandardFonts, beginText, endText, moveText, setFontAndSize, setWordSpacing, showText } from 'pdf-lib';
import { openRelease } from './pdfjs-reader.ts';

test('the verifier\'s pdf.js reader places the words of a justified line where they are drawn', async () => {
  const doc = await PDFDocument.create();
  const page = doc.addPage([612, 792]);
  const line = 'The committee approved the annual budget for road repairs';
  const cases = [
    // pdf.js gives a line this widely spaced as one item a word; the next as one item, whose words are placed here
    // (the glyphs' scale from a one-word item of the font, the rest of the width to the spaces).
    { font: await doc.embedFont(StandardFonts.Helvetica), y: 700, spacing: 4 },
    { font: await doc.embedFont(StandardFonts.TimesRoman), y: 650, spacing: 1.5 },
  ];
  for (const [i, { font, y, spacing }] of cases.entries()) {
    const key = page.node.newFontDictionary(`F${i}`, font.ref);
    // Word spacing (Tw) widens every space, as a justified line does; each word then starts later than its letters alone say.
    page.pushOperators(beginText(), setFontAndSize(key, 12), setWordSpacing(spacing), moveText(72, y), showText(font.encodeText(line)), endText());
  }
  // A word alone in the same font (a heading): how wide the font's glyphs are, whatever its lines' stretch.
  page.drawText('Minutes', { x: 72, y: 740, size: 14, font: cases[1].font });
  const opened = await openRelease(await doc.save());
  assert.ok(opened.ok);
  try {
    const { text, words } = await (await opened.value.page(1)).text();
    assert.ok(text.includes(line));
    for (const { font, y, spacing } of cases) {
      const top = 792 - y;
      const mine = words.filter((w) => w.box[1] < top && w.box[3] > top);
      // Advances as drawn: Tj applies no kerning (widthOfTextAtSize of a whole string would add pdf-lib's kerning pairs).
      const width = (s: string) => [...s].reduce((sum, c) => sum + font.widthOfTextAtSize(c, 12), 0);
      const expected = line.split(' ').map((word, k, all) => {
        const x0 = 72 + width(all.slice(0, k).join(' ') + (k ? ' ' : '')) + k * spacing;
        return { text: word, x0, x1: x0 + width(word) };
      });
      assert.deepEqual(mine.map((w) => w.text), expected.map((e) => e.text));
      mine.forEach((w, k) => {
        assert.ok(Math.abs(w.box[0] - expected[k].x0) < 1 && Math.abs(w.box[2] - expected[k].x1) < 1, `${font.name}: "${w.text}" at ${w.box[0].toFixed(1)}–${w.box[2].toFixed(1)}, drawn at ${expected[k].x0.toFixed(1)}–${expected[k].x1.toFixed(1)}`);
        // The box holds the baseline and spans about the font's size.
        assert.ok(w.box[3] > top && w.box[1] < top - 6 && w.box[3] - w.box[1] < 18);
      });
    }
  } finally {
    await opened.value.close();
  }
});

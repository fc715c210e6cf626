/**
 * Real files of the gov-pdfs corpus: the /Rotate 90 twin reads like its upright
 * original, the broken text layer and scanned pages are sent to OCR, born-digital
 * pages are not, and a mixed file gets both.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { extractDocument } from '../../pipeline/extract/extract-document.ts';
import { validateDocument } from '../../pipeline/model/schema.ts';

const corpus = '/work/shared/corpora/gov-pdfs/pdfs';

/** Extracted without OCR, so a page sent to OCR shows as source "ocr" with an ocr.skipped warning. */
async function extract(file: string) {
  const result = await extractDocument({ bytes: new Uint8Array(readFileSync(join(corpus, file))), fileName: file });
  assert.ok(result.ok, !result.ok ? result.problem.message : '');
  return result.value;
}

test('the /Rotate 90 FBI page has the same text as its upright twin, with turned boxes', async () => {
  const upright = await extract('fbi-nics-firearm-checks-2015-11.pdf');
  const rotated = await extract('fbi-nics-firearm-checks-2015-11-rotated.pdf');
  const [a] = upright.pages;
  const [b] = rotated.pages;
  assert.equal(b.rotation, 90);
  assert.deepEqual([b.width, b.height], [a.height, a.width]);
  assert.ok(a.words.length > 1000);
  assert.equal(b.text, a.text);
  // A clockwise quarter turn maps upright (x, y) to (H - y, x) on the displayed page.
  for (const [i, w] of a.words.entries()) {
    const expected = [a.height - w.box[3], w.box[0], a.height - w.box[1], w.box[2]];
    const got = b.words[i].box;
    assert.ok(expected.every((v, k) => Math.abs(v - got[k]) < 0.01), `${w.text}: ${got} vs ${expected}`);
  }
});

test('the SDNY file whose fonts have no Unicode map is classified for OCR on every page', async () => {
  const document = await extract('sdny-13cv4384-order-broken-text-layer.pdf');
  assert.deepEqual(document.pages.map((p) => p.source), ['ocr', 'ocr']);
  assert.deepEqual(document.warnings.map((w) => w.code), ['ocr.skipped', 'ocr.skipped']);
  assert.match(document.warnings[0].message, /reads as words|control or replacement/);
});

test('a mixed file: scanned cover and last page go to OCR, born-digital pages keep their text', async () => {
  const document = await extract('sdny-12cv5708-opinion-scanned-cover.pdf');
  const ocrPages = document.pages.filter((p) => p.source === 'ocr').map((p) => p.number);
  assert.deepEqual(ocrPages, [1, 15]);
  assert.match(document.pages[1].text, /Background/);
  assert.ok(validateDocument(JSON.parse(JSON.stringify(document))).ok);
});

test('image-only scans go to OCR; court opinions with text do not', async () => {
  for (const file of ['judiciary-financial-disclosure-2011-scan-ccitt.pdf', 'tn-workers-comp-appeals-board-opinion-image-only.pdf']) {
    const document = await extract(file);
    assert.ok(document.pages.every((p) => p.source === 'ocr'), file);
  }
  for (const file of ['ca5-21-50498-opinion-pdfium.pdf', 'darpa-baa-15-58-medifor-cover.pdf', 'irs-f9465-2013-installment-agreement.pdf']) {
    const document = await extract(file);
    assert.ok(document.pages.every((p) => p.source === 'text' && p.words.length > 10), file);
  }
});

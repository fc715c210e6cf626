/**
 * A long scan that extracts also gets its release: the writer decodes one page at a time, as extraction does,
 * so the per-file pixel bound that protects whole-file decoding does not fail a good 500-page TIFF at redaction.
 * The bound is lowered here so three small pages exceed it, which the test first shows.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeImage, imageLimits } from '../../pipeline/image/decode.ts';
import { extractDocument } from '../../pipeline/extract/extract-document.ts';
import { openPdf } from '../../pipeline/extract/pdfjs.ts';
import type { OcrEngine } from '../../pipeline/ocr/engine.ts';
import type { Redaction } from '../../pipeline/model/types.ts';
import { ok } from '../../pipeline/problems.ts';
import { writeRedacted } from '../../redaction/write/write-redacted.ts';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';
import { grayTiff } from './crafted.ts';

test('a multi-page TIFF over the whole-file pixel bound is written page by page', async () => {
  const side = 300;
  // a dark square on each page, so no page is blank
  const pixels = Buffer.alloc(side * side, 255);
  for (let y = 100; y < 200; y++) pixels.fill(0, y * side + 100, y * side + 200);
  const tiff = new Uint8Array(grayTiff([1, 2, 3].map(() => ({ width: side, height: side, pixels }))));
  const saved = imageLimits.maxTotalPixels;
  (imageLimits as { maxTotalPixels: number }).maxTotalPixels = 2.5 * side * side;
  try {
    const whole = await decodeImage(tiff, 'long.tif');
    assert.equal(whole.ok ? 'ok' : whole.problem.code, 'input.image-too-large', 'the lowered bound refuses the file decoded whole');
    const engine: OcrEngine = { recognize: async () => ok({ lines: [], meanConfidence: 0 }), close: async () => {} };
    const extracted = await extractDocument({ bytes: tiff, fileName: 'long.tif' }, { getOcr: async () => engine });
    assert.ok(extracted.ok, !extracted.ok ? extracted.problem.message : '');
    assert.equal(extracted.value.pages.length, 3);
    const page = extracted.value.pages[1];
    const box: [number, number, number, number] = [0, 0, page.width / 2, page.height / 2];
    const redactions: Redaction[] = [{ id: 'r1', category: 'personal.name', exemption: 'b6', reason: 'drawn', decision: 'accepted', boxes: [{ page: 2, box }], from: { reviewer: 'ana' } }];
    const written = await writeRedacted({ bytes: tiff, fileName: 'long.tif' }, extracted.value, redactions, defaultPolicy(), {});
    assert.ok(written.ok, !written.ok ? `${written.problem.code}: ${written.problem.message}` : '');
    const out = await openPdf(written.value.pdf, 'release.pdf');
    assert.ok(out.ok);
    assert.equal(out.value.pageCount, 3);
    await out.value.close();
  } finally {
    (imageLimits as { maxTotalPixels: number }).maxTotalPixels = saved;
  }
});

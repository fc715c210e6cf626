/**
 * Daylight's release of each famous failure mode (built in failure-modes.ts) must be
 * clean for every independent reader while the kept text stays extractable.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createOcrEngine } from '../../pipeline/ocr/engine.ts';
import type { OcrEngine } from '../../pipeline/ocr/engine.ts';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';
import { redactFile } from '../../redaction/redact-file.ts';
import { verifyPdf } from '../../redaction/verify/verify-pdf.ts';
import { allTexts, contains, pixelText } from '../support/extractors.ts';
import { KEPT, SECRET, failureModes } from './failure-modes.ts';

let engine: Promise<OcrEngine> | undefined;
after(async () => {
  if (engine) await (await engine).close();
});

for (const mode of failureModes) {
  describe(mode.name, () => {
    test(`the release is clean for its oracle (${mode.oracle.name}), pdftotext, mutool, pdf.js, qpdf and OCR of its pixels, and keeps the kept text`, async () => {
      const input = await mode.build();
      const out = await redactFile(
        { bytes: input, fileName: 'fixture.pdf' },
        { policy: defaultPolicy(), dpi: 150, ...(mode.needsOcr ? { getOcr: () => (engine ??= createOcrEngine({ workers: 1 })) } : {}) },
      );
      assert.ok(out.ok, out.ok ? '' : out.problem.message);
      const v = out.value.verification;
      assert.equal(v.ok, true, JSON.stringify(v.problems));
      assert.ok(!contains(await mode.oracle.read(out.value.pdf), SECRET), `${mode.oracle.name} still sees the secret in the release`);
      const texts = await allTexts(out.value.pdf);
      for (const [tool, text] of Object.entries(texts)) assert.ok(!contains(text, SECRET), `${tool} still finds the secret`);
      for (const tool of ['pdftotext', 'mutool', 'pdfjs'] as const) assert.ok(contains(texts[tool], KEPT), `${tool} lost the kept text`);
      // What the page shows: a filled field's value is drawn into the page image, not its text layer.
      const seen = pixelText(out.value.pdf);
      assert.ok(!contains(seen, SECRET), 'OCR of the page image reads the secret');
      assert.ok(contains(seen, KEPT), 'OCR of the page image lost the kept text');
      const blind = await verifyPdf(out.value.pdf, { removed: [], boxes: [] });
      assert.equal(blind.ok, true, JSON.stringify(blind.problems));
    });
  });
}

/**
 * OCR accuracy against the ground truth in ../shared/corpora/ocr, through the
 * real path: decode the file → prepare → tesseract.js → words in points.
 * A handful of pages to keep the run short; bench/ocr.ts scores every image.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeImage } from '../../pipeline/image/decode.ts';
import { createOcrEngine } from '../../pipeline/ocr/engine.ts';
import type { OcrEngine } from '../../pipeline/ocr/engine.ts';
import { layoutLines } from '../../pipeline/model/page-text.ts';
import { score } from './cer.ts';

const corpus = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpora', 'ocr');

interface Case {
  image: string;
  /** Largest CER accepted, after the README's normalisation. */
  maxCer: number;
  /** Smallest share of ground-truth words found, in any order (forms, whose cell order has no single truth). */
  minRecall?: number;
  /** Clockwise quarter turns that make the image upright. */
  turns: number;
  why: string;
}

const cases: Case[] = [
  { image: 'tesseract-test/phototest.tif', maxCer: 0.02, turns: 0, why: 'clean real scan, 200 DPI bitonal' },
  { image: 'tesseract-test/eurotext.tif', maxCer: 0.02, turns: 0, why: 'clean real scan with diacritics' },
  { image: 'rendered/scotus-11-889-p1.png', maxCer: 0.02, turns: 0, why: 'clean 300 DPI court page' },
  { image: 'tesseract-test/phototest-rotated-180.png', maxCer: 0.02, turns: 2, why: 'clean scan fed in upside down' },
  { image: 'tesseract-test/phototest-rotated-L.png', maxCer: 0.02, turns: 1, why: 'clean scan lying on its side' },
  { image: 'synthetic/synth-darpa-baa-15-58-p1-gray-lowres.png', maxCer: 0.05, turns: 0, why: 'degraded: 150 DPI gray, blur, JPEG' },
  // A form: its CER mostly measures cell order (native tesseract scores 27 %), so words found is the bound.
  { image: 'synthetic/synth-judiciary-fdr-2018-p1-gray-noise.png', maxCer: 0.35, minRecall: 0.85, turns: 0, why: 'degraded form: gray, noise, skew' },
];

let engine: OcrEngine;
before(async () => {
  assert.ok(existsSync(join(corpus, 'manifest.json')), `the OCR corpus is missing at ${corpus}`);
  engine = await createOcrEngine();
});
after(() => engine.close());

test('OCR text matches the ground truth within each page’s CER bound', async () => {
  // All pages at once: the engine spreads them over its workers.
  const results = await Promise.all(
    cases.map(async (c) => {
      const decoded = await decodeImage(readFileSync(join(corpus, c.image)), c.image);
      assert.ok(decoded.ok, decoded.ok ? '' : decoded.problem.message);
      const image = decoded.value.pages[0];
      const read = await engine.recognize(image, { width: (image.width * 72) / image.dpi, height: (image.height * 72) / image.dpi });
      assert.ok(read.ok, read.ok ? '' : read.problem.message);
      const truth = readFileSync(join(corpus, c.image.replace(/\.(tif|png)$/, '.gt.txt')), 'utf8');
      const { cer, wordRecall } = score(layoutLines(read.value.lines).text, truth);
      return { c, turns: read.value.turns ?? 0, cer, wordRecall };
    }),
  );
  const failures = results
    .filter(({ c, turns, cer, wordRecall }) => cer > c.maxCer || wordRecall < (c.minRecall ?? 0) || turns !== c.turns)
    .map(
      ({ c, turns, cer, wordRecall }) =>
        `${c.image} (${c.why}): CER ${(cer * 100).toFixed(2)}% (max ${c.maxCer * 100}%), ` +
        `words found ${(wordRecall * 100).toFixed(1)}% (min ${(c.minRecall ?? 0) * 100}%), turned ${turns * 90}° (needs ${c.turns * 90}°)`,
    );
  assert.deepEqual(failures, []);
});

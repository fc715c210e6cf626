/**
 * Word boxes against poppler's `pdftotext -bbox` on real government PDFs. Words are
 * paired by text and position (each used once). Reports median and 95th-percentile
 * errors per file; asserts a high share of words within 1.5 pt.
 *
 * Where the two differ by design: for fonts that are not embedded, poppler takes the
 * height of a box from the standard (AFM) metrics while pdf.js reports the substitute
 * font's, which is taller, so on those files we check that our box contains poppler's
 * vertically (safer for redaction) and compare x extents.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { extractDocument } from '../../pipeline/extract/extract-document.ts';
import type { Box } from '../../pipeline/model/types.ts';
import { boxError, matchByTextAndPosition, percentile, popplerAvailable, popplerWords } from './poppler-words.ts';

const corpus = '/work/shared/corpora/gov-pdfs/pdfs';

interface Case {
  file: string;
  pages?: number;
  /** All fonts embedded: the whole box is compared; otherwise x extents and vertical cover. */
  embedded: boolean;
}

const cases: Case[] = [
  { file: 'fbi-nics-firearm-checks-2015-11.pdf', embedded: true },
  { file: 'fbi-nics-firearm-checks-2015-11-rotated.pdf', embedded: true },
  { file: 'us-senate-expenditures-page.pdf', embedded: true },
  { file: 'federal-register-2020-17221.pdf', pages: 4, embedded: true },
  { file: 'nc-supreme-court-2022-ncsc-1-opinion.pdf', pages: 4, embedded: true },
  { file: 'judiciary-financial-disclosure-2018-jef-rotated.pdf', pages: 4, embedded: false },
  { file: 'dnj-18cv16281-opinion.pdf', embedded: false },
  { file: 'ca1-20-1507-opinion.pdf', pages: 5, embedded: false },
  { file: 'cdcal-16cv1261-order-preliminary-injunction.pdf', embedded: false },
];

/** Share of words that must be within 1.5 pt. */
const minShare = 0.97;

const xError = (a: Box, b: Box) => Math.max(Math.abs(a[0] - b[0]), Math.abs(a[2] - b[2]));
/** How far our box falls short of covering poppler's vertically (0 when it covers it). */
const verticalShortfall = (ours: Box, ref: Box) => Math.max(0, ours[1] - ref[1], ref[3] - ours[3]);

test('word boxes match pdftotext -bbox within about 1 pt', { skip: !popplerAvailable() && 'pdftotext (poppler-utils) is not installed' }, async (t) => {
  const rows: string[] = [];
  for (const c of cases) {
    const path = join(corpus, c.file);
    const bytes = new Uint8Array(readFileSync(path));
    const result = await extractDocument({ bytes, fileName: c.file }, { maxPages: 1000 });
    assert.ok(result.ok, c.file);
    const reference = popplerWords(path, { first: 1, last: c.pages ?? result.value.pages.length });
    const full: number[] = [];
    const x: number[] = [];
    const short: number[] = [];
    let refCount = 0;
    reference.forEach((ref, i) => {
      const ours = result.value.pages[i].words;
      refCount += ref.words.length;
      for (const [a, b] of matchByTextAndPosition(ours, ref.words)) {
        full.push(boxError(ours[a].box, ref.words[b].box));
        x.push(xError(ours[a].box, ref.words[b].box));
        short.push(verticalShortfall(ours[a].box, ref.words[b].box));
      }
    });
    const share = (values: number[], limit: number) => values.filter((v) => v <= limit).length / values.length;
    rows.push(
      `${c.file}: matched ${x.length}/${refCount}; box error median ${percentile(full, 50).toFixed(2)} pt, p95 ${percentile(full, 95).toFixed(2)} pt; ` +
        `x median ${percentile(x, 50).toFixed(2)} pt, p95 ${percentile(x, 95).toFixed(2)} pt, ≤1.5 pt ${(share(x, 1.5) * 100).toFixed(1)}%`,
    );
    assert.ok(x.length / refCount >= 0.95, `${c.file}: only ${x.length} of ${refCount} poppler words matched`);
    assert.ok(share(x, 1.5) >= minShare, `${c.file}: ${(share(x, 1.5) * 100).toFixed(1)}% of x extents within 1.5 pt`);
    if (c.embedded) assert.ok(share(full, 1.5) >= minShare, `${c.file}: ${(share(full, 1.5) * 100).toFixed(1)}% of boxes within 1.5 pt`);
    else assert.ok(share(short, 0.5) >= minShare, `${c.file}: only ${(share(short, 0.5) * 100).toFixed(1)}% of our boxes cover poppler's vertically`);
  }
  t.diagnostic(`\n${rows.join('\n')}`);
});

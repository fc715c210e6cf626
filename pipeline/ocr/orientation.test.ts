import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { inkiestWindow, orientationProbe, pickTurns, probeTurns, PROBE_DPI, TURN_MARGIN } from './orientation.ts';
import { createTesseractPool } from './tesseract.ts';
import type { TesseractPool } from './tesseract.ts';
import { createOcrEngine } from './engine.ts';
import { readingScore } from './reading-score.ts';
import { turnClockwise } from '../image/transform.ts';
import type { QuarterTurns } from '../image/transform.ts';
import type { GrayImage } from '../model/raster.ts';
import { inkBox, renderText } from '../../test/ocr/text-image.ts';

// A 6 × 8 in page at 300 DPI whose prose sits in its lower half only, 10 pt (42 px) type.
const DPI = 300;
const WIDTH = 1800;
const HEIGHT = 2400;
const PROSE = [
  'The committee reviewed the quarterly budget',
  'and approved the transfer of funds to the',
  'regional office for the maintenance of roads',
  'bridges and public buildings during the year.',
  'Members asked the director to report again',
  'before the end of the next fiscal quarter.',
];
const page = () => renderText(WIDTH, HEIGHT, DPI, PROSE.map((text, i) => ({ text, x: 150, y: 1400 + i * 70, size: 42 })));

let pool: TesseractPool;
before(() => {
  pool = createTesseractPool(2);
});
after(() => pool.close());

test('pickTurns takes the best turn only when it beats the page as it is by the margin', () => {
  assert.equal(pickTurns([0.3, 0.2, 0.85, 0.1]), 2);
  assert.equal(pickTurns([0.5, 0.55, 0.52, 0.4]), 0, 'within the margin: no turn');
  assert.equal(pickTurns([0.2, 0.7, 0.9, 0.6]), 2, 'the best of several clear winners');
  assert.equal(pickTurns([undefined, 0.5, undefined, undefined]), 1, 'an upright probe that failed counts as reading nothing');
  assert.equal(pickTurns([0.4, undefined, undefined, undefined]), 0);
});

test('the probe window holds the ink of a page whose text fills only part of it', async () => {
  const image = await page();
  const window = inkiestWindow(image);
  const ink = inkBox(image, [0, 0, WIDTH, HEIGHT])!;
  assert.ok(window[2] - window[0] < WIDTH && window[3] - window[1] < HEIGHT, `window ${window} is smaller than the page`);
  // Most of the text block lies inside the window: its top lines at least.
  assert.ok(window[1] <= ink[1] && window[3] >= ink[1] + 200, `window ${window}, ink ${ink}`);
});

test('the probe is a shrunk window of the page, at most 150 DPI', async () => {
  const probe = orientationProbe(await page());
  assert.equal(probe.dpi, PROBE_DPI);
  assert.ok(probe.width <= WIDTH / 2 && probe.height <= HEIGHT / 2, `${probe.width} × ${probe.height}`);
  assert.ok(inkBox(probe, [0, 0, probe.width, probe.height]), 'the probe carries ink');
});

for (const turned of [1, 2, 3] as const) {
  test(`a page turned ${turned * 90}° clockwise is found from the low-resolution probe`, async () => {
    const image = turnClockwise(await page(), turned).image;
    const { turns, scores } = await probeTurns(image, async (probe) => {
      const read = await pool.recognize(probe, 60_000);
      return read.ok ? readingScore(read.value) : undefined;
    });
    const upright = ((4 - turned) % 4) as QuarterTurns;
    const shown = `scores ${scores.map((s) => s?.toFixed(2))}`;
    if (turned === 2) assert.equal(turns, upright, shown);
    else {
      // Tesseract's layout analysis reads sideways lines by itself when they are clear enough: leaving
      // such a page as it is is right too, as long as that reading is as good as the turned one.
      assert.ok(turns === upright || (turns === 0 && scores[0]! >= scores[upright]! - TURN_MARGIN), `turns ${turns}, ${shown}`);
    }
    assert.ok(scores[upright]! > 0.8, shown);
    assert.ok(scores[(upright + 2) % 4]! < 0.5, `the probe upside down reads badly: ${shown}`);
  });
}

test('an upside-down page costs four probes at 150 DPI and two readings at full resolution, not four', async () => {
  const calls: GrayImage[] = [];
  const real = createTesseractPool(2);
  const counting: TesseractPool = {
    recognize: (image, timeoutMs) => {
      calls.push(image);
      return real.recognize(image, timeoutMs);
    },
    close: () => real.close(),
  };
  const engine = await createOcrEngine({ pool: counting });
  try {
    const image = turnClockwise(await page(), 2).image;
    const read = await engine.recognize(image, { width: (WIDTH * 72) / DPI, height: (HEIGHT * 72) / DPI });
    assert.ok(read.ok, read.ok ? '' : read.problem.message);
    assert.equal(read.value.turns, 2);
    assert.ok(read.value.lines.flat().some((w) => w.text === 'committee'), 'read upright after the turn');
    const full = calls.filter((c) => c.dpi === DPI);
    const probes = calls.filter((c) => c.dpi <= PROBE_DPI);
    assert.equal(full.length, 2, 'the page as it came, then the winning turn');
    assert.equal(probes.length, 4);
    for (const p of probes) assert.ok(p.width * p.height <= (WIDTH * HEIGHT) / 8, `probe ${p.width} × ${p.height}`);
    calls.length = 0;
    const upright = await engine.recognize(await page(), { width: (WIDTH * 72) / DPI, height: (HEIGHT * 72) / DPI });
    assert.ok(upright.ok);
    assert.equal(upright.value.turns, 0);
    assert.equal(calls.length, 1, 'an upright page that reads well is read once');
  } finally {
    await engine.close();
  }
});

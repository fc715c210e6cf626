import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareForOcr, rotate, stretchContrast } from './preprocess.ts';
import { estimateSkew } from './skew.ts';
import { applyAffine, composeAffine, mapBox, turnClockwise } from './transform.ts';
import type { QuarterTurns } from './transform.ts';
import { inkBox, renderText, tilt } from '../../test/ocr/text-image.ts';
import type { GrayImage } from '../model/raster.ts';

function textPage(): Promise<GrayImage> {
  const lines = Array.from({ length: 14 }, (_, i) => ({ text: `Line ${i}: the committee reviewed the budget of the department`, x: 80, y: 120 + i * 70, size: 34 }));
  return renderText(1400, 1150, 200, lines);
}

function dot(width: number, height: number, x: number, y: number): GrayImage {
  const data = new Uint8Array(width * height).fill(255);
  for (let dy = 0; dy < 6; dy++) for (let dx = 0; dx < 6; dx++) data[(y + dy) * width + x + dx] = 0;
  return { data, width, height, dpi: 300 };
}

test('quarter turns move pixels exactly and map boxes back to the source', () => {
  // 3 × 2, values 0..5 row by row.
  const source: GrayImage = { data: Uint8Array.from([0, 1, 2, 3, 4, 5]), width: 3, height: 2, dpi: 300 };
  const expected: Record<QuarterTurns, number[]> = { 0: [0, 1, 2, 3, 4, 5], 1: [3, 0, 4, 1, 5, 2], 2: [5, 4, 3, 2, 1, 0], 3: [2, 5, 1, 4, 0, 3] };
  for (const turns of [0, 1, 2, 3] as QuarterTurns[]) {
    const { image, toSource } = turnClockwise(source, turns);
    assert.deepEqual([...image.data], expected[turns], `turns ${turns}`);
    // Every turned pixel's box maps onto the source pixel that holds the same value.
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) {
        const [sx0, sy0] = mapBox(toSource, [x, y, x + 1, y + 1]);
        assert.equal(source.data[sy0 * 3 + sx0], image.data[y * image.width + x], `turns ${turns} (${x},${y})`);
      }
    }
  }
});

test('composeAffine applies the inner map first', () => {
  const half = turnClockwise(dot(40, 20, 3, 4), 1);
  const back = turnClockwise(half.image, 3);
  const toSource = composeAffine(half.toSource, back.toSource);
  const [x, y] = applyAffine(toSource, 5, 7);
  assert.ok(Math.abs(x - 5) < 1e-9 && Math.abs(y - 7) < 1e-9);
});

test('a small rotation maps a mark back to where it was', async () => {
  const source = dot(800, 600, 610, 90);
  for (const degrees of [2.5, -1.3]) {
    const { image, toSource } = await rotate(source, degrees);
    const moved = inkBox(image, [0, 0, image.width, image.height]);
    assert.ok(moved, 'the mark survives rotation');
    const back = mapBox(toSource, moved);
    const centre = [(back[0] + back[2]) / 2, (back[1] + back[3]) / 2];
    assert.ok(Math.abs(centre[0] - 613) < 1.5 && Math.abs(centre[1] - 93) < 1.5, `${degrees}°: centre ${centre}`);
  }
});

test('estimateSkew finds the tilt of text lines within 0.15°', async () => {
  const page = await textPage();
  for (const degrees of [0, 0.6, -1.2, 2.4]) {
    const measured = estimateSkew(await tilt(page, degrees));
    assert.ok(Math.abs(measured - degrees) <= 0.15, `tilted ${degrees}°, measured ${measured}°`);
  }
});

test('estimateSkew says 0 on a blank page', () => {
  assert.equal(estimateSkew({ data: new Uint8Array(500 * 400).fill(250), width: 500, height: 400, dpi: 300 }), 0);
});

test('prepareForOcr levels a tilted page and its transform finds the original words', async () => {
  const tilted = await tilt(await textPage(), 1.5);
  const prepared = await prepareForOcr(tilted);
  assert.ok(Math.abs(prepared.skewDegrees - 1.5) <= 0.15);
  assert.ok(Math.abs(estimateSkew(prepared.image)) <= 0.1, 'the prepared page is level');
  // Ink on the prepared page maps back onto ink of the tilted page.
  let inked = 0;
  let landed = 0;
  const { image } = prepared;
  for (let i = 0; i < image.data.length; i += 7) {
    if (image.data[i] >= 64) continue;
    inked++;
    const [x, y] = applyAffine(prepared.toSource, (i % image.width) + 0.5, Math.floor(i / image.width) + 0.5);
    const near = [-1, 0, 1].flatMap((dy) => [-1, 0, 1].map((dx) => tilted.data[(Math.floor(y) + dy) * tilted.width + Math.floor(x) + dx]));
    if (Math.min(...near) < 128) landed++;
  }
  assert.ok(inked > 1000 && landed / inked > 0.98, `${landed} of ${inked} ink pixels landed on ink`);
});

test('prepareForOcr leaves a level page untouched in geometry', async () => {
  const page = await textPage();
  const prepared = await prepareForOcr(page);
  assert.deepEqual([prepared.image.width, prepared.image.height], [page.width, page.height]);
  assert.deepEqual(prepared.toSource, [1, 0, 0, 1, 0, 0]);
});

test('stretchContrast spreads a washed-out scan to full range and leaves a bitonal one alone', () => {
  const washed = new Uint8Array(10_000);
  for (let i = 0; i < washed.length; i++) washed[i] = i % 10 === 0 ? 100 : 180 + (i % 7);
  const out = stretchContrast({ data: washed, width: 100, height: 100, dpi: 300 });
  assert.equal(Math.min(...out.data), 0);
  assert.equal(Math.max(...out.data), 255);
  const bitonal: GrayImage = { data: Uint8Array.from({ length: 10_000 }, (_, i) => (i % 10 === 0 ? 0 : 255)), width: 100, height: 100, dpi: 300 };
  assert.equal(stretchContrast(bitonal), bitonal);
});

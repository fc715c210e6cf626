import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createOcrEngine } from './engine.ts';
import type { OcrEngine } from './engine.ts';
import { turnClockwise } from '../image/transform.ts';
import type { QuarterTurns } from '../image/transform.ts';
import type { GrayImage } from '../model/raster.ts';
import type { Box } from '../model/types.ts';
import type { LaidWord } from '../model/page-text.ts';
import { inkBox, renderText, tilt } from '../../test/ocr/text-image.ts';
import type { PlacedText } from '../../test/ocr/text-image.ts';

// A 5 × 3.5 in card at 300 DPI: words far apart, so each word's ink is its own.
const DPI = 300;
const WIDTH = 1500;
const HEIGHT = 1050;
const PAGE = { width: (WIDTH * 72) / DPI, height: (HEIGHT * 72) / DPI };
const WORDS: PlacedText[] = [
  { text: 'Quarterly', x: 120, y: 200, size: 64 },
  { text: 'Hernandez', x: 860, y: 200, size: 64 },
  { text: 'Budget', x: 150, y: 560, size: 80 },
  { text: 'Approved', x: 800, y: 900, size: 56 },
];

let engine: OcrEngine;
before(async () => {
  engine = await createOcrEngine({ workers: 2 });
});
after(() => engine.close());

type Distort = (image: GrayImage) => Promise<GrayImage>;

/** Where each word's ink really is on the distorted page, in points: rendered alone, distorted the same way. */
async function truthBoxes(distort: Distort): Promise<Map<string, Box>> {
  const boxes = new Map<string, Box>();
  for (const word of WORDS) {
    const alone = await distort(await renderText(WIDTH, HEIGHT, DPI, [word]));
    const ink = inkBox(alone, [0, 0, alone.width, alone.height]);
    assert.ok(ink);
    const sx = PAGE.width / alone.width;
    const sy = PAGE.height / alone.height;
    boxes.set(word.text, [ink[0] * sx, ink[1] * sy, ink[2] * sx, ink[3] * sy]);
  }
  return boxes;
}

function find(lines: LaidWord[][], text: string): LaidWord {
  const word = lines.flat().find((w) => w.text === text);
  assert.ok(word, `"${text}" was read; got ${lines.flat().map((w) => w.text).join(' ')}`);
  return word;
}

/** `expectedTurns` undefined: any orientation the engine chose, as long as the boxes land. */
async function assertBoxesLand(distort: Distort, tolerance: number, expectedTurns?: QuarterTurns) {
  const page = await distort(await renderText(WIDTH, HEIGHT, DPI, WORDS));
  const read = await engine.recognize(page, { width: PAGE.width, height: PAGE.height });
  assert.ok(read.ok, read.ok ? '' : read.problem.message);
  if (expectedTurns !== undefined) assert.equal(read.value.turns, expectedTurns);
  const truth = await truthBoxes(distort);
  for (const { text } of WORDS) {
    const got = find(read.value.lines, text);
    const want = truth.get(text)!;
    for (let i = 0; i < 4; i++) {
      assert.ok(Math.abs(got.box[i] - want[i]) <= tolerance, `${text} edge ${i}: OCR ${got.box[i].toFixed(1)} pt, ink ${want[i].toFixed(1)} pt`);
    }
    assert.ok(got.confidence! > 0.8 && got.confidence! <= 1, `${text} confidence ${got.confidence}`);
  }
  return read.value;
}

test('word boxes land on the words, in page points from the top-left', async () => {
  const read = await assertBoxesLand(async (image) => image, 2, 0);
  assert.equal(read.skewDegrees, 0);
  assert.ok(read.meanConfidence > 0.85);
  // Reading order: the top line first, left to right.
  assert.deepEqual(read.lines.flat().map((w) => w.text).slice(0, 2), ['Quarterly', 'Hernandez']);
});

test('on a page scanned 2° askew, boxes map back through the deskew onto the skewed page', async () => {
  const read = await assertBoxesLand((image) => tilt(image, 2), 3);
  assert.ok(Math.abs((read.skewDegrees ?? 0) - 2) <= 0.2, `measured ${read.skewDegrees}°`);
});

test('an upside-down page is turned upright and its boxes map back to the upside-down raster', async () => {
  await assertBoxesLand(async (image) => turnClockwise(image, 2).image, 2, 2);
});

test('a page lying on its side is read and its boxes land on the sideways raster', async () => {
  // Tesseract's layout analysis reads some sideways text as vertical lines by itself; its boxes then
  // span the line's height rather than the glyphs' ink (about 3 pt wider here). Either way they must land.
  await assertBoxesLand(async (image) => turnClockwise(image, 1).image, 4);
});

test('a blank page gives zero lines, not an error', async () => {
  const blank: GrayImage = { data: new Uint8Array(WIDTH * HEIGHT).fill(255), width: WIDTH, height: HEIGHT, dpi: DPI };
  const read = await engine.recognize(blank, PAGE);
  assert.ok(read.ok);
  assert.deepEqual(read.value.lines, []);
  assert.equal(read.value.meanConfidence, 0);
});

test('a page that runs past its timeout fails with ocr.timeout, and the engine goes on', async () => {
  const hasty = await createOcrEngine({ workers: 1, pageTimeoutMs: 1 });
  try {
    const page = await renderText(WIDTH, HEIGHT, DPI, WORDS);
    const read = await hasty.recognize(page, PAGE);
    assert.equal(read.ok ? 'ok' : read.problem.code, 'ocr.timeout');
    const again = await hasty.recognize(page, PAGE);
    assert.equal(again.ok ? 'ok' : again.problem.code, 'ocr.timeout', 'a fresh worker took the next page');
  } finally {
    await hasty.close();
  }
});

test('after close, recognize fails with ocr.failed instead of starting workers', async () => {
  const closed = await createOcrEngine({ workers: 1 });
  await closed.close();
  const page = await renderText(300, 200, DPI, [{ text: 'late', x: 20, y: 100, size: 40 }]);
  const read = await closed.recognize(page, { width: 72, height: 48 });
  assert.equal(read.ok ? 'ok' : read.problem.code, 'ocr.failed');
});

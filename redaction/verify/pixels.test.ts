import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Box } from '../../pipeline/model/types.ts';
import { boxSolidity } from './pixels.ts';

/** A 144 DPI page (2 px a point) with a black box at [10, 10, 110, 24] points and `paint` over it. */
function page(paint: (x: number, y: number) => number | undefined) {
  const width = 300;
  const height = 80;
  const data = new Uint8Array(width * height).fill(255);
  for (let y = 20; y < 48; y++) for (let x = 20; x < 220; x++) data[y * width + x] = paint(x, y) ?? 0;
  return { data, width, height, dpi: 144 };
}
const box: Box = [10, 10, 110, 24];
/** White strokes in a label-sized area at x (pixels): every third column lit. */
const label = (from: number) => (x: number, y: number) => (x >= from && x < from + 30 && y >= 28 && y < 40 && x % 3 === 0 ? 255 : undefined);

test('a box is solid when dark but for one label-sized region of light strokes, wherever it sits', () => {
  assert.equal(boxSolidity(page(() => undefined), box).solid, true, 'all black');
  assert.equal(boxSolidity(page(label(100)), box, ['(b)(6)']).solid, true, 'label in the middle');
  assert.equal(boxSolidity(page(label(30)), box, ['(b)(6)']).solid, true, 'label off-centre (the box was drawn wider)');
  assert.equal(boxSolidity(page(label(100)), box).solid, false, 'no code: no light pixels are allowed');
  // A hole: light paper with dark text strokes shows through.
  const hole = (x: number, y: number) => (x >= 100 && x < 130 && y >= 26 && y < 42 ? (x % 4 === 0 ? 0 : 255) : undefined);
  assert.equal(boxSolidity(page(hole), box, ['(b)(6)']).solid, false, 'a hole is light with dark strokes');
  // Light strokes spread over the whole box are more than one label.
  const spread = (x: number, y: number) => (x % 3 === 0 && y % 2 === 0 ? 255 : undefined);
  assert.equal(boxSolidity(page(spread), box, ['(b)(6)']).solid, false, 'light across the whole box');
});

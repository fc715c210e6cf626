import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Box } from '../../pipeline/model/types.ts';
import { unseen } from './showing.ts';

/** A 144 DPI page (2 px a point) of 200 × 40 points, white, with `paint` setting each pixel of the area [20, 20, 220, 44) px. */
function page(paint: (x: number, y: number) => number) {
  const width = 400;
  const data = new Uint8Array(width * 80).fill(255);
  for (let y = 20; y < 44; y++) for (let x = 20; x < 220; x++) data[y * width + x] = paint(x, y);
  return { data, width, height: 80, dpi: 144 };
}
const size = { width: 200, height: 40 };
const box: Box = [10, 10, 110, 22];
const text = 'Adeyemi';
/** Glyph-like strokes: thin stems every 9 px and a bar in every other cell. */
const stems = (x: number, y: number) => x % 9 < 2 || (y % 12 < 2 && x % 18 < 9);

test('showing: words that show are not flagged', () => {
  const cases: [string, ReturnType<typeof page>][] = [
    ['black strokes on white', page((x, y) => (stems(x, y) ? 0 : 255))],
    ['white strokes on a black band (a label on a box)', page((x, y) => (stems(x, y) ? 255 : 0))],
    ['gray strokes on gray paper (a faint scan)', page((x, y) => (stems(x, y) ? 160 : 205))],
    ['black strokes on a dark gray fill', page((x, y) => (stems(x, y) ? 0 : 90))],
    ['anti-aliased strokes in three grays', page((x, y) => (stems(x, y) ? 0 : x % 9 === 2 ? 128 : 255))],
  ];
  for (const [name, image] of cases) assert.equal(unseen(image, text, box, size), undefined, name);
});

test('showing: each way a word can hide is flagged', () => {
  const cases: [string, ReturnType<typeof page>, Box, string][] = [
    ['white on white, or render mode 3', page(() => 255), box, 'no-ink'],
    ['under a light image or a colour fill', page(() => 235), box, 'no-ink'],
    ['under a solid black box', page(() => 0), box, 'covered'],
    ['under cross-hatching (dark gray lines on black)', page((x, y) => ((x + y) % 8 < 2 ? 90 : 0)), box, 'covered'],
    ['a box over its middle letters', page((x, y) => (x > 80 && x < 160 ? 0 : stems(x, y) ? 0 : 255)), box, 'covered'],
    ['off the page', page(() => 255), [-300, 10, -200, 22], 'off-page'],
    ['below the page', page(() => 255), [10, 50, 110, 62], 'off-page'],
    ['too small to see', page((x, y) => (stems(x, y) ? 0 : 255)), [10, 10, 14, 10.6], 'too-small'],
  ];
  for (const [name, image, at, how] of cases) assert.equal(unseen(image, text, at, size), how, name);
});

test('showing: a neighbour\'s ink at the ends of an empty box does not make the word show', () => {
  // Black strokes only in the box's first and last pixel columns, where the glyph of the word before or after may reach.
  const edges = page((x) => (x === 20 || x === 21 || x === 218 || x === 219 ? 0 : 255));
  assert.equal(unseen(edges, text, box, size), 'no-ink');
});

test('showing: too little to judge', () => {
  assert.equal(unseen(page(() => 0), '.', box, size), undefined, 'punctuation');
  assert.equal(unseen(page(() => 0), 'A', box, size), undefined, 'one letter');
  assert.equal(unseen(page(() => 0), 'A.', box, size), undefined, 'one letter and a dot');
});

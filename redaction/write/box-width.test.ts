import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MIN_EMS, quantizedBox } from './box-width.ts';
import type { Box } from '../../pipeline/model/types.ts';

const page = { width: 612 };

test('short values in open space get boxes of the same width, a whole number of line heights', () => {
  const short: Box = [100, 200, 112, 210];
  const longer: Box = [100, 200, 131, 210];
  const a = quantizedBox(short, [], page);
  const b = quantizedBox(longer, [], page);
  assert.equal(a[2] - a[0], MIN_EMS * 10);
  assert.equal(b[2] - b[0], MIN_EMS * 10, 'both short values draw the same box');
  const wide = quantizedBox([100, 200, 163, 210], [], page);
  assert.equal(wide[2] - wide[0], 70, 'rounded up to whole line heights');
});

test('a box never grows over a kept word on its line, nor off the page', () => {
  const box: Box = [100, 200, 112, 210];
  const next: Box = [115, 200, 140, 210];
  const before: Box = [60, 200, 98, 210];
  const grown = quantizedBox(box, [before, next], page);
  assert.ok(grown[2] <= next[0] - 1.5 && grown[0] >= before[2] + 1.5, `grew over a neighbour: ${grown}`);
  assert.ok(grown[2] - grown[0] < MIN_EMS * 10, 'little room: it takes what there is');
  const below: Box = [100, 212, 200, 222];
  assert.equal(quantizedBox(box, [below], page)[2] - 100, MIN_EMS * 10, 'words on other lines do not limit it');
  const edge = quantizedBox([600, 200, 608, 210], [], page);
  assert.ok(edge[2] <= 612 && edge[2] - edge[0] === MIN_EMS * 10, 'grows left at the page edge');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Box } from '../../pipeline/model/types.ts';
import { layoutLines } from './relayout.ts';

const page = { width: 612 };
const line = (x0: number, x1: number): Box => [x0, 100, x1, 112];

test('the text after a box starts at the same place whatever the width of the removed value', () => {
  // "Patient [value] was seen": a value 14 pt or 45 pt wide (both under four line heights).
  const starts = [14, 45].map((w) => {
    const box = line(120, 120 + w);
    const was = line(120 + w + 3, 120 + w + 25);
    const { drawn, shifts } = layoutLines([{ box, code: '(b)(6)' }], [line(72, 117), was], page);
    assert.equal(shifts.length, 1);
    return { right: drawn[0].box[2], was: was[0] + shifts[0].dx };
  });
  assert.equal(starts[0].was, starts[1].was);
  assert.equal(starts[0].right, starts[1].right);
  assert.ok(starts[0].right >= 120 + 4 * 12, 'at least four line heights');
});

test('the words of one value boxed one by one are one box', () => {
  const { drawn, shifts } = layoutLines([{ box: line(120, 135), code: 'a' }, { box: line(138, 160), code: 'a' }], [line(72, 117), line(163, 190)], page);
  assert.equal(drawn.length, 1);
  assert.equal(shifts.length, 1);
  assert.equal(shifts[0].fromX, 160);
});

test('a line with two boxes, or nothing after its box, keeps the free-space rule and moves nothing', () => {
  const two = layoutLines([{ box: line(120, 140), code: 'a' }, { box: line(200, 220), code: 'b' }], [line(150, 190), line(230, 260)], page);
  assert.deepEqual(two.shifts, []);
  const last = layoutLines([{ box: line(120, 140), code: 'a' }], [line(72, 117)], page);
  assert.deepEqual(last.shifts, []);
  assert.ok(last.drawn[0].box[2] - last.drawn[0].box[0] >= 48, 'grown into the free space after it');
});

test('a line is never moved off the page', () => {
  const { drawn, shifts } = layoutLines([{ box: line(500, 510), code: 'a' }], [line(513, 605)], page);
  assert.ok(605 + shifts[0].dx <= 611);
  assert.equal(drawn[0].box[2], 510 + shifts[0].dx);
});

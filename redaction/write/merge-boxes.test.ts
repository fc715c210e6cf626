import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeOverlapping } from './merge-boxes.ts';

test('overlapping boxes of a line merge with all their codes; touching lines stay apart', () => {
  const merged = mergeOverlapping([
    { box: [72, 172, 255, 183], code: '(b)(6)' },
    { box: [144, 172, 300, 183], code: '(b)(7)(C)' },
    { box: [72, 182.5, 150, 194], code: '(b)(6)' },
    { box: [400, 172, 420, 183], code: '' },
  ]);
  assert.deepEqual(merged, [
    { box: [72, 172, 300, 183], code: '(b)(6), (b)(7)(C)' },
    { box: [72, 182.5, 150, 194], code: '(b)(6)' },
    { box: [400, 172, 420, 183], code: '' },
  ]);
});

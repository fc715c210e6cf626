import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BURN_MARGIN_PT, burnBoxes, pixelRect } from './burn.ts';

test('boxes burn to solid black, grown by the margin, clamped to the image', () => {
  const image = { data: new Uint8Array(200 * 100).fill(255), width: 200, height: 100, dpi: 144 };
  burnBoxes(image, [[10, 10, 20, 15]]);
  const [x0, y0, x1, y1] = pixelRect(image, [10, 10, 20, 15], BURN_MARGIN_PT);
  assert.deepEqual([x0, y0, x1, y1], [18, 18, 42, 32]);
  for (let y = 0; y < 100; y++) {
    for (let x = 0; x < 200; x++) {
      const inside = x >= x0 && x < x1 && y >= y0 && y < y1;
      assert.equal(image.data[y * 200 + x], inside ? 0 : 255, `${x},${y}`);
    }
  }
  burnBoxes(image, [[95, 45, 200, 200]]);
  assert.equal(image.data[99 * 200 + 199], 0);
});

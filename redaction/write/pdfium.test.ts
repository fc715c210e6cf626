import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Heap } from './pdfium.ts';

test('the memory views are made again after the memory grows, and read what was written before', () => {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 4 });
  const heap = new Heap(memory);
  heap.fresh().f64[3] = 1.25;
  heap.fresh().u16[1] = 0x20ac;
  const before = heap.f64;
  memory.grow(2);
  // Growing detaches the old buffer: a view kept from before reads nothing.
  assert.equal(before.length, 0);
  const after = heap.fresh();
  assert.equal(after.f64.length, (3 * 65536) / 8);
  assert.equal(after.f64[3], 1.25);
  assert.equal(after.u16[1], 0x20ac);
  assert.equal(after.f32.buffer, memory.buffer);
  assert.equal(after.u32.buffer, memory.buffer);
});

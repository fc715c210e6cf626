import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { G4_THRESHOLD, encodeG4Stream } from './ccitt-g4.ts';

/** A one-strip TIFF around a G4 stream (MinIsWhite: 0 bits white), for libtiff to decode independently. */
function tiffOf(stream: Uint8Array, width: number, height: number): Buffer {
  const tags: [number, number, number][] = [
    [256, 4, width],
    [257, 4, height],
    [258, 3, 1],
    [259, 3, 4],
    [262, 3, 0],
    [273, 4, 0],
    [277, 3, 1],
    [278, 4, height],
    [279, 4, stream.length],
    [293, 4, 0],
  ];
  const ifdSize = 2 + tags.length * 12 + 4;
  const dataAt = 8 + ifdSize;
  const out = Buffer.alloc(dataAt + stream.length);
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(8, 4);
  out.writeUInt16LE(tags.length, 8);
  tags.forEach(([tag, type, value], k) => {
    const at = 10 + k * 12;
    out.writeUInt16LE(tag, at);
    out.writeUInt16LE(type, at + 2);
    out.writeUInt32LE(1, at + 4);
    const v = tag === 273 ? dataAt : value;
    if (type === 3) out.writeUInt16LE(v, at + 8);
    else out.writeUInt32LE(v, at + 8);
  });
  out.set(stream, dataAt);
  return out;
}

async function roundTrip(gray: Uint8Array, width: number, height: number): Promise<void> {
  const stream = encodeG4Stream(gray, width, height);
  // Bytes that do not start on a 4-byte boundary are read a pixel at a time: the same stream.
  const shifted = new Uint8Array(gray.length + 1).subarray(1);
  shifted.set(gray);
  assert.deepEqual(encodeG4Stream(shifted, width, height), stream);
  const decoded = await sharp(tiffOf(stream, width, height)).toColourspace('b-w').raw().toBuffer();
  assert.equal(decoded.length, width * height);
  for (let i = 0; i < width * height; i++) {
    const expected = gray[i] < G4_THRESHOLD ? 0 : 255;
    if (decoded[i] !== expected) assert.fail(`pixel ${i % width},${Math.floor(i / width)} of ${width}×${height}: decoded ${decoded[i]}, expected ${expected}`);
  }
}

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

test('every run length of either colour, up to beyond the longest make-up code, decodes back (libtiff)', async () => {
  // Row k: a white run of k, a black run of k, then white; rows long enough for 2 × 2700.
  const width = 5500;
  const lengths = [...Array(130).keys(), 1727, 1728, 1729, 1791, 1792, 1793, 2559, 2560, 2561, 2623, 2624, 2625, 2700];
  const gray = new Uint8Array(width * lengths.length).fill(255);
  lengths.forEach((k, row) => gray.fill(0, row * width + k, row * width + 2 * k));
  await roundTrip(gray, width, lengths.length);
});

test('random blocks, noise, gray levels around the threshold and odd widths decode back (libtiff)', async () => {
  const next = random(7);
  for (const [width, height] of [[1, 1], [7, 5], [613, 97], [2551, 40]]) {
    const gray = new Uint8Array(width * height).fill(255);
    for (let b = 0; b < (width * height) / 50; b++) {
      const x = Math.floor(next() * width);
      const y = Math.floor(next() * height);
      const w = 1 + Math.floor(next() * 40);
      const h = 1 + Math.floor(next() * 6);
      const level = Math.floor(next() * 256);
      for (let yy = y; yy < Math.min(height, y + h); yy++) gray.fill(level, yy * width + x, yy * width + Math.min(width, x + w));
    }
    // Single pixels flipping at random: the vertical and pass modes at their limits.
    for (let i = 0; i < gray.length; i += 1 + Math.floor(next() * 9)) gray[i] = next() < 0.5 ? 0 : 255;
    await roundTrip(gray, width, height);
  }
});

test('an all-black page and an all-white page decode back (libtiff)', async () => {
  await roundTrip(new Uint8Array(300 * 20), 300, 20);
  await roundTrip(new Uint8Array(300 * 20).fill(255), 300, 20);
});

test('a raster too small for its size is refused', () => {
  assert.throws(() => encodeG4Stream(new Uint8Array(10), 4, 4), /cannot hold/);
});

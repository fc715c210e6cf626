/**
 * @module
 * A small seeded generator of numbers in [0, 1) (mulberry32), so that samples, benchmarks and tests that draw at
 * random draw the same values on every run.
 */
/** mulberry32: a small seeded generator, so every run draws the same noise. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

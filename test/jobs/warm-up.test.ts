/**
 * A worker's warm-up runs a page of text down the scan path (render, then OCR, which
 * reads its words) without files from outside the code, and job priorities put the biggest documents first.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ok } from '../../pipeline/problems.ts';
import type { GrayImage } from '../../pipeline/model/raster.ts';
import { createOcrEngine } from '../../pipeline/ocr/engine.ts';
import type { OcrEngine } from '../../pipeline/ocr/engine.ts';
import { threadPool } from '../../pipeline/threads/task-pool.ts';
import { warmUp } from '../../pipeline/jobs/warm-up.ts';
import { LIGHT_PRIORITY, jobPriority } from '../../pipeline/jobs/queue.ts';

test('warm-up: the made-up scan is rendered and handed to the OCR engine once, with ink on it, then released with a box; the text page is detected, written and verified', async () => {
  const seen: GrayImage[] = [];
  const engine: OcrEngine = {
    recognize: async (image) => {
      seen.push(image);
      return ok({ lines: [], meanConfidence: 0 });
    },
    close: async () => {},
  };
  const tasks = threadPool(1);
  let report;
  try {
    report = await warmUp(tasks, Promise.resolve(engine));
  } finally {
    await tasks.close();
  }
  // The redact path ran for real: detection found the value, and the release passed verification.
  assert.deepEqual(report, { scanned: true, scanReleased: true, findings: 1, released: true });
  assert.equal(seen.length, 1, 'one OCR call: the page took the scan path');
  const dark = seen[0].data.filter((v) => v < 128).length;
  assert.ok(dark > seen[0].data.length * 0.05, `the rendered page has its ink (${dark} dark pixels of ${seen[0].data.length})`);
});

test('warm-up: the OCR engine reads words from the made-up scan (recognition ran, not only the layout)', async () => {
  const real = await createOcrEngine({ workers: 1, pageTimeoutMs: 120_000 });
  const read: string[] = [];
  const engine: OcrEngine = {
    recognize: async (image, page) => {
      const r = await real.recognize(image, page);
      if (r.ok) read.push(...r.value.lines.flat().map((w) => w.text));
      return r;
    },
    close: async () => {},
  };
  const tasks = threadPool(1);
  try {
    await warmUp(tasks, Promise.resolve(engine));
  } finally {
    await tasks.close();
    await real.close();
  }
  const known = read.filter((w) => ['THE', 'OVER', 'LAZY', 'DOG', 'JUMPS', 'WITH', 'FIVE', 'JUGS', 'BOX'].includes(w));
  assert.ok(known.length >= 6, `words read: ${read.join(' ')}`);
});

test('job priority: more pages first; before extraction, bigger files first', () => {
  assert.ok(jobPriority([{ pageCount: 40, byteLength: 10_000 }]) > jobPriority([{ pageCount: 2, byteLength: 9_000_000 }]));
  assert.ok(jobPriority([{ pageCount: null, byteLength: 3_000_000 }]) > jobPriority([{ pageCount: null, byteLength: 20_000 }]));
  assert.equal(jobPriority([{ pageCount: 3, byteLength: null }, { pageCount: 4, byteLength: null }]), 7, 'a group counts all its pages');
  assert.equal(jobPriority([{ pageCount: null, byteLength: null }]), 0);
});

test("job priority: a light stage's job is in the light band, above any other job, and fits PostgreSQL's int4", () => {
  const light = jobPriority([{ pageCount: 1, byteLength: 10 }], 'redacted', true);
  assert.ok(light >= LIGHT_PRIORITY, 'a worker with every slot working fetches it (minPriority)');
  assert.ok(jobPriority([{ pageCount: 999_999_999, byteLength: null }], 'verified') < LIGHT_PRIORITY, 'no other job reaches the band');
  assert.ok(jobPriority([{ pageCount: 999_999_999, byteLength: null }], 'verified', true) <= 2 ** 31 - 1);
});

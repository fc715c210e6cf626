import assert from 'node:assert/strict';
import { test } from 'node:test';
import { progressReporter } from './progress.ts';
import type { BatchProgress } from './run-batch.ts';

const at = (stage: string, done: number, extra: Partial<BatchProgress> = {}): BatchProgress => ({ stage, documentsDone: done, documentsTotal: 10, failed: 0, pagesDone: done * 3, ...extra });

test('on a terminal: one bar redrawn in place with counts, rate, ETA and the current file', () => {
  let out = '';
  let clock = 0;
  const r = progressReporter({ write: (t) => void (out += t), isTTY: true, columns: 160, now: () => clock });
  r.update(at('Extracting', 0));
  clock = 2000;
  r.update(at('Extracting', 4, { current: 'sub/report-7.pdf' }));
  const last = out.split('\r\x1b[K').at(-1)!;
  assert.match(last, /^\[█{8}░{12}\] 4\/10 docs · 12 pages · 2\.0 docs\/s · ETA 3\.0 s · Extracting sub\/report-7\.pdf$/);
  assert.ok(!out.includes('\n'), 'the bar never scrolls');
  r.update(at('Extracting', 5, { failed: 1, outcome: { path: 'bad.pdf', state: 'failed', problem: { code: 'input.corrupt', message: 'bad.pdf is damaged.', file: 'bad.pdf' } } }));
  assert.match(out, /\r\x1b\[K {2}failed: bad\.pdf: bad\.pdf is damaged\. \[input\.corrupt\]/);
  r.end();
  assert.ok(out.endsWith('\r\x1b[K'), 'the bar is cleared before the summary');
});

test('not a terminal: plain lines at stage changes and failures, no control codes', () => {
  let out = '';
  let clock = 0;
  const r = progressReporter({ write: (t) => void (out += t), isTTY: false, now: () => clock });
  for (let i = 0; i < 5; i++) r.update(at('Extracting', i, { current: `f${i}.pdf` }));
  clock = 100;
  r.update(at('Detecting', 5));
  r.update(at('Detecting', 6, { outcome: { path: 'copy.pdf', state: 'duplicate', duplicateOf: 'd_1' } }));
  r.end();
  assert.deepEqual(out.split('\n').filter(Boolean), [
    'Extracting: 0/10 documents done, 0 pages',
    'Detecting: 5/10 documents done, 15 pages',
    '  duplicate: copy.pdf',
    'Done: 6/10 documents done, 18 pages',
  ]);
  assert.ok(!/\x1b/.test(out));
});

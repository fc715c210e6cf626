import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toWinAnsi, winAnsiHex } from './winansi.ts';

test('WinAnsi text passes through; other characters are transliterated or replaced', () => {
  const cases: [string, string][] = [
    ['Budget 2025', 'Budget 2025'],
    ['café – “quoted” €5', 'café – “quoted” €5'],
    ['Łódź', 'Lódz'],
    ['ﬁnance', 'finance'],
    ['Ђорђе', '?????'],
    ['名前', '??'],
  ];
  for (const [input, expected] of cases) assert.equal(toWinAnsi(input), expected, input);
});

test('hex bytes follow cp1252', () => {
  assert.equal(winAnsiHex('A€–'), '418096');
});

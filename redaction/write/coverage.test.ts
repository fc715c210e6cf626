import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Box } from '../../pipeline/model/types.ts';
import { isCovered } from './coverage.ts';

test('a word is covered by a box over any letter of it, not by a box grazing its line', () => {
  const word: Box = [100, 100, 160, 112];
  const cases: [string, Box, boolean][] = [
    ['whole word', [98, 98, 162, 114], true],
    ['middle letters only', [120, 99, 135, 113], true],
    ['first letter', [99, 100, 106, 112], true],
    ['box of the line above, overlapping ascenders', [100, 88, 160, 102], false],
    ['box of the line below', [100, 109, 160, 121], false],
    ['next word, touching the edge', [160, 100, 200, 112], false],
    ['far away', [300, 300, 320, 310], false],
  ];
  for (const [name, box, expected] of cases) assert.equal(isCovered(word, box), expected, name);
});

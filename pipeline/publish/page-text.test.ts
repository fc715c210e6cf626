import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LaidWord } from '../model/page-text.ts';
import type { Box } from '../model/types.ts';
import { portalPageText } from './page-text.ts';

/** Words of one line at y, from x, each 30 pt wide with 5 pt gaps. */
function line(y: number, x: number, ...texts: string[]): LaidWord[] {
  return texts.map((text, i) => ({ text, box: [x + i * 35, y, x + i * 35 + 30, y + 12] as Box }));
}
const marker = (box: Box, ...tokens: string[]): LaidWord[] => tokens.map((text) => ({ text, box }));

test('a marker goes back between the words left and right of its box, not to the end of the page', () => {
  const text = portalPageText([
    [...line(100, 72, 'Call'), ...line(100, 142, 'Quist', 'about')],
    line(120, 72, 'Second', 'line.'),
    // As the writer's layer reads in content order: the markers after every kept word.
    marker([107, 100, 137, 112], '[REDACTED', '(b)(6)]'),
    marker([160, 120, 200, 132], '[REDACTED(b)(7)(F)]'),
  ]);
  assert.equal(text, 'Call [REDACTED (b)(6)] Quist about\nSecond line. [REDACTED (b)(7)(F)]');
});

test('a marker on a line of its own stays after the line above it; one at the top comes first', () => {
  const text = portalPageText([
    line(100, 72, 'Heading'),
    line(140, 72, 'After', 'the', 'paragraph.'),
    marker([72, 116, 400, 136], '[REDACTED', '(b)(5)]'),
    marker([72, 40, 300, 60], '[REDACTED', '(b)(1)]'),
  ]);
  assert.equal(text, '[REDACTED (b)(1)]\nHeading\n[REDACTED (b)(5)]\nAfter the paragraph.');
});

test('a tall box covering several lines stands alone, after the line above it in its column', () => {
  const text = portalPageText([
    [...line(100, 72, 'Left'), ...line(100, 320, 'Right')],
    line(200, 72, 'Below'),
    marker([320, 115, 560, 190], '[REDACTED', '(b)(5)]'),
  ]);
  assert.equal(text, 'Left Right\n[REDACTED (b)(5)]\nBelow');
});

test('a page with no markers reads as before, and a page of markers alone keeps them all', () => {
  assert.equal(portalPageText([line(100, 72, 'One', 'two'), line(120, 72, 'three')]), 'One two\nthree');
  assert.equal(portalPageText([marker([72, 100, 200, 112], '[REDACTED', '(b)(6)]'), marker([72, 80, 200, 92], '[REDACTED', '(b)(3)]')]), '[REDACTED (b)(3)]\n[REDACTED (b)(6)]');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Word } from '../../pipeline/model/types.ts';
import { CONTRAST, overdrawn, wordVisibility } from './glyph-visibility.ts';

const W = 400;
const H = 60;
const page = { width: W / 2, height: H / 2 };

/** A 144 DPI strip (2 px a point) where `paint` sets each pixel of the word's area. */
function strip(paint: (x: number, y: number) => number) {
  const data = new Uint8Array(W * H).fill(255);
  for (let y = 20; y < 44; y++) for (let x = 20; x < 220; x++) data[y * W + x] = paint(x, y);
  return { data, width: W, height: H, dpi: 144 };
}
const word: Word = { text: 'Gonzalez', box: [10, 10, 110, 22], start: 0, end: 8, line: 0 };
const strokes = (x: number, y: number) => (x % 9 < 2 || (y % 12 < 2 && x % 20 < 10) ? 1 : 0);

test('glyph visibility: what shows and what hides', () => {
  const cases: [string, ReturnType<typeof strip>, string | undefined][] = [
    ['black glyphs on white', strip((x, y) => (strokes(x, y) ? 0 : 255)), undefined],
    ['white glyphs on a black band', strip((x, y) => (strokes(x, y) ? 255 : 0)), undefined],
    ['under a solid black box', strip(() => 0), 'under-dark-shape'],
    ['under cross-hatching (gray lines on black)', strip((x, y) => ((x + y) % 8 < 2 ? 90 : 0)), 'under-dark-shape'],
    ['white on white, or invisible', strip(() => 255), 'no-visible-ink'],
    ['box over the middle letters only', strip((x, y) => (x > 80 && x < 150 ? 0 : strokes(x, y) ? 0 : 255)), 'under-dark-shape'],
  ];
  for (const [name, image, how] of cases) assert.equal(wordVisibility(image, word, page).how, how, name);
  assert.equal(wordVisibility(strip(() => 255), { ...word, box: [300, 10, 330, 22] }, page).how, 'outside-page');
  assert.equal(wordVisibility(strip((x, y) => (strokes(x, y) ? 0 : 255)), { ...word, box: [10, 10, 14, 10.6] }, page).how, 'too-small');
  assert.equal(wordVisibility(strip(() => 0), { ...word, text: '.' }, page).how, undefined, 'too little to judge');
});

test('glyph visibility on small cells (72 DPI): cells in two grays, and with a third, are judged as larger cells are', () => {
  // One pixel a point: each letter's cell holds a few dozen pixels, the size of a glyph on the
  // verifier's 100 DPI render, where a render without anti-aliasing draws ink and paper only.
  const small = (paint: (x: number, y: number) => number) => {
    const data = new Uint8Array(200 * 30).fill(255);
    for (let y = 10; y < 22; y++) for (let x = 10; x < 110; x++) data[y * 200 + x] = paint(x, y);
    return { data, width: 200, height: 30, dpi: 72 };
  };
  const thin = (x: number) => x % 4 === 0;
  const cases: [string, ReturnType<typeof small>, string | undefined][] = [
    ['black glyphs on white', small((x) => (thin(x) ? 0 : 255)), undefined],
    ['white glyphs on a black band', small((x) => (thin(x) ? 255 : 0)), undefined],
    ['gray glyph edges (a third gray)', small((x) => (thin(x) ? 0 : x % 4 === 1 ? 128 : 255)), undefined],
    ['under a solid black box', small(() => 0), 'under-dark-shape'],
    ['under cross-hatching (gray lines on black)', small((x, y) => ((x + y) % 8 < 2 ? 90 : 0)), 'under-dark-shape'],
    ['white on white, or invisible', small(() => 255), 'no-visible-ink'],
    ['a faint pattern of two close grays', small((x) => (thin(x) ? 230 : 255)), 'no-visible-ink'],
    ['box over the middle letters only', small((x) => (x > 40 && x < 75 ? 0 : thin(x) ? 0 : 255)), 'under-dark-shape'],
  ];
  for (const [name, image, how] of cases) assert.equal(wordVisibility(image, word, { width: 200, height: 30 }).how, how, name);
  // Ink on a dark background must be light: dark gray strokes on black are a fill's pattern, not glyphs.
  assert.equal(wordVisibility(small((x) => (thin(x) ? 100 : 0)), word, { width: 200, height: 30 }).how, 'under-dark-shape');
});

test('faint strokes: the writer does not keep them as clearly shown, the verifier does not flag them as hidden', () => {
  // Gray text on gray paper, softened the way a JPEG re-encoding and a lower resolution soften it.
  const faint = strip((x, y) => (strokes(x, y) ? 160 : 205));
  assert.equal(wordVisibility(faint, word, page, CONTRAST.keep).how, 'no-visible-ink');
  assert.equal(wordVisibility(faint, word, page, CONTRAST.flag).how, undefined);
  // Text that does not show at all is flagged by both.
  const blank = strip(() => 205);
  assert.equal(wordVisibility(blank, word, page, CONTRAST.flag).how, 'no-visible-ink');
});

test('overdrawn: different words drawn in the same place are candidates; fake bold, neighbours and watermarks are not', () => {
  const w = (text: string, box: [number, number, number, number], start?: number) => ({ text, box, ...(start !== undefined ? { start, end: start + text.length } : {}) });
  const cases: [string, ReturnType<typeof w>[], number[]][] = [
    ['corrected text typed over a white box', [w('TROOPPER,', [134.8, 315.1, 199.1, 328.4]), w('TROOPER,', [135.7, 313.7, 200.3, 328.6])], [0, 1]],
    ['the same word shifted by most of its width', [w('LLC', [202.1, 315.1, 224.8, 328.4]), w('LLC', [192.4, 313.7, 215.1, 328.6])], [0, 1]],
    ['fake bold: the same word printed twice a hair apart', [w('Budget', [72, 100, 110, 112]), w('Budget', [72.4, 100, 110.4, 112])], []],
    ['neighbours on a line', [w('annual', [72, 100, 110, 112]), w('budget', [112, 100, 150, 112])], []],
    ['neighbours in the text whose measured boxes overlap', [w('your', [377.3, 555, 391.4, 562.1], 10), w('total', [382.4, 553.5, 397.6, 562.4], 15)], []],
    ['lines above and below', [w('annual', [72, 100, 110, 112]), w('budget', [72, 108, 110, 120])], []],
    ['a large watermark word across small text', [w('DRAFT', [60, 80, 300, 200]), w('budget', [72, 100, 110, 112])], []],
    ['punctuation alone is not judged', [w('--', [72, 100, 80, 112]), w('ab', [72, 100, 80, 112])], []],
  ];
  for (const [name, words, expected] of cases) assert.deepEqual(overdrawn(words), expected, name);
});

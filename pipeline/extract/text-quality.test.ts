import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPlausibleToken, judgeTextLayer, countBad, countVisible } from './text-quality.ts';

const visible = { visibleGlyphs: 2000, invisibleGlyphs: 0, imageCoverage: 0 };
const prose =
  'The Court has received the plaintiff’s motion of June 22, 2020 (Dkt. 211) and the U.S. Attorney’s reply. For the reasons below, the motion is DENIED in part.';

test('readable prose, tables of numbers and forms keep their text layer', () => {
  const cases = [
    prose,
    'Alabama 25,364 1,039 Alaska 6,113 2,302 Arizona 22,130 4,011 Total 1,231,208 $1,200.50 12.5%',
    'Case 1:12-cv-05708-ER Document 11 Filed 09/27/13 Page 1 of 15 FBI NICS A0-10',
  ];
  for (const text of cases) assert.deepEqual(judgeTextLayer(text, visible), { use: 'text' }, text);
});

test('pages that must be OCRed, with the reason', () => {
  const cases: [string, string, { visibleGlyphs: number; invisibleGlyphs: number; imageCoverage: number }, string][] = [
    ['blank text layer', ' \n ', visible, 'no-text'],
    ['an invisible OCR layer over a scan', prose, { visibleGlyphs: 0, invisibleGlyphs: 1500, imageCoverage: 1 }, 'invisible-text'],
    ['a scan with an ECF stamp', 'Case 1:12-cv-05708-ER Document 11 Filed 09/27/13 Page 1 of 15', { visibleGlyphs: 52, invisibleGlyphs: 0, imageCoverage: 1 }, 'scan-with-stamp'],
    ['fonts without a Unicode map (control characters)', '$\u001e\u0019#\u0015\u0014\u0001"#\u0012#\u0015"\u0001\u0014\u0019"#!\u0019\u0013#', visible, 'garbage'],
    ['glyph soup of printable characters', '3(05:0--) ,:(3 #/, \u00136;8: /(9 8,*,0<,+ 73(05:0-- :09 (50,3A9 46:065 -68 8,30,- ;5+,8 !;3,', visible, 'garbage'],
    ['replacement characters', `${prose} ${'\uFFFD'.repeat(40)}`, visible, 'garbage'],
  ];
  for (const [what, text, summary, reason] of cases) {
    const verdict = judgeTextLayer(text, summary);
    assert.equal(verdict.use === 'ocr' ? verdict.reason : 'text', reason, what);
  }
});

test('a mostly visible page with a little invisible text keeps its text layer', () => {
  assert.equal(judgeTextLayer(prose, { visibleGlyphs: 1000, invisibleGlyphs: 30, imageCoverage: 0.2 }).use, 'text');
});

test('token plausibility: words, numbers, abbreviations and acronyms yes; symbol runs no', () => {
  for (const t of ['court', 'Court,', '(Dkt.', 'U.S.', '1,231,208', '$12.50', '12cv5708', 'FBI', 'Mr.', 'plaintiff’s', 'a', 'well-known', '§', '—']) assert.ok(isPlausibleToken(t), t);
  for (const t of ['0<,+', ';5+,8', '(50,3A9', 'xzkqwrt', 'aaaah!!', '#/,']) assert.ok(!isPlausibleToken(t), t);
});

test('countVisible counts what /\\S/gu matches, for every BMP character, surrogate pairs and lone surrogates', () => {
  const byRegex = (t: string) => t.match(/\S/gu)?.length ?? 0;
  let all = '';
  for (let code = 0; code <= 0xffff; code++) all += String.fromCharCode(code);
  assert.equal(countVisible(all), byRegex(all));
  for (const t of ['', ' \t\n', 'a b', '\u00a0x\u3000', '😀 😀', '\ud800', '\udc00a', 'a\ud83d', '\ud83d\ude00\ud83d', '\ufeff\u200b']) {
    assert.equal(countVisible(t), byRegex(t), JSON.stringify(t));
  }
});

test('countBad counts what /(?!\\s)[\\p{Cc}\\p{Co}\\p{Cs}\\uFFFD]/gu matches, over every code point and lone surrogates', () => {
  const byRegex = (t: string) => t.match(/(?!\s)[\p{Cc}\p{Co}\p{Cs}\uFFFD]/gu)?.length ?? 0;
  for (let from = 0; from <= 0x10ffff; from += 0x10000) {
    let plane = '';
    for (let point = from; point < from + 0x10000; point++) plane += String.fromCodePoint(point);
    assert.equal(countBad(plane), byRegex(plane), `plane ${from >> 16}`);
  }
  for (const t of ['', '\ud800', '\udc00a', 'a\ud83d', '\ud83d\ude00\ud83d', '\udbff\udffd\udbff\udffe', '\u0085\t\u0000\ufffd']) {
    assert.equal(countBad(t), byRegex(t), JSON.stringify(t));
  }
});

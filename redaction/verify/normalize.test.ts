import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findNeedle, findNeedles, indexText, isSearchable, needleRanges, prepare } from './normalize.ts';

test('finds a removed string under each normalisation', () => {
  const cases: [string, string, string | undefined][] = [
    ['Officer Maria Gonzalez signed', 'Maria Gonzalez', 'tokens'],
    ['officer MARIA\n  GONZALEZ signed', 'Maria Gonzalez', 'tokens'],
    ['Gonzalez, Maria', 'Maria Gonzalez', undefined],
    ['signed by Gon zalez', 'Gonzalez', 'alnum'],
    ['SSN 372 41 8806 on file', '372-41-8806', 'tokens'],
    ['SSN 372418806 on file', '372-41-8806', 'alnum'],
    ['SSN 372.41.8806', '372-41-8806', 'tokens'],
    ['SSN 372–41–8806', '372-41-8806', 'tokens'],
    ['SSN: 37241 8806', '372-41-8806', 'alnum'],
    ['three options were costed', 'Option', undefined],
    ['Gonzalezes', 'Gonzalez', undefined],
    ['Zoë Ångström', 'Zoe Angstrom', 'tokens'],
    ['The budget for 2025 is approved.', 'Maria Gonzalez', undefined],
    ['Order 1372418806X', '372-41-8806', 'digits'],
    ['Order 1-372-41-8806', '372-41-8806', 'tokens'],
  ];
  for (const [text, needle, expected] of cases) assert.equal(findNeedle(prepare(text), needle), expected, `${needle} in ${text}`);
  // Every needle at once, as the verifier searches a page: the same answers, in the needles' order.
  const needles = [...new Set([...cases.map(([, needle]) => needle), 'abcd', 'file'])];
  // Beyond ASCII: a running header's dash, letters outside the Basic Multilingual Plane, a ligature, a lone surrogate.
  const texts = [...cases.map(([text]) => text), 'REPORT — 𝐀𝐁𝐂𝐃 Gon\u0301zalez ﬁle \ud800 372–41–8806', '— Gonzal\ud800ez 𝐀𝐁 𝐂𝐃'];
  for (const text of texts) {
    const one = needles.flatMap((needle) => {
      const how = findNeedle(prepare(text), needle);
      return how ? [{ needle, how }] : [];
    });
    assert.deepEqual(findNeedles(text, needles), one, text);
  }
  assert.deepEqual(findNeedles('Order 1372418806X and Gon zalez', ['Gonzalez', '372-41-8806', 'Ruiz']), [
    { needle: 'Gonzalez', how: 'alnum' },
    { needle: '372-41-8806', how: 'digits' },
  ]);
});

test('hard negatives: digits of unrelated numbers far apart do not join', () => {
  assert.equal(findNeedle(prepare('page 372 of volume 41, 8806 copies'), '372-41-8806'), undefined);
});

test('strings shorter than four letters or digits are left to the position check', () => {
  assert.equal(isSearchable('a'), false);
  assert.equal(isSearchable('def'), false);
  assert.equal(isSearchable('“No”'), false);
  assert.equal(isSearchable('Yuriy'), true);
  assert.equal(findNeedle(prepare('a def b'), 'def'), undefined);
});

test('needle ranges: whole tokens, split words, digits alone, ligatures; never inside a longer word', () => {
  const text = 'Code 4471# set; account 4471; SSN 372 41 8806 or 372418806; Gon zalez; Gonzalezes; the ﬁle Ruiz; Ruizes';
  const at = (needle: string) => needleRanges(indexText(text), needle).map(([s, e]) => text.slice(s, e));
  assert.deepEqual(at('4471#'), ['4471', '4471']);
  assert.deepEqual(at('372-41-8806'), ['372 41 8806', '372418806']);
  assert.deepEqual(at('Gonzalez'), ['Gon zalez']);
  assert.deepEqual(at('file'), ['ﬁle']);
  assert.deepEqual(at('Ruiz'), ['Ruiz']);
});

test('needle ranges: letters outside the Basic Multilingual Plane map back to their own characters', () => {
  const text = 'Name: 𠀀𠀁 Ward, 𝐀𝐁𝐂𝐃 mailed';
  const at = (needle: string) => needleRanges(indexText(text), needle).map(([s, e]) => text.slice(s, e));
  assert.deepEqual(at('𠀀𠀁'), ['𠀀𠀁']);
  assert.deepEqual(at('abcd'), ['𝐀𝐁𝐂𝐃']);
  const index = indexText(text);
  assert.equal(index.from.length, index.chars.length);
});

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import nlp from 'compromise';
import { analyze, withCompromiseFromText, withCompromiseSweep } from './nlp.ts';

const tagsOf = (text: string) => analyze(text).map((t) => `${t.start}-${t.end} ${t.text} ${[...t.tags].sort().join(',')}`);

// nlp.ts replaces compromise's post-tagger sweep with a cheaper choice of patterns; the tags must not move. The
// samples' page texts (memos, a roster, letters, reports) run hundreds of its patterns; the lines below add a few
// shapes they lack.
test("the post-tagger sweep sets the same tags as compromise's own, on every sample page and odd lines", () => {
  const gt = join(import.meta.dirname, '..', '..', 'samples', 'gt');
  const texts = [
    ...readdirSync(gt).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(join(gt, f), 'utf8')),
    'HADDAD, Youssef; STIRLING, DON C; ATTY: YNCHAUSTI, JOHN C',
    'The Honorable Tobias Quill, District Judge, presiding. Dept. 53 CIVIL CALENDAR MONDAY JANUARY 8',
    'Allida who is a good friend of Wren Lindqvist said she would be running late, walking fast and sent it.',
    'Bought, sold, seen: THE COMMITTEE MET; Chair Ines Ferreira moved to approve; Asm. Chen seconded.',
  ];
  let terms = 0;
  for (const text of texts) {
    const ours = tagsOf(text);
    terms += ours.length;
    assert.deepEqual(ours, withCompromiseSweep(() => tagsOf(text)), text.slice(0, 80));
  }
  assert.ok(terms > 500, `only ${terms} terms tagged`);
});

// nlp.ts keeps compromise's parse of the words a contraction step splits a token into ("1-3" into "1 to 3"); the
// tags must be those of a fresh parse each time, on the samples and on lines of ranges, times and contractions.
test("kept re-parses of split tokens set the same tags as compromise's own, on every sample page and odd lines", () => {
  const gt = join(import.meta.dirname, '..', '..', 'samples', 'gt');
  const lines = [
    'Form 1040 (2023-2024) Lines 1-3 and 4-5 of Schedule B, Maria Gonzalez, 10-12 Elm Street, open 5-9pm, SSN 123-45-6789',
    "Wren Lindqvist said it's 1-3 days; James Okafor didn't know, and there's been 2-4 calls since 2019-2020.",
    'Pages 12-14: Aisha Adeyemi, 9am-5pm; Chen Haddad, 8:30-4:30; again Lines 1-3, 1-3 and 2023-2024 for Tobias Quill.',
  ];
  const texts = [...readdirSync(gt).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(join(gt, f), 'utf8')), ...lines, ...lines];
  let terms = 0;
  for (const text of texts) {
    const ours = tagsOf(text);
    terms += ours.length;
    assert.deepEqual(ours, withCompromiseFromText(() => tagsOf(text)), text.slice(0, 80));
  }
  assert.ok(terms > 500, `only ${terms} terms tagged`);
  // the ranges were split (a split token keeps its text on its first word, tagged NumberRange)
  const ranges = tagsOf(lines[2]).filter((t) => t.includes('NumberRange'));
  assert.ok(ranges.length >= 4, ranges.join('\n'));
});

test('a range that comes again is not parsed again', () => {
  const world = (nlp as unknown as { _world: { methods: { one: { tokenize: { fromString: (...a: unknown[]) => unknown } } } } })._world;
  const tokenize = world.methods.one.tokenize;
  const own = tokenize.fromString;
  let calls = 0;
  tokenize.fromString = (...a: unknown[]) => {
    calls++;
    return own(...a);
  };
  try {
    // the text itself once, then "17 to 19" once: the second and third "17-19" are copies of the first parse
    analyze('Maria Gonzalez 17-19 days.\n\nJames Okafor 17-19 days.\n\nAisha Adeyemi 17-19 days.');
    const first = calls;
    assert.equal(first, 2, 'the text and the range once');
    calls = 0;
    analyze('Wren Lindqvist 17-19 days.');
    assert.equal(calls, 1, `the text only, not the range again (the first text took ${first})`);
  } finally {
    tokenize.fromString = own;
  }
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { linesFromRuns, pageTextFromRuns } from './words-from-runs.ts';
import type { ToTopLeft } from './words-from-runs.ts';
import type { FontStyle, TextRun } from './pdfjs.ts';
import { charWidth } from './standard-widths.ts';

const styles: Record<string, FontStyle> = {
  sans: { fontFamily: 'sans-serif', ascent: 0.75, descent: -0.25, vertical: false },
  serif: { fontFamily: 'serif', ascent: 0.75, descent: -0.25, vertical: false },
};
const upright: ToTopLeft = (x, y) => [x, 792 - y];
/** /Rotate 90 of a 1008 × 612 user space: displayed 612 wide, 1008 high. */
const rotate90: ToTopLeft = (x, y) => [y, x];

/** Width of `text` in Helvetica at `size`, as pdf.js would measure it for that font. */
function helvetica(text: string, size: number): number {
  return [...text].reduce((sum, ch) => sum + charWidth('sans-serif', ch), 0) * (size / 1000);
}

function run(text: string, x: number, y: number, options: Partial<TextRun> & { size?: number } = {}): TextRun {
  const size = options.size ?? 12;
  return { text, transform: [size, 0, 0, size, x, y], width: helvetica(text, size), height: size, fontName: 'sans', hasEOL: false, ...options };
}

const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 0.01, `${what}: ${actual} ≠ ${expected}`);

test('a run is split on spaces, each word boxed by its glyph widths, top-left origin, ascent to descent', () => {
  const { text, words } = pageTextFromRuns([run('Hello world', 100, 700)], styles, upright);
  assert.equal(text, 'Hello world');
  assert.deepEqual(words.map((w) => w.text), ['Hello', 'world']);
  close(words[0].box[0], 100, 'Hello x0');
  close(words[0].box[2], 100 + helvetica('Hello', 12), 'Hello x1');
  close(words[1].box[0], 100 + helvetica('Hello ', 12), 'world x0');
  close(words[1].box[2], 100 + helvetica('Hello world', 12), 'world x1');
  close(words[0].box[1], 792 - 700 - 9, 'top = baseline - ascent');
  close(words[0].box[3], 792 - 700 + 3, 'bottom = baseline - descent');
  assert.deepEqual([words[0].start, words[0].end, words[1].start, words[1].end], [0, 5, 6, 11]);
});

test('a justified line stretches its spaces, not its glyphs', () => {
  const plain = ['Alpha beta gamma', 'delta epsilon zeta', 'theta iota kappa', 'lambda mu nu xi'].map((t, i) => run(t, 72, 700 - i * 14));
  const justified = { ...run('Alpha beta gamma', 72, 600), width: helvetica('Alpha beta gamma', 12) + 20 };
  const lines = linesFromRuns([...plain, justified], styles, upright);
  const [alpha, beta, gamma] = lines[4];
  close(alpha.box[2] - alpha.box[0], helvetica('Alpha', 12), 'Alpha keeps its width');
  close(beta.box[0], 72 + helvetica('Alpha ', 12) + 10, 'beta moves by one stretched space');
  close(gamma.box[2], 72 + helvetica('Alpha beta gamma', 12) + 20, 'gamma ends at the run end');
});

test('runs on one baseline form one line; a new baseline or an end of line starts another', () => {
  const lines = linesFromRuns(
    [run('Name:', 72, 700), run('Jane', 120, 700), run('1', 150, 703, { size: 7 }), run('Next', 72, 686), { ...run('EOL', 200, 686), hasEOL: true }, run('after', 250, 686)],
    styles,
    upright,
  );
  assert.deepEqual(
    lines.map((l) => l.map((w) => w.text)),
    [['Name:', 'Jane', '1'], ['Next', 'EOL'], ['after']],
  );
});

test('touching runs with no space between are one word; a gap keeps them apart', () => {
  const smith = run('Smith', 72, 700);
  const comma = run(',', 72 + smith.width, 700);
  const far = run('B', 72 + smith.width + helvetica(',', 12) + 5, 700);
  const [line] = linesFromRuns([smith, comma, far], styles, upright);
  assert.deepEqual(line.map((w) => w.text), ['Smith,', 'B']);
  close(line[0].box[2], 72 + smith.width + helvetica(',', 12), 'joined word spans both runs');
});

test('ligatures come out as letters (NFKC) and whitespace-only runs add nothing', () => {
  const { text } = pageTextFromRuns([run('\ufb01le of\ufb02ow', 72, 700), run('   ', 200, 700), run('', 72, 650)], styles, upright);
  assert.equal(text, 'file offlow');
});

test('a word hyphenated at a line end keeps both parts, each on its own line', () => {
  const { text, words } = pageTextFromRuns([run('an exam-', 72, 700), run('ple here', 72, 686)], styles, upright);
  assert.equal(text, 'an exam-\nple here');
  assert.deepEqual(words.map((w) => [w.text, w.line]), [['an', 0], ['exam-', 0], ['ple', 1], ['here', 1]]);
});

test('on a /Rotate 90 page a horizontal run reads down the displayed page', () => {
  const [[word]] = linesFromRuns([run('Total', 100, 500)], styles, rotate90);
  // The baseline y=500 becomes displayed x=500, and glyph tops point to larger x after the turn.
  close(word.box[0], 500 - 3, 'x0 = baseline + descent');
  close(word.box[2], 500 + 9, 'x1 = baseline + ascent');
  close(word.box[1], 100, 'y0 = run start');
  close(word.box[3], 100 + helvetica('Total', 12), 'y1 = run end');
});

test('text drawn rotated by its own matrix gets an upright bounding box', () => {
  const rotated = { ...run('Up', 300, 400), transform: [0, 12, -12, 0, 300, 400] };
  const [[word]] = linesFromRuns([rotated], styles, upright);
  close(word.box[0], 300 - 9, 'x0 = baseline - ascent (glyph tops point left)');
  close(word.box[2], 300 + 3, 'x1');
  close(word.box[3], 792 - 400, 'y1 = run start');
  close(word.box[1], 792 - 400 - helvetica('Up', 12), 'y0 = run end');
});

test('a font without usable metrics falls back to proportional boxes within the run width', () => {
  const odd = { ...run('ab cd', 72, 700), fontName: 'unknown', width: 50 };
  const [[ab, cd]] = linesFromRuns([odd], {}, upright);
  assert.ok(ab.box[0] === 72 && Math.abs(cd.box[2] - 122) < 0.01);
  assert.ok(ab.box[2] < cd.box[0]);
});

test('a whitespace-only run between two touching runs is a word break (how pdf.js marks gaps between separately placed words)', () => {
  // An OCR text layer places each word on its own; pdf.js puts a " " item between them even when the gap is small.
  const your = run('Your', 72, 700);
  const space = { ...run(' ', 72 + your.width, 700), width: 1.2 };
  const current = run('current', 72 + your.width + 1.2, 700.5, { size: 10 });
  const { text, words } = pageTextFromRuns([your, space, current], styles, upright);
  assert.equal(text, 'Your current');
  assert.equal(words.length, 2);
  close(words[1].box[0], 72 + your.width + 1.2, 'current starts after the gap');
});

test('runs that overlap by more than kerning does are two words, even with no space between', () => {
  const bold = run('Yourself.', 72, 700, { size: 8 });
  const regular = run('If', 72 + bold.width - 1.1, 700, { size: 8 });
  assert.deepEqual(pageTextFromRuns([bold, regular], styles, upright).text, 'Yourself. If');
  const kerned = run('ou', 72 + run('Y', 72, 700).width - 0.3, 700);
  assert.deepEqual(pageTextFromRuns([run('Y', 72, 700), kerned], styles, upright).text, 'You');
});

test('a raised, smaller footnote marker is its own word; a small-capital word and a subscript stay whole', () => {
  const law = run('law.', 72, 700);
  const marker = run('2', 72 + law.width, 703, { size: 8 });
  const next = run('The', 72 + law.width + helvetica('2', 8) + 3, 700);
  assert.equal(pageTextFromRuns([law, marker, next], styles, upright).text, 'law. 2 The');
  // Small capitals: a large first letter and smaller letters on the same baseline.
  const f = run('F', 72, 600);
  const ed = run('ED.', 72 + f.width, 600, { size: 9 });
  assert.equal(pageTextFromRuns([f, ed], styles, upright).text, 'FED.');
  const h = run('H', 72, 500);
  const two = run('2', 72 + h.width, 497, { size: 8 });
  const o = run('O', 72 + h.width + helvetica('2', 8), 500);
  assert.equal(pageTextFromRuns([h, two, o], styles, upright).text, 'H2O');
  // A raised ordinal suffix is letters, not a marker.
  const n21 = run('21', 72, 400);
  assert.equal(pageTextFromRuns([n21, run('st', 72 + n21.width, 403, { size: 8 })], styles, upright).text, '21st');
});

test('a letter-spaced heading reads as its words: wider gaps between letters are the word breaks', () => {
  // pdf.js reports "D E P A R T M E N T" when characters are spaced apart (Tc) or typed with spaces.
  const spaced = (word: string, x: number, gap: number) => {
    const letters = [...word];
    let at = x;
    return letters.map((letter) => {
      const r = run(letter, at, 700, { size: 14 });
      at += r.width + gap;
      return r;
    });
  };
  const department = spaced('DEPARTMENT', 72, 3);
  const afterDepartment = department[department.length - 1].transform[4] + department[department.length - 1].width + 10;
  const of = spaced('OF', afterDepartment, 3);
  const afterOf = of[1].transform[4] + of[1].width + 10;
  const health = spaced('HEALTH', afterOf, 3);
  const { text, words } = pageTextFromRuns([...department, ...of, ...health], styles, upright);
  assert.equal(text, 'DEPARTMENT OF HEALTH');
  close(words[0].box[0], 72, 'DEPARTMENT starts at its first letter');
  close(words[0].box[2], afterDepartment - 10, 'and ends at its last');
  // Evenly spaced letters give no word breaks to go by: they stay letters rather than one run-on word.
  assert.equal(pageTextFromRuns(spaced('DEPARTMENTOFHEALTH', 72, 3), styles, upright).text, 'D E P A R T M E N T O F H E A L T H');
});

test('single letters spaced like words, digits, and widely spaced letters stay apart', () => {
  const line = (text: string, x = 72) => pageTextFromRuns([run(text, x, 700)], styles, upright).text;
  assert.equal(line('options a b c d apply'), 'options a b c d apply');
  assert.equal(line('Rate 1 2 3 4 5'), 'Rate 1 2 3 4 5');
  assert.equal(line('I A M'), 'I A M');
  // Column letters far apart (a table header).
  const columns = ['A', 'B', 'C', 'D', 'E'].map((letter, i) => run(letter, 72 + i * 60, 700));
  assert.equal(pageTextFromRuns(columns, styles, upright).text, 'A B C D E');
});

test('an accent drawn as its own glyph after its letter joins it: "Age" + "ˆncia" is "Agência"', () => {
  const age = run('Age', 72, 700, { size: 9 });
  // The circumflex is drawn back over the "e", raised a little, then the word goes on.
  const rest = run('\u02c6ncia', 72 + age.width - 3.75, 700.5, { size: 9 });
  const aviac = run('Aviac', 72, 680, { size: 9 });
  const cedilla = run('\u00b8a', 72 + aviac.width - 4.5, 680, { size: 9 });
  const tilde = run('\u02dco', 72 + aviac.width - 4.5 + cedilla.width - 4.5, 680, { size: 9 });
  const { text } = pageTextFromRuns([age, rest, aviac, cedilla, tilde], styles, upright);
  assert.equal(text, 'Ag\u00eancia\nAvia\u00e7\u00e3o');
  // A lone accent character elsewhere stays as it is.
  assert.equal(pageTextFromRuns([run('a ` b', 72, 600)], styles, upright).text, 'a ` b');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caseless } from './caseless.ts';

/** Every casing the test strings take: as written, lower, upper, title and alternating. */
function casings(s: string): string[] {
  const alternating = [...s].map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase())).join('');
  return [s, s.toLowerCase(), s.toUpperCase(), s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(), alternating];
}

const cases: { source: string; flags: string; subjects: string[] }[] = [
  { source: String.raw`(?<![\p{L}])(?:ul\.|rua|rue|avenue de[s]?|c/|praça|camiño)\s\p{L}+\s\d+`, flags: 'gu', subjects: ['lives on Rua Mina 50 street', 'at avenue des Champs 12', 'C/ Señores 88', 'Praça Sé 1', 'ul. Długa 5', 'ulx Długa 5', 'Rux Mina 50'] },
  { source: String.raw`\b(?:(?:jan|feb|mar|dec)[a-z]*)\.?\s`, flags: 'g', subjects: ['January 5', 'dec. 12', 'DECEMBER 1', 'Jan1', 'mayday 3'] },
  { source: String.raw`\b(?:number|no|id|issued by|state)\b`, flags: 'g', subjects: ['Licence Number: 5', 'No. 7', 'ID 9', 'issued by Ohio', 'nothing here', 'identity'] },
  { source: String.raw`(?:út|utcája|tér|körút|straße|str\.)`, flags: 'gu', subjects: ['Fő út 5', 'Váci utcája 3', 'Hauptstraße 9', 'Haupt str. 9', 'KÖRÚT 2'] },
  { source: String.raw`[^a-c]x[d-f]+`, flags: 'g', subjects: ['zxDEF', 'axd', 'QXfe', 'cXF'] },
];

test('caseless(x) matches what (?i:x) matches, in every casing of the subjects', () => {
  for (const { source, flags, subjects } of cases) {
    const modifier = new RegExp(`(?i:${source})`, flags);
    const spelled = new RegExp(`(?:${caseless(source)})`, flags);
    assert.doesNotMatch(caseless(source), /\(\?i:/);
    let matched = 0;
    for (const subject of subjects.flatMap(casings)) {
      const want = [...subject.matchAll(modifier)].map((m) => `${m.index}:${m[0]}`);
      matched += want.length;
      assert.deepEqual([...subject.matchAll(spelled)].map((m) => `${m.index}:${m[0]}`), want, `${source} on "${subject}"`);
    }
    // the oracle: the subjects exercise the pattern, in more than one casing
    assert.ok(matched >= 3, `${source}: ${matched} matches`);
  }
});

test('escapes, classes and ranges keep their meaning', () => {
  assert.equal(caseless(String.raw`ab\.\p{Lu}\b[s]?[a-z]`), String.raw`[aA][bB]\.\p{Lu}\b[sS]?[a-zA-Z]`);
  assert.equal(caseless('straße'), '[sS][tT][rR][aA]ß[eE]');
});

test('no detector pattern holds a case modifier group', async () => {
  const { readdirSync, readFileSync } = await import('node:fs');
  const dir = new URL('./', import.meta.url);
  const offenders = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'caseless.ts' && readFileSync(new URL(f, dir), 'utf8').includes('(?i:'));
  assert.deepEqual(offenders, []);
});

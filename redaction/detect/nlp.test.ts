import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze, withCompromiseSweep } from './nlp.ts';

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

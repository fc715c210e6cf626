/**
 * @module
 * Given names: compromise's name lexicon plus 8,400 common first names of English-speaking countries
 * (data/given-names.txt, from Grady Ward's Moby list; see data/README.md). A given name is evidence that a
 * capitalised run names a person ("Priya Venkataraman", "Jean-Baptiste"); a surname alone is not.
 */
import { readFileSync } from 'node:fs';
import { lexiconTags } from './nlp.ts';

const listed = new Set(readFileSync(new URL('./data/given-names.txt', import.meta.url), 'utf8').split('\n').map((w) => w.trim().toLowerCase()).filter((w) => w.length > 0));

/** Whether `word` (any case) is a given name. */
export function isGivenName(word: string): boolean {
  const w = word.toLowerCase();
  return listed.has(w) || lexiconTags(w).some((t) => t === 'FirstName' || t === 'MaleName' || t === 'FemaleName');
}

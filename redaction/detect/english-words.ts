/**
 * @module
 * Ordinary English words (SCOWL, see data/README.md), read once. A capitalised
 * word found here is not a name by itself; one missing from here and from the
 * NLP lexicon is likely a name, place or organisation.
 */
import { readFileSync } from 'node:fs';

const words = new Set(readFileSync(new URL('./data/english-words.txt', import.meta.url), 'utf8').split('\n'));

export function isEnglishWord(word: string): boolean {
  const w = word.toLowerCase();
  if (w.length <= 2) return true;
  if (words.has(w)) return true;
  // plurals and simple inflections of listed words
  return (w.endsWith('s') && words.has(w.slice(0, -1))) || (w.endsWith('es') && words.has(w.slice(0, -2))) || (w.endsWith('ed') && words.has(w.slice(0, -2))) || (w.endsWith('ies') && words.has(`${w.slice(0, -3)}y`));
}

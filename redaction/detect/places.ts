/**
 * @module
 * Place names a capitalised run may be instead of a person: the US states, the
 * District of Columbia and the territories (data/us-states.tsv), and the
 * countries, regions and cities compromise's lexicon knows. "Virginia" alone is
 * the state; "Virginia Woolf" is a person, and never a place name whole.
 *
 * ```ts
 * isPlaceName('Puerto Rico'); // true
 * placeAfterTown(', VA 22314'); // 'VA': "Alexandria, VA 22314"
 * ```
 */
import { readFileSync } from 'node:fs';
import { lexiconTags } from './nlp.ts';

const rows = readFileSync(new URL('./data/us-states.tsv', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => l.split('\t'));
const STATES = new Set(rows.map(([name]) => name.toLowerCase()));
const STATE_CODES = new Set(rows.map(([, code]) => code));
const PLACE_TAGS = ['City', 'Country', 'Region', 'Place'];

function key(text: string): string {
  return text
    .replace(/['’]s$/i, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/^(?:the )?(?:u\.\s?s\. )?/, '');
}

/** Whether `text`, whole, is a state, territory, country, region or city. */
export function isPlaceName(text: string): boolean {
  const k = key(text);
  return STATES.has(k) || lexiconTags(k).some((t) => PLACE_TAGS.includes(t));
}

/** After a town: a comma, then a state's postal code ("TX", "MO 63118") or a state or country named whole. */
const AFTER_TOWN = /^[ \t]*,[ \t]*(?:\n[ \t]*)?(?:([A-Z]{2})(?![\p{L}\p{N}])|(\p{Lu}[\p{L}.]*(?:[ \t]+(?:of[ \t]+)?\p{Lu}[\p{L}.]*){0,3}))/u;

/**
 * The state or country after a capitalised run that makes it a town (", VA", ", Morocco", ", New Mexico"), or
 * undefined. The caller judges a place that is also a given name (", Georgia" after "Smith" is "Last, First").
 */
export function placeAfterTown(after: string): string | undefined {
  const m = AFTER_TOWN.exec(after);
  if (!m) return undefined;
  if (m[1]) return STATE_CODES.has(m[1]) ? m[1] : undefined;
  // the longest run of the words after the comma that is a place ("New Mexico" before "Mexico")
  const words = m[2].split(/[ \t]+/);
  for (let n = words.length; n > 0; n--) {
    const candidate = words.slice(0, n).join(' ');
    if (STATES.has(key(candidate)) || lexiconTags(key(candidate)).some((t) => t === 'Country' || t === 'Region')) return candidate;
  }
  return undefined;
}

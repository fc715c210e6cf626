/**
 * @module
 * Dates of birth: a date that a birth label names, and no other. The label stands right before the date with only
 * filler between ("DOB: 11-02-1973", "Date of Birth 11/02/1958", "born on November 2, 1958", "born in Lagos on 3
 * March 1961", "(DOB 07/22/1986)"), heads its table column ("DOB"), or is its form field's printed label. A birth
 * word further off labels something else: "Born Free USA … received 2/11/2013" (an organisation, then another
 * event's date), "born 1961, arrested 03-06-2012" (the arrest), "You were born before January 2, 1946" (a threshold
 * in instructions). Event dates a document is made of (filed, received, signed) are no one's personal detail.
 */
import type { Candidate, Detector } from './detector.ts';
import { findPhrase } from './detector.ts';
import type { DetectInput } from './input.ts';
import { columnHeader, formLabel } from './columns.ts';
import { caseless } from './caseless.ts';
import { DATE_SOURCE, plausibleDate } from './dates.ts';

const DATE = new RegExp(DATE_SOURCE, 'gi');
/** Birth labels as they are printed: "DOB", "D.O.B.", "Date of Birth", "birth date", "birthdate", "born", "b.". */
const LABEL = caseless(String.raw`(?:\bd\.?[ \t]?o\.?[ \t]?b\b\.?|\bdate[ \t]+of[ \t]+birth\b|\bbirth[ \t]?date\b|\bbirthday\b|\bborn\b)`);
/** Where or to whom someone was born, between "born" and the date: "born in Lagos, Nigeria, on", "Born to Joyce and the late Donald Morin on". */
// The last word takes one space or tab, not a run: FILLER takes the rest, so a run is not split two ways between them
// (the same strings match; regex-safety.test.ts).
const PLACE_WORD = String.raw`(?:\p{Lu}[\p{L}.'’-]*|and|the|late|of),?`;
const PLACE = String.raw`(?:[ \t]+(?:${caseless('in|at|to')})[ \t]+(?:${PLACE_WORD}[ \t]+){0,7}?${PLACE_WORD}[ \t])?`;
/** What may stand between a label and its date: punctuation, a line break after a label alone, "on", "is", "was", a format hint. */
const FILLER = String.raw`(?:[ \t:;#=(),.–-]|\n|\b${caseless('(?:on|is|was|of|date|mm/dd/yyyy|mm/dd/yy)')}\b)*`;
const LABEL_BEFORE = new RegExp(`${LABEL}${PLACE}${FILLER}$`, 'u');
/** Header and form-label words that name a birth date. */
const HEADER_WORDS = ['dob', 'd o b', 'date of birth', 'birth date', 'birthdate', 'birthday', 'born'];

/** The birth label right before [start, …), or undefined: the text between holds only filler. */
function labelBefore(text: string, start: number): string | undefined {
  const lead = text.slice(Math.max(0, start - 60), start);
  // a label on the line above counts only when it stands alone at that line's end ("Date of Birth\n11/02/1958")
  const m = LABEL_BEFORE.exec(lead);
  if (!m) return undefined;
  const between = m[0];
  if (between.includes('\n') && !/^[^\n]*\n[ \t]*$/.test(between.replace(new RegExp(`^${LABEL}`, 'u'), ''))) return undefined;
  return between.trim().split(/[\s:;#=(),.–-]+/)[0].toLowerCase();
}

function find(input: DetectInput): Candidate[] {
  const text = input.digitText;
  const out: Candidate[] = [];
  DATE.lastIndex = 0;
  for (const m of text.matchAll(DATE)) {
    const start = m.index;
    const end = start + m[0].length;
    const label = labelBefore(text, start);
    if (label) {
      out.push({ start, end, score: 0.7, why: ['pattern date', `birth label "${label}" before it`] });
      continue;
    }
    const header = columnHeader(input, start, end);
    const field = header.length ? [] : formLabel(input, start, end);
    const named = findPhrase(header, HEADER_WORDS) ?? findPhrase(field, HEADER_WORDS);
    if (named) out.push({ start, end, score: 0.7, why: ['pattern date', `${header.length ? 'column header' : 'form label'} "${named}"`] });
  }
  return out;
}

export const dateOfBirth: Detector = {
  id: 'date-of-birth',
  category: 'personal.dob',
  summary: 'Dates of birth: a date a birth label names (plain event dates are kept).',
  ocrDigits: true,
  find,
  // a date its own label names as another event ("born before January 2, 1946", "dated", "received") is that event's
  exclude: ['before', 'after', 'prior to', 'dated', 'received', 'due', 'target', 'closed', 'filed', 'entered', 'docketed', 'issued', 'signed', 'effective', 'complaint', 'decided', 'submitted', 'hearing', 'incident', 'death', 'died', 'expires', 'expiration'],
  // "4.48.11. Updating Personnel Records" (after a birth paragraph) is a paragraph number: no 48th day
  validate: (text) => (plausibleDate(text) ? 'a day that exists' : false),
  examples: {
    match: ['She was born on 04/17/1998.', 'DOB: 1978-04-13', 'Date of birth March 3, 1961', 'D.O.B. 3 March 1961', 'born in Lagos, Nigeria, on 3 March 1961', 'Date of Birth\n11/02/1958', 'WHEREAS, Born to Joyce and the late Donald Morin on June  30,  1959,'],
    ignore: [
      'The board met on March 3, 2024.',
      'birth/birth_593.html.\n4.48.11. Updating Personnel Records',
      'Filed 04/17/1998 with the clerk',
      'Report dated 1978-04-13',
      'Born Free USA | received 2/11/2013 | target 3/12/2013',
      'Licensee: Bunnies for Birthday, Seattle, WA, date of complaint: 12/10/2010.',
      'Jordan, born 1961, was arrested on 03-06-2012 in Ohio.',
      'The birth records office reopened on March 3, 2024.',
      'Date of birth, then the date of the order: 04/17/1998',
    ],
  },
};

import type { Detector } from './detector.ts';
import { DATE_SOURCE, plausibleDate } from './dates.ts';

export const dateOfBirth: Detector = {
  id: 'date-of-birth',
  category: 'personal.dob',
  summary: 'Dates of birth: a date near a birth cue (plain event dates are kept).',
  ocrDigits: true,
  patterns: [{ name: 'date', regex: new RegExp(DATE_SOURCE, 'gi'), score: 0.15 }],
  context: ['born', 'birth', 'dob', 'd o b', 'date of birth', 'birthday', 'birthdate'],
  // "born before January 2, 1946" is a threshold in a form's instructions; "dated" dates a document; a date its own
  // label names as another event ("received 2/11/2013" beside "Born Free USA", "date of complaint: 12/10/2010" after
  // "Bunnies for Birthday") is that event's
  exclude: ['before', 'after', 'prior to', 'dated', 'received', 'due', 'target', 'closed', 'filed', 'entered', 'docketed', 'issued', 'signed', 'effective', 'complaint', 'decided', 'submitted', 'hearing', 'incident', 'death', 'died', 'expires', 'expiration'],
  contextBoost: 0.55,
  // "4.48.11. Updating Personnel Records" (after a birth paragraph) is a paragraph number: no 48th day
  validate: (text) => (plausibleDate(text) ? 'a day that exists' : false),
  examples: {
    match: ['She was born on 04/17/1998.', 'DOB: 1978-04-13', 'Date of birth March 3, 1961', 'D.O.B. 3 March 1961'],
    ignore: ['The board met on March 3, 2024.', 'birth/birth_593.html.\n4.48.11. Updating Personnel Records', 'Filed 04/17/1998 with the clerk', 'Report dated 1978-04-13', 'Born Free USA | received 2/11/2013 | target 3/12/2013', 'Licensee: Bunnies for Birthday, Seattle, WA, date of complaint: 12/10/2010.'],
  },
};

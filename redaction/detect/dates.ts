/**
 * @module
 * Date patterns shared by detectors that need a date in a given context.
 */
const MONTH = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';

/** Numeric (3/7/1970, 1970-03-07, 07.03.1970) and written (March 7, 1970; 7 March 1970) dates. */
export const DATE_SOURCE = [
  // not a paragraph number that goes on ("4.9.11.1")
  '\\b\\d{1,2}[/.-]\\d{1,2}[/.-](?:\\d{4}|\\d{2})\\b(?!\\.\\d)',
  '\\b\\d{4}-\\d{2}-\\d{2}\\b',
  `\\b${MONTH} \\d{1,2}(?:st|nd|rd|th)?,? \\d{4}\\b`,
  `\\b\\d{1,2}(?:st|nd|rd|th)? (?:of )?${MONTH},? \\d{4}\\b`,
].join('|');

/**
 * @module
 * Date patterns shared by detectors that need a date in a given context.
 */
const MONTH = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';

/** Space between a written date's parts: typeset text doubles it ("June  30,  1959") or breaks the line. */
const SP = '(?:[ \\t]+(?:\\n[ \\t]*)?|\\n[ \\t]*)';

/** Numeric (3/7/1970, 1970-03-07, 07.03.1970) and written (March 7, 1970; 7 March 1970) dates. */
export const DATE_SOURCE = [
  // not a paragraph number that goes on ("4.9.11.1")
  '\\b\\d{1,2}[/.-]\\d{1,2}[/.-](?:\\d{4}|\\d{2})\\b(?!\\.\\d)',
  '\\b\\d{4}-\\d{2}-\\d{2}\\b',
  `\\b${MONTH}${SP}\\d{1,2}(?:st|nd|rd|th)?,?${SP}\\d{4}\\b`,
  `\\b\\d{1,2}(?:st|nd|rd|th)?${SP}(?:of${SP})?${MONTH},?${SP}\\d{4}\\b`,
].join('|');

/**
 * Whether a numeric date names a day that exists in some reading (month first or day first; year first for ISO):
 * "4.48.11" is a paragraph number, "13/13/2020" no date. Written dates pass.
 */
export function plausibleDate(text: string): boolean {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (iso) return valid(+iso[2], +iso[3]);
  const n = /^(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}$/.exec(text);
  if (!n) return true;
  return valid(+n[1], +n[2]) || valid(+n[2], +n[1]);
}

function valid(month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

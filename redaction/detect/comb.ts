/**
 * @module
 * Comb fields: a form prints a number one digit per box ("3 2 5 0 7 0 7 6 0"), and the text layer or OCR reads a
 * space or two between the digits. The pattern takes the whole run of exactly `count` digits or nothing, so a
 * finding covers the whole value; the detector's context and validator still decide.
 *
 * ```ts
 * patterns: [digitPerBox(9, 0.2)]
 * ```
 */
import type { Pattern } from './detector.ts';

export function digitPerBox(count: number, score: number): Pattern {
  return {
    name: 'one digit per box',
    // a run of single digits, not part of a longer one; a whole number before or after it ("555-0164 4 0 7 1 8", as a
    // flattened form writes its fields one after another) is another field's
    regex: new RegExp(`(?<![\\w.-]|(?<![\\w.-])\\d[ \\t]{1,2})\\d(?:[ \\t]{1,2}\\d){${count - 1}}(?![\\w-]|[ \\t]{1,2}\\d(?![\\w.-]))`, 'g'),
    score,
  };
}

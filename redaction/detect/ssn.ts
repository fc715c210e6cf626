import type { Detector, Pattern } from './detector.ts';
import { digitsOf } from './checksums.ts';
import { digitPerBox } from './comb.ts';

/** SSA rules: area not 000, 666 or 9xx; group not 00; serial not 0000; plus well-known dummies. */
export function ssnValid(text: string): false | string {
  const d = digitsOf(text);
  if (d.length !== 9) return false;
  const area = d.slice(0, 3);
  if (area === '000' || area === '666' || area[0] === '9') return false;
  if (d.slice(3, 5) === '00' || d.slice(5) === '0000') return false;
  if (/^(\d)\1{8}$/.test(d) || d === '123456789' || d === '078051120' || d === '219099999') return false;
  return 'SSN area/group/serial valid';
}

/** Hyphen, en dash, non-breaking hyphen, minus: PDFs print a dashed number with any of them. */
const DASHES = '\\-\u2010\u2011\u2012\u2013\u2212';
const TYPESET_DASH = `[${DASHES.slice(2)}]`;

/**
 * The 3-2-4 digit shapes of SSNs and ITINs in every common separator: dashes of any kind, spaces, dots, slashes,
 * or none. `lead` is the first digit's class. A shape inside a longer run of digits and dashes is not matched, so a
 * finding covers the whole value or nothing.
 */
export function areaGroupSerial(lead: string, scores: { dashed: number; spaced: number; bare: number }): Pattern[] {
  const edge = `(?<![${DASHES}\\w./])`;
  const tail = `(?![${DASHES}\\w]|[./]\\d)`;
  return [
    { name: 'dashed', regex: new RegExp(`${edge}${lead}\\d{2}-\\d{2}-\\d{4}${tail}`, 'g'), score: scores.dashed },
    // typeset dashes are a document number's more often than a form's SSN ("Boeing Service Bulletin 737–27–1318"):
    // they need context, as spaces do
    { name: 'typeset dashes', regex: new RegExp(`${edge}${lead}\\d{2}${TYPESET_DASH}\\d{2}${TYPESET_DASH}\\d{4}${tail}`, 'g'), score: scores.spaced },
    { name: 'spaced, dotted or slashed', regex: new RegExp(`${edge}${lead}\\d{2}([ ./])\\d{2}\\1\\d{4}${tail}(?!\\s\\d)`, 'g'), score: scores.spaced },
    { name: 'bare', regex: new RegExp(`${edge}${lead}\\d{8}${tail}`, 'g'), score: scores.bare },
    // a form's comb field; `lead` does not apply (ITINs' leading 9 is checked by their validator)
    digitPerBox(9, scores.spaced),
  ];
}

export const ssn: Detector = {
  id: 'ssn',
  category: 'personal.ssn',
  summary: 'US Social Security numbers, with the SSA validity rules.',
  ocrDigits: true,
  patterns: areaGroupSerial('\\d', { dashed: 0.6, spaced: 0.4, bare: 0.15 }),
  context: ['ssn', 'ss', 'ss#', 'social security', 'social', 'soc sec', 'ssa', 'ssan'],
  contextBoost: 0.4,
  certain: true,
  validate: ssnValid,
  examples: {
    match: ['SSN: 372-41-8806', 'Social Security number 372418806', "Here's my SSN: 318-42-7765", 'SSN 372 41 8806', 'SSN 372.41.8806', 'SSN 372\u201341\u20138806', 'SSN 372/41/8806', 'SSN 3 7 2 4 1 8 8 0 6'],
    ignore: ['Case no. 000-12-3456', 'Order 123456789 shipped', 'ref 666-12-3456', 'Invoice 372418806', 'SSN 372-41-8806-12', 'SSN 1372-41-8806', 'SSN 372-41-88061', 'SSN 3 7 2 4 1 8 8 0 6 1', 'Invoice 3 7 2 4 1 8 8 0 6'],
  },
};

/** Mask characters forms and court records print over the hidden digits ("xxx-xx-1234", "***-**-1234"). */
const MASK = '[xX*•#]';
/** What names a Social Security or taxpayer number before its last digits. */
const SSN_NAME = String.raw`(?:SSN|SS#|SSAN|ITIN|TIN|social security(?:\s(?:number|no\.?|#))?|taxpayer identification number)`;

/**
 * The visible part of a masked or partial SSN or ITIN: "SSN / ITIN: xxx-xx-1057" (a bankruptcy docket's debtor),
 * "last four digits of her SSN are 4515", "SSN ending in 4168". The last four digits with a name or a date of birth
 * still identify a person, so they are withheld; the finding covers the whole masked value. The mask shape alone is
 * enough (only SSNs and ITINs are written 3-2-4); a bare four-digit number needs the words that say whose digits
 * they are.
 */
export const ssnLastFour: Detector = {
  id: 'ssn-last-four',
  category: 'personal.ssn',
  summary: 'The visible last digits of masked or partial Social Security and taxpayer numbers.',
  patterns: [
    { name: 'masked 3-2-4', regex: new RegExp(String.raw`(?<![\w*•#-])${MASK}{3}([-\u2013 .]?)${MASK}{2}\1\d{4}(?![\w-])`, 'g'), score: 0.75 },
    {
      name: 'last four named',
      regex: new RegExp(String.raw`\b(?:last|final)\s(?:4|four)(?:\s(?:digits|numbers))?\s(?:of\s)?(?:(?:the|his|her|their|your|my|its|debtor'?s?|claimant'?s?)\s)?${SSN_NAME}(?:\s(?:is|are|was|were|of))?[\s:#]*(?<value>\d{4})\b(?![-/.]\d)`, 'gi'),
      score: 0.8,
    },
    { name: 'ending in', regex: new RegExp(String.raw`\b${SSN_NAME}\s(?:ending|ends)(?:\s(?:in|with))?[\s:#]*(?<value>\d{4})\b(?![-/.]\d)`, 'gi'), score: 0.8 },
  ],
  validate: (text) => (/0000$/.test(text) ? false : 'last four digits of an SSN/ITIN'),
  examples: {
    match: ['SSN / ITIN: xxx-xx-1057', 'SSN: XXX-XX-4515', 'Social Security No. ***-**-4168', 'the last four digits of her SSN are 4515', 'SSN ending in 4168', 'xxx xx 1057'],
    ignore: ['Enter your SSN as XXX-XX-XXXX', 'Part 4515 of the manual', 'the last four digits of the case number are 4515', 'SSN: XXX-XX-0000', 'ref xxx-xx-1057-2'],
  },
};

import type { Detector } from './detector.ts';

/**
 * CMS's Medicare Beneficiary Identifier: eleven characters by position (digit 1–9, letter, letter or digit, digit,
 * letter, letter or digit, digit, letter, letter, digit, digit), letters without S L O I B Z; printed with or without
 * dashes after the 4th and 7th characters.
 */
const L = '[AC-HJKMNP-RT-Y]';
const A = '[AC-HJKMNP-RT-Y0-9]';
const MBI = new RegExp(`^[1-9]${L}${A}\\d${L}${A}\\d${L}{2}\\d{2}$`);

export function mbiValid(text: string): false | string {
  return MBI.test(text.replace(/-/g, '').toUpperCase()) ? 'MBI format valid' : false;
}

export const mbi: Detector = {
  id: 'mbi',
  category: 'personal.id-number',
  summary: 'Medicare Beneficiary Identifiers (MBI), in the CMS format, where context names them.',
  patterns: [
    { name: 'compact', regex: /(?<![\w-])[1-9][A-Z][A-Z0-9]\d[A-Z][A-Z0-9]\d[A-Z]{2}\d{2}(?![\w-])/gi, score: 0.3 },
    { name: 'dashed', regex: /(?<![\w-])[1-9][A-Z][A-Z0-9]\d-[A-Z][A-Z0-9]\d-[A-Z]{2}\d{2}(?![\w-])/gi, score: 0.3 },
  ],
  context: ['medicare', 'mbi', 'medicare number', 'medicare id', 'beneficiary identifier', 'medicare beneficiary identifier', 'beneficiary id'],
  contextBoost: 0.45,
  certain: true,
  validate: mbiValid,
  examples: {
    match: ['Medicare Number: 1EG4-TE5-MK73', 'MBI 1EG4TE5MK73'],
    ignore: ['Medicare Number: 1EG4-TS5-MK73', 'part 1EG4TE5MK73'],
  },
};

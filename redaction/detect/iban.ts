import type { Detector } from './detector.ts';
import { ibanValid } from './checksums.ts';

export const iban: Detector = {
  id: 'iban',
  category: 'personal.iban',
  summary: 'International bank account numbers, checked with mod 97.',
  patterns: [
    { name: 'compact', regex: /(?<![A-Za-z0-9])[A-Z]{2}\d{2}[A-Z0-9]{11,30}(?![A-Za-z0-9])/g, score: 0.9 },
    { name: 'lower case', regex: /(?<![A-Za-z0-9])[a-z]{2}\d{2}[a-z0-9]{11,30}(?![A-Za-z0-9])/g, score: 0.6 },
    { name: 'grouped', regex: /(?<![A-Za-z0-9-])[A-Z]{2}\d{2}(?:([ -])[A-Z0-9]{4})(?:\1[A-Z0-9]{4}){1,6}(?:\1[A-Z0-9]{1,3})?(?![A-Za-z0-9]|-[A-Za-z0-9])/g, score: 0.9 },
  ],
  context: ['iban', 'account', 'bank', 'transfer'],
  contextBoost: 0.1,
  certain: true,
  validate: (text) => (ibanValid(text) ? 'IBAN mod-97 ok' : false),
  examples: {
    match: ['IBAN GB82 WEST 1234 5698 7654 32', 'pay into GB82WEST12345698765432 today', 'IBAN GB82-WEST-1234-5698-7654-32'],
    ignore: ['IBAN GB82 WEST 1234 5698 7654 33', 'model XY12ABCDEFGHIJK', 'IBAN GB82-WEST-1234-5698-7654-33'],
  },
};

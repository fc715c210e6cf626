import type { Detector } from './detector.ts';
import { digitsOf, nhsValid } from './checksums.ts';

/** NHS numbers (England, Wales, Isle of Man): ten digits, often 3-3-4, with the mod 11 check digit, named by context. */
export const nhsNumber: Detector = {
  id: 'nhs-number',
  category: 'personal.id-number',
  summary: 'NHS numbers, with the mod 11 check digit, where context names them.',
  ocrDigits: true,
  patterns: [
    { name: 'grouped', regex: /(?<![\w-])\d{3}([ -])\d{3}\1\d{4}(?![\w-]|[ -]\d)/g, score: 0.2 },
    { name: 'ten digits', regex: /(?<![\w-])\d{10}(?![\w-])/g, score: 0.2 },
  ],
  context: ['nhs', 'nhs number', 'nhs no', 'nhs num'],
  contextBoost: 0.55,
  certain: true,
  validate: (text) => (nhsValid(digitsOf(text)) ? 'NHS mod 11 check digit ok' : false),
  examples: {
    match: ['NHS number: 943 476 5919', 'NHS No 4010232137'],
    ignore: ['NHS number: 943 476 5918', 'Call 943 476 5919'],
  },
};

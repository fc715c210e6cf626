import type { Detector } from './detector.ts';
import { digitsOf, npiValid } from './checksums.ts';

/** A clinician's National Provider Identifier: ten digits with the Luhn check over 80840 and the number, named by context. */
export const npi: Detector = {
  id: 'npi',
  category: 'personal.id-number',
  summary: 'US National Provider Identifiers (NPI), with their check digit, where context names them.',
  ocrDigits: true,
  patterns: [{ name: 'ten digits', regex: /(?<![\w-])[12]\d{9}(?![\w-])/g, score: 0.15 }],
  context: ['npi', 'npi number', 'npi no', 'national provider identifier', 'national provider id', 'provider identifier', 'provider npi', 'prescriber npi'],
  contextBoost: 0.55,
  certain: true,
  validate: (text) => (npiValid(digitsOf(text)) ? 'NPI check digit ok' : false),
  examples: {
    match: ['Rendering provider NPI: 1234567893', 'National Provider Identifier 1245319599'],
    ignore: ['NPI: 1234567890', 'Order 1234567893 shipped'],
  },
};

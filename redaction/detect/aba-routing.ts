import type { Detector } from './detector.ts';
import { abaValid, digitsOf } from './checksums.ts';

export const abaRouting: Detector = {
  id: 'aba-routing',
  category: 'personal.bank-account',
  summary: 'US bank routing (ABA) numbers named by context, with the ABA checksum.',
  ocrDigits: true,
  patterns: [{ name: 'nine digits', regex: /(?<![\w-])\d{9}(?![\w-])/g, score: 0.2 }],
  context: ['routing', 'aba', 'rtn', 'transit', 'routing number', 'bank'],
  contextBoost: 0.5,
  certain: true,
  validate: (text) => (abaValid(digitsOf(text)) ? 'ABA checksum ok' : false),
  examples: {
    match: ['ABA routing number 021000021', 'Routing: 111000025'],
    ignore: ['Routing: 021000022', 'Order 021000021 shipped'],
  },
};

import type { Detector } from './detector.ts';
import { abaValid, digitsOf } from './checksums.ts';
import { digitPerBox } from './comb.ts';

export const abaRouting: Detector = {
  id: 'aba-routing',
  category: 'personal.bank-account',
  summary: 'US bank routing (ABA) numbers named by context, with the ABA checksum.',
  ocrDigits: true,
  patterns: [
    { name: 'nine digits', regex: /(?<![\w-])\d{9}(?![\w-])/g, score: 0.2 },
    // the printed "0000-0000-0" form (Federal Reserve routing symbol, ABA institution, check digit), and 3-3-3
    { name: 'dashed', regex: /(?<![\w-])(?:\d{4}([- ])\d{4}\1\d|\d{3}([- ])\d{3}\2\d{3})(?![\w-]|\s\d)/g, score: 0.2 },
    digitPerBox(9, 0.2),
  ],
  context: ['routing', 'aba', 'rtn', 'transit', 'routing number', 'bank'],
  contextBoost: 0.5,
  certain: true,
  validate: (text) => (abaValid(digitsOf(text)) ? 'ABA checksum ok' : false),
  examples: {
    match: ['ABA routing number 021000021', 'Routing number 0 2 1 0 0 0 0 2 1 Type', 'Routing: 111000025', 'Routing number 0210-0002-1', 'ABA 021-000-021'],
    ignore: ['Routing: 021000022', 'Order 021000021 shipped', 'Routing: 0210-0002-2', 'Routing: 0210-0002-1-7', 'Routing number 0 2 1 0 0 0 0 2 2', 'Routing 0 2 1 0 0 0 0 2 1 7'],
  },
};

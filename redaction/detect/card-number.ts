import type { Detector } from './detector.ts';
import { digitsOf, luhnValid } from './checksums.ts';

/** Issuer prefixes of the major networks (Visa, Mastercard, Amex, Discover, Diners, JCB, UnionPay, Maestro). */
const ISSUER = /^(4|5[1-5]|2[2-7]|3[47]|3[068]|35|6011|64[4-9]|65|62|5[06-9]|6\d|2131|1800)/;

export const cardNumber: Detector = {
  id: 'card-number',
  category: 'personal.card-number',
  summary: 'Payment card numbers (13–19 digits, issuer prefix, Luhn checksum).',
  ocrDigits: true,
  patterns: [
    { name: 'grouped', regex: /(?<![\w-])\d{4}([ -])\d{4}\1\d{4}\1\d{1,7}(?![\w-])/g, score: 0.85 },
    { name: 'amex grouped', regex: /(?<![\w-])3[47]\d{2}([ -])\d{6}\1\d{5}(?![\w-])/g, score: 0.85 },
    { name: 'bare', regex: /(?<![\w-])\d{13,19}(?![\w-])/g, score: 0.75 },
    // twelve-digit Maestro numbers are too short to trust without a card word nearby
    { name: 'twelve digits', regex: /(?<![\w-])\d{12}(?![\w-])/g, score: 0.4 },
  ],
  context: ['card', 'credit', 'debit', 'visa', 'mastercard', 'amex', 'american express', 'discover', 'cc', 'pan'],
  contextBoost: 0.2,
  certain: true,
  validate: (text) => {
    const d = digitsOf(text);
    if (d.length < 12 || d.length > 19 || !ISSUER.test(d) || /^(\d)\1+$/.test(d)) return false;
    return luhnValid(d) ? 'Luhn checksum ok' : false;
  },
  examples: {
    match: ['my credit card number is 4929116771500893', 'Card 4111 1111 1111 1111 on file', 'Amex 3782 822463 10005'],
    ignore: ['Card 4111 1111 1111 1112', 'tracking 1234567890123456', 'phone 202-555-0173'],
  },
};

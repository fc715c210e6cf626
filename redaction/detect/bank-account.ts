import type { Detector } from './detector.ts';

export const bankAccount: Detector = {
  id: 'bank-account',
  category: 'personal.bank-account',
  summary: 'Bank account numbers named by their context.',
  ocrDigits: true,
  patterns: [{ name: 'digits', regex: /(?<![\w$.,-]|[$.,]\d*)\d(?:[ -]?\d){5,16}(?![\w-]|[.,]\d)/g, score: 0.1 }],
  context: ['account', 'acct', 'a c', 'checking', 'savings', 'bank account', 'account no', 'deposit account', 'account number'],
  contextBoost: 0.55,
  exclude: ['phone', 'telephone', 'fax', 'card', 'ssn', 'form'],
  examples: {
    match: ['Checking account number 0012345678 at First Bank', 'Acct # 4451 2209 87'],
    ignore: ['Invoice 0012345678', 'account of the meeting on 12 March 2024'],
  },
};

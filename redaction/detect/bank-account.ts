import type { Detector } from './detector.ts';

export const bankAccount: Detector = {
  id: 'bank-account',
  category: 'personal.bank-account',
  summary: 'Bank account numbers named by their context.',
  ocrDigits: true,
  patterns: [{ name: 'digits', regex: /(?<![\w$.,-]|[$.,]\d*)\d(?:[ -]?\d){5,16}(?![\w-]|[.,]\d)/g, score: 0.1 }],
  // "account" alone names any ledger ("the Treasury account 75-0512 funds the program"): only a label that names an
  // account's number, a bank's account or someone's account counts
  // "Account No." in running text numbers a ledger as often as a person's account (an agenda's "transfer $40,000 from
  // Account No. 0101-4410-5190", an employer's unemployment-insurance account): it names a person's only as a form's
  // printed label or a column's header, as "account" alone does
  context: ['acct', 'a c', 'checking', 'savings', 'bank account', 'deposit account', 'account ending', 'account ending in',
    ...['my', 'your', 'his', 'her', 'their', 'our', 'joint', 'personal', 'brokerage', 'retirement'].map((w) => `${w} account`)],
  labelContext: ['account', 'account no', 'account nos', 'account number', 'account numbers'],
  contextBoost: 0.55,
  exclude: ['phone', 'telephone', 'fax', 'card', 'ssn', 'form'],
  examples: {
    match: ['Checking account number 0012345678 at First Bank', 'Acct # 4451 2209 87', 'paid from her account 0012345678 each month'],
    ignore: ['Invoice 0012345678', 'account of the meeting on 12 March 2024', 'The Treasury account 75-0512 funds the program.', 'Approve a budget transfer of $40,000 from Account No. 0101-4410-5190 to Account No. 0101-4410-5310.', "The employer's unemployment insurance account number is 0123456-7."],
  },
};

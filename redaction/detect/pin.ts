import type { Detector } from './detector.ts';
import { digitPerBox } from './comb.ts';

/**
 * Personal identification numbers a label names: a third-party designee's PIN, the IRS Identity Protection PIN, a
 * card's PIN. Four to six digits, written together or one a box in a form's comb field; the label (in the sentence,
 * or printed beside the field of a filled form) is what makes them a PIN. "PIN" and its spelled-out form only; the
 * secrets after "password" or "access code" are the credential detector's.
 */
export const pin: Detector = {
  id: 'pin',
  category: 'security.credential',
  summary: 'PINs of four to six digits that a label or a form field names.',
  patterns: [{ name: 'digits', regex: /(?<![\w.,/-])\d{4,6}(?![\w,/-]|\.\d)/g, score: 0.1 }, digitPerBox(4, 0.1), digitPerBox(5, 0.1), digitPerBox(6, 0.1)],
  context: ['pin', 'personal identification number', 'identity protection pin', 'ip pin'],
  contextBoost: 0.5,
  // "Form 8888", "line 4", a year or an amount near a PIN label is not the PIN
  exclude: ['form', 'line', 'lines', 'schedule', 'page', 'tax year', 'phone'],
  validate: (text) => (/^(?:19|20)\d{2}$/.test(text) ? false : 'PIN-shaped digits'),
  examples: {
    match: ["Designee's PIN 40718", 'Identity Protection PIN: 5 8 2 9 1 4', 'her card PIN is 4471'],
    ignore: ['PIN 2 of the form', 'Personal identification number (PIN) see Form 8888', 'the PIN mailer sent in 2014', 'PIN 123456789'],
  },
};

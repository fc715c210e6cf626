import type { Detector } from './detector.ts';
import { digitsOf } from './checksums.ts';

/** SSA rules: area not 000, 666 or 9xx; group not 00; serial not 0000; plus well-known dummies. */
export function ssnValid(text: string): false | string {
  const d = digitsOf(text);
  if (d.length !== 9) return false;
  const area = d.slice(0, 3);
  if (area === '000' || area === '666' || area[0] === '9') return false;
  if (d.slice(3, 5) === '00' || d.slice(5) === '0000') return false;
  if (/^(\d)\1{8}$/.test(d) || d === '123456789' || d === '078051120' || d === '219099999') return false;
  return 'SSN area/group/serial valid';
}

export const ssn: Detector = {
  id: 'ssn',
  category: 'personal.ssn',
  summary: 'US Social Security numbers, with the SSA validity rules.',
  ocrDigits: true,
  patterns: [
    { name: 'dashed', regex: /(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])/g, score: 0.6 },
    { name: 'spaced or dotted', regex: /(?<![\d.])\d{3}([ .])\d{2}\1\d{4}(?![\d.]|\s\d)/g, score: 0.4 },
    { name: 'bare', regex: /(?<![\w-])\d{9}(?![\w-])/g, score: 0.15 },
  ],
  context: ['ssn', 'ss', 'ss#', 'social security', 'social', 'soc sec', 'ssa', 'ssan'],
  contextBoost: 0.4,
  certain: true,
  validate: ssnValid,
  examples: {
    match: ['SSN: 372-41-8806', 'Social Security number 372418806', "Here's my SSN: 318-42-7765"],
    ignore: ['Case no. 000-12-3456', 'Order 123456789 shipped', 'ref 666-12-3456', 'Invoice 372418806'],
  },
};

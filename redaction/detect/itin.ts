import type { Detector } from './detector.ts';
import { digitsOf } from './checksums.ts';
import { areaGroupSerial } from './ssn.ts';

/** ITINs start with 9 and have a group of 50–65, 70–88, 90–92 or 94–99. */
export function itinValid(text: string): false | string {
  const d = digitsOf(text);
  if (d.length !== 9 || d[0] !== '9') return false;
  const group = Number(d.slice(3, 5));
  const ok = (group >= 50 && group <= 65) || (group >= 70 && group <= 88) || (group >= 90 && group <= 92) || group >= 94;
  return ok ? 'ITIN group valid' : false;
}

export const itin: Detector = {
  id: 'itin',
  category: 'personal.ssn',
  summary: 'US Individual Taxpayer Identification Numbers.',
  ocrDigits: true,
  patterns: areaGroupSerial('9', { dashed: 0.45, spaced: 0.3, bare: 0.15 }),
  context: ['itin', 'taxpayer', 'tin', 'tax id', 'taxpayer identification'],
  contextBoost: 0.45,
  certain: true,
  validate: itinValid,
  examples: {
    match: ['ITIN 912-78-1234', 'taxpayer identification number 912781234', 'ITIN 912 78 1234', 'ITIN 912.78.1234', 'ITIN 912\u201378\u20131234'],
    ignore: ['ITIN 912-45-1234', 'Part 912-78-1234', 'ITIN 912-78-1234-5'],
  },
};

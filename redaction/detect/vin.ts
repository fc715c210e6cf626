import type { Detector } from './detector.ts';

const VALUES: Record<string, number> = Object.fromEntries([...'ABCDEFGH'].map((c, i) => [c, i + 1]).concat([...'JKLMN'].map((c, i) => [c, i + 1]), [['P', 7], ['R', 9]], [...'STUVWXYZ'].map((c, i) => [c, i + 2])));
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/** North American VIN check digit (position 9). */
export function vinCheckDigitOk(vin: string): boolean {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = vin[i];
    const v = /\d/.test(c) ? Number(c) : VALUES[c];
    if (v === undefined) return false;
    sum += v * WEIGHTS[i];
  }
  const check = sum % 11;
  return vin[8] === (check === 10 ? 'X' : String(check));
}

export const vin: Detector = {
  id: 'vin',
  category: 'personal.vehicle-plate',
  summary: 'Vehicle identification numbers (17 characters, no I, O or Q), with the check digit or a VIN label.',
  patterns: [{ name: 'vin', regex: /(?<![A-Z0-9])(?=[A-HJ-NPR-Z0-9]*\d)(?=[A-HJ-NPR-Z0-9]*[A-HJ-NPR-Z])[A-HJ-NPR-Z0-9]{17}(?![A-Z0-9])/g, score: 0.45 }],
  context: ['vin', 'vehicle identification', 'chassis', 'vehicle'],
  contextBoost: 0.4,
  // a valid check digit is strong evidence on its own; without it only a VIN label will do
  validate: (text) => (vinCheckDigitOk(text) ? 'VIN check digit ok' : 'VIN shape'),
  examples: {
    match: ['VIN 4S4BSANC5H3290145', 'vehicle 1M8GDM9AXKP042788 was towed'],
    ignore: ['Tracking ABCDEFGHJKLMNPRST', 'order 12345678901234567'],
  },
};

import type { Detector } from './detector.ts';

/** HMRC's rules: first letter not D F I Q U V, second not D F I O Q U V, no BG GB KN NK NT TN ZZ, suffix A–D. */
export function ninoValid(text: string): false | string {
  const v = text.replace(/\s/g, '').toUpperCase();
  if (!/^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/.test(v)) return false;
  if (['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'].includes(v.slice(0, 2))) return false;
  return 'NINO prefix and suffix valid';
}

export const nino: Detector = {
  id: 'nino',
  category: 'personal.id-number',
  summary: 'UK National Insurance numbers, with HMRC prefix and suffix rules, where context names them.',
  patterns: [
    { name: 'compact', regex: /(?<![\w-])[A-Z]{2}\d{6}[A-D](?![\w-])/gi, score: 0.3 },
    { name: 'spaced', regex: /(?<![\w-])[A-Z]{2} \d{2} \d{2} \d{2} [A-D](?![\w-])/gi, score: 0.3 },
  ],
  context: ['national insurance', 'national insurance number', 'ni number', 'ni no', 'nino', 'nin'],
  contextBoost: 0.45,
  certain: true,
  validate: ninoValid,
  examples: {
    match: ['National Insurance number: AB 12 34 56 C', 'NINO JG103759A'],
    ignore: ['NI number: GB 12 34 56 C', 'National Insurance number DA123456A', 'part AB123456C'],
  },
};

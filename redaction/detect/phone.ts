import type { Detector } from './detector.ts';
import { digitsOf } from './checksums.ts';

const SEP = '[ .\\-\u00a0]';

export const phone: Detector = {
  id: 'phone',
  category: 'personal.phone',
  summary: 'Phone and fax numbers: North American and international formats.',
  ocrDigits: true,
  patterns: [
    {
      name: 'north american',
      regex: new RegExp(`(?<![\\w+-])(?:\\+?1${SEP}?)?(?:\\([2-9]\\d{2}\\)${SEP}?|[2-9]\\d{2}${SEP})[2-9]\\d{2}${SEP}\\d{4}(?:\\s?(?:x|ext\\.?)\\s?\\d{1,5})?(?![\\w-])`, 'g'),
      score: 0.7,
    },
    { name: 'international', regex: new RegExp(`(?<![\\w+])\\+\\d{1,3}${SEP}?(?:\\(\\d{1,5}\\)${SEP}?)?\\d{1,5}(?:${SEP}\\d{1,5}){1,5}(?![\\w-])`, 'g'), score: 0.7 },
    { name: 'trunk prefix', regex: new RegExp(`(?<![\\w.+-])(?:\\(0\\d{1,4}\\)${SEP}?|0\\d{1,4}${SEP})\\d{2,4}(?:${SEP}\\d{2,4}){1,3}(?![\\w-]|\\.\\d)`, 'g'), score: 0.55 },
    { name: 'grouped digits', regex: new RegExp(`(?<![\\w.+-])\\d{3,4}${SEP}\\d{3,4}${SEP}\\d{3,4}(?![\\w-]|\\.\\d)`, 'g'), score: 0.3 },
  ],
  context: ['phone', 'telephone', 'tel', 'cell', 'mobile', 'fax', 'call', 'called', 'calling', 'number', 'contact', 'reach', 'text', 'ph', 'ext', 'landline', 'dial', 'messages'],
  contextBoost: 0.3,
  validate: (text) => {
    const d = digitsOf(text);
    const international = text.trimStart().startsWith('+');
    if (d.length < (international ? 8 : 10) || d.length > 15) return false;
    if (/^(\d)\1+$/.test(d)) return false;
    return `${d.length} digits`;
  },
  examples: {
    match: ['Call (202) 555-0173 after noon', 'Phone: 0490 75 40 81', 'tel. +44 20 7946 0958', 'I would like to stop receiving messages to 056 590 36 33', 'cell 202.555.0173'],
    ignore: ['SSN 372-41-8806', 'Card 4111 1111 1111 1111', 'Section 1234 567 of the code', 'version 2.10.3', 'dated 2024-03-15'],
  },
};

import type { Detector } from './detector.ts';

export const email: Detector = {
  id: 'email',
  category: 'personal.email',
  summary: 'Email addresses.',
  patterns: [{ name: 'address', regex: /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,24}(?![\p{L}\p{N}-])/gu, score: 0.95 }],
  validate: (text) => (/\.(?:png|jpe?g|gif|svg|webp|pdf|docx?|xlsx?|pptx?|txt|csv|zip)$/i.test(text) ? false : 'address shape'),
  examples: {
    match: ['Reply to maria.gonzalez@example.org by Friday.', 'KeijoSalmela@rhyta.com'],
    ignore: ['Follow @daylight on social media', 'the file name@2x.png'],
  },
};

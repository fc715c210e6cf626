import type { Detector } from './detector.ts';

export const email: Detector = {
  id: 'email',
  category: 'personal.email',
  summary: 'Email addresses.',
  // OCR often reads a space beside the "@" ("p.venkataraman @kestrelbay.gov"); one is tolerated.
  patterns: [{ name: 'address', regex: /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+ ?@ ?[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,24}(?![\p{L}\p{N}-])/gu, score: 0.95 }],
  certain: true,
  validate: (text) => {
    if (/\.(?:png|jpe?g|gif|svg|webp|pdf|docx?|xlsx?|pptx?|txt|csv|zip)$/i.test(text)) return false;
    // With a space, a short word before a handle ("us @city.gov") is not a mailbox.
    if (text.includes(' ') && text.split(/ ?@/)[0].length < 4) return false;
    return text.includes(' ') ? 'address shape, a space beside the @ as OCR reads it' : 'address shape';
  },
  examples: {
    match: ['Reply to maria.gonzalez@example.org by Friday.', 'AinoVirtanen@postinet.fi', 'Email p.venkataraman @kestrelbay.example.gov today'],
    ignore: ['Follow @daylight on social media', 'the file name@2x.png', 'write to us @city.gov', 'see name@2x.png'],
  },
};

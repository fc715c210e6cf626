import type { Detector } from './detector.ts';
import { NEEDS_NAMED_PERSON } from './named-person.ts';

export const biometric: Detector = {
  id: 'biometric',
  category: 'personal.biometric',
  summary: 'References to biometric records: fingerprints, DNA profiles, iris or face templates, voiceprints.',
  patterns: [
    // a record with its number is someone's record
    { name: 'biometric record number', regex: /\b(?:finger ?prints?|palm ?prints?|DNA|retina(?:l)?|iris|facial (?:recognition|geometry|image)|face ?print|voice ?print|biometric|gait)(?: [a-z]+){0,2}? (?:record|profile|sample|template|scan|match|hash|data|card|results?|identifier|ID)s?(?:[ :#]+(?:(?:ID|no\.?|number)[ :#]*)?(?=[A-Z0-9-]*\d)[A-Z0-9-]{4,24})\b/gi, score: 0.65 },
    { name: 'biometric record', regex: /\b(?:finger ?prints?|palm ?prints?|DNA|retina(?:l)?|iris|facial (?:recognition|geometry|image)|face ?print|voice ?print|biometric|gait)(?: [a-z]+){0,2}? (?:record|profile|sample|template|scan|match|hash|data|card|results?|identifier|ID)s?(?:[ :#]+(?:(?:ID|no\.?|number)[ :#]*)?(?=[A-Z0-9-]*\d)[A-Z0-9-]{4,24})?\b/gi, score: 0.4 },
    { name: 'codis or ident number', regex: /\b(?:CODIS|IAFIS|NGI|IDENT|FBI UCN|UCN)(?: (?:no\.?|number|#|ID))?[ :#]*(?=[A-Z0-9-]*\d)[A-Z0-9-]{5,24}\b/g, score: 0.7 },
  ],
  // a record with its number is someone's; without one ("their biometric records" in a definition of personal data,
  // "the suspect's DNA profile") it is someone's only when the sentence names them (named-person.ts)
  validate: (text) => (/\d/.test(text) ? 'with its record number' : `${NEEDS_NAMED_PERSON}: a biometric record without its number`),
  // "DNA samples", "biometric records" in a directive belong to no one; "her fingerprint record FP-20931" does
  context: ['his', 'her', 'their', 'suspect', 'suspects', 'victim', 'subject', 'defendant', 'applicant', 'employee', 'patient', 'inmate', 'offender'],
  contextBoost: 0.3,
  examples: {
    match: ['Her fingerprint record FP-20931 was matched.', "The suspect's DNA profile was uploaded", 'UCN 123456AB7 on file'],
    ignore: ['The iris garden opened in spring.', 'when the ability to obtain DNA samples is not available', 'biometric records, including any other personal information', 'DNA testing policy for the laboratory'],
  },
};

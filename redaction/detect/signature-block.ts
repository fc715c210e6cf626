import type { Detector } from './detector.ts';

const CLOSER = '(?:Sincerely(?: yours)?|Respectfully(?: submitted| yours)?|(?:Best |Kind |Warm(?:est)? )?[Rr]egards|(?:Very )?[Tt]ruly yours|Yours (?:truly|sincerely|faithfully)|Cordially|Thank you|Signed)';
const NAME = "\\p{Lu}[\\p{L}.'’-]*(?:[ \\t]+(?:\\p{Lu}[\\p{L}.'’-]*|van|von|de|da|del|bin|al)){0,4}";

export const signatureBlock: Detector = {
  id: 'signature-block',
  category: 'personal.name',
  summary: 'Names in signature blocks: the line after a closing, and /s/ signatures.',
  patterns: [
    { name: 'after closing', regex: new RegExp(`(?:^|[\\n\\f])[ \\t]*${CLOSER}[,.]?[ \\t]*[\\n\\f](?:[ \\t]*(?:/s/[ \\t]*)?)(?<value>${NAME})[ \\t]*(?=[\\n\\f,]|$)`, 'gu'), score: 0.85 },
    { name: '/s/ signature', regex: new RegExp(`/s/[ \\t]*(?<value>${NAME})`, 'gu'), score: 0.9 },
  ],
  examples: {
    match: ['Sincerely,\nTobias Quill\nRecords Officer', 'approved /s/ Wren Okafor-Lund'],
    ignore: ['Sincerely,\n\n', 'Regards to the team at the meeting'],
  },
};

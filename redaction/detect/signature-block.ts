import type { Candidate, Detector } from './detector.ts';
import type { DetectInput } from './input.ts';

const CLOSER = '(?:Sincerely(?: yours)?|Respectfully(?: submitted| yours)?|(?:Best |Kind |Warm(?:est)? )?[Rr]egards|(?:Very )?[Tt]ruly yours|Yours (?:truly|sincerely|faithfully)|Cordially|Thank you|Signed)';
const NAME = "\\p{Lu}[\\p{L}.'’-]*(?:[ \\t]+(?:\\p{Lu}[\\p{L}.'’-]*|van|von|de|da|del|bin|al)){0,4}";

/**
 * The informal closings a letter or an e-mail ends with ("Thanks,", "Thanks very much,", "Thanks for considering my
 * concerns,", "Best,", "Cheers,"), alone on their line, then the writer's name alone on the next. Officials close
 * their e-mail so too ("Best, Phil" from an assistant secretary in a released State Department e-mail), so the name
 * is taken only where the writer says in the first person that they write as a private person (PRIVATE_WRITER).
 */
const INFORMAL_SIGNATURE = new RegExp(`(?:^|[\\n\\f])[ \\t]*(?:Thanks(?: (?:very|so) much| again| for [\\p{Ll}’' ]{1,60})?|Thank you (?:very|so) much|Best(?: wishes)?|All the best|Cheers)[,.!]?[ \\t]*[\\n\\f][ \\t]*(?<value>${NAME})[ \\t]*(?=[\\n\\f,]|$)`, 'gdu');
/**
 * "I'm a renter", "I am a resident of Belmont", "I'm a small business owner and a Belmont resident", "My name is …,
 * I live in …": a writer presenting themselves as a member of the public, as comment letters to public bodies do
 * (real-text batch 13, tuning half: a resident's letters to city councils signed "Thanks, Kevin").
 */
const PRIVATE_WRITER = /\b(?:I['’]?m|I am|as)[ \t]+(?:a|an)[ \t]+(?:[\p{L}-]+[ \t]+){0,3}?(?:renter|tenant|homeowner|home owner|resident|taxpayer|tax payer|parent|mother|father|voter|constituent|citizen|neighbou?r|small business owner|retiree)\b|\bI[ \t]+(?:live|have lived|grew up)[ \t]+(?:in|on|at|near)\b/iu;

/** The names after an informal closing, in a document whose writer presents themselves as a private person. */
function informalSignatures(input: DetectInput): Candidate[] {
  if (!PRIVATE_WRITER.test(input.text)) return [];
  const out: Candidate[] = [];
  for (const m of input.text.matchAll(INFORMAL_SIGNATURE)) {
    const [start, end] = m.indices!.groups!.value;
    out.push({ start, end, score: 0.85, why: ["after an informal closing of a letter whose writer says they write as a private person"] });
  }
  return out;
}

export const signatureBlock: Detector = {
  id: 'signature-block',
  category: 'personal.name',
  summary: "Names in signature blocks: the line after a closing, /s/ signatures, and a private writer's name after an informal closing.",
  patterns: [
    { name: 'after closing', regex: new RegExp(`(?:^|[\\n\\f])[ \\t]*${CLOSER}[,.]?[ \\t]*[\\n\\f](?:[ \\t]*(?:/s/[ \\t]*)?)(?<value>${NAME})[ \\t]*(?=[\\n\\f,]|$)`, 'gu'), score: 0.85 },
    { name: '/s/ signature', regex: new RegExp(`/s/[ \\t]*(?<value>${NAME})`, 'gu'), score: 0.9 },
  ],
  find: informalSignatures,
  examples: {
    match: ['Sincerely,\nTobias Quill\nRecords Officer', 'approved /s/ Wren Okafor-Lund', "I'm a renter in Eastport.\n\nThanks,\nTobias"],
    ignore: ['Sincerely,\n\n', 'Regards to the team at the meeting', 'I enjoyed the break from the talks.\nBest,\nPhil'],
  },
};

import type { Candidate, Detector } from './detector.ts';
import type { DetectInput } from './input.ts';
import { sentenceBefore } from './public-roles.ts';
import { NEEDS_NAMED_DOCUMENT, NEEDS_NAMED_PERSON } from './named-person.ts';

/** Conditions and medications that are health details wherever they are said of someone. */
const TERMS = [
  'HIV', 'AIDS', 'cancer', 'leukemia', 'lymphoma', 'diabetes', 'depression', 'major depressive disorder', 'schizophrenia', 'bipolar disorder', 'PTSD',
  'post-traumatic stress disorder', 'epilepsy', 'hepatitis [ABC]', 'tuberculosis', 'dementia', "Alzheimer's(?: disease)?", 'autism', 'anxiety disorder', 'panic disorder',
  'substance use disorder', 'opioid use disorder', 'alcoholism', 'alcohol use disorder', 'multiple sclerosis', "Parkinson's(?: disease)?", 'pregnan(?:t|cy)', 'miscarriage',
  'chlamydia', 'syphilis', 'gonorrhea', 'herpes', 'COVID-19', 'stroke', 'heart attack', 'traumatic brain injury', 'concussion', 'eating disorder', 'anorexia',
  'insulin', 'methadone', 'suboxone', 'buprenorphine', 'naloxone', 'lithium', 'sertraline', 'fluoxetine', 'prozac', 'zoloft', 'xanax', 'alprazolam', 'adderall',
  'oxycodone', 'hydrocodone', 'antiretroviral', 'chemotherapy', 'dialysis', 'antidepressants?', 'antipsychotics?',
];

const CUE = /\b(?:prescriptions? of|diagnosed with|diagnosis of|diagnosis:|suffers from|suffering from|treated for|treatment for|being treated with|prescribed|prescription for|tested positive for|admitted for|hospitali[sz]ed (?:for|with)|history of|medical condition:?|condition:)[ \t]+([^.;,\n\f()]{2,60}(?:\n[^.;,\n\f]{2,60}?(?=\s(?:meets|is|was|were|has|have|which|that|are)\b|[.;,]))?)/gi;
/** A drug with its dose ("lisinopril 20 mg once daily") is a health detail by itself. */
const DOSE = /\b[a-z]{4,}(?:[ -][a-z]+)? \d+(?:\.\d+)? ?(?:mg|mcg|µg|ml|mL|units?|IU)\b(?: (?:once|twice|three times|four times) (?:daily|a day|weekly))?/g;
/**
 * A drug in its form ("a tiotropium inhaler") is someone's only when the sentence says whose ("Your current
 * prescriptions of … and a tiotropium inhaler"); "contaminated steroid injections given to patients" is no one's.
 */
const DRUG_FORM = /\b(?!(?:black|green|ballpoint|marker|felt)\b)[a-z]{5,} (?:inhaler|injections?|patch(?:es)?|pen)\b/g;
/** "he repeatedly prescribed numerous drugs": the one who prescribes, not the one who takes them. */
const PRESCRIBER_BEFORE = /\b(?:he|she|they|who|physicians?|doctors?|prescribers?|practitioners?|nurses?|pharmacists?|clinics?)\s+(?:\p{L}+ly\s+)?$/iu;
/** "prescribed her oxycodone": the person it was prescribed to follows the verb. */
const PRESCRIBED_TO = /^(?:him|her|them|me|you|us)\b/i;
const TERM = new RegExp(`(?<![\\w-])(?:${TERMS.join('|')})(?![\\w-])`, 'gi');
/** A term alone is only a health detail when the sentence is about someone's health. */
// Only words that point at someone: a medical directive speaks of "the patient" and "treatment" of no one in particular.
const HEALTH_CONTEXT = ['diagnosed', 'takes', 'taking', 'prescribed', 'suffers', 'his', 'her', 'my', 'she', 'he'];

/** Words that point at one person: a health detail is someone's only when the sentence says whose. */
const PERSON_POINTER = /\b(?:he|she|his|her|hers|him|my|me|i|you|your|mr|mrs|ms|dr|patient['’]s)\b/i;
/** What a rule or an instruction says after a cue: a quantifier, an article or a function word, not a condition. */
const GENERIC_START = /^(?:any|all|each|every|a|an|the|their|its|such|this|these|those|some|no|up|for|in|on|at|by|or|and|to|of|as|from|with|within|while|upon|using|is|are|was|were|be|being|been|has|have|may|will|shall|can|that|which|who|where|when|warrants?|determined|resulting|evolving|locally)\b/i;

/** A clause that follows the condition: a conjunction, then a verb of what someone did next. */
const CLAUSE_AFTER = /\s+(?:and|but|then|who|which)\s+(?:then\s+)?(?:was|were|is|are|has|had|have|entered|received|began|started|completed|returned|agreed|admitted|failed|continued|sought|refused|remains?|remained)\b[\s\S]*$/i;

/** Pronouns a rule uses for anyone. */
const ANY_PERSON = /\b(?:his or her|her or his|he or she|she or he|him or her|his\/her|he\/she|him\/her|s\/he)\b/gi;
/** An article or quantifier right before the cue: "a diagnosis of", "any treatment for", "no history of". */
const INDEFINITE_BEFORE = /\b(?:a|an|any|each|every|no|such)\s+$/i;
/** A group of people where the condition should be: "all of those", "each of them", "those who", "everyone". */
const PEOPLE_START = /^(?:(?:all|each|every one|some|many|most|both|none|any|several)\s+of\b|(?:them|everyone|anyone|everybody|anybody)\b|those\s+(?:who|being|that|whose)\b)/i;
/** A conjunction, verb or preposition where the condition should be. */
const NO_CONDITION_START = /^(?:or|and|nor|but|is|are|was|were|be|been|has|have|had|may|might|will|would|shall|should|can|could|must|that|which|to|as|from|within|while|upon)\b/i;

/**
 * A cue's text is a health detail when it names a condition or a dose, when the sentence says whose health it is
 * ("your diagnosis of …", "she was treated for …"), or when a form's label ("Diagnosis:") is followed by a value
 * rather than by an instruction. A directive's "treatment for any medical condition" is about no one.
 */
function aboutSomeone(text: string, cueStart: number, cue: string, value: string): boolean {
  // "medical condition or supporting documentation": the cue names no condition; "treatment for all of those being
  // medevaced": it names the people treated
  if (NO_CONDITION_START.test(value) || PEOPLE_START.test(value)) return false;
  // "his or her", "he or she": a rule's pronoun for anyone, not one person
  const lead = (sentenceBefore(text, cueStart) + cue).replace(ANY_PERSON, ' ');
  const pointed = PERSON_POINTER.test(lead);
  // "A diagnosis of cancer may require more time", "any treatment for alcoholism": a case in general, unless the
  // sentence says whose
  if (!pointed && INDEFINITE_BEFORE.test(text.slice(Math.max(0, cueStart - 12), cueStart))) return false;
  TERM.lastIndex = 0;
  DOSE.lastIndex = 0;
  if (TERM.test(value) || DOSE.test(value)) return true;
  if (pointed) return true;
  return cue.trimEnd().endsWith(':') && !GENERIC_START.test(value);
}

/** "you", "your", "my": a letter to or from the person the detail is about, who is identifiable by the letter itself. */
const ADDRESSEE = /\b(?:you|your|yours|my|me|i|we|our)\b/i;

/**
 * A health detail said in the third person, or of no one in particular, is someone's only in a document that names a
 * private person: an anonymised decision's "the Veteran was diagnosed with PTSD", a release's unnamed "34-year-old
 * man", a drug label's dose. Said to or by its person ("your diagnosis of …") it stays.
 */
function addressee(text: string, at: number): string[] {
  return ADDRESSEE.test(sentenceBefore(text, at).replace(ANY_PERSON, ' ')) ? [] : [NEEDS_NAMED_DOCUMENT];
}

function find(input: DetectInput): Candidate[] {
  const out: Candidate[] = [];
  for (const m of input.text.matchAll(CUE)) {
    // "diagnosed with opioid use disorder and entered the Intervention Project": the condition ends where the
    // sentence goes on to what the person did
    const value = m[1].replace(CLAUSE_AFTER, '').trimEnd();
    const cue = m[0].slice(0, m[0].length - m[1].length);
    if (/^prescribed/i.test(cue) && PRESCRIBER_BEFORE.test(input.text.slice(Math.max(0, m.index - 40), m.index)) && !PRESCRIBED_TO.test(value)) continue;
    if (!aboutSomeone(input.text, m.index, cue, value)) continue;
    const start = m.index + m[0].length - m[1].length;
    out.push({ start, end: start + value.length, score: 0.75, why: [`cue "${cue.trim().toLowerCase()}"`, ...addressee(input.text, m.index)] });
  }
  for (const m of input.text.matchAll(DOSE)) out.push({ start: m.index, end: m.index + m[0].length, score: 0.6, why: ['medication and dose', ...addressee(input.text, m.index)] });
  for (const m of input.text.matchAll(DRUG_FORM)) {
    const lead = sentenceBefore(input.text, m.index).replace(ANY_PERSON, ' ');
    if (PERSON_POINTER.test(lead)) out.push({ start: m.index, end: m.index + m[0].length, score: 0.6, why: ['medication in its form, said of someone'] });
  }
  // a condition's name alone is someone's health detail only in a sentence that names a private person: "his" in an
  // anonymised decision or a rule points at no one identifiable (cues, doses and medication forms above are stronger)
  const strong = [...out];
  for (const m of input.text.matchAll(TERM)) {
    const [start, end] = [m.index, m.index + m[0].length];
    const withStrong = strong.some((c) => c.start < end && start < c.end);
    out.push({ start, end, score: 0.3, why: [`health term "${m[0].toLowerCase()}"`, ...(withStrong ? [] : [NEEDS_NAMED_PERSON])] });
  }
  return out;
}

export const health: Detector = {
  id: 'health',
  category: 'personal.health',
  summary: 'Health details: conditions, diagnoses and medications said of someone.',
  find,
  context: HEALTH_CONTEXT,
  contextBoost: 0.3,
  examples: {
    match: ['Your current prescriptions of metformin 1000 mg twice daily and a tiotropium inhaler are covered.', 'The doctor prescribed her oxycodone for the pain.', 'Your prescriptions of lisinopril 20 mg once daily are covered.', 'The applicant was diagnosed with bipolar disorder in 2018.', 'The patient takes methadone daily.', 'She suffers from severe asthma'],
    ignore: [
      'The grant is 1000 dollars.',
      'The agency funds cancer research grants.',
      'AIDS awareness week was held in May.',
      'all documents related to the investigation of contaminated steroid injections given to patients at a clinic',
      'a physician who lost his medical license after he repeatedly prescribed numerous prescription drugs over the internet',
      'His staff has been working to secure hospital treatment for all of those being medevaced to Nairobi.',
    ],
  },
};

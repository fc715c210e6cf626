/**
 * @module
 * Person names from compromise's tags plus the rules it lacks: names after
 * titles and labels, "Last, First", initials, hyphenated and non-English names
 * (capitalised words no dictionary knows), ALL-CAPS names its lexicon knows,
 * possessives, and cues such as "born" or "testified" after a name.
 */
import type { Candidate, Detector } from './detector.ts';
import { contextWindow, findPhrase } from './detector.ts';
import type { DetectInput } from './input.ts';
import { lexiconTags } from './nlp.ts';
import type { NlpTerm } from './nlp.ts';
import { AFTER_CUES, BEFORE_CUES, NON_PERSON_WORDS, PARTICLES, TITLES } from './name-words.ts';

const NAME_TAGS = ['Person', 'FirstName', 'LastName', 'MaleName', 'FemaleName'];
const PLACE_TAGS = ['Place', 'City', 'Country', 'Region', 'Address'];
/** Tags that mean "an ordinary word" even when capitalised. */
const COMMON_TAGS = ['Verb', 'Adjective', 'Adverb', 'Determiner', 'Preposition', 'Conjunction', 'Pronoun', 'Expression', 'QuestionWord', 'Value', 'Date', 'Month', 'WeekDay', 'Modal', 'Copula', 'Plural', 'Actor', 'Url', 'Email', 'AtMention', 'HashTag'];
/** English derivational endings; words ending so are rarely names. */
const COMMON_SUFFIX = /(?:tion|sion|ment|ness|ity|ance|ence|ship|ism|ing|ous|ive|able|ible|ful|less|ary|ory|ical|ology|ward|wise|ics|ure|ize|ise)$/i;
const INITIAL = /^(?:\p{Lu}\.?){1,3}$/u;

type Kind = 'name' | 'common' | 'unknown' | 'initial' | 'particle';

function stem(text: string): string {
  return text.replace(/['’]s$/i, '');
}

function hasAny(tags: ReadonlySet<string>, list: string[]): boolean {
  return list.some((t) => tags.has(t));
}

function isCapitalised(text: string): boolean {
  return /^\p{Lu}/u.test(text);
}

function kindOf(t: NlpTerm): Kind {
  const word = stem(t.text);
  if (PARTICLES.has(word) && !isCapitalised(word)) return 'particle';
  if (INITIAL.test(word) && word.length <= 4 && (word.length === 1 || word.includes('.'))) return 'initial';
  if (hasAny(t.tags, NAME_TAGS) && !t.tags.has('Honorific')) return 'name';
  const lex = lexiconTags(word);
  if (lex.some((x) => NAME_TAGS.includes(x))) return 'name';
  if (lex.length > 0 || hasAny(t.tags, COMMON_TAGS) || COMMON_SUFFIX.test(word)) return 'common';
  return 'unknown';
}

function isTitle(t: NlpTerm): boolean {
  return TITLES.has(t.text.toLowerCase().replace(/\.$/, ''));
}

/** Whether the text between two terms lets them belong to one name. */
function joins(text: string, a: NlpTerm, b: NlpTerm): boolean {
  const gap = text.slice(a.end, b.start);
  return /^(?:[ \t]{1,3}|\.[ \t]{0,2}|[ \t]?-[ \t]?)$/.test(gap) && !/['’]s$/i.test(a.text);
}

interface Run {
  terms: NlpTerm[];
  kinds: Kind[];
  titled: boolean;
}

function candidateTerm(t: NlpTerm): boolean {
  const word = stem(t.text);
  if (!/\p{L}/u.test(word)) return false;
  return isCapitalised(word) || (PARTICLES.has(word) && word.length > 1);
}

function runs(input: DetectInput): Run[] {
  const terms = input.terms();
  const text = input.text;
  const out: Run[] = [];
  let i = 0;
  while (i < terms.length) {
    if (!candidateTerm(terms[i]) || PARTICLES.has(terms[i].text)) {
      i++;
      continue;
    }
    let titled = false;
    while (i < terms.length && isTitle(terms[i]) && terms[i + 1] && candidateTerm(terms[i + 1]) && joins(text, terms[i], terms[i + 1])) {
      titled = true;
      i++;
    }
    const run: NlpTerm[] = [terms[i]];
    let j = i + 1;
    while (j < terms.length && candidateTerm(terms[j]) && joins(text, terms[j - 1], terms[j]) && text[terms[j - 1].end] !== ':') run.push(terms[j++]);
    while (run.length > 0 && PARTICLES.has(run[run.length - 1].text)) run.pop();
    if (run.length > 0) out.push({ terms: run, kinds: run.map(kindOf), titled });
    i = Math.max(j, i + 1);
  }
  return out;
}

/** Scores one run as a person name, or undefined when it is something else. */
function score(input: DetectInput, run: Run): Candidate | undefined {
  const { terms, kinds, titled } = run;
  const lower = terms.map((t) => stem(t.text).toLowerCase().replace(/\.$/, ''));
  if (lower.some((w) => NON_PERSON_WORDS.has(w))) return undefined;
  if (terms.some((t) => t.tags.has('Organization')) && !kinds.includes('name')) return undefined;
  const names = kinds.filter((k) => k === 'name').length;
  const unknown = kinds.filter((k) => k === 'unknown').length;
  const common = kinds.filter((k) => k === 'common').length;
  const core = names + unknown;
  if (core === 0) return undefined;
  if (terms.some((t) => hasAny(t.tags, PLACE_TAGS)) && names === 0) return undefined;
  const allCaps = terms.every((t) => !/\p{Ll}/u.test(t.text));
  const first = terms[0];
  const start = first.start;
  const last = terms[terms.length - 1];
  const end = last.end - (last.text.length - stem(last.text).length);
  const why: string[] = [];

  // an all-caps word the name lexicon does not know is an acronym or a heading
  if (allCaps && names === 0 && !titled) return undefined;
  let s: number;
  if (titled) s = common > 1 ? 0.5 : 0.85;
  else if (common > 0) s = names > 0 && common === 1 && terms.length >= 3 ? 0.55 : 0.3;
  else if (names > 0 && terms.length >= 2) s = 0.8;
  else if (core >= 2) s = first.sentenceStart ? 0.6 : 0.65;
  else if (names > 0) s = first.sentenceStart ? 0.5 : 0.6;
  else s = first.sentenceStart ? 0.4 : 0.5;
  if (titled) why.push('after a title');
  if (names > 0) why.push('name lexicon');
  if (unknown > 0) why.push(`${unknown} capitalised word${unknown > 1 ? 's' : ''} no dictionary knows`);

  const window = contextWindow(input.text, start, end, 3, 2);
  const before = findPhrase(window.before, BEFORE_CUES);
  const after = findPhrase(window.after, AFTER_CUES);
  if (before && common === 0) {
    s += 0.2;
    why.push(`cue "${before}" before`);
  }
  if (after && common === 0) {
    s += 0.15;
    why.push(`cue "${after}" after`);
  }
  return { start, end, score: Math.min(0.95, s), why };
}

/** "Gonzalez, Maria": a lone surname, a comma and a lone first name. */
function lastFirst(input: DetectInput, list: Run[]): Candidate[] {
  const out: Candidate[] = [];
  for (let k = 0; k + 1 < list.length; k++) {
    const a = list[k];
    const b = list[k + 1];
    if (a.terms.length !== 1 || b.terms.length > 2 || a.kinds.includes('common') || b.kinds.includes('common')) continue;
    const gap = input.text.slice(a.terms[0].end, b.terms[0].start);
    if (gap !== ', ' && gap !== ',') continue;
    const surname = a.terms[0].tags.has('LastName') || lexiconTags(a.terms[0].text).includes('LastName');
    const given = b.terms[0].tags.has('FirstName') || lexiconTags(b.terms[0].text).some((t) => t.endsWith('Name') && t !== 'LastName');
    if (!surname || !given) continue;
    const end = b.terms[b.terms.length - 1].end;
    out.push({ start: a.terms[0].start, end, score: 0.8, why: ['"Last, First" with name lexicon'] });
  }
  return out;
}

function find(input: DetectInput): Candidate[] {
  const list = runs(input);
  const out: Candidate[] = [];
  for (const run of list) {
    const c = score(input, run);
    if (c) out.push(c);
  }
  return [...out, ...lastFirst(input, list)];
}

export const personName: Detector = {
  id: 'person-name',
  category: 'personal.name',
  summary: 'Person names: NLP tags, titles, labels, initials, "Last, First", possessives and cues.',
  find,
  examples: {
    match: [
      'Dr. Aisha Patel met the board.',
      'The report was signed by Oluwaseun Adeyemi.',
      'Name: Krisztián Szöllösy',
      'Gonzalez, Maria testified on Monday.',
      "We read Faina D. Yefremova's statement.",
      'JOHN SMITH, born 1961, appeared.',
      'Interview of Mary-Jane Smith-Jones',
    ],
    ignore: ['The Department of Energy met in Denver.', 'Impaq International is a vendor.', 'ANNUAL REPORT OF THE BOARD', 'The committee reviewed the budget.'],
  },
};

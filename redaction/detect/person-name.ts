/**
 * @module
 * Person names from compromise's tags plus the rules it lacks: names after
 * titles and labels, "Last, First", initials, hyphenated and non-English names
 * (capitalised words no dictionary knows), ALL-CAPS names its lexicon knows,
 * possessives, and cues such as "born" or "testified" after a name.
 */
import type { Candidate, Detector } from './detector.ts';
import { contextWindow, findPhrase, words } from './detector.ts';
import type { DetectInput } from './input.ts';
import { isEnglishWord } from './english-words.ts';
import { lexiconTags } from './nlp.ts';
import type { NlpTerm } from './nlp.ts';
import { AFTER_CUES, BEFORE_CUES, HONORIFIC_PREFIX, HONORIFICS, NON_PERSON_WORDS, PARTICLES, SPEECH_CUES, TITLES, WEAK_CUES } from './name-words.ts';
import { isPlaceName, placeAfterTown } from './places.ts';
import { isGivenName } from './given-names.ts';
import { headerOfTextCell, nameLabelAbove } from './name-column.ts';
import { columnHeader } from './columns.ts';
import { caseless } from './caseless.ts';
import { inBirthBlock, privateRecord, privateThroughout, publishedRecord, wordCount } from './genre.ts';
import { partInApposition, privateRole, publicOfficeHeld, SPEAKER_WORDS, speakerEntry } from './private-role.ts';
import { memo } from './document-context.ts';

const NAME_TAGS = ['Person', 'FirstName', 'LastName', 'MaleName', 'FemaleName'];
const PLACE_TAGS = ['Place', 'City', 'Country', 'Region', 'Address'];
/** Tags that mean "an ordinary word" even when capitalised. */
const COMMON_TAGS = ['Verb', 'Adjective', 'Adverb', 'Determiner', 'Preposition', 'Conjunction', 'Pronoun', 'QuestionWord', 'Value', 'Date', 'Month', 'WeekDay', 'Modal', 'Copula', 'Plural', 'Actor', 'Url', 'Email', 'AtMention', 'HashTag'];
/** Single-word labels that introduce a name in forms and tables. */
const LABEL_WORDS = new Set(BEFORE_CUES.filter((c) => !c.includes(' ')));
/** Closed word classes: never part of a name. */
const CLOSED_TAGS = ['Determiner', 'Preposition', 'Conjunction', 'Pronoun', 'QuestionWord', 'Value', 'Date', 'Month', 'WeekDay', 'Modal', 'Copula', 'Url', 'Email', 'AtMention', 'HashTag'];
/** English derivational endings; words ending so are rarely names. */
const COMMON_SUFFIX = /(?:tion|sion|ment|ness|ity|ance|ence|ship|ism|ous|ive|able|ible|ful|less|ary|ory|ical|ology|ward|wise|ics|ize)$/i;
const INITIAL = /^(?:\p{Lu}\.?){1,3}$/u;
/** A lower-case letter then a capital, or two capitals then a lower-case letter, inside one word. */
const INNER_CAPITAL = /\p{Ll}\p{Lu}|^\p{Lu}{2,}\p{Ll}/u;
/** Surname prefixes written with a capital after them. */
const NAME_PREFIX = /^(?:Mc|Mac|De|Di|Da|Du|La|Le|Van|Von|Fitz|D['’]|O['’])\p{Lu}\p{Ll}+$/u;

type Kind = 'name' | 'common' | 'unknown' | 'initial' | 'particle';

function stem(text: string): string {
  return text.replace(/['’‘]s$/i, '');
}

/** Roles and words that stand in for a surname in templates and examples. */
const ROLE_SURNAME = new Set(['senior', 'junior', 'commander', 'physician', 'manager', 'sample', 'example', 'patient', 'member', 'officer', 'supervisor', 'sponsor', 'beneficiary', 'employee', 'applicant', 'requester', 'requestor', 'designee', 'technician', 'specialist', 'administrator', 'coordinator', 'representative', 'user', 'citizen', 'taxpayer', 'customer', 'airman', 'soldier', 'sailor']);
const PLACEHOLDER = /^(?:John|Jane|Richard|Baby) (?:Doe|Roe)$/i;

/** "DoD", "DoDI", "MTFs", "SSNs", "AFB": an acronym, never part of a person's name. */
const ACRONYM = /^(?:\p{Lu}{2,}s?|\p{Lu}\p{Ll}{1,2}\p{Lu}+\p{Ll}?|\p{Lu}{2,}\p{Ll}{1,2}\p{Lu}+)$/u;

function hasAny(tags: ReadonlySet<string>, list: string[]): boolean {
  return list.some((t) => tags.has(t));
}

function isCapitalised(text: string): boolean {
  return /^\p{Lu}/u.test(text);
}

/**
 * What a word is in a name. The tagger's guess in context ("Person" for "Invitational Travel", "Brokerage") counts
 * only for words no dictionary knows, or after a title ("Dr. Price"): a word the name lexicons do not know and the
 * dictionary does is a word.
 */
function kindOf(t: NlpTerm, afterTitle = false): Kind {
  const word = stem(t.text);
  if (PARTICLES.has(word) && !isCapitalised(word)) return 'particle';
  if (INITIAL.test(word) && word.length <= 4 && (word.length === 1 || word.includes('.'))) return 'initial';
  const lex = lexiconTags(word);
  if (lex.some((x) => NAME_TAGS.includes(x))) return 'name';
  if (hasAny(t.tags, NAME_TAGS) && !t.tags.has('Honorific') && (afterTitle || isGivenName(word) || !isEnglishWord(word))) return 'name';
  if (lex.length > 0 || hasAny(t.tags, CLOSED_TAGS) || isEnglishWord(word) || COMMON_SUFFIX.test(word) || madeOfWords(word)) return 'common';
  // "JavaScript", "MiCare", "LtCol", "NONEbox", "TSgt": capitals inside a word make a product, a rank or two words run
  // together, unless a surname prefix explains them ("McDonald", "DeShawn", "LaToya", "O'Brien")
  if (INNER_CAPITAL.test(word) && !NAME_PREFIX.test(word)) return 'common';
  // a capitalised word no dictionary knows stays a candidate whatever part of speech the tagger guessed ("Castellanos" as a plural)
  if (hasAny(t.tags, COMMON_TAGS) && !isCapitalised(word)) return 'common';
  return 'unknown';
}

/**
 * "Designee", "Requestor", "Unsuiting", "Interagency": a dictionary word with an agent or inflection ending, or with a
 * prefix, is made of English, not a name no dictionary knows. (Two words run together are not judged so: surnames are
 * often made that way, "Copeland", "Bridgewater".)
 */
function madeOfWords(word: string): boolean {
  const w = word.toLowerCase();
  if (!/^\p{Ll}{6,}$/u.test(w)) return false;
  const m = /^(.{4,}?)(?:ee|ees|or|ors|er|ers|ing|ings)$/u.exec(w);
  if (m && (isEnglishWord(m[1]) || isEnglishWord(`${m[1]}e`))) return true;
  const prefixed = /^(?:un|non|inter|pre|re|sub|over|under|out)(.{4,})$/u.exec(w);
  if (prefixed && isEnglishWord(prefixed[1])) return true;
  return false;
}

function isTitle(t: NlpTerm): boolean {
  return TITLES.has(t.text.toLowerCase().replace(/\.$/, ''));
}

/** Whether the text between two terms lets them belong to one name ("J. R. Ewing", "Smith-Jones"). */
function joins(text: string, a: NlpTerm, b: NlpTerm): boolean {
  const gap = text.slice(a.end, b.start);
  if (/['’]s$/i.test(a.text)) return false;
  if (/^(?:[ \t]{1,2}|[ \t]?-[ \t]?)$/.test(gap)) return true;
  // a name broken over two lines ("Dr. Aisha\nPatel"): only when the next line starts with another name word
  // (a letter alone on its line is a mark, the "X" closing a caption's box, not an initial)
  if (/^[ \t]*[\n\f][ \t]*$/.test(gap)) return (['name', 'unknown'].includes(kindOf(b)) || middleNameWrapped(text, a, b)) && kindOf(a) !== 'common' && !aloneOnLine(text, a) && !nextEntry(text, a, b) && !stackedNames(text, a, b);
  // a period joins only after an initial or a title, never across sentences
  // ("Daniel R.\nLevinson": a middle initial at the end of a line goes on with the surname on the next)
  return (/^\.[ \t]?$/.test(gap) && (INITIAL.test(a.text) || isTitle(a))) || (/^\.[ \t]*\n[ \t]*$/.test(gap) && /^\p{Lu}$/u.test(a.text) && ['name', 'unknown'].includes(kindOf(b)));
}

/**
 * "GUARDIAN AD LITEM, DARREN\nEARL ARISTON DELOS REYES": a given name ending a line goes on with a given name that is
 * also a dictionary word ("Earl", "Will", "Grant") opening the next, when more name words follow it there: a middle
 * name wrapped with the rest of the name. General: a caption, a calendar or a list wraps a long name wherever the line
 * ends, and a given name is no dictionary word after another given name. A given name alone on its line (a list of
 * first names, one per line) does not join.
 */
function middleNameWrapped(text: string, a: NlpTerm, b: NlpTerm): boolean {
  // the first given name as the name lexicon knows one ("Darren"; the given-name list also holds "Smith" and "Case")
  if (!lexiconGivenName(stem(a.text)) || !isGivenName(stem(b.text))) return false;
  return /^[ \t]+\p{Lu}[\p{L}'’-]+/u.test(text.slice(b.end, b.end + 40));
}

/** "YNCHAUSTI, JOHN C": the given names of a "Last, First" entry, from the entry's comma to the end of `a`'s line. */
const GIVEN_PART_BEFORE = /\p{Lu}[\p{L}'’-]+,[ \t]*(?:\p{Lu}[\p{L}'’.-]*[ \t]+)*$/u;
/** ", DON C": a comma, then a given name, after a word that is the surname of the entry it opens. */
const GIVEN_AFTER_COMMA = /^,[ \t]*(\p{Lu}[\p{L}'’-]+)/u;

/**
 * "ATTY: YNCHAUSTI, JOHN C\n STIRLING, DON C": in a list of "Last, First" entries one per line, the given names of
 * one entry end with their line; the surname on the next line opens the next entry (its own comma and given name
 * follow it). A name broken over two lines in prose ("Senior Counsel Christina K.\nAshworth, David M.") is no entry's
 * given part, so it still joins.
 */
function nextEntry(text: string, a: NlpTerm, b: NlpTerm): boolean {
  const given = GIVEN_AFTER_COMMA.exec(text.slice(b.end, b.end + 30))?.[1];
  if (!given || !(isGivenName(given) || lexiconGivenName(given))) return false;
  const lineStart = Math.max(text.lastIndexOf('\n', a.start - 1), text.lastIndexOf('\f', a.start - 1)) + 1;
  return GIVEN_PART_BEFORE.test(text.slice(lineStart, a.start));
}

/** A line opening with two or more capitalised words, then its end or a note's mark ("Tim Quist – 4 min", "… | Housing"). */
const NAME_LINE_OPEN = /^\p{Lu}[\p{L}.'’-]*(?:[ \t]+\p{Lu}[\p{L}.'’-]*)+[ \t]*(?:$|[–—|(,]|-[ \t])/u;

/**
 * "Laurie Quist\nElmar Quist\nDavid Ohlsen", "… Pooling with Tim Quist\nAnne Ohlsen", "Keaton Ashby | NAN\nKris Ohlsen |
 * NAN": a line that opens with a full name of its own starts the next entry of a list, as minutes list speakers or
 * attendees. A name broken over two lines has one word on the next line, with the sentence going on ("Dr. Aisha\nPatel
 * of Eastport"), or an initial before the break ("Christina K.\nAshworth, David M."), so it still joins.
 */
function stackedNames(text: string, a: NlpTerm, b: NlpTerm): boolean {
  if (/^\p{Lu}\.?$/u.test(a.text)) return false;
  const next = text.slice(b.start, b.start + 120);
  const open = NAME_LINE_OPEN.exec(next.slice(0, next.search(/[\n\f]|$/)));
  // a full name has at most five words; a longer run of capitals is a title going on from the line before
  // ("…, DARREN\nEARL ARISTON DELOS REYES VS MANALI TOWN HOMES, L.P.": a guardian's name wrapped in a case's title)
  return open !== null && (open[0].match(/\p{Lu}[\p{L}.'’-]*/gu) ?? []).length <= 5;
}

function aloneOnLine(text: string, t: NlpTerm): boolean {
  const from = Math.max(text.lastIndexOf('\n', t.start - 1), text.lastIndexOf('\f', t.start - 1)) + 1;
  return INITIAL.test(t.text) && text.slice(from, t.start).trim() === '' && /^[ \t]*[\n\f]/.test(text.slice(t.end));
}

/** After a given name, capitalised words are surnames even when they are also words ("Megan T Price", "Ross Bell"). */
function surnamesAfterGivenName(terms: NlpTerm[], kinds: Kind[]): Kind[] {
  // the lexicon, not the tagger's guess in context: it tags "Invitational" in "Invitational Travel" a first name
  const word = stem(terms[0].text);
  const given = lexiconGivenName(word) || (isGivenName(word) && !isEnglishWord(word));
  if (!given || terms.length > 4) return kinds;
  return kinds.map((k, i) => (i > 0 && k === 'common' && isCapitalised(terms[i].text) && !NON_PERSON_WORDS.has(stem(terms[i].text).toLowerCase()) && !hasAny(terms[i].tags, ['Verb', 'Preposition', 'Conjunction', 'Determiner', 'Pronoun']) ? 'name' : k));
}

interface Run {
  terms: NlpTerm[];
  kinds: Kind[];
  titled: boolean;
  /** Start of an honorific before the name ("Ms.", "MR."): it tells gender and goes with the name. */
  honorificStart?: number;
}

function candidateTerm(t: NlpTerm): boolean {
  const word = stem(t.text);
  // "E-40152" is a code: names hold no digits; "Title:AICP" is a label run into its value
  if (!/\p{L}/u.test(word) || /\d/.test(word) || /\p{L}:\p{L}/u.test(word)) return false;
  // "TMA/Service/AFMSA", "MTF(s": a slash or bracket inside a word makes it no name
  if (/\p{L}[/()]|[/()]\p{L}/u.test(word)) return false;
  // "Inv'rs", "Soc'y", "Dep't": legal abbreviations; a name's apostrophe follows its first letter ("O'Connor")
  if (/^\p{L}{2,}['’]\p{L}/u.test(word) && !/['’]s$/i.test(word)) return false;
  return isCapitalised(word) || (PARTICLES.has(word) && word.length > 1);
}

/** Whether `at` opens a sentence: the text's or a line's start, or after a sentence's end (".", "!", "?"). */
function opensSentence(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 6), at);
  return (at <= 6 && /^[ \t]*$/.test(before)) || /(?:[\n\f]|[.!?]["”’)]?)[ \t]*$/.test(before);
}

/** "VS", "Vs.": the word between a case's parties. */
const VERSUS = /^vs\.?$/i;

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
    let honorificStart: number | undefined;
    // "Then-Judge Ervin", "Ex-Governor Mills": the office held before is still a title
    if (/^(?:then|former|ex|acting)$/i.test(terms[i].text) && terms[i + 1] && text.slice(terms[i].end, terms[i + 1].start) === '-' && isTitle(terms[i + 1])) i++;
    while (i < terms.length && isTitle(terms[i]) && terms[i + 1] && candidateTerm(terms[i + 1]) && joins(text, terms[i], terms[i + 1])) {
      if (!titled && HONORIFICS.has(terms[i].text.toLowerCase().replace(/\.$/, ''))) honorificStart = terms[i].start;
      titled = true;
      i++;
    }
    const run: NlpTerm[] = [terms[i]];
    let j = i + 1;
    // "… DELOS REYES VS MANALI TOWN HOMES": "vs" between two parties ends the first, it is no part of a name
    while (j < terms.length && candidateTerm(terms[j]) && joins(text, terms[j - 1], terms[j]) && text[terms[j - 1].end] !== ':' && !VERSUS.test(terms[j].text)) run.push(terms[j++]);
    while (run.length > 0 && PARTICLES.has(run[run.length - 1].text)) run.pop();
    // "Complainant ADEYEMI-CRUZ": a label word before a name is a cue, not part of the name
    while (run.length > 1 && LABEL_WORDS.has(run[0].text.toLowerCase())) run.shift();
    // "Special Agent in Charge Kelly A. McCoy": a capitalised word before a given name the lexicon knows ends the
    // office or heading before it, it is no part of the name
    while (run.length > 2 && !isTitle(run[0]) && kindOf(run[0]) === 'common' && /\p{Ll}/u.test(run[1].text) && !isGivenName(stem(run[0].text)) && lexiconGivenName(stem(run[1].text)) && text.slice(run[0].end, run[1].start) === ' ') run.shift();
    // "Tell Allida that …", "Ask Jorvath about it": a verb in its base form opening a sentence is an imperative, no
    // part of the name after it (not a given name that is also a verb: "Will Smith", "Chase Okafor")
    while (run.length > 1 && opensSentence(text, run[0].start) && run[0].tags.has('Verb') && (run[0].tags.has('Infinitive') || run[0].tags.has('Imperative')) && !isGivenName(stem(run[0].text)) && !/^\p{Lu}{2,}$/u.test(run[0].text)) run.shift();
    // "Dear Mr. Tarrant": a title after the label still announces the name
    while (run.length > 1 && isTitle(run[0])) {
      if (!titled && HONORIFICS.has(run[0].text.toLowerCase().replace(/\.$/, ''))) honorificStart = run[0].start;
      titled = true;
      run.shift();
    }
    // "Youssef E-40226": a bare letter before a dash or digits is a code, not an initial
    while (run.length > 1 && /^\p{Lu}$/u.test(run[run.length - 1].text) && /^[-\d]/.test(text[run[run.length - 1].end] ?? '')) run.pop();
    // a given name wrapped onto the next line after another ("DARREN\nEARL …") is a name there, not the word "earl"
    const wrappedGiven = (t: NlpTerm, k: number) => k > 0 && /^[ \t]*[\n\f][ \t]*$/.test(text.slice(run[k - 1].end, t.start)) && middleNameWrapped(text, run[k - 1], t);
    if (run.length > 0) out.push({ terms: run, kinds: surnamesAfterGivenName(run, run.map((t, k) => (wrappedGiven(t, k) ? 'name' : kindOf(t, titled)))), titled, honorificStart });
    i = Math.max(j, i + 1);
  }
  return out;
}

/**
 * A name candidate with what speaks for it: `strong` when a title, a personal-record label, a speaker label or a
 * surname's capitals say a person is meant; `cue` when any cue does, even a weak one ("by", "contact").
 */
interface NameCandidate extends Candidate {
  strong: boolean;
  cue: boolean;
  /** A personal-record cue ("victim", "claimant", "born") says a real person is meant, even in a template's block. */
  recordCue?: boolean;
  /** A record's label for the person it is about ("claimant", "decedent", "estate of"), not speech ("said"). */
  privateCue?: boolean;
}

/** "St. Louis", "Fort Monroe", "Joint Base Andrews", "Lake Charles": a word after these names a place. */
const PLACE_PREFIX = /\b(?:St|Ste|Ft|Fort|Mt|Mount|Port|Base|Camp|Lake|Cape)\.?[ \t]+$/;

/** Words an institution named after someone ends with: "… Detention Facility", "… Correctional Center", "… Courthouse". */
const INSTITUTION_WORD = /^(?:Facility|Facilities|Detention|Correctional|Jail|Prison|Penitentiary|Courthouse)$/;
const INSTITUTION_AFTER = /^[ \t]+(?:Facility|Facilities|Detention|Correctional|Jail|Prison|Penitentiary|Courthouse)\b/;
/** Last words of an organisation named with "at": an association, a company, a condominium. */
const ORGANISATION_HEAD_WORDS_AT = 'association|associations|inc|llc|ltd|corp|corporation|company|condominium|condominiums|apartments|partnership';
/** "at", then capitalised words, then an organisation's last word: the rest of an organisation's name. */
const AT_ORGANISATION = new RegExp(`^[ \\t]+at[ \\t]+(?:[\\p{Lu}\\d][\\p{L}\\d'’&.-]*[ \\t]+){1,5}(?:${caseless(ORGANISATION_HEAD_WORDS_AT)})(?![\\p{L}])`, 'u');

/** Scores one run as a person name, or undefined when it is something else. */
function score(input: DetectInput, run: Run): NameCandidate | undefined {
  const { terms, kinds, titled } = run;
  const lower = terms.map((t) => stem(t.text).toLowerCase().replace(/\.$/, ''));
  if (lower.some((w) => NON_PERSON_WORDS.has(w))) return undefined;
  // "Don't", "We'll": contractions are words, never names
  if (terms.some((t) => CONTRACTION.test(t.text))) return undefined;
  if (terms.some((t) => t.tags.has('Organization')) && !kinds.includes('name')) return undefined;
  const names = kinds.filter((k) => k === 'name').length;
  const unknown = kinds.filter((k) => k === 'unknown').length;
  const common = kinds.filter((k) => k === 'common').length;
  const core = names + unknown;
  if (core === 0) return undefined;
  if (terms.some((t) => hasAny(t.tags, PLACE_TAGS)) && names === 0) return undefined;
  const allCaps = terms.every((t) => !/\p{Ll}/u.test(t.text));
  // "MEL", "IRA", "FAA": three capitals alone are an acronym even when a name lexicon knows them
  if (terms.length === 1 && !titled && /^\p{Lu}{2,3}$/u.test(stem(terms[0].text))) return undefined;
  // "SA DAO DE", "MDG SGH": short capitals no name lexicon knows are office symbols, even after a title-like word
  if (terms.length >= 2 && names === 0 && terms.every((t) => /^\p{Lu}{2,3}$/u.test(stem(t.text)))) return undefined;
  // "Supp.", "Stat.", "App.": a short word no lexicon knows, cut by a period, abbreviates a citation
  if (terms.length === 1 && !titled && names === 0 && stem(terms[0].text).length <= 5 && input.text[terms[0].end] === '.' && /^\s*(?:\d|\p{Ll}|\()/u.test(input.text.slice(terms[0].end + 1, terms[0].end + 4))) return undefined;
  // "52 L. Ed. 714", "347 B.R. 473": between a volume and a page number, capitals abbreviate a law reporter
  if (/(?:^|[^\p{L}\p{N}])\d{1,4}[ \t]+$/u.test(input.text.slice(Math.max(0, terms[0].start - 6), terms[0].start)) && /^\.?[ \t]+(?:\d[a-z]{1,2}[ \t]+)?\d/.test(input.text.slice(terms[terms.length - 1].end, terms[terms.length - 1].end + 10))) return undefined;
  // "Arkan- sas", "Loui-\nsiana": the first half of a word broken at the end of a line
  if (/^-(?:[ \t]+|[ \t]*\n[ \t]*)\p{Ll}/u.test(input.text.slice(terms[terms.length - 1].end, terms[terms.length - 1].end + 4)) && names === 0) return undefined;
  // "A Div", "B Div K", "Y Requestor": a bare letter with no period before a single word no lexicon knows is a
  // column code, an article or a list marker, not an initial
  if (names === 0 && core === 1 && !titled && terms.length > 1 && /^\p{Lu}$/u.test(terms[0].text) && input.text[terms[0].end] !== '.') return undefined;
  // "R. Civ. P.", "Fed. Sav. & Loan", "Real Est. Inv. Tr.": a short word no lexicon knows, cut by a period, in a
  // chain of abbreviations
  if (names === 0 && core === 1 && !titled && kinds[kinds.length - 1] === 'unknown' && inAbbreviationChain(input.text, terms[terms.length - 1])) return undefined;
  // "JOHN A. COMMANDER", "David Manager", "Jane Q. Sample": a role or a sample as surname fills a template's blank
  if (terms.length > 1 && ROLE_SURNAME.has(lower[lower.length - 1])) return undefined;
  // "John Doe", "Jane Roe": the placeholders for an unnamed person
  if (PLACEHOLDER.test(terms.map((t) => stem(t.text)).join(' '))) return undefined;
  // an acronym among ordinary capitalised words ("Scott AFB", "IAW DoDI", "DoD", "PAM Chloride") names an organisation
  // or a thing, even when a name lexicon knows its letters
  if (!allCaps && terms.some((t) => ACRONYM.test(stem(t.text)) && (terms.length > 1 || !lexiconTags(stem(t.text)).some((x) => NAME_TAGS.includes(x))))) return undefined;
  // "Lt Col", "ADM Patient", "Mr. or Ms. Senior": a title before another title or a role fills a template, it names no one
  if (titled && terms.length === 1 && (isTitle(terms[0]) || ROLE_SURNAME.has(lower[0]))) return undefined;
  const first = terms[0];
  const start = run.honorificStart ?? first.start;
  const last = terms[terms.length - 1];
  const end = last.end - (last.text.length - stem(last.text).length);
  const why: string[] = [];
  const after = input.text.slice(end, end + 40);
  // "Ashford County Courthouse", "Ashford, WA 98501": the first words of an organisation's name, or a town
  const nextWord = /^(?:[ \t]+|[ \t]*\n[ \t]*)(\p{Lu}[\p{L}'’]*)/u.exec(after)?.[1];
  if (!titled && names === 0 && ((nextWord && NON_PERSON_WORDS.has(nextWord.toLowerCase())) || TOWN_AFTER.test(after))) return undefined;
  // "Paul Rein Detention Facility", "the Joseph V. Conte Facility": a jail or another institution named after someone,
  // whatever the lexicon knows of the name
  if (INSTITUTION_AFTER.test(after) || terms.some((t) => INSTITUTION_WORD.test(stem(t.text)))) return undefined;
  // "Tavistock at Mays Landing Homeowners Association, Inc.": a word no lexicon knows that opens an organisation's
  // name with "at" ("Shops at …", "Society Hill at Galloway … Association"); a person's name would be in a lexicon
  if (!titled && names === 0 && terms.length === 1 && AT_ORGANISATION.test(input.text.slice(end, end + 100))) return undefined;
  // "Melton Espy & Williams, PC", "Theodore D'Apuzzo, P.A.": a name before a firm's legal form is the firm
  if (FIRM_AFTER.test(after) || /^[ \t]+(?:circus|zoo|farm|ranch|kennels?|sanctuary|company|corporation|foundation)\b/.test(after)) return undefined;
  if (firmInCell(input.text, start, end)) return undefined;
  // "T Rowe Price Blue Chip Growth Fund", "Templeton Global Bond Advisor (TGBAX)", "Charles Schwab Brokerage Account":
  // capitalised words running on to an organisation's or a fund's last word, or to a ticker in brackets
  if (!titled && organisationRunsOn(after)) return undefined;
  // "JOHN A. COMMANDER" read as "JOHN A": the template's role surname follows the run
  const following = /^\.?[ \t]+(\p{L}+)/u.exec(after)?.[1];
  if (following && ROLE_SURNAME.has(following.toLowerCase())) return undefined;

  // "04812 Jan Pieterszhof 52", "Ady Endre u. 12": a street named after someone
  const before = input.text.slice(Math.max(0, start - 8), start);
  if ((/\d{3,6}[ \t]$/.test(before) && /^[ \t]\d{1,5}\b/.test(after)) || /^[ \t](?:u\.|utca|St\.|Str\.|Street|Avenue|Road)/.test(after)) return undefined;
  // "38 S Scott Ave": a house number, perhaps a direction, then a street's name and its kind
  if (streetAfterNumber(before, after)) return undefined;
  // "Suite 318 Maribor", "Rue de Namur 245, Westerlo": a word no lexicon knows after a number on its line is a town
  if (names === 0 && !titled && /\d[\p{L}.]*,?[ \t]+$/u.test(before)) return undefined;
  // an all-caps word the name lexicon does not know is an acronym or a heading
  if (allCaps && names === 0 && !titled) return undefined;
  // "Femke R Dijks": a word, an initial, a word is a name whatever the words are
  const initialInside = kinds.length === 3 && kinds[1] === 'initial' && kinds[0] !== 'initial' && kinds[2] !== 'initial';
  let s: number;
  if (initialInside) s = titled ? 0.9 : 0.75;
  else if (titled) s = common > 1 ? 0.5 : 0.85;
  else if (common > 0) s = names > 0 && common === 1 && terms.length >= 3 ? 0.55 : 0.3;
  else if (names > 0 && terms.length >= 2) s = 0.8;
  else if (core >= 2) s = first.sentenceStart ? 0.6 : 0.65;
  else if (names > 0) s = first.sentenceStart ? 0.5 : 0.6;
  else s = 0.5;
  if (titled) why.push('after a title');
  if (names > 0) why.push('name lexicon');
  if (unknown > 0) why.push(`${unknown} capitalised word${unknown > 1 ? 's' : ''} no dictionary knows`);

  const window = contextWindow(input.text, start, end, 3, 2);
  const cueBefore = thingNameLabel(input.text, start) ? undefined : labelBeforeName(afterPreposition(window.before));
  const cueAfter = findPhrase(window.after, AFTER_CUES);
  const lastWords = ` ${window.before.slice(-2).join(' ')}`;
  const placeCues = terms.length === 1 ? [...PLACE_CUES, ...LONE_PLACE_CUES] : PLACE_CUES;
  const place = names === 0 && !titled ? placeCues.find((p) => lastWords.endsWith(` ${p}`)) : undefined;
  if (place) {
    s -= 0.25;
    why.push(`place cue "${place}" before`);
  }
  const speaker = input.text[last.end] === ':';
  if (speaker) {
    // "Ubul: What a wife." is a speaker; "Fax: 555…" and "Website:" are form labels
    const speech = SPEECH.test(input.text.slice(last.end, last.end + 60));
    if (!speech || terms.length > 1) return undefined;
    // "Addr: NCA Hgt: 6'00 Wgt:245": a record's line of fields, not a turn of speech; a speaker says words, not labels
    if (NEXT_FIELD.test(input.text.slice(last.end + 1, last.end + 60).split('\n')[0])) return undefined;
    s += 0.15;
    why.push('speaker label');
  }
  if (cueBefore && common === 0) {
    s += 0.2;
    why.push(`cue "${cueBefore}" before`);
  }
  if (cueAfter && common === 0) {
    s += 0.15;
    why.push(`cue "${cueAfter}" after`);
  }
  // "the estate of Maria Medina": a decedent's estate names a private person (the cue's "of" stops findPhrase)
  const estate = ESTATE_OF.test(input.text.slice(Math.max(0, start - 12), start));
  if (estate) why.push('cue "estate of" before');
  const strongCue = estate || (cueBefore !== undefined && common === 0 && !WEAK_CUES.has(cueBefore)) || (cueAfter !== undefined && common === 0 && !WEAK_CUES.has(cueAfter));
  // a given name, a middle initial and a surname ("Priya R. Venkataraman") is the shape of a person's full name; so is
  // a compound given name ("Jean-Baptiste", "Anne-Marie")
  const compound = /^(\p{Lu}\p{Ll}+)-(\p{Lu}\p{Ll}+)$/u.exec(input.text.slice(first.start, end));
  const compoundGiven = compound !== null && isGivenName(compound[1]) && (isGivenName(compound[2]) || !isEnglishWord(compound[2]));
  const strong = titled || speaker || strongCue || initialInside || compoundGiven;
  if (!titled && !strongCue) {
    // "Virginia", "Puerto Rico", "San Antonio": a state, territory, country or city named whole is a place
    if (isPlaceName(terms.map((t) => t.text).join(' '))) return undefined;
    // "Alexandria, VA", "Casablanca, Morocco", "Des Moines, WA": a town before its state or country ("Smith, Georgia"
    // is a surname and a given name)
    const town = placeAfterTown(after);
    if (town && !(names > 0 && isGivenName(town))) return undefined;
    // "St. Louis", "Fort Monroe", "Joint Base Andrews"
    if (PLACE_PREFIX.test(input.text.slice(Math.max(0, start - 12), start))) return undefined;
    // "PAT CAT", "ROYCE FUNDS PENNSYLVANIA", "JOHN HANCOCK CLASSIC": capitals alone are a heading, a code or a fund
    // name until a title or a label says a person is meant, or the shape of a full name does: a given name with a
    // middle initial ("JOHN A. CARMICHAEL"), or a given name and a surname filling a line (an address or signature block)
    // (or a person's part in apposition after it: "SAVANNA LEIGH DELOS REYES, A MINOR, BY AND THROUGH …")
    if (allCaps && !(isGivenName(stem(first.text)) && (initialInside || (terms.length >= 2 && (fillsLine(input.text, start, end) || partInApposition(after)))))) return undefined;
  }
  // "Mr. Demske said": speech shows a person, not a private one (officials are quoted every day)
  const privateCue = estate || (cueBefore !== undefined && common === 0 && !WEAK_CUES.has(cueBefore) && !SPEECH_CUES.has(cueBefore)) || (cueAfter !== undefined && common === 0 && !WEAK_CUES.has(cueAfter) && !SPEECH_CUES.has(cueAfter));
  return { start, end, score: Math.min(0.95, s), why, strong, cue: cueBefore !== undefined || cueAfter !== undefined, recordCue: strongCue, privateCue };
}

/** Nouns of things whose "Name:" a label asks for: a subdivision's, a company's, a project's name is no person's. */
const THING_NAME_LABEL = /\b(?:subdivision|company|business|firm|entity|organi[sz]ation|agency|facility|property|project|program(?:me)?|product|plan|file|street|road|vessel|site|school|district|department|court|bank|fund|trust|estate[ \t]+plan|event|course|system)[ \t]*(?:[-–—][ \t]*)?names?[ \t]*:[ \t]*$/i;

/** Whether a "Name:" label right before `start` asks for a thing's name ("Subdivision - Name: HIDDEN ACRES"). */
function thingNameLabel(text: string, start: number): boolean {
  return THING_NAME_LABEL.test(text.slice(Math.max(0, start - 40), start));
}

const ESTATE_OF = /\b[Ee]state[ \t]+of[ \t]+$/;

/** Prepositions that put something else between a cue and a name: "the plaintiff in Allah" names a case. */
const CUE_BREAKERS = new Set(['in', 'of', 'for', 'at', 'from', 'to', 'on', 'against', 'under', 'v', 'vs', 'like', 'see']);

/** The words before a name after the last preposition among them: a cue counts only when it reaches the name. */
/**
 * Cues of self-introduction name the person only right before the name ("I'm Lona Quist", "my name is Lona"): in
 * "I'm copying Lona" the speaker introduces no one, and the name after the verb is someone the speaker writes to.
 */
const SELF_INTRODUCTION = new Set(['i am', 'i m', 'my name is', 'name is', 'this is']);
const BEFORE_PHRASES = BEFORE_CUES.map((cue) => ({ cue, phrase: ` ${words(cue).join(' ')} `, last: SELF_INTRODUCTION.has(cue) }));

/** The first cue of BEFORE_CUES in the words before a name; a self-introduction only when it ends them. */
function labelBeforeName(before: string[]): string | undefined {
  const joined = ` ${before.join(' ')} `;
  return BEFORE_PHRASES.find(({ phrase, last }) => (last ? joined.endsWith(phrase) : joined.includes(phrase)))?.cue;
}

function afterPreposition(before: string[]): string[] {
  for (let i = before.length - 1; i >= 0; i--) if (CUE_BREAKERS.has(before[i])) return before.slice(i + 1);
  return before;
}

/** A firm's legal form after a comma: "…, LLC", "…, P.A.", "…, PC". */
const FIRM_AFTER = /^(?:[ \t]+(?:and|&)[ \t]+\p{Lu}[\p{L}'’-]+)?,?\s+(?:P\.?C|P\.?A|L\.?L\.?C|L\.?L\.?P|P\.?L\.?L\.?C|Inc|Ltd|Chtd|Co)\.?(?![\p{L}])/u;
/**
 * "Killian, Davis, Richter and Mayle, PC", "Cole, Scott & Kissane, PA", "DeVore, Acton, and Stafford": surnames
 * listed with "&", a firm's form, or three and more of them name a law or accounting firm, not "Last, First".
 */
const FIRM_NAMES_AFTER = /^(?:(?:,[ \t]*(?:and[ \t]+)?|[ \t]*&[ \t]*|[ \t]+and[ \t]+)\p{Lu}[\p{L}'’-]+){1,4}/u;
function firmOfSurnames(after: string): boolean {
  const m = FIRM_NAMES_AFTER.exec(after);
  if (!m) return false;
  return m[0].includes('&') || FIRM_AFTER.test(after.slice(m[0].length)) || /,[ \t]*(?:and[ \t]+)?\p{Lu}[^]*(?:,[ \t]*and|[ \t]and)[ \t]+\p{Lu}/u.test(m[0]);
}

/** "| DeVore, Acton, and Stafford |": a firm of surnames filling a log's cell, starting at [start, end). */
function firmInCell(text: string, start: number, end: number): boolean {
  const after = text.slice(end, end + 80);
  return firmOfSurnames(after) && inCell(text, start, end + (FIRM_NAMES_AFTER.exec(after)?.[0].length ?? 0));
}

/** Capitalised words after a run, with "of", "and", "&" between them, perhaps wrapped onto the next line. */
const CONTINUATION = /^(?:(?:[ \t]+|[ \t]*\n[ \t]*)(?:\p{Lu}[\p{L}'’&.-]*|of|and|&)){1,6}/u;
/** A fund's or a security's ticker in brackets: "(TGBAX)". */
const TICKER = /^[ \t]*\((?:[A-Z]{3,6})\)/;

function organisationRunsOn(after: string): boolean {
  const m = CONTINUATION.exec(after);
  if (!m) return false;
  const words = m[0].trim().split(/\s+/).filter((w) => /\p{Lu}/u.test(w));
  if (words.length === 0) return false;
  if (TICKER.test(after.slice(m[0].length))) return true;
  const last = words[words.length - 1].replace(/[.,]+$/, '');
  // "Jane Roe" over "Acme Corporation" is an address block, "Name: Jane Roe" over "Account No." a form: over a line
  // break only a ticker counts
  return !m[0].includes('\n') && ORGANISATION_END.test(last);
}

/** Whether [start, end) is all its line holds, punctuation aside. */
function fillsLine(text: string, start: number, end: number): boolean {
  const from = Math.max(text.lastIndexOf('\n', start - 1), text.lastIndexOf('\f', start - 1)) + 1;
  const stop = text.slice(end).search(/[\n\f]|$/);
  return !/[\p{L}\p{N}]/u.test(text.slice(from, start) + text.slice(end, end + stop));
}

/** A word of four letters or fewer followed by a period, with another abbreviation or "&" right before or after it. */
function inAbbreviationChain(text: string, t: NlpTerm): boolean {
  if (stem(t.text).length > 4 || text[t.end] !== '.') return false;
  const before = text.slice(Math.max(0, t.start - 8), t.start);
  const after = text.slice(t.end + 1, t.end + 9);
  return /(?:^|[\s(])(?:\p{L}{1,4}\.|&)[ \t]+$/u.test(before) || /^[ \t]+(?:\p{L}{1,4}\.|&)(?:\s|$)/u.test(after);
}

/** What follows a speaker's name: words, perhaps quoted ("Lisa: Remember me, Nathan?", 'Sara:"I'm her daughter"'). */
const SPEECH = /^:[ \t]*[\\"“']*\p{L}+(?:['’]\p{L}+)?[ \t,]+\p{L}+/u;
/** Another field after a label's value on its line: a capitalised word, a colon and a number ("NCA Hgt: 6'00"). */
const NEXT_FIELD = /[ \t][A-Z][A-Za-z#]{1,15}[ \t]?:[ \t]?\d/;

/** A contraction ("Don't", "they'll"). */
const CONTRACTION = /n['’]t$|['’](?:ll|re|ve)$/i;
/** A town before its state and ZIP code: ", WA 98501". */
const TOWN_AFTER = /^,?[ \t]+[A-Z]{2}[ \t]+\d{5}\b/;
/** Before a lone word no lexicon knows, these make it a destination or an employer ("flew to Arsuk", "works for Xignite"). */
const LONE_PLACE_CUES = ['to', 'from', 'for'];

/** Prepositions and verbs that put a place or an organisation after them, not a person. */
const PLACE_CUES = ['in', 'at', 'near', 'based in', 'located in', 'originally from', 'moved from', 'here from', 'arrived at', 'trip to', 'moved to', 'became', 'work for', 'works for', 'worked for', 'year at', 'on', 'of the', 'invoking'];

/** A given name its lexicon knows, in lower case, and a word no dictionary knows: "olga krylova". */
const LOWER_NAME = /(?<![\p{L}\p{N}'’-])(\p{Ll}[\p{Ll}'’-]+)((?:\s\p{Ll}\.?)?\s\p{Ll}[\p{Ll}'’-]+)(?![\p{L}\p{N}-])/gu;
/** After a strong cue, lower-case words no dictionary knows are the name: "my name is vitoria". */
const LOWER_AFTER_CUE = new RegExp(String.raw`\b(?:${caseless("my name is|name is|i am|i'm|named|calls me|call me|follow up with|maiden name is|name:")})\s+(\p{Ll}[\p{Ll}'’-]+(?:\s(?:\p{Ll}\.?|\p{Ll}[\p{Ll}'’-]+)){0,2})`, 'gu');


/** A given name compromise's lexicon knows: in lower case, the longer list's names that are also words ("glad", "hope") prove nothing. */
function lexiconGivenName(word: string): boolean {
  return lexiconTags(word).some((t) => t === 'FirstName' || t === 'MaleName' || t === 'FemaleName');
}

function lowerCaseNames(input: DetectInput): NameCandidate[] {
  const out: NameCandidate[] = [];
  for (const m of input.text.matchAll(LOWER_NAME)) {
    // nearly every pair of lower-case words matches: the given-name test comes first, before any string is built
    if (!isGivenName(m[1]) || isEnglishWord(m[1])) continue;
    const surname = m[2].trim().split(/\s/).pop()!.replace(/['’]s$/, '');
    if (isEnglishWord(surname) || lexiconTags(surname).some((t) => !t.endsWith('Name'))) continue;
    const end = m.index + m[0].length - (m[0].length - m[0].replace(/['’]s$/, '').length);
    out.push({ start: m.index, end, score: 0.55, why: ['lower-case given name and surname'], strong: false, cue: false });
  }
  for (const m of input.text.matchAll(LOWER_AFTER_CUE)) {
    const parts = m[1].split(/\s/);
    while (parts.length > 0 && isEnglishWord(parts[parts.length - 1].replace(/['’]s$/, '')) && !lexiconGivenName(parts[parts.length - 1])) parts.pop();
    if (parts.length === 0 || (isEnglishWord(parts[0]) && !lexiconGivenName(parts[0]))) continue;
    const value = parts.join(' ').replace(/['’]s$/, '');
    const start = m.index + m[0].length - m[1].length;
    out.push({ start, end: start + value.length, score: 0.7, why: [`lower case after cue "${m[0].slice(0, m[0].length - m[1].length).trim().toLowerCase()}"`], strong: true, cue: true });
  }
  return out;
}

const SURNAME_PART = "\\p{Lu}[\\p{L}'’]*(?:-\\p{Lu}[\\p{L}'’]*)*";
const GIVEN_PART = "\\p{Lu}[\\p{Ll}'’]+(?:-\\p{Lu}[\\p{Ll}'’]+)?|\\p{Lu}\\.";
/** "Gonzalez, Maria", "TRAN, Minh Anh", "ABERNATHY-KOWALSKI, R.", "Ó BRIAIN, Cathal". */
const LAST_FIRST = new RegExp(`(?<![\\p{L}'’-])(${SURNAME_PART}(?: ${SURNAME_PART})?),[ \\t]*(?:\\n[ \\t]*)?((?:${GIVEN_PART})(?: (?:${GIVEN_PART})){0,2})(?![\\p{L}])`, 'gu');

function nameEvidence(word: string, bySuffix = true): 'name' | 'unknown' | 'common' {
  const w = word.replace(/['’]s$/, '');
  if (lexiconTags(w).some((t) => NAME_TAGS.includes(t))) return 'name';
  return isEnglishWord(w) || lexiconTags(w).length > 0 || NON_PERSON_WORDS.has(w.toLowerCase()) || (bySuffix && COMMON_SUFFIX.test(w)) ? 'common' : 'unknown';
}

/** "Pre-Jan", "Mid-March", "Post-Surgery": a prefix and a hyphen make a word, never a given name. */
const PREFIXED = /^(?:pre|post|mid|non|anti|semi|multi|early|late)-/i;

/** A surname, a comma and given names: by capitals contrast (SMITH, Jane) or by the name lexicon. */
function lastFirst(input: DetectInput): NameCandidate[] {
  const out: NameCandidate[] = [];
  for (const m of input.text.matchAll(LAST_FIRST)) {
    // "Complainant ADEYEMI-CRUZ, Chiamaka": a label in title case before an all-caps surname is not part of it
    const words = m[1].split(' ');
    let start = m.index;
    if (words.length === 2 && /\p{Ll}/u.test(words[0]) && !/\p{Ll}/u.test(words[1])) {
      start += words[0].length + 1;
      words.shift();
    }
    // "Dr. Donald Millar, Richard Metzler": a given name and a surname before the comma are one person in a list of
    // them, not a two-word surname
    if (words.length === 2 && /\p{Ll}/u.test(words[0]) && (isGivenName(words[0]) || lexiconGivenName(words[0]))) continue;
    const surnameText = words.join(' ');
    const surname = surnameText.split(/[ -]/);
    const given = m[2].split(/[ -]/).filter((g) => !/^\p{Lu}\.$/u.test(g));
    const capsContrast = !/\p{Ll}/u.test(surnameText) && surnameText.replace(/[^\p{L}]/gu, '').length > 1 && (given.length === 0 || /\p{Ll}/u.test(m[2]));
    const givenKinds = given.map((g) => nameEvidence(g));
    if (m[2].split(/\s+/).some((g) => PREFIXED.test(g))) continue;
    // "Peter Kirsten, Investigator Michael Pon": a title after the comma opens the next person, it is no given name
    if (TITLES.has(m[2].split(/\s+/)[0].replace(/\.$/, '').toLowerCase())) continue;
    // "| Clotfelter, Ginger |", "| Banks, Martin |": a table cell (or a line) holding only a surname and a given name the
    // lists know is a person's name even when the words are also English ("Banks", "Ginger")
    // ("| Hurley, Weneeke |": in a column where other rows hold such names, a pair of capitalised words the lists do
    // not know is one more)
    const cell = inCell(input.text, start, m.index + m[0].length) && (given.some((g) => isGivenName(g)) || surname.some((w) => lexiconTags(w).includes('LastName')) || namesInColumn(input.text, start) >= COLUMN_NAMES);
    // "Torreance, Terry": after a given name the lexicon knows, an English-looking ending makes no word of a surname no
    // dictionary has
    const surnameKinds = surname.map((w) => nameEvidence(w, !(givenKinds.length > 0 && givenKinds.every((k) => k === 'name'))));
    if (surnameKinds.includes('common') && !capsContrast && !cell) continue;
    if ([...surname, ...given].some((w) => NON_PERSON_WORDS.has(w.toLowerCase()))) continue;
    // "PAFOS, Cyprus", "Austin, Texas", "DAO DE, San Antonio": a town and its country or region, or an office and its town
    // ("| Hedrick, Denver |" alone in a log's cell is a surname and a given name that is also a city)
    const placeAsGiven = cell && given.length > 0 && given.every((w) => isGivenName(w)) && !isPlaceName(surnameText);
    if (!placeAsGiven && (given.some((w) => lexiconTags(w).some((t) => PLACE_TAGS.includes(t))) || isPlaceName(m[2]))) continue;
    // "AHLTA-T, Essentris", "ATCC-PC, Fort Monroe": a code of capitals, a letter or no vowel in a part, is no surname
    if (capsContrast && surname.some((p) => p.length < 2 || !/[AEIOUY]/i.test(p))) continue;
    // "Achebe, Ashford County…" goes on with an organisation; "Gwendolyn Achebe, Ashford" is First Last, then something else
    if (firmOfSurnames(input.text.slice(m.index + m[0].length, m.index + m[0].length + 80))) continue;
    const next = /^\s+(\p{Lu}[\p{L}'’-]*)/u.exec(input.text.slice(m.index + m[0].length))?.[1];
    if (next && NON_PERSON_WORDS.has(next.toLowerCase())) continue;
    // "District of Columbia, Puerto Rico", "State of Washington, Olympia": a place named by its organisation
    const owner = /(\p{L}+)[ \t]+of[ \t]+$/u.exec(input.text.slice(Math.max(0, start - 30), start))?.[1];
    if (owner && NON_PERSON_WORDS.has(owner.toLowerCase())) continue;
    const previous = /(\p{Lu}[\p{Ll}'’-]+)[ \t]$/u.exec(input.text.slice(Math.max(0, start - 30), start))?.[1];
    if (previous && !capsContrast) continue;
    // "…, Annette\nMacNeal, Brian Matthews": a list of full names wrapped after a given name
    const wrapped = /(\p{Lu}[\p{Ll}'’-]+)[ \t]*\n[ \t]*$/u.exec(input.text.slice(Math.max(0, start - 30), start))?.[1];
    if (wrapped && !capsContrast && (isGivenName(wrapped) || lexiconGivenName(wrapped))) continue;
    // "children, Brent, Ashley, and Maren": given names in a list run on past the pair, they are no "Last, First"
    if (!capsContrast && surname.length === 1 && lexiconGivenName(surname[0]) && given.length > 0 && given.every((g) => lexiconGivenName(g)) && inNameList(input.text, start, m.index + m[0].length)) continue;
    // "Christina K.\nMcGarvey, David M. Blank": after an initial the surname ends one name, the comma goes on to the next
    if (!capsContrast && /(?:^|[\s(])\p{Lu}\.\s+$/u.test(input.text.slice(Math.max(0, start - 6), start))) continue;
    const lexicon = [...surnameKinds, ...givenKinds].includes('name');
    const anyCommonGiven = givenKinds.includes('common') && !givenKinds.includes('name');
    let score: number;
    // "PCS, Deployment", "TRICARE, Prime": capitals then ordinary words are a heading and its topic, not a name
    if (capsContrast && given.length > 0 && givenKinds.every((k) => k === 'common')) continue;
    if (capsContrast) score = 0.8;
    else if (lexicon && !anyCommonGiven) score = 0.75;
    else if (cell) score = 0.7;
    else continue;
    out.push({ start, end: m.index + m[0].length, score, why: [capsContrast ? '"LAST, First" capitals' : lexicon && !anyCommonGiven ? '"Last, First" with name lexicon' : '"Last, First" alone in a table cell'], strong: capsContrast, cue: false });
  }
  return out;
}

/** Rows of a column holding "Last, First" with a given name the lists know that make its other pairs names too. */
const COLUMN_NAMES = 3;

const columnCounts = memo<Map<number, number>>();

/** The table column (cells before it on its line) of an offset. */
function columnOf(text: string, at: number): number {
  const lineStart = Math.max(text.lastIndexOf('\n', at - 1), text.lastIndexOf('\f', at - 1)) + 1;
  let n = 0;
  for (let i = lineStart; i < at; i++) if (text[i] === '|' || text[i] === '\t') n++;
  return n;
}

/** How many cells of the column of `at` hold a surname, a comma and a given name the lists know ("| Perez, Amanda |"). */
function namesInColumn(text: string, at: number): number {
  const counts = columnCounts(text, () => {
    const counts = new Map<number, number>();
    for (const m of text.matchAll(LAST_FIRST)) {
      if (!inCell(text, m.index, m.index + m[0].length) || !m[2].split(/[ -]/).some((g) => isGivenName(g))) continue;
      const col = columnOf(text, m.index);
      counts.set(col, (counts.get(col) ?? 0) + 1);
    }
    return counts;
  });
  return counts.get(columnOf(text, at)) ?? 0;
}

/** Whether [start, end) sits in a list of names: a comma before it, or another item after it ("…, and Maren"). */
function inNameList(text: string, start: number, end: number): boolean {
  return /,\s*(?:and\s+)?$/.test(text.slice(Math.max(0, start - 8), start)) || /^,?\s+and\s+\p{Lu}|^,\s*\p{Lu}/u.test(text.slice(end, end + 12));
}

/** Whether [start, end) fills a table cell: a "|" or a tab (or the line's edge) on each side, nothing else between. */
function inCell(text: string, start: number, end: number): boolean {
  const lineStart = Math.max(text.lastIndexOf('\n', start - 1), text.lastIndexOf('\f', start - 1)) + 1;
  const stop = text.slice(end).search(/[\n\f]|$/);
  const before = text.slice(lineStart, start);
  const after = text.slice(end, end + stop);
  const left = /(?:^|[|\t])[ \t]*$/.test(before);
  const right = /^[ \t]*(?:[|\t]|$)/.test(after);
  // one side must be a cell's delimiter: a line that is only "Austin, Texas" is a heading, not a table
  return left && right && (/[|\t][ \t]*$/.test(before) || /^[ \t]*[|\t]/.test(after));
}

/** Below this, a one-word name needs support when the document repeats it. */
const LONE_WORD_SURE = 0.7;
/** A lone word repeated this often and never part of a full name is a term of the document. */
const TERM_REPEATS = 3;
/**
 * From this many words on (about a page of prose), a document introduces the people it names: a person named by one
 * word is named in full somewhere in it ("Nichole M. Jagels", then "Jagels"). A message or a form line is shorter.
 */
const LONG_DOCUMENT_WORDS = 250;

/**
 * From this many words on, a text is a document whose kind can be judged (genre.ts): a message, a form's line or a
 * caption is shorter (the synthetic PII cases run to about 70 words) and keeps the ordinary reading of names.
 */
const RECORD_WORDS = 100;

/** Words that end an organisation's name ("Tarrant Regional Water District", "Pilatus Aircraft Ltd."). */
const ORGANISATION_HEAD_WORDS = 'inc|llc|ltd|corp|co|company|corporation|group|department|agency|office|bureau|administration|university|college|school|institute|foundation|association|council|committee|commission|board|bank|hospital|clinic|center|centre|church|chapel|club|district|authority|industries|systems|technologies|solutions|partners|holdings|aircraft|airlines|services|international|fund|funds|trust|insurance|nation|nations|tribe|diocese|fellowship|society|federation|conference|network|portfolio|securities|brokerage|farm|farms|ranch|park|zoo|circus|brothers|kennel|kennels|sanctuary|enterprises|laboratories|laboratory|medical|security|healthcare|pharmacy|hospice|institution|properties|associates';
/** An organisation's or a fund's last word, whole. */
const ORGANISATION_END = new RegExp(`^(?:${ORGANISATION_HEAD_WORDS})$`, 'i');
const ORGANISATION_NAME = new RegExp(`(?<![\\p{L}'’-])(\\p{Lu}[\\p{L}'’-]+)(?:[ \\t]+(?:\\p{Lu}[\\p{L}'’&.-]*|of|and|&)){0,4}?[ \\t]+(?:${caseless(ORGANISATION_HEAD_WORDS)})(?![\\p{L}])`, 'gu');

/** First words of the organisations a document names in full: "Tarrant" alone then means the water district. */
function organisationShortNames(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(ORGANISATION_NAME)) out.add(stem(m[1]).toLowerCase());
  return out;
}


/**
 * What ties a name to a private person's record nearby: an SSN (whole, masked or printed one digit a cell) or a date
 * of birth. A phone number, or a street address further off than ADDRESS_RIGHT_AFTER, beside a name is not such
 * evidence on its own: a directory, a letterhead, a contact line or a list of candidates prints an office's or a
 * public person's beside the name as often as a record prints someone's home (an age after the name is: AGE_AFTER).
 */
const PRIVATE_DETAIL = new RegExp(
  [
    String.raw`(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)`,
    String.raw`\b[Xx*]{3}-[Xx*]{2}-\d{4}\b`,
    String.raw`(?<!\d ?)(?:\d ){8}\d(?! ?\d)`,
    String.raw`\b(?:DOB|D\.O\.B\.|${caseless('date of birth|born')})\b`,
  ].join('|'),
  'u',
);
/**
 * "Jane Roe, 45, of Dover", "John Smith, age 61", "Jane Roe, 45 of Dover", "John Smith (61)", "Jane Roe, 45 years old":
 * an age right after the name (not "Roe, 12 F.3d 4", a citation, nor "(3)", a list's item).
 */
const AGE_AFTER = new RegExp(String.raw`^(?:,[ \t]+(?:${caseless('aged?')}[ \t]+)?\d{1,2}(?:[ \t]+${caseless('years?[ \t]+old')})?(?=[ \t]*[,.;:)]|[ \t]+(?:${caseless('of|and|from|was|is|were|who|has|had|died')})\b)|[ \t]*\((?:${caseless('aged?')}[ \t]+)?\d{2}\))`, 'u');
/** "the 43-year-old Jane Roe", "a 43 year old, Jane Roe", "aged 43, Jane Roe": an age right before the name. */
const AGE_BEFORE = new RegExp(String.raw`(?:\b\d{1,3}[- ]${caseless('years?')}[- ]${caseless('old')},?|\b${caseless('aged?')}[ \t]+\d{1,2},)\s+$`, 'u');
/**
 * "Susan & Eric Harvey, new Address: PO Box 771026", "Bartholomew Quist\n4417 Quillback Lane": a street address or a
 * post-office box right after the name, on its line or heading the next, nothing but an address label between, is
 * where the person lives or is written to. Further off (a directory's row, a letterhead under an office's name) an
 * address or a phone is an office's as often, and no evidence.
 */
const ADDRESS_RIGHT_AFTER = new RegExp(String.raw`^(?:[ \t]*(?:[,;:–—-][ \t]*)?(?:${caseless('(?:new |home |mailing |residential )?address')}[ \t]*(?::[ \t]*)?)?|[ \t]*\n[ \t]*)(?:\d{1,6}[ \t]+(?:[NSEW]\.?[ \t]+)?(?:\p{Lu}[\p{L}'’.]*[ \t]+){1,3}(?:${caseless('street|st|avenue|ave|road|rd|drive|dr|lane|ln|court|ct|way|boulevard|blvd|place|pl|terrace|ter|circle|cir|trail|trl|parkway|pkwy|highway|hwy')})\b|${caseless('p\.?[ \t]?o\.?[ \t]+box')}[ \t]+\d)`, 'u');
/**
 * A US town line: the town, a two-letter state and a ZIP code end the line ("Amelia, OH 45102", "1374 Park Row
 * Lakewood, OH 44107", "Sheffield Lake, OH 44054, United States"); the line may open with the street.
 */
const TOWN_LINE_END = /,?[ \t]+[A-Z]{2}\.?[ \t]+\d{5}(?:-\d{4})?(?:,[ \t]*United[ \t]+States)?,?[ \t]*$/;
/** A closing before a signature ("Sincerely,", "Thank you,", "Regards,"): a short line that ends with a comma. */
const CLOSING_LINE = /^[ \t]*\p{Lu}[\p{L}' \t]{0,30},[ \t]*$/u;

/**
 * "…protections we already have.\n\nDawn Boggs\nAmelia, OH 45102", "Sincerely,\nLeah Webb\nWilmer, AL 36587": a
 * name alone on its line, after a finished sentence, a closing, a blank line or nothing, with a US town line right under it, signs a
 * letter or a comment the way a private person does, with the town they write from. An official signs with a title
 * or an office on the line under the name, and a byline is followed by the story, not by a town line. The town line
 * itself is kept (the real-text guide, fifteenth batch); it is the evidence that the name above it is a private
 * writer's (real-text batch 15: comments the public signed on federal dockets).
 */
function signsOverTownLine(text: string, start: number, end: number): boolean {
  if (!fillsLine(text, start, end)) return false;
  const lineStart = Math.max(text.lastIndexOf('\n', start - 1), text.lastIndexOf('\f', start - 1)) + 1;
  const before = lineStart === 0 ? '' : text.slice(Math.max(text.lastIndexOf('\n', lineStart - 2), text.lastIndexOf('\f', lineStart - 2)) + 1, lineStart - 1);
  // (extraction drops blank lines, so the line before may be the letter's last sentence)
  if (before.trim() !== '' && !CLOSING_LINE.test(before) && !/[.!?:"”)][ \t]*$/.test(before)) return false;
  const lineEnd = text.slice(end).search(/[\n\f]|$/) + end;
  if (text[lineEnd] !== '\n') return false;
  const nextEnd = text.slice(lineEnd + 1).search(/[\n\f]|$/) + lineEnd + 1;
  const next = text.slice(lineEnd + 1, nextEnd);
  return next.length <= 80 && /^[ \t]*[\p{Lu}\d]/u.test(next) && TOWN_LINE_END.test(next);
}

/** Lines after a name searched for a private detail (an address block, a form's row). */
const DETAIL_LINES_AFTER = 2;
const DETAIL_CHARS = 160;

/** Whether a private detail sits on the name's line or the next few lines (within DETAIL_CHARS after it). */
function privateDetailNear(text: string, start: number, end: number): boolean {
  if (AGE_AFTER.test(text.slice(end, end + 24)) || AGE_BEFORE.test(text.slice(Math.max(0, start - 20), start))) return true;
  if (ADDRESS_RIGHT_AFTER.test(text.slice(end, end + 80))) return true;
  if (signsOverTownLine(text, start, end)) return true;
  const lineStart = Math.max(text.lastIndexOf('\n', start - 1), text.lastIndexOf('\f', start - 1)) + 1;
  let stop = end;
  // the lines below belong to the name only when it heads them alone, as an address block's first line does (a
  // byline "June 2, 2021 - Jane Roe" is followed by the story, not by her details)
  const lines = fillsLine(text, start, end) ? DETAIL_LINES_AFTER : 0;
  for (let i = 0; i <= lines; i++) {
    const next = text.slice(stop).search(/[\n\f]/);
    if (next === -1) {
      stop = text.length;
      break;
    }
    stop += next + 1;
  }
  return PRIVATE_DETAIL.test(text.slice(Math.max(lineStart, start - DETAIL_CHARS), Math.min(stop, end + DETAIL_CHARS)));
}

/** A meeting's chair asking each speaker for a home address: the record of a public comment period. */
const ADDRESS_FOR_THE_RECORD = /\b(?:(?:name|home address|address)[ \t]+(?:and[ \t]+(?:home[ \t]+)?address[ \t]+)?for[ \t]+the[ \t]+record|state[ \t]+your[ \t]+name(?:,|[ \t]+and)[ \t]+(?:home[ \t]+)?address|address[ \t]+is[ \t]+correct[ \t]+on[ \t]+the[ \t]+(?:form|sheet|card))\b/i;
/** The chair's call of the next speaker, before the name ("… who will be followed by", "We will now hear from"). */
const CALL_BEFORE = /(?:\bfollowed[ \t]+by|\bnow[ \t]+hear[ \t]+from|\bIs)[ \t]+$/;
/** … or after it ("Michael Francis will be followed by Howard Ross", "Is Angelica Condor here?"). */
const CALL_AFTER = /^(?:,?[ \t]+(?:who[ \t]+)?will[ \t]+be[ \t]+followed[ \t]+by\b|[ \t]+here\?)/;

/**
 * "The first person we will hear from is Angelica Condor, who will be followed by Julian Boykin. Is Angelica Condor
 * here?": where the chair asks each speaker for their name and home address for the record, the names called from
 * the roster, one after another, are members of the public giving public comment, who speak for themselves (the
 * real-text guide's speaker-list rule, eleventh and fifteenth batches). Staff and officials are introduced with a
 * title or an office, and a meeting that asks no one for an address for the record is no public comment record.
 */
function rosterCall(text: string, start: number, end: number): boolean {
  if (!ADDRESS_FOR_THE_RECORD.test(text)) return false;
  const before = text.slice(Math.max(0, start - 24), start);
  const after = text.slice(end, end + 32);
  // "followed by Chris Jones with Huntsville Utilities": a speaker for an organisation is no private speaker
  if (/^,?[ \t]+(?:with|of|from|representing|on[ \t]+behalf[ \t]+of)[ \t]/i.test(after)) return false;
  if (/\bIs[ \t]+$/.test(before)) return /^[ \t]+here\?/.test(after);
  return CALL_BEFORE.test(before) || CALL_AFTER.test(after);
}

/**
 * Whether a name shows a private capacity, the evidence a published public record needs (genre.ts): a record's label names the
 * person's role ("claimant", "victim", "decedent", "estate of"), a layout lists them (a "Last, First" entry in a
 * register of what the office received, a form's name label above, a speaker's label), or a private detail (an SSN, a home address, a
 * phone, a date of birth, an age before or after it) is tied to the name. A title, a weak cue or the name lexicon alone is not: officials,
 * staff, counsel and authors are named so in public documents every day.
 */
function privateCapacity(text: string, c: NameCandidate, labelled: (c: NameCandidate) => boolean, official = false, turns = TRANSCRIPT_TURNS): boolean {
  // "| McRee, Donald | County of Currituck |": a requester writing for a public body acts for it
  if (PUBLIC_BODY_CELL_AFTER.test(text.slice(c.end, c.end + 100))) return false;
  // "… proposed defendant EDWARD PALMER in quo warranto to remove him from the public office of …": an office held
  if (publicOfficeHeld(text, c.start, c.end)) return false;
  // a cue before or after ("my friend, …", "… testified") says nothing private of a person the same record names by
  // an office's title elsewhere ("Congresswoman Jane Roe"): that person is the official throughout
  if (c.privateCue && !official && !c.why.some((w) => /^cue "(?:names|named)"/.test(w))) return true;
  if (c.why.some((w) => w.startsWith('lower case after cue') || (w === 'speaker label' && turns >= TRANSCRIPT_TURNS))) return true;
  // "Last, First" is a register's form, not a capacity: staff directories, rolls of honour, lists of members and
  // full names in prose ("Johnson, Patterson and Emrich") are written so as often as a log of requesters. It is a
  // private person's entry when its own row records something the office received from the person ("| received
  // 4/2/2014 |", a request, a complaint, an application) or the table's header names its column by a private role
  // ("requester name"); otherwise the name needs the evidence below like any other
  if (c.why.some((w) => w.startsWith('"Last, First"') || w.startsWith('"LAST, First"'))) {
    const entry = registerEntry(text, c.start, c.end);
    if (entry) {
      c.why.push(entry);
      return true;
    }
  }
  // a name filling a table cell is no evidence on its own: a list's rows name judges, officers, staff, candidates,
  // companies and places as often as private persons; the row needs its own private detail (below) or a column
  // header that asks for a private person (the form label above, at the end)
  if (rosterCall(text, c.start, c.end)) {
    c.why.push("called from the public speakers' roster");
    return true;
  }
  if (privateDetailNear(text, c.start, c.end)) {
    c.why.push('a private detail beside it');
    return true;
  }
  // the part the person plays in what the record reports ("the victim, …", "… of Eastport", "… died"); not for a
  // name an office's title introduces ("Officer Quennell was injured" names an officer at work)
  if (!officeTitled(text, c)) {
    const role = privateRole(text, c.start, c.end);
    if (role) {
      c.why.push(role);
      return true;
    }
  }
  return labelled(c);
}

/**
 * Distinct speakers' labels a text needs before one is a transcript's turn: a transcript gives the floor to speaker
 * after speaker, while a message addresses its reader once the same way ("Lauren: could you please check…").
 */
const TRANSCRIPT_TURNS = 2;

/** A date the office received, filed or logged something on: "received 4/2/2014", "filed 08-Mar-11", "submitted 2014-04-02". */
const RECEIPT_DATE = new RegExp(String.raw`\b(?:${caseless('received|filed|submitted|requested|date received|date of request')})[ \t]*(?::[ \t]*)?(?:on[ \t]+)?(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}-\p{Lu}\p{Ll}{2}-\d{2,4}|\d{4}-\d{2}-\d{2}|\p{Lu}\p{Ll}+\.?[ \t]+\d{1,2},?[ \t]+\d{4})`, 'u');
/** A table's header naming a column by a private person's role: "Columns: request ID; requester name; …", "| Complainant |". */
const PRIVATE_COLUMN = new RegExp(String.raw`\b(?:${caseless('requester|requestor|applicant|complainant|claimant|patient|inmate|debtor|taxpayer|beneficiary')})s?\b`, 'u');
/**
 * A header line: "Columns: …", or three or more cells of words between "|", ";" or tabs, no digits. The first cell holds
 * no separator, so each separator opens exactly one cell (the same lines match, without trying every split).
 */
const HEADER_LINE = /^(?:[ \t]*[Cc]olumns?:.*|[^\d\n|;\t]*(?:[|;\t][^\d\n|;\t]*){2,})$/gm;

/**
 * Why a "Last, First" entry is a private person's (see privateCapacity), or undefined: a date of receipt or a private
 * role's label in its own row (its line), or a header line before it that names a column by a private role.
 */
function registerEntry(text: string, start: number, end: number): string | undefined {
  const lineStart = Math.max(text.lastIndexOf('\n', start - 1), text.lastIndexOf('\f', start - 1)) + 1;
  const stop = text.slice(end).search(/[\n\f]|$/);
  if (RECEIPT_DATE.test(text.slice(lineStart, end + stop))) return 'a date of receipt in its row';
  // "Requester: Quillfeather, Maria": a label in its own row
  if (PRIVATE_COLUMN.test(text.slice(lineStart, start))) return 'a private role labels its row';
  if (privateColumnAt(text, () => firstPrivateColumn(text)) < lineStart) return 'a column header names a private role';
  return undefined;
}

const privateColumnAt = memo<number>();

/** Where the first header line naming a column by a private role starts, or Infinity. */
function firstPrivateColumn(text: string): number {
  for (const m of text.matchAll(HEADER_LINE)) if (PRIVATE_COLUMN.test(m[0])) return m.index;
  return Infinity;
}

/**
 * Evidence of a private capacity (privateRole) that names what comes next as a person: a role's label before it
 * ("the victim, …", "identified as …"), an age and a person noun, a missing person sought, a list's head of
 * speakers, minors or students. Evidence after the name ("… was struck") could be said of a thing, and does not count.
 */
const PERSON_HERE = /^(?:named as "|identified in a report$|an age and a person noun before it$|a missing person sought$|under a meeting's speakers$|listed under minors or students$)/;
/** The score a candidate with PERSON_HERE evidence has at least: above the default threshold, below a full name's. */
const PERSON_HERE_SCORE = 0.6;

/** Whether the word at `start` follows "Surname, ", a capitalised word no dictionary knows ("Medina, Diane"; not "Thanks, Allida"). */
function givenOfPair(text: string, start: number): boolean {
  // "[ \t]*(?:\n[ \t]*)?$": the same strings as "[ \t]*\n?[ \t]*$" without two runs sharing the spaces (regex-safety.test.ts)
  const surname = /(\p{Lu}[\p{L}'’-]+),[ \t]*(?:\n[ \t]*)?$/u.exec(text.slice(Math.max(0, start - 40), start))?.[1];
  return surname !== undefined && !isEnglishWord(surname.toLowerCase());
}

/** Evidence that a word for kin introduced the name: "named as family (…)", or a cue such as "son" or "wife". */
const KIN_CUE = /^named as family|^cue "(?:husband|wife|son|daughter|mother|father|spouse|maiden name)"/;

/** The next cell of a log's row names a public body: "| County of Currituck |", "| Ohio Department of Health |". */
// A cell's spaces are taken by one quantifier each ("of" then one space, the rest by the cell's text), not split two
// ways between a run of spaces and the cell's text (the same strings match; regex-safety.test.ts).
const PUBLIC_BODY_CELL_AFTER = new RegExp(String.raw`^[ \t]*\|(?:[ \t]*(?:County|City|Town|Village|State|Commonwealth|Township|Borough|Parish)[ \t]+of[ \t][^|\n]*|[^|\n]*\b(?:Department|Dept\.?|Bureau|Division|Board|Commission)[ \t]+of[ \t][^|\n]*|[^|\n]*\b(?:County|Department|Dept\.?|Agency|Commission|Board|Sheriff['’]s Office|Police Department|Attorney['’]s Office|Legislature|Government)[ \t]*)\|`, 'u');

/** A name after an office's title ("Officer", "Judge"), not a form of address ("Mr.", "Ms.", which go into the name). */
function officeTitled(text: string, c: NameCandidate): boolean {
  return c.why.includes('after a title') && !HONORIFIC_PREFIX.test(text.slice(c.start, c.end));
}

/** A suffix after a surname ("Jr.", "III"), no part of the name a record refers back by. */
const NAME_SUFFIX = /^(?:jr|sr|ii|iii|iv|esq)$/;

/**
 * The evidence a name needs beyond its shape. A capitalised word no name lexicon knows, repeated alone through a
 * document and never part of a full name there, is the document's term for something ("Tarrant" for the water
 * district, "Airmen", "Designee"), not a person. In a long document every lone word needs a title, a label that
 * says a person is meant, or a full name it is part of; a word that starts an organisation's name there is that
 * organisation; and a run of words no lexicon knows ("Unanue Casal", "Amici Curiae") needs at least a cue.
 */
function withEvidence(input: DetectInput, candidates: NameCandidate[]): Candidate[] {
  const long = wordCount(input.text) >= LONG_DOCUMENT_WORDS;
  // read on first need: most documents have no lone word left to judge
  let organisations: Set<string> | undefined;
  const organisation = (w: string) => (organisations ??= organisationShortNames(input.text)).has(w);
  const parts = new Set<string>();
  const lone = new Map<string, number>();
  const word = (c: Candidate) => stem(input.text.slice(c.start, c.end).trim()).toLowerCase();
  const isLone = (c: Candidate) => !/[\s,]/.test(input.text.slice(c.start, c.end).trim());
  const wordsOf = (c: Candidate) => input.text.slice(c.start, c.end).split(/[\s,]+/).map((w) => stem(w).toLowerCase().replace(/\.$/, '')).filter((w) => w.length > 1);
  for (const c of candidates) {
    if (isLone(c)) lone.set(word(c), (lone.get(word(c)) ?? 0) + 1);
    // a full name, or a name a title or a label introduces ("Mr. Mukendi"), names the person its words then stand for
    if ((!isLone(c) && c.score >= LONE_WORD_SURE) || c.strong) for (const w of wordsOf(c)) parts.add(w);
  }
  // "Last name" over "Okonkwo-Reyes": a form's label says what its value is, wherever reading order puts them
  const labels = new Map<Candidate, boolean>();
  const labelled = (c: Candidate) => {
    const known = labels.get(c);
    if (known !== undefined) return known;
    const label = nameLabelAbove(input, c.start, c.end);
    if (label) c.why.push(`under the form label "${label}"`);
    labels.set(c, label !== undefined);
    return label !== undefined;
  };
  // in a published public record a name is a private person's only on evidence of a private capacity (see
  // privateCapacity); a lone word then stands for a full name only when that full name had such evidence. So in any
  // document (RECORD_WORDS and more) that is no record about private persons (no handling marking, no one's SSN, birth date or card
  // number): a directory, a calendar, a list, a page of a website names its people publicly unless something in it
  // puts one in a private capacity, whether or not its kind has furniture genre.ts knows
  // (a date of birth makes only its own block such a record: genre.ts privateThroughout, birthBlocks)
  const gated = publishedRecord(input.text) || (wordCount(input.text) >= RECORD_WORDS && !privateThroughout(input.text));
  const birthOnly = gated && !publishedRecord(input.text) && privateRecord(input.text);
  const privateParts = new Set<string>();
  const privateLone = new Set<string>();
  // the surnames of those full names: a lone word stands for one of them only as its surname (below)
  const privateSurnames = new Set<string>();
  const evidenced = new Set<NameCandidate>();
  // the words of full names an office's title introduces somewhere in the text ("Congresswoman Jane Roe")
  const officials = new Set<string>();
  if (gated) for (const c of candidates) if (!isLone(c) && officeTitled(input.text, c)) for (const w of wordsOf(c)) officials.add(w);
  // a lone word of such a name is that official too ("my friend Stephanie" after "Congresswoman Stephanie Okafor"): a
  // speaker calls a colleague by the given name; a word for kin before it still names the official's family ("his
  // son, John" beside "Senator John Roe")
  const officialName = (c: NameCandidate) => (isLone(c) ? officials.has(word(c)) && !c.why.some((w) => KIN_CUE.test(w)) : wordsOf(c).every((w) => officials.has(w)));
  // a full name's surname: the first word of "Last, First", else the last word that is no initial or suffix
  const surnameOf = (c: NameCandidate) => {
    const ws = wordsOf(c).filter((w) => !NAME_SUFFIX.test(w));
    return c.why.some((w) => w.startsWith('"Last, First"') || w.startsWith('"LAST, First"')) ? ws[0] : ws[ws.length - 1];
  };
  // A lone word stands for one private person through a long record only when it can mean no one else there: a word no
  // dictionary and no list of given names knows ("Allida"), not a given name ("Michael", "Diane", shared by several
  // people of a log or a docket) nor a word that is also an English word ("Hull", "Grant"); and only when what the text
  // says of the person shows it (a part in apposition, a role's label, kin), not a detail that merely stands near the
  // word (a "DOB" or "born" within a line of it names whoever's row it is, not this word). Session 13's rule took any
  // evidenced lone word; on the tune halves it made one finding ("Thanks, Allida", batch 7, the batch it was written
  // from) and nothing in any other batch, and a given name spread through a long log names every namesake.
  const ownWord = (c: NameCandidate) => {
    const w = input.text.slice(c.start, c.end).trim();
    return !isEnglishWord(stem(w).toLowerCase()) && !isGivenName(stem(w)) && !c.why.includes('name lexicon') && !c.why.includes('a private detail beside it');
  };
  // a transcript gives the floor to speaker after speaker: the same label over and over ("Filer: Katie Valenzuela for
  // …" on every page of a report) is a form's field, not turns
  const turns = new Set(candidates.filter((c) => c.why.includes('speaker label')).map((c) => word(c))).size;
  if (gated) {
    for (const c of candidates) {
      if (!privateCapacity(input.text, c, labelled, officialName(c), turns)) {
        // the block that holds a date of birth is a record about a private person: its names keep the ordinary reading
        if (!(birthOnly && inBirthBlock(input.text, c.start, c.end))) continue;
        c.why.push('in the block that holds a date of birth');
      }
      evidenced.add(c);
      // "- Daryan Hull (announcing)" under "the Scouts … leading the Pledge:": where a role's label or a list's head
      // says a person is named next, the capitalised words there are that person's name, even when one of them is
      // also a word ("Hull") and the shape alone scored below the threshold
      // (a name starts with a given name or a word no dictionary knows: "Juvenile Detention Ctr" is a place)
      // a given name that is also a word ("Bob Davis", "Holly Carlson", "Judy West" under a speakers' heading) starts a
      // name as well: the heading says a person is named there (real-text batch 11, a speakers' table)
      const first = stem(input.text.slice(c.start, c.end).split(/[\s,]+/)[0]);
      if (c.why.some((w) => PERSON_HERE.test(w)) && (!isEnglishWord(first.toLowerCase()) || (isGivenName(first) && wordsOf(c).length > 1))) c.score = Math.max(c.score, PERSON_HERE_SCORE);
      if (!isLone(c)) {
        for (const w of wordsOf(c)) privateParts.add(w);
        const surname = surnameOf(c);
        if (surname) privateSurnames.add(surname);
      }
      // "give Allida who is a good friend of HRC", then "Tell Allida that", "Thanks, Allida": a lone word the text
      // shows as a private person names that person where else it stands alone, as a full name's words do. Only a
      // word that can mean no one else (see ownWord), shown so by what the text says of the person (not by a detail
      // that merely stands near)
      else if (ownWord(c)) privateLone.add(word(c));
    }
  }
  const speakerGiven = gated ? speakersGivenNames(input.text, candidates, evidenced, isLone, wordsOf) : undefined;
  const kept = candidates.filter((c) => {
    // "Tim Johnson – Pooling with Michelle and Jenny" over "Michelle McParland" and "Jenny Houghtailing": the given
    // name in a speaker's note is the listed speaker it starts, the same person, so it takes the same decision
    if (speakerGiven && isLone(c) && !evidenced.has(c)) {
      const speakers = speakerGiven(c);
      if (speakers) {
        c.why.push(`the given name of a listed speaker (${speakers})`);
        c.score = Math.max(c.score, PERSON_HERE_SCORE);
        return true;
      }
    }
    if (gated && !evidenced.has(c)) {
      const ws = isLone(c) ? [word(c)] : wordsOf(c);
      if (ws.length === 0 || !(isLone(c) && privateLone.has(ws[0])) && !ws.every((w) => privateParts.has(w))) return false;
      // "Gordon then entered the garage" after "Jeremy Gordon, 34, of …": a record refers back to a private person by
      // the surname. A given name alone ("Diane" after "DIANE M. MANN", in a docket whose clerk is "Medina, Diane")
      // is shared by the record's namesakes - clerks, counsel, judges, other parties - and needs its own evidence
      if (isLone(c) && !privateLone.has(ws[0]) && !privateSurnames.has(ws[0])) return false;
    }
    if (!isLone(c)) {
      if (!long || evidenced.has(c) || c.strong || c.cue || c.why.includes('name lexicon') || c.why.some((w) => w.startsWith('"Last, First"') || w.startsWith('lower-case'))) return true;
      // "Priya Venkataraman" after "Priya R. Venkataraman"
      return wordsOf(c).every((w) => parts.has(w)) || labelled(c);
    }
    const w = word(c);
    if (long && !c.why.includes('after a title') && organisation(w)) return false;
    // "(Medina, Diane)": the given name of a "Last, First" pair is that pair's person, not the one a full name with
    // the same given name is elsewhere ("DIANE M. MANN"); the pair is judged as a whole
    if (gated && !evidenced.has(c) && givenOfPair(input.text, c.start)) return false;
    if (c.strong || evidenced.has(c)) return true;
    if (parts.has(w)) {
      c.why.push('part of a full name found in this document');
      return true;
    }
    if (privateLone.has(w)) {
      c.why.push('a word this document names a private person by');
      return true;
    }
    if (long) return c.strong || labelled(c);
    // a given name the lexicon knows ("Emily", "Tobias") is a person more often than not
    if (c.score >= LONE_WORD_SURE || c.why.includes('name lexicon')) return true;
    return (lone.get(w) ?? 0) < TERM_REPEATS;
  });
  return kept.map(({ start, end, score, why }) => ({ start, end, score, why }));
}

const SPEAKER_EVIDENCE = "under a meeting's speakers";

/**
 * A lone given name on a speaker's line of a meeting's speakers list ("Tim Johnson – Pooling with Michelle and Jenny",
 * "Illya Kowalchuk spoke on behalf of Sara") names a speaker listed in the same document whose full name starts with
 * it ("Michelle McParland"): minutes write the pooled or represented speaker by the given name because the list names
 * them in full. It is the same person, so it gets the same decision. Only when that cannot be someone else: every
 * full name in the document starting with the word is such a listed speaker (two listed "Jim"s are both speakers; a
 * council member "Jim Roe" named anywhere makes "Jim" anyone's), and the word is a given name the lists know. Returns,
 * for a lone candidate, the speakers' names it stands for, or undefined.
 */
function speakersGivenNames(
  text: string,
  candidates: NameCandidate[],
  evidenced: Set<NameCandidate>,
  isLone: (c: NameCandidate) => boolean,
  wordsOf: (c: NameCandidate) => string[],
): (c: NameCandidate) => string | undefined {
  const lineOf = (at: number) => Math.max(text.lastIndexOf('\n', at - 1), text.lastIndexOf('\f', at - 1)) + 1;
  /** Given name → the listed speakers it starts; undefined once a full name that is no listed speaker starts with it. */
  const byGiven = new Map<string, Set<string> | undefined>();
  /** Line start → where the speaker that line lists ends. */
  const speakerLines = new Map<number, number>();
  for (const c of candidates) {
    if (isLone(c)) continue;
    const speaker = evidenced.has(c) && c.why.includes(SPEAKER_EVIDENCE) && !c.why.some((w) => w.startsWith('"Last, First"') || w.startsWith('"LAST, First"'));
    if (!speaker) {
      for (const w of wordsOf(c)) byGiven.set(w, undefined);
      continue;
    }
    // (the line it ends on: "Margaret LeCompte\nIllya Kowalchuk spoke on behalf of Sara" is read as one run)
    speakerLines.set(lineOf(c.end), Math.min(speakerLines.get(lineOf(c.end)) ?? Infinity, c.end));
    const first = wordsOf(c)[0];
    if (first === undefined || (byGiven.has(first) && byGiven.get(first) === undefined)) continue;
    byGiven.set(first, (byGiven.get(first) ?? new Set()).add(text.slice(c.start, c.end).replace(/\s+/g, ' ')));
  }
  return (c) => {
    const speakerEnd = speakerLines.get(lineOf(c.start));
    if (speakerEnd === undefined || speakerEnd > c.start) return undefined;
    const word = stem(text.slice(c.start, c.end).trim());
    if (!isGivenName(word) && !lexiconGivenName(word)) return undefined;
    const speakers = byGiven.get(word.toLowerCase());
    return speakers ? [...speakers].join(', ') : undefined;
  };
}

/**
 * Placeholders of a template or a worked example: "John Doe", "Doe, Jane", "XXth Medical Group", "MDG/SGXX",
 * "<INSERT …>", a mailbox at "anybase", "(Sample format)". The people named a few lines around one fill the template.
 */
const TEMPLATE_MARK = /\b(?:John|Jane|Richard|Baby)[ \t]+(?:Q\.[ \t]+)?(?:Doe|Roe)\b|\b(?:Doe|Roe),[ \t]+(?:John|Jane)\b|\b(?:JOHN|JANE)[ \t]+(?:DOE|ROE)\b|\bX{2,}(?:th|st|nd|rd)\b|\b[A-Z]{2,}XX\b|[<[][ \t]*(?:INSERT|Insert|insert)\b|@anybase\.|\(?\b[Ss]ample [Ff]ormat\b/g;
/** Lines either side of a template mark whose people are the template's. */
const TEMPLATE_LINES = 6;
/** "For this example, let's assume", "In this scenario": what follows describes people who do not exist. */
const HYPOTHETICAL = /\b(?:let[''‘’]?s (?:further )?assume|let us (?:further )?assume|for (?:this|the purpose of this) example|in this (?:example|scenario)|suppose that|hypothetically)\b/i;
/** How far back a hypothetical reaches within its paragraph. */
const HYPOTHETICAL_REACH = 700;

/** Line numbers of the template marks of a text, and a function from an offset to its line number. */
function templateLines(text: string): { marks: number[]; lineOf: (at: number) => number } {
  const breaks: number[] = [];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) breaks.push(i);
  const lineOf = (at: number) => {
    let lo = 0;
    let hi = breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (breaks[mid] < at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const marks = [...text.matchAll(TEMPLATE_MARK)].map((m) => lineOf(m.index));
  return { marks, lineOf };
}

/** The paragraph before `start` up to HYPOTHETICAL_REACH characters: back to a blank line or a numbered paragraph. */
function paragraphBefore(text: string, start: number): string {
  const head = text.slice(Math.max(0, start - HYPOTHETICAL_REACH), start);
  const breaks = [...head.matchAll(/\n[ \t]*\n|\n[ \t]*(?:\d+\.)+\d*[ \t]/g)];
  return breaks.length ? head.slice(breaks[breaks.length - 1].index) : head;
}

/**
 * Worked examples and templates name people who do not exist: "MSgt Johnson" in "let's assume … a baby girl is born
 * to MSgt Johnson", "LTC John Smith" under "Maj John Doe" in a sample letter's contact block, the rows of a sample
 * table beside "Doe, John A". A personal-record cue ("victim Maria Lopez", "born") still marks a real person.
 */
function illustrativePeople(input: DetectInput, candidates: NameCandidate[]): NameCandidate[] {
  return candidates.filter((c) => c.recordCue || !illustrativeName(input.text, c.start, c.end));
}

const templates = memo<ReturnType<typeof templateLines>>();

/**
 * Whether a name at [start, end) names no one there: a worked example or a template's block (see illustrativePeople),
 * or the start of a business's name. Batch consistency asks it where a copy would land: "Johnson" found in one
 * document is no one in another's worked example, nor "Stanley" in "Stanley Brothers".
 */
export function illustrativeName(text: string, start: number, end: number): boolean {
  // "Stanley" copied into "Stanley Brothers", "Theodore D'Apuzzo" into "…, P.A.": a business named after someone
  const after = text.slice(end, end + 40);
  const next = /^[ \t/]*(\p{Lu}[\p{L}'’]*)/u.exec(after)?.[1];
  if ((next && NON_PERSON_WORDS.has(next.toLowerCase())) || FIRM_AFTER.test(after) || organisationRunsOn(after) || firmInCell(text, start, end)) return true;
  if (HYPOTHETICAL.test(paragraphBefore(text, start))) return true;
  if (!/\s/.test(text.slice(start, end).trim()) && someoneElsesOrAPlace(text, start, end)) return true;
  const { marks, lineOf } = templates(text, () => templateLines(text));
  if (marks.length === 0) return false;
  const from = lineOf(start) - TEMPLATE_LINES;
  const to = lineOf(end) + TEMPLATE_LINES;
  return marks.some((l) => l >= from && l <= to);
}

/**
 * Where one word copied from another finding lands in a full name of someone else ("Earnest Johnson" for "Johnson,
 * Mary"), in a town before its state ("Montgomery, AL"), or in a street's name ("38 S Scott Ave"): it names no one there.
 */
function someoneElsesOrAPlace(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 30), start);
  const after = text.slice(end, end + 40);
  // a capitalised word right before it, mid-sentence, that is no title or label: a given name, an initial or the start
  // of an organisation's name ("VMO Earnest Johnson", "James A. Walsh")
  const previous = /(?:^|[\n\f][ \t]*|([\p{L}\p{N},;])[ \t]+)(\p{Lu}[\p{L}'’-]*\.?)[ \t]+$/u.exec(before);
  if (previous) {
    const word = previous[2].replace(/\.$/, '').toLowerCase();
    const initial = /^\p{Lu}\.$/u.test(previous[2]);
    // "Riverside Park. Nguyen's": a period after a word ends its sentence; only an initial's period is part of a name
    if ((initial || !previous[2].endsWith('.')) && !TITLES.has(word) && !LABEL_WORDS.has(word) && (previous[1] !== undefined || isGivenName(word) || initial)) return true;
  }
  if (TOWN_AFTER.test(after) || placeAfterTown(after) !== undefined) return true;
  return streetAfterNumber(before, after);
}

/** "38 S Scott Ave": a house number, perhaps a direction, before the word and a street's kind after it. */
function streetAfterNumber(before: string, after: string): boolean {
  return /\d[ \t]+(?:[NSEW]\.?[ \t]+)?$/.test(before) && /^\s+(?:Ave|Blvd|Dr|Rd|Ln|Ct|Pl|Pkwy|Hwy|Ter|Cir|Way|Drive|Lane|Court|Place|Boulevard|Parkway|Highway|Terrace|Circle)\b/.test(after);
}

/** A capitalised item of a list: one to three words. */
const ITEM = "\\p{Lu}[\\p{L}'’.-]*(?:\\s+\\p{Lu}[\\p{L}'’.-]*){0,2}";
const ITEMS_BEFORE = new RegExp(`(?:${ITEM},\\s+)+(?:\\p{Lu}[\\p{L}'’.-]*\\s+){0,2}$`, 'u');
const ITEMS_AFTER = new RegExp(`^(?:,\\s+(?:(?:and|or)\\s+)?${ITEM})+(?:,?\\s+etc\\.)?`, 'u');

/**
 * "bases at Soto Cano, Moron, Diego Garcia, Thule, Al Udeid, Izmir, etc.": a list of four or more capitalised items
 * of which two are places, or one is and the list ends in "etc.", is a list of places.
 */
function inPlaceList(text: string, start: number, end: number): boolean {
  const before = ITEMS_BEFORE.exec(text.slice(Math.max(0, start - 160), start))?.[0] ?? '';
  const after = ITEMS_AFTER.exec(text.slice(end, end + 160))?.[0] ?? '';
  const items = `${before}${text.slice(start, end)}${after}`.split(',').map((x) => x.trim().replace(/^(?:and|or)\s+/, '').replace(/\s*etc\.$/, '')).filter((x) => x !== '');
  if (items.length < 4) return false;
  const places = items.filter((x) => isPlaceName(x)).length;
  return places >= 2 || (places >= 1 && /etc\.$/.test(after));
}

/** Words for a person's family: the names listed after them are private persons ("survived by his wife, Dana"). */
const KIN = '(?:wife|husband|spouse|partner)(?:[ \\t]+of[ \\t]+\\d{1,2}[ \\t]+years)?|(?:sons?|daughters?|child|grandsons?|granddaughters?|stepsons?|stepdaughters?)(?:[ \\t]+of)?|children|(?:sons?|daughters?|brothers?|sisters?|fathers?|mothers?)-in-law|brothers?|sisters?|siblings|grandchildren|great-grandchildren|(?:grand)?(?:parents|mother|father)(?:[ \\t]+of)?|nieces?|nephews?|married(?:[ \\t]+the[ \\t]+former)?|fianc[eé]{1,2}s?|born to';
const KIN_NAME = String.raw`(?:the[ \t]+late[ \t]+)?\p{Lu}\p{Ll}+(?:[ \t]+\p{Lu}\.)?(?:[ \t]+\(\p{Lu}\p{Ll}+\))?(?:[ \t]+\p{Lu}[\p{Ll}'’-]+)?`;
const KIN_LIST = new RegExp(String.raw`\b(?:${caseless(KIN)}),?\s+(${KIN_NAME}(?:,\s*${KIN_NAME})*(?:,?\s+and\s+${KIN_NAME})?)`, 'gu');

/**
 * "his three children, Brent, Ashley, and Brittany", "Born to Joyce and the late Donald Morin": a list of names
 * after a word for family names private persons, one candidate each.
 */
function familyNames(input: DetectInput): NameCandidate[] {
  const out: NameCandidate[] = [];
  for (const m of input.text.matchAll(KIN_LIST)) {
    const kin = m[0].slice(0, m[0].length - m[1].length).replace(/[,\s]+$/, '').toLowerCase();
    const listStart = m.index + m[0].length - m[1].length;
    const items = [...m[1].matchAll(new RegExp(KIN_NAME, 'gu'))];
    const given = (item: string) => {
      const first = item.replace(/^the[ \t]+late[ \t]+/, '').split(/[ \t]/)[0];
      return isGivenName(first) || lexiconGivenName(first);
    };
    // the first a given name the lists know, the others given names or words no dictionary knows ("Brayden"); a
    // town is no relative ("Virginia Beach")
    const nameLike = (item: string) => given(item) || !isEnglishWord(item.replace(/^the[ \t]+late[ \t]+/, '').split(/[ \t]/)[0]);
    // (or, in a longer list, most of them: "Nikko, Julian, Angel, Sophie, Caiden")
    if (items.length === 0 || !(given(items[0][0]) || (items.length >= 3 && 2 * items.filter((x) => given(x[0])).length > items.length)) || !items.every((x) => nameLike(x[0]) && !(/\s/.test(x[0]) && isPlaceName(x[0])))) continue;
    for (const x of items) {
      const lead = /^the[ \t]+late[ \t]+/.exec(x[0])?.[0].length ?? 0;
      const start = listStart + x.index + lead;
      out.push({ start, end: listStart + x.index + x[0].length, score: 0.8, why: [`named as family ("${kin}")`], strong: true, cue: true, recordCue: true, privateCue: true });
    }
  }
  return out;
}

/** A word of a name as a list prints it: a capitalised word, or initials ("T.D.", "A."). */
const ENTRY_WORD = String.raw`(?:\p{Lu}\.){1,3}|\p{Lu}[\p{L}'’-]*`;
const ENTRY_NAME = String.raw`(?:${ENTRY_WORD})(?:[ \t]+(?:${ENTRY_WORD})){1,3}`;
/** A speakers' list line's opening name: up to a note's mark, a cell's edge, a lower-case word or the line's end. */
const LIST_ENTRY = new RegExp(String.raw`^[ \t]*(${ENTRY_NAME})(?=[ \t]*(?:$|[–—|(,]|-[ \t])|[ \t]+\p{Ll})`, 'u');
const CELL_ENTRY = new RegExp(String.raw`^${ENTRY_NAME}$`, 'u');
const DIRECTION = new Set(['north', 'south', 'east', 'west']);

/**
 * Whether words a speakers' entry holds have a person's full name's shape: two to four words, the last no initial;
 * the first a given name the lists know, initials ("T.D. Cook") or a word no dictionary knows ("Lizz A. Mo"); no
 * word of an organisation, a place or a thing ("Board", "Staff" are no one), nor a title (the runs read titled names).
 * A direction after a given name is a surname ("Judy West"), not a place's part.
 */
function entryNameShape(words: string[]): boolean {
  if (words.length < 2 || words.length > 4 || INITIAL.test(words[words.length - 1])) return false;
  const first = words[0].replace(/\.$/, '');
  const given = isGivenName(first) || lexiconGivenName(first);
  if (!given && !INITIAL.test(words[0]) && (isEnglishWord(first.toLowerCase()) || lexiconTags(first).length > 0)) return false;
  return words.every((w) => {
    const lower = w.replace(/\.$/, '').toLowerCase();
    if (TITLES.has(lower)) return false;
    return !NON_PERSON_WORDS.has(lower) || (given && DIRECTION.has(lower) && w !== words[0]);
  });
}

/**
 * The names a meeting's speakers' list or speakers' column prints, read from the entry's place rather than the
 * tagger's: the heading says a person is named at each entry (private-role.ts speakerEntry), and a name made of
 * dictionary words ("Rich Ow", "Worth Baker", "Judy West", "T.D. Cook") is otherwise no candidate at all, because
 * the tagger is only given capitalised words that are names or no dictionary's words (nlp.ts windows), or is cut
 * short ("Lizz A. Mo" read as "Lizz A"). Only entries with a full name's shape (entryNameShape) that no candidate
 * already covers.
 */
function speakerEntryNames(input: DetectInput, found: NameCandidate[]): NameCandidate[] {
  const text = input.text;
  if (!SPEAKER_WORDS.test(text)) return [];
  const out: NameCandidate[] = [];
  const add = (start: number, name: string) => {
    const end = start + name.length;
    if (!entryNameShape(name.split(/[ \t]+/)) || found.some((c) => c.start <= start && end <= c.end)) return;
    if (!speakerEntry(text, start, end)) return;
    out.push({ start, end, score: PERSON_HERE_SCORE, why: ["a full name's shape as a speakers' entry"], strong: false, cue: false });
  };
  let at = 0;
  for (const line of text.split(/[\n\f]/)) {
    const list = LIST_ENTRY.exec(line);
    if (list) add(at + line.indexOf(list[1]), list[1]);
    if (line.includes('|')) {
      let cellAt = at;
      for (const cell of line.split('|')) {
        const name = cell.trim();
        if (CELL_ENTRY.test(name)) add(cellAt + cell.indexOf(name), name);
        cellAt += cell.length + 1;
      }
    }
    at += line.length + 1;
  }
  return out;
}

/**
 * The names that sign over a town line (signsOverTownLine), read from the line's place rather than the tagger's: a
 * signer whose name is also a word or a name the lexicon lacks ("Dawn Boggs") is otherwise no candidate at all. Only
 * lines with a full name's shape (entryNameShape) that no candidate already covers.
 */
function signatureNames(input: DetectInput, found: NameCandidate[]): NameCandidate[] {
  const text = input.text;
  if (!/\d{5}/.test(text)) return [];
  const out: NameCandidate[] = [];
  let at = 0;
  for (const line of text.split(/[\n\f]/)) {
    const name = line.trim();
    const start = at + line.indexOf(name);
    const end = start + name.length;
    at += line.length + 1;
    // a run the tagger joined across the line break ("Bartholomew Quist\nWilmer") is not this line's name
    if (!CELL_ENTRY.test(name) || !entryNameShape(name.split(/[ \t]+/)) || found.some((c) => c.start <= start && end <= c.end && !/[\n\f]/.test(text.slice(c.start, c.end)))) continue;
    if (signsOverTownLine(text, start, end)) out.push({ start, end, score: PERSON_HERE_SCORE, why: ['a name signing over a town line'], strong: false, cue: false });
  }
  return out;
}

function find(input: DetectInput): Candidate[] {
  const out: NameCandidate[] = [];
  for (const run of runs(input)) {
    const c = score(input, run);
    if (c) out.push(c);
  }
  const all = [...out, ...lastFirst(input), ...lowerCaseNames(input), ...familyNames(input)];
  all.push(...speakerEntryNames(input, all));
  all.push(...signatureNames(input, all));
  const kept = all.filter((c) => c.recordCue || (!inPlaceList(input.text, c.start, c.end) && !inPlaceColumn(input, c.start, c.end)));
  return withEvidence(input, illustrativePeople(input, kept));
}

/** Column headers that name a place: the cells under them are neighbourhoods, districts and towns, not people. */
const PLACE_COLUMN = new Set(['neighborhood', 'neighbourhood', 'district', 'city', 'town', 'county', 'zone', 'precinct', 'ward', 'municipality', 'township', 'borough', 'parish', 'location']);
/** Long place nouns that also end a field name written as one word ("INCIDENTNEIGHBORHOOD", "PoliceDistrict"). */
const PLACE_COLUMN_END = /(?:neighbou?rhood|district|precinct|municipality|township)$/;

/**
 * Whether [start, end) is a cell of a column its header names as a place: "Bloomfield" and "Westwood" under an arrest
 * table's "INCIDENTNEIGHBORHOOD", a town under "City". Such a column holds places whatever their shape; a name-like
 * neighbourhood ("Westwood", "Allendale") is no person. A column header for a person says "name" (name-column.ts).
 */
function inPlaceColumn(input: DetectInput, start: number, end: number): boolean {
  // a table written as text is read by its cells, its wrapped records whole (the words above a wrapped cell on the
  // page belong to other columns); a table laid out on the page by the words' positions
  const text = input.text;
  const inTextTable = text.slice(text.lastIndexOf('\n', start - 1) + 1, (text.indexOf('\n', end) + 1 || text.length + 1) - 1).includes('|');
  const header = inTextTable ? headerOfTextCell(text, start, end) : columnHeader(input, start, end);
  return header.length > 0 && !header.includes('name') && header.some((w) => PLACE_COLUMN.has(w) || PLACE_COLUMN_END.test(w));
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
      "We read Irina D. Volkonskaya's statement.",
      'JOHN SMITH, born 1961, appeared.',
      'Interview of Mary-Jane Smith-Jones',
    ],
    ignore: ['The Department of Energy met in Denver.', 'Impaq International is a vendor.', 'ANNUAL REPORT OF THE BOARD', 'The committee reviewed the budget.'],
  },
};

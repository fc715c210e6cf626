/**
 * @module
 * An organisation's contact details are not a person's. An address, telephone number or e-mail box that a document
 * gives as an office's, an agency's, a court's or a company's is moved to `public.office-contact`, which the default
 * policy keeps (an office may send it to review). Evidence, read from the text around the value only:
 * - the contact block it sits in names an organisation ("U.S. Department of Transportation, Docket Operations, …,
 *   1200 New Jersey Avenue SE"; "Seattle ACO Branch, FAA, 2200 South 216th St., Des Moines, WA 98198"), a room,
 *   floor or building, a judge's chambers, or is a point of contact ("POC", "FOR FURTHER INFORMATION CONTACT",
 *   "AGENCY CONTACT INFORMATION", "DSN");
 * - a telephone number in a bulleted list of ways to send comments;
 * - an e-mail box on a government domain given in such a block (policy decision, see `us-foia.yaml`);
 * Counsel's and trustees' blocks (a docket's party listing, a firm's letterhead), a staff directory's entry, a room,
 * floor or building in an address, a number the reader is told to call an office on, a court's case handler's line
 * and an address under a template's placeholder lines are judged by the general tie itself (personal-tie.ts
 * publicBlockHead, officeGiven): the names rules' reading of the block's head line says whose the block is.
 * A word saying the value is someone's own ("home", "lives", "cell", "her") keeps it personal.
 * The tie (personal-tie.ts withoutUntied) asks this module about every address, phone and mailbox of a document and
 * moves what it gives an office to `public.office-contact`; it is no public-role step of its own any more
 * (public-roles.ts does not call it), so a contact is judged once, beside the tie's other readings of its block.
 *
 * ```ts
 * officeContact(text, { category: 'personal.phone', start, end }); // → { category: 'public.office-contact', why }
 * ```
 */
import type { CategoryKey } from '../policy/categories.ts';
import { isEnglishWord } from './english-words.ts';
import { isGivenName } from './given-names.ts';
import { textRecordAt } from './text-table.ts';

export interface OfficeContact {
  category: 'public.office-contact';
  why: string;
}

const ORGANISATION_WORD =
  '(?:Department|Dept\\.|Ministry|Agency|Administration|Office|Commission|Bureau|Headquarters|Command|Directorate|Division|Branch|Section|Services|Operations|Center|Centre|Annex|Squadron|Wing|Battalion|Regiment|Corps|Institute|University|College|Council|Committee|Board|Library|Hospital|Clinic|Unit(?![ \\t]*#?[0-9])|Group|Program)';
/**
 * An organisation's name: a unit word after a capitalised word or before "of" ("Seattle ACO Branch", "Docket
 * Operations", "Office of the Deputy Director"), a court ("United States District Court", "Court of Appeals"), a
 * judge's chambers or a public building. A word alone is not enough: "Office" labels a phone number
 * ("788-063-Office"), "Pelican Court" is a street.
 */
const ORGANISATION = new RegExp(
  `\\p{Lu}[\\p{L}.&'’-]*[ \\t]+${ORGANISATION_WORD}\\b|\\b${ORGANISATION_WORD}[ \\t\\n]+of[ \\t\\n]+(?:the[ \\t\\n]+)?\\p{Lu}|\\b(?:District|Supreme|Bankruptcy|Superior|Circuit|Appeals|Tax|Claims|County|Municipal|Family|Probate|Juvenile|Federal|States|Magistrate)[ \\t\\n]+Court\\b|\\bCourt[ \\t\\n]+of\\b|\\b(?:Courthouse|Chambers|Coast Guard|National Guard|Air Force Base|Federal Building|Pentagon|(?:Meeting|Conference|Hearing)[ \\t]+Room)\\b`,
  'u',
);
/** Acronyms that only organisations use. */
const ORGANISATION_ACRONYM = /\b(?:HQ|AFB|MTF)\b/;
/** Mail routing: "ATTN:", an office symbol ("AFPC/DPSD", "MDG/SGH"), an acronym in brackets ("(NPRC)"). */
export const ROUTING = /\b(?:ATTN|Attn|Attention)\b[:.]?|\b[A-Z]{2,}\/[A-Z]{2,}|\([A-Z][A-Z0-9&-]{1,9}\)/;
/** Parts of a building that only offices give: a home has an apartment, not a room, floor or building. */
// "\s*(?:[#:]\s*)?" rather than "\s*[#:]?\s*": the same strings, without two runs that share the spaces
const OFFICE_UNIT = /\b(?:Room|Rm\.|Floor|Building|Bldg\.?|Mail Stop|Mailstop|MS)\s*(?:[#:]\s*)?[A-Z]?\d/i;
/** Headings and labels of an organisation's contact block. */
// "POC #13290" in a bankruptcy docket is a proof of claim, not a point of contact
const CONTACT_HEADING = /\b(?:POC(?![ \t]*#)|point of contact|contact information|for (?:further|more|additional) information|DSN)\b/i;

/** Words that make a value someone's own. */
const PERSONAL = /\b(?:lives?|living|resides?|residing|residence|home|domicile|apartment|apt\.?|personal|private|cell|mobile|his|her|my|claimant|patient's|plaintiff's)\b/i;

/** Domains of public offices: federal, military, state and foreign government. */
const GOVERNMENT_SUFFIX = String.raw`(?:gov|mil|fed\.us|state\.[a-z]{2}\.us|gov\.[a-z]{2}|gc\.ca|europa\.eu)`;
export const GOVERNMENT_DOMAIN = new RegExp(String.raw`@(?:[\w-]+\.)*${GOVERNMENT_SUFFIX}$`, 'i');
/** A mailbox on a government domain anywhere in a text ("Email: Alyson.Olson@dshs.state.tx.us"). */
export const GOVERNMENT_MAILBOX = new RegExp(String.raw`@(?:[\w-]+\.)*${GOVERNMENT_SUFFIX}\b`, 'i');

/** Abbreviations whose period ends no sentence ("2200 South 216th St., Des Moines"). */
const ABBREVIATIONS = new Set(['st', 'ave', 'av', 'rd', 'blvd', 'dr', 'ln', 'ct', 'hwy', 'pkwy', 'ste', 'bldg', 'rm', 'fl', 'no', 'mr', 'mrs', 'ms', 'jr', 'sr', 'inc', 'co', 'corp', 'ltd', 'dept', 'ft', 'mt', 'al', 'vs', 'v', 'attn', 'tel', 'ext']);

/**
 * Where a contact block starts (a page break does not end one: a sentence runs on over it): a blank line, a bullet opening a line, a
 * sentence end (not an abbreviation's period), or a line that starts with a date (a docket's next entry: the clerk's
 * "(PT)" closing the entry before names no organisation of this one).
 */
function blockStart(head: string): number {
  let cut = 0;
  // a bullet opening a line starts a list's item; one between parts of a line joins the parts of one contact (a
  // letterhead's or a footer's "Sheriff's Department • 2700 S. California Ave." over "Chicago, IL 60608 • 773 …")
  for (const m of head.matchAll(/\n[ \t]*\n|(?:^|\n)[ \t]*•|\n(?=[ \t]*\d{1,2}\/\d{1,2}\/\d{2,4}\b)|\b(\p{L}+)[.!?]["”’)]*\s+/gu)) {
    if (m[1] !== undefined && (!/\p{Ll}$/u.test(m[1]) || ABBREVIATIONS.has(m[1].toLowerCase()) || m[1].length < 2)) continue;
    cut = m.index + m[0].length;
  }
  return cut;
}

/** "MR. TAVITA FALEOLO-JENSEN", "Jane Q. Doe": a line that is only a person's name, as an addressee's is. */
const NAME_LINE = /^[ \t>]*(?:(?:Mr|Mrs|Ms|Miss|Dr|Mx)\.?[ \t]+)?(?:\p{Lu}[\p{L}'’.-]*,?[ \t]+){1,4}\p{Lu}[\p{L}'’.-]*[ \t]*$/iu;

/**
 * The contact block before `start`: back to its start, at most `max` characters. An address or number that starts
 * its line under an addressee's name line (over any lines of the same address) belongs to that person: the block
 * ends at the name, and a letterhead above it is the sender's.
 */
export function blockBefore(text: string, start: number, max = 240, addressee = true): string {
  const head = text.slice(Math.max(0, start - max), start);
  const block = head.slice(blockStart(head));
  const lines = block.split('\n');
  if (!addressee || lines.length < 2 || lines[lines.length - 1].trim() !== '') return block;
  for (let i = lines.length - 2; i >= 0; i--) {
    const line = lines[i];
    // the address's own earlier lines: a street with its number, "Marlowe, OR"
    if (/\d/.test(line) || /,[ \t]*[A-Z]{2}\.?[ \t]*$/.test(line)) continue;
    if (addresseeLine(line)) return lines.slice(i + 1).join('\n');
    break;
  }
  return block;
}

/**
 * A person's name line: capitalised words only, no organisation's word, and a given name first or a word no
 * dictionary knows ("MR. TAVITA FALEOLO-JENSEN", "Jane Doe"); "Defense Information Management System" and
 * "Section, International Validation" are an office's.
 */
function addresseeLine(line: string): boolean {
  if (!NAME_LINE.test(line) || new RegExp(`\\b${ORGANISATION_WORD}\\b`, 'i').test(line) || /,[ \t]*$/.test(line)) return false;
  const words = line.replace(/^[ \t>]*(?:(?:Mr|Mrs|Ms|Miss|Dr|Mx)\.?[ \t]+)?/i, '').match(/\p{L}[\p{L}'’-]*/gu) ?? [];
  return words.length > 0 && (isGivenName(words[0] ?? '') || words.some((w) => !isEnglishWord(w)));
}

/** The rest of the value's line and the next `lines` short lines, up to a sentence end: a title line under a name. */
function blockAfter(text: string, end: number, lines = 2): string {
  const tail = text.slice(end, end + 200).split(/\n/).slice(0, lines + 1).join('\n');
  const stop = tail.search(/\f|\n[ \t]*\n|(?:\p{Ll}{2}|[)”"])[.!?](?:\s|$)/u);
  return stop === -1 ? tail : tail.slice(0, stop);
}

/** All-caps headings read as names: "AGENCY CONTACT INFORMATION" names an agency as "Agency" does. */
function titleCase(s: string): string {
  return s.replace(/\b(?:OF|THE)\b/g, (w) => w.toLowerCase()).replace(/\b(\p{Lu})(\p{Lu}{2,})\b/gu, (_, a: string, b: string) => a + b.toLowerCase());
}

export function namesOrganisation(block: string): string | undefined {
  const m = ORGANISATION.exec(block) ?? ORGANISATION.exec(titleCase(block)) ?? ORGANISATION_ACRONYM.exec(block) ?? ROUTING.exec(block);
  return m?.[0];
}

/**
 * A short-line block (a letterhead, a contact card) rather than prose: no line longer than a line of an address; a
 * footer's parts joined by bullets on one line ("Sheriff's Department of Corrections • 2700 S. California Ave.") count
 * each as a line, and a page break ends a line as a line break does (a footer opens the next page).
 */
function shortLines(block: string): boolean {
  return block.split(/[\n\f]|[ \t]•[ \t]/).every((l) => l.length <= 70);
}

/**
 * The lead-in of the bulleted list the value sits in ("ADDRESSES: You may send comments … by any of the following
 * methods:"), if it is one.
 */
function listLeadIn(text: string, start: number): string | undefined {
  let lineStart = text.lastIndexOf('\n', start - 1) + 1;
  let sawBullet = false;
  for (let i = 0; i < 16 && lineStart > 0; i++) {
    const line = text.slice(lineStart, text.indexOf('\n', lineStart) === -1 ? text.length : text.indexOf('\n', lineStart));
    if (/^[ \t]*[•▪◦·]/.test(line)) sawBullet = true;
    else if (sawBullet && /:[ \t]*$/.test(line)) {
      // the lead-in may run over a few lines: "ADDRESSES: You may send comments,\n… by any of the following\nmethods:"
      return text.slice(Math.max(0, lineStart - 160), lineStart + line.length);
    }
    lineStart = text.lastIndexOf('\n', lineStart - 2) + 1;
  }
  return undefined;
}

/** "You may send comments by any of the following methods:", "Questions may be directed to:". */
const READER_LEAD_IN = /\b(?:send|submit|comments?|request|obtain|inquir\w*|contact|following methods)\b/i;

/** Fields only a person's record holds: a birth date, sex or race ("DOB:07/16/79 Sex:MALE Race:HISPANIC"). */
const PERSON_FIELD = /\b(?:D\.?O\.?B\.?|Date[ \t]+of[ \t]+Birth|Birth[ \t]?date|Sex|Race)[ \t]*:/i;

/**
 * A person's record between the organisation named in the block and the address: the organisation is the record's
 * publisher (a police department's daily arrest record heads its page: "HARTFORD POLICE DEPARTMENT … Name: … DOB:…
 * Sex:… Race:…" over "Addr: 41 CROWN ST"), and the address is the person's. An office has no birth date, sex or race.
 */
function personsRecordAfter(before: string, org: string): boolean {
  const at = before.toLowerCase().lastIndexOf(org.toLowerCase());
  return at !== -1 && PERSON_FIELD.test(before.slice(at + org.length));
}

/** Whether the address, phone or e-mail at [start, end) is an organisation's contact, and why. */
export function officeContact(text: string, hit: { category: CategoryKey; start: number; end: number }): OfficeContact | undefined {
  const { category, start, end } = hit;
  if (category !== 'personal.address' && category !== 'personal.phone' && category !== 'personal.email') return undefined;
  const value = text.slice(start, end);
  // in a text table's record the cells before the value are other fields of the row (an owner, a previous owner, a
  // land use), not its contact block: "WOFFORD COLLEGE | 484 WEBBER RD" under "PreviousOwnerName | StreetAddress"
  // names the college that sold the parcel, not the mailing address's owner; the value's own cell is its block
  const cell = textRecordAt(text, start)?.cells.find((c) => c.start <= start && start < c.end);
  const before = cell ? text.slice(cell.start, start) : blockBefore(text, start);
  const lineRest = text.slice(end, end + 80).split('\n')[0];
  if (PERSONAL.test(`${before}${value}${lineRest}`)) return undefined;
  const office = (why: string): OfficeContact => ({ category: 'public.office-contact', why });

  if (category === 'personal.address') {
    const org = namesOrganisation(`${before}${value}`);
    if (org && !personsRecordAfter(before, org)) return office(`address of an organisation named with it ("${org}")`);
    if (CONTACT_HEADING.test(before)) return office("in an organisation's contact block");
    return undefined;
  }
  if (category === 'personal.email') {
    if (!GOVERNMENT_DOMAIN.test(value.trim())) return undefined;
    // a mailbox sits under its owner's name: the block above the name counts here
    const block = `${blockBefore(text, start, 400, false)}\n${blockAfter(text, end)}`;
    const evidence = namesOrganisation(block) ?? CONTACT_HEADING.exec(block)?.[0] ?? OFFICE_UNIT.exec(block)?.[0];
    if (evidence) return office(`a public office's contact mailbox ("${evidence}")`);
    return undefined;
  }
  // telephone numbers
  if (CONTACT_HEADING.test(before)) return office(`in an organisation's contact block ("${CONTACT_HEADING.exec(before)?.[0]}")`);
  const lead = listLeadIn(text, start);
  if (lead && READER_LEAD_IN.test(lead)) return office('in a list of ways to reach an office');
  const org = namesOrganisation(before);
  if (org && shortLines(before) && before.includes('\n')) return office(`under an organisation's name ("${org}")`);
  return undefined;
}

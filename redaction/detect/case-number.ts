import type { Candidate, Detector } from './detector.ts';
import { contextWindow, findPhrase } from './detector.ts';
import type { DetectInput } from './input.ts';
import { sentenceBefore } from './public-roles.ts';
import { columnHeader } from './columns.ts';

/**
 * Case, claim and client file numbers. Whether one is withheld depends on the record: a benefits or claim file
 * number points at a person, a police report number is usually released, and docket, agency case and FOIA tracking
 * numbers are document furniture (kept, as the gov-pdfs guide says). A number labelled only "case number" is
 * proposed when the lines around it say the record is a person's (a client, a claimant, a date of birth). The default
 * policy proposes them for review; an office that knows its formats puts them on its deny or allow list.
 */
/** A publication number written as one token: series letters, then series and number ("AFI41-210", "DoDI6025"). */
const PUBLICATION = /^(?:AFI|AFMAN|AFPD|DODI|DODD|DODM|AR|OPNAVINST|BUMEDINST|COMDTINST)\d/i;

const STATES = 'AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|GU|VI|AS|MP';
/** "Des Moines, WA 98198": five digits after a state's code are a ZIP code. */
const NOT_A_ZIP = `(?!(?<=\\b(?:${STATES}),?[ \\t]+)\\d{5}(?:-\\d{4})?(?![\\w-]))`;
/** "789 F.2d at 99-104", "530 F. App’x at 105-06": pages of a law report cited after its volume and name. */
const NOT_A_PIN_CITE = "(?<!\\b\\d{1,4}[ \\t]+(?:[A-Z][A-Za-z’']{0,6}\\.?[ \\t]?){1,3}(?:\\d?d|\\dth)?[ \\t]+at[ \\t]+)";
/**
 * The token's digit is asked for before the two lookbehinds: assertions at one position commute (none captures), and
 * most words hold no digit, so the state codes and the citation's words are looked behind only at tokens with one.
 */
const IDENTIFIER = new RegExp(`(?<![\\w-])(?=[A-Z0-9-]*\\d)${NOT_A_ZIP}${NOT_A_PIN_CITE}[A-Z0-9](?:[A-Z0-9-/]{3,24})[A-Z0-9](?![\\w-])`, 'gi');

/** A court's own caption on the first page: "UNITED STATES DISTRICT COURT … Plaintiffs, v. …". */
const COURT_CAPTION = /\b(?:(?:UNITED STATES|U\.S\.) (?:DISTRICT|BANKRUPTCY) COURT|BANKRUPTCY COURT|COURT OF APPEALS|SUPREME COURT|DISTRICT COURT|SUPERIOR COURT|CIRCUIT COURT)\b/i;
const PARTY = /\b(?:Plaintiffs?|Defendants?|Petitioners?|Respondents?|Appellants?|Appellees?|Debtors?|Creditors?)\b/;
/**
 * "Case No. C 04-0098 SI", "(Related Case No. C 04-0099 SI)": in a court's filing, its own docket and related dockets;
 * "POC #11184", "Claim No. 12": a proof of claim's number in the court's claims register.
 */
const CASE_LABEL = /\b(?:Case[ \t]+Nos?\.?|POC[ \t]*#|Proof[ \t]+of[ \t]+Claim[ \t]+(?:Nos?\.?|#)|Claim[ \t]+(?:Nos?\.?|#))[ \t]*(?:[A-Z]{1,3}[ \t]+)?$/i;
/** "your complaint #131118000071": the label says whose file it is. */
const OWN_FILE = /\b(?:your|my|his|her|their)\s+(?:own\s+)?(?:consumer\s+)?(?:complaint|case|claim|application|appeal|file)(?:\s*(?:number|no\.?|#|ID))?[\s:#]*$/i;
/** "1128A(a)(1)", "1320a-7a(b)": a statute's section with its subsections. */
const SUBSECTION_AFTER = /^\([a-z0-9]{1,4}\)/i;

function courtFiling(text: string): boolean {
  const head = text.slice(0, 3000);
  return COURT_CAPTION.test(head) && PARTY.test(head);
}

/** Labels that name a person's own file whatever the record: a claim, a client's or a patient's file. */
const PERSONAL_LABELS = ['claim number', 'claim no', 'claim', 'client number', 'client no', 'client id'];
/**
 * "Case number", "file number", "reference number" alone: an agency's, a court's or a FOIA office's own tracking
 * number ("Reference number 2011-FOIA-00123 was assigned to your request") unless the record is about a person.
 */
const CASE_LABELS = ['case number', 'case no', 'case', 'file number', 'file no', 'matter number', 'reference number', 'ref no'];
/**
 * Words that say the record around a case number is a private person's file: a client, a claimant, a patient, a
 * beneficiary, someone's date of birth. Without them a case number is the agency's, the court's or the FOIA office's
 * own furniture ("IES case number CA09758-HS brought against Respondent Nippon Express", "Case Number: 18-3815" in a
 * docket's header), which the guide keeps.
 */
// "member" is left out: an agenda's "Archaeologist Member of the Historic Preservation Commission" is a public seat
// "victim" and "applicant" are left out too: a police report's case number is released with the report, and a zoning or
// permit application's number is a public hearing's; neither is the person's own file (the guide: a claim, client or
// patient file)
const PERSONAL_RECORD = /\b(?:client|claimant|beneficiar(?:y|ies)|recipient|patient|enrollee|participant|household|tenant|student|inmate|detainee|date of birth|dob|d\.o\.b|born|benefits?)\b/i;
/**
 * The record a number belongs to: its own line and sentence, and the fields of the same entry beside it, up to
 * `RECORD_LINES` lines either way ("Case Number MC-HS-2025-118406" over "Program Medical Assistance" over "Client Date of
 * Birth 11/02/1958"). A line of prose is no field of the entry: a decision page's "Reference number: AST / 06 / 04 /
 * 13140" over "Decision date: …" over "The appellant, an Iranian Kurd born on …" ends at the prose, whose cue speaks of
 * the decision's subject, not of whose file the number is. An agenda's or a log's next items are other records.
 */
const RECORD_LINES = 2;
/** A sentence ends at a period after a lower-case letter or a bracket, or at a blank line (as named-person.ts ends one). */
const SENTENCE_END = /(?:\p{Ll}{2}|[)”"])[.!?](?:\s|$)|\n\s*\n/u;
/** A field of an entry is a short line that starts one: a label and its value, not a sentence of prose or a piece of one. */
const FIELD_WORDS = 8;

function isField(line: string): boolean {
  const words = line.split(/\s+/).filter((w) => /[\p{L}\d]/u.test(w)).length;
  // a line that starts in lower case continues a sentence wrapped over lines ("under reference\nnumber 2025-004817 …")
  return words > 0 && words <= FIELD_WORDS && !/^\s*\p{Ll}/u.test(line);
}

/** The record around [start, end): its line, its sentence when the line is prose, the fields beside it (see RECORD_LINES). */
function around(text: string, start: number, end: number): string {
  const lineFrom = text.lastIndexOf('\n', start - 1) + 1;
  const stop = text.indexOf('\n', end);
  const lineTo = stop === -1 ? text.length : stop;
  const own = text.slice(lineFrom, lineTo);
  // a number in prose belongs to its sentence, which may wrap over lines; a field's line is its own record
  const parts = isField(own) ? [own] : [own, sentenceBefore(text, start), text.slice(end, end + 300).split(SENTENCE_END)[0]];
  for (let i = 0, at = lineFrom; i < RECORD_LINES && at > 0; i++) {
    const from = text.lastIndexOf('\n', at - 2) + 1;
    const line = text.slice(from, at - 1);
    if (!isField(line)) break;
    parts.push(line);
    at = from;
  }
  for (let i = 0, at = lineTo; i < RECORD_LINES && at < text.length; i++) {
    const next = text.indexOf('\n', at + 1);
    const line = text.slice(at + 1, next === -1 ? text.length : next);
    if (!isField(line)) break;
    parts.push(line);
    at = next === -1 ? text.length : next;
  }
  return parts.join('\n');
}

/**
 * A criminal matter's entry: a booking record, an arrest log, a jail roster ("Charges: …", "Bond_Amount: …", "Warrant").
 * Its case numbers are the court's or the police's on the charges, public record like a docket or a police report's
 * number; its booking number is the jail's. Neither is a person's own file, though the entry holds a date of birth.
 */
const CRIMINAL_ENTRY = /\b(?:charges?|bond(?:_amount)?|bail|warrants?|offen[cs]es?|arrest(?:ed|_location)?|booking(?:_number)?)\b/i;
/**
 * The label of a number's own field: "Booking_Number: 232600966" at the start of its line or cell. It is the number's
 * label, whatever the field before it was ("Case_Number: DCW13466" ending the line above).
 */
const OWN_FIELD_LABEL = /(?:^|[|;][ \t]*)((?:[\p{L}][\p{L}_ .#-]{0,30}?)):[ \t]*$/u;
/** A field label that calls its number a case, claim, client, file or reference number. */
const CASE_FIELD = /\b(?:case|claim|client|file|matter|reference|ref)(?:[_ ]|\b)/i;

function find(input: DetectInput): Candidate[] {
  const text = input.text;
  const docket = courtFiling(text);
  const out: Candidate[] = [];
  for (const m of text.matchAll(IDENTIFIER)) {
    const start = m.index;
    const end = start + m[0].length;
    // a court's case numbers are its dockets, public record (the guide keeps docket numbers)
    if (docket && CASE_LABEL.test(text.slice(Math.max(0, start - 24), start))) continue;
    if (SUBSECTION_AFTER.test(text.slice(end, end + 6))) continue;
    if (OWN_FILE.test(text.slice(Math.max(0, start - 48), start))) {
      out.push({ start, end, score: 0.6, why: ['pattern identifier', 'label says whose file'] });
      continue;
    }
    // a field labelled anything else is that field's value ("Booking_Number: 232600966" under "Case_Number: …")
    const lineFrom = Math.max(text.lastIndexOf('\n', start - 1), text.lastIndexOf('\f', start - 1)) + 1;
    const ownLabel = OWN_FIELD_LABEL.exec(text.slice(lineFrom, start))?.[1];
    if (ownLabel !== undefined && !CASE_FIELD.test(ownLabel.replace(/_/g, ' '))) continue;
    // "case number" names a person's file only in a person's record
    const near = contextWindow(text, start, end);
    // A table's column header labels every cell under it as the words beside a value do: "Case #" over a court's index
    // of cases ("1999ES2301955 | ABERNATHY , DONNA JUANITA | Deceased Person") is the same generic label as "Case
    // number" on the value's own line, and its numbers are the court's furniture unless the row or the header says the
    // record is a person's file. Left to the shared column-header context alone, every row but the first was proposed.
    const header = findPhrase(near.before, CASE_LABELS) ?? findPhrase(near.after, CASE_LABELS) ? [] : columnHeader(input, start, end);
    const generic = findPhrase(near.before, CASE_LABELS) ?? findPhrase(near.after, CASE_LABELS) ?? findPhrase(header, CASE_LABELS);
    if (generic && !findPhrase([...near.before, ...near.after, ...header], PERSONAL_LABELS)) {
      const record = around(text, start, end);
      if (!PERSONAL_RECORD.test(`${record}\n${header.join(' ')}`) || CRIMINAL_ENTRY.test(record)) continue;
    }
    out.push({ start, end, score: 0.1, why: ['pattern identifier'] });
  }
  return out;
}

export const caseNumber: Detector = {
  id: 'case-number',
  category: 'personal.case-number',
  summary: 'Case, claim, client and file numbers when a label names them (proposed for review).',
  find,
  // a docket number is a court's, public record: "docket" names no one's file
  context: [...CASE_LABELS, ...PERSONAL_LABELS],
  contextBoost: 0.5,
  // a form or publication number ("VA Form 21-526", "AFI 36-2910") names a document, not someone's file
  exclude: ['phone', 'fax', 'ssn', 'social security', 'card', 'account', 'routing', 'plate', 'page', 'section', 'form', 'forms', 'afi', 'afman', 'dodi', 'dodd', 'instruction', 'manual', 'publication', 'directive', 'regulation'],
  // years, dates (month first, or ISO's year first: "Decision date: 2006-04-27") and short counts are not file numbers
  validate: (text) => (PUBLICATION.test(text) || /^\d{1,4}$|^(?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])[-/.](?:\d{2}|\d{4})$|^(?:1[89]|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/.test(text) ? false : 'file-number-shaped token'),
  examples: {
    match: ['Case Number MC-HS-2025-118406\nClient date of birth 11/02/1958', 'Claim No. 44-1187-X', 'Benefits case No. 2025-004817', 'Reference number 2025-004817 on the claimant’s benefits file'],
    ignore: [
      'In case 2024 is a leap year',
      'The case was closed in 2019',
      'Invoice 2025-004817',
      'FOR FURTHER INFORMATION CONTACT: Seattle ACO Branch, FAA, Des Moines, WA 98198; docket',
      'a general unsecured claim. 789 F.2d at 99-104.',
      'UNITED STATES DISTRICT COURT\nEDWARD ALVARADO, Plaintiffs, v. FEDEX CORPORATION\nNo. C 04-0098 SI\n(Related Case No. C 04-0099 SI)',
      'Federal Register Notice Docket No. 04-013N',
      'Requesting documents related to USDA, APHIS, IES case number CA09758-HS brought against Respondent Nippon Express',
      'Police report, Case No. 2025-004817',
      'Case No. 24-004417\nThe victim, a 45-year-old man, was treated at a local hospital.',
      'BOARD OF ZONING APPEALS\nCase No. BZA-24-017\nApplicant: Robert Hines',
      'Reference number 2011-FOIA-00123 was assigned to your request.',
      'File number FOIA-2014-00532 closed.',
    ],
  },
};

/**
 * @module
 * Whether a document is a published public record: a court's opinion, docket or case list, a statute or regulation,
 * an agency's FOIA log or FOIA page, a press office's, a police department's or an inspector general's release or
 * wanted notice, a body's published opinions or decisions, a legislature's resolution, a public body's meeting agenda
 * or notice. Such a document names people
 * publicly every day (judges, counsel, officials, staff, authors, parties of record), so a name in it is a private
 * person's only on evidence of a private capacity (see person-name.ts). An office's own records (memos, reports,
 * letters, incident reports, rosters) name their people privately, and keep the name rules' ordinary reading.
 *
 * The signals are the furniture of each kind, counted by kind: two kinds present, one kind often, or one in the
 * document's heading make a published record.
 *
 * ```ts
 * publishedRecord('Plaintiff … v. … 806 F.3d 680 …') // → true
 * ```
 */
import { luhnValid } from './checksums.ts';
import { memo } from './document-context.ts';

/** One kind of a published record's furniture. */
const SIGNALS: { kind: string; pattern: RegExp; notInHeading?: boolean }[] = [
  // a court's parties by their procedural names
  { kind: 'court parties', pattern: /\b(?:Plaintiffs?|Defendants?|Appellants?|Appellees?|Petitioners?|Respondents?|Debtors?|Creditors?|PLAINTIFFS?|DEFENDANTS?|APPELLANTS?|APPELLEES?|PETITIONERS?|RESPONDENTS?|DEBTORS?)\b/g },
  // a court or a board of appeals by name ("Court of Appeals of Maryland", "Armed Services Board of Contract Appeals")
  { kind: 'tribunal', pattern: /\b(?:Supreme Court|Court of (?:Criminal |Civil )?Appeals|Circuit Court|District Court|Bankruptcy Court|Superior Court|Court of Federal Claims|Tax Court|Board of (?:[A-Z][a-z]+ ){0,3}Appeals|Appeals Board|Merit Systems Protection Board)\b/g },
  // "Hawaii v. Trump", "People v Seymore", "In re Colonial BancGroup"
  { kind: 'case style', pattern: /\p{Lu}[\p{L}.'’-]*,?[ \t]+(?:v\.?|vs\.?)[ \t]+\p{Lu}|\bIn re[ \t]+\p{Lu}|\bMatter of[ \t]+\p{Lu}/gu },
  // "806 F.3d 680", "590 U.S. 255", "28 I&N Dec. 437", "347 B.R. 473", "309 S.W.3d 303"
  { kind: 'reporter citation', pattern: /\b\d{1,4}[ \t]+(?:F\.[ \t]?(?:2d|3d|4th|Supp\.?(?:[ \t]?[23]d)?|App['’]x)|U\.[ \t]?S\.|S\.[ \t]?Ct\.|L\.[ \t]?Ed\.(?:[ \t]?2d)?|B\.[ \t]?R\.|I&N[ \t]Dec\.|[A-Z][a-z]{0,4}\.(?:[ \t]?[A-Z][a-z]{0,4}\.)*[ \t]?[23]d)[ \t]+\d/g },
  // a docket's columns and headings
  { kind: 'docket', pattern: /\b(?:Docket(?:ed)?|Date [Ff]iled|Entered:|Assigned to:|Date [Tt]erminated|Chapter (?:7|11|13)\b|Nature of Suit|Lead Case)/g },
  // statutes and regulations
  { kind: 'statute', pattern: /§|\bU\.[ \t]?S\.[ \t]?C\.|\bC\.[ \t]?F\.[ \t]?R\.|\bCFR\b|Federal Register|\bPub\.[ \t]?L\./g },
  // an agency's FOIA records
  { kind: 'foia', pattern: /\bFOIA\b|Freedom of Information|\b(?:received|closed|target|due)[ \t]+\d{1,2}\/\d{1,2}\/\d{2,4}/g },
  // releases of a press office or a police department
  { kind: 'release', pattern: /FOR IMMEDIATE RELEASE|\b(?:[Pp]ress|[Nn]ews) [Rr]elease|\b(?:Department|Office|Agency|Board|Bureau|Commission|Police),[ \t]+news\b|\b(?:Media|Press) [Cc]ontact|\bOffice of Public Affairs\b|\b(?:Most Wanted|MOST WANTED)\b|\bFugitives?\b/g },
  // a body's own publication of its decisions or reports
  { kind: 'publication', pattern: /\b[Pp]ublished (?:opinions|decisions|orders|reports)\b|\b(?:[Pp]recedential|[Nn]onprecedential) decisions\b|\bavailable (?:in PDF format|online)\b/g },
  // an inspector general's or a prosecutor's publications; not in a heading alone (their own case files are private)
  { kind: 'oversight', pattern: /\bInspector General\b|\bOIG\b|\bU\.S\. Attorney['’]s Office\b/g, notInHeading: true },
  // a legislature's acts and resolutions
  { kind: 'legislation', pattern: /\bWHEREAS\b|\bRESOLVED\b|\bBE IT (?:FURTHER )?RESOLVED\b|\b(?:Resolution|Bill|Ordinance) No\.|\b(?:Senate|House|Assembly) (?:Bill|Resolution|Joint Resolution)\b|\bsponsor:/g },
  // a public body's meetings: agendas, minutes, notices of sessions and hearings
  { kind: 'meeting', pattern: /\b(?:[Aa]genda|AGENDA)\b|\b[Mm]inutes of\b|\bregular session\b|\bpublic (?:session|meeting|hearing|comment period)\b|\b(?:Board|Council|Commission) [Mm]eetings?\b/g },
];

/** The heading of a document: furniture there ("U.S. Office of Special Counsel, news release") says what it is. */
const HEADING_CHARS = 300;
/** One kind counts alone from this many occurrences. */
const ONE_KIND_OFTEN = 4;
/** Distinct kinds that make a published record together. */
const KINDS_TOGETHER = 2;

const published = memo<boolean>();

/** The kinds of published-record furniture a text holds, with how often each occurs. */
export function recordSignals(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const { kind, pattern } of SIGNALS) {
    let n = 0;
    for (const _ of text.matchAll(pattern)) if (++n >= ONE_KIND_OFTEN) break;
    if (n > 0) out.set(kind, n);
  }
  return out;
}

/** Whether a text is a published public record by its furniture (see the module comment). */
/** The signals that mark a record on their own in its heading, without the global flag so `test` keeps no state. */
const HEADING_SIGNALS = SIGNALS.filter((s) => !s.notInHeading).map(({ pattern }) => new RegExp(pattern.source, pattern.flags.replace('g', '')));

export function publishedRecord(text: string): boolean {
  return published(text, () => {
    const signals = recordSignals(text);
    const heading = text.slice(0, HEADING_CHARS);
    return signals.size >= KINDS_TOGETHER || [...signals.values()].some((n) => n >= ONE_KIND_OFTEN) || HEADING_SIGNALS.some((pattern) => pattern.test(heading));
  });
}

/**
 * Handling markings that keep a record from the public: US controlled-unclassified and older dissemination markings
 * (32 CFR part 2002; FOUO, LES, SBU, LOU), classification's lowest level, and the deliberative-process marks. Written
 * in capitals as a banner writes them; "confidential" in a sentence is a word.
 */
const HANDLING_MARK = /(?<![\p{L}/])(?:CONFIDENTIAL|FOR OFFICIAL USE ONLY|FOUO|CUI|CONTROLLED UNCLASSIFIED|LAW ENFORCEMENT SENSITIVE|SENSITIVE BUT UNCLASSIFIED|LIMITED OFFICIAL USE|PRE-?DECISIONAL|ATTORNEY[ -]CLIENT PRIVILEGED?)(?![\p{L}])|\b(?:[Nn]ot for (?:public )?(?:distribution|release|dissemination)|(?:[Ff]or )?[Ii]nternal (?:use only|discussion))\b/u;
/**
 * A social security number in its printed shape (area not 000, 666 or 9xx; group and serial not zero), masked, or
 * printed one digit a box as a form's comb field prints it.
 */
const SSN_SHAPE = /(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])|\b[Xx*]{3}-[Xx*]{2}-\d{4}\b|(?<!\d ?)(?:\d ){8}\d(?! ?\d)/;
/** A date of birth asked for or given. */
const BIRTH_LABEL = /\b(?:DOB|D\.O\.B\.|[Dd]ate of [Bb]irth|DATE OF BIRTH)\b/;
/** Sixteen digits in four groups: a payment card's number, when its check digit holds. */
const CARD_SHAPE = /(?<![\d-])\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?![\d-])/g;

/**
 * Whether a text is a record about private persons or one kept from the public: it carries a handling marking, or
 * holds a person's identifiers (a social security number, a date of birth, a payment card's number). Such a record
 * names its people privately whatever else it is (a payroll roster, an incident report, an eligibility letter, an
 * audit's card-holder table, a marked memo). A document with none of these, and not a published record either, is
 * written for the public: see person-name.ts.
 *
 * ```ts
 * privateRecord('CONFIDENTIAL // PRE-DECISIONAL …') // → true
 * privateRecord('Staff directory … (202) 555-0114 …') // → false
 * ```
 */
export function privateRecord(text: string): boolean {
  return privateThroughout(text) || BIRTH_LABEL.test(text);
}

/**
 * Whether what makes a text a record about private persons holds for the whole of it: a handling marking keeps all of
 * it from the public, and a social security or card number is printed only in an office's own records. A date of
 * birth is not such a mark: a public page prints one in a single row (a jail's inmate locator, a court calendar's
 * defendant line), and the rest of the page (the jail's mailing address, its phone, its staff) is the office's. So a
 * date of birth makes only its block a record about a private person (see birthBlocks).
 */
export function privateThroughout(text: string): boolean {
  if (HANDLING_MARK.test(text) || SSN_SHAPE.test(text)) return true;
  for (const m of text.matchAll(CARD_SHAPE)) if (luhnValid(m[0].replace(/\D/g, ''))) return true;
  return false;
}

const BIRTH_LABELS = new RegExp(BIRTH_LABEL.source, 'g');
const blocks = memo<[number, number][]>();

/**
 * The blocks of a text that hold a date of birth's label. In a table (cells split by " | " or tabs) the label heads a
 * column: the block is its header and the rows under it. Elsewhere (a calendar's defendant line with its "DOB:", a
 * form's fields, a record's paragraph) it is the label's line and up to BIRTH_BLOCK_LINES lines either way, not
 * across a blank line: the private person's record is there.
 */
export function birthBlocks(text: string): [number, number][] {
  return blocks(text, () => {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    const lineEnd = (k: number) => (k + 1 < starts.length ? starts[k + 1] - 1 : text.length);
    const line = (k: number) => text.slice(starts[k], lineEnd(k));
    const blank = (k: number) => /^[ \t\f]*$/.test(line(k));
    const row = (k: number) => /[|\t]/.test(line(k));
    const out: [number, number][] = [];
    for (const m of text.matchAll(BIRTH_LABELS)) {
      const k = starts.findLastIndex((x) => x <= m.index);
      let first = k;
      let last = k;
      if (row(k)) {
        while (last + 1 < starts.length && row(last + 1)) last++;
      } else {
        while (first > 0 && k - first < BIRTH_BLOCK_LINES && !blank(first - 1)) first--;
        while (last + 1 < starts.length && last - k < BIRTH_BLOCK_LINES && !blank(last + 1)) last++;
      }
      out.push([starts[first], lineEnd(last)]);
    }
    return out;
  });
}

/** Lines either way from a date of birth's label outside a table (a form's fields, an entry's lines). */
const BIRTH_BLOCK_LINES = 2;

/** Whether [start, end) lies in a block that holds a date of birth (see birthBlocks). */
export function inBirthBlock(text: string, start: number, end: number): boolean {
  return birthBlocks(text).some(([s, e]) => start >= s && end <= e);
}

/** Words from which a text that is no record about private persons is written for the public (person-name.ts's gate too). */
export const PUBLIC_TEXT_WORDS = 100;

const words = memo<number>();
/** A run of letters. Only its matches are counted: `test` walks them without building a match object per word. */
const LETTERS = /\p{L}+/gu;

/** Words (runs of letters) of a text, counted once per document text: person-name.ts gates on the count too. */
export function wordCount(text: string): number {
  return words(text, () => {
    // a global regex's `test` moves `lastIndex` past each match, as matchAll would (no match is empty, so it ends);
    // about a quarter cheaper than matchAll, which builds an object per word (`match` builds an array of every word first
    // and was slower on long texts, see 737621c)
    LETTERS.lastIndex = 0;
    let n = 0;
    while (LETTERS.test(text)) n++;
    return n;
  });
}

const forPublic = memo<boolean>();

/**
 * Whether a text is written for the public: a published record, or any text of `PUBLIC_TEXT_WORDS` words or more that
 * is no record about private persons (no handling marking, no one's SSN, date of birth or card number). A directory,
 * a web page, a list, a decision page or a release names and prints contact details publicly whether or not its kind
 * has furniture `publishedRecord` knows; a short note or message keeps every detector's ordinary reading.
 *
 * ```ts
 * writtenForPublic('Staff directory … (202) 555-0114 … [100 words]') // → true
 * writtenForPublic('My address is 12 Elm Street') // → false
 * ```
 */
export function writtenForPublic(text: string): boolean {
  return forPublic(text, () => publishedRecord(text) || (wordCount(text) >= PUBLIC_TEXT_WORDS && !privateThroughout(text)));
}

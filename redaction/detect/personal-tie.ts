/**
 * @module
 * Contact details and reference numbers in a published public record are someone's only when the record ties them to a
 * private person. A court's docket, an agenda, a FOIA log, a release or a directory prints addresses, phones, mailboxes
 * and file numbers every day, and nearly all of them are an office's, a firm's, a venue's or a case's: whose they are is
 * said by what stands beside them, not by their shape. The same holds for any text written for the public (a
 * directory, a web page, a decision page: 100 words or more and no record about private persons, the gate the name
 * rules use, genre.ts writtenForPublic). So in such a text an address, a phone, an email, a
 * case, account, plate or ID number that no validator proved (a phone's or a mailbox's
 * format proves only that it is one) is proposed only when
 * - its own evidence says it is personal: a cue that someone lives there ("resides at", "home address"), a personal
 *   label ("cell", "home phone", "her account"), a filled form's field; or
 * - a private person's name found in the same document (names the name rules kept as personal) stands in its sentence,
 *   on its line (a table's row) or in the lines of its block just above it (an address block under its addressee); or
 * - its sentence names a private party by the role a record gives only to persons or households ("Notice of Change of
 *   Address for Creditor John D. Olson …, new Address: …"): the role, then a name whose first word is a given name; or
 * - its sentence is the writer's own ("the address linked to my credit card"): a private person speaking of themself.
 * Everywhere, a table's row is a record: a value in a row (cells split by " | " or tabs) is someone's only when the row ties
 * it to a private person (a name kept on the row, a cell that is a person's name); a list of places, businesses or
 * incidents names none. Outside tables, a short text (a note, a message, a form's page) and a record about private
 * persons (a handling marking, someone's SSN, date of birth or card number: an incident report, an eligibility letter)
 * keep every detector's ordinary reading.
 *
 * ```ts
 * const kept = withoutUntied(input.text, hits, names); // names: the private persons' names kept in the document
 * ```
 */
import type { CategoryKey } from '../policy/categories.ts';
import { inBirthBlock, privateRecord, publishedRecord, writtenForPublic } from './genre.ts';
import { caseless } from './caseless.ts';
import { isGivenName } from './given-names.ts';
import { sentenceNamesSomeone } from './named-person.ts';
import { publicRole, sentenceBefore } from './public-roles.ts';
import { PARTY_HEADING, PARTY_ROLE } from './docket-parties.ts';
import { textRecordAt } from './text-table.ts';
import { blockBefore, namesOrganisation, officeContact } from './office-contact.ts';

/** Categories whose values an office, a firm, a venue or a case holds as often as a person does. */
const TIED: ReadonlySet<CategoryKey> = new Set<CategoryKey>([
  'personal.address', 'personal.phone', 'personal.email', 'personal.case-number', 'personal.vehicle-plate', 'personal.bank-account', 'personal.id-number',
]);

/**
 * Categories only a private person has (a social security number, a date of birth, a payment card): a contact detail
 * printed as the next part of the same entry ("SSN 372-41-1000, phone 555-867-5300") is that person's too.
 */
const PERSON_PROVEN: ReadonlySet<CategoryKey> = new Set<CategoryKey>(['personal.ssn', 'personal.dob', 'personal.card-number']);

/** Categories whose values are certain by their format and still anyone's: an office's line, a firm's mailbox. */
const OWNER_UNKNOWN: ReadonlySet<CategoryKey> = new Set<CategoryKey>(['personal.phone', 'personal.email']);

/**
 * Evidence entries (`why`) that say the value is a private person's on their own: a residence cue, a personal label
 * before or after it, a filled form's field or printed label.
 */
const PERSONAL_EVIDENCE = [
  /^address cue "[^"]*(?:resid|lives|living|lived|domicile|home|personal)/,
  /^context "(?:home|cell|cellphone|mobile|personal|residence|resides|lives|my|her|his|their|whatsapp|landline|checking|savings|account ending|account ending in)[^"]*"(?! in column header)/,
  /^form field /,
  / in form label$/,
];

export interface TieHit {
  start: number;
  end: number;
  category: CategoryKey;
  certain: boolean;
  detector: string;
  why: readonly string[];
}

/** A contact detail an office's contact block may hold: an address, a phone, a mailbox, not one the office listed (deny list). */
function officeCandidate(h: TieHit): boolean {
  return (h.category === 'personal.address' || h.category === 'personal.phone' || h.category === 'personal.email') && h.detector !== 'deny-list';
}

/** Whether the finding is personal only when tied to a private person, in a published record (see the module comment). */
function needsPrivatePerson(h: TieHit): boolean {
  // a phone's or a mailbox's format is certain, not its owner: only a validated number (an account, a licence) is
  // a person's by its format alone
  if (!TIED.has(h.category) || (h.certain && !OWNER_UNKNOWN.has(h.category)) || h.detector === 'deny-list') return false;
  return !h.why.some((w) => PERSONAL_EVIDENCE.some((p) => p.test(w)));
}

/**
 * The hits of a document without those a published record does not tie to a private person (see the module comment).
 * `names` are the private persons' names kept in the same document. A part of a contact block next to a kept part of
 * it goes with it: an address's unit and town line, the phone under a kept address, the phone after a person's SSN.
 */
export function withoutUntied<H extends TieHit>(text: string, hits: H[], names: readonly TieHit[]): H[] {
  if (!hits.some((h) => needsPrivatePerson(h) || officeCandidate(h))) return hits;
  // a date of birth makes only its block a record about a private person (genre.ts birthBlocks): there a value keeps the
  // ordinary reading, and the rest of a public page (a jail's own mailing address and phone) is the office's
  const birthOnly = writtenForPublic(text) && !publishedRecord(text) && privateRecord(text);
  const forPublic = (h: TieHit) => writtenForPublic(text) && !(birthOnly && inBirthBlock(text, h.start, h.end));
  // a block headed by an office, a firm or counsel (publicBlockHead) is an office's contact: moved to
  // public.office-contact (kept by default, reviewed where a policy says so), as office-contact.ts moved it
  const office = new Map<H, string>();
  // what the text gives as an office's contact (officeGiven, then office-contact.ts's block rules) is the office's
  // whatever else stands beside it, a filled form's field or a personal label included (office-contact.ts judged
  // every contact so, before the tie): decided first, and no kept part next to it takes it back
  const given = new Set<H>();
  for (const h of hits) {
    if (!officeCandidate(h)) continue;
    const why = officeGiven(text, h) ?? officeContact(text, h)?.why;
    if (why === undefined) continue;
    office.set(h, why);
    given.add(h);
  }
  const untied = new Set(
    hits.filter((h) => {
      if (given.has(h)) return true;
      if (!needsPrivatePerson(h)) return false;
      const head = publicBlockHead(text, h, names);
      if (head !== undefined) office.set(h, head);
      return head !== undefined || ((forPublic(h) ? !tiedToPrivatePerson(text, h, names) : inRow(text, h) && !rowTied(text, h, names)) && !recordTied(text, h, names)) || organisationPartyBlock(text, h, names);
    }),
  );
  if (untied.size === 0) return hits;
  const byStart = hits.toSorted((a, b) => a.start - b.start);
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < byStart.length; i++) {
      const h = byStart[i];
      if (!untied.has(h) || given.has(h)) continue;
      const next = (j: number) => byStart[j] && ((TIED.has(byStart[j].category) && !untied.has(byStart[j])) || PERSON_PROVEN.has(byStart[j].category));
      const kin = (j: number) => next(j) && PART_GAP.test(j < i ? text.slice(byStart[j].end, h.start) : text.slice(h.end, byStart[j].start));
      if (kin(i - 1) || kin(i + 1)) {
        untied.delete(h);
        changed = true;
      }
    }
  }
  // the same home printed again ("6215 E GOLD DUST AVE" in the debtor's block, "Real Property located at 6215 E. Gold
  // Dust Avenue" in an entry): a redaction is a removal everywhere, so a person's address is theirs wherever it recurs
  const keptHomes = new Set(hits.filter((h) => h.category === 'personal.address' && !untied.has(h)).map((h) => homeKey(text.slice(h.start, h.end))));
  keptHomes.delete(undefined);
  for (const h of untied) if (h.category === 'personal.address' && keptHomes.has(homeKey(text.slice(h.start, h.end)))) untied.delete(h);
  return hits.flatMap((h) => {
    if (!untied.has(h)) return [h];
    const head = office.get(h);
    return head === undefined ? [] : [{ ...h, category: 'public.office-contact', certain: false, why: [...h.why, head] } as H];
  });
}

/**
 * What names one street address however it is spelt: its house number and the first word of the street's name after
 * a direction ("6215 E GOLD DUST AVE" and "6215 E. Gold Dust Avenue, Paradise Valley" → "6215 gold"), with its ZIP
 * code when printed. Undefined for an address without a house number (a town line, a box).
 */
function homeKey(value: string): string | undefined {
  const m = /^(\d{1,6})[ \t]+(?:(?:[NSEW]|NE|NW|SE|SW|North|South|East|West)\.?[ \t]+)?([\p{L}\d][\p{L}\d'’-]*)/iu.exec(value.trim());
  if (!m) return undefined;
  const zip = /\b(\d{5})(?:-\d{4})?\s*$/.exec(value)?.[1] ?? '';
  return `${m[1]} ${m[2].toLowerCase()} ${zip}`;
}

/**
 * What separates two parts of one contact block: a comma, a space or a line break, or a contact label ("2741 Cormorant
 * Lane\nAshford, WA 98501\n(360) 555-0142", "…, Fax: …", "Email: …").
 */
const PART_GAP = /^[\s,;]{0,3}(?:(?:tel|phone|telephone|fax|cell|mobile|e-?mail)\.?[ \t]*(?::[ \t]*)?)?$/i;

/** The writer speaking of their own: "my", "me" ("your" is an office's reader: "send your request to …"). */
const FIRST_PERSON = /(?<![\p{L}'’])(?:my|My|MY|me)(?![\p{L}'’])/u;

/** The evidence person-name.ts gives a name in a published record when only a private detail beside it vouches for it. */
const PRIVATE_DETAIL_BESIDE = 'a private detail beside it';

/** Lines of an address block above its first line: at most this many, up to a blank line. */
const BLOCK_LINES_ABOVE = 4;

/** Whether a private person stands in the finding's sentence, on its line or in its block above it (see the module comment). */
function tiedToPrivatePerson(text: string, h: { start: number; end: number }, allNames: readonly { start: number; end: number; why: readonly string[] }[]): boolean {
  const own = lineStart(text, h.start);
  // a message's header field ("From: …", "To: …", "Cc: …") says whose each mailbox is: a person named in the field, not
  // the header's other fields or the message above it ("From: Sullivan, Jacob J" over "To: 'hdr22@…'")
  if (MAIL_HEADER_FIELD.test(text.slice(own, h.start))) {
    const to = lineEnd(text, h.end);
    if (allNames.some((n) => n.start < to && own < n.end)) return true;
    // a sender's field that holds the address alone, with no display name ("From: amblack"): the sender is the one who
    // signs the message under the header, so a private person's name kept in its sign-off ties it
    const field = text.slice(own, to);
    if (!SENDER_FIELD_ALONE.test(field.replace(text.slice(h.start, h.end), ''))) return false;
    const [from, end] = signOff(text, to);
    return allNames.some((n) => n.start < end && from < n.end);
  }
  const lead = sentenceBefore(text, h.start);
  if (partyNamedBefore(lead) || FIRST_PERSON.test(lead)) return true;
  // its line (a table's row) and the lines of its block above it, up to a blank line or a page break
  let from = own;
  const above: string[] = [];
  for (let i = 0; i < BLOCK_LINES_ABOVE && from > 0 && text[from - 1] === '\n'; i++) {
    const prev = lineStart(text, from - 1);
    const line = text.slice(prev, from - 1);
    if (line.trim() === '') break;
    above.push(line);
    from = prev;
  }
  // the block of a party its record names by a private party's role ("Debtor" over "GUILLERMO R DE LA VARA" over the
  // street), or under a person's name line ("JOHN SMITH", "Jane Doe"); a company's block is judged by the address
  // rules before this
  if (above.some((line) => PARTY_LINE.test(line) || personLine(line))) return true;
  // "sent to Jane Hall, 12 Elm Street": a person's name right before it on its line
  if (personBefore(text.slice(own, h.start))) return true;
  // a name kept only because a detail stands beside it ("Kessler Lomax Harrington, 1200 Harbor View Drive", a firm of
  // surnames) cannot in turn make that detail personal, or the two would vouch for each other; one that starts with a
  // given name ("Susan & Eric Harvey, new Address: PO Box 771026") is a person's shape of its own
  const names = allNames.filter((n) => !n.why.includes(PRIVATE_DETAIL_BESIDE) || isGivenName(/^[\p{L}'’-]+/u.exec(text.slice(n.start, n.end))?.[0] ?? ''));
  if (names.length === 0) return false;
  if (sentenceNamesSomeone(text, h.start, h.end, names)) return true;
  const to = lineEnd(text, h.end);
  return names.some((n) => n.start < to && from < n.end);
}

/** A sender's header field once its address is taken out: the label, brackets or quotes around the address, nothing else. */
// "[ \t'"<>]*(?:;[ \t]*)?$" rather than "[ \t'"<>]*;?[ \t]*$": the same strings, no run of spaces split two ways
const SENDER_FIELD_ALONE = /^[ \t]*(?:From|Sender|Sent by)[ \t]*:[ \t'"<>]*(?:;[ \t]*)?$/;

/** A line that starts a quoted message or another header: the message above it ends there. */
const MESSAGE_BREAK = /^[ \t]*(?:-*[ \t]*(?:Original|Forwarded) Message|From[ \t]*:|On .{4,80} wrote:)/im;

/** Lines of a message's end that hold its sign-off ("Thanks, Allida", a name, a device's footer). */
const SIGN_OFF_LINES = 4;

/**
 * The span of the sign-off of the message whose header ends at `headerEnd`: its last `SIGN_OFF_LINES` lines with text,
 * before the next quoted message or header, or the text's end.
 */
function signOff(text: string, headerEnd: number): [number, number] {
  const rest = text.slice(headerEnd);
  const stop = rest.slice(1).search(MESSAGE_BREAK);
  const end = stop === -1 ? text.length : headerEnd + 1 + stop;
  let from = end;
  for (let n = 0; n < SIGN_OFF_LINES && from > headerEnd; ) {
    const prev = text.lastIndexOf('\n', from - 2);
    const start = Math.max(prev + 1, headerEnd);
    if (text.slice(start, from).trim() !== '') n++;
    from = start;
  }
  return [from, end];
}

/** The start of a message's header field, up to the value: "From: ", "To: Jane Roe; ", "Cc: ". */
const MAIL_HEADER_FIELD = /^[ \t]*(?:From|To|Cc|CC|Bcc|BCC|Reply-To|Sender|Sent by)[ \t]*:/;

/** A table's row: its line holds cell separators (" | ", a tab) on both sides of the value or twice on one side. */
function inRow(text: string, h: { start: number; end: number }): boolean {
  const before = text.slice(lineStart(text, h.start), h.start);
  const after = text.slice(h.end, lineEnd(text, h.end));
  const cells = (t: string) => (t.match(CELL_SEPARATOR) ?? []).length;
  return (cells(before) > 0 && cells(after) > 0) || cells(before) > 1 || cells(after) > 1;
}

const CELL_SEPARATOR = /[ \t]\|[ \t]|\t/g;

/**
 * Whether a table's row ties its value to a private person: a private person's name kept on the row, a cell that is a
 * person's name (a given name first, or "Last, First" with a given name), or a party's role before a name. A row of a
 * list of places, businesses or incidents (a polling place, a restaurant's inspection, a police log's location)
 * names none, and its address is that place's.
 */
function rowTied(text: string, h: { start: number; end: number }, names: readonly TieHit[]): boolean {
  const from = lineStart(text, h.start);
  const to = lineEnd(text, h.end);
  if (names.some((n) => n.start < to && from < n.end)) return true;
  const row = text.slice(from, to);
  if (partyNamedBefore(row) || FIRST_PERSON.test(row)) return true;
  return row.split(/[ \t]*\|[ \t]*|\t/).some((cell) => personCell(cell.trim()));
}

/**
 * The column of a record's owner or taxpayer: "OwnerName", "Taxpayer Name", "Owner", "Owner 2", "owner_one", "Current Owner". A
 * previous owner's column names someone the row's address no longer belongs to.
 */
const OWNER_HEAD = /^(?:(?:current|primary|property|record)[ _]?)?(?:owner|taxpayer|tax[ _]payer)s?(?:[ _]?(?:name|names|full[ _]?name))?(?:[ _]?(?:\d|one|two|three))?$/i;
/** What a roll prints around an owner's name: "&" before a co-owner's row, "ETAL", a trustee's or a generation's word. */
const OWNER_EXTRA = /(?<![\p{L}])(?:&|ETAL|ET AL|et al|TRUSTEES?|Trustees?|JR|Jr|SR|Sr|II|III|IV)(?![\p{L}])\.?/gu;

/**
 * Whether a text table's record (text-table.ts: its cells under their headers, however its row wraps) ties the value
 * to a private person: a private person's name kept in the record, or its owner's or taxpayer's cell holding a
 * person's name. An assessor's roll prints the owner surname first and in capitals ("HALLIDAY Q STANFORD IV", "OWENS
 * JERRY M &"), which no given-name-first reading knows: under an owner's header a cell of two to five words, no
 * company's or organisation's, with a given name after its first word (or first, "JANE DOE") is the owner, a private
 * person, and the row's mailing address and property are theirs. A company owner ("MLP HOMES LLC", "HAYNE BAPTIST
 * CHURCH") and a row with no owner column (a 311 export's service locations, whose council member is no party) tie
 * nothing. General: any roll, register or export that names its rows' owners by a column.
 */
function recordTied(text: string, h: { start: number; end: number }, names: readonly TieHit[]): boolean {
  const record = textRecordAt(text, h.start);
  if (!record || h.end > record.end) return false;
  // a company among the owners ("12-14 East Market St Co LLC" over "Gary DiMauro Real Estate") makes the row the
  // company's: a person in another owner cell is its agent, manager or addressee, and the mailing address is the company's
  const owners = record.cells.filter((c) => OWNER_HEAD.test(c.head) && c.end > c.start);
  if (owners.some((c) => COMPANY.test(text.slice(c.start, c.end)))) return false;
  if (names.some((n) => n.start < record.end && record.start < n.end)) return true;
  // a business's column ("Business address" beside an "Owner" column of a tax-warrant list) is the business's
  // premises, whoever owns the business
  const own = record.cells.find((c) => c.start <= h.start && h.start < c.end);
  if (own && BUSINESS_HEAD.test(own.head)) return false;
  return owners.some((c) => ownerPerson(text.slice(c.start, c.end)));
}

/** A column of a business's, a firm's or a facility's own details: "Business address", "BusinessPhone", "Store Location". */
const BUSINESS_HEAD = /(?:^|[^\p{L}]|(?<=\p{Ll})(?=\p{Lu}))(?:business|company|firm|store|shop|facility|office|premises|dba|establishment)/iu;

/** An owner's cell that names a person, surname first or last (see recordTied). */
function ownerPerson(cell: string): boolean {
  if (cell.length > 60 || /\d/.test(cell) || organisationShape(cell) || organisationShape(cell.replace(/\p{Lu}+/gu, (w) => w.charAt(0) + w.slice(1).toLowerCase()))) return false;
  const words = cell.replace(OWNER_EXTRA, ' ').split(/[\s,]+/).filter((w) => w !== '');
  if (words.length < 2 || words.length > 5 || !words.every((w) => /^\p{Lu}[\p{L}'’.-]*$/u.test(w))) return false;
  return words.some((w) => w.length > 1 && isGivenName(w.replace(/[^\p{L}'’-]/gu, '')));
}

/** A cell that is a person's name: "Mark", "Jane Doe", "DOE, JANE Q." (a given name first, or after the comma). */
function personCell(cell: string): boolean {
  if (cell.length < 2 || cell.length > 40 || /\d/.test(cell) || COMPANY.test(cell)) return false;
  const words = cell.split(/[\s,]+/).filter((w) => w !== '');
  if (words.length > 4) return false;
  const first = cell.includes(',') ? cell.split(',')[1].trim().split(/\s+/)[0] ?? '' : words[0];
  return /^\p{Lu}/u.test(first) && isGivenName(first.replace(/[^\p{L}'’-]/gu, '')) && words.every((w) => /^\p{Lu}/u.test(w));
}

function lineStart(text: string, at: number): number {
  return Math.max(text.lastIndexOf('\n', at - 1), text.lastIndexOf('\f', at - 1)) + 1;
}

function lineEnd(text: string, at: number): number {
  const stop = text.slice(at).search(/[\n\f]/);
  return stop === -1 ? text.length : at + stop;
}

const PARTY_ROLES = caseless('creditors?|debtors?|claimants?|applicants?|residents?|homeowners?|owners?|tenants?|requesters?|beneficiar(?:y|ies)|decedents?|patients?|victims?|witness(?:es)?|complainants?');

/** A line that is only a private party's role, as a docket's party block heads it: "Debtor", "Creditor:". */
const PARTY_LINE = new RegExp(`^[ \\t]*(?:${PARTY_ROLES})[ \\t]*(?::[ \\t]*)?$`, 'u');

/** A name's words after its first: initials, capitalised words, the particles of surnames ("R DE LA VARA"). */
const NAME_REST = "(?:[ \\t]+(?:\\p{Lu}\\.?|\\p{Lu}[\\p{L}'’-]+|de|De|DE|la|La|LA|van|Van|von|Von|del|Del|DEL|da|Da|DA))";

/** A line that is a person's name: a given name, then one to four more name words ("JOHN SMITH", "Christina M Davis"). */
const NAME_LINE = new RegExp(`^[ \\t]*(\\p{Lu}[\\p{L}'’-]+)${NAME_REST}{1,4}[ \\t,]*$`, 'u');

function personLine(line: string): boolean {
  const m = NAME_LINE.exec(line);
  return !!m && isGivenName(m[1]) && !COMPANY.test(line);
}

/** A person's name right before a value on its line, then a comma: "… sent to Jane Hall, ". */
const NAME_BEFORE = new RegExp(`(?<![\\p{L}'’-])(\\p{Lu}[\\p{L}'’-]+)${NAME_REST}{1,3},[ \\t]*$`, 'u');

function personBefore(head: string): boolean {
  const m = NAME_BEFORE.exec(head);
  return !!m && isGivenName(m[1]) && !COMPANY.test(m[0]);
}

/** Words only the name of a company, an organisation or a place holds ("CRYSTAL SPRING UPLANDS SCHOOL" starts with a given name). */
const COMPANY =
  /(?<![\p{L}])(?:Inc|LLC|Ltd|Corp|Corporation|Company|Co|LLP|PLLC|Bank|Services|Group|Partners|Associates|Foundation|Association|University|College|School|Academy|Department|Office|Center|Centre|Hospital|Clinic|Church|Library|Market|Store|Shop|Restaurant|Cafe|Café|Hotel|Motel|Club|Park|Hall|Bakery|Kitchen|Grill|Deli|Pizza|Salon|Pharmacy|Farm|Fund|Trust|Church)(?![\p{L}])/iu;

/**
 * A record's roles for a private party, then a name: "Creditor John D. Olson", "claimant Mary Roe". A creditor or an
 * owner may be a company ("creditor Citimortgage Inc."), so the name must start with a given name.
 */
const PARTY_THEN_NAME = new RegExp(`\\b(?:${PARTY_ROLES})(?:[ \\t]*:)?[ \\t]+(\\p{Lu}[\\p{Ll}'’-]+)(?:[ \\t]+\\p{Lu}\\.?)*[ \\t]+\\p{Lu}[\\p{L}'’-]+`, 'gu');

function partyNamedBefore(lead: string): boolean {
  for (const m of lead.matchAll(PARTY_THEN_NAME)) if (isGivenName(m[1])) return true;
  return false;
}

/** A party's row in a record's party listing: its role, then its name in the next cell ("Plaintiff | CastleRock at San Marcos"). */
// "[ \t]*([^\s|][^|\t\n]*)": the name starts at its first letter, so no two runs share the spaces (regex-safety.test.ts)
const PARTY_ROW = new RegExp(`^[ \\t]*${PARTY_ROLE}[ \\t]*[|:][ \\t]*([^\\s|][^|\\t\\n]*)`);
/**
 * An organisation's name, as no person's is: a company's word ("Inc", "Bank", "Group"), or a small word between its
 * capitalised words ("Riverbend at San Marcos", "Friends of the Park", "Smith and Sons").
 */
const SMALL_WORD_BETWEEN = /\p{Lu}[\p{L}'’-]*[ \t]+(?:at|of|the|and|for|on|by|AT|OF|THE|AND|FOR|ON|BY)[ \t]+\p{Lu}/u;
function organisationShape(name: string): boolean {
  return COMPANY.test(name) || SMALL_WORD_BETWEEN.test(name);
}

/**
 * An address in the block of a party that is no private person: a record's party listing prints each party's address
 * under the party's row ("Plaintiff | CastleRock at San Marcos" over "1610 N. IH 35" and "San Marcos, TX
 * 78666"), so the block's party owns it. When the name rules kept no private person's name on that line, and the name
 * has no person's shape (a given name first, or "Last, First" with one) but an organisation's (a company's word, or
 * "at", "of", "and" between its words), the party is a company, a landlord or an office, and the address is its own
 * in any record, a record about private persons included (an eviction register also prints the tenant's date of
 * birth). General: every docket, register or notice that lists parties with their
 * addresses (plaintiff and defendant, creditor and debtor, applicant and owner) puts a business's office beside a
 * person's home, and only the party line says whose each is.
 */
function organisationPartyBlock(text: string, h: TieHit, names: readonly TieHit[]): boolean {
  if (h.category !== 'personal.address') return false;
  const own = lineStart(text, h.start);
  if (text.slice(own, h.start).trim() !== '') return false;
  let from = own;
  for (let i = 0; i < BLOCK_LINES_ABOVE && from > 0 && text[from - 1] === '\n'; i++) {
    const prev = lineStart(text, from - 1);
    const line = text.slice(prev, from - 1);
    if (line.trim() === '') return false;
    const row = PARTY_ROW.exec(line);
    if (row) {
      const named = row[1].trim();
      const keptName = names.some((n) => n.start < from - 1 && prev < n.end);
      return !keptName && !personCell(named) && !personLine(named) && organisationShape(named);
    }
    from = prev;
  }
  return false;
}

/** Lines a contact block's head may stand above its value: a name, a firm, then the address's lines, phones and mailbox. */
const HEAD_LINES_ABOVE = 8;
/** "represented by Allen Durham Arnold": the counsel a docket's party line names, to the line's end. */
const REPRESENTED_BY_NAME = /\brepresented[ \t]+by[ \t]+(?=\p{Lu})/u;
/** A contact block's own lines under its head: a number (street, box, phone), a town line, a label, a counsel's notice. */
const BLOCK_PART_LINE = /\d|,[ \t]*[A-Z]{2}\.?[ \t]*$|^[ \t]*(?:E-?mail|Fax|Tel|Telephone|Phone|Cell)\b|@|\bATTORNEY\b|\bNOTICED\b|^[ \t]*\[[^\]\n]*\][ \t]*$/i;
/** Capitalised words alone before the value on its line, with no person's name among them: a building's name. */
const BUILDING_PART = /^[ \t]*(?:\p{Lu}[\p{L}'’.-]*[ \t]+)*(?:Plaza|Center|Centre|Tower|Building|Place|Square|Park)[ \t]*$/u;
/** A contact label alone before the value on its line: "Email: ", "Fax : ", "Tel. ". */
// (a list's bullet may open it: "- Phone:(712) 279-6341" in a directory's entry)
const CONTACT_LABEL_ONLY = /^[ \t]*(?:[-•*·][ \t]*)?(?:E-?mail|Fax|Tel|Telephone|Phone|Cell|Mobile|Direct|Firm|Office|Main)\.?[ \t]*(?::[ \t]*)?$/i;
/** A staff directory entry's job title line: "- Title:AICP, CFM - Senior Planner", "Position: Clerk". */
const STAFF_TITLE_LINE = /^[ \t]*(?:[-•*·][ \t]*)?(?:Title|Job[ \t]+Title|Position)[ \t]*:/i;
/** The same entry's unit line above it: "- Departments:Planning and Zoning", "Division: Permits". */
const STAFF_UNIT_LINE = /^[ \t]*(?:[-•*·][ \t]*)?(?:Departments?|Divisions?|Office|Agency)[ \t]*:/i;
/**
 * A room, a floor, a building or a mail stop in an address: an office's, a court's or a venue's ("Cochise College, 901
 * N. Colombo, Rm 305A"); a home has an apartment, a unit or a lot, not a room. (Moved from office-contact.ts.)
 */
// (not "MS": in an address it is as often Mississippi before its ZIP code, "Jackson, MS 39201")
const OFFICE_UNIT = /\b(?:Room|Rm\.?|Floor|Building|Bldg\.?|Mail[ \t]?[Ss]top)[ \t]*(?:[#:][ \t]*)?[A-Z]?\d/i;
/** Words that make a contact detail someone's own, beside it or in its block (as office-contact.ts reads them). */
const OWN_WORDS = /\b(?:lives?|living|resides?|residing|residence|home|domicile|apartment|apt\.?|personal|private|cell|mobile|his|her|my|claimant|patient's|plaintiff's)\b/i;
/** A firm's or an office's name heading a block: a legal form, an ampersand between names, a law office, an office of. */
// "&" between surnames ("Arendall & Arnold"), not after a given name ("Susan & Eric Harvey" is a couple)
const FIRM_OR_OFFICE = /(?<![\p{L}'’-])(\p{Lu}[\p{L}'’-]+),?[ \t]+(?:&|and|AND)[ \t]+\p{Lu}|\b(?:LLC|L\.L\.C|LLP|L\.L\.P|PLLC|P\.?C|P\.?A|Law|Offices?|OFFICES?|LAW|Attorneys?|ATTORNEYS?|Trustee|TRUSTEE|Esq|Esquire)\b/u;

/** A court's case handler or clerk, named in a docket's header: the number beside them is the court's line. (Moved from office-contact.ts.) */
const COURT_STAFF = /\b(?:Case[ \t]+(?:Handler|Manager|Administrator)|(?:Deputy|Courtroom)[ \t]+Clerk|Courtroom[ \t]+Deputy|Clerk[ \t]+of[ \t]+(?:the[ \t]+)?Court)\b/;
/** "For information on … at the FAA, call", "contact the Office at". (Moved from office-contact.ts.) */
const CALL_THE_OFFICE = /\b(?:at|from|of|contact|call|to)\s+the\s+(?:\p{Lu}[\p{L}&-]*\s+){0,4}(?:\p{Lu}{2,6}\b|[A-Z][a-z]+\s+(?:Office|Department|Agency|Branch|Center|Division))/u;
/** The reader told to get in touch: "contact", "calling", "reach the". */
const TOLD_TO_CALL = /\b(?:contact|contacting|call|calling|reach|reaching)[ \t\n:]+(?:the[ \t\n]+)?/gi;

/**
 * A line of an address template that stands for its addressee: a field's name where a person's name would be
 * ("Inmate name", "Resident number", "Your name") or an instruction ("(Insert Housing Location from above here)").
 * A jail's, a hospital's or a base's mailing instructions print the institution's own box and town under such lines:
 * the address is the institution's, whoever the reader writes to there. `(?![ \t])`: the instruction's text starts
 * after the whole run of spaces (linear time). (Moved from office-contact.ts.)
 */
const PLACEHOLDER_LINE = /^[ \t]*(?:\(?(?:insert|enter|write)[ \t]+(?![ \t])[^\n]{0,60}\)?|(?:\p{L}+['’]?s?[ \t]+){1,2}(?:full[ \t]+)?(?:name|number|no\.|id))[ \t]*$/imu;

/**
 * A contact detail a text gives as an office's by what precedes it in its contact block (office-contact.ts's block:
 * back to a blank line, a sentence's end or a list's bullet, and up to an addressee's name line; in a text table's
 * record the value's own cell):
 * - a telephone number beside a court's case handler or clerk named in a docket's header ("Case Handler: Ortiz, Dana
 *   L." over "Fee Paid (312) 555-0199"), or one the reader is told to call an organisation on ("contacting the Office
 *   of Community Outreach at 312-555-0177", "at the FAA, call"); a person named after "contact" ("contact Lorraine
 *   Whitcombe at …") is no organisation;
 * - an address under an address template's placeholder lines ("Inmate name", "(Insert … here)").
 * A word that makes the value someone's own (OWN_WORDS in its block) keeps it. General: notices, dockets, letters and
 * mailing instructions print an office's line and box where they tell the reader whom to call or how to write, in
 * any text. (Moved from office-contact.ts.)
 */
function officeGiven(text: string, h: TieHit): string | undefined {
  // in a text table's record the value's own cell is its block (office-contact.ts reads it so too)
  const cell = textRecordAt(text, h.start)?.cells.find((c) => c.start <= h.start && h.start < c.end);
  const before = cell ? text.slice(cell.start, h.start) : blockBefore(text, h.start);
  if (OWN_WORDS.test(`${before}${text.slice(h.start, h.end)}${text.slice(h.end, h.end + 80).split('\n')[0]}`)) return undefined;
  if (h.category === 'personal.address') {
    const placeholder = PLACEHOLDER_LINE.exec(before);
    return placeholder ? `an address template's placeholder for its addressee ("${placeholder[0].trim()}")` : undefined;
  }
  if (h.category !== 'personal.phone') return undefined;
  const staff = COURT_STAFF.exec(text.slice(Math.max(0, text.lastIndexOf('\n', text.lastIndexOf('\n', h.start - 1) - 1)), h.start));
  if (staff) return `a court's staff line ("${staff[0]}")`;
  const call = CALL_THE_OFFICE.exec(before);
  if (call) return `an office's number given to the reader ("${call[0].trim()}")`;
  const told = [...before.matchAll(TOLD_TO_CALL)].at(-1);
  const named = told && namesOrganisation(before.slice(told.index));
  return named ? `an office's number given to the reader ("${named}")` : undefined;
}

/** Whether a unit line of a staff entry (STAFF_UNIT_LINE) stands above `from` in its block (up to a blank line). */
function staffUnitAbove(text: string, from: number): boolean {
  let to = from - 1;
  for (let i = 0; i < HEAD_LINES_ABOVE && to > 0; i++) {
    const start = lineStart(text, to);
    const line = text.slice(start, to);
    if (line.trim() === '') return false;
    if (STAFF_UNIT_LINE.test(line)) return true;
    to = start - 1;
  }
  return false;
}

function firmOrOffice(line: string): boolean {
  const m = FIRM_OR_OFFICE.exec(line);
  return !!m && !(m[1] !== undefined && isGivenName(m[1]));
}

/**
 * Whether the head of the value's contact block names a public owner, and who: the name nearest above the value in its
 * block (up to a blank line or a party's heading) says whose the block is, as an address block's addressee line does.
 * Counsel's and trustees' blocks in a docket's party listing ("Plaintiff Joyce Efurd represented by Allen Durham
 * Arnold" over "Fonteneau & Arnold, LLC" over "2151 Highland Avenue …") are headed by counsel's name or firm, which
 * the names rules read as a public role (public-roles.ts: "represented by", a trustee's heading, a firm's form) even
 * where person-name drops the name. The private party named earlier on the line or in the entry is not the owner: the
 * head nearest the value is. A private person's name kept on a head line makes the block theirs (undefined). General:
 * any record that prints contact blocks under their owners' names (dockets, service lists, letterheads, notices)
 * says whose each block is by its head line, not by the other names around it.
 */
function publicBlockHead(text: string, h: TieHit, names: readonly TieHit[]): string | undefined {
  if (h.category !== 'personal.address' && h.category !== 'personal.phone' && h.category !== 'personal.email') return undefined;
  const own = OWN_WORDS.test(`${text.slice(lineStart(text, h.start), h.start)}${text.slice(h.start, h.end)}${text.slice(h.end, h.end + 80).split(/[\n\f]/)[0]}`);
  if (h.category === 'personal.address' && !own && OFFICE_UNIT.test(text.slice(h.start, h.end))) return "an office's room, floor or building in the address";
  let to = h.start;
  let from = lineStart(text, h.start);
  for (let i = 0; i <= HEAD_LINES_ABOVE; i++) {
    const line = text.slice(from, to);
    if (i > 0 && (line.trim() === '' || PARTY_HEADING.test(line))) return undefined;
    const rep = REPRESENTED_BY_NAME.exec(line);
    if (rep) {
      const start = from + rep.index + rep[0].length;
      const end = from + line.trimEnd().length;
      if (names.some((n) => n.start < end && start < n.end)) return undefined;
      const role = publicRole(text, { category: 'personal.name', start, end });
      return role ? `counsel named at the block's head ("${role.why}")` : undefined;
    }
    // a value inside a line of prose or a table's row ("…, new Address: 1500 Carmel Ave.") belongs to that line: only
    // a block whose lines hold nothing but its parts (a label, a building's name: "One Columbus Plaza 3636 N. Central
    // Ave.") has a head above it
    if (i === 0 && line.trim() !== '' && !CONTACT_LABEL_ONLY.test(line) && !BUILDING_PART.test(`${line}${text.slice(h.start, h.end).split(/[\n\f]/)[0].replace(/[ \t]*\d.*$/, '')}`)) return undefined;
    if (line.trim() !== '' && !BLOCK_PART_LINE.test(line)) {
      if (names.some((n) => n.start < to && from < n.end)) return undefined;
      if (firmOrOffice(line)) return `a firm or an office heads the block ("${line.trim()}")`;
      // "- Departments:Planning and Zoning" over "- Title:Senior Planner" over "- Phone:…": a staff directory's entry,
      // whose number and mailbox are the office's as the guide keeps staff contact blocks (moved from office-contact.ts)
      if (!own && STAFF_TITLE_LINE.test(line) && staffUnitAbove(text, from)) return `a staff directory's entry heads the block ("${line.trim()}")`;
      const start = from + (line.length - line.trimStart().length);
      const role = publicRole(text, { category: 'personal.name', start, end: from + line.trimEnd().length });
      if (role) return `a public role heads the block (${role.why})`;
      // a person's name line that no public role explains is the block's addressee ("Wells Fargo Bank" over "Jane Doe")
      if (personLine(line) || personCell(line.trim())) return undefined;
    }
    if (from === 0 || text[from - 1] !== '\n') return undefined;
    to = from - 1;
    from = lineStart(text, to);
  }
  return undefined;
}

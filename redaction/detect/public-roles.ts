/**
 * @module
 * Public roles and document furniture are not personal data. A finding that is
 * a judge, official or counsel acting in that role, a public office's contact,
 * or part of the court record (an ECF header stamp, a docket number, a case
 * citation) moves to a `public.*` category; the policy says what happens to
 * those (the default keeps them, an office may send them to review instead).
 *
 * ```ts
 * const role = publicRole(input.text, { category: 'personal.name', start, end });
 * // → { category: 'public.role', why: 'signs as "United States District Judge"' }
 * ```
 */
import type { CategoryKey } from '../policy/categories.ts';
import { lexiconTags } from './nlp.ts';
import { words } from './detector.ts';
import { BEFORE_CUES, TITLES } from './name-words.ts';
import { isEnglishWord } from './english-words.ts';
import { isGivenName } from './given-names.ts';
import { GOVERNMENT_DOMAIN, GOVERNMENT_MAILBOX, ROUTING } from './office-contact.ts';
import { COUNSEL_NOTICE, PARTY_HEADING, counselColumn } from './docket-parties.ts';
import { memo } from './document-context.ts';

/** Roles a person has in a record about them, not in an office: "claimant", "patient", "witness". */
const PERSONAL_ROLES = new Set(BEFORE_CUES.filter((c) => !c.includes(' ')));

export interface PublicRole {
  category: CategoryKey;
  why: string;
}

/** Offices whose holders act publicly; not police officers, agents or investigators, whom (b)(7)(C) protects. */
const OFFICE =
  '(?:(?:Chief|Circuit|District|Senior|Presiding|Associate|Bankruptcy|Magistrate|Appellate|Supreme Court|Superior Court|Administrative Law|U\\.\\s?S\\.|United States)\\s+)*(?:Judges?|Justices?|JJ?\\.|P\\.\\s?J\\.|C\\.\\s?J\\.|(?:U\\.\\s?S\\.\\s?)?[DM]\\.\\s?J\\.|Clerk(?:\\s+of(?:\\s+the)?\\s+Court)?|Governor|Lieutenant Governor|Senator|Secretary(?:\\s+of\\s+[A-Z]\\w+)?|Attorney General|Solicitor General|Deputy Solicitor General|Commissioner|Administrator|Director|Chair(?:man|woman)?|Mayor|Ambassador|Surgeon General|(?:(?:Assistant|Deputy|Principal|Acting)\\s+)*Inspector General|(?:Assistant\\s+)?Special Agent in Charge|Esq\\.|Esquire|(?:(?:Senior|Chief|Assistant|Deputy|Trial|Associate|General)\\s+)?(?:Attorney|Counsel)(?!\\s+for\\s+(?:him|her|them)sel)|Lieutenant General|Major General|Brigadier General|General)';
/** The same offices as a heading writes them: "UNITED STATES DISTRICT JUDGE", "MARTINOTTI, DISTRICT JUDGE". */
// Each word is taken whole (the lookahead): a run of capitals that could be cut anywhere made the lazy loop try
// every way of cutting a long heading line with a comma and no office, exponential in its length (2 pages: 158 CPU s).
const OFFICE_CAPS = new RegExp(`^\\.?(?:(?:,|\\s|\\p{Lu}[\\p{Lu}.'’-]*(?![\\p{Lu}.'’-]))*?),\\s*(?:THE\\s+)?${OFFICE}(?![\\p{L}])`, 'iu');
const OFFICE_LINE_CAPS = new RegExp(`^[ \\t]*${OFFICE}(?![\\p{L}])`, 'iu');
/** Any office word, for a cheap test before OFFICE_AFTER. */
const OFFICE_WORD = new RegExp(`,\\s*(?:the\\s+)?${OFFICE}(?![\\p{L}])`, 'u');
/** "Angela T. Quigless, P.J.", "Selya and Barron, Circuit Judges", "CHRISTOPHER M. WOLPERT, Clerk". */
// Each word is taken whole, as in OFFICE_CAPS: a word of capitals that could be cut anywhere ("JOHNSON" as "JO" +
// "HNSON") made the lazy loop try every cut of it on a line with ", Judge" it could not reach, exponential in the
// word's length (regex-safety.test.ts found it). Only a whole word can stand before the comma, so the matches are the same.
const OFFICE_AFTER = new RegExp(`^\\.?(?:(?:,|\\s|and|\\p{Lu}[\\p{L}.'’-]*(?![\\p{L}.'’-]))*?),\\s*(?:the\\s+)?${OFFICE}(?![\\p{L}])`, 'u');
/** "Janet T. Mills, in her official capacity as Governor": a party sued as the holder of an office. */
// "(?:,\s*)?" rather than ",?\s*": the spaces before it are taken already; the same strings, no run split two ways
const OFFICIAL_CAPACITY = /^[.,]?\s*(?:\p{Lu}[\p{L}'’-]*\s*)?(?:,\s*)?in\s+(?:his|her|their)\s+official\s+capacit(?:y|ies)\b/iu;
/**
 * "Ian Won, Manager, Seattle ACO Branch, FAA", "Doug Rudolph, Aerospace Engineer, FAA": a name, a job title, then an
 * office or an agency's acronym; someone named as the office's contact. Not when the title is a personal role
 * ("Jane Roe, Claimant, SSA").
 */
const STAFF_AFTER = /^(?:(?:[ \t]+|[ \t]*\n[ \t]*)\p{Lu}[\p{L}'’-]+)?,\s*((?:\p{Lu}[\p{L}&/-]*\s+){0,4}\p{Lu}[\p{L}&/-]*),\s*(?:[^,]{0,60}?\b(?:Branch|Office|Division|Directorate|Department|Agency|Administration|Bureau|Section|Command|Squadron|Service|Center)\b|[A-Z]{2,6}\b)/u;
/** "Nwaubani, 806 F.3d at 680", "Waddell, 16 Pet. 367": a party's name as a case's short citation, volume and reporter after it. */
const REPORTER_AFTER = /^(?:(?:,|\s*&)\s*\p{Lu}[\p{L}'’.-]*(?:[ \t]+\p{Lu}[\p{L}'’.-]*){0,3}){0,8},[ \t]*(?:\n[ \t]*)?\d{1,4}\s+(?:[A-Z][A-Za-z]{0,5}\.\s?)+(?:\d[a-z]{1,2})?\s*(?:\d|at\b)/u;
/**
 * "P. Mackun & S. Wilson, Population Distribution and Change: 2000 to 2010 (Mar. 2011)": the authors of a cited
 * work, then its title and its date in brackets. Authors of published works are named as such.
 */
const CITED_WORK_AFTER = /^(?:\s*(?:&|and)\s*(?:\p{Lu}\.[ \t]?)*\p{Lu}[\p{L}'’-]+)*,\s+(?:\p{Lu}[\p{L}\d'’:.-]*\s+)(?:(?:[\p{Lu}\d][\p{L}\d'’:.-]*|and|of|the|to|in|for|on|a|an|at|by|from|with)\s+){1,20}\((?:[A-Z][a-z]{2,8}\.?\s+)?(?:\d{1,2},\s+)?(?:1[6-9]|20)\d{2}\)/u;
/** The line after a signature: "United States District Judge", "Clerk of Court", "Lieutenant General, USAF". */
const OFFICE_LINE = new RegExp(`^[ \\t]*${OFFICE}(?![\\p{L}])`, 'u');
/** "Judge David F. Hensley", "Governor Mills", "Lt Gen Charles B. Green", "SEN HAWLEY", "Hon. Nancy Torresen". */
const OFFICE_BEFORE = /(?:\b(?:Judges?|Justices?|Hon\.?|Honorable|Governor|Gov\.|Senator|Sen\.?|SEN|Secretary|Lt\.?\s?Gen\.?|Maj\.?\s?Gen\.?|Brig\.?\s?Gen\.?|Gen\.|General|Admiral|Commissioner|Mayor|Vice Mayor|Ambassador|Council(?:[ \t]?[Mm]ember|man|woman|or|lor)|Alder(?:man|woman|person)|Assembly(?:man|woman|member)|Asm\.|Assemblymember|Legislator|Trustee|Treasurer|Comptroller|Controller|City Manager|County Executive|Sheriff|(?:Police|Fire) Chief|Chief of Police|Superintendent|Representative|Rep\.|Congress(?:man|woman)|Attorney General|Attorneys?|Counsel|Clerk|Director|(?:Deputy |Associate )*Administrator|ALJ|Special Agent in Charge|Paralegal|Inspector General)(?:[ \t]*\([A-Z]{2,6}\))?,?(?:[ \t]+|[ \t]*\n[ \t]*)|\b(?:JUDGE|JUSTICE|GOVERNOR|SENATOR|SECRETARY)[ \t]+)$/;
/**
 * An office's lawyers or investigators named after the case they handled: "OIG was represented in this matter by",
 * "the investigation and litigation of this matter by".
 */
const HANDLED_BY = String.raw`\b(?:represented[ \t]+in[ \t]+this[ \t]+(?:matter|case)|(?:prosecuted|litigated|handled)(?:[ \t]+in[ \t]+this[ \t]+(?:matter|case))?|(?:investigation|litigation|prosecution)[ \t]+of[ \t]+this[ \t]+(?:matter|case|settlement))[ \t]+by[ \t]+`;
const HANDLED_BY_BEFORE = new RegExp(`${HANDLED_BY}$`, 'i');
/**
 * "For More Information Contact: Katherine Harris 202-570-1520", "… issues, please contact: Jane Roe, Program
 * Coordinator": an office's press or information contact.
 */
const INFORMATION_CONTACT_BEFORE = /\b(?:for\s+(?:more|further|additional)\s+information,?\s+(?:please\s+)?contact|(?:media|press|public\s+affairs)\s+contacts?|please\s+contact\s*:)\s*(?::\s*)?$/i;
/** Names listed before this one in the same list ("A, B, and " before "C"): the list's head says what role they all have. */
const LIST_ITEMS = String.raw`(?:(?:(?:Dr|Mr|Ms|Mrs)\.\s+)?(?:\p{Lu}[\p{L}'’.-]*\s+){0,3}\p{Lu}[\p{L}'’.-]*(?:,\s*(?:and\s+)?|\s+and\s+)){1,8}`;
/** An office, then a list of the names holding it: "Senior Counsel Christina K. Quill, David M. Okonkwo, and ". */
const OFFICE_BEFORE_LIST = new RegExp(`${OFFICE_BEFORE.source.replace(/\$$/, '')}${LIST_ITEMS}$`, 'u');
/** "represented in this matter by Geeta W. Quill and ". */
const HANDLED_BY_LIST = new RegExp(`${HANDLED_BY}${LIST_ITEMS}$`, 'iu');

/** Counsel named in an appearance: "X, with whom Y … were on brief, for appellant." */
const COUNSEL_AFTER = /\b(?:on (?:the )?brief|(?:for|on behalf of)\s+(?:the\s+)?(?:plaintiffs?|defendants?|appellants?|appellees?|petitioners?|respondents?|plaintiff-appellants?|defendant-appellees?|intervenors?|movants?|amici|amicus|the State|(?:the )?United States|the government|the employer|the employee|debtors?|creditors?|trustee))\b|\brepresenting\s+(?:the\s+)?(?:plaintiffs?|defendants?|appellants?|appellees?|petitioners?|respondents?|debtors?|creditors?)\b/i;
/** Organisations a lawyer appears for: "Fred P. Baggett for North Carolina Association of Chiefs of Police". */
const REPRESENTED = '(?:Association|Conference|Council|Society|Foundation|Institute|Union|League|Coalition|Cent(?:er|re)|Committee|Federation|Attorneys|Lawyers|Department|Office|Agency|Board|Commission|Company|Corporation|Inc\\.|LLC|Bank|University|College|Church|Government|Police|Project|Clinic|Fund)';
/** Counsel named, with a colleague perhaps, then "for" an organisation: the appearances of an opinion. */
const COUNSEL_FOR_ORGANISATION = new RegExp(`^(?:,\\s*(?:Jr|Sr|III|II|IV|Esq)\\.?)?(?:,?\\s+and\\s+(?:\\p{Lu}[\\p{L}.'’-]*\\s+){1,3}\\p{Lu}[\\p{L}'’-]*(?:,\\s*(?:Jr|Sr|III|II|IV|Esq)\\.?)?)?,?\\s+for\\s+(?:the\\s+)?(?:\\p{Lu}[\\p{L}'’.&-]*\\s+(?:(?:of|and|&|the)\\s+)*){0,7}?${REPRESENTED}(?![\\p{L}])`, 'u');
/**
 * CM/ECF marks a counsel block with these lines under the lawyer's name and office: district courts write "LEAD
 * ATTORNEY", appellate courts a bracketed notice code (COUNSEL_NOTICE).
 */
const COUNSEL_BLOCK = new RegExp(`\\b(?:LEAD ATTORNEY|ATTORNEY TO BE NOTICED|PRO HAC VICE)\\b|${COUNSEL_NOTICE.source}`);
/** A party who represents themselves: the lines under their name are their own, whatever block comes next. */
const PRO_SE_LINE = /\bpro[ \t]+se\b/i;
/** A docket entry closes with who entered or changed it: "(Frazier, Liz) (Entered: 10/19/2007)", "Modified on 10/29/2007 (Fouche, Cindy)". */
const ENTERED_AFTER = /^\)?[\s.]*\(Entered:/;
const ENTERED_BEFORE = /(?:\b(?:Modified|added|Entered)\s+on\s+\d{1,2}\/\d{1,2}\/\d{2,4}\s*\(|\(ECF:\s*|\b(?:Case Handler|Case Manager|Courtroom Deputy|Deputy Clerk)\s*:\s*(?:\p{Lu}[\p{L}'’-]+,\s*)?)$/u;
/**
 * A court record's label for an officer of the court, then the name: "Court Reporter: Teresa Grandchamp", "Trial
 * Judge:", "Assigned to:" and "Referred to:" (the judge a case goes to), "The case manager for this case is:".
 */
/**
 * "ATTY: YNCHAUSTI, JOHN C", "Plaintiff   Attorney: EISENBERG JASON G", "Counsel for Defendant: …": a calendar's or a
 * case summary's attorney field names counsel, who act for a client in their profession, not for themselves.
 */
const COUNSEL_LABEL = /\b(?:Attorneys?|Atty\.?|Counsel)(?:[ \t]+(?:for|of)[ \t]+(?:the[ \t]+)?\p{L}+)?[ \t]*:[ \t]*$/iu;
const COURT_OFFICER_LABEL = /\b(?:(?:Case|Docket)[ \t]+(?:Handler|Manager|Administrator|Clerk)|Courtroom[ \t]+Deputy|Deputy[ \t]+Clerk|Court[ \t]+Reporter|Transcriber|(?:Trial|Presiding|Assigned|Referral|Magistrate|Bankruptcy|District|Circuit|Originating|Lower[ \t]+Court)[ \t]+Judge|Mediator|Arbitrator|Hearing[ \t]+Officer|(?:Assigned|Referred)[ \t]+to)(?:[ \t]+for[ \t]+this[ \t]+case[ \t]+is)?[ \t]*:[ \t]*$/i;
/** The sides a lawyer files for in a docket entry. */
const SIDE = '(?:Appellees?|Appellants?|Petitioners?|Respondents?|Plaintiffs?|Defendants?|Debtors?|Creditors?|Movants?|Intervenors?|Amic(?:us|i)(?:[ \\t]+Curiae)?|Trustee|USA|United[ \\t]+States|the[ \\t]+\\p{Lu}|(?:Mr|Ms|Mrs|Dr)\\.)';
/** "filed by Mr. Anthony Lomonaco for Mr. Ricardo Alvarado": the one filing for a party is counsel. */
const FILED_BY_BEFORE = /\b(?:filed|submitted|tendered|lodged|signed)[ \t]+by[ \t]+(?:(?:Attorney|Atty\.?|Counsel|Mr\.?|Ms\.?|Mrs\.?|Dr\.?)[ \t]+)?$/i;
const FOR_SIDE_AFTER = new RegExp(`^(?:,?[ \\t]*(?:Esq\\.|Jr\\.|Sr\\.|III|II))?[ \\t]+(?:on[ \\t]+behalf[ \\t]+of|for)[ \\t]+${SIDE}`, 'u');
/** "APPEARANCE filed for Appellee USA by Alan S. Kirk": the one filing for a side, named after it. */
const FOR_SIDE_BY_BEFORE = new RegExp(`\\b(?:filed|submitted|entered)[ \\t]+(?:on[ \\t]+behalf[ \\t]+of|for)[ \\t]+${SIDE}[^.;\\n]{0,60}?[ \\t]by[ \\t]+(?:(?:Attorney|Atty\\.?|Counsel)[ \\t]+)?$`, 'u');
/** Counsel introduced by the side they appear for: "FOR RESPONDENT: Michael E. Ward, Esquire". */
const APPEARING_FOR = /\bFOR\s+(?:THE\s+)?(?:RESPONDENTS?|PETITIONERS?|APPELLANTS?|APPELLEES?|PLAINTIFFS?|DEFENDANTS?|APPLICANTS?|DEPARTMENT[^:\n]{0,60}|GOVERNMENT|STATE|PEOPLE|UNITED STATES)\s*:\s*$/i;
/** A role written alone on the line above a name in a docket's caption: "Trustee" over "EDWARD J. MANEY". */
const ROLE_LINE = /^[ \t]*(?:(?:U\.\s?S\.|United States|Standing|Chapter \d+|Case)[ \t]+)?(?:Trustee|Judge|Magistrate Judge|Clerk|Examiner|Mediator)[ \t]*$/i;
/** Mail routing to a person at an office: "ATTN: Dr. David Hooper" between lines that name the office. */
const ATTENTION_BEFORE = /\b(?:ATTN|Attn|Attention)\b[:.]?[ \t]*$/;
/** Words after a name that make it part of a public installation's name: "Wright Patterson AFB". */
const INSTALLATION_AFTER = /^[ \t]+(?:AFB|Air Force Base|Air Base|Army Airfield|Naval Air Station|Army Medical Center)\b/;
/** "Dr. Ra, Dr. Cezar, Dr. Chester Gipson and/or other USDA employees": a list of an agency's staff. */
/** What OTHER_STAFF_AFTER cannot match without, tested first: its nested runs of capitalised words backtrack at length on every name. */
const OTHER_STAFF_NEEDS = /\s(?:and\/or|and|or)\s+other\s/;
const OTHER_STAFF_AFTER = /^(?:\s*,?\s*(?:and\/or|and|or)?\s*(?:(?:Dr|Mr|Ms|Mrs)\.\s+)?\p{Lu}[\p{L}'’.-]*(?:[ \t]+\p{Lu}[\p{L}'’.-]*){0,3}){0,6}\s*,?\s+(?:and\/or|and|or)\s+other\s+(?:[A-Z]{2,}\s+|agency\s+|federal\s+|government\s+|state\s+)?(?:employees|officials|staff|personnel|officers)\b/u;
/** "Joey Astling of USDA/APHIS": a person named with the office path of an agency. */
const AGENCY_PATH_AFTER = /^\s+of\s+(?:the\s+)?[A-Z]{2,}(?:\/[A-Z]{2,})+\b/;
/** A sentence ends at a period after a lower-case letter or a closing bracket (initials such as "J." do not end one). */
const SENTENCE_END = /(?:\p{Ll}{2}|[)”"])[.!?](?:\s|$)|\n\s*\n/u;
/** Federal ECF stamp on every page of a filing: "Case: 20-1507 Document: 00117684624 Page: 1 Date Filed: 12/22/2020". */
// "[: ]+\S+" written as ":\S+" or "[: ]* \S+" (the same strings: the last space before the number, if any, ends the
// separator), so a run of ":" is not split every way between the separator and the number (quadratic per "Case")
const ECF_LINE = /\b(?:Appellate Case|USCA\d*\s+Case|Case)\b(?::\S+|[: ]* \S+).{0,40}\bDocument\b[: #]*\d+.{0,80}\b(?:Filed|Date Filed)\b/i;
/** Docket numbers: "1:13-cv-04384-PAE-HBP", "3:18-cv-16281(BRM)", "No. 21-800", "C 04-0098 SI". */
const DOCKET = /^(?:\d{1,2}:\d{2}-[a-z]{2,4}-\d{2,6}(?:-[A-Z]{2,4})*|\d{2}-[a-z]{2,4}-\d{2,6}(?:-[A-Z]{2,4})*)$/i;
/** A court's own labels: "No." opening a caption line, "Docket No.", "Civ. No."; not "Claim No." or "Case No.", which records of people use too. */
const DOCKET_LABEL = /(?:(?:^|[\n\f(])[ \t]*Nos?\.|\b(?:Docket|Civ(?:il)?\.?|Appeal|Cause)[ \t]+No\.?)[: \t]*$/i;

/**
 * A row of an election office's list: a table row with a party's name in a cell of its own ("| Democrat |"), as
 * candidates and elected committee people are listed with their party and office.
 */
const ELECTION_ROW = /\|[ \t]*(?:Democrat(?:ic)?|Republican|Libertarian|Green|Independent|Working Families|Conservative|Constitution)(?:[ \t]+Party)?[ \t]*(?:\||$)/;

/**
 * A minutes' list of the body's own people: "Staff Present: Bruce Abel, Shirley Bennett, …", "Members Present:",
 * "Directors:"; not "Others Present:" nor "Public:", whose people attend for themselves.
 */
const MEMBERS_LIST = /(?:^|[\n\f])[ \t]*(?:Staff|Directors?|Board|Council|Commissioners|Trustees|Officials|Officers|Councilmembers|(?:Board|Council|Committee|Commission)[ \t]+Members|Members)(?:[ \t]+(?:Present|Absent|in[ \t]+Attendance|Attending))?[ \t]*:([^:]*)$/;
/** Any such label, for a cheap test of a whole text first. */
const MEMBERS_LABEL = new RegExp(MEMBERS_LIST.source.replace(':([^:]*)$', ':'));
/** How far back a members' list may start. */
const MEMBERS_REACH = 3000;

/** Whether `start` is inside a list of names that a members' or staff label opens (see MEMBERS_LIST). */
const membersLabelled = memo<boolean>();

function inMembersList(text: string, start: number): boolean {
  // most documents have no such label: asked once per text
  if (!membersLabelled(text, () => MEMBERS_LABEL.test(text))) return false;
  const head = text.slice(Math.max(0, start - MEMBERS_REACH), start);
  let from = 0;
  for (const b of head.matchAll(/\n[ \t]*\n/g)) from = b.index + 1;
  const m = MEMBERS_LIST.exec(head.slice(from));
  return m !== null && /^[\s\p{L}.,'’&-]*$/u.test(m[1]);
}

/**
 * A vote or a motion in minutes: "Yeas: Benjamin, Friend, Joseph | Nays: Folkerts", "Motion: Wallach | Seconded: Winer",
 * "Consent agenda yeas: …", "Ayes: Representatives Anchia; Parker". Who moves, seconds, votes or abstains is a member
 * of the body acting in that office, whatever the label's place on its line (a cell of a row, after other words).
 */
const VOTE_LIST = /(?:^|[\n\f|;])[ \t]*(?:[\p{L}-]+[ \t]+){0,3}(?:yeas|nays|ayes|noes|nos|abstain(?:ed|ing|s)?|abstentions?|recused|absent|motion(?:[ \t]+by)?|moved(?:[ \t]+by)?|second(?:ed)?(?:[ \t]+by)?|roll[ \t]+call|voting[ \t]+(?:aye|yes|no|nay)|in[ \t]+favou?r|opposed)[ \t]*:([^:|\n\f]*)$/iu;
/**
 * A roll of the body: "Attendees: Brockett, Friend, Swetlick" or "Present: …" whose every item is one word, a
 * surname alone, as minutes list the members present; people attending for themselves are listed by full name.
 */
const ROLL_LIST = /(?:^|[\n\f|;])[ \t]*(?:[Aa]ttendees|[Aa]ttendance|(?:[Mm]embers[ \t]+)?[Pp]resent|[Rr]oll(?:[ \t]+[Cc]all)?)[ \t]*:((?:[ \t]*\p{Lu}[\p{L}'’-]*(?:[ \t]*[,;&]|[ \t]+and(?![\p{L}])|[ \t]*$))+)$/u;
/** Any such label, for a cheap test of a whole text first. */
const VOTE_LABEL = /(?:yeas|nays|ayes|noes|abstain|recused|absent|motion|moved|second|roll[ \t]+call|voting|in[ \t]+favou?r|opposed|attendees|attendance|present)[ \t]*:/i;
const voteLabelled = memo<boolean>();

/** Whether `start` is a name in a vote's or a roll's list of the body's members (see VOTE_LIST, ROLL_LIST). */
function inVoteList(text: string, start: number): boolean {
  if (!voteLabelled(text, () => VOTE_LABEL.test(text))) return false;
  const lineStart = Math.max(text.lastIndexOf('\n', start - 1), text.lastIndexOf('\f', start - 1)) + 1;
  const head = text.slice(lineStart, start);
  const vote = VOTE_LIST.exec(head);
  if (vote && /^[\s\p{L}.,'’&/-]*$/u.test(vote[1])) return true;
  const lineEnd = text.slice(start).search(/[\n\f|]|$/);
  return ROLL_LIST.test(text.slice(lineStart, start + lineEnd));
}

/**
 * A staff directory says so in its heading, or lists three people or more with government mailboxes, or with
 * mailboxes of one organisation's own domain (not a webmail provider's, where private persons write from).
 */
const DIRECTORY_HEADING = /\b(?:staff|employee|personnel|agency|department)[ \t]+(?:directory|list)\b|\bdirectory\b/i;
const DIRECTORY_MAILBOXES = 3;
const MAILBOX_DOMAIN = /@((?:[\w-]+\.)+[a-z]{2,})\b/i;
const WEBMAIL = /^(?:gmail|googlemail|yahoo|ymail|hotmail|outlook|live|msn|aol|icloud|me|mac|comcast|verizon|att|sbcglobal|protonmail|proton|gmx|mail|zoho|earthlink|cox|charter)\./i;
const directories = memo<boolean>();

/** Whether a text is an office's staff directory: its people are named in their office (see DIRECTORY_HEADING). */
function staffDirectory(text: string): boolean {
  return directories(text, () => looksLikeStaffDirectory(text));
}

function looksLikeStaffDirectory(text: string): boolean {
  let directory = DIRECTORY_HEADING.test(text.slice(0, 300));
  if (!directory) {
    let n = 0;
    const byDomain = new Map<string, number>();
    for (const line of text.split(/[\n\f]/)) {
      if (GOVERNMENT_MAILBOX.test(line) && ++n >= DIRECTORY_MAILBOXES) break;
      const domain = MAILBOX_DOMAIN.exec(line)?.[1].toLowerCase();
      if (domain && !WEBMAIL.test(domain)) byDomain.set(domain, (byDomain.get(domain) ?? 0) + 1);
    }
    directory = n >= DIRECTORY_MAILBOXES || [...byDomain.values()].some((k) => k >= DIRECTORY_MAILBOXES);
  }
  return directory;
}

/** Words that name an office or organisation; an address written with one is that office's. */
const ORGANISATION = /\b(?:Department|Dept\.|Agency|Administration|Office|Court(?:house)?|Commission|Bureau|Headquarters|HQ|Command|Directorate|Division|Branch|Services|Center|Centre|Annex|Cell|Squadron|Wing|Corps|Coast Guard|National Guard|Institute|University|Council|Committee|Board|AFB|Air Force Base|Fort|Federal Building|Courthouse|Chambers|Pentagon)\b/;
/** An address that is itself a public installation ("Scott AFB"); "Pelican Court" is a street. */
const BASE = /\b(?:AFB|Air Force Base|Federal Building|Courthouse|Pentagon)\b/;
/** A company's legal form. */
const COMPANY = /\b(?:Inc|LLC|Ltd|Corp|Co|GmbH|AG|plc)\b\.?/;
/** Words that make a telephone number someone's own. */
const PERSONAL_LINE = /\b(?:home|cell|mobile|personal|private|his|her|my)\b/i;
const RESIDENCE = /\b(?:lives?|living|resides?|residing|residence|home|domicile|apartment|apt\.?)\b/i;

/** "doug.rudolph@faa.gov", "p.venkataraman@…": a person's own mailbox, not an office's ("afmoa.sgat@…", "records@…"). */
function personalMailbox(email: string): boolean {
  const parts = email.split('@')[0].split(/[._-]/).filter((p) => p.length > 0);
  if (parts.length !== 2 && parts.length !== 3) return false;
  return /^[a-z]$/i.test(parts[0]) || parts.some((p) => lexiconTags(p).some((t) => t === 'FirstName' || t === 'MaleName' || t === 'FemaleName'));
}

/**
 * The text before `start` on its line, with the lines before it while they run on into it (ending in a comma,
 * a dash or "of"): the sentence an address sits in. An address block's lines ("Jane Doe" over "2741 Cormorant
 * Lane") do not run on, so a letterhead above them is not read as the addressee's office.
 */
function sentenceLinesBefore(text: string, start: number): string {
  let from = Math.max(text.lastIndexOf('\n', start - 1), text.lastIndexOf('\f', start - 1)) + 1;
  let out = text.slice(from, start);
  for (let i = 0; i < 3 && from > 0 && text[from - 1] === '\n'; i++) {
    const prevStart = text.lastIndexOf('\n', from - 2) + 1;
    const prev = text.slice(prevStart, from - 1);
    if (!/(?:[,\-–]|\b(?:of|and|the|at|to))[ \t]*$/.test(prev)) break;
    out = `${prev} ${out}`;
    from = prevStart;
  }
  return out;
}

function lineAround(text: string, start: number, end: number): string {
  const from = Math.max(text.lastIndexOf('\n', start - 1), text.lastIndexOf('\f', start - 1)) + 1;
  let to = text.slice(end).search(/[\n\f]/);
  to = to === -1 ? text.length : end + to;
  return text.slice(from, to);
}

/** From `start` to the end of its line: a label after a number ("555 0100 home") belongs to it, the next line does not. */
function restOfLine(text: string, start: number): string {
  const stop = text.slice(start).search(/[\n\f]/);
  return stop === -1 ? text.slice(start) : text.slice(start, start + stop);
}

function nextLine(text: string, end: number): string {
  const rest = text.slice(end);
  const nl = rest.search(/[\n\f]/);
  if (nl === -1) return '';
  const after = rest.slice(nl + 1);
  const stop = after.search(/[\n\f]/);
  return stop === -1 ? after : after.slice(0, stop);
}

/** The text of the sentence before `start`, back to the previous sentence end (at most 300 characters). */
export function sentenceBefore(text: string, start: number): string {
  const head = text.slice(Math.max(0, start - 300), start);
  const ends = [...head.matchAll(new RegExp(SENTENCE_END.source, 'gu'))];
  return ends.length ? head.slice(ends[ends.length - 1].index + ends[ends.length - 1][0].length) : head;
}

function sentenceAfter(text: string, end: number): string {
  const tail = text.slice(end, end + 300);
  const stop = tail.search(SENTENCE_END);
  return stop === -1 ? tail : tail.slice(0, stop + 3);
}

/** The label of a financial disclosure's filer, then the name: "Person Reporting (last name, first, middle initial) DOE, JANE Q.". */
const FILER = /\b(?:Person Reporting|Reporting Individual|Name of Filer|Filer['’]s Name|Filer['’]s Information)\b(?:[ \t]*\([^)\n]{0,60}\))?[ \t:]*\n?[ \t]*((?:\p{Lu}[\p{L}'’.-]*,?[ \t]*){1,4})/gu;

const filers = memo<ReadonlySet<string>>();

/**
 * The words of the filer's name when the document is a statutory financial disclosure report (a judge's or an
 * official's): the filer discloses as the holder of a public office, and the report is public by law.
 */
function disclosureFiler(text: string): ReadonlySet<string> {
  return filers(text, () => filerWords(text));
}

function filerWords(text: string): ReadonlySet<string> {
  const words = new Set<string>();
  if (/\bfinancial\s+disclosure\s+report\b/i.test(text)) {
    for (const m of text.matchAll(FILER)) for (const w of m[1].toLowerCase().match(/\p{L}[\p{L}'’-]+/gu) ?? []) words.add(w);
  }
  return words;
}

function previousLine(text: string, start: number): string {
  const from = Math.max(text.lastIndexOf('\n', start - 1), text.lastIndexOf('\f', start - 1));
  if (from <= 0) return '';
  const prev = Math.max(text.lastIndexOf('\n', from - 1), text.lastIndexOf('\f', from - 1)) + 1;
  return text.slice(prev, from);
}

/**
 * Court staff, counsel and trustees as dockets name them: who entered a docket entry, the ECF login that filed it,
 * a lawyer filing "of FIRM on behalf of" a party, a CM/ECF counsel block, a trustee under the caption's "Trustee";
 * and an office's person in mail routing ("ATTN: Dr. David Hooper" under "Medical Affairs Branch").
 */
function docketRole(text: string, start: number, end: number, before: string, after: string): PublicRole | undefined {
  // "(Frazier, Liz)" closing a docket entry: who entered it
  const bracketed = before.endsWith('(') && /^\)/.test(after) && /\(Entered:/.test(text);
  if (bracketed || (ENTERED_AFTER.test(after) && before.endsWith('(')) || ENTERED_BEFORE.test(before)) return { category: 'public.role', why: 'court staff or filer recorded on a docket entry' };
  if (COURT_OFFICER_LABEL.test(before)) return { category: 'public.role', why: 'named under a label for an officer of the court' };
  if (COUNSEL_LABEL.test(before)) return { category: 'public.role', why: 'counsel named under an attorney label' };
  if (counselColumn(text, start) === 'counsel') return { category: 'public.role', why: "counsel in a docket's party listing" };
  if ((FILED_BY_BEFORE.test(before) && FOR_SIDE_AFTER.test(after)) || FOR_SIDE_BY_BEFORE.test(text.slice(Math.max(0, start - 120), start))) return { category: 'public.role', why: 'counsel filing for a party' };
  if (/\bfiled\s+by\s+(?:Attorney\s+)?$/i.test(before) && /^\s+of\s+\p{Lu}[^]{0,100}?\s+on\s+behalf\s+of\b/u.test(after)) return { category: 'public.role', why: 'counsel filing for a party' };
  if (APPEARING_FOR.test(before) || (/\brepresented\s+by\s+$/.test(before) && counselColumn(text, start) !== 'pro se') || /^\s+of\s+counsel\b/i.test(after)) return { category: 'public.role', why: 'counsel appearing in the case' };
  // "(Michael Gaffey, J.)": the judge of the court below
  if (before.endsWith('(') && /,\s*(?:C\.\s?)?J\.$/.test(text.slice(start, end)) && after.startsWith(')')) return { category: 'public.role', why: 'a judge of the court below' };
  // "Wells Fargo Bank, N.A. C/O Mark S. Bosco": an organisation's agent
  if (/(?:\b(?:N\.A\.|Inc\.?|LLC|Bank|Company|Corporation|Trust|Servicing)|,)\s+(?:C\/O|c\/o|care of)\s+$/.test(before)) return { category: 'public.role', why: "an organisation's agent (care of)" };
  // a counsel block's marker within the lines under the name, before the next "represented by" (a party's line)
  const block = text.slice(end, end + 600).split(/\n[ \t]*\n/)[0].split('\n').slice(0, 10);
  const marker = block.findIndex((l) => COUNSEL_BLOCK.test(l));
  // a pro se line or a party's heading ("Defendant - Appellant") under the name makes it a party's, whatever comes next
  const party = block.findIndex((l) => PRO_SE_LINE.test(l) || PARTY_HEADING.test(l));
  if (marker !== -1 && (party === -1 || party > marker) && !block.slice(0, marker + 1).some((l) => /\brepresented\s+by\b/.test(l))) return { category: 'public.role', why: 'counsel block of a docket' };
  if (ROLE_LINE.test(previousLine(text, start)) && lineAround(text, start, end).trim().length <= end - start + 2) return { category: 'public.role', why: 'named under a court role in the caption' };
  if (ATTENTION_BEFORE.test(before) && (ORGANISATION.test(previousLine(text, start)) || ORGANISATION.test(nextLine(text, end)))) return { category: 'public.office-contact', why: "a person at an office named in its mail routing" };
  if (INSTALLATION_AFTER.test(after)) return { category: 'public.office-contact', why: "part of a public installation's name" };
  return undefined;
}

/** What may follow an office on its line: its unit, its place, its service ("of the Court", ", USAF"), no sentence. */
const OFFICE_LINE_REST = /^(?:[\s,;]|\b(?:of|the|and|for|at|in)\b|[\p{Lu}\d][\p{L}\d.'’&()/-]*(?![\p{L}\d.'’&()/-]))*$/u;

/** A line that is an office under a signature: "United States District Judge"; not "Chair Tisdale thanked the scouts". */
function isOfficeLine(line: string): boolean {
  const m = OFFICE_LINE.exec(line);
  if (m) return OFFICE_LINE_REST.test(line.slice(m[0].length));
  return !/\p{Ll}/u.test(line) && OFFICE_LINE_CAPS.test(line);
}

/** The letters of a name, for comparing "Brian R. Martinotti" with "BRIAN R. MARTINOTTI". */
function nameKey(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}]+/gu, '');
}

/**
 * A signature of a public office: the name alone on its line (or after "/s/"), then the office on the next line,
 * or the name printed again and the office under it ("/s/Brian R. Martinotti", "BRIAN R. MARTINOTTI",
 * "UNITED STATES DISTRICT JUDGE").
 */
function signsForOffice(text: string, start: number, end: number): boolean {
  const value = text.slice(start, end);
  const lineStart = Math.max(text.lastIndexOf('\n', start - 1), text.lastIndexOf('\f', start - 1)) + 1;
  const signed = /\/s\/[ \t]*$/.test(text.slice(lineStart, start)) && /^[ \t.,]*(?:[\n\f]|$)/.test(text.slice(end));
  if (!signed && lineAround(text, start, end).trim().length > value.length + 12) return false;
  const next = nextLine(text, end);
  if (isOfficeLine(next)) return true;
  if (nameKey(next) !== nameKey(value)) return false;
  const nextEnd = text.indexOf(next, end) + next.length;
  return isOfficeLine(nextLine(text, nextEnd));
}

let judgingElsewhere = false;
const rolesElsewhere = memo<Map<string, PublicRole | undefined>>();

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The public role of a name judged by its other occurrences in the document, each judged as a finding of its own.
 * `every`: all of them must be public roles (one private occurrence keeps the name private); otherwise one suffices.
 */
function judgedElsewhere(text: string, key: string, occurrences: RegExp, every: boolean, why: (found: string, role: PublicRole) => string, properNames = false): PublicRole | undefined {
  const roles = rolesElsewhere(text, () => new Map());
  if (roles.has(key)) return roles.get(key);
  let role: PublicRole | undefined;
  let seen = 0;
  judgingElsewhere = true;
  try {
    for (const found of text.matchAll(occurrences)) {
      const m = properNames ? nameProper(text, found) : found;
      // a surname left alone by nameProper is no full name: it is what is being judged
      if (properNames && !/\s/.test(m[0])) continue;
      const r = publicRole(text, { category: 'personal.name', start: m.index, end: m.index + m[0].length });
      if (every && !r) {
        role = undefined;
        break;
      }
      if (r) role ??= { category: r.category, why: why(m[0].replace(/\s+/g, ' '), r) };
      if ((r && !every) || ++seen >= 20) break;
    }
  } finally {
    judgingElsewhere = false;
  }
  roles.set(key, role);
  return role;
}

/** What ends a sentence before a word that opens the next: "Later" after "the meeting. " or a line's start. */
const SENTENCE_BEFORE = /(?:^|[.!?:;]["”’)]*\s+|[\n\f][ \t]*)$/;

/**
 * A run of capitalised words ending in a name, without the words before the name proper: a title ("Mayor Matt
 * Quennell": the match is "Matt Quennell", and "Mayor" before it is what says the role) and a sentence's opening
 * word that is an ordinary word and no given name ("Later Quennell left": "Later" opens the sentence). What is left is
 * judged as the name (a surname left alone is no full name). A run "Mayor Matt Quennell" judged whole
 * starts at "Mayor", so the office before the name is inside it and no rule sees it, and "Later Quennell" is a full
 * name no role explains: either made the surname read private where the document names it publicly.
 */
function nameProper(text: string, m: { index?: number; 0: string }): { index: number; 0: string } {
  let index = m.index ?? 0;
  let value = m[0];
  for (;;) {
    const first = /^(\p{Lu}[\p{L}'’-]*)(\.?)(\s+)/u.exec(value);
    if (!first) break;
    const word = first[1].toLowerCase();
    const title = TITLES.has(word);
    const opener = first[2] === '' && SENTENCE_BEFORE.test(text.slice(Math.max(0, index - 4), index)) && isEnglishWord(word) && !isGivenName(word);
    if (!title && !opener) break;
    index += first[0].length;
    value = value.slice(first[0].length);
  }
  return { index, 0: value };
}

/**
 * A surname alone is the public person the document names in full with it, when every full name it ends is a public
 * role there ("Martinotti" after "BRIAN R. MARTINOTTI, UNITED STATES DISTRICT JUDGE"; "Bosco" after "Mark S. Bosco"
 * in a counsel block). One private full name with the surname leaves it a private name.
 */
function publicSurname(text: string, surname: string): PublicRole | undefined {
  const key = surname.toLowerCase();
  const forms = [...new Set([surname, key, key.toUpperCase(), key[0].toUpperCase() + key.slice(1)])].map(escapeRegex).join('|');
  // given names and initials before the surname; "Court. Quillfeather" ends a sentence, it names no one
  const full = new RegExp(`(?<![\\p{L}'’.-])(?:(?:\\p{Lu}[\\p{L}'’-]*|\\p{Lu}\\.)(?:[ \\t]+|[ \\t]*\\n[ \\t]*)){1,3}(?:${forms})(?![\\p{L}'’-])`, 'gu');
  return judgedElsewhere(text, `surname\0${key}`, full, true, (found, r) => `same surname as "${found}" (${r.why})`, true);
}

/** A full name is the public person it names where the document names it in a public role: "Joey Astling of USDA/APHIS". */
function publicFullName(text: string, value: string): PublicRole | undefined {
  const key = value.replace(/\s+/g, ' ');
  const body = key.split(' ').map(escapeRegex).join('\\s+');
  return judgedElsewhere(text, `full\0${key}`, new RegExp(`(?<![\\p{L}'’-])${body}(?![\\p{L}'’-])`, 'giu'), false, (_, r) => `named elsewhere in the document as a public role (${r.why})`);
}

/** private-role.ts's evidence that a person speaks for themselves at a public meeting. */
const SPEAKS_FOR_SELF = /^(?:speaks from a town|under a meeting's speakers$|speaks in a meeting's public comment$|appears before a public body$)/;

/** Whether the finding [start, end) of `category` is a public role or furniture, and why. */
export function publicRole(text: string, hit: { category: CategoryKey; start: number; end: number; why?: string[] }): PublicRole | undefined {
  const { category, start, end } = hit;
  const value = text.slice(start, end);
  if (ECF_LINE.test(lineAround(text, start, end))) return { category: 'public.court-record', why: 'court filing header stamp' };
  if (category === 'personal.name') {
    const before = text.slice(Math.max(0, start - 40), start);
    const after = text.slice(end, end + 160);
    // "In re Finley, Kumble, Wagner, Heine, Underberg": every name in a case's title is the title
    if (/^\s+v\.?\s/.test(after) || /\sv\.?\s+$/.test(before) || /\b(?:ex rel\.|In re)\s+(?:\p{Lu}[\p{L}'’.-]*,?\s+){0,6}$/u.test(before) || REPORTER_AFTER.test(after)) return { category: 'public.court-record', why: 'party name in a case citation' };
    if (CITED_WORK_AFTER.test(after)) return { category: 'public.court-record', why: 'author of a cited work' };
    // "SOTOMAYOR, J., delivered the opinion of the Court": a justice writing for the court
    if (/,\s*(?:C\.\s?)?JJ?\.$/.test(value) && /^,?\s*(?:delivered|filed|concurring|dissenting|concurred|dissented|joined|with whom)\b/.test(after)) return { category: 'public.role', why: 'a judge writing for the court' };
    if (OFFICIAL_CAPACITY.test(after)) return { category: 'public.role', why: 'named in an official capacity' };
    const staff = STAFF_AFTER.exec(after);
    if (staff && !words(staff[1]).some((w) => PERSONAL_ROLES.has(w))) return { category: 'public.role', why: `named with a job title and an office ("${staff[1]}")` };
    if (OFFICE_BEFORE.test(before)) return { category: 'public.role', why: 'named with a public office' };
    if (ELECTION_ROW.test(lineAround(text, start, end))) return { category: 'public.role', why: "a candidate's or a party officer's row of an election office's list" };
    if (inMembersList(text, start)) return { category: 'public.role', why: "listed among a public body's members or staff present" };
    if (inVoteList(text, start)) return { category: 'public.role', why: "a member of the body in a vote, a motion or the roll" };
    if (staffDirectory(text)) return { category: 'public.role', why: "named in an office's staff directory" };
    // "Senior Counsel Christina K. Quill, David M. Okonkwo, and Robert M. Ashe": every name of a list headed by an office
    const listBefore = /,\s*$|\band\s+$/.test(before) ? text.slice(Math.max(0, start - 300), start) : '';
    if (listBefore && OFFICE_BEFORE_LIST.test(listBefore)) return { category: 'public.role', why: 'named in a list after a public office' };
    if (listBefore && HANDLED_BY_LIST.test(listBefore)) return { category: 'public.role', why: "named among an office's lawyers or investigators on the matter" };
    if (HANDLED_BY_BEFORE.test(before)) return { category: 'public.role', why: "named as an office's lawyer or investigator on the matter" };
    if (INFORMATION_CONTACT_BEFORE.test(before)) return { category: 'public.office-contact', why: "an office's information contact" };
    const filer = disclosureFiler(text);
    const parts = value.toLowerCase().match(/\p{L}[\p{L}'’-]+/gu) ?? [];
    if (filer.size > 0 && parts.length > 0 && parts.every((w) => filer.has(w))) return { category: 'public.role', why: 'filer of a public financial disclosure report' };
    // the lazy run before the office backtracks on long lines: try it only where a comma and an office word are
    const line = after.split(/[\n\f]/)[0];
    const caps = !/\p{Ll}/u.test(line);
    const office = line.includes(',') && (caps || OFFICE_WORD.test(line)) ? (caps ? OFFICE_CAPS : OFFICE_AFTER).exec(line) : null;
    if (office) return { category: 'public.role', why: `named as "${office[0].replace(/^[\s\S]*,\s*/, '')}"` };
    if (signsForOffice(text, start, end)) return { category: 'public.role', why: 'signature block of a public office' };
    const docket = docketRole(text, start, end, before, after);
    if (docket) return docket;
    const sentence = sentenceAfter(text, end);
    // "for" before the name makes it the party counsel appear for; appearances are listed with semicolons between
    const lead = sentenceBefore(text, start);
    if ((COUNSEL_AFTER.test(sentence) || COUNSEL_FOR_ORGANISATION.test(after)) && !/\bfor\b/i.test(lead.slice(Math.max(lead.lastIndexOf(';'), lead.lastIndexOf('\n')) + 1))) return { category: 'public.role', why: 'counsel appearing in the case' };
    if ((OTHER_STAFF_NEEDS.test(after) && OTHER_STAFF_AFTER.test(after)) || AGENCY_PATH_AFTER.test(after)) return { category: 'public.role', why: "named as an agency's staff" };
    // "Clay Moore, Denver, stated that he had been a bus operator …": where the record shows the person speaking for
    // themselves, the staff list or office that names them elsewhere does not make this occurrence the office's
    if (hit.why?.some((w) => SPEAKS_FOR_SELF.test(w))) return undefined;
    if (/^\p{L}[\p{L}'’-]+$/u.test(value) && !judgingElsewhere) return publicSurname(text, value);
    if (/^\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){1,3}$/u.test(value) && !judgingElsewhere) {
      // "Later Quennell", "Mayor Matt Quennell" as a finding: the name proper is judged, as its other uses are
      const proper = nameProper(text, { index: start, 0: value })[0];
      if (proper === value) return publicFullName(text, value);
      return /\s/.test(proper) ? publicFullName(text, proper) : /^\p{L}[\p{L}'’-]+$/u.test(proper) ? publicSurname(text, proper) : undefined;
    }
    return undefined;
  }
  if (category === 'personal.email' && GOVERNMENT_DOMAIN.test(value.trim()) && !personalMailbox(value.trim())) return { category: 'public.office-contact', why: "a public office's mailbox" };
  if (category === 'personal.address') {
    // "contact GPMRC, HQ TRANSCOM, 505 D Street, Room 100, Scott AFB": the address of an office, unless someone lives there
    const context = `${sentenceLinesBefore(text, start)}${value}`;
    const before = context.slice(0, -value.length || undefined);
    if ((ORGANISATION.test(before) || ROUTING.test(before) || BASE.test(value)) && !RESIDENCE.test(context)) return { category: 'public.office-contact', why: 'address of an office named with it' };
    return undefined;
  }
  if (category === 'personal.phone') {
    // "DSN 779-4786" is the military's own network; a number in the same sentence as an office's e-mail is the office's
    const sentence = `${sentenceBefore(text, start)}${value}${sentenceAfter(text, end)}`;
    if (/\b(?:DSN|Commercial|Comm)\b[:\s]*(?:\(?\d{3}\)?[\s-]*)?$/i.test(text.slice(Math.max(0, start - 16), start)) || /\bDSN\b/.test(sentence) || (GOVERNMENT_MAILBOX.test(sentence) && !PERSONAL_LINE.test(sentenceBefore(text, start)))) return { category: 'public.office-contact', why: 'public office telephone' };
    // a number after a company's name or an office's mail routing, and no word saying it is someone's own
    const lead = sentenceBefore(text, start);
    if ((ROUTING.test(lead) || COMPANY.test(lead)) && !PERSONAL_LINE.test(`${lead}${restOfLine(text, start)}`)) return { category: 'public.office-contact', why: "an office's or a company's telephone" };
    return undefined;
  }
  if (category === 'personal.case-number' || category === 'personal.id-number') {
    if (DOCKET.test(value.trim()) || DOCKET_LABEL.test(text.slice(Math.max(0, start - 20), start))) return { category: 'public.court-record', why: 'court docket number' };
  }
  return undefined;
}

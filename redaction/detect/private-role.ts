/**
 * @module
 * What a published record says about a person it names that makes the person a private one: the part the person
 * plays in what the record reports (a victim, a driver, a witness, a student, a resident; identified as someone;
 * died, was injured, is missing), a resident ("a resident of Eastport"), or a person noun with an age before the
 * name ("a 34-year-old Eastport man, Tobias Quennell"). Officials are named in such records too, by their office:
 * the caller does not ask for a name an office's title introduces. A hometown alone ("Tobias Quennell of Eastport")
 * is no evidence: records name officials, service members, honourees and candidates with their towns every day.
 *
 * ```ts
 * privateRole(text, start, end); // → 'named as "victim"' for "the victim, Tobias Quennell"
 * ```
 */
import { caseless } from './caseless.ts';
import { NON_PERSON_WORDS } from './name-words.ts';
import { isEnglishWord } from './english-words.ts';
import { isPlaceName } from './places.ts';

/** The parts a private person plays in a release, a notice or a log: never an office. */
const ROLE_NOUNS = 'victims?|deceased|decedents?|drivers?|passengers?|pedestrians?|motorists?|motorcyclists?|bicyclists?|cyclists?|witness(?:es)?|residents?|students?|juveniles?|minors?|child|children|teens?|teenagers?|homeowners?|tenants?|grievants?|complainants?|runaways?|missing[ \\t]+(?:person|man|woman|boy|girl|teen|child)';
/** "the victim, Tobias Quennell", "victim Tobias Quennell", "the driver was identified as", "students Ana Ruiz". */
const ROLE_BEFORE = new RegExp(String.raw`\b(${caseless(ROLE_NOUNS)})[,:]?[ \t]+(?:(?:is|was|were|has[ \t]+been|have[ \t]+been)[ \t]+(?:identified[ \t]+as|named)[ \t]+|identified[ \t]+as[ \t]+|named[ \t]+)?$`, 'u');
/** "identified as", "identified the driver as", "identified 43-year-old": the police naming whom a report is about. */
const IDENTIFIED_BEFORE = /\bidentified[ \t]+(?:(?:the|a|an|him|her|them)[ \t]+)?(?:[\p{Ll}-]+[ \t]+){0,2}?(?:as[ \t]+)?(?:(?:a|an|the)[ \t]+)?(?:\d{1,3}-year-old[ \t]+)?$/u;
/** "a 34-year-old Eastport man, Tobias Quennell": an age and a person noun in apposition before the name. */
const AGED_NOUN_BEFORE = new RegExp(String.raw`\b\d{1,3}[- ]years?[- ]old(?:[ \t]+\p{Lu}[\p{L}.'’-]*){0,3}[ \t]+(?:${caseless('man|woman|male|female|boy|girl|teen|teenager|juvenile|resident|driver|passenger|pedestrian|victim|motorist|student|mother|father|son|daughter')}),?[ \t]+(?:${caseless('identified as|named')}[ \t]+)?$`, 'u');
/** After the name, in its clause, perhaps after a town ("of Eastport"): what happened to the person ("died", "was injured", "is missing"). */
const HAPPENED_AFTER = new RegExp(String.raw`^(?:,[^;\n]{0,80}?,|[ \t]+of(?:[ \t]+\p{Lu}[\p{L}.'’-]*){1,3}(?:,[ \t]+\p{Lu}[\p{L}.]*)?,?)?(?:,?[ \t]+who)?[ \t]+(?:${caseless('suffered|sustained|was taken to|died|dies|has died|was (?:killed|injured|hurt|wounded|shot|stabbed|struck|pronounced|found (?:dead|deceased|unresponsive)|transported|hospitalized|rescued|reported missing|last seen)|is (?:missing|recovering|hospitalized|in (?:critical|stable|serious|fair) condition)|remains? (?:missing|hospitalized|in (?:critical|stable|serious|fair) condition)')})\b`, 'u');
/** "Killed in the crash was …", "Injured were …": what happened, then the person. */
const HAPPENED_BEFORE = /\b(?:killed|injured|hurt|wounded|dead|deceased|hospitali[sz]ed|missing|rescued)\b[^.;\n]{0,40}?\b(?:was|were|is|are)[ \t]+(?:(?:an?|the)[ \t]+\d{1,3}-year-old[ \t]+|\d{1,3}-year-old[ \t]+)?$/i;
/** "… asking for help locating …", "looking for …": a missing person sought. */
const SOUGHT_BEFORE = /\b(?:help[ \t]+(?:in[ \t]+)?(?:locating|finding)|locate|looking[ \t]+for|search(?:ing)?[ \t]+for)[ \t]+(?:(?:an?|the)[ \t]+)?(?:missing[ \t]+)?(?:\d{1,3}-year-old[ \t]+)?$/i;
/**
 * "Jane Roe, the mother of the victim,", "Jane Roe, a 24-year-old man,", "Allida who is a good friend of HRC": the
 * person's part in apposition or in a relative clause after the name. A friend, like kin, is a tie of private life.
 */
const APPOSITION_AFTER = new RegExp(String.raw`^(?:,|,?[ \t]+who[ \t]+(?:is|was))[ \t]+(?:${caseless('the|a|an|his|her|their')})[ \t]+(?:\d{1,3}-year-old[ \t]+)?(?:[\p{L}-]+[ \t]+)?(?:${caseless(ROLE_NOUNS)}|${caseless('mother|father|parents?|wife|husband|son|daughter|brother|sister|neighbou?r|friend|girlfriend|boyfriend|fianc[eé]{1,2}|boy|girl|man|woman')})\b`, 'u');
/** Whether the text after a name puts a person's part in apposition to it (", A MINOR,", ", the victim's mother"). */
export function partInApposition(after: string): boolean {
  return APPOSITION_AFTER.test(after);
}
/** "… as the victim", "… as the driver": the clause names the person's part after the name. */
const AS_ROLE_AFTER = new RegExp(String.raw`\bas[ \t]+(?:the|a|an|one[ \t]+of[ \t]+the)[ \t]+(?:${caseless(ROLE_NOUNS)})\b`, 'u');
/**
 * "Tobias Quennell, a resident of Eastport", "…, an Eastport resident,", "…, who lives in". The resident noun stands
 * in apposition, after a comma: a word right before "resident" with none between is the town that modifies it ("I'm a
 * Belmont resident", "Eastport residents asked", "Eastport resident Tobias Quennell"), not the person (real-text batch
 * 13, tuning half: a resident's letters, where the town was taken for a name in every letter).
 */
const RESIDENT_AFTER = new RegExp(String.raw`^(?:,[ \t]+(?:an?[ \t]+)?(?:\p{Lu}[\p{L}.'’-]*[ \t]+){0,3}${caseless('residents?')}\b|,?[ \t]+${caseless('who (?:lives|lived|resides|resided) in')}\b)`, 'u');
/** Words that end a town's name though they would end an organisation's elsewhere. */
const TOWN_WORDS = new Set(['city', 'town', 'village', 'township', 'beach', 'springs', 'falls', 'heights', 'park', 'hills', 'lake', 'valley', 'county']);

/** "Council to recognize …", "honoring …": a person honoured in a public body's meeting or a resolution. */
const HONOURED_BEFORE = /\b(?:recogni[sz]e|recogni[sz]ing|honou?r|honou?ring|commend|commending|congratulate|congratulating)[ \t]+$/i;
/** "… for 30 years of service", "… on her retirement": staff honoured for their service act in their office. */
const SERVICE_AFTER = /^[^.;\n]{0,100}?\b(?:service|retire\p{L}*|tenure|years with|appointment|employment)\b/iu;
/** "Public comment: …", "Speakers: …": a meeting's list of the public who spoke. */
const SPEAKERS_BEFORE = /\b(?:public comments?|citizens?['’]? comments?|audience comments?|speakers?|persons? (?:wishing|appearing|requesting) to (?:speak|address|appear)[^:\n]{0,40})[ \t]*[:–—-][ \t]*(?:\d+\.[ \t]+)?$/i;
/**
 * A minutes' public comment section: its heading ("2. General Public Comment", "Public Comment:") on a line of its own
 * or opening the paragraph, up to the next numbered item. The people it reports speaking there are the public.
 */
const PUBLIC_COMMENT_HEAD = /^[ \t]*(?:(?:\d{1,2}|[A-Z]|[IVX]{1,4})\.[ \t]*)?(?:General[ \t]+)?(?:Public|Citizens?['’]?|Audience)[ \t]+Comments?\b/i;
/** A numbered item's heading ("3. Approval of Minutes"): a new section of the minutes. */
const ITEM_HEAD = /^[ \t]*(?:\d{1,2}|[A-Z]|[IVX]{1,4})\.[ \t]+\p{Lu}/u;
/** How far back a public comment section's heading is looked for. */
const SECTION_REACH = 3000;
/** What a speaker does, right after the name that opens the sentence: "Mr. Jim Soper said", "… echoed those sentiments". */
const SPOKE_AFTER = /^[ \t]+(?:also[ \t]+)?(?:said|stated|asked|spoke|urged|expressed|commented|thanked|noted|added|explained|agreed|disagreed|questioned|suggested|recommended|encouraged|echoed|welcomed|commended|referred|thought|mentioned|requested|opposed|supported|complained|described|read|testified|shared|raised|discussed|presented)\b/;

/**
 * A meeting's speakers listed one a line under their heading: "Speakers:" then "Laurie Quist", "Tim Ohlsen – Pooling
 * with Jenny – 4 min", "Open comment (name | topic):" then "Keaton Ashby | Housing". The heading names the public who
 * spoke, as SPEAKERS_BEFORE does for a name on the heading's own line; each line between is a short one without a
 * label of its own (a colon ends the list: "Motion: …").
 */
const SPEAKERS_HEAD = /\b(?:public comments?|open comments?|citizens?['’]? comments?|audience comments?|speakers?|persons? (?:wishing|appearing|requesting) to (?:speak|address|appear))\b[^:\n\f]{0,40}:[ \t]*$/i;
/** A line of such a list: a capitalised word first, no colon, at most a dozen words. */
const SPEAKER_LINE = /^[ \t]*\p{Lu}[^:\n\f]{0,100}$/u;
/** Lines back from a speaker to the list's heading. */
const SPEAKERS_REACH = 200;

/** Whether the name at `start` opens a line of a speakers' list (see SPEAKERS_HEAD). */
function inSpeakersList(text: string, start: number): boolean {
  const lineStart = Math.max(text.lastIndexOf('\n', start - 1), text.lastIndexOf('\f', start - 1)) + 1;
  if (text.slice(lineStart, start).trim() !== '') return false;
  let to = lineStart - 1;
  for (let n = 0; n < SPEAKERS_REACH && to > 0; n++) {
    const from = Math.max(text.lastIndexOf('\n', to - 1), text.lastIndexOf('\f', to - 1)) + 1;
    const line = text.slice(from, to);
    if (SPEAKERS_HEAD.test(line)) return true;
    if (!SPEAKER_LINE.test(line) || line.trim().split(/\s+/).length > 12) return false;
    to = from - 1;
  }
  return false;
}

/**
 * A table of the public who spoke, as a dataset or minutes print it with " | " between cells: a column headed by the
 * speaker ("speaker", "speaker name", "commenter"), or a name column ("name", "name_raw") in a table whose header has a
 * comment or testimony column and whose header or caption says people spoke ("speakers recorded in the minutes |
 * name_raw | comment"). Its cells name members of the public, as a "Speakers:" heading does for a list (real-text
 * batch 11, tuning half: a planning commission's public-comment table).
 */
const SPEAKER_COLUMN = /^(?:(?:public[ _])?speakers?(?:[ _]names?)?|commenters?|testifiers?|witness(?:es)?[ _]names?)$/i;
const NAME_COLUMN = /^(?:names?|full[ _]names?|name[ _]raw)$/i;
const COMMENT_COLUMN = /^(?:(?:public[ _])?comments?|testimony|topics?|remarks|subjects?)$/i;
const SPOKE_WORDS = /\b(?:speakers?|spoke|public comments?|testimony|testified|commenters?)\b/i;
/** Rows back from a cell to its table's header. */
const TABLE_REACH = 400;

/** Whether the name at [start, end) fills a cell of a speakers' column (see SPEAKER_COLUMN). */
function inSpeakerColumn(text: string, start: number, end: number): boolean {
  const lineStart = Math.max(text.lastIndexOf('\n', start - 1), text.lastIndexOf('\f', start - 1)) + 1;
  const stop = text.slice(end).search(/[\n\f]|$/);
  const cells = text.slice(lineStart, end + stop).split('|');
  if (cells.length < 3) return false;
  let index = -1;
  for (let i = 0, at = lineStart; i < cells.length; at += cells[i].length + 1, i++) {
    if (start >= at && end <= at + cells[i].length) {
      // the name is the whole cell, not a name inside a comment
      if (cells[i].trim() !== text.slice(start, end).trim()) return false;
      index = i;
      break;
    }
  }
  if (index < 0) return false;
  let to = lineStart - 1;
  for (let n = 0; n < TABLE_REACH && to > 0; n++) {
    const from = Math.max(text.lastIndexOf('\n', to - 1), text.lastIndexOf('\f', to - 1)) + 1;
    const line = text.slice(from, to);
    to = from - 1;
    // a table runs on over a page break and the blank lines around it (its header is on the first page only)
    if (line.trim() === '') continue;
    const row = line.split('|').map((c) => c.trim());
    // a line that is no row of the table (prose, a page's heading) ends it, unless a row of the table stands right
    // above it: then it is that row's last cell wrapped ("Re: … continued to" over "2/12 or 2/19."); a row split
    // otherwise is skipped
    if (row.length < 3) {
      const aboveStart = Math.max(text.lastIndexOf('\n', to - 1), text.lastIndexOf('\f', to - 1)) + 1;
      if (to > 0 && text.slice(aboveStart, to).split('|').length === cells.length) continue;
      return false;
    }
    if (row.length !== cells.length || !row.some((c) => SPEAKER_COLUMN.test(c) || NAME_COLUMN.test(c))) continue;
    if (SPEAKER_COLUMN.test(row[index])) return true;
    if (!NAME_COLUMN.test(row[index]) || !row.some((c) => COMMENT_COLUMN.test(c))) return false;
    // the header or the caption just above it says people spoke
    const caption = text.slice(Math.max(0, from - 600), to + 1).split(/[\n\f]/).slice(-4).join(' ');
    return SPOKE_WORDS.test(caption);
  }
  return false;
}

/**
 * Whether [start, end) is an entry of a meeting's speakers: it opens a line of a speakers' list (inSpeakersList) or
 * fills a cell of a speakers' column (inSpeakerColumn).
 */
export function speakerEntry(text: string, start: number, end: number): boolean {
  return inSpeakersList(text, start) || inSpeakerColumn(text, start, end);
}

/** A word a speakers' heading or a speakers' column header holds: a text without one lists no speakers (a cheap test first). */
export const SPEAKER_WORDS = /speaker|comment|commenter|testif|witness|persons? (?:wishing|appearing|requesting)/i;

/** Whether `start` opens a sentence in a public comment section of minutes (see PUBLIC_COMMENT_HEAD). */
function inPublicComment(text: string, start: number): boolean {
  const lines = text.slice(Math.max(0, start - SECTION_REACH), start).split(/[\n\f]/).reverse();
  for (const line of lines) {
    if (PUBLIC_COMMENT_HEAD.test(line)) return true;
    if (ITEM_HEAD.test(line)) return false;
  }
  return false;
}

/** "… to appear before Council regarding", "… addressed the Board about": a member of the public appearing. */
const APPEARS_AFTER = /^,?[^.;\n]{0,80}?[ \t](?:to (?:appear|speak|address the (?:council|board|commission))|appeared before|addressed (?:the )?(?:council|board|commission)|spoke (?:in favou?r|in support|against|in opposition|regarding|about|on behalf of (?:him|her|them)sel(?:f|ves)))\b/i;

/** "Roger Quist, Denver, stated …": a speaker in a meeting's minutes gives a name and a town, as the public is asked to. */
const TOWN_THEN_SPEECH = /^,[ \t]+((?:\p{Lu}[\p{L}.'’-]*)(?:[ \t]+\p{Lu}[\p{L}.'’-]*){0,2}),[ \t]+(?:stated|said|requested|asked|spoke|urged|expressed|commented|thanked|noted|added|explained|addressed|discussed|shared|voiced|opposed|supported|presented|raised|complained|suggested|recommended|agreed|disagreed|questioned|indicated|described|encouraged|represented|read|testified)\b/u;
/** A list's head naming minors or students: the people listed under it ("the Scouts leading the Pledge:"). */
const MINORS_HEAD = /\b(?:(?:cub|boy|girl|eagle)[ \t]+)?(?:scouts?|students?|children|youths?|kids|pupils|campers|minors|juveniles|teens|teenagers|grandchildren)\b[^\n]*:[ \t]*$/i;
/** A list item's opening: a dash or a bullet, perhaps a number. */
const ITEM_START = /^[ \t]*(?:[-–•*·][ \t]+|\d{1,2}[.)][ \t]+)$/;
/** Lines back from a list item to its head. */
const LIST_REACH = 12;

/** The head of the list whose item starts at `start` (the last line before it ending in a colon), or undefined. */
function listHead(text: string, start: number): string | undefined {
  const lineStart = Math.max(text.lastIndexOf('\n', start - 1), text.lastIndexOf('\f', start - 1)) + 1;
  if (!ITEM_START.test(text.slice(lineStart, start))) return undefined;
  const lines = text.slice(Math.max(0, lineStart - 1500), lineStart).split(/[\n\f]/).reverse();
  for (const line of lines.slice(0, LIST_REACH)) {
    if (line.trim() === '' || /^[ \t]*(?:[-–•*·]|\d{1,2}[.)])[ \t]/.test(line)) continue;
    return /:[ \t]*$/.test(line) ? line : undefined;
  }
  return undefined;
}

/** Whether a town stands in `words`: a place the lists know, or words no dictionary or organisation has. */
function townLike(words: string): boolean {
  const kind = townKind(words);
  return kind === 'place' || kind === 'unknown';
}

/**
 * What capitalised words after a name are: an organisation ("Acme Corporation", "Harbor County Schools"), a place
 * the lists know, words no dictionary has (a town the lists lack: "Eastport"), or ordinary words.
 */
function townKind(words: string): 'organisation' | 'place' | 'unknown' | 'words' {
  const lower = words.split(/[ \t]+/).map((w) => w.replace(/[.'’]+$/, '').toLowerCase());
  if (lower.some((w) => NON_PERSON_WORDS.has(w) && !TOWN_WORDS.has(w))) return 'organisation';
  if (isPlaceName(words)) return 'place';
  const plain = lower.filter((w) => !TOWN_WORDS.has(w));
  return plain.length > 0 && plain.every((w) => w.length > 0 && !isEnglishWord(w)) ? 'unknown' : 'words';
}

/** A line shorter than this that a name ends is no wrapped prose: a byline, a heading, a list's or a signature's line. */
const PROSE_LINE = 60;

/** Whether the name at [start, end) ends its line and the line is short (see PROSE_LINE). */
function endsShortLine(text: string, start: number, end: number): boolean {
  const rest = /^[ \t.,;:]*(?:[\n\f]|$)/.exec(text.slice(end, end + 8));
  if (!rest) return false;
  const lineStart = Math.max(text.lastIndexOf('\n', start - 1), text.lastIndexOf('\f', start - 1)) + 1;
  return end - lineStart < PROSE_LINE;
}

/** The clause after `end`: up to a semicolon, a blank line or a sentence's end (not an initial's or a state's period). */
function clauseAfter(text: string, end: number, max = 140): string {
  const tail = text.slice(end, end + max);
  const stop = tail.search(/(?:\p{Ll}{4}|[)”"\d])[.!?](?:\s|$)|;|\n[ \t]*\n/u);
  return stop === -1 ? tail : tail.slice(0, stop + 4);
}

/** The sentence's part before `start`, at most `max` characters back. */
function clauseBefore(text: string, start: number, max = 80): string {
  const head = text.slice(Math.max(0, start - max), start);
  const ends = [...head.matchAll(/(?:\p{Ll}{4}|[)”"\d])[.!?]\s|;|\n[ \t]*\n/gu)];
  return ends.length ? head.slice(ends[ends.length - 1].index + ends[ends.length - 1][0].length) : head;
}

/**
 * "… to remove him from the public office of city council member", "his eligibility to serve on the city council", "the
 * appointment of … to serve as a Member of the Historic Preservation Commission": the sentence says the person holds
 * or seeks a public office, in which a record names them publicly.
 */
const PUBLIC_OFFICE = /\b(?:public office|elected office|office ?holders?|incumbent|(?:re)?elect(?:ed|ion) (?:as|to)|(?:eligib\p{L}+|appoint\p{L}*|qualified|nominat\p{L}+) to serve|to serve (?:on|as) (?:the |a |an )?(?:[\p{L}-]+ ){0,4}(?:council|board|commission|legislature|committee|authority|member)|(?:served|serving|retir\p{L}+) (?:as|with|from|in) (?:the |a |an )?(?:[\p{L}-]+ ){0,4}(?:chief|commissioner|director|superintendent|judge|justice|supervisor|clerk|mayor|sheriff|officer|trustee|department|police|fire|county|city|town|village|state|board|council|district|legislature|assembly|senate|court|agency|office|service))\b/iu;

/** Whether the sentence around [start, end) says the person holds or seeks a public office. */
export function publicOfficeHeld(text: string, start: number, end: number): boolean {
  return PUBLIC_OFFICE.test(`${clauseBefore(text, start, 240)} ${clauseAfter(text, end, 240)}`);
}

/** The evidence of a private part played that a published record gives for the name at [start, end), or undefined. */
export function privateRole(text: string, start: number, end: number): string | undefined {
  const before = clauseBefore(text, start);
  // "of Eastport", "in Dover", "from Tucson": a place after a preposition is the town, not someone
  if (/\b(?:of|in|from|at|near)[ \t]+$/.test(before)) return undefined;
  const role = ROLE_BEFORE.exec(before);
  if (role) return `named as "${role[1].toLowerCase()}"`;
  if (IDENTIFIED_BEFORE.test(before)) return 'identified in a report';
  if (AGED_NOUN_BEFORE.test(before)) return 'an age and a person noun before it';
  if (HAPPENED_BEFORE.test(before)) return 'what happened to the person';
  if (SOUGHT_BEFORE.test(before)) return 'a missing person sought';
  if (SPEAKERS_BEFORE.test(before)) return "under a meeting's speakers";
  if (inSpeakersList(text, start)) return "under a meeting's speakers";
  if (inSpeakerColumn(text, start, end)) return "under a meeting's speakers";
  // "Public Comment:\n\nMr. Jim Soper expressed concern …": a speaker opening a sentence in the section
  if (before.trim() === '' && SPOKE_AFTER.test(text.slice(end, end + 30)) && inPublicComment(text, start)) return "speaks in a meeting's public comment";
  if (HONOURED_BEFORE.test(before) && !SERVICE_AFTER.test(clauseAfter(text, end))) return 'honoured for something of their own';
  const head = listHead(text, start);
  if (head && MINORS_HEAD.test(head)) return 'listed under minors or students';
  // a name that ends a short line (a byline, a heading, a signature) is followed by something else, not by what
  // the sentence says of the person: "June 2, 2021 - Jane Roe" over the story
  if (endsShortLine(text, start, end)) return undefined;
  const after = text.slice(end, end + 160);
  if (HAPPENED_AFTER.test(after)) return 'what happened to the person';
  if (APPOSITION_AFTER.test(after)) return 'a private part in apposition';
  const clause = clauseAfter(text, end);
  const asRole = AS_ROLE_AFTER.exec(clause);
  if (asRole) return `"${asRole[0].replace(/\s+/g, ' ')}" after it`;
  if (RESIDENT_AFTER.test(after)) return 'a resident';
  const speaker = TOWN_THEN_SPEECH.exec(after);
  if (speaker && townLike(speaker[1])) return `speaks from a town ("${speaker[1]}")`;
  if (APPEARS_AFTER.test(clause)) return 'appears before a public body';
  return undefined;
}

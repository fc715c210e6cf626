/**
 * @module
 * Street addresses: US street lines, European street forms (name then number,
 * "ul.", "u.", "-gatan 5"), PO and military boxes, units, postcodes after a
 * label, and text after address cues. An address that ends a line takes the
 * following short lines that continue it (unit, town, country and postcode),
 * up to a phone line or a complete US town line. A cue's text ends where prose
 * starts again. The address of a named public building or office ("the Permit
 * Center at 415 Fifth Avenue") is not a person's and is not reported, unless a
 * cue says someone lives there.
 */
import type { Candidate, Detector } from './detector.ts';
import { findPhrase, words } from './detector.ts';
import { formLabel } from './columns.ts';
import { isEnglishWord } from './english-words.ts';
import { isGivenName } from './given-names.ts';
import { lexiconTags } from './nlp.ts';
import type { DetectInput } from './input.ts';
import { caseless } from './caseless.ts';
import { STATE_NAME } from './driver-licence.ts';
import { textRecords } from './text-table.ts';

const SUFFIX =
  '(?:Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Circle|Cir|Highway|Hwy|Parkway|Pkwy|Square|Sq|Trail|Trl|Alley|Aly|Loop|Crescent|Cres|Close|Row|Pike|Turnpike|Plaza|Walk|Path|Crossing|Xing|Point|Pt|Ridge|Heights|Hts|Gardens|Gdns|Grove|Mews|Green|Park|Vista|Estates|Isle|Coves?|Parks|Forges?|Fort|Harbor|Harbour|Junction|Jct|Landing|Meadows?|Mills?|Orchard|Pass|Port|Ranch|Springs?|Station|Summit|Valley|Village|Ville|Wells?|Str)';
/** Street types as court and county records print them, in capitals ("3946 E BECKER LANE", "1546 W JONNIE DR"). */
// "STR" in capitals is an abbreviation in prose ("SERVICE MEMBER STR", "LETTER OF STR"), never a street type
const SUFFIX_CAPS = SUFFIX.toUpperCase().replace('|STR)', ')');
const UNIT = '(?:Apt|Apartment|Suite|Ste|Unit|Flat|Room|Rm|Floor|Fl|Bldg|Building|Lot|Box)';
const WORD = "[\\p{L}][\\p{L}'’.-]*";
const CAP = "\\p{Lu}[\\p{L}'’.-]*";
/** "Springfield, IL 62704", "Santa Fe, New Mexico 87501-1234". */
const CITY_STATE_ZIP = `${CAP}(?:[ \\t]${CAP}){0,3},?[ \\t](?:[A-Z]{2}|\\p{Lu}\\p{Ll}+(?:[ \\t]\\p{Lu}\\p{Ll}+)?)\\.?[ \\t]+\\d{5}(?:-\\d{4})?`;
/** European street words end the name ("Rantakatu 14", "Skolvägen 12", "Hauptstraße 5"). */
const EURO_SUFFIX =
  '(?:vägen|gatan|väg|gata|gränd|katu|tie|kuja|polku|vej|veien|vegen|vei|gade|stræde|stræti|straße|strasse|str\\.|weg|laan|plein|gracht|hove|allee|platz|gasse|utca|ulica|ulice|útja|sokak|caddesi|terrasse|brekka|braut|gata)';
/** Street types written before the name ("ul. Polna 17", "Avda. del Puerto 21", "Calle Mayor 3"). */
const PREFIX = `(?:${caseless('ul\\.|al\\.|avda\\.|av\\.|avenida|avenue de[s]?|calle|carrer|c/|rua|rue|via|viale|piazza|plaza|paseo|strada|praça|largo|camino|camiño|travessa|republica de')})`;
/** Street types written as a separate word after the name ("Kase tee 42", "petőfi út 31"). */
const AFTER_WORD = `(?:${caseless('tee|mnt|tn|út|utca|utcája|tér|körút|gade|vej|vei|veien|plads|steenweg|straat|weg|gasse|strasse|straße|str\\.')})`;
/** Street types after a house number in French and similar forms ("14 rue Lamartine", "27 boulevard Victor Gelu"). */
const NUMBER_FIRST_TYPE = `(?:${caseless('rue|boulevard|bd|avenue|allée|chemin|quai|impasse|cours|route|place')})`;
/** Full street words, in lower-case addresses ("23 ashbourne road"). */
const LOWER_SUFFIX = '(?:street|road|avenue|lane|drive|court|boulevard|place|terrace|crescent|close|plads|vej|gade|straat|strasse|weg|väg|vägen|gatan)';
/** Lower-case words allowed inside street names ("Via delle Rose", "Rue de Namur"). */
const SMALL = '(?:de|del|dei|della|delle|dalla|des|du|da|do|dos|la|le|van|von|der|a)';

/** Bullets, mojibake and e-mail quote marks that start lines of address blocks ("• ", "??? ", ">"). */
const BULLET = '(?:[?•*·–-]+[ \\t]+|>+[ \\t]*)?';

/** A number that ends a date ("07/22/1986", "July 11, 2025") is a year, not a house number. */
const NOT_A_DATE = '(?<![/.\\-]|\\d[,;]|\\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\\.?\\s\\d{1,2},?\\s)';

/**
 * Highways as streets: frontage and rural addresses number their lots along an interstate, a US or state highway, a
 * farm-to-market or county road ("1610 N I 35", "1610 N. IH 35", "12 I-35 S", "16661/3 State Highway 56", "400 FM 1626",
 * "9 County Road 112"). The road's name is a designator and a number, so no street type ends it and the street pattern
 * misses it. A bare "I", "IH" or "US" is a road only after a direction ("N I 35"), as frontage addresses print it;
 * without one, "2010 US 50" could be a year and a count. The number opens a line, a table's cell or a part after a comma
 * or a label, as an address block prints it: in prose "12 Route 9 repairs" counts things (a cue's address, "lives at
 * 1610 N I 35", is found by the cue).
 */
const HIGHWAY = `(?:(?:[NSEW]\\.?[ \\t]+)(?:I|IH|US)[ \\t]|(?:[NSEW]\\.?[ \\t]+)?(?:I-|IH-|Interstate[ \\t]+(?:Highway[ \\t]+)?|U\\.S\\.[ \\t]+(?:Highway|Hwy|Route)[ \\t]+|US[ \\t]+(?:Highway|Hwy|Route)[ \\t]+|State[ \\t]+(?:Highway|Hwy|Route|Road|Rte)[ \\t]+|(?:Highway|HIGHWAY|Hwy|HWY|Route|ROUTE|Rte|SH|FM|RM|CR)[ \\t]+|County[ \\t]+(?:Road|Rd|Route)[ \\t]+|COUNTY[ \\t]+(?:ROAD|RD)[ \\t]+))`;
/** A unit after a street, in any case ("unit 738-c", "Apt. 4", "STE 101"). */
const UNIT_ANY_CASE = caseless('apt|apartment|suite|ste|unit|lot|space|spc|trlr|trailer');

/** `requires`: what a pattern cannot match without, tested once on the text first (a leading run of words is costly to try at every letter). */
const patterns: { name: string; regex: RegExp; score: number; requires?: RegExp }[] = [
  {
    name: 'street',
    // the digit a match starts with is asked for first: assertions at one position commute and none captures (the same
    // matches), and the date's lookbehind is walked back only before a digit, not at every character (gov-pdfs' text
    // 4.8 -> 4.1 ms). Not for every lookbehind: "(?=\\p{Lu})" before the place and postcode line's was slower.
    regex: new RegExp(`(?=\\d)${NOT_A_DATE}\\b\\d{1,6}[A-Za-z]?(?:-\\d{1,4})?\\s(?:\\d{1,6}\\s)?(?<direction>[NSEW]\\.?\\s|(?:North|South|East|West|NORTH|SOUTH|EAST|WEST)\\s)?(?<name>(?:(?:${CAP}|\\d+(?:st|nd|rd|th|ST|ND|RD|TH)|of|the|de|la|del)\\s){0,4})(?<type>${SUFFIX}|${SUFFIX_CAPS})\\b\\.?(?:\\s(?:[NS][EW]?|[EW]|North|South|East|West|NORTH|SOUTH|EAST|WEST)\\b\\.?)?(?:,?\\s${UNIT}\\.?\\s?#?[A-Za-z0-9-]{1,6}|,?\\s?#\\s?[A-Za-z0-9-]{1,6})?(?:,?\\s+${CITY_STATE_ZIP})?`, 'gu'),
    score: 0.75,
  },
  {
    name: 'highway street',
    regex: new RegExp(`(?<=(?:^|[\\n\\f|,:])[ \\t]*)\\d{1,6}(?:\\/\\d|[ \\t]\\d\\/\\d)?[ \\t]+${HIGHWAY}\\d{1,4}[A-Z]?\\b(?:[ \\t]+(?:[NSEW]|[NSEW]B|Frontage(?:[ \\t]+(?:Rd|Road))?|Access[ \\t]+(?:Rd|Road)|Service[ \\t]+(?:Rd|Road))\\b\\.?)?(?:,?[ \\t]+(?:${UNIT_ANY_CASE})\\.?[ \\t]?#?[A-Za-z0-9-]{1,6}(?![\\p{L}\\p{N}]))?`, 'gu'),
    score: 0.7,
    requires: /\b(?:I|IH|US|Interstate|Highway|HIGHWAY|Hwy|HWY|Route|ROUTE|Rte|SH|FM|RM|CR|Road|Rd|ROAD|RD)[ \t-]\d/,
  },
  { name: 'european street', regex: new RegExp(`(?:\\b\\d{1,6}\\s)?(?<![\\p{L}])\\p{L}[\\p{L}'’-]*${EURO_SUFFIX}\\s\\d{1,5}[A-Za-z]?\\b`, 'gu'), score: 0.7, requires: new RegExp(`${EURO_SUFFIX}\\s\\d`, 'u') },
  // "Tozzi et al. 2009": "al." after "et" is the Latin "and others" of a citation, never a street ("al. Jerozolimskie 65")
  { name: 'street type first', regex: new RegExp(`(?:\\b\\d{1,6}\\s)?(?<![\\p{L}])(?<!\\bet[ \\t\\n])${PREFIX}\\s(?:(?:${WORD}|${SMALL})\\s){0,4}\\d{1,5}[A-Za-z]?\\b`, 'gu'), score: 0.7 },
  { name: 'street type after', regex: new RegExp(`(?:\\b\\d{1,6}\\s)?(?<![\\p{L}])(?:${WORD}\\s){1,3}${AFTER_WORD}\\s\\d{1,5}[A-Za-z]?\\b\\.?`, 'gu'), score: 0.65, requires: new RegExp(`${AFTER_WORD}\\s\\d`, 'u') },
  { name: 'hungarian utca', regex: new RegExp(`(?:\\b\\d{1,6}\\s)?(?:${CAP}\\s){1,3}u\\.\\s\\d{1,4}\\.?`, 'gu'), score: 0.7, requires: new RegExp('\\su\\.\\s\\d', 'u') },
  { name: 'number then street type', regex: new RegExp(`\\b(?:\\d{1,6}[ \\t])?\\d{1,5}(?:[ \\t]?(?:bis|ter))?,?[ \\t]${NUMBER_FIRST_TYPE}[ \\t](?:${SMALL}[ \\t]|des[ \\t]|l'|d')*${CAP}(?:[ \\t](?:${CAP}|${SMALL}|des))*`, 'gu'), score: 0.65 },
  { name: 'lower-case street', regex: new RegExp(`\\b(?:\\d{1,6}[ \\t])?\\d{1,6}[ \\t](?:\\p{Ll}[\\p{Ll}'’-]+[ \\t]){1,3}${LOWER_SUFFIX}\\b(?:[ \\t]\\d{1,5}\\b)?`, 'gu'), score: 0.6 },
  { name: 'postcode name number', regex: new RegExp(`(?<![\\p{L}\\p{N}.,-])\\d{1,6}[ \\t](?:${CAP}[ \\t]){1,3}\\d{1,5}[A-Za-z]?(?![\\p{L}\\p{N}]|['’]s\\b)`, 'gu'), score: 0.6 },
  { name: 'po box', regex: /\b(?:P\.?\s?O\.?\s?Box|Post Office Box|PSC|CMR|Unit)\s\d{1,6}(?:,?\s?Box\s\d{1,6})?/gi, score: 0.7 },
  { name: 'military post', regex: /\b(?:APO|FPO|DPO)\s(?:AA|AE|AP)\s\d{5}\b/gi, score: 0.7 },
  { name: 'unit', regex: new RegExp(`\\b${UNIT}\\.?[ \\t]?#?\\d{1,5}[A-Za-z]?\\b`, 'gi'), score: 0.55 },
  { name: 'city state zip', regex: new RegExp(`(?<=[\\n,]\\s?|^)${CITY_STATE_ZIP}`, 'gu'), score: 0.6 },
  { name: 'place and postcode line', regex: new RegExp(`(?<=(?:^|[\\n\\f])[ \\t]*${BULLET})${CAP}(?:[ \\t]${WORD}){0,3}[ \\t]\\(?${CAP}?\\)?[ \\t]?(?!(?:19|20)\\d{2}\\b)\\d{4,6}(?=[ \\t]*(?:[\\n\\f?.,]|$))`, 'gu'), score: 0.55 },
  { name: 'postcode after label', regex: /(?<=\b(?:zip|zip code|postal code|postcode|post code)\b\s*(?:(?:is|:)\s*)?)\d{3,6}(?:[ -]\d{2,4})?(?: [A-Z]{2})?\b/gi, score: 0.7 },
];

/** Labels and verbs after which an address follows. Weak cues need the address to start with a number. */
const STRONG_CUE = /\b(?:address(?:es)?|addr|residence|domicile|address of record|mailing address|home address|billing address|shipping address)\b(?:\s+(?:is|at|in|on|of|to|with|here|they are|it is|the corner of))*\s*[:\-]?\s*/gi;
const WEAK_CUE = /\b(?:resides|residing|lives|living|lived|located|is at|are at|sent to|send (?:it|this|them)? ?to|ship(?:ped)? to|deliver(?:ed)? to|return(?:ed)? to|mail(?:ed)? to|moved to|corner of|off at|it is|it's in|it's at)\b(?:\s+(?:at|in|on|the corner of))*\s*[:\-]?\s*/gi;
/** "the corner of Heerenwal 37 and Dalton Street": a corner names its streets, with or without a number first. */
const CORNER_CUE = /\b(?:the )?corner of\s+/gi;
// a table's cell separator ends a cue's value too: "ADDRESS | ADDRESS 2 | CITY" is a header row
const CUE_END = /[.;!?](?:\s|$)|\s(?:and then|but|since|for|from|until|where|when|because|in case)\s|[\n\f|\t]/;

/**
 * The next field's label on a record's line ("Addr: 41 CROWN ST Hgt: 5'09 Wgt:175"): a capitalised word and a colon
 * end the value a cue labels, as the next form field does. A unit's label ("Apt: 4B", "Suite: 200") is part of it.
 */
const NEXT_FIELD = /\s(?!(?:Apt|Apartment|Suite|Ste|Unit|Lot|Box|Room|Rm|Floor|Fl|Bldg|Building|Space|Spc|Trlr|Trailer)\b)[A-Z][A-Za-z#]{1,15}[ \t]?:(?!\/)/;

/** Words before "address" that make it a verb. */
const ADDRESS_VERB_BEFORE = /\b(?:to|will|would|shall|should|must|may|might|can|could|cannot|not|also|\p{L}+ly)\s+$/iu;

/** Cues that say someone lives there: the address is personal whatever is written before it. */
const RESIDENCE_CUE = /resid|lives|living|lived|domicile|home/;

/** Lower-case words that belong in addresses ("of", "and", "apt", "street"); any other dictionary word is prose. */
const ADDRESS_WORDS = new Set([
  ...(SUFFIX.match(/[A-Za-z]+/g) ?? []).map((w) => w.toLowerCase()),
  ...(UNIT.match(/[A-Za-z]+/g) ?? []).map((w) => w.toLowerCase()),
  'of', 'the', 'and', 'at', 'on', 'de', 'la', 'le', 'del', 'da', 'do', 'dos', 'du', 'van', 'von', 'der', 'den', 'po', 'north', 'south', 'east', 'west', 'corner', 'nan',
]);

/**
 * The address inside the text after a cue: it starts after any prose before its first number ("address of Vantor
 * is 6750 …" starts at 6750) and ends where prose starts again, at the first lower-case dictionary word that is no
 * address word ("lives at 37 Sandpiper Court and walks her dog" ends before "and walks").
 */
function addressPart(value: string): [number, number] {
  let from = 0;
  let numbered = false;
  for (const m of value.matchAll(/\S+/g)) {
    if (/\d/.test(m[0])) numbered = true;
    const word = m[0].replace(/[^\p{L}]/gu, '');
    if (word.length < 2 || /\d|\p{Lu}/u.test(m[0]) || ADDRESS_WORDS.has(word) || !isEnglishWord(word)) continue;
    if (!numbered) from = m.index + m[0].length;
    else return [from, m.index];
  }
  return [from, value.length];
}

/**
 * A house or box number as an address after a cue starts: digits, perhaps a letter, a fraction or a second number of
 * a range ("612-32", "18759", "12B", "221 1/2"), then a space, a comma or the end. An age ("39-year-old"), a share
 * ("185%"), an amount ("5,000 feet") or a time ("10:30") is none.
 */
const HOUSE_NUMBER = /^\d{1,6}(?:-?[A-Za-z](?![\p{L}-])|[-/]\d{1,5}[A-Za-z]?)?(?:[ \t]+\d\/\d)?(?=[\s,]|$)/u;

function cueCandidates(text: string, cue: RegExp, needsDigit: boolean, score: number): AddressCandidate[] {
  const out: AddressCandidate[] = [];
  for (const m of text.matchAll(cue)) {
    // "should address", "to address", "adequately address": the verb, not the noun
    if (/^address/i.test(m[0]) && ADDRESS_VERB_BEFORE.test(text.slice(Math.max(0, m.index - 20), m.index))) continue;
    const start = m.index + m[0].length;
    if (needsDigit ? !/\d/.test(text[start] ?? '') : !/[\d\p{Lu}]/u.test(text[start] ?? '')) continue;
    // an address has a number somewhere near its start (house, box or postcode); a table header does not
    if (!/\d/.test(text.slice(start, start + 40))) continue;
    const rest = text.slice(start, start + 160);
    const stop = rest.search(CUE_END);
    let value = (stop === -1 ? rest : rest.slice(0, stop)).replace(/[\s,]+$/, '');
    // a record's next field ends the value; what is left must hold the address's number ("Addr: NCA Hgt: 6'00" names
    // no address: its only digits are the height's)
    const field = value.search(NEXT_FIELD);
    if (field !== -1) {
      value = value.slice(0, field);
      if (!/\d/.test(value)) continue;
    }
    // an IP, email or URL after "address" is not a street address
    if (value.length < 3 || /@|:\/\/|^\d{1,3}(?:\.\d{1,3}){3}\b|^[0-9a-f]{0,4}:[0-9a-f:]+/i.test(value)) continue;
    // "people who lived at 185% of the federal poverty level", "they located 39-year-old Charles C. Gordon": a share, an
    // amount, an age or a measure after the cue, not a house number
    if (/^\d/.test(value) && !HOUSE_NUMBER.test(value)) continue;
    value = value.replace(/\s+\S*$/, (tail) => (rest.length === 160 && stop === -1 ? '' : tail));
    const [from, to] = addressPart(value);
    // the separators, "and" or "or" at the end; written so no two runs can share the same spaces (the form
    // "[\s,]+(?:and|or)?[\s,]*$" tried every split of a run of spaces at every start: cubic in a line's spaces)
    value = value.slice(0, to).replace(/(?<![\s,])[\s,]+(?:(?:and|or)[\s,]*)?$/, '');
    const begin = start + from + (value.slice(from).length - value.slice(from).trimStart().length);
    if (start + value.length - begin < 3) continue;
    const cueText = m[0].trim().toLowerCase();
    out.push({ start: begin, end: start + value.length, score, why: [`address cue "${cueText}"`], ...(RESIDENCE_CUE.test(cueText) ? { residence: true } : {}) });
  }
  return out;
}

/** A line that continues an address: short, no label, starts with a capital, a digit or a comma. */
const CONTINUATION = /^[ \t]*(?:[?•*·–-]+[ \t]+|>+[ \t]*)?(?:,[ \t]*)?[\p{L}\d][\p{L}\d .,'’()#/-]{0,44}$/u;

/**
 * A line that is a phone number (with or without its label) ends an address block: "512 47 208 office". The lookahead
 * `(?=[+(]?\d)` only repeats what follows it, so the digit count's scan runs from where a number starts, not from
 * every split of a leading run of dashes (quadratic before; the same strings match).
 */
const PHONE_LINE = /^[^\p{L}\d]*(?=[+(]?\d)(?!\d{5}-\d{4}\b)(?=(?:[^\d\n]*\d){7})[+(]?\d[\d() .\-]{5,}\d(?:\s?(?:x|ext\.?)\s?\d+)?(?:[ \t-]+\p{L}+)?[ \t]*$/u;

/** A line that starts with a date or a label ends an address block. */
const NOT_ADDRESS_LINE = /^[ \t]*(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d|\d{1,2}\/\d{1,2}\/\d{2,4}|Page \d|Re:|Subject|Dear\b)/i;

/** The rest of a US town line on the same line: ". Maries, ID 83861" after "PO Box 559 St", ", CA 91913" after "Chula Vista". */
const TOWN_REST = /^\.?,?[ \t]+(?:\p{Lu}[\p{L}'’.-]*,?[ \t]+){0,4}?[A-Z]{2}\.?[ \t]+\d{5}(?:-\d{4})?(?![\w-])/u;

/**
 * A cue's value ends at a period ("new Address: 1500 Carmel Ave. Chula Vista, CA 91913" stopped after "Vista", "PO
 * Box 559 St. Maries, ID 83861" at "St"): the town line's state and ZIP code on the same line complete it.
 */
function withTownLine(text: string, c: Candidate): Candidate {
  if (/\d{5}(?:-\d{4})?$/.test(text.slice(c.start, c.end))) return c;
  const m = TOWN_REST.exec(text.slice(c.end, c.end + 80));
  return m ? { ...c, end: c.end + m[0].length, why: [...c.why, 'town line'] } : c;
}

function extendBlock(text: string, c: Candidate): Candidate {
  let end = c.end;
  // a US address that already ends with its ZIP code is complete
  if (/\b\d{5}(?:-\d{4})?$/.test(text.slice(c.start, c.end)) && /,\s*[A-Z]{2}\s+\d{5}/.test(text.slice(c.start, c.end))) return c;
  const lineEnd = text.slice(end).search(/[\n\f]|$/);
  if (!/^[\s,.]*$/.test(text.slice(end, end + lineEnd))) return c;
  let added = 0;
  let pos = end + lineEnd;
  while (added < 5 && text[pos] === '\n') {
    const rel = text.slice(pos + 1).search(/[\n\f]/);
    const lineEndAt = rel === -1 ? text.length : pos + 1 + rel;
    const line = text.slice(pos + 1, lineEndAt);
    if (!CONTINUATION.test(line) || NOT_ADDRESS_LINE.test(line) || PHONE_LINE.test(line) || line.includes('@') || /:\s/.test(line)) break;
    end = pos + 1 + line.trimEnd().length;
    pos = lineEndAt;
    added++;
    // a US town line ends with its ZIP code: the address is complete
    if (/,?\s[A-Z]{2}\s+\d{5}(?:-\d{4})?\s*$/.test(line)) break;
  }
  if (added === 0) return c;
  return { ...c, end, why: [...c.why, `continued over ${added} line${added > 1 ? 's' : ''}`] };
}

interface AddressCandidate extends Candidate {
  /** Found after a cue saying someone lives there. */
  residence?: boolean;
}

/** Words that end the name of a public building, an office or an organisation's unit. */
const FACILITY =
  '(?:Library|Courthouse|Center|Centre|Hall|School|Station|Park|Department|Division|Office|Agency|Bureau|Unit|Museum|Hospital|Clinic|Building|Plaza|Archives|Administration|Section|Services|Headquarters|Precinct|Courts?|Council|Commission|Authority|Airport|Stadium|Arena|Church|Campus|University|College|Academy|Institute)';
/**
 * A named public building or office right before an address ("Heron Point Public Library, east lot, 90 Civic
 * Way", "The Licensing Center at 415 Fifth Avenue", "Facilities Services Division\n5200 Commerce Way"): the address is
 * that place's, not someone's home.
 */
const PUBLIC_BEFORE = new RegExp(
  `\\p{Lu}[\\p{L}'’.-]*\\s+(?:(?:of|the|and|for|&)\\s+|\\p{Lu}[\\p{L}'’.-]*\\s+)*${FACILITY}\\b(?:[,\\s]+(?:\\p{Ll}+[ \\t]+){0,2}\\p{Ll}+)?(?:[,\\s]+${UNIT}\\.?\\s?#?[A-Za-z0-9-]{1,6})?(?:[ \\t]*(?:,|·|–|\\bat\\b|\\bon\\b|\\bis at\\b))?\\s*$`,
  'u',
);

/**
 * Mail routing that only organisations use: "ATTN:" or "Attention:", an office symbol ("AFPC/DPSD", "HQ NGB/SGPF"),
 * an organisation's acronym in brackets ("(MED-25)").
 */
const ROUTING = /\b(?:ATTN|Attn|Attention|ATTENTION)\b[:.]?|\b[A-Z]{2,}\/[A-Z]{2,}\b|\([A-Z][A-Z0-9&-]{1,9}\)/;

/**
 * An address routed to an office: its own first line, the text before it on its line, or the line above its block
 * (over up to two short numbered lines: "1720 Air Force Pentagon" between "SAF/AA" and "Washington DC 20330")
 * carries mail routing. An addressee's name line above ("Jane Doe") stops the search.
 */
function routedToOffice(text: string, start: number, end: number): boolean {
  const firstLine = text.slice(start, end).split(/[\n\f]/)[0];
  if (ROUTING.test(firstLine)) return true;
  let lineStart = Math.max(text.lastIndexOf('\n', start - 1), text.lastIndexOf('\f', start - 1)) + 1;
  let segment = text.slice(lineStart, start);
  for (let i = 0; i < 4; i++) {
    if (ROUTING.test(segment)) return true;
    // a blank lead, a short numbered line or a line that runs on with a comma belongs to the same block
    const carriesOn = segment.trim() === '' || (i < 3 && segment.length <= 60 && (/\d/.test(segment) || /,[ \t]*$/.test(segment)));
    if (!carriesOn || lineStart === 0 || text[lineStart - 1] !== '\n') return false;
    const prevStart = text.lastIndexOf('\n', lineStart - 2) + 1;
    segment = text.slice(prevStart, lineStart - 1);
    lineStart = prevStart;
  }
  return false;
}

function publicPlaceBefore(text: string, start: number): boolean {
  const m = PUBLIC_BEFORE.exec(text.slice(Math.max(0, start - 90), start));
  // "Jane Hall, 12 Elm Street", "Robert Park\n88 Harbor Road": a given name and a surname that is also a building's word
  return !!m && !personsName(m[0]);
}

/** "Jane Hall", "ROBERT PARK", "Mary E. Church": a given name, an initial or two, and one more word make a person's name. */
function personsName(phrase: string): boolean {
  if (COMPANY_FORM.test(phrase)) return false;
  const words = phrase.replace(/[,·–:\s]+$/u, '').replace(/\b(?:at|on|is at)$/, '').trim().split(/\s+/).filter((w) => !/^\p{Lu}\.?$/u.test(w));
  return words.length === 2 && isGivenName(words[0].replace(/[^\p{L}'’-]/gu, ''));
}

/**
 * Words that only a business's or an association's name holds: its legal form ("Inc.", "LLC", "N.A.") or its kind
 * ("Bank", "Corporation", "Associates"). A trust is left out: a family trust's address is its settlor's home.
 */
/** A company's legal form or kind, which no surname is ("Rand Corporation"; "Jane Church" is a person). */
const COMPANY_FORM = /(?<![\p{L}\p{N}])(?:Inc|Incorporated|LLC|L\.L\.C|Ltd|Corp|Corporation|Company|LLP|PLLC|P\.A|P\.C|N\.A|Bank|Bancorp|Holdings|Enterprises|Industries)(?![\p{L}\p{N}])/u;
const BUSINESS_WORD =
  /(?<![\p{L}\p{N}])(?:Inc|Incorporated|LLC|L\.L\.C|Ltd|Limited|Corp|Corporation|Company|LLP|L\.L\.P|PLLC|P\.A|P\.C|N\.A|Bank|Bancorp|Association|Assn|Foundation|Group|Partners|Partnership|Holdings|Enterprises|Industries|International|Int['’]l|Associates|Society|Credit Union|Insurance|Cooperative|Technologies|Laboratories|Pharmacy|Pharmaceuticals|Hotel|Motel|Inn|Resort|Restaurant|Casino|Theater|Theatre|Law Firm|Law Offices?|Club|Ministries|Church|Lodge|Chamber of Commerce|League|Alliance|Coalition|Federation|(?:City|County|Town|Township|Village|Borough|State|Commonwealth) of|County|Parish|School District)(?![\p{L}\p{N}])/u;
/**
 * "Awarded to: Gulf Coast Paving, 1234 Industrial Parkway", "Contractor: …": a party a public body contracts with or
 * pays is a business (a sole proprietor's address is the business's). A licensee is left out: an individual
 * licensee's premises may be a home (the real-text guide labels them debatable).
 */
const CONTRACT_PARTY = /\b(?:awarded to|award(?:ee)?|contractor|subcontractor|vendor|supplier|bidder|offeror|grantee|payee organi[sz]ation)\s*:/i;
/**
 * "the Circle K, 4501 W. Kennedy Blvd.", "at the Elks Lodge, 1200 Main Street": a name with an article before it is a
 * place or an organisation, never a person ("the late John Smith" is one).
 */
const ARTICLE_NAME_THEN_COMMA = /(?<![\p{L}])(?:the|The|THE)[ \t]+(?!late\b)(?:[\p{Lu}\d][\p{L}\d'’.&-]*[ \t]+){0,5}[\p{Lu}\d][\p{L}\d'’.&-]*,[ \t]*$/u;
/**
 * The owner of an address said before it in its sentence as an organisation, in lower case: "The address of the
 * court is 315 Court Street", "our office is located at", "Business address:", "Main office:". A person's home is
 * never said so.
 */
const ORGANISATION_NOUN = "(?:court|clerk['’]s office|office|agency|department|division|clinic|hospital|school|church|company|business|store|shop|firm|facility|plant|center|centre|library|board|commission|council)";
const ORGANISATION_SAID = new RegExp(
  `\\b(?:(?:address|location|offices?)[ \\t]+of[ \\t]+(?:the|our|its)[ \\t]+${ORGANISATION_NOUN}(?:[ \\t]+(?:is|are))?|(?:the|our|its)[ \\t]+${ORGANISATION_NOUN}(?:['’]s[ \\t]+(?:address|location))?(?:[ \\t]+(?:is|are))?(?:[ \\t]+(?:located|situated|based))?(?:[ \\t]+(?:at|on))?|(?:business|office|work|company|corporate|firm|branch office|principal (?:place of business|office)|(?:contractor|vendor|awardee|supplier|bidder|offeror)(?:[ \\t]+awarded)?)[ \\t]+(?:address|location)|main office|headquarters)[ \\t]*(?:[:,–-][ \\t]*)?$`,
  'iu',
);
/** A name right before its address on the same line: capitalised words (with "of", "and", "&"), then a comma. */
const NAME_THEN_COMMA = /(?<![\p{L}\p{N}'’.&-])((?:(?:[\p{Lu}\d][\p{L}\d'’.&-]*|&|of|and|the|for),?[ \t]+){1,10})$/u;
/** Words that say someone lives at the address, whoever is named before it. */
// "personal" only as the address's own word: a "Personal Representative" is an estate's officer, not a place
const HOME_WORDS = /\b(?:home|resid\w*|lives?|living|domicile|personal(?=[ \t]+(?:address|residence|mailing)))\b/i;

/**
 * An address that a business's name introduces: the name right before it on its line, ending in a comma
 * ("Deployment Medicine Int'l Education & Training, 2901 Stirling Road"), or alone on the line above the address
 * block ("Markair, Inc., an AK corporation" over "PO Box 196769"). A company's office is not a person's home; a
 * person's name line between them ("Acme Bank\nJane Doe\n12 Elm St") makes the address hers.
 */
function businessBefore(text: string, start: number): boolean {
  const lineStart = Math.max(text.lastIndexOf('\n', start - 1), text.lastIndexOf('\f', start - 1)) + 1;
  if (companyFirstInRow(text.slice(lineStart, start))) return true;
  if (text.slice(lineStart, start).trim() !== '') {
    // the name may have wrapped from the line above ("… Medicine Int'l\nEducation & Training, 2901 Stirling Road")
    const lead = text.slice(Math.max(0, start - 120), start).replace(/^[\s\S]*[\f]|^[\s\S]*\n[ \t]*\n/, '').replace(/\n/g, ' ');
    if (HOME_WORDS.test(lead)) return false;
    if (ORGANISATION_SAID.test(lead)) return true;
    if (!/,[ \t]*$/.test(lead)) return false;
    if (ARTICLE_NAME_THEN_COMMA.test(lead) && !familyNamed(lead)) return true;
    const m = NAME_THEN_COMMA.exec(lead);
    if (!m || personsName(m[1])) return false;
    return BUSINESS_WORD.test(m[1]) || CONTRACT_PARTY.test(lead.slice(0, m.index));
  }
  if (lineStart === 0 || text[lineStart - 1] !== '\n') return false;
  // a letterhead: the organisation's name, a blank line or two, then its address
  let aboveEnd = lineStart - 1;
  for (let i = 0; i < 2 && aboveEnd > 0 && text[aboveEnd - 1] === '\n'; i++) aboveEnd--;
  const aboveStart = text.lastIndexOf('\n', aboveEnd - 1) + 1;
  const above = text.slice(aboveStart, aboveEnd);
  if (above.length > 60 || /\d/.test(above) || !(BUSINESS_WORD.test(above) || ordinaryNameLine(above)) || HOME_WORDS.test(above) || personsName(above)) return false;
  // the business heads the block: nothing above it, a blank line or a one-word heading ("Debtor", "Creditor:");
  // a person named above it ("Jane Doe\nAcme Inc.\n12 Elm St") is the addressee, and the block stays proposed
  if (aboveStart === 0 || text[aboveStart - 1] !== '\n') return true;
  const head = text.slice(text.lastIndexOf('\n', aboveStart - 2) + 1, aboveStart - 1);
  return /^[ \t]*(?:[\p{L}.'’-]+[ \t]*:?)?[ \t]*$/u.test(head) || /:[ \t]*$/.test(head);
}

/** A table's cell separator: " | " or a tab. */
const CELL_SEPARATOR = /[ \t]*\|[ \t]*|\t/;

/**
 * "CORAL HOME CARE INC | CORAL HOME CARE INC | 17680 NW 78TH AVE": in a table's row the first cell that names someone
 * names whose the row is (a taxpayer, an owner, an applicant), and a company there owns the row's address, whatever
 * other words its name holds ("HOME" in a company's name is no residence cue). Numbers and codes before it name no one;
 * a person's name first ("Jane Doe | Acme Inc | 12 Elm St") leaves the address hers.
 */
function companyFirstInRow(lead: string): boolean {
  const named = rowParty(lead);
  if (!named || named.length > 80 || personsName(named)) return false;
  // county and state records print names in capitals: "COMPANY", "INC" read as "Company", "Inc"
  const titled = named.replace(/\p{Lu}+/gu, (w) => w.charAt(0) + w.slice(1).toLowerCase());
  return [named, titled].some((n) => COMPANY_FORM.test(n) || BUSINESS_WORD.test(n));
}

/** The first cell of a table's row before a value that names someone: numbers and short codes before it name no one. */
function rowParty(lead: string): string | undefined {
  const cells = lead.split(CELL_SEPARATOR);
  if (cells.length < 2) return undefined;
  return cells.slice(0, -1).map((c) => c.trim()).find((c) => /\p{L}{2}/u.test(c) && !/^[\p{Lu}\d-]{1,4}$/u.test(c));
}

/** Words that make an address more likely a person's when they stand near it (the runner's context step). */
const CONTEXT = ['address', 'lives', 'resides', 'residence', 'home', 'zip', 'mail', 'located'];

/**
 * "14-0144 | Regional Home Med Equip | 911 Colorado Blvd": the row's party cell names someone (a business, a person),
 * and a context word in that name ("Home", "Residence Inn") is a word of the name, no cue about the address. Marked so
 * that the runner's context step, which reads the words before a value, adds nothing for it.
 */
function partyWordsNoCue(text: string, c: Candidate): Candidate {
  const lineStart = Math.max(text.lastIndexOf('\n', c.start - 1), text.lastIndexOf('\f', c.start - 1)) + 1;
  const party = rowParty(text.slice(lineStart, c.start));
  const word = party && findPhrase(words(party), CONTEXT);
  return word ? { ...c, why: [...c.why, `"${word}" in the row's party name "${party}" is no cue`] } : c;
}

/** Words of a heading or a label over an address block, or of a party's role: they name no organisation. */
const LABEL_WORD = /^(?:debtors?|creditors?|plaintiffs?|defendants?|claimants?|applicants?|owners?|tenants?|residents?|requesters?|petitioners?|respondents?|appellants?|appellees?|part(?:y|ies)|trustees?|attorneys?|counsel|addresse?s?|mailing|property|premises|location|residence|street|notice|re|to|from|attn|c\/o|care|name|new|old|former|current|permanent|physical|billing|shipping|service)$/i;

/**
 * "CAPITAL ONE" or "Discover Financial Services" over "PO Box 85015": a name line of two to five ordinary words or
 * short acronyms, none a given name or a surname, names an organisation. A person's line holds a given name or a
 * surname no dictionary lists ("JOHN SMITH", "Oluwaseun Adeyemi"), and a label or a party's role ("Mailing
 * Address", "Debtor") names no one.
 */
function ordinaryNameLine(line: string): boolean {
  const words = line.trim().replace(/[,.:;]+$/, '').split(/[ \t]+/).filter((w) => !/^(?:&|and|of|the|for)$/i.test(w));
  if (words.length < 2 || words.length > 5 || !/^[\p{Lu}\d]/u.test(line.trim())) return false;
  return words.every((w) => {
    const bare = w.replace(/[^\p{L}'’-]/gu, '');
    // an initial or an honorific ("MR. A. B") is a person's
    if (bare.length < 2 || LABEL_WORD.test(bare) || /^(?:mr|mrs|ms|miss|mx|dr)$/i.test(bare)) return false;
    if (/^\p{Lu}{2,4}$/u.test(bare)) return true;
    const lower = bare.toLowerCase();
    return isEnglishWord(lower) && !isGivenName(lower) && !lexiconTags(lower).includes('LastName');
  });
}

/**
 * "the Doe family, 12 Elm Street", "the Johnsons, 12 Elm Street": a family named with an article lives there. The last
 * word is a family's word, or a plural whose singular is a surname or no dictionary word.
 */
function familyNamed(lead: string): boolean {
  const last = /([\p{L}'’-]+),[ \t]*$/u.exec(lead)?.[1] ?? '';
  if (/^(?:family|families|household|estate|heirs)$/i.test(last)) return true;
  if (!/^\p{Lu}\p{Ll}+s$/u.test(last)) return false;
  const singular = last.slice(0, -1).toLowerCase();
  return lexiconTags(singular).includes('LastName') || !isEnglishWord(singular);
}

/** Drops addresses of public places and businesses, with the parts that continue them ("5200 Commerce Way" then ", Ashford, WA 98501"). */
function withoutPublicPlaces(text: string, candidates: AddressCandidate[]): Candidate[] {
  const sorted = [...candidates].sort((a, b) => a.start - b.start);
  const out: Candidate[] = [];
  let publicEnd = -1;
  for (const { residence, ...c } of sorted) {
    const continues = publicEnd >= 0 && c.start <= publicEnd + 3 && /^[\s,]*$/.test(text.slice(Math.min(c.start, publicEnd), c.start));
    if (!residence && (continues || publicPlaceBefore(text, c.start) || businessBefore(text, c.start) || routedToOffice(text, c.start, c.end))) publicEnd = Math.max(publicEnd, c.end);
    else out.push(c);
  }
  return out;
}

/**
 * A text about land use: a planning or zoning body, or a land-use matter (a variance, a rezoning, a site plan, an
 * easement). Its agenda items and comments name parcels as their subject; a bankruptcy docket's "Re: Real Property
 * located at …" (a debtor's home) names no such body or matter.
 */
const LAND_USE = /\b(?:planning (?:commission|board|department|director)|zoning|rezon(?:e|ed|ing)|land[ -]use|variances?|conditional use|site plan|subdivision|concept plan|design review|board of (?:zoning )?adjustment|historic preservation|redevelopment|easements?|encroachments?|annexation)\b/i;
/**
 * What names an item's subject right before an address: "Re:", "Subject:", "Site:", "Property:", or "the property at",
 * "a lot located at", "the parcel at". Nothing may stand between it and the address: an owner named there ("Re: Jane
 * Doe, 12 Elm St", "property of Jane Doe at") makes it someone's.
 */
const SITE_CUE = /(?:^|[\s(|])(?:re|subject|site|project site|subject property|property)[ \t]*:[ \t]*$|\b(?:property|lot|parcel|site|land)[ \t]+(?:(?:located|situated)[ \t]+)?(?:at|on)[ \t]*$/i;
/** Words right after a site's address that say a person owns it or lives there ("Re: 12 Elm St (owner: Jane Doe)"). */
const OWNER_AFTER = /^[^\n|]{0,40}?\b(?:owners?|owned|home|resid\w*|lives?|living|tenants?|occupants?)\b/i;

/**
 * Drops the addresses a land-use text names as an item's subject: "Re: 1220 Jones Street/75 Pleasant Street" in a
 * planning commission's public comment, "a 9.27 acre lot located at 3302 28th Street, and 3665 and 3267 30th
 * Street" in a council's agenda item. That is the site under discussion, a parcel the public record names by its
 * address, not someone's home, even when a speaker's name stands on the same row (real-text batch 11, tuning half).
 * The addresses listed after the first ("/", ", and 3665 and") share its cue. A residence cue or an owner named
 * right after keeps the address proposed.
 */
function withoutSites(text: string, candidates: AddressCandidate[]): AddressCandidate[] {
  if (!LAND_USE.test(text)) return candidates;
  const sorted = [...candidates].sort((a, b) => a.start - b.start);
  let siteEnd = -1;
  return sorted.filter((c) => {
    const inList = siteEnd >= 0 && (c.start < siteEnd || listGap(text.slice(siteEnd, c.start)));
    const lineStart = Math.max(text.lastIndexOf('\n', c.start - 1), text.lastIndexOf('\f', c.start - 1)) + 1;
    const site = inList || SITE_CUE.test(text.slice(Math.max(lineStart, c.start - 60), c.start));
    if (!site || c.residence || OWNER_AFTER.test(text.slice(c.end, c.end + 60))) return true;
    siteEnd = Math.max(siteEnd, c.end);
    return false;
  });
}

/**
 * What separates addresses of one list: "/", ",", "and", "&", and house numbers of the same street ("3665 and"). The
 * list may wrap once after its connective ("3665 and\n3267 30th Street"); a line that starts without one is another entry.
 */
function listGap(gap: string): boolean {
  if (gap.length > 40 || gap.includes('\f')) return false;
  const breaks = gap.split('\n').length - 1;
  if (breaks > 1 || (breaks === 1 && !/(?:\b(?:and|or)|[,/&])[ \t]*\n/i.test(gap))) return false;
  return gap.replace(/[,/&]/g, ' ').split(/\s+/).every((t) => t === '' || /^(?:and|or|\d{1,6}[A-Za-z]?)$/i.test(t));
}

const NAMED_BY_NUMBER = new Set(['postcode name number', 'place and postcode line']);

function nameWords(pattern: string, match: string): string[] {
  const parts = match.trim().split(/\s+/);
  return (pattern === 'postcode name number' ? parts.slice(1, -1) : parts.slice(0, -1)).map((w) => w.replace(/^[(•*·?>–-]+|[()]+$/g, ''));
}

function ordinaryOrAcronym(word: string): boolean {
  // "OMB No. 1545": an abbreviation's period is not part of the word
  const w = /^\p{L}+\.$/u.test(word) && isEnglishWord(word.slice(0, -1).toLowerCase()) ? word.slice(0, -1) : word;
  // "I.D.", "U.S.": a dotted acronym ("P.O." starts a box, an address's own word)
  return w === '' || isEnglishWord(w) || isEnglishWord(w.toLowerCase()) || MONTH.test(w) || /^(?:\p{Lu}[\p{Ll}]?){2,}\.?$/u.test(w) || /^\p{Lu}{2,4}\.?$/u.test(w) || (/^(?:\p{Lu}\.){2,}$/u.test(w) && w !== 'P.O.');
}

const REPORTER = /^\d{1,4}\s(?:(?:\p{Lu}[\p{Ll}]{0,5}\.|\p{Lu}\p{Ll}{0,4}['’]\p{Ll}\.?)\s?){1,4}(?:\d?d|2d|3d|4th)?(?:\s\d{1,5})?$/u;

/** Kinds of court: "the Bankruptcy Court", "the United States Court" name a court, not a street called Court. */
const COURT_KIND = /^(?:Bankruptcy|District|Supreme|Superior|Circuit|Appeals?|Appellate|Tax|Claims|County|Municipal|Family|Probate|Juvenile|Federal|Trial|High|Magistrate|States|Criminal|Civil|Chancery|Housing|Traffic|Land|Crown|Magistrates)$/;

/**
 * A street line names its street between the house number and the street type: "3d Cir. 2008" (a court of appeals
 * in a citation) and "51 Place" have no name; "42 of the United States Court" and "8 The Bankruptcy Court" start
 * with an article or a preposition, or name a kind of court.
 */
function namedStreet(groups: Record<string, string | undefined>): boolean {
  const name = (groups.name ?? '').trim().split(/\s+/).filter((w) => w !== '');
  if (name.length === 0) return groups.direction !== undefined;
  if (/^(?:of|the|The|THE|in|for|and|OF|IN|FOR|AND)$/.test(name[0])) return false;
  return !(/^(?:Court|Ct)$/i.test(groups.type ?? '') && name.some((w) => COURT_KIND.test(w) || COURT_KIND.test(w.charAt(0) + w.slice(1).toLowerCase())));
}

const US_STATE = new RegExp(`^${STATE_NAME}$`);

/** The state part of a "city state zip" line is a two-letter code, a US state, or a name that is not an English word. */
function namedState(match: string): boolean {
  const state = /(?:^|[\s,])((?:\p{Lu}\p{Ll}+[ \t])?\p{Lu}\p{Ll}+|[A-Z]{2})\.?[ \t]+\d{5}(?:-\d{4})?$/u.exec(match)?.[1];
  if (!state || /^[A-Z]{2}$/.test(state) || US_STATE.test(state)) return true;
  return !state.split(/[ \t]/).every((w) => isEnglishWord(w.toLowerCase()));
}

const MONTH = /^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?$/i;

/**
 * "a renter living on Old County Road", "I live on Elm Street", "who lives on Harbor Lane": a street that someone is
 * said to live on is part of that person's home address even without a house number, as the street part of a home
 * address is (the real-text guide, thirteenth batch: the street a resident says he lives on is redacted). The street's
 * name may wrap onto the next line; it ends with a street type, so "living on Social Security" names no street. Its words
 * are separated by spaces or one line break, never by nothing, so a run of letters splits into words one way only
 * (no backtracking over the ways to split it: regex-safety.test.ts).
 */
const LIVES_ON = new RegExp(String.raw`\b(?:lives|living|live|lived|resides|residing|reside)[ \t]+on[ \t]+(?<street>(?:\p{Lu}[\p{L}'’.-]*(?:[ \t]+(?:\n[ \t]*)?|\n[ \t]*)){1,3}?${SUFFIX})\b\.?`, 'gu');

/** The streets a text says someone lives on (see LIVES_ON). */
function homeStreets(text: string): AddressCandidate[] {
  const out: AddressCandidate[] = [];
  for (const m of text.matchAll(LIVES_ON)) {
    const street = m.groups!.street;
    const start = m.index + m[0].indexOf(street);
    // the evidence reads as a residence cue's, which personal-tie.ts takes as the address's own proof of a home
    out.push({ start, end: start + street.length, score: 0.6, why: [`address cue "${m[0].slice(0, m[0].indexOf(street)).trim().toLowerCase()}"`], residence: true });
  }
  return out;
}

/** Whether a town line fills its line under a line that holds no digit and ends with no label's colon (see find). */
function townLineAlone(text: string, start: number, end: number): boolean {
  const lineStart = Math.max(text.lastIndexOf('\n', start - 1), text.lastIndexOf('\f', start - 1)) + 1;
  const lineEnd = text.slice(end).search(/[\n\f]|$/) + end;
  // the line holds the town line and nothing else but a country ("…, OH 44054, United States") or a trailing comma
  if (text.slice(lineStart, start).trim() !== '' || !/^[ \t,]*(?:United[ \t]+States[ \t]*)?$/.test(text.slice(end, lineEnd))) return false;
  // a town line that opens the text stands under nothing: no writer's name to read it by
  if (lineStart === 0) return false;
  const above = text.slice(Math.max(text.lastIndexOf('\n', lineStart - 2), text.lastIndexOf('\f', lineStart - 2)) + 1, lineStart - 1);
  return !/\d/.test(above) && !/:[ \t]*$/.test(above);
}

/** A hundred-block where a house number would stand: "900 Block", "4700 BLOCK", "0 Blk" (a round hundred, then the word). */
const HUNDRED_BLOCK = /^(?:\d*00|0)[ \t]+(?:block|blk)\b/i;

function find(input: DetectInput): Candidate[] {
  const text = input.text;
  const out: AddressCandidate[] = [];
  for (const p of patterns) {
    if (p.requires && !p.requires.test(text)) continue;
    p.regex.lastIndex = 0;
    for (const m of text.matchAll(p.regex)) {
      // "5.19.1.6", "unit 5.21.10": a number that goes on with a period and digits numbers a paragraph, not a house
      if (/^\.?\d/.test(text.slice(m.index + m[0].length, m.index + m[0].length + 2)) && /\d\.?$/.test(m[0])) continue;
      // "12 Table 5", "AF Form 1535", "See DoD 6025", "6 JUNE 2012", "32 CFR 199": a place name holds a word that
      // is neither in the dictionary, nor an acronym, nor a month
      if (NAMED_BY_NUMBER.has(p.name) && nameWords(p.name, m[0]).every(ordinaryOrAcronym)) continue;
      // "via the PIMR program. 5", "via DD Form 2870": "via" is an English word too; the Italian street type is
      // followed by a name no dictionary knows ("via Goffredo Mameli 149")
      if (p.name === 'street type first' && /^(?:\d+\s+)?via\s/i.test(m[0]) && m[0].replace(/^(?:\d+\s+)?via\s+/i, '').split(/\s+/).slice(0, -1).every(ordinaryOrAcronym)) continue;
      // "AFPC/FL 4": an office symbol, not a floor
      if (p.name === 'unit' && text[m.index - 1] === '/') continue;
      // "459 F. Supp. 3d", "239 S.W.3d 151": a law report citation, volume then reporter
      if (REPORTER.test(m[0])) continue;
      // "900 Block Freeport RD", "4700 Block Centre AV", "0 Blk of W Madison": police and city open data give the
      // hundred-block an arrest or a call was on so that no one's home is named; a block is no house number
      if (HUNDRED_BLOCK.test(m[0])) continue;
      if (p.name === 'street' && m.groups && !namedStreet(m.groups)) continue;
      // "Final tn 12", "Kase tee 42": a short foreign street type after a name only a dictionary knows is prose
      if (p.name === 'street type after' && m[0].replace(/^\d+\s+/, '').split(/\s+/).slice(0, -2).every((w) => isEnglishWord(w.toLowerCase()))) continue;
      // "Bankr. Doc. 1168", "Dkt. 45": a record citation's abbreviation before a number, not a place before its postcode
      if (p.name === 'place and postcode line' && /^\p{Lu}\p{Ll}{2,}\.$/u.test(nameWords(p.name, m[0]).at(-1) ?? '')) continue;
      // "12 main road" could be prose; "23 ashbourne road" names a street no dictionary knows
      if (p.name === 'lower-case street' && m[0].split(/\s/).slice(1, -1).every((w) => /\d/.test(w) || isEnglishWord(w))) continue;
      // "ASBCA Nos. 61234", "Docket No 12345": a word that numbers a record is no state; a state or country written
      // out is a name no dictionary holds ("Belgium"), or a US state's ("New Jersey")
      if (p.name === 'city state zip' && !namedState(m[0])) continue;
      // "Dawn Boggs\nAmelia, OH 45102" under a signed comment: a town line alone on its line, under a line with no
      // number and no label (a name, a closing), continues no street or box: it is the town the writer gives, which
      // the real-text guide keeps (fifteenth batch; towns, states and ZIP codes are kept in notices to creditors and
      // rolls too). Under a street, a box or "Address:" it stays the address's last line
      if (p.name === 'city state zip' && townLineAlone(text, m.index, m.index + m[0].length)) continue;
      // "is on Grazer Strasse 41": prose words before a street name are not part of it
      let start = m.index;
      if (p.name === 'street type after') {
        for (const w of m[0].matchAll(/\S+/g)) {
          if (!/^\p{Ll}+$/u.test(w[0]) || !isEnglishWord(w[0])) break;
          start = m.index + w.index + w[0].length + 1;
        }
        if (m.index + m[0].length - start < 4) continue;
      }
      out.push({ start, end: m.index + m[0].length, score: p.score, why: [`pattern ${p.name}`] });
    }
  }
  out.push(...cueCandidates(text, STRONG_CUE, false, 0.65), ...cueCandidates(text, WEAK_CUE, true, 0.6), ...cueCandidates(text, CORNER_CUE, false, 0.6));
  out.push(...homeStreets(text));
  out.push(...tableAddresses(text));
  // a form field is whole as it stands: the lines after it in the text are other fields
  return [...withoutLoneUnits(text, withoutPublicPlaces(text, withoutSites(text, out))).map((c) => partyWordsNoCue(text, extendBlock(text, withTownLine(text, c)))), ...formFields(input)];
}

/** A text table's column of street lines ("StreetAddress", "Mailing Address", "Mail Addr", "Address 1"). */
const STREET_HEAD = /^(?:(?:mailing|mail|owners?|taxpayers?|physical|residence|home|street|site)[ _]?)?(?:address|addr|street)(?:[ _]?(?:1|one|line[ _]?1))?$/i;
/** The column right after it that holds the rest of the street line ("Address 2", "Unit", "Apt"). */
const STREET_REST_HEAD = /^(?:(?:mailing|mail|owners?|taxpayers?)[ _]?)?(?:address|addr)[ _]?(?:2|two|line[ _]?2)$|^(?:unit|apt|apartment|suite)$/i;
/** The town, state and ZIP columns that follow it, as exports name them ("City", "St", "Zip Code", "Postal Code"). */
const CITY_HEAD = /^(?:(?:mailing|mail|owner|taxpayer)[ _]?)?(?:city|town)$/i;
const STATE_HEAD = /^(?:(?:mailing|mail|owner|taxpayer)[ _]?)?(?:state|st)$/i;
const ZIP_HEAD = /^(?:(?:mailing|mail|owner|taxpayer)[ _]?)?(?:zip|zip[ _]?code|zipcode|postal[ _]?code|postcode)$/i;
/** What those cells hold: a line with a number (a house, a box), a town's words, a state's code or name, a ZIP code. */
const CITY_VALUE = /^\p{L}[\p{L} .'’-]{1,40}$/u;
const STATE_VALUE = /^(?:[A-Z]{2}|\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)?)$/u;
const ZIP_VALUE = /^\d{5}(?:-\d{4})?$/;
/** A town line in one cell: "Rhinebeck, NY 12572", "New York, NY 10014", "Rhinebeck, NY 12572-0748". */
const TOWN_LINE_VALUE = /^\p{L}[\p{L} .'’-]{1,40}, ?[A-Z]{2} \d{5}(?:-\d{4})?$/u;

/**
 * "1101 PARTRIDGE RD | SPARTANBURG | SC | 29302" under "StreetAddress | City | State | Zip": an export that splits an
 * address over cells prints one address, and it is read as one, from the street's cell to the ZIP code's. The street
 * line alone is a place ("1101 PARTRIDGE RD" is also the parcel's location); with its town and ZIP code in its row it is
 * a mailing address, and a redaction takes it whole. The row's cells and their headers come from the text table's
 * reading (text-table.ts), so a record that wraps over lines reads as one too. Whose the address is (an owner, a
 * company, a service request's location) is judged as for any address: the company rules here, then personal-tie.ts.
 */
function tableAddresses(text: string): Candidate[] {
  const out: Candidate[] = [];
  for (const record of textRecords(text)) {
    const cells = record.cells;
    const value = (i: number) => (cells[i] ? text.slice(cells[i].start, cells[i].end).replace(/\s+/g, ' ') : '');
    for (let i = 0; i < cells.length; i++) {
      if (!STREET_HEAD.test(cells[i].head) || !/\d/.test(value(i)) || !/\p{L}{2}/u.test(value(i))) continue;
      // the address starts at its number or box: a name before it in the cell ("Harbor View College, 2210 Willow
      // Ave") is its addressee, judged by the rules for what stands before an address
      const lead = /(?<![\p{L}\d])(?:\d|P\.?[ \t]?O\.?[ \t]+Box\b|Box\b)/iu.exec(text.slice(cells[i].start, cells[i].end));
      if (!lead) continue;
      // "3 Creek Cir | Rhinebeck, NY 12572" under "owners_address_one | owners_address_two": a roll that prints the
      // mailing address as two lines puts the town, state and ZIP code in the street's second cell, as one town line
      if (cells[i + 1] && STREET_REST_HEAD.test(cells[i + 1].head) && TOWN_LINE_VALUE.test(value(i + 1))) {
        out.push({ start: cells[i].start + lead.index, end: cells[i + 1].end, score: 0.8, why: [`cells "${cells[i].head} | ${cells[i + 1].head}" read as one address`] });
        continue;
      }
      let j = i + 1;
      if (cells[j] && STREET_REST_HEAD.test(cells[j].head)) j++;
      if (!cells[j + 2] || !CITY_HEAD.test(cells[j].head) || !STATE_HEAD.test(cells[j + 1].head) || !ZIP_HEAD.test(cells[j + 2].head)) continue;
      if (!CITY_VALUE.test(value(j)) || !STATE_VALUE.test(value(j + 1)) || !ZIP_VALUE.test(value(j + 2))) continue;
      const heads = cells.slice(i, j + 3).map((c) => c.head).join(' | ');
      out.push({ start: cells[i].start + lead.index, end: cells[j + 2].end, score: 0.8, why: [`cells "${heads}" read as one address`] });
    }
  }
  return out;
}

/** Short values a filled form's address fields hold: an apartment ("2C", "Unit 12" is found by its word) or a ZIP code. */
const FIELD_VALUE = /(?<![\w.,/-])(?:\d{5}(?:-\d{4})?|[A-Z]?\d{1,5}[A-Z]?|\d{1,4}-[A-Z])(?![\w,/-]|\.\d)/g;
const APARTMENT_LABEL = ['apt', 'apartment', 'apt no', 'unit no', 'suite no'];
const ZIP_LABEL = ['zip', 'zip code', 'postal code', 'postcode'];

/**
 * A filled form's apartment and ZIP code fields: a short value whose printed label (to its left or above it) names
 * the apartment or the ZIP code. Their text stands apart from the street, so no street pattern sees them. Only pages
 * whose text names such a field are searched.
 */
function formFields(input: DetectInput): Candidate[] {
  const out: Candidate[] = [];
  input.document.pages.forEach((page, i) => {
    if (page.words.length === 0 || !/\b(?:apt|apartment|zip)\b/i.test(page.text)) return;
    const base = input.pageStarts[i];
    for (const m of page.text.matchAll(FIELD_VALUE)) {
      const zip = /^\d{5}(?:-\d{4})?$/.test(m[0]);
      const label = formLabel(input, base + m.index, base + m.index + m[0].length);
      if (label.length === 0) continue;
      const named = findPhrase(label, zip ? ZIP_LABEL : APARTMENT_LABEL);
      // a lone number under "Apt. no." is the apartment; one that could be a ZIP must sit under "ZIP code"
      if (named && (zip || !/^\d{5}$/.test(m[0]))) out.push({ start: base + m.index, end: base + m.index + m[0].length, score: 0.7, why: [`form field "${named}"`] });
    }
  });
  return out;
}

/** Units of a home: an apartment, a suite or a flat alone still says where someone lives. */
const HOME_UNIT = /^(?:apt|apartment|suite|ste|flat)\b/i;

/**
 * "check box 6a", "Room 301", "Floor 3": a box, room or floor alone in a line locates no one; it counts only beside
 * another part of an address (a street, a town line, a box), where it joins it, or when it starts a line of an
 * address block ("Apt. 879" over "Huizen"). An apartment, suite or flat is kept alone ("mrs. dawn jessen suite 085").
 */
function withoutLoneUnits(text: string, candidates: Candidate[]): Candidate[] {
  const startsLine = (c: Candidate) => /(?:^|[\n\f])[ \t]*(?:[?•*·–-]+[ \t]+|>+[ \t]*)?$/.test(text.slice(Math.max(0, c.start - 8), c.start));
  const units = new Set(candidates.filter((c) => c.why.length === 1 && c.why[0] === 'pattern unit' && !HOME_UNIT.test(text.slice(c.start, c.end)) && !startsLine(c)));
  if (units.size === 0) return candidates;
  const others = candidates.filter((c) => !units.has(c));
  const touches = (u: Candidate, o: Candidate) => (o.start <= u.end && u.start <= o.end) || /^[\s,]*$/.test(text.slice(Math.min(u.end, o.end), Math.max(u.start, o.start)));
  return candidates.filter((c) => !units.has(c) || others.some((o) => touches(c, o)));
}

export const address: Detector = {
  id: 'address',
  category: 'personal.address',
  summary: 'Street addresses, PO and military boxes, and text after address cues.',
  find,
  context: CONTEXT,
  contextBoost: 0.15,
  examples: {
    match: [
      'She lives at 1234 Elm Street, Apt. 5, Springfield, IL 62704.',
      'Address: PSC 4417, Box 2208\nAPO AE 09321',
      'office at 212 Fjellvegen 14 Suite 301',
      'sent to P.O. Box 1432',
      'Irja Halonen\n20541 Puistokatu 7\nSuite 212\nTAMPERE\nFinland 33100',
      'ZIP: 3581 KD',
    ],
    ignore: ['The meeting is on Main Street policy', 'Section 5 of the Act', 'AFI41-210 6 JUNE 2012', 'see 32 CFR 199 for details', 'signed 21 Aug 05 by the board', 'We reviewed 12 documents', 'Annual Report 2024', 'In 2019 the board met 4 times.'],
  },
};

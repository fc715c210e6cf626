/**
 * @module
 * Street addresses: US street lines, European street forms (name then number,
 * "ul.", "u.", "-gatan 5"), PO and military boxes, units, postcodes after a
 * label, and text after address cues. An address that ends a line takes the
 * following short lines that continue it (unit, town, country and postcode).
 */
import type { Candidate, Detector } from './detector.ts';
import { isEnglishWord } from './english-words.ts';
import type { DetectInput } from './input.ts';

const SUFFIX =
  '(?:Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Circle|Cir|Highway|Hwy|Parkway|Pkwy|Square|Sq|Trail|Trl|Alley|Aly|Loop|Crescent|Cres|Close|Row|Pike|Turnpike|Plaza|Walk|Path|Crossing|Xing|Point|Pt|Ridge|Heights|Hts|Gardens|Gdns|Grove|Mews|Green|Park|Vista|Estates|Isle|Coves?|Parks|Forges?|Fort|Harbor|Harbour|Junction|Jct|Landing|Meadows?|Mills?|Orchard|Pass|Port|Ranch|Springs?|Station|Summit|Valley|Village|Ville|Wells?|Str)';
const UNIT = '(?:Apt|Apartment|Suite|Ste|Unit|Flat|Room|Rm|Floor|Fl|Bldg|Building|Lot|Box)';
const WORD = "[\\p{L}][\\p{L}'’.-]*";
const CAP = "\\p{Lu}[\\p{L}'’.-]*";
/** "Springfield, IL 62704", "Santa Fe, New Mexico 87501-1234". */
const CITY_STATE_ZIP = `${CAP}(?:[ \\t]${CAP}){0,3},?[ \\t](?:[A-Z]{2}|\\p{Lu}\\p{Ll}+(?:[ \\t]\\p{Lu}\\p{Ll}+)?)\\.?[ \\t]+\\d{5}(?:-\\d{4})?`;
/** European street words end the name ("Koskikatu 25", "Nybyvägen 65", "Hauptstraße 5"). */
const EURO_SUFFIX =
  '(?:vägen|gatan|väg|gata|gränd|katu|tie|kuja|polku|vej|veien|vegen|vei|gade|stræde|stræti|straße|strasse|str\\.|weg|laan|plein|gracht|hove|allee|platz|gasse|utca|ulica|ulice|útja|sokak|caddesi|terrasse|brekka|braut|gata)';
/** Street types written before the name ("ul. Miła 53", "Avda. Rio Nalon 58", "Calle Mayor 3"). */
const PREFIX = '(?i:ul\\.|al\\.|avda\\.|av\\.|avenida|avenue de[s]?|calle|carrer|c/|rua|rue|via|viale|piazza|plaza|paseo|strada|praça|largo|camino|camiño|travessa|republica de)';
/** Street types written as a separate word after the name ("Luite tee 87", "hegyalja út 98"). */
const AFTER_WORD = '(?:tee|mnt|tn|út|utca|utcája|gade|vej|steenweg|straat|weg|gasse|strasse|straße|Str\\.)';
/** Lower-case words allowed inside street names ("Via delle Coste", "Rue de Piétrain"). */
const SMALL = '(?:de|del|dei|della|delle|dalla|des|du|da|do|dos|la|le|van|von|der|a)';

/** Bullets and mojibake that start lines of address blocks ("• ", "??? "). */
const BULLET = '(?:[?•*·–-]+[ \\t]+)?';

const patterns: { name: string; regex: RegExp; score: number }[] = [
  {
    name: 'street',
    regex: new RegExp(`\\b\\d{1,6}[A-Za-z]?(?:-\\d{1,4})?\\s(?:\\d{1,6}\\s)?(?:[NSEW]\\.?\\s|North\\s|South\\s|East\\s|West\\s)?(?:(?:${CAP}|\\d+(?:st|nd|rd|th)|of|the|de|la|del)\\s){0,4}${SUFFIX}\\b\\.?(?:\\s(?:[NS][EW]?|[EW])\\b\\.?)?(?:,?\\s${UNIT}\\.?\\s?#?[A-Za-z0-9-]{1,6})?(?:,?\\s+${CITY_STATE_ZIP})?`, 'gu'),
    score: 0.75,
  },
  { name: 'european street', regex: new RegExp(`(?:\\b\\d{1,6}\\s)?(?<![\\p{L}])\\p{L}[\\p{L}'’-]*${EURO_SUFFIX}\\s\\d{1,5}[A-Za-z]?\\b`, 'gu'), score: 0.7 },
  { name: 'street type first', regex: new RegExp(`(?:\\b\\d{1,6}\\s)?(?<![\\p{L}])${PREFIX}\\s(?:(?:${WORD}|${SMALL})\\s){0,4}\\d{1,5}[A-Za-z]?\\b`, 'gu'), score: 0.7 },
  { name: 'street type after', regex: new RegExp(`(?:\\b\\d{1,6}\\s)?(?<![\\p{L}])(?:${WORD}\\s){1,3}${AFTER_WORD}\\s\\d{1,5}[A-Za-z]?\\b\\.?`, 'gu'), score: 0.65 },
  { name: 'hungarian utca', regex: new RegExp(`(?:\\b\\d{1,6}\\s)?(?:${CAP}\\s){1,3}u\\.\\s\\d{1,4}\\.?`, 'gu'), score: 0.7 },
  { name: 'postcode name number', regex: new RegExp(`(?<![\\p{L}\\p{N}.,-])\\d{1,6}[ \\t](?:${CAP}[ \\t]){1,3}\\d{1,5}[A-Za-z]?(?![\\p{L}\\p{N}])`, 'gu'), score: 0.6 },
  { name: 'po box', regex: /\b(?:P\.?\s?O\.?\s?Box|Post Office Box|PSC|CMR|Unit)\s\d{1,6}(?:,?\s?Box\s\d{1,6})?/gi, score: 0.7 },
  { name: 'military post', regex: /\b(?:APO|FPO|DPO)\s(?:AA|AE|AP)\s\d{5}\b/gi, score: 0.7 },
  { name: 'unit', regex: new RegExp(`\\b${UNIT}\\.?\\s?#?\\d{1,5}[A-Za-z]?\\b`, 'gi'), score: 0.55 },
  { name: 'city state zip', regex: new RegExp(`(?<=[\\n,]\\s?|^)${CITY_STATE_ZIP}`, 'gu'), score: 0.6 },
  { name: 'place and postcode line', regex: new RegExp(`(?<=(?:^|[\\n\\f])[ \\t]*${BULLET})${CAP}(?:[ \\t]${WORD}){0,3}[ \\t]\\(?${CAP}?\\)?[ \\t]?(?!(?:19|20)\\d{2}\\b)\\d{4,6}(?=[ \\t]*(?:[\\n\\f?.,]|$))`, 'gu'), score: 0.55 },
  { name: 'postcode after label', regex: /(?<=\b(?:zip|zip code|postal code|postcode|post code)\b\s*(?:is|:)?\s*)\d{3,6}(?:[ -]\d{2,4})?(?: [A-Z]{2})?\b/gi, score: 0.7 },
];

/** Labels and verbs after which an address follows. Weak cues need the address to start with a number. */
const STRONG_CUE = /\b(?:address(?:es)?|addr|residence|domicile|address of record|mailing address|home address|billing address|shipping address)\b(?:\s+(?:is|at|in|on|of|to|with|here|they are|it is))*\s*[:\-]?\s*/gi;
const WEAK_CUE = /\b(?:resides|residing|lives|living|lived|located|is at|are at|sent to|send (?:it|this|them)? ?to|ship(?:ped)? to|deliver(?:ed)? to|return(?:ed)? to|mail(?:ed)? to|moved to|corner of|off at|it is|it's in|it's at)\b(?:\s+(?:at|in|on|the corner of))*\s*[:\-]?\s*/gi;
const CUE_END = /[.;!?](?:\s|$)|\s(?:and then|but|since|for|from|until|where|when|because|in case)\s|[\n\f]/;

function cueCandidates(text: string, cue: RegExp, needsDigit: boolean, score: number): Candidate[] {
  const out: Candidate[] = [];
  for (const m of text.matchAll(cue)) {
    const start = m.index + m[0].length;
    if (needsDigit ? !/\d/.test(text[start] ?? '') : !/[\d\p{Lu}]/u.test(text[start] ?? '')) continue;
    // an address has a number somewhere near its start (house, box or postcode); a table header does not
    if (!/\d/.test(text.slice(start, start + 40))) continue;
    const rest = text.slice(start, start + 160);
    const stop = rest.search(CUE_END);
    let value = (stop === -1 ? rest : rest.slice(0, stop)).replace(/[\s,]+$/, '');
    // an IP, email or URL after "address" is not a street address
    if (value.length < 3 || /@|:\/\/|^\d{1,3}(?:\.\d{1,3}){3}\b|^[0-9a-f]{0,4}:[0-9a-f:]+/i.test(value)) continue;
    value = value.replace(/\s+\S*$/, (tail) => (rest.length === 160 && stop === -1 ? '' : tail));
    out.push({ start, end: start + value.length, score, why: [`address cue "${m[0].trim().toLowerCase()}"`] });
  }
  return out;
}

/** A line that continues an address: short, no label, starts with a capital, a digit or a comma. */
const CONTINUATION = /^[ \t]*(?:[?•*·–-]+[ \t]+)?(?:,[ \t]*)?[\p{L}\d][\p{L}\d .,'’()#/-]{0,44}$/u;

/** A line that starts with a date or a label ends an address block. */
const NOT_ADDRESS_LINE = /^[ \t]*(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d|\d{1,2}\/\d{1,2}\/\d{2,4}|Page \d|Re:|Subject|Dear\b)/i;

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
    if (!CONTINUATION.test(line) || NOT_ADDRESS_LINE.test(line) || line.includes('@') || /:\s/.test(line)) break;
    end = pos + 1 + line.trimEnd().length;
    pos = lineEndAt;
    added++;
  }
  if (added === 0) return c;
  return { ...c, end, why: [...c.why, `continued over ${added} line${added > 1 ? 's' : ''}`] };
}

function find(input: DetectInput): Candidate[] {
  const text = input.text;
  const out: Candidate[] = [];
  for (const p of patterns) {
    p.regex.lastIndex = 0;
    for (const m of text.matchAll(p.regex)) {
      // "12 Table 5" is not an address: the name must hold a word no dictionary knows
      if (p.name === 'postcode name number' && m[0].split(/\s/).slice(1, -1).every((w) => isEnglishWord(w))) continue;
      out.push({ start: m.index, end: m.index + m[0].length, score: p.score, why: [`pattern ${p.name}`] });
    }
  }
  out.push(...cueCandidates(text, STRONG_CUE, false, 0.65), ...cueCandidates(text, WEAK_CUE, true, 0.6));
  return out.map((c) => extendBlock(text, c));
}

export const address: Detector = {
  id: 'address',
  category: 'personal.address',
  summary: 'Street addresses, PO and military boxes, and text after address cues.',
  find,
  context: ['address', 'lives', 'resides', 'residence', 'home', 'zip', 'mail', 'located'],
  contextBoost: 0.15,
  examples: {
    match: [
      'She lives at 1234 Elm Street, Apt. 5, Springfield, IL 62704.',
      'Address: PSC 8139, Box 3699\nAPO AE 99874',
      'office at 475 Breivangvegen 38 Suite 490',
      'sent to P.O. Box 1432',
      'Maureen Thibault\n41086 Kiannonkatu 98\nSuite 464\nOULU\nFinland 80896',
      'ZIP: 7412 SL',
    ],
    ignore: ['The meeting is on Main Street policy', 'Section 5 of the Act', 'We reviewed 12 documents', 'Annual Report 2024', 'In 2019 the board met 4 times.'],
  },
};

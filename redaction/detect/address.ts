import type { Candidate, Detector } from './detector.ts';
import type { DetectInput } from './input.ts';

const SUFFIX =
  '(?:Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Circle|Cir|Highway|Hwy|Parkway|Pkwy|Square|Sq|Trail|Trl|Alley|Aly|Loop|Crescent|Cres|Close|Row|Pike|Turnpike|Plaza|Walk|Path|Run|Crossing|Xing|Point|Pt|Ridge|Heights|Hts|Gardens|Gdns|Grove|Mews|Green|Hill|Park|View|Vista|Estates)';
const UNIT = '(?:,?\\s(?:Apt|Apartment|Suite|Ste|Unit|Room|Rm|Floor|Fl|Bldg|Building|Lot|Box|#)\\.?\\s?#?[A-Za-z0-9-]{1,6})';
const NAME_WORD = "(?:[A-Z0-9][\\p{L}'.-]*|of|the|de|la|del)";
/** "Springfield, IL 62704", "Santa Fe, New Mexico 87501-1234". */
const CITY_STATE_ZIP_CORE = "[A-Z][\\p{L}'.-]+(?:\\s[A-Z][\\p{L}'.-]+){0,3},?\\s(?:[A-Z]{2}|[A-Z][a-z]+(?:\\s[A-Z][a-z]+)?)\\.?\\s+\\d{5}(?:-\\d{4})?";
const CITY_STATE_ZIP = `(?:,?\\s+${CITY_STATE_ZIP_CORE})`;
/** European street words end the name ("Koskikatu 25", "Nybyvägen 65", "Hauptstraße 5"). */
const EURO_STREET =
  "[A-ZÅÄÖØÆÜ][\\p{L}'-]*(?:vägen|gatan|väg|gata|gränd|katu|tie|kuja|polku|vej|veien|vegen|vei|gade|stræde|straße|strasse|str\\.|weg|laan|plein|gracht|allee|platz|gasse|ring|utca|ulica|ulice|út|tér|sokak|caddesi)";

const cueText = /\b(?:address(?:ed)?|addr|residence|residing|resides|lives|living|lived|located|mailing address|home address|domicile|address of record)\b(?:\s+(?:is|at|in|on|of))*\s*[:\-]?\s*/gi;

/** After an address label, the rest of the line and the lines that continue it. */
function findLabelled(input: DetectInput): Candidate[] {
  const out: Candidate[] = [];
  const text = input.text;
  for (const m of text.matchAll(cueText)) {
    let start = m.index + m[0].length;
    if (!/[\dA-Z]/.test(text[start] ?? '')) continue;
    let end = start;
    // up to four lines that look like address parts (short, with capitals or digits)
    for (let line = 0; line < 4; line++) {
      const nl = text.slice(end).search(/[\n\f]/);
      const lineEnd = nl === -1 ? text.length : end + nl;
      const piece = text.slice(end, lineEnd);
      const stop = line === 0 ? piece.search(/[.;!?](?:\s|$)|\s(?:and|but|since|for|from|with|until|where|when)\s/) : -1;
      const kept = stop === -1 ? piece : piece.slice(0, stop);
      if (line > 0 && (kept.length > 60 || /^\s*\p{L}+\s*:/u.test(kept) || !/[\dA-Z]/.test(kept))) break;
      end = end + kept.trimEnd().length;
      if (stop !== -1 || lineEnd >= text.length) break;
      end = lineEnd + 1;
      start = Math.min(start, end);
    }
    while (end > start && /[\s,]/.test(text[end - 1])) end--;
    const value = text.slice(m.index + m[0].length, end);
    if (value.length < 4 || value.length > 200 || !/\d|\p{Lu}\p{L}+ \p{Lu}/u.test(value)) continue;
    out.push({ start: m.index + m[0].length, end, score: 0.7, why: [`address cue "${m[0].trim().toLowerCase()}"`] });
  }
  return out;
}

export const address: Detector = {
  id: 'address',
  category: 'personal.address',
  summary: 'Street addresses, PO and military boxes, and text after address cues.',
  patterns: [
    {
      name: 'street',
      regex: new RegExp(`\\b\\d{1,6}[A-Za-z]?(?:-\\d{1,4})?\\s(?:[NSEW]\\.?\\s|North\\s|South\\s|East\\s|West\\s)?(?:${NAME_WORD}\\s){0,4}${SUFFIX}\\b\\.?(?:\\s(?:[NS][EW]?|[EW])\\b\\.?)?${UNIT}?${CITY_STATE_ZIP}?`, 'gu'),
      score: 0.75,
    },
    { name: 'european street', regex: new RegExp(`(?:\\b\\d{1,6}\\s)?${EURO_STREET}\\s\\d{1,5}[A-Za-z]?\\b${UNIT}?`, 'gu'), score: 0.7 },
    { name: 'po box', regex: /\b(?:P\.?\s?O\.?\s?Box|Post Office Box|PSC|CMR|Unit)\s\d{1,6}(?:,?\s?Box\s\d{1,6})?(?:\s*\n?\s*(?:APO|FPO|DPO)\s(?:AA|AE|AP)\s\d{5})?/gi, score: 0.7 },
    { name: 'military post', regex: /\b(?:APO|FPO|DPO)\s(?:AA|AE|AP)\s\d{5}\b/g, score: 0.7 },
    { name: 'city state zip', regex: new RegExp(`(?<=[\\n,]\\s?|^)${CITY_STATE_ZIP_CORE}`, 'gu'), score: 0.55 },
  ],
  find: findLabelled,
  context: ['address', 'lives', 'resides', 'residence', 'home', 'zip', 'mail', 'located'],
  contextBoost: 0.15,
  examples: {
    match: ['She lives at 1234 Elm Street, Apt. 5, Springfield, IL 62704.', 'Address: PSC 8139, Box 3699\nAPO AE 99874', 'office at 475 Breivangvegen 38 Suite 490', 'sent to P.O. Box 1432'],
    ignore: ['The meeting is on Main Street policy', 'Section 5 of the Act', 'We reviewed 12 documents'],
  },
};

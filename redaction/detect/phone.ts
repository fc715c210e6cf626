import type { Detector } from './detector.ts';
import { digitsOf } from './checksums.ts';
import { caseless } from './caseless.ts';

const SEP = '[ .\\-\u00a0]';
/** Typeset text (the Federal Register) writes the hyphen of a telephone number as an en dash, sometimes with a space: "(202) 493–2251", "206–231– 3500". */
const NA_SEP = '(?:[ .\\-\u00a0]|\u2013 ?)';
/** "6 JUNE 2012 117": a number right after a month name is a date's year or day (and a page number after it). */
const NOT_AFTER_MONTH = `(?<!\\b(?:${caseless('(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*')})\\.?\\s)`;
/** "2012 WL\n1344828": a Westlaw citation's number, the reporter on the line before. */
const NOT_AFTER_REPORTER = '(?<!\\bWL\\s+)';
/**
 * "SCPD #21-29897", "Apt #12", "Lot #4471-2": a number written right after a number sign is one of a series (a report,
 * a unit, a lot), not a phone, unless a phone word labels the sign ("Phone #", "Tel. #: 587 3021").
 */
const NOT_AFTER_NUMBER_SIGN = `(?<!(?<!\\b${caseless('(?:phone|telephone|tel|cell|mobile|fax|ph)')}\\.?[ \\t]?)#[ \\t]?)`;
/**
 * "Zoom at 10:45 ID: 948 7288 5694", "Docket ID: 555 0100": a number after "ID:" is the identifier of a meeting or a
 * record. The colon tells the label from Idaho, which stands before a ZIP code without one ("Boise, ID 83702").
 */
const NOT_AFTER_ID_LABEL = '(?<!\\bID:[ \\t]?(?:\\d+[ .\\-\\t])*)';
const EXT = '\\s?(?:x|ext\\.?)\\s?\\d{1,5}';
/** Labels written after a number in contact blocks ("0468 31 72 09 office", "623-418-7750-Fax"). */
const LABELS = ['office', 'fax', 'mobile', 'cell', 'home', 'work', 'direct', 'tel'];
/** North American toll-free numbers: 1-800, (888) and the like. */
const TOLL_FREE = new RegExp(`^(?:\\+?1${SEP}?|001${SEP}?)?(?:\\(8(?:00|33|44|55|66|77|88)\\)|8(?:00|33|44|55|66|77|88))${SEP}?\\d{3}${SEP}\\d{4}(?:${EXT})?$`);
/** A number ends at a non-word character, or at a hyphen that attaches its label. */
const END = `(?:(?![\\w-])|(?=-(?:${caseless(LABELS.join('|'))})\\b))`;

export const phone: Detector = {
  id: 'phone',
  category: 'personal.phone',
  summary: 'Phone and fax numbers: North American and international formats.',
  ocrDigits: true,
  patterns: [
    {
      name: 'north american',
      regex: new RegExp(`(?<![\\w+-])(?:(?:\\+?1|001)${NA_SEP}?)?(?:\\([2-9]\\d{2}\\)${NA_SEP}?|[2-9]\\d{2}${NA_SEP})[2-9]\\d{2}${NA_SEP}\\d{4}(?:${EXT})?${END}`, 'g'),
      score: 0.7,
    },
    { name: 'international', regex: new RegExp(`(?<![\\w+])\\+\\d{1,3}${SEP}?(?:\\(\\d{1,5}\\)${SEP}?)?\\d{1,5}(?:${SEP}?\\d{1,5}){1,5}(?:${EXT})?${END}`, 'g'), score: 0.7 },
    { name: 'trunk prefix', regex: new RegExp(`${NOT_AFTER_NUMBER_SIGN}${NOT_AFTER_ID_LABEL}(?<![\\w.+-])(?:\\(0\\d{1,4}\\)${SEP}?|0\\d{1,4}${SEP})\\d{2,4}(?:${SEP}\\d{2,4}){1,3}(?:${END}(?!\\.\\d))`, 'g'), score: 0.45 },
    { name: 'grouped digits', regex: new RegExp(`${NOT_AFTER_NUMBER_SIGN}${NOT_AFTER_ID_LABEL}${NOT_AFTER_MONTH}${NOT_AFTER_REPORTER}(?<![\\w.+-])\\d{3,4}${SEP}\\d{3,4}${SEP}\\d{3,4}(?:${END}(?!\\.\\d))`, 'g'), score: 0.3 },
    // short local and foreign formats ("587 3021", "(64) 318-227", "06-51837290") count only with a phone word nearby
    { name: 'digits near a phone word', regex: new RegExp(`${NOT_AFTER_NUMBER_SIGN}${NOT_AFTER_ID_LABEL}${NOT_AFTER_MONTH}${NOT_AFTER_REPORTER}(?<![\\w.+/-])(?:\\(\\d{1,5}\\)${SEP}?)?\\d{2,10}(?:${SEP}\\d{2,8}){0,4}(?:${EXT})?(?:${END}(?![.,/]\\d))`, 'g'), score: 0.2 },
  ],
  context: ['phone', 'telephone', 'tel', 'cell', 'cellphone', 'mobile', 'fax', 'desk', 'call', 'called', 'calling', 'contact', 'reach', 'reach you', 'text', 'ph', 'landline', 'dial', 'messages', 'answering', 'whatsapp', 'sms', 'phone number', 'registered', 'at',
    // "number" alone names any number ("lease number 57-6395-09-039", "license number"): only a person's or a line's
    ...['my', 'your', 'his', 'her', 'their', 'our', 'this', 'that', 'the', 'new', 'contact', 'home', 'cell', 'mobile', 'work', 'direct', 'callback'].map((w) => `${w} number`)],
  contextAfter: LABELS,
  contextBoost: 0.35,
  // "ID" alone is Idaho as often as a label ("Boise, ID 83702, phone 208-…"): only an ID's number or an identification excludes
  // "2020 WL 6948354" is a Westlaw citation; "Frm 00001 Fmt 4702 Sfmt 4702" the Federal Register's typesetting line
  // A service's line is an organisation's, never a person's: a hotline, a tip or help line, a switchboard, a text
  // telephone (TTY/TDD), a meeting's dial-in ("Join by phone: …")
  exclude: ['case', 'docket', 'file', 'order', 'invoice', 'account', 'acct', 'card', 'ssn', 'routing', 'id number', 'id no', 'identification', 'license', 'licence', 'passport', 'zip', 'postal', 'code', 'room', 'suite', 'wl', 'frm', 'fmt', 'sfmt', 'jkt', 'po', 'receipt',
    'hotline', 'tip line', 'tipline', 'help line', 'helpline', 'switchboard', 'tty', 'tdd', 'dial in', 'call in', 'join by phone', 'conference line', 'teleconference',
    // a video meeting's ID and passcode are the meeting's, grouped like a phone number ("Meeting ID 812 3344 5566")
    'meeting id', 'webinar id', 'conference id', 'passcode'],
  certain: true,
  validate: (text) => {
    const d = digitsOf(text);
    const international = text.trimStart().startsWith('+');
    const main = digitsOf(text.replace(/\s?(?:x|ext\.?)\s?\d+$/, ''));
    if (main.length < (international ? 8 : 6) || main.length > 15) return false;
    if (/^(\d)\1+$/.test(d)) return false;
    // dates and times are not phone numbers
    if (/^\d{1,4}[-./]\d{1,2}[-./]\d{2,4}$/.test(text.trim()) || /^\d{1,2}:\d{2}/.test(text) || /^(?:19|20)\d{2}-\d{1,2}$/.test(text.trim())) return false;
    // "2014-00001875", "2020-0632": a year, a hyphen and a serial (zero-padded or long) number a case in a police or
    // court log; no telephone plan starts with a year and pads its subscriber number with zeros
    if (/^(?:19|20)\d{2}-(?:0\d{3,}|\d{5,})$/.test(text.trim())) return false;
    // toll-free numbers are organisations' service lines, never a person's
    if (TOLL_FREE.test(text.trim())) return false;
    return `${d.length} digits`;
  },
  examples: {
    match: ['Call (202) 555-0173 after noon', 'Fax: 001-345-899-3560x4587', 'Phone: 0481 62 30 57', 'tel. +44 20 7946 0958', 'Please stop sending messages to 043 712 58 90', 'cell 202.555.0173', '512 47 208 office', '(29) 641-507-Office', 'her number is 587 3021', 'Phone #: 587 3021', 'John Q. Public, 88 Main St, Boise ID 83702, phone 208-555-0144'],
    ignore: ['call the help line at 1-800-555-0199', 'Call 911 or the tip line at (831) 420-5820.', 'Join by phone: 1-415-655-0001, access code 123 456 789', 'TTY (202) 693-7755', 'Report No. 2024-11 · Office of the Controller', 'Employee ID number 202-555-0173', 'Shooting at 427 Pierce St - SCPD #21-29897', 'SSN 372-41-8806', 'Card 4111 1111 1111 1111', 'Section 1234 567 of the code', 'version 2.10.3', 'dated 2024-03-15', 'Filing fee paid, receipt number 5521907.', 'leasing of real estate property. Lease number 57-6395-09-039.'],
  },
};

/**
 * @module
 * Identity document and record numbers, only in a known format and only where a
 * label names them (a form field, a sentence "my driver's license number is", a
 * table column): US driver licences in the named state's format (or some state's),
 * passport numbers in the ICAO document-number shape, and record numbers an
 * institution issues (employee, badge, inmate, patient, member, student, alien
 * registration, DoD ID). A number with an ID-ish word somewhere near it is not one:
 * ZIP codes, paragraph, form and publication numbers were what that found.
 * Formats with a registry's check (NPI, NHS, NINO, MBI, SSN, ITIN) have their own
 * detectors.
 */
import type { Candidate, Detector } from './detector.ts';
import type { DetectInput } from './input.ts';
import { STATE_NAME, driverLicenceFormat, statesNamed } from './driver-licence.ts';
import { labelledValues } from './labelled-value.ts';

const DRIVER_LICENCE = /\b(?:driver['’]?s?['’]?|driving|operator['’]?s?|chauffeur['’]?s?)[\s-]+licen[cs]es?\b|\b(?:DL|D\/L|CDL|OLN)\b/gi;
const DRIVER_LICENCE_HEADER = /\b(?:driver s|drivers|driver|driving|operator s|operator) licen[cs]e\b|\b(?:dl|cdl|oln)\b/;
const PASSPORT = /\bpassport(?:\s+(?:card|book))?\b/gi;
const PASSPORT_HEADER = /\bpassport\b/;
// a booking number is left out: it numbers one booking (an arrest's entry in a jail's log, printed on the sheriff's public
// roster with its charges and court), as a case number numbers a case; an inmate's number follows the person
const RECORD =
  /\b(?:employee|badge|inmate|patient|member|student|military|dod|edipi|alien(?: registration)?|uscis|green card|state|tribal|medicaid|medicare|beneficiary|visa)\s*(?:id|number|no\b|num\b|#)|\b(?:medical record number|MRN|EDIPI|A-Number|DoD ID|badge)\b/gi;
// a column headed by the holder alone ("Employee") holds their numbers when its cells are codes
const RECORD_HEADER = /\b(?:(?:employee|badge|inmate|patient|member|student|military|dod|alien|uscis|state|tribal|medicaid|medicare|visa) (?:id|no|number|num)|mrn|edipi|medical record number)\b|^(?:employee|badge|inmate|patient|member|student)$/;

/**
 * A state identification number ("SID: TX08374674"), which a state's criminal-justice records (a court's register of
 * actions, a jail's roster) give a person with their fingerprints: the acronym in capitals only, as the records print
 * it ("sid" in prose is a word or a name), and a value in the record number format.
 */
const STATE_ID = /\bSID\b/g;
const STATE_ID_HEADER = /^sid(?: (?:no|number))?$/;

/** A law-enforcement officer's rank or title, then the officer's name, right before a badge number. */
const OFFICER_BEFORE = /\b(?:Officer|Ofc|Deputy|Dep|Sergeant|Sgt|Lieutenant|Lt|Detective|Det|Trooper|Tpr|Agent|Corporal|Cpl|Captain|Capt|Patrolman|Patrol Officer|Constable|Marshal|Ranger|Investigator)\.?(?:[ \t]+\p{Lu}[\p{L}'’.-]*){1,3}[ \t]*[,(]?[ \t]*(?:[Bb]adge|BADGE)(?:[ \t]+(?:[Nn]o\.?|[Nn]umber|NO\.?))?[ \t:#.]*$/u;

/** A federal prisoner's register number (Bureau of Prisons: five digits, a dash, three digits) under its label. */
const REGISTER = /\b(?:BOP[ \t]+)?Reg(?:ister|\.)?[ \t]*(?:No\b\.?|Number|#)/g;
const REGISTER_HEADER = /\b(?:register|reg) (?:no|number)\b/;
const REGISTER_FORMAT = /^\d{5}-\d{3}$/;

/** ICAO 9303 document numbers: up to nine letters and digits; passports are mostly digits. */
function passportFormat(value: string): string | undefined {
  const v = value.replace(/[\s-]/g, '').toUpperCase();
  return /^(?=(?:[A-Z]*\d){6})[A-Z0-9]{6,9}$/.test(v) && /^[A-Z]{0,3}\d/.test(v) ? 'ICAO document number format' : undefined;
}

/** An institution's record number: letters and digits, at least four digits, not a year, a date or a plain word. */
function recordFormat(value: string): string | undefined {
  const v = value.replace(/[\s-]/g, '');
  if (v.length < 4 || v.length > 20 || (v.match(/\d/g)?.length ?? 0) < 4) return undefined;
  if (/^(?:19|20)\d{2}$/.test(v) || /^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/.test(value)) return undefined;
  return 'record number format';
}

function find(input: DetectInput): Candidate[] {
  const out: Candidate[] = [];
  const where = (l: { where: string; label: string }) => (l.where === 'label' ? `label "${l.label}"` : `column header "${l.label}"`);
  for (const l of labelledValues(input, DRIVER_LICENCE, { header: DRIVER_LICENCE_HEADER, filler: STATE_NAME })) {
    const format = driverLicenceFormat(input.text.slice(l.start, l.end), statesNamed(l.before, l.after));
    if (format) out.push({ start: l.start, end: l.end, score: 0.8, why: [where(l), format] });
  }
  for (const l of labelledValues(input, PASSPORT, { header: PASSPORT_HEADER })) {
    const format = passportFormat(input.text.slice(l.start, l.end));
    if (format) out.push({ start: l.start, end: l.end, score: 0.8, why: [where(l), format] });
  }
  for (const l of labelledValues(input, REGISTER, { header: REGISTER_HEADER })) {
    if (REGISTER_FORMAT.test(input.text.slice(l.start, l.end))) out.push({ start: l.start, end: l.end, score: 0.8, why: [where(l), 'prisoner register number format'] });
  }
  for (const l of labelledValues(input, STATE_ID, { header: STATE_ID_HEADER })) {
    const format = recordFormat(input.text.slice(l.start, l.end));
    if (format) out.push({ start: l.start, end: l.end, score: 0.7, why: [where(l), format] });
  }
  for (const l of labelledValues(input, RECORD, { header: RECORD_HEADER })) {
    // "Sgt. Maria Ortiz, badge #4471, responded": an officer's badge, worn to be seen, is part of her public role
    if (/badge/.test(l.label) && OFFICER_BEFORE.test(input.text.slice(Math.max(0, l.start - 80), l.start))) continue;
    const format = recordFormat(input.text.slice(l.start, l.end));
    if (format) out.push({ start: l.start, end: l.end, score: 0.7, why: [where(l), format] });
  }
  return out;
}

export const idNumber: Detector = {
  id: 'id-number',
  category: 'personal.id-number',
  summary: 'Driver licence (by state), passport, state identification (SID) and institution record numbers, where a label names them.',
  find,
  examples: {
    match: ['Employee badge 40117 was issued to John Doe.', 'Inmate John Doe, Register No. 12345-678, was transferred.', "Driver's license D1234567 (CA)", 'passport number 510328772', 'My driver license number is 47-21-7788', 'Oregon driver license number 7291554', 'Employee ID E-40117'],
    ignore: [
      "Driver's license D1234567 (MD)",
      'Cost Center 410-220\nName Employee',
      'Invoice D1234567',
      'passport office opened in 2019',
      'the license expired in March',
      'Washington, DC 20035 identification office',
      'IAW AFI 36-2910, the employee ID card',
      'Federal Register No. 2015-12345 notice',
      'Sgt. Maria Ortiz, badge #4471, responded to the call.',
      'Officer J. Smith (badge 11207) made the arrest.',
      'Booking #: 2022178003 Name: ESTES, KACY JAMES Facility: Main Jail',
    ],
  },
};

/**
 * @module
 * US driver licence numbers by issuing state: the formats of the widely published
 * state table (letters and digits by position), checked on the value with its
 * separators removed. A value is a licence number when it fits the named state's
 * format, or, when no state is named, some state's.
 *
 * ```ts
 * driverLicenceFormat('D1234567', ['CA']); // 'California format'
 * driverLicenceFormat('D1234567', ['MD']); // undefined: Maryland numbers are a letter and 12 digits
 * ```
 */
import { caseless } from './caseless.ts';

/** `A` a letter, `9` a digit; `{m,n}` repeats the class before it. Written as regex sources over the compact value. */
const FORMATS: Record<string, { name: string; formats: string[] }> = {
  AL: { name: 'Alabama', formats: ['\\d{1,8}'] },
  AK: { name: 'Alaska', formats: ['\\d{1,7}'] },
  AZ: { name: 'Arizona', formats: ['[A-Z]\\d{1,8}', '[A-Z]{2}\\d{2,5}', '\\d{9}'] },
  AR: { name: 'Arkansas', formats: ['\\d{4,9}'] },
  CA: { name: 'California', formats: ['[A-Z]\\d{7}'] },
  CO: { name: 'Colorado', formats: ['\\d{9}', '[A-Z]\\d{3,6}', '[A-Z]{2}\\d{2,5}'] },
  CT: { name: 'Connecticut', formats: ['\\d{9}'] },
  DE: { name: 'Delaware', formats: ['\\d{1,7}'] },
  DC: { name: 'District of Columbia', formats: ['\\d{7}', '\\d{9}'] },
  FL: { name: 'Florida', formats: ['[A-Z]\\d{12}'] },
  GA: { name: 'Georgia', formats: ['\\d{7,9}'] },
  HI: { name: 'Hawaii', formats: ['[A-Z]\\d{8}', '\\d{9}'] },
  ID: { name: 'Idaho', formats: ['[A-Z]{2}\\d{6}[A-Z]', '\\d{9}'] },
  IL: { name: 'Illinois', formats: ['[A-Z]\\d{11,12}'] },
  IN: { name: 'Indiana', formats: ['[A-Z]\\d{9}', '\\d{9,10}'] },
  IA: { name: 'Iowa', formats: ['\\d{9}', '\\d{3}[A-Z]{2}\\d{4}'] },
  KS: { name: 'Kansas', formats: ['[A-Z]\\d[A-Z]\\d[A-Z]', '[A-Z]\\d{8}', '\\d{9}'] },
  KY: { name: 'Kentucky', formats: ['[A-Z]\\d{8,9}', '\\d{9}'] },
  LA: { name: 'Louisiana', formats: ['\\d{1,9}'] },
  ME: { name: 'Maine', formats: ['\\d{7}', '\\d{7}[A-Z]', '\\d{8}'] },
  MD: { name: 'Maryland', formats: ['[A-Z]\\d{12}'] },
  MA: { name: 'Massachusetts', formats: ['[A-Z]\\d{8}', '\\d{9}'] },
  MI: { name: 'Michigan', formats: ['[A-Z]\\d{10}', '[A-Z]\\d{12}'] },
  MN: { name: 'Minnesota', formats: ['[A-Z]\\d{12}'] },
  MS: { name: 'Mississippi', formats: ['\\d{9}'] },
  MO: { name: 'Missouri', formats: ['[A-Z]\\d{5,9}', '[A-Z]\\d{6}R', '\\d{8}[A-Z]{2}', '\\d{9}[A-Z]', '\\d{9}'] },
  MT: { name: 'Montana', formats: ['[A-Z]\\d{8}', '\\d{13}', '\\d{9}', '\\d{14}'] },
  NE: { name: 'Nebraska', formats: ['[A-Z]\\d{6,8}'] },
  NV: { name: 'Nevada', formats: ['\\d{9,10}', '\\d{12}', 'X\\d{8}'] },
  NH: { name: 'New Hampshire', formats: ['\\d{2}[A-Z]{3}\\d{5}'] },
  NJ: { name: 'New Jersey', formats: ['[A-Z]\\d{14}'] },
  NM: { name: 'New Mexico', formats: ['\\d{8,9}'] },
  NY: { name: 'New York', formats: ['[A-Z]\\d{7}', '[A-Z]\\d{18}', '\\d{8,9}', '\\d{16}', '[A-Z]{8}'] },
  NC: { name: 'North Carolina', formats: ['\\d{1,12}'] },
  ND: { name: 'North Dakota', formats: ['[A-Z]{3}\\d{6}', '\\d{9}'] },
  OH: { name: 'Ohio', formats: ['[A-Z]\\d{4,8}', '[A-Z]{2}\\d{3,7}', '\\d{8}'] },
  OK: { name: 'Oklahoma', formats: ['[A-Z]\\d{9}', '\\d{9}'] },
  OR: { name: 'Oregon', formats: ['\\d{1,9}'] },
  PA: { name: 'Pennsylvania', formats: ['\\d{8}'] },
  RI: { name: 'Rhode Island', formats: ['\\d{7}', '[A-Z]\\d{6}'] },
  SC: { name: 'South Carolina', formats: ['\\d{5,11}'] },
  SD: { name: 'South Dakota', formats: ['\\d{6,10}', '\\d{12}'] },
  TN: { name: 'Tennessee', formats: ['\\d{7,9}'] },
  TX: { name: 'Texas', formats: ['\\d{7,8}'] },
  UT: { name: 'Utah', formats: ['\\d{4,10}'] },
  VT: { name: 'Vermont', formats: ['\\d{8}', '\\d{7}A'] },
  VA: { name: 'Virginia', formats: ['[A-Z]\\d{8,11}', '\\d{9}'] },
  WA: { name: 'Washington', formats: ['(?=[A-Z*]{1,7})[A-Z][A-Z0-9*]{11}'] },
  WV: { name: 'West Virginia', formats: ['\\d{7}', '[A-Z]{1,2}\\d{5,6}'] },
  WI: { name: 'Wisconsin', formats: ['[A-Z]\\d{13}'] },
  WY: { name: 'Wyoming', formats: ['\\d{9,10}'] },
};

const COMPILED = new Map(Object.entries(FORMATS).map(([code, s]) => [code, new RegExp(`^(?:${s.formats.join('|')})$`)]));
const BY_NAME = new Map(Object.entries(FORMATS).map(([code, s]) => [s.name.toLowerCase(), code]));
/** A regex source matching any state's full name, in any case. */
export const STATE_NAME = `\\b(?:${caseless([...BY_NAME.keys()].sort((a, b) => b.length - a.length).join('|'))})\\b`;
const STATE_NAMES = new RegExp(`\\b(${[...BY_NAME.keys()].sort((a, b) => b.length - a.length).join('|')})\\b`, 'gi');

/** The value as the table reads it: upper case, separators (spaces, dashes, dots) removed. */
export function compactLicence(value: string): string {
  return value.replace(/[\s\-–.]/g, '').toUpperCase();
}

/**
 * The format `value` fits: of one of `states` (postal codes) when any is named, else of any state. Undefined when it
 * fits none, or is a bare number of three digits or fewer (a count, not a licence).
 */
export function driverLicenceFormat(value: string, states: readonly string[] = []): string | undefined {
  const v = compactLicence(value);
  if (!/\d/.test(v) || /^\d{1,3}$/.test(v)) return undefined;
  const named = states.filter((s) => COMPILED.has(s));
  const codes = named.length > 0 ? named : [...COMPILED.keys()];
  const fits = codes.filter((c) => COMPILED.get(c)!.test(v));
  if (fits.length === 0) return undefined;
  return named.length > 0 ? `${FORMATS[fits[0]].name} licence format` : 'a US state licence format';
}

/**
 * States named in a stretch of text: full names anywhere, postal codes only where they cannot be English words
 * ("(MD)", "MD DL", a code alone after the value): "OR", "IN" and "ME" are words too.
 */
export function statesNamed(before: string, after: string): string[] {
  const out = new Set<string>();
  for (const m of `${before} ${after}`.matchAll(STATE_NAMES)) out.add(BY_NAME.get(m[1].toLowerCase())!);
  for (const m of `${before} ${after}`.matchAll(/\(([A-Z]{2})\)/g)) if (COMPILED.has(m[1])) out.add(m[1]);
  const lead = /\b([A-Z]{2})\s+(?:DL|D\/L|CDL|driver|driving|operator)/i.exec(before);
  if (lead && COMPILED.has(lead[1]) && lead[1] === lead[1].toUpperCase()) out.add(lead[1]);
  const trail = /^[\s,]+([A-Z]{2})(?![\w])/.exec(after);
  if (trail && COMPILED.has(trail[1])) out.add(trail[1]);
  return [...out];
}

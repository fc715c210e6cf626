/**
 * @module
 * A court docket's party listing, read once per text: the counsel column after "represented by", which runs over
 * every lawyer listed for a party (not only the first) up to the next party's heading or the docket entries, and the
 * entries in it that are a pro se party's own. Extracted text keeps neither columns nor blank lines, so the column is
 * found by its headings, not its indentation.
 *
 * ```ts
 * counselColumn('Debtor\nJANE ROE\nrepresented by Gerald K. Smith\nLEWIS & ROCA\n\nJohn C. Siemers\n…', at);
 * // → 'counsel' for "John C. Siemers" and his firm's lines
 * ```
 */
import { isGivenName } from './given-names.ts';
import { memo } from './document-context.ts';

/** The roles a docket lists parties under. */
export const PARTY_ROLE = '(?:Plaintiff|Defendant|Debtor|Creditor|Petitioner|Respondent|Appellant|Appellee|Intervenor|Movant|Claimant|Party|Trustee|Curiae|Committee|Mediator|Examiner|Garnishee|Objector|Witness)s?';
/** A party's heading on its own line: "Debtor", "Joint Debtor", "U.S. Trustee", "Plaintiff - Appellee", "Interested Party". */
export const PARTY_HEADING = new RegExp(`^[ \\t]*(?:[A-Z][\\w.'’]*[ \\t]+){0,3}${PARTY_ROLE}(?:[ \\t]*-[ \\t]*(?:[A-Z][\\w.'’]*[ \\t]+){0,2}${PARTY_ROLE})?[ \\t]*$`);
/** The docket entries' header, or an entry opening with its date: the party listing is over. */
const ENTRIES = /^[ \t]*(?:(?:Filing|Date)[ \t]+(?:Date|Filed)\b|\d{1,2}\/\d{1,2}\/\d{2,4}[ \t])/;
/** "represented by Gerald K. Smith" ("Not Represented by an Attorney" starts no column). */
const REPRESENTED_BY = /\brepresented[ \t]+by[ \t]+(?=\p{Lu})/gu;
/**
 * An appellate docket's notice code under a lawyer's name: "[COR NTC Retained]", "[NTC Federal Government]",
 * "[COR LD NTC CJA Appointment]", "[On Brief]". "[NTC Pro Se]" is a party's own line.
 */
export const COUNSEL_NOTICE = /\[(?:COR|LD|NTC|On Brief)\b(?![^\]\n]*\bPro Se\b)[^\]\n]*\]/;
/** A party who represents themselves. */
export const PRO_SE = /\bpro[ \t]+se\b|\bin[ \t]+pro(?:pria)?[ \t]+per(?:sona)?\b|\bself[ -]represented\b/i;

/** "M. Gregory Oczkus", "LARRY LEE WATSON", "William M. Barstow, III": a line that is a person's name, opening a lawyer's lines. */
function personLine(line: string): boolean {
  const words = line.trim().split(/[ \t]+/);
  if (words.length < 2 || words.length > 5 || /[\d@&/]/.test(line)) return false;
  if (!words.every((w) => /^(?:\p{Lu}[\p{L}'’.-]*,?|\(\p{Lu}+\))$/u.test(w))) return false;
  const first = words.find((w) => !/^\p{Lu}\.$/u.test(w)) ?? '';
  return isGivenName(first.replace(/[,.]$/, ''));
}

interface Entry {
  start: number;
  end: number;
  proSe: boolean;
}

/** Each lawyer's lines in every counsel column of the text, with whether the lines are a pro se party's. */
function entries(text: string): Entry[] {
  const out: Entry[] = [];
  for (const m of text.matchAll(REPRESENTED_BY)) {
    const from = m.index + m[0].length;
    let at = from;
    let entryStart = from;
    const close = (end: number) => {
      if (end > entryStart) out.push({ start: entryStart, end, proSe: PRO_SE.test(text.slice(entryStart, end)) });
    };
    for (;;) {
      const nl = text.indexOf('\n', at);
      const lineEnd = nl === -1 ? text.length : nl;
      const next = nl === -1 ? -1 : nl + 1;
      if (next === -1) {
        close(lineEnd);
        break;
      }
      const stop = text.indexOf('\n', next);
      const line = text.slice(next, stop === -1 ? text.length : stop);
      if (PARTY_HEADING.test(line) || ENTRIES.test(line) || /\brepresented[ \t]+by\b/.test(line)) {
        close(lineEnd);
        break;
      }
      if (personLine(line)) {
        close(lineEnd);
        entryStart = next;
      }
      at = next;
    }
  }
  return out;
}

const counselEntries = memo<Entry[]>();

/**
 * Whether the offset lies in a docket's counsel column: 'counsel' for a lawyer's or a court officer's lines there
 * (name, firm, office address, phone, e-mail), 'pro se' for a party's own lines in the column, otherwise undefined.
 */
export function counselColumn(text: string, at: number): 'counsel' | 'pro se' | undefined {
  const entry = counselEntries(text, () => (text.includes('represented') ? entries(text) : [])).find((e) => at >= e.start && at < e.end);
  return entry && (entry.proSe ? 'pro se' : 'counsel');
}

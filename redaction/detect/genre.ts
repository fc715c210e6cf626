/**
 * @module
 * Whether a document is a published public record: a court's opinion, docket or case list, a statute or regulation,
 * an agency's FOIA log or FOIA page, an inspector general's or a press office's release. Such a document names people
 * publicly every day (judges, counsel, officials, staff, authors, parties of record), so a name in it is a private
 * person's only on evidence of a private capacity (see person-name.ts). An office's own records (memos, reports,
 * letters, incident reports, rosters) name their people privately, and keep the name rules' ordinary reading.
 *
 * The signals are the furniture of each kind, counted by kind: two kinds present, or one kind often, make a
 * published record.
 *
 * ```ts
 * publishedRecord('Plaintiff … v. … 806 F.3d 680 …') // → true
 * ```
 */

/** One kind of a published record's furniture. */
const SIGNALS: { kind: string; pattern: RegExp }[] = [
  // a court's parties by their procedural names
  { kind: 'court parties', pattern: /\b(?:Plaintiffs?|Defendants?|Appellants?|Appellees?|Petitioners?|Respondents?|Debtors?|Creditors?|PLAINTIFFS?|DEFENDANTS?|APPELLANTS?|APPELLEES?|PETITIONERS?|RESPONDENTS?|DEBTORS?)\b/g },
  // "Hawaii v. Trump", "People v Seymore", "In re Colonial BancGroup"
  { kind: 'case style', pattern: /\p{Lu}[\p{L}.'’-]*,?[ \t]+(?:v\.?|vs\.?)[ \t]+\p{Lu}|\bIn re[ \t]+\p{Lu}|\bMatter of[ \t]+\p{Lu}/gu },
  // "806 F.3d 680", "590 U.S. 255", "28 I&N Dec. 437", "347 B.R. 473", "309 S.W.3d 303"
  { kind: 'reporter citation', pattern: /\b\d{1,4}[ \t]+(?:F\.[ \t]?(?:2d|3d|4th|Supp\.?(?:[ \t]?[23]d)?|App['’]x)|U\.[ \t]?S\.|S\.[ \t]?Ct\.|L\.[ \t]?Ed\.(?:[ \t]?2d)?|B\.[ \t]?R\.|I&N[ \t]Dec\.|[A-Z][a-z]{0,4}\.(?:[ \t]?[A-Z][a-z]{0,4}\.)*[ \t]?[23]d)[ \t]+\d/g },
  // a docket's columns and headings
  { kind: 'docket', pattern: /\b(?:Docket(?:ed)?|Date [Ff]iled|Entered:|Assigned to:|Date [Tt]erminated|Chapter (?:7|11|13)\b|Nature of Suit|Lead Case)/g },
  // statutes and regulations
  { kind: 'statute', pattern: /§|\bU\.[ \t]?S\.[ \t]?C\.|\bC\.[ \t]?F\.[ \t]?R\.|\bCFR\b|Federal Register|\bPub\.[ \t]?L\./g },
  // an agency's FOIA records
  { kind: 'foia', pattern: /\bFOIA\b|Freedom of Information|\b(?:received|closed|target|due)[ \t]+\d{1,2}\/\d{1,2}\/\d{2,4}/g },
  // releases of a press office or an inspector general
  { kind: 'release', pattern: /FOR IMMEDIATE RELEASE|\b(?:Press|News) [Rr]elease|\bInspector General\b|\bOIG\b|\bU\.S\. Attorney['’]s Office\b/g },
];

/** One kind counts alone from this many occurrences. */
const ONE_KIND_OFTEN = 4;
/** Distinct kinds that make a published record together. */
const KINDS_TOGETHER = 2;

let cache: { text: string; published: boolean } | undefined;

/** The kinds of published-record furniture a text holds, with how often each occurs. */
export function recordSignals(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const { kind, pattern } of SIGNALS) {
    let n = 0;
    for (const _ of text.matchAll(pattern)) if (++n >= ONE_KIND_OFTEN) break;
    if (n > 0) out.set(kind, n);
  }
  return out;
}

/** Whether a text is a published public record by its furniture (see the module comment). */
export function publishedRecord(text: string): boolean {
  if (cache?.text === text) return cache.published;
  const signals = recordSignals(text);
  const published = signals.size >= KINDS_TOGETHER || [...signals.values()].some((n) => n >= ONE_KIND_OFTEN);
  cache = { text, published };
  return published;
}

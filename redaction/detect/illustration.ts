/**
 * @module
 * Example values that a directive or a form's instructions present as such govern more than their own sentence: "her
 * Pseudo SSN would look like this: 801-10-1215. … If a third infant … the number would change to 802-10-1215." The
 * marker governs its whole paragraph (or list): a value after it, in the same numbered paragraph, is illustrative too.
 * Only words that say a value is made up count here; "example" and "sample" alone govern their sentence only
 * (`run.ts`), since "a blood sample" or "for example, on 3 May" sit beside real details.
 */

/** Words that say the values of a paragraph are made up. */
const MADE_UP = /(?<![@.\w-])(?:pseudo|fictitious|fictional|dummy|placeholder|looks? like this|would look like|will look like)(?![\w-]|\.[a-z])/i;

/**
 * Where a paragraph starts: a blank line, a page break, or a numbered paragraph heading at a line start
 * ("4.9.10.2. Pseudo SSNs are", "(3) The"), searched within `max` characters.
 */
const PARAGRAPH_START = /\n[ \t]*\n|\f|\n[ \t]*(?:\d{1,3}\.){1,6}(?:\d{1,3}\.?)?[ \t]|\n[ \t]*\(\d{1,2}\)[ \t]/g;

/** The paragraph before `start`, back to its beginning (at most `max` characters). */
export function paragraphBefore(text: string, start: number, max = 1500): string {
  const from = Math.max(0, start - max);
  const head = text.slice(from, start);
  let cut = 0;
  for (const m of head.matchAll(PARAGRAPH_START)) cut = m.index + 1;
  return head.slice(cut);
}

/** A sentence that says whose value it is ("The claimant gave SSN …") reports a real one, whatever came before. */
const SOMEONES = /\b(?:claimant|applicant|beneficiary|veteran|employee|his|her|my|their|gave|provided|stated|reported)\b/i;

/** Whether a made-up marker earlier in the value's paragraph presents it as an illustration. */
export function illustrativeParagraph(text: string, start: number): boolean {
  const paragraph = paragraphBefore(text, start);
  if (!MADE_UP.test(paragraph)) return false;
  const sentence = paragraph.slice(paragraph.search(/[^.!?]*$/));
  return !SOMEONES.test(sentence);
}

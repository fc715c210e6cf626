/**
 * @module
 * Findings that are personal only beside a named person. Some details are a private person's only when the text
 * says whose they are: a condition's name alone ("PTSD" in an anonymised decision, where "his" points at no one
 * identifiable), a parcel of land a public body acts on with no owner named (a public land record). A detector marks
 * such a candidate with `NEEDS_NAMED_PERSON` in its `why`; batch detection keeps it only when its sentence holds a
 * private person's name found in the same document.
 *
 * ```ts
 * out.push({ start, end, score, why: ['pattern street', `${NEEDS_NAMED_PERSON}: a parcel of land`] });
 * ```
 */
import { sentenceBefore } from './public-roles.ts';

/** The start of the `why` entry that marks a candidate as personal only beside a named person. */
export const NEEDS_NAMED_PERSON = 'personal only with a person named in its sentence';

/**
 * The start of the `why` entry that marks a candidate as personal only in a document that names a private person: a
 * condition said of "the Veteran" in an anonymised decision, or of "a 34-year-old man" in a release that names no one,
 * is no identifiable person's.
 */
export const NEEDS_NAMED_DOCUMENT = 'personal only in a document that names a private person';

/** Whether a finding's evidence makes it personal only in a document that names someone. */
export function needsNamedDocument(why: readonly string[]): boolean {
  return why.some((w) => w.startsWith(NEEDS_NAMED_DOCUMENT));
}

/** A sentence ends at a period after a lower-case letter or a bracket, or at a blank line or a page break. */
const SENTENCE_END = /(?:\p{Ll}{2}|[)”"])[.!?](?:\s|$)|\n\s*\n|\f/u;

/** Whether a finding's evidence makes it personal only beside a named person. */
export function needsNamedPerson(why: readonly string[]): boolean {
  return why.some((w) => w.startsWith(NEEDS_NAMED_PERSON));
}

/** Whether the sentence of [start, end) holds one of `names` (private persons' names, in the same offsets). */
export function sentenceNamesSomeone(text: string, start: number, end: number, names: readonly { start: number; end: number }[]): boolean {
  const from = start - sentenceBefore(text, start).length;
  const tail = text.slice(end, end + 300);
  const stop = tail.search(SENTENCE_END);
  const to = stop === -1 ? end + tail.length : end + stop;
  return names.some((n) => n.start < to && from < n.end);
}

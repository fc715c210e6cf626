/**
 * @module
 * The only module that imports compromise. It turns a page of text into tagged
 * terms with offsets; detectors read the tags (Person, FirstName, Place,
 * Organization…) and add the rules compromise lacks.
 */
import nlp from 'compromise';

export interface NlpTerm {
  /** Offsets into the analysed text (the runner shifts them to document offsets). */
  start: number;
  end: number;
  text: string;
  tags: ReadonlySet<string>;
  /** First term of its sentence, where capitals prove nothing. */
  sentenceStart: boolean;
}

interface JsonTerm {
  text: string;
  tags: string[];
  offset: { start: number; length: number };
}

/** Tags every term of `text`. */
export function analyze(text: string): NlpTerm[] {
  if (!/\p{L}/u.test(text)) return [];
  const sentences = nlp(text).json({ offset: true, terms: { offset: true } }) as { terms: JsonTerm[] }[];
  const out: NlpTerm[] = [];
  for (const sentence of sentences) {
    sentence.terms.forEach((t, i) => {
      if (t.offset.length === 0) return;
      out.push({ start: t.offset.start, end: t.offset.start + t.offset.length, text: text.slice(t.offset.start, t.offset.start + t.offset.length), tags: new Set(t.tags), sentenceStart: i === 0 });
    });
  }
  return out;
}

const lexicon = (nlp as unknown as { world(): { model: { one: { lexicon: Record<string, string | string[]> } } } }).world().model.one.lexicon;

/** Tags compromise's lexicon gives a word out of context (lower-cased), or none. */
export function lexiconTags(word: string): string[] {
  const v = lexicon[word.toLowerCase()];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

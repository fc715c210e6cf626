/**
 * @module
 * The only module that imports compromise. It turns a page of text into tagged
 * terms with offsets; detectors read the tags (Person, FirstName, Place,
 * Organization…) and add the rules compromise lacks.
 */
import nlp from 'compromise';
import { isEnglishWord } from './english-words.ts';

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

interface Segment {
  /** Offset in the analysed text. */
  from: number;
  /** Offset in the joined text given to compromise. */
  to: number;
  length: number;
}

/** Sentence ends: punctuation then space, unless the word before is an initial or an abbreviation ("Dr.", "J."). */
const BOUNDARY = /(?<!(?:^|[\s(])(?:\p{Lu}|Mr|Mrs|Ms|Mx|Dr|Prof|St|Sr|Jr|Mt|No|Nos|Rev|Gen|Col|Capt|Lt|Sgt|Det|Gov|Sen|Rep|Hon|Inc|Co|Ltd|Corp|vs|etc|Apt|Ave|Blvd|Rd|Ste|Fig|Sec|Art|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec))[.!?]+(?=\s)|\n(?=\s*\n)/gu;

function sentences(text: string): { index: number; text: string }[] {
  const out: { index: number; text: string }[] = [];
  let from = 0;
  for (const m of text.matchAll(BOUNDARY)) {
    const end = m.index + m[0].length;
    out.push({ index: from, text: text.slice(from, end) });
    from = end;
  }
  if (from < text.length) out.push({ index: from, text: text.slice(from) });
  return out;
}

/**
 * Only sentences that can hold a name are tagged: those with a capital after
 * their first letter, or whose first word is not an ordinary English word.
 * The rest ("The committee reviewed the budget.") cost nothing; tagging is the
 * expensive step of detection.
 */
function mayHoldName(sentence: string): boolean {
  const trimmed = sentence.trimStart();
  if (/\p{Lu}/u.test(trimmed.slice(1))) return true;
  const first = /^\p{L}+/u.exec(trimmed)?.[0];
  return first !== undefined && /^\p{Lu}/u.test(first) && !isEnglishWord(first);
}

/** Tags every term of the sentences of `text` that may hold a name. */
export function analyze(text: string): NlpTerm[] {
  if (!/\p{Lu}/u.test(text)) return [];
  const segments: Segment[] = [];
  let joined = '';
  for (const m of sentences(text)) {
    if (!mayHoldName(m.text)) continue;
    if (joined.length > 0) joined += '\n';
    segments.push({ from: m.index, to: joined.length, length: m.text.length });
    joined += m.text;
  }
  if (segments.length === 0) return [];
  const parsed = nlp(joined).json({ offset: true, terms: { offset: true } }) as { terms: JsonTerm[] }[];
  const out: NlpTerm[] = [];
  let s = 0;
  for (const sentence of parsed) {
    sentence.terms.forEach((t, i) => {
      if (t.offset.length === 0) return;
      while (s + 1 < segments.length && segments[s + 1].to <= t.offset.start) s++;
      const start = segments[s].from + (t.offset.start - segments[s].to);
      const end = start + t.offset.length;
      out.push({ start, end, text: text.slice(start, end), tags: new Set(t.tags), sentenceStart: i === 0 });
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

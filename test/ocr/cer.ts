/**
 * @module
 * Scoring OCR text against ground truth, as the corpus README asks: whitespace
 * collapsed always (line breaks are not scored); optionally NFKC plus dash and
 * quote variants mapped to ASCII. CER and WER are edit distance over the
 * ground truth's length.
 */

const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00ad\ufe58\ufe63\uff0d]/g;
const SINGLE_QUOTES = /[\u2018\u2019\u201a\u201b\u2032\u0060\u00b4]/g;
const DOUBLE_QUOTES = /[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g;

export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function normalizeText(text: string): string {
  return collapseWhitespace(text.normalize('NFKC').replace(DASHES, '-').replace(SINGLE_QUOTES, "'").replace(DOUBLE_QUOTES, '"'));
}

/** Levenshtein distance over any sequences (characters or words), in two rows of memory. */
export function editDistance<T>(a: ArrayLike<T>, b: ArrayLike<T>): number {
  if (a.length === 0) return b.length;
  let previous = new Uint32Array(b.length + 1);
  let current = new Uint32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    const ai = a[i - 1];
    for (let j = 1; j <= b.length; j++) {
      const substitute = previous[j - 1] + (ai === b[j - 1] ? 0 : 1);
      current[j] = Math.min(substitute, previous[j] + 1, current[j - 1] + 1);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}

export interface Score {
  /** Character error rate: edits / ground-truth characters. */
  cer: number;
  /** Word error rate: word edits / ground-truth words. */
  wer: number;
  /** Share of ground-truth words (as a multiset) found in the OCR text: order-free, for forms and tables. */
  wordRecall: number;
  edits: number;
  truthChars: number;
}

export function score(ocr: string, truth: string, options: { normalize: boolean } = { normalize: true }): Score {
  const clean = options.normalize ? normalizeText : collapseWhitespace;
  const o = clean(ocr);
  const t = clean(truth);
  const edits = editDistance(Array.from(o), Array.from(t));
  const ow = o.split(' ').filter(Boolean);
  const tw = t.split(' ').filter(Boolean);
  return {
    cer: t.length === 0 ? (o.length === 0 ? 0 : 1) : edits / Array.from(t).length,
    wer: tw.length === 0 ? 0 : editDistance(ow, tw) / tw.length,
    wordRecall: bagRecall(ow, tw),
    edits,
    truthChars: Array.from(t).length,
  };
}

function bagRecall(ocr: string[], truth: string[]): number {
  if (truth.length === 0) return 1;
  const counts = new Map<string, number>();
  for (const w of ocr) counts.set(w, (counts.get(w) ?? 0) + 1);
  let found = 0;
  for (const w of truth) {
    const n = counts.get(w) ?? 0;
    if (n > 0) {
      found++;
      counts.set(w, n - 1);
    }
  }
  return found / truth.length;
}

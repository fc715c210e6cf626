/**
 * @module
 * What detectors work out once per document text (a table's name columns, whether the text is a published record,
 * a docket's counsel column…), kept in a context that lives as long as one document's detection. Detection's entry
 * (`run.ts`) opens a context per document, so nothing outlives its document and two documents detected in turn never
 * evict each other's values. Outside such a context (a detector's unit test) one shared context keeps the last value
 * per memo, as the detectors' own single-entry caches did before.
 *
 * ```ts
 * const columns = memo<Map<number, number>>();
 * const counts = columns(text, () => countColumns(text)); // worked out once per text in a document's detection
 * inDocument(() => scan(input)); // what `run.ts` does
 * ```
 */

/** One value per memo, and the text it was worked out for (a helper may be asked about another text, e.g. a line). */
type DocumentContext = Map<object, { text: string; value: unknown }>;

const shared: DocumentContext = new Map();
let current: DocumentContext | undefined;

/** Runs `work` with a fresh document context; the context ends with it. */
export function inDocument<T>(work: () => T): T {
  const outer = current;
  current = new Map();
  try {
    return work();
  } finally {
    current = outer;
  }
}

/** A memo of one value per text in the current document context: `compute` runs when the text differs from the last one asked. */
export function memo<T>(): (text: string, compute: () => T) => T {
  const key = {};
  return (text, compute) => {
    const context = current ?? shared;
    const kept = context.get(key);
    if (kept?.text === text) return kept.value as T;
    const value = compute();
    context.set(key, { text, value });
    return value;
  };
}

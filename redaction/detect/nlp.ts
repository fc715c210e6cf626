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

/** A term as compromise holds it, after its `offset` step. */
interface TaggedTerm {
  tags: Set<string>;
  offset: { start: number; length: number };
}

/** The part of a compromise document read here: its sentences' terms, read directly rather than through `.json()`, which copies every term. */
interface TaggedView {
  docs: TaggedTerm[][];
  compute(step: string): unknown;
}

const world = (nlp as unknown as { _world: { hooks: string[] } })._world;
/**
 * compromise's last step groups terms into noun and verb phrases ("chunks"), sets no tag, and no detector reads
 * it: it is left out of every parse (nlp.ts is the only module that imports compromise). Every step before it runs
 * as it would, so the tags are the same.
 */
world.hooks = world.hooks.filter((step) => step !== 'chunks');

/** A match pattern of compromise's post-tagger as its `buildNet` indexes it. */
interface NetMatch {
  match: string;
  needs: string[];
  wants: string[];
  minWant: number;
  minWords: number;
  ifNo?: string[];
}
interface Net {
  hooks: Record<string, NetMatch[]>;
  always: NetMatch[];
}
type Methods = { one: { match(docs: unknown[], m: NetMatch): { ptrs: number[][] }; cacheDoc(docs: unknown[]): Set<string>[] } };

/** A net as this module walks it (compromise's hook keys in their order, and its patterns numbered per source). */
interface NetIndex {
  keys: string[];
  index: Map<string, number>;
  /**
   * Per key (by place), the pattern sources anchored on it: a source's rarest need (a word before a tag, then the
   * key with the fewest patterns), or each of its wants when it has no need. A sentence without the anchor cannot
   * meet the pattern's needs (or wants), so only the anchored sources of the keys present are tested.
   */
  anchored: number[][];
  /** Per source: every place it is hooked, as [key place, place in that key's list], in compromise's order. */
  places: [number, number][][];
  /**
   * Per source, its test as key places (needs, ifNo and wants are key names; a name no key has is kept as a string),
   * or undefined when its hooked copies are not one object, so each copy is tested as compromise would (buildNet
   * pushes one object under each of its needs and wants and drops later duplicates by source, so this does not
   * happen with compromise's own net).
   */
  tests: (SourceTest | undefined)[];
  /** The sentence that last took each source. */
  taken: Uint32Array;
  /** The sentence that last had each key among its words and tags. */
  has: Uint32Array;
  sentence: number;
}
/** trimDown's test of one source, by key place: every need present, no `ifNo` present, at least `minWant` wants. */
interface SourceTest {
  needs: Int32Array;
  ifNo: Int32Array;
  /** `ifNo` entries that are no key: tested on the sentence's set itself. */
  ifNoOther: string[];
  wants: Int32Array;
  minWant: number;
}
const netIndex = new WeakMap<Record<string, NetMatch[]>, NetIndex>();

function indexNet(hooks: Record<string, NetMatch[]>): NetIndex {
  const keys = Object.keys(hooks);
  const index = new Map(keys.map((k, i) => [k, i]));
  const number = new Map<string, number>();
  const places: [number, number][][] = [];
  const first: NetMatch[] = [];
  keys.forEach((k, i) =>
    hooks[k].forEach((m, j) => {
      let id = number.get(m.match);
      if (id === undefined) {
        id = number.size;
        number.set(m.match, id);
        places.push([]);
        first.push(m);
      }
      places[id].push([i, j]);
    }),
  );
  const anchored: number[][] = keys.map(() => []);
  first.forEach((m, id) => {
    // needs and wants come from the pattern's source, so every hooked copy of a source has the same ones
    const needs = m.needs.filter((n) => index.has(n));
    if (needs.length > 0) {
      const rank = (n: string) => (n.startsWith('#') ? 1e6 : 0) + hooks[n].length;
      const anchor = needs.reduce((a, b) => (rank(b) < rank(a) ? b : a));
      anchored[index.get(anchor)!].push(id);
    } else {
      for (const [i] of places[id]) if (!anchored[i].includes(id)) anchored[i].push(id);
    }
  });
  const tests = first.map((m, id): SourceTest | undefined => {
    if (places[id].some(([k, j]) => hooks[keys[k]][j] !== m)) return undefined;
    if (m.needs.some((n) => !index.has(n)) || m.wants.some((w) => !index.has(w))) return undefined;
    const ifNo = m.ifNo ?? [];
    return {
      needs: Int32Array.from(m.needs, (n) => index.get(n)!),
      ifNo: Int32Array.from(ifNo.filter((n) => index.has(n)), (n) => index.get(n)!),
      ifNoOther: ifNo.filter((n) => !index.has(n)),
      wants: Int32Array.from(m.wants, (w) => index.get(w)!),
      minWant: m.minWant,
    };
  });
  return { keys, index, anchored, places, tests, taken: new Uint32Array(number.size), has: new Uint32Array(keys.length), sentence: 0 };
}

/** worthTrying by key places, the sentence's keys marked `mark` in `has`. */
function passes(t: SourceTest, has: Uint32Array, mark: number, haves: Set<string>): boolean {
  for (let i = 0; i < t.needs.length; i++) if (has[t.needs[i]] !== mark) return false;
  for (let i = 0; i < t.ifNo.length; i++) if (has[t.ifNo[i]] === mark) return false;
  for (const no of t.ifNoOther) if (haves.has(no)) return false;
  if (t.wants.length === 0) return true;
  let found = 0;
  for (let i = 0; i < t.wants.length; i++) if (has[t.wants[i]] === mark) found++;
  return found >= t.minWant;
}

/** trimDown's test: every need met, no `ifNo` present, enough wants. */
function worthTrying(m: NetMatch, haves: Set<string>): boolean {
  for (const need of m.needs) if (!haves.has(need)) return false;
  if (m.ifNo !== undefined) for (const no of m.ifNo) if (haves.has(no)) return false;
  if (m.wants.length === 0) return true;
  let found = 0;
  for (const w of m.wants) if (haves.has(w)) found++;
  return found >= m.minWant;
}

/**
 * compromise's `bulkMatch` (its "sweep", the post-tagger's ~570 patterns), the same steps in the same order, so the
 * same patterns run in the same order and set the same tags. Only the choice of the patterns worth trying for a
 * sentence is cheaper: compromise walks all ~730 hook keys for every sentence and grows its list with `concat`
 * (a copy per key), which was a quarter of detection's time; here the sentence's own words and tags are looked up,
 * only the patterns anchored on them are tested (a pattern whose rarest need is absent cannot run), and the ones
 * kept are put back in compromise's order.
 */
function bulkMatch(document: unknown[][], net: Net, methods: Methods, opts: { matchOne?: boolean } = {}): (NetMatch & { pointer: number[]; unTag?: unknown })[] {
  let order = netIndex.get(net.hooks);
  if (!order) {
    order = indexNet(net.hooks);
    netIndex.set(net.hooks, order);
  }
  const docCache = methods.one.cacheDoc(document);
  const results: (NetMatch & { pointer: number[]; unTag?: unknown })[] = [];
  for (let n = 0; n < document.length; n++) {
    const haves = docCache[n];
    // a fresh mark per sentence; the marks start again when the counter would wrap
    if (++order.sentence === 0xffffffff) {
      order.taken.fill(0);
      order.has.fill(0);
      order.sentence = 1;
    }
    const mark = order.sentence;
    // getHooks: the keys among the sentence's words and tags
    const present: number[] = [];
    for (const item of haves) {
      const i = order.index.get(item);
      if (i === undefined) continue;
      present.push(i);
      order.has[i] = mark;
    }
    // each source anchored on a present key, tested as compromise would test it: its first hooked copy (in key
    // order) whose key the sentence has; then in compromise's order, by that copy's key and place in the key's list.
    // Every copy of a source is one object, so the test comes first and the copy is looked for only when it passes
    // (about 1 source in 10): the order in which sources are visited does not matter, the sort below makes it.
    const chosen: [number, number, NetMatch][] = [];
    for (const i of present) {
      for (const id of order.anchored[i]) {
        if (order.taken[id] === mark) continue;
        order.taken[id] = mark;
        const t = order.tests[id];
        if (t !== undefined && !passes(t, order.has, mark, haves)) continue;
        for (const [k, j] of order.places[id]) {
          if (order.has[k] !== mark) continue;
          const m = net.hooks[order.keys[k]][j];
          if (t !== undefined || worthTrying(m, haves)) chosen.push([k, j, m]);
          break;
        }
      }
    }
    chosen.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    const maybe = chosen.map((c) => c[2]);
    maybe.push(...net.always);
    // tooSmall, then runMatch
    const termCount = document[n].length;
    for (const m of maybe) {
      if (termCount < m.minWords) continue;
      const res = methods.one.match([document[n]], m);
      if (res.ptrs.length === 0) continue;
      for (const ptr of res.ptrs) {
        ptr[0] = n;
        const todo = Object.assign({}, m, { pointer: ptr }) as NetMatch & { pointer: number[]; unTag?: unknown };
        results.push(todo);
      }
      if (opts.matchOne === true) return [results[0]];
    }
  }
  return results;
}
const sweepMethods = (nlp as unknown as { world(): { methods: { one: { bulkMatch: typeof bulkMatch } } } }).world().methods.one;
const compromiseBulkMatch = sweepMethods.bulkMatch;
sweepMethods.bulkMatch = bulkMatch;

/** For the test that compares tags: `fn` run with compromise's own `bulkMatch` in place of this module's. */
export function withCompromiseSweep<T>(fn: () => T): T {
  sweepMethods.bulkMatch = compromiseBulkMatch;
  try {
    return fn();
  } finally {
    sweepMethods.bulkMatch = bulkMatch;
  }
}

/** compromise's View as far as `fromText` goes: a document of sentences of terms, and the world it was made in. */
interface ParsedView {
  document: unknown[][];
  world: { methods: unknown; model: unknown; compute: unknown };
}
type ViewClass = { new (document: unknown[][]): ParsedView; prototype: { fromText(this: ParsedView, input: unknown): ParsedView } };
/** The class that defines `fromText` (compromise's base View), found on a view's prototype chain. */
function viewClass(): ViewClass {
  for (let p = Object.getPrototypeOf(nlp('')); p; p = Object.getPrototypeOf(p)) if (Object.hasOwn(p, 'fromText')) return p.constructor as ViewClass;
  throw new Error('nlp.no-from-text: compromise has no View.fromText');
}
const View = viewClass();
const compromiseFromText = View.prototype.fromText;
/**
 * What a parse depends on: the world's methods, model and compute steps. A view's world object may be a copy (a
 * parsed document's view has other hooks), but these three are compromise's own, loaded once.
 */
const { methods, model, compute } = (nlp('') as unknown as ParsedView).world;
/**
 * compromise's contraction steps split a token into words ("2023-2024" into "2023 to 2024", "it's" into "it is")
 * and parse those words with `fromText`: a new document through its tokenizer, lexicon and pre-tagger, for every
 * such token. The parse depends on the words and the world alone (one world, never changed after load), so it is
 * kept by its text and each use gets a deep copy: the terms compromise would have built, with their own tag sets,
 * which the caller then moves into the sentence and tags further. On the forms this re-parsing was 1.5-2 % of
 * detection, the same few ranges ("1-3", "2023-2024") over and over. The memo is capped so a long batch's memory
 * stays flat.
 */
const parsed = new Map<string, unknown[][]>();
const PARSED_MAX = 2048;
function fromTextKept(this: ParsedView, input: unknown): ParsedView {
  const w = this.world;
  if (typeof input !== 'string' || w.methods !== methods || w.model !== model || w.compute !== compute) return compromiseFromText.call(this, input);
  const kept = parsed.get(input);
  if (kept === undefined) {
    const view = compromiseFromText.call(this, input);
    if (parsed.size >= PARSED_MAX) parsed.clear();
    parsed.set(input, structuredClone(view.document));
    return view;
  }
  const view = new View(structuredClone(kept));
  view.world = this.world;
  return view;
}
View.prototype.fromText = fromTextKept;

/** For the test that compares tags: `fn` run with compromise's own `fromText` (no parse kept) in place of this module's. */
export function withCompromiseFromText<T>(fn: () => T): T {
  View.prototype.fromText = compromiseFromText;
  try {
    return fn();
  } finally {
    View.prototype.fromText = fromTextKept;
  }
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

const NAME_TAGS = new Set(['FirstName', 'LastName', 'MaleName', 'FemaleName', 'Honorific', 'Person']);

/** Words kept around each run of capitalised words, so compromise sees the context it tags by. */
const BEFORE = 2;
const AFTER = 1;

/**
 * Windows of a sentence worth tagging: each capitalised word that is a known
 * name or no ordinary English word, with a couple of words either side,
 * merged when they touch. Tagging costs in proportion to the words given, and most words of a
 * report are far from any name.
 */
function windows(sentence: string): [number, number][] {
  const tokens = [...sentence.matchAll(/\S+/g)];
  const out: [number, number][] = [];
  tokens.forEach((t, i) => {
    const word = /\p{L}+/u.exec(t[0])?.[0];
    if (!word || !/^\p{Lu}/u.test(word)) return;
    // "Department", "Energy", "The": ordinary words cannot make a name by themselves
    if (isEnglishWord(word) && !lexiconTags(word).some((tag) => NAME_TAGS.has(tag))) return;
    const from = Math.max(0, i - BEFORE);
    const to = Math.min(tokens.length - 1, i + AFTER);
    const last = out[out.length - 1];
    if (last && from <= last[1] + 1) last[1] = to;
    else out.push([from, to]);
  });
  return out.map(([a, b]) => [tokens[a].index, tokens[b].index + tokens[b][0].length]);
}

/** Tags the terms near capitalised words in `text`; terms elsewhere are never names and are not tagged. */
export function analyze(text: string): NlpTerm[] {
  if (!/\p{Lu}/u.test(text)) return [];
  const segments: Segment[] = [];
  const sentenceStarts = new Set<number>();
  let joined = '';
  for (const sentence of sentences(text)) {
    if (!mayHoldName(sentence.text)) continue;
    const lead = sentence.text.length - sentence.text.trimStart().length;
    sentenceStarts.add(sentence.index + lead);
    for (const [a, b] of windows(sentence.text)) {
      if (joined.length > 0) joined += '\n';
      segments.push({ from: sentence.index + a, to: joined.length, length: b - a });
      joined += sentence.text.slice(a, b);
    }
  }
  if (segments.length === 0) return [];
  const view = nlp(joined) as unknown as TaggedView;
  view.compute('offset');
  const out: NlpTerm[] = [];
  let s = 0;
  for (const sentence of view.docs) {
    for (const t of sentence) {
      if (t.offset.length === 0) continue;
      while (s + 1 < segments.length && segments[s + 1].to <= t.offset.start) s++;
      const start = segments[s].from + (t.offset.start - segments[s].to);
      const end = start + t.offset.length;
      out.push({ start, end, text: text.slice(start, end), tags: t.tags, sentenceStart: sentenceStarts.has(start) });
    }
  }
  return out;
}

const lexicon = (nlp as unknown as { world(): { model: { one: { lexicon: Record<string, string | string[]> } } } }).world().model.one.lexicon;

/** Tags compromise's lexicon gives a word out of context (lower-cased), or none. */
export function lexiconTags(word: string): string[] {
  const v = lexicon[word.toLowerCase()];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

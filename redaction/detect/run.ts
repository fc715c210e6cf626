/**
 * @module
 * Detection over a batch: every detector on every document, the office's deny
 * list, overlap resolution, the allow list, then batch consistency (a name or
 * identifier found once is found everywhere in the batch), and finally the
 * policy's action and exemption on each finding.
 *
 * ```ts
 * const findings = detectDocuments([docA, docB], defaultPolicy()); // findings[i] belongs to docs[i]
 * ```
 */
import { hash } from 'node:crypto';
import { boxesForRange } from '../../pipeline/model/document-text.ts';
import type { Document, Finding, PageBox } from '../../pipeline/model/types.ts';
import type { CategoryKey } from '../policy/categories.ts';
import type { Policy } from '../policy/types.ts';
import { runDetector } from './detector.ts';
import type { Candidate, Detector } from './detector.ts';
import { detectors as allDetectors } from './index.ts';
import { prepareInput } from './input.ts';
import { publicRole, sentenceBefore } from './public-roles.ts';
import type { PublicRole } from './public-roles.ts';
import { isGivenName } from './given-names.ts';
import { illustrativeParagraph } from './illustration.ts';
import { needsNamedDocument, needsNamedPerson, sentenceNamesSomeone } from './named-person.ts';
import { withoutUntied } from './personal-tie.ts';
import type { DetectInput } from './input.ts';
import { lexiconTags } from './nlp.ts';
import { isEnglishWord } from './english-words.ts';
import { HONORIFIC_PREFIX, TITLES } from './name-words.ts';
import { illustrativeName } from './person-name.ts';
import { inDocument } from './document-context.ts';

/** A candidate with its origin, before the policy is applied. */
interface Hit extends Candidate {
  id: string;
  detector: string;
  category: CategoryKey;
  passage: boolean;
  /** Proven by a format validator (or listed by the office): batch consistency may copy it. */
  certain: boolean;
}

/** Identifiers longer than this are not identifiers; passages are bounded by their own rules. */
const MAX_IDENTIFIER_CHARS = 300;

/** Categories whose values mean the same thing wherever they appear in a batch. */
const CONSISTENT: ReadonlySet<CategoryKey> = new Set<CategoryKey>([
  'personal.name', 'personal.address', 'personal.phone', 'personal.email', 'personal.ssn', 'personal.id-number', 'personal.bank-account', 'personal.card-number',
  'personal.iban', 'personal.ip-address', 'personal.vehicle-plate', 'personal.case-number', 'government.internal-id', 'security.credential', 'security.internal-host',
]);

export function detectDocuments(documents: Document[], policy: Policy, detectors: Detector[] = allDetectors): Finding[][] {
  const batch = batchDetection(policy, detectors);
  for (const document of documents) batch.scan(document);
  return documents.map((document, i) => batch.findings(i, document));
}

/**
 * Part of the key a stored scan is found under, beside the content of this folder (so an edited rule here scans
 * again by itself): bump when a scan for the same model and policy changes for a reason outside it (the document
 * model's text layout, the NLP library).
 */
export const SCAN_VERSION = '2';

/**
 * What batch detection needs of one document, worked out from that document alone (`scanDocument`): its hits, kept
 * without boxes, and the names and identifiers it may spread to the batch's other documents, in the order found.
 * Plain JSON, so it can be stored between jobs (a worker scans each document as it extracts it, and the batch's
 * detection job only finishes); it holds for the document's model, the policy and SCAN_VERSION.
 */
export interface DocumentScan {
  /** The hits, packed (see PackedHit). */
  hits: string;
  /** The values it may spread, each under its key ("kind\0key") and with its first finding. */
  sources: [key: string, source: Source][];
}

/** Pass 1 for one document: every detector, the deny and allow lists, and what it may spread through the batch. */
export function scanDocument(document: Document, policy: Policy, detectors: Detector[] = allDetectors): DocumentScan {
  return inDocument(() => {
    const input = prepareInput(document);
    const hits: Hit[] = [];
    for (const detector of detectors) {
      for (const c of runDetector(detector, input, policy.threshold)) {
        if (!detector.passage && c.end - c.start > MAX_IDENTIFIER_CHARS) continue;
        hits.push(hit(input, detector.id, detector.category, c, detector.passage === true, detector.certain === true && detector.validate !== undefined));
      }
    }
    hits.push(...denyHits(input, policy));
    const furniture = runningLines(input);
    const shown = applyAllowList(input, resolveOverlaps(hits, input.text), policy)
      .filter((h) => !illustrative(input.text, h) && !inRunningLine(furniture, h))
      .map((h) => withPublicRole(input.text, h));
    // a detail that is personal only beside a named person (a condition's name alone, a parcel of land) needs a
    // private person's name in its sentence
    const names = shown.filter((h) => h.category === 'personal.name');
    const kept = withoutUntied(
      input.text,
      shown.filter((h) => (!needsNamedPerson(h.why) || sentenceNamesSomeone(input.text, h.start, h.end, names)) && (!needsNamedDocument(h.why) || names.length > 0)),
      names,
    );
    return { hits: pack(kept), sources: sourcesOf(input, kept) };
  });
}

/**
 * Detection over a batch in two passes, so a batch of any size needs memory only for what consistency needs:
 * `scan` each document once (its hits, without boxes, and the distinct names and identifiers it holds), or `add` a
 * scan stored earlier, then ask `findings` for each (the same document or a fresh load of it), which adds the values
 * found anywhere in the batch.
 *
 * ```ts
 * const batch = batchDetection(policy);
 * for (const file of files) batch.scan(await load(file));
 * for (const [i, file] of files.entries()) write(file, batch.findings(i, await load(file)));
 * ```
 */
export interface BatchDetection {
  /** Pass 1: runs every detector on the document; returns its index in the batch. */
  scan(document: Document): number;
  /** Pass 1 done earlier (`scanDocument` with the same policy and detectors): returns its index in the batch. */
  add(scan: DocumentScan): number;
  /** Pass 2: the findings of the `index`th scanned document, once every document has been scanned. Call once per document. */
  findings(index: number, document: Document): Finding[];
}

/** A hit as kept between the passes: a compact string, about a third of the objects' heap. */
type PackedHit = [id: string, detector: string, category: CategoryKey, passage: 0 | 1, certain: 0 | 1, start: number, end: number, score: number, why: string[]];

function pack(hits: Hit[]): string {
  return JSON.stringify(hits.map((h): PackedHit => [h.id, h.detector, h.category, h.passage ? 1 : 0, h.certain ? 1 : 0, h.start, h.end, h.score, h.why]));
}

function unpack(packed: string): Hit[] {
  return (JSON.parse(packed) as PackedHit[]).map(([id, detector, category, passage, certain, start, end, score, why]) => ({ id, detector, category, passage: passage === 1, certain: certain === 1, start, end, score, why }));
}

export function batchDetection(policy: Policy, detectors: Detector[] = allDetectors): BatchDetection {
  const perDoc: (string | undefined)[] = [];
  const sources = new Sources();
  const add = (scan: DocumentScan) => {
    sources.add(scan.sources);
    perDoc.push(scan.hits);
    return perDoc.length - 1;
  };
  return {
    scan: (document) => add(scanDocument(document, policy, detectors)),
    add,
    findings(index, document) {
      const packed = perDoc[index];
      if (packed === undefined) throw new Error(`document ${index} was not scanned, or its findings were already taken`);
      perDoc[index] = undefined;
      return inDocument(() => {
        const hits = unpack(packed);
        const input = prepareInput(document);
        addConsistencyHits(input, hits, sources);
        return resolveOverlaps(hits, input.text)
          .filter((h) => policy.categories[h.category].action !== 'keep')
          .map((h) => toFinding(input, h, policy));
      });
    },
  };
}

/** Lines at the top or bottom of a page that count as its header or footer. */
const EDGE_LINES = 3;
/** A header or footer repeats on at least this many pages, and on at least this share of them. */
const RUNNING_MIN_PAGES = 3;
const RUNNING_MIN_SHARE = 0.3;

/** A line as it repeats from page to page: page numbers and dates change, the words do not. */
function lineKey(line: string): string {
  return line.replace(/\d+/g, '#').replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * The document ranges of its running headers and footers: a line among the first or last few of a page that recurs
 * there, digits aside, on many pages ("AFI41-210 6 JUNE 2012 57", "Jkt 250001 PO 00000 Frm 00001 Fmt 4702"). Such a
 * line is the document's furniture, not a private detail.
 */
function runningLines(input: DetectInput): [number, number][] {
  const pages = input.document.pages.length;
  if (pages < RUNNING_MIN_PAGES) return [];
  const edges: { key: string; start: number; end: number; page: number }[] = [];
  input.document.pages.forEach((page, i) => {
    const lines: { key: string; start: number; end: number }[] = [];
    let at = 0;
    for (const line of page.text.split('\n')) {
      const key = lineKey(line);
      if (key.length >= 4) lines.push({ key, start: input.pageStarts[i] + at, end: input.pageStarts[i] + at + line.length });
      at += line.length + 1;
    }
    const picked = lines.length <= 2 * EDGE_LINES ? lines : [...lines.slice(0, EDGE_LINES), ...lines.slice(-EDGE_LINES)];
    for (const l of picked) edges.push({ ...l, page: i });
  });
  const pagesOf = new Map<string, Set<number>>();
  for (const e of edges) pagesOf.set(e.key, (pagesOf.get(e.key) ?? new Set()).add(e.page));
  const needed = Math.max(RUNNING_MIN_PAGES, Math.ceil(RUNNING_MIN_SHARE * pages));
  return edges.filter((e) => (pagesOf.get(e.key)?.size ?? 0) >= needed).map((e): [number, number] => [e.start, e.end]);
}

/**
 * Inside a running header or footer, only what is certain stays: a validated identifier, an office's deny-list entry,
 * or a name with strong evidence ("Patient: Jane Roe" on every page of a medical file).
 */
function inRunningLine(ranges: [number, number][], h: Hit): boolean {
  if (ranges.length === 0 || h.certain || h.passage || h.detector === 'deny-list') return false;
  if (h.category === 'personal.name' && h.score >= 0.9) return false;
  return ranges.some(([s, e]) => s <= h.start && h.end <= e);
}

/** Words that present a value as an illustration: a directive's "the Pseudo SSN would look like this: …" (not "example.org"). */
const ILLUSTRATION = /(?<![@.\w-])(?:pseudo|for example|e\.\s?g\.|example|sample|fictitious|dummy|placeholder|looks? like this|would look like)(?![\w-]|\.[a-z])/i;

/**
 * An identifier the sentence presents as an example is no one's: "a Pseudo SSN looks like this: 800-12-3456". Names
 * are not judged so (a named example person is rare, a real person after "for example" common); the deny list never is.
 */
function illustrative(text: string, h: Hit): boolean {
  if (h.category === 'personal.name' || h.passage || h.detector === 'deny-list') return false;
  const row = tableRowBefore(text, h.start);
  if (row !== undefined) return ILLUSTRATION.test(row);
  return ILLUSTRATION.test(sentenceBefore(text, h.start)) || illustrativeParagraph(text, h.start);
}

/**
 * The text before a value on its line when the line is a row of a table written as text (cells split by " | "): a
 * row is one record, and the rows above it (with the lines of their own detail) speak for none of its values. A
 * booking log's charge "476MAKE FICTITIOUS CHECK" presents no later booking's date of birth as made up.
 */
function tableRowBefore(text: string, start: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', start);
  const line = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd);
  return line.split(/[ \t]*\|[ \t]*/).length >= 3 ? text.slice(lineStart, start) : undefined;
}

/** A judge, official or counsel in that role, a public office's contact or the court record: moved to its `public.*` category. */
function withPublicRole(text: string, h: Hit): Hit {
  if (h.detector === 'deny-list' || h.passage) return h;
  const role = publicRole(text, h);
  return role ? { ...h, category: role.category, certain: false, why: [...h.why, role.why] } : h;
}

function hit(input: DetectInput, detector: string, category: CategoryKey, c: Candidate, passage = false, certain = false): Hit {
  return { ...c, id: findingId(input.document.id, detector, c.start, c.end), detector, category, passage, certain };
}

/** Stable across runs: the same document, detector and span give the same id. */
export function findingId(documentId: string, detector: string, start: number, end: number): string {
  // the one-shot digest: the same bytes as createHash(…).update(…).digest('hex'), without a Hash object per finding
  return hash('sha256', `${documentId}\0${detector}\0${start}\0${end}`, 'hex').slice(0, 16);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Literal words, case-insensitive, any whitespace between them (line and page breaks too). */
function literalRegex(text: string): RegExp {
  const body = text.trim().split(/\s+/).map(escapeRegex).join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'giu');
}

function denyHits(input: DetectInput, policy: Policy): Hit[] {
  const out: Hit[] = [];
  for (const entry of policy.deny) {
    const regex = 'text' in entry ? literalRegex(entry.text) : new RegExp(entry.pattern.source, entry.pattern.flags);
    const label = 'text' in entry ? 'deny list entry' : `deny list pattern /${entry.pattern.source}/`;
    for (const m of input.text.matchAll(regex)) {
      if (m[0].length === 0) continue;
      out.push(hit(input, 'deny-list', entry.category, { start: m.index, end: m.index + m[0].length, score: 1, why: [entry.note ? `${label} (${entry.note})` : label] }, false, true));
    }
  }
  return out;
}

/**
 * Same category and overlapping: merged into one. Different categories and
 * overlapping: the stronger wins (a card number is not also a phone number).
 * Passages never compete: a name inside a marked paragraph is still a name.
 */
function resolveOverlaps(hits: Hit[], text: string): Hit[] {
  const sorted = [...hits].sort((a, b) => b.score - a.score || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Hit[] = [];
  for (const original of sorted) {
    const h = { ...original, why: [...original.why] };
    let keep = true;
    for (const k of kept) {
      if (k.passage !== h.passage || k.end <= h.start || h.end <= k.start) continue;
      if (k.category === h.category) {
        mergeInto(k, h);
        keep = false;
        break;
      }
      // a weaker finding of another category loses the part the stronger one covers
      if (k.start <= h.start && h.end <= k.end) keep = false;
      else if (h.start < k.start && k.end < h.end) continue;
      else if (h.start < k.start) h.end = k.start;
      else h.start = k.end;
      if (keep) tidy(text, h);
      if (!keep || h.end - h.start < 2) {
        keep = false;
        break;
      }
    }
    if (keep) kept.push(h);
  }
  // merging can make kept hits overlap each other; one more pass settles it
  const merged = kept.sort((a, b) => a.start - b.start);
  const out: Hit[] = [];
  for (const h of merged) {
    const prev = out.findLast((k) => k.passage === h.passage && k.category === h.category && k.start < h.end && h.start < k.end);
    if (prev) mergeInto(prev, h);
    else out.push(h);
  }
  return out;
}

/** Shrinks [start, end) past spaces and punctuation at either edge. */
function tidy(text: string, h: Hit): void {
  while (h.start < h.end && /[\s,.;:()-]/.test(text[h.start])) h.start++;
  while (h.end > h.start && /[\s,;:(-]/.test(text[h.end - 1])) h.end--;
}

function mergeInto(target: Hit, other: Hit): void {
  target.start = Math.min(target.start, other.start);
  target.end = Math.max(target.end, other.end);
  for (const w of other.why) if (!target.why.includes(w)) target.why.push(w);
  target.certain ||= other.certain;
  if (other.detector !== target.detector && !target.why.includes(`also ${other.detector}`)) target.why.push(`also ${other.detector}`);
}

function normalise(text: string): string {
  return text.replace(/['’]s$/i, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * Drops findings inside an allowed phrase, equal to one, or (for names) equal to
 * the surname of an allowed person: "Secretary Granholm" when "Jennifer Granholm"
 * is allowed. Deny-list hits are never dropped.
 */
function applyAllowList(input: DetectInput, hits: Hit[], policy: Policy): Hit[] {
  if (policy.allow.length === 0) return hits;
  const ranges: [number, number][] = [];
  const exact = new Set<string>();
  const surnames = new Set<string>();
  for (const entry of policy.allow) {
    exact.add(normalise(entry.text));
    const parts = entry.text.trim().split(/\s+/);
    if (parts.length > 1) surnames.add(normalise(parts[parts.length - 1]));
    for (const m of input.text.matchAll(literalRegex(entry.text))) ranges.push([m.index, m.index + m[0].length]);
  }
  return hits.filter((h) => {
    if (h.detector === 'deny-list') return true;
    // allowed text is never redacted: a finding that runs over it keeps only what lies outside
    for (const [s, e] of ranges) {
      if (h.end <= s || e <= h.start || (s <= h.start && h.end <= e)) continue;
      if (h.start < s && e < h.end) continue;
      if (h.start < s) h.end = s;
      else h.start = e;
      tidy(input.text, h);
      if (h.end - h.start < 3) return false;
      h.why.push('trimmed to leave allow-listed text');
    }
    const full = normalise(input.text.slice(h.start, h.end));
    if (exact.has(full)) return false;
    const text = h.category === 'personal.name' ? full.replace(HONORIFIC_PREFIX, '') : full;
    if (exact.has(text)) return false;
    if (h.category === 'personal.name' && !text.includes(' ') && surnames.has(text)) return false;
    // "Rosalind Achterberg" when "City Manager Rosalind Achterberg" is allowed
    if (h.category === 'personal.name' && [...exact].some((a) => a.endsWith(` ${text}`))) return false;
    return !ranges.some(([s, e]) => s <= h.start && h.end <= e);
  });
}

/** What a later occurrence needs to know about the first finding of a value: no words, no boxes, no document. */
interface Source {
  id: string;
  detector: string;
  category: CategoryKey;
  score: number;
  /** "file.pdf p.3". */
  where: string;
}

type KeyKind = 'words' | 'surname' | 'identifier';

/** The keys under which a finding's value is searched for elsewhere. */
function keysOf(h: Hit, text: string): [KeyKind, string][] {
  if (h.category === 'personal.name') text = text.replace(HONORIFIC_PREFIX, '');
  if (h.category === 'personal.name' && text.includes(',')) {
    // "HADDAD, Youssef": also "Youssef Haddad", and the surname after a title
    const [last, first] = normalise(text).split(',').map((s) => s.trim());
    const surname = last.split(' ').pop() ?? last;
    const keys: [KeyKind, string][] = [['surname', surname]];
    if (first) keys.push(['words', `${first} ${last}`], ['words', surname]);
    return keys;
  }
  if (h.category === 'personal.name') {
    const name = normalise(text);
    const parts = name.split(' ').filter((p) => p.replace(/\./g, '').length > 1);
    const keys: [KeyKind, string][] = [];
    // a lone common word ("grant") is only the same name when it is more than one word
    if (parts.length > 1 || lexiconTags(name).every((t) => t.endsWith('Name'))) keys.push(['words', name]);
    if (parts.length > 1) keys.push(['surname', parts[parts.length - 1]], ['words', parts[parts.length - 1]]);
    return keys;
  }
  const compact = compactId(text);
  if (/\d/.test(compact) && compact.length >= 5 && !text.includes('@')) return [['identifier', compact]];
  return [['words', normalise(text)]];
}

function compactId(text: string): string {
  return text.replace(/[^\p{L}\p{N}]/gu, '').toUpperCase();
}

function pageOf(input: DetectInput, offset: number): number {
  let i = 0;
  while (i + 1 < input.pageStarts.length && input.pageStarts[i + 1] <= offset) i++;
  return input.document.pages[i]?.number ?? 1;
}

/** Words of a text with offsets; possessives and trailing dots are not part of the key. */
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}'’.@+_-]*/gu;
/**
 * Runs of number-like tokens joined by single separators ("372-41-8806", "217 555 1234"). A run starts where a word
 * does: the leftmost start was always a word's first character (from there the first `[\p{L}\p{N}]*` reaches any digit
 * a later start would), and without the lookbehind every letter of a word without digits was tried as a start,
 * each scanning to the word's end (quadratic in a word's length; the same matches).
 */
const ID_RUN = /(?<![\p{L}\p{N}])[\p{L}\p{N}]*\d[\p{L}\p{N}]*(?:[ .\-/][\p{L}\p{N}]*\d[\p{L}\p{N}]*)*/gu;

/**
 * Letters whose lower case a slice of the text cannot take from the whole text lowered: Σ lowers to ς at a word's
 * end (it depends on the letter after it), and İ lowers to two code units (offsets after it would move). These are
 * the only such mappings of `toLowerCase` without a locale (Unicode's SpecialCasing: Final_Sigma, and U+0130).
 */
const LOWER_BY_SLICE = /[Σİ]/u;

interface Occurrence {
  kind: KeyKind;
  key: string;
  start: number;
  end: number;
}

/** A word's end for matching: possessives and trailing dots are not part of the key ("Haddad's", "Jr."). */
function keyEnd(raw: string): number {
  const last = raw[raw.length - 1];
  // only a word ending in a dot, an apostrophe or an "s" can lose anything: the others skip the regex
  if (last !== '.' && last !== "'" && last !== '’' && last !== 's' && last !== 'S') return raw.length;
  return raw.replace(/[.'’]+$|['’]s$/i, '').length;
}

/**
 * Every place in `text` where a key of the batch occurs, found with map lookups (one pass, no giant regex). A run
 * of words grows only while it is the start of some name of several words, so a word that begins none costs one
 * lookup; identifiers are looked for only when the batch has some.
 */
function occurrences(text: string, sources: Sources): Occurrence[] {
  const { byKind, maxWords, wordPrefixes } = sources;
  const out: Occurrence[] = [];
  // the keys of each kind in their own set: a word costs set lookups, not a "kind\0key" string built per kind
  const wordKeys = byKind.words;
  const surnameKeys = byKind.surname;
  if (wordKeys.size > 0 || surnameKeys.size > 0) {
    // each word's start, key end and match end in parallel arrays, not an object per word
    const starts: number[] = [];
    const ends: number[] = [];
    const rawEnds: number[] = [];
    const word = new RegExp(WORD.source, WORD.flags);
    for (let m = word.exec(text); m !== null; m = word.exec(text)) {
      starts.push(m.index);
      ends.push(m.index + keyEnd(m[0]));
      rawEnds.push(word.lastIndex);
    }
    // a word's key is its slice of the text lowered once, which is the slice lowered by itself unless the text holds
    // a letter whose lower case depends on what follows it (Σ) or is longer than it (İ)
    const lowered = LOWER_BY_SLICE.test(text) ? undefined : text.toLowerCase();
    const lower = (start: number, end: number) => (lowered === undefined ? text.slice(start, end).toLowerCase() : lowered.slice(start, end));
    for (let i = 0; i < starts.length; i++) {
      let key = '';
      for (let n = 0; n < maxWords && i + n < starts.length; n++) {
        const at = i + n;
        if (n > 0 && !/^\s+$/.test(text.slice(ends[at - 1], starts[at]).replace(/^[.'’s]+/i, ''))) break;
        const part = lower(starts[at], ends[at]);
        key = n === 0 ? part : `${key} ${part}`;
        const end = ends[at];
        if (wordKeys.has(key)) out.push({ kind: 'words', key, start: starts[i], end });
        if (n === 0 && i > 0 && surnameKeys.has(key)) {
          const prev = text.slice(starts[i - 1], rawEnds[i - 1]).replace(/\.$/, '').toLowerCase();
          if (TITLES.has(prev) && /^\.?\s+$/.test(text.slice(starts[i - 1] + prev.length, starts[at]))) out.push({ kind: 'surname', key, start: starts[at], end });
        }
        if (!wordPrefixes.has(key)) break;
      }
    }
  }
  const identifierKeys = byKind.identifier;
  if (identifierKeys.size === 0) return out;
  for (const m of text.matchAll(ID_RUN)) {
    // most runs are one token ("1040", "W-2" is two): its key is the run itself
    if (TOKEN.test(m[0])) {
      const key = m[0].toUpperCase();
      if (identifierKeys.has(key)) out.push({ kind: 'identifier', key, start: m.index, end: m.index + m[0].length });
      continue;
    }
    const tokens = [...m[0].matchAll(/[\p{L}\p{N}]+/gu)];
    for (let a = 0; a < tokens.length; a++) {
      let key = '';
      for (let b = a; b < tokens.length && b < a + 8; b++) {
        key += tokens[b][0].toUpperCase();
        if (identifierKeys.has(key)) out.push({ kind: 'identifier', key, start: m.index + tokens[a].index, end: m.index + tokens[b].index + tokens[b][0].length });
      }
    }
  }
  return out;
}

/** A run of ID_RUN that is a single token: letters and digits only. */
const TOKEN = /^[\p{L}\p{N}]+$/u;

/**
 * The values one document may spread through its batch, each under its key with its first finding there, in the
 * order the batch keeps the first of each: a value found first in an earlier document stays that document's.
 */
function sourcesOf(input: DetectInput, hits: Hit[]): [string, Source][] {
  const out = new Map<string, Source>();
  for (const h of [...hits].sort((a, b) => a.start - b.start)) {
    if (!CONSISTENT.has(h.category) || h.passage) continue;
    if (!spreads(h, input.text.slice(h.start, h.end))) continue;
    for (const [kind, key] of keysOf(h, input.text.slice(h.start, h.end))) {
      const k = `${kind}\0${key}`;
      if (key.length < 2 || out.has(k)) continue;
      // a single word is copied as a name only as the surname of a full name, and never when it is a word
      // too: "Haddad" from "HADDAD, Youssef" spreads, "Grant" and "Office" never do
      if (h.category === 'personal.name' && kind === 'words' && !key.includes(' ') && !isSurnameOfFullName(key, input.text.slice(h.start, h.end))) continue;
      // nor as an identifier: an identifier holds a digit or is an e-mail address
      if (kind !== 'surname' && h.category !== 'personal.name' && !/[\d@]/.test(key)) continue;
      out.set(k, { id: h.id, detector: h.detector, category: h.category, score: h.score, where: `${input.document.fileName} p.${pageOf(input, h.start)}` });
    }
  }
  return [...out];
}

/** The distinct names and identifiers found so far in the batch, each with its first finding. */
class Sources {
  readonly keys = new Map<string, Source>();
  /** Values that are not plain words (emails, hosts, addresses with commas): searched for directly. */
  readonly literal: string[] = [];
  maxWords = 1;
  /** The word-boundary prefixes of names of several words ("maria" of "maria gonzalez"): a run of words worth growing. */
  readonly wordPrefixes = new Set<string>();
  /** The keys of each kind, without the kind ("maria gonzalez" under words): what `occurrences` looks words up in. */
  readonly byKind: Record<KeyKind, Set<string>> = { words: new Set(), surname: new Set(), identifier: new Set() };

  /** A document's values (`sourcesOf`), documents in batch order: the first finding of a value is the batch's. */
  add(found: [string, Source][]): void {
    for (const [k, source] of found) {
      if (this.keys.has(k)) continue;
      const [kind, key] = k.split('\0') as [KeyKind, string];
      this.keys.set(k, source);
      // the key as the batch looks it up: all of "kind\0key" after the kind
      this.byKind[kind].add(k.slice(kind.length + 1));
      if (kind === 'words') this.maxWords = Math.max(this.maxWords, key.split(' ').length);
      if (kind === 'words') for (let i = key.indexOf(' '); i !== -1; i = key.indexOf(' ', i + 1)) this.wordPrefixes.add(key.slice(0, i));
      if (kind === 'words' && !/^[\p{L}\p{N} .'’-]+$/u.test(key)) this.literal.push(key);
    }
  }
}

function isSurnameOfFullName(word: string, name: string): boolean {
  const written = name.replace(HONORIFIC_PREFIX, '').split(/[\s,]+/).filter((p) => p.replace(/\./g, '').length > 1);
  // the surname is the last word, or the words before the comma of "Last, First" ("Scott" of "Cole, Scott" is a given name)
  const surnames = name.includes(',') ? name.replace(HONORIFIC_PREFIX, '').split(',')[0].split(/\s+/) : written.slice(-1);
  const original = surnames.find((p) => normalise(p) === word);
  // a word the lexicon knows only as a given name ("Paul", "Carlos") names no one alone, wherever it stood
  const tags = lexiconTags(word);
  if (written.length < 2 || !original || isEnglishWord(word) || !tags.every((t) => t.endsWith('Name')) || (tags.length > 0 && !tags.includes('LastName'))) return false;
  // "TRICARE Prime": a word in capitals beside words that are not is an acronym, not a surname ("HADDAD, Youssef" is)
  if (/^[\p{Lu}\d-]+$/u.test(original) && /\p{Ll}/u.test(name) && !name.includes(',')) return false;
  // "AFPC, Pre-Jan": four capitals or fewer are as likely an acronym as a surname; alone they are not copied
  return !/^\p{Lu}{1,4}$/u.test(original);
}

/**
 * "Ellsworth St", "Passyunk Ave": a run of capitalised words that ends in a street type names a street, whatever the
 * name detector made of it in a table row; copied as a name it would follow the street into every list of addresses.
 */
const STREET_END = /\s(?:St|Ave|Av|Rd|Blvd|Ln|Pkwy|Hwy|Ct|Pl|Ter|Cir|Street|Avenue|Road|Boulevard|Lane|Parkway|Highway|Drive)\.?$/i;

/** Strong name findings of at least two words. */
const STRONG_NAME = 0.75;
/**
 * A phone number's validator counts digits, which proves little: "2012 117" after "cell" is a weak finding, and the
 * same digits in "In 2012 117 forms were filed" are not a phone. A phone spreads only from a strong first finding
 * (a full national or international number, or a short one its label names).
 */
const STRONG_PHONE = 0.7;

/**
 * Only what is certain spreads through a batch: a person's name of two or more words whose first finding was
 * strong, or an identifier a format validator proved (or the office listed). A weak or one-word finding copied
 * into every document multiplies its error by the batch.
 */
function spreads(h: Hit, text: string): boolean {
  if (h.category === 'personal.name') return h.score >= STRONG_NAME && !STREET_END.test(text);
  if (h.category === 'personal.phone') return h.certain && h.score >= STRONG_PHONE;
  return h.certain;
}

/** Adds to one document's hits the other occurrences of each name or identifier found anywhere in the batch. */
function addConsistencyHits(input: DetectInput, existing: Hit[], sources: Sources): void {
  if (sources.keys.size === 0) return;
  const found = occurrences(input.text, sources);
  // the surnames of the private persons this document's own reading names (its detectors, before any copy): a copy
  // with such a surname is not read as public through the surname (surnamePublicHere), the text shows a private one
  const ownPrivateSurnames = new Set(existing.filter((h) => h.category === 'personal.name' && h.detector !== 'consistency').map((h) => surnameKey(input.text.slice(h.start, h.end))));
  // emails, hosts and other values that are not plain words: a direct search
  const lower = input.text.toLowerCase();
  for (const key of sources.literal) {
    for (let at = lower.indexOf(key); at !== -1; at = lower.indexOf(key, at + key.length)) found.push({ kind: 'words', key, start: at, end: at + key.length });
  }
  for (const o of found) {
    const source = sources.keys.get(`${o.kind}\0${o.key}`)!;
    // "invitational travel" in prose is not "Invitational Travel" the name: a copy in lower case is the same name
    // only when not all its words are dictionary words ("maria gonzalez-ortiz")
    if (source.category === 'personal.name' && !/\p{Lu}/u.test(input.text.slice(o.start, o.end)) && o.key.split(' ').every((w) => isEnglishWord(w))) continue;
    if (source.category === 'personal.name' && illustrativeName(input.text, o.start, o.end)) continue;
    const reason = `same ${o.kind === 'surname' ? 'surname' : 'value'} as finding ${source.id} (${source.detector}, ${source.where})`;
    const covering = existing.find((h) => h.category === source.category && h.start <= o.start && o.end <= h.end);
    if (covering) {
      // found here anyway: say so, and let the stronger evidence carry it
      if (covering.id !== source.id && !covering.why.some((w) => w.startsWith('same '))) covering.why.push(reason);
      covering.score = Math.max(covering.score, source.score);
      continue;
    }
    // a value copied from elsewhere is judged where it lands: "Judge Haddad" here is the judge, whoever Haddad was there
    const landed = withPublicRole(input.text, hit(input, 'consistency', source.category, { start: o.start, end: o.end, score: source.score, why: [reason] }));
    const bySurname = landed.category === 'personal.name' && !ownPrivateSurnames.has(surnameKey(input.text.slice(landed.start, landed.end))) ? surnamePublicHere(input.text, landed.start, landed.end) : undefined;
    existing.push(bySurname ? { ...landed, category: bySurname.category, certain: false, why: [...landed.why, bySurname.why] } : landed);
  }
}

/** A name's last word, lower case, without a possessive or a trailing dot ("Quennell's" → "quennell"). */
function surnameKey(name: string): string {
  return normalise(name.trim().split(/\s+/).pop() ?? '').replace(/\.$/, '');
}

/** A full name: capitalised words or initials, then the surname last. */
const FULL_NAME_WORD = /^(?:\p{Lu}[\p{L}'’-]*|\p{Lu}\.)$/u;

/**
 * The public role the text where a copied name lands gives the same person, read through the surname:
 * - a full name copied where the text uses its surname alone in a public role ("Mayor Quennell opened the meeting",
 *   "Attendees: Quennell, …" over "Matt Quennell thanked the staff": a speaker one year, a council member the next);
 * - a surname copied (the surname of "Quennell, Matt" or "Matt Quennell" found elsewhere) where the text names the
 *   full name in a public role ("Mayor Matt Quennell opened the meeting" over "Later Quennell left").
 * The text names the person publicly, so the same words are public there, whatever the person was in the document the
 * value came from. Only when the text names no one else with that surname in full (a "Jane Quennell" beside it could be
 * whom the title means): every full name there ending with it starts with the same given name; and not where the
 * document's own reading names a private person with that surname ("Clay Moore, Denver, stated …" beside his name in
 * the staff list: he speaks for himself there too, addConsistencyHits). Each use is judged by public-roles.ts as a
 * name of its own.
 */
function surnamePublicHere(text: string, start: number, end: number): PublicRole | undefined {
  const words = text.slice(start, end).replace(HONORIFIC_PREFIX, '').split(/\s+/);
  if (!words.every((w) => FULL_NAME_WORD.test(w))) return undefined;
  const surname = words[words.length - 1];
  if (surname.length < 2) return undefined;
  let given = words.length > 1 ? words[0].toLowerCase() : undefined;
  const lone: [number, number][] = [];
  const full: [number, number][] = [];
  for (const m of text.matchAll(new RegExp(`(?<![\\p{L}\\p{N}'’-])${escapeRegex(surname)}(?![\\p{L}\\p{N}'’-])`, 'gu'))) {
    // the word before: a given name or an initial makes a full name, a title or anything else leaves the surname alone
    const before = /(\p{Lu}[\p{L}'’-]*\.?)\s+$/u.exec(text.slice(Math.max(0, m.index - 30), m.index))?.[1];
    const first = before?.replace(/\.$/, '');
    if (first && (/^\p{Lu}$/u.test(first) || ((isGivenName(first) || lexiconTags(first).some((t) => t.endsWith('Name') && t !== 'LastName')) && !TITLES.has(first.toLowerCase())))) {
      const head = /(?:\p{Lu}[\p{L}'’-]*\.?[ \t]+){1,3}$/u.exec(text.slice(Math.max(0, m.index - 60), m.index))?.[0] ?? '';
      const run = head.trim().split(/\s+/);
      // "Mayor Matt Quennell": a title before the given name is no part of it
      let from = m.index - head.length;
      while (run.length > 1 && TITLES.has(run[0].replace(/\.$/, '').toLowerCase())) from = text.indexOf(run[1], from + run.shift()!.length);
      given ??= run[0].toLowerCase();
      if (run[0].toLowerCase() !== given) return undefined;
      full.push([from, m.index + surname.length]);
      continue;
    }
    lone.push([m.index, m.index + surname.length]);
  }
  // a full name copied: the surname's lone uses; a surname copied: the full name's uses
  for (const [s, e] of words.length > 1 ? lone : full) {
    const role = publicRole(text, { category: 'personal.name', start: s, end: e });
    if (role) return { category: role.category, why: `${words.length > 1 ? 'its surname is used alone' : 'its full name is used'} in a public role here ("${text.slice(Math.max(0, s - 20), e).replace(/\s+/g, ' ').trim()}": ${role.why})` };
  }
  return undefined;
}

/** Boxes from the pages the range touches only, so a long document costs no more per finding than a short one. */
function boxesOf(input: DetectInput, start: number, end: number): PageBox[] {
  const first = Math.max(0, upperBound(input.pageStarts, start) - 1);
  const last = Math.max(first, upperBound(input.pageStarts, end - 1) - 1);
  const pages = input.document.pages.slice(first, last + 1);
  return boxesForRange({ pages }, { text: input.text, pageStarts: input.pageStarts.slice(first, last + 1) }, start, end);
}

/** Index of the first element greater than `x` in a sorted array. */
function upperBound(xs: number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function toFinding(input: DetectInput, h: Hit, policy: Policy): Finding {
  const rule = policy.categories[h.category];
  return {
    id: h.id,
    detector: h.detector,
    category: h.category,
    exemption: rule.exemption,
    action: rule.action,
    score: Math.round(h.score * 100) / 100,
    text: input.text.slice(h.start, h.end),
    why: h.why,
    start: h.start,
    end: h.end,
    boxes: boxesOf(input, h.start, h.end),
  };
}

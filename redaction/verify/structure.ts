/**
 * @module
 * Byte-level checks of a PDF's structure: how many revisions it holds, which
 * forbidden objects it names (annotations, forms, attachments, scripts,
 * outlines, XMP, thumbnails, optional content, named destinations, page labels,
 * structure tree and replacement text), and whether a removed string
 * sits in its raw bytes once every Flate stream is inflated. Pure, over bytes;
 * object streams are inflated too, so names hidden in them are found.
 */
import { inflateSync, constants } from 'node:zlib';

export interface ForbiddenName {
  name: string;
  what: string;
}

export const forbiddenNames: ForbiddenName[] = [
  { name: 'Annots', what: 'annotations' },
  { name: 'AcroForm', what: 'a form' },
  { name: 'EmbeddedFiles', what: 'attached files' },
  { name: 'EmbeddedFile', what: 'an attached file' },
  { name: 'FileAttachment', what: 'a file attachment annotation' },
  { name: 'JavaScript', what: 'JavaScript' },
  { name: 'JS', what: 'JavaScript' },
  { name: 'OpenAction', what: 'an action run on opening' },
  { name: 'AA', what: 'actions run on events' },
  { name: 'Outlines', what: 'bookmarks (outline)' },
  { name: 'Metadata', what: 'XMP metadata' },
  { name: 'Thumb', what: 'page thumbnails' },
  { name: 'OCProperties', what: 'optional content (layers)' },
  { name: 'PieceInfo', what: 'private application data' },
  { name: 'XFA', what: 'an XFA form' },
  { name: 'Dests', what: 'named destinations' },
  { name: 'PageLabels', what: 'page labels' },
  { name: 'StructTreeRoot', what: 'a structure tree (tags, Alt text)' },
  { name: 'ActualText', what: 'replacement text (ActualText)' },
];

export interface PdfBytesView {
  /** Raw bytes as latin1, followed by every inflated stream. */
  text: string;
  /**
   * `text` without the embedded font programs (FontFile, FontFile2, FontFile3), where removed
   * strings are looked for. A font program holds its vendor's names and notices ("Type Drawing
   * Office", designers' names), the same in every document set in that font: a removed word that
   * matches one is a coincidence, not the document's text, and once failed every release set in
   * Times New Roman Bold whose removals included the word "office".
   */
  searchable: string;
  /**
   * The object structure only: the raw bytes with image data blanked, plus every inflated non-image stream.
   * Names are looked for here, because compressed pixels can hold "/JS" by chance and a name in pixels names nothing.
   */
  structure: string;
  streams: number;
  inflated: number;
}

/** The bytes as text, with every Flate stream inflated and appended, and PDF name escapes (#xx) decoded. */
export function inflateAll(pdf: Uint8Array): PdfBytesView {
  const raw = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const text = raw.toString('latin1');
  const parts = [text];
  const searchable: string[] = [];
  const fontPrograms = fontProgramObjects(text);
  let searchableFrom = 0;
  const structure: string[] = [];
  let structureFrom = 0;
  let streams = 0;
  let inflated = 0;
  const re = /stream\r?\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (text.slice(Math.max(0, m.index - 3), m.index) === 'end') continue;
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    streams++;
    const objStart = text.lastIndexOf(' obj', m.index);
    const dictionary = text.slice(Math.max(0, objStart), m.index);
    const image = /\/Subtype\s*\/Image\b/.test(dictionary);
    const fontProgram = fontPrograms.has(objectNumberBefore(text, objStart));
    let body: string | undefined;
    try {
      body = inflateSync(raw.subarray(start, end), { finishFlush: constants.Z_SYNC_FLUSH }).toString('latin1');
      parts.push(body);
      if (!fontProgram) searchable.push(body);
      inflated++;
    } catch {
      // Not Flate (an image, or another filter): its bytes are already in the raw text.
    }
    if (fontProgram) {
      searchable.push(text.slice(searchableFrom, start));
      searchableFrom = end;
    }
    // Compressed bytes and pixels are not structure: keep a stream's inflated text instead, or nothing for an image.
    if (image || body !== undefined) {
      structure.push(text.slice(structureFrom, start));
      if (!image && body !== undefined) structure.push(body);
      structureFrom = end;
    }
    re.lastIndex = end;
  }
  structure.push(text.slice(structureFrom));
  searchable.push(text.slice(searchableFrom));
  const unescape = (t: string) => t.replace(/#([0-9A-Fa-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
  let whole: string | undefined;
  return {
    // Built when first read: the verifier reads only `searchable` and `structure`, and joining and
    // unescaping a 100-page release's every byte once more cost it about 30 ms for nothing.
    get text() {
      whole ??= unescape(parts.join('\n'));
      return whole;
    },
    searchable: unescape(searchable.join('\n')),
    structure: unescape(structure.join('\n')),
    streams,
    inflated,
  };
}

/** Object numbers that font descriptors name as font programs (/FontFile, /FontFile2, /FontFile3). */
function fontProgramObjects(text: string): Set<number> {
  const out = new Set<number>();
  for (const m of text.matchAll(/\/FontFile[23]?\s+(\d+)\s+\d+\s+R/g)) out.add(Number(m[1]));
  return out;
}

/** The number of the object whose "N G obj" ends at `objIndex` (the index of " obj"), or -1. */
function objectNumberBefore(text: string, objIndex: number): number {
  if (objIndex < 0) return -1;
  const m = /(\d+)\s+\d+$/.exec(text.slice(Math.max(0, objIndex - 24), objIndex));
  return m ? Number(m[1]) : -1;
}

/**
 * A literal string on one line, its escapes read, without nested parentheses: "(SAF/AA)" in a
 * text array names an office, not actions. Left in place when nested or spanning lines, so an
 * odd string can only make a name be found, never hide one; a name inside a stream's binary
 * bytes is no structure either way, and a string cannot reach past the line break before "endstream".
 */
const LITERAL_STRING = /\((?:\\[\s\S]|[^\\()\r\n]){0,512}\)/g;

export function namesPresent(view: PdfBytesView): ForbiddenName[] {
  const names = view.structure.replace(LITERAL_STRING, '()');
  return forbiddenNames.filter((f) => new RegExp(`/${f.name}(?![A-Za-z0-9#_.-])`).test(names));
}

export interface Revisions {
  eofMarkers: number;
  prevPointers: number;
  linearized: boolean;
}

export function revisions(pdf: Uint8Array): Revisions {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  return {
    eofMarkers: text.match(/%%EOF/g)?.length ?? 0,
    prevPointers: text.match(/\/Prev\s+\d+/g)?.length ?? 0,
    linearized: /\/Linearized\s/.test(text.slice(0, 2048)),
  };
}

/** One revision: one %%EOF and no /Prev; a linearized file carries a second, by design. */
export function isSingleRevision(r: Revisions): boolean {
  return r.linearized ? r.eofMarkers <= 2 && r.prevPointers <= 1 : r.eofMarkers === 1 && r.prevPointers === 0;
}

/**
 * Removed strings found in the raw or inflated bytes: as written, as UTF-16BE
 * (how PDF text strings store non-Latin text) and inside hex strings.
 */
export function stringsInBytes(view: PdfBytesView, needles: string[]): string[] {
  // UTF-16BE strings: drop the zero high bytes and the byte-order mark so their text reads as words.
  // Text arrays read as a reader would: "[(Tele) -20 (phone)] TJ" holds "Telephone", not the word "Tele".
  const read = readTextArrays(view.searchable);
  const hay = (read + '\n' + decodeHexStrings(read)).replace(/\u0000/g, '').replace(/\u00FE\u00FF/g, ' ');
  // A cheap first look for needles whose first word is ASCII: the whole-word regex below, run
  // over every byte of a file once per needle, is most of this check's time, and nearly every
  // needle is absent. The hay is Latin-1, where no character but A–Z folds to a–z, so plain
  // lowercasing finds whatever the regex's case-insensitive flag would.
  const lowered = hay.toLowerCase();
  // The whole-word regex can only match where each run of letters and digits in the needle's
  // first word stands in the hay as a whole run of its own (the needle's separators and the
  // regex's word boundaries end it). Those runs, for every needle at once, are looked up in one
  // pass over the hay: a substring search per needle cost 0.2-0.3 s on a 100-page release
  // with 200 removed strings.
  const firstWords = needles.map((n) => n.trim().split(/\s+/)[0].toLowerCase());
  const runsOf = (first: string) => first.split(/[^a-z0-9]+/).filter(Boolean);
  const present = wholeRunsIn(lowered, new Set(firstWords.filter(isPrintableAscii).flatMap(runsOf)));
  return needles.filter((n, i) => {
    const words = n.trim().split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    if (n.replace(/[^\p{L}\p{N}]/gu, '').length < 4) return false;
    const first = firstWords[i];
    if (isPrintableAscii(first)) {
      const runs = runsOf(first);
      if (runs.length ? runs.some((r) => !present.has(r)) : !lowered.includes(first)) return false;
    }
    // Whole words only: a removed "Option" is not in a kept "Options".
    return new RegExp(`(?<![\\p{L}\\p{N}])${words.join('\\s+')}(?![\\p{L}\\p{N}])`, 'iu').test(hay);
  });
}

function isPrintableAscii(text: string): boolean {
  return /^[\x20-\x7e]+$/.test(text);
}

/** Which Latin-1 characters the regexes' [\p{L}\p{N}] matches, by code: the hay holds no other characters. */
const LETTER_OR_DIGIT = Uint8Array.from({ length: 256 }, (_, c) => (/[\p{L}\p{N}]/u.test(String.fromCharCode(c)) ? 1 : 0));

/**
 * The `wanted` strings that stand in `text` as a whole run of letters and digits (neither
 * preceded nor followed by one), with letters and digits as the regexes' [\p{L}\p{N}] sees them.
 */
export function wholeRunsIn(text: string, wanted: Set<string>): Set<string> {
  const found = new Set<string>();
  if (!wanted.size) return found;
  let shortest = Infinity;
  let longest = 0;
  for (const w of wanted) {
    shortest = Math.min(shortest, w.length);
    longest = Math.max(longest, w.length);
  }
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 32;
    // The hay is Latin-1; any other character is judged by the regex itself, a whole code point at a time.
    const point = code < 256 ? code : text.codePointAt(i)!;
    const inRun = point < 256 ? LETTER_OR_DIGIT[point] === 1 : /[\p{L}\p{N}]/u.test(String.fromCodePoint(point));
    if (inRun) {
      if (start < 0) start = i;
      if (point > 0xffff) i++;
      continue;
    }
    if (start >= 0) {
      const length = i - start;
      if (length >= shortest && length <= longest) {
        const run = text.slice(start, i);
        if (wanted.has(run)) found.add(run);
      }
      start = -1;
    }
  }
  return found;
}

/** Kerning (thousandths of an em) past which a gap inside a text array reads as a space. */
const WORD_GAP = 200;

/**
 * Every `[...] TJ` array replaced by the text it shows: its strings (literal or hex)
 * joined, with a space only where a kerning number opens a gap as wide as a word space.
 */
export function readTextArrays(text: string): string {
  // Found from each "TJ" back to its "[": one pass over the bytes, where a regex looking for "["
  // everywhere (compressed data is full of them) cost more than the rest of the byte check.
  const out: string[] = [];
  let from = 0;
  for (let tj = text.indexOf('TJ', from); tj >= 0; tj = text.indexOf('TJ', tj + 2)) {
    const open = text.lastIndexOf('[', tj);
    if (open < from || tj - open > MAX_ARRAY) continue;
    const m = TEXT_ARRAY.exec(text.slice(open, tj + 2));
    if (!m) continue;
    out.push(text.slice(from, open), ` ${readArray(m[1])} `);
    from = tj + 2;
  }
  out.push(text.slice(from));
  return out.join('');
}

/** Longest text array read whole, in bytes; a "TJ" further from its "[" is compressed data. */
const MAX_ARRAY = 65536;

const TEXT_ARRAY = /^\[((?:\s*(?:\((?:\\[\s\S]|[^\\)])*\)|<[0-9A-Fa-f\s]*>|[-+]?(?:\d+\.?\d*|\.\d+)))*)\s*\]\s*TJ$/;

function readArray(body: string): string {
  let out = '';
  for (const m of body.matchAll(/\((?:\\[\s\S]|[^\\)])*\)|<[0-9A-Fa-f\s]*>|[-+]?(?:\d+\.?\d*|\.\d+)/g)) {
    const piece = m[0];
    if (piece.startsWith('(')) out += piece.slice(1, -1).replace(/\\([()\\])/g, '$1');
    else if (piece.startsWith('<')) {
      const hex = piece.slice(1, -1).replace(/\s/g, '');
      out += Buffer.from(hex.length % 2 ? hex + '0' : hex, 'hex').toString('latin1');
    } else if (Number(piece) < -WORD_GAP) out += ' ';
  }
  return out;
}

function decodeHexStrings(text: string): string {
  const out: string[] = [];
  for (const m of text.matchAll(/<([0-9A-Fa-f\s]{8,})>/g)) {
    const hex = m[1].replace(/\s/g, '');
    out.push(Buffer.from(hex.length % 2 ? hex + '0' : hex, 'hex').toString('latin1'));
  }
  return out.join('\n');
}

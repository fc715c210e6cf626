/**
 * @module
 * The text of a whole document, for detectors that must see across page breaks,
 * and the mapping from its offsets back to pages, words and boxes.
 */
import type { Box, Document, Page, PageBox, Word } from './types.ts';

/** Pages are joined by a form feed, which regexes treat as whitespace. */
export const PAGE_SEPARATOR = '\f';

export interface DocumentText {
  text: string;
  /** Offset in `text` where each page (by index) starts. */
  pageStarts: number[];
}

export function documentText(document: Pick<Document, 'pages'>): DocumentText {
  const pageStarts: number[] = [];
  let offset = 0;
  for (const page of document.pages) {
    pageStarts.push(offset);
    offset += page.text.length + PAGE_SEPARATOR.length;
  }
  return { text: document.pages.map((p) => p.text).join(PAGE_SEPARATOR), pageStarts };
}

export interface WordRef {
  page: Page;
  word: Word;
}

/** Words overlapping [start, end) of the document text, in reading order. */
export function wordsInRange(document: Pick<Document, 'pages'>, dt: DocumentText, start: number, end: number): WordRef[] {
  const out: WordRef[] = [];
  document.pages.forEach((page, i) => {
    const base = dt.pageStarts[i];
    if (base > end || base + page.text.length < start) return;
    for (const word of page.words) {
      if (base + word.end > start && base + word.start < end) out.push({ page, word });
    }
  });
  return out;
}

/**
 * The boxes covering [start, end): one per line per page, each the union of the
 * covered words. A partly covered word is covered whole, because a box that
 * leaves half a word readable is a leak.
 */
export function boxesForRange(document: Pick<Document, 'pages'>, dt: DocumentText, start: number, end: number): PageBox[] {
  const groups = new Map<string, PageBox>();
  for (const { page, word } of wordsInRange(document, dt, start, end)) {
    const key = `${page.number}:${word.line}`;
    const existing = groups.get(key);
    groups.set(key, { page: page.number, box: existing ? unionBox(existing.box, word.box) : [...word.box] });
  }
  return [...groups.values()];
}

export function unionBox(a: Box, b: Box): Box {
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
}

/** Area of the intersection of two boxes, 0 when they do not meet. */
export function overlapArea(a: Box, b: Box): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  return w > 0 && h > 0 ? w * h : 0;
}

export function boxArea(b: Box): number {
  return Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);
}

/** True when more than 90 % of `box` lies inside one of `boxes`: it is already redacted. */
export function isMostlyInside(box: Box, boxes: readonly Box[]): boolean {
  const area = boxArea(box);
  return area > 0 && boxes.some((b) => overlapArea(box, b) / area > 0.9);
}

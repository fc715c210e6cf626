/**
 * @module
 * Where a labelled string occurs in a document's text, and whether findings cover it:
 * the matching rules the samples' and the real documents' scorers share.
 */
import type { Finding } from '../../pipeline/model/types.ts';

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Occurrences of `needle` as whole words, any whitespace (line and page breaks) between its words. */
export function occurrences(text: string, needle: string, ignoreCase = false): [number, number][] {
  const re = new RegExp(`(?<![\\p{L}\\p{N}])${needle.trim().split(/\s+/).map(escape).join('\\s+')}(?![\\p{L}\\p{N}])`, ignoreCase ? 'giu' : 'gu');
  return [...text.matchAll(re)].map((m) => [m.index, m.index + m[0].length]);
}

/** Every character of the range but spaces and breaks lies under some finding. */
export function covered(text: string, findings: readonly Pick<Finding, 'start' | 'end'>[], [s, e]: [number, number]): boolean {
  for (let i = s; i < e; i++) {
    if (/\s/.test(text[i]) || findings.some((f) => f.start <= i && i < f.end)) continue;
    return false;
  }
  return true;
}

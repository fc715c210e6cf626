/**
 * @module
 * Test support: words and boxes from poppler's `pdftotext -bbox` (the independent
 * reference for box accuracy), and an alignment of two word lists by text and order.
 */
import { spawnSync } from 'node:child_process';
import type { Box } from '../../pipeline/model/types.ts';

export interface RefPage {
  width: number;
  height: number;
  words: { text: string; box: Box }[];
}

export function popplerAvailable(): boolean {
  return spawnSync('pdftotext', ['-v']).status === 0;
}

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'", '&#39;': "'" };

/** Pages of `pdftotext -bbox` for a file, in page order. */
export function popplerWords(file: string, options: { first?: number; last?: number } = {}): RefPage[] {
  const args = ['-bbox'];
  if (options.first) args.push('-f', String(options.first));
  if (options.last) args.push('-l', String(options.last));
  const run = spawnSync('pdftotext', [...args, file, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`pdftotext -bbox failed on ${file}: ${run.stderr}`);
  const pages: RefPage[] = [];
  for (const [, w, h, body] of run.stdout.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)) {
    const words = [...body.matchAll(/<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
      text: m[5].replace(/&[#\w]+;/g, (e) => entities[e] ?? e).normalize('NFKC'),
      box: [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])] as Box,
    }));
    pages.push({ width: Number(w), height: Number(h), words });
  }
  return pages;
}

/** Longest common subsequence of two word lists by text: pairs of indices in order. */
export function alignByText(a: { text: string }[], b: { text: string }[]): [number, number][] {
  const n = a.length;
  const m = b.length;
  const table = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * (m + 1) + j] = a[i].text === b[j].text ? table[(i + 1) * (m + 1) + j + 1] + 1 : Math.max(table[(i + 1) * (m + 1) + j], table[i * (m + 1) + j + 1]);
    }
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i].text === b[j].text) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (table[(i + 1) * (m + 1) + j] >= table[i * (m + 1) + j + 1]) i++;
    else j++;
  }
  return pairs;
}

/** Largest coordinate difference between two boxes, in points. */
export function boxError(a: Box, b: Box): number {
  return Math.max(...a.map((v, i) => Math.abs(v - b[i])));
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Pairs words of `a` and `b` with the same text, nearest box centres first, each
 * word used once; pairs further apart than `maxDistance` points are left out.
 * Robust to the two tools ordering tables and columns differently.
 */
export function matchByTextAndPosition(a: { text: string; box: Box }[], b: { text: string; box: Box }[], maxDistance = 20): [number, number][] {
  const byText = new Map<string, number[]>();
  b.forEach((w, j) => byText.set(w.text, [...(byText.get(w.text) ?? []), j]));
  const candidates: { i: number; j: number; d: number }[] = [];
  a.forEach((w, i) => {
    for (const j of byText.get(w.text) ?? []) {
      const d = Math.hypot(centre(w.box)[0] - centre(b[j].box)[0], centre(w.box)[1] - centre(b[j].box)[1]);
      if (d <= maxDistance) candidates.push({ i, j, d });
    }
  });
  candidates.sort((x, y) => x.d - y.d);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const pairs: [number, number][] = [];
  for (const { i, j } of candidates) {
    if (usedA.has(i) || usedB.has(j)) continue;
    usedA.add(i);
    usedB.add(j);
    pairs.push([i, j]);
  }
  return pairs.sort((x, y) => x[0] - y[0]);
}

function centre(box: Box): [number, number] {
  return [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
}

/**
 * @module
 * The verifier's adapter over independent tools: poppler's `pdftotext` (words
 * with boxes, via -bbox), MuPDF's `mutool draw -F txt`, and `mutool draw` as a
 * fast renderer for the pixel check (pdf.js decodes CCITT images in JavaScript,
 * about a second a page). They are optional at run time: a missing tool is
 * reported as such, never treated as a pass, and pdf.js (always present) still runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Box } from '../../pipeline/model/types.ts';
import type { GrayImage } from '../../pipeline/model/raster.ts';

export interface ToolWord {
  text: string;
  box: Box;
}

/** Per page (index 0 = page 1): the page text and, when the tool gives them, its words with boxes. */
export interface ToolText {
  tool: string;
  pages: { text: string; words?: ToolWord[] }[];
}

export type ToolOutcome = { ok: true; value: ToolText } | { ok: false; missing: boolean; message: string };

const TIMEOUT_MS = 120_000;

type Ran<T> = { ok: true; stdout: string; value: T } | { ok: false; missing: boolean; message: string };

function run<T = undefined>(tool: string, args: (file: string, dir: string) => string[], pdf: Uint8Array, collect?: (dir: string) => T): Ran<T> {
  const dir = mkdtempSync(join(tmpdir(), 'daylight-verify-'));
  try {
    const file = join(dir, 'in.pdf');
    writeFileSync(file, pdf);
    const r = spawnSync(tool, args(file, dir), { encoding: 'utf8', timeout: TIMEOUT_MS, maxBuffer: 512 * 1024 * 1024 });
    if (r.error) {
      const missing = (r.error as NodeJS.ErrnoException).code === 'ENOENT';
      return { ok: false, missing, message: missing ? `${tool} is not installed` : `${tool} failed: ${r.error.message}` };
    }
    if (r.status !== 0) return { ok: false, missing: false, message: `${tool} exited with ${r.status}: ${r.stderr.trim().slice(0, 300)}` };
    return { ok: true, stdout: r.stdout, value: collect ? collect(dir) : (undefined as T) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function pdftotextWords(pdf: Uint8Array): ToolOutcome {
  const r = run('pdftotext', (f) => ['-q', '-bbox', f, '-'], pdf);
  if (!r.ok) return r;
  const pages: ToolText['pages'] = [];
  for (const pageHtml of r.stdout.split(/<page\b/).slice(1)) {
    const words: ToolWord[] = [];
    for (const m of pageHtml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      words.push({ text: unescapeHtml(m[5]), box: [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])] });
    }
    pages.push({ text: words.map((w) => w.text).join(' '), words });
  }
  return { ok: true, value: { tool: 'pdftotext', pages } };
}

export function mutoolText(pdf: Uint8Array): ToolOutcome {
  const r = run('mutool', (f) => ['draw', '-q', '-F', 'txt', '-o', '-', f], pdf);
  if (!r.ok) return r;
  const pages = r.stdout.split('\f').map((text) => ({ text }));
  if (pages.length > 1 && pages[pages.length - 1].text.trim() === '') pages.pop();
  return { ok: true, value: { tool: 'mutool', pages } };
}

function unescapeHtml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d))).replace(/&amp;/g, '&');
}

export type RenderOutcome = { ok: true; value: Map<number, GrayImage> } | { ok: false; missing: boolean; message: string };

/** Renders the given pages (1-based) to gray pixels with `mutool draw`. */
export function mutoolRender(pdf: Uint8Array, pages: number[], dpi: number): RenderOutcome {
  const r = run('mutool', (f, dir) => ['draw', '-q', '-r', String(dpi), '-c', 'gray', '-o', join(dir, 'p%d.pgm'), f, pages.join(',')], pdf, (dir) => {
    const images = new Map<number, GrayImage>();
    for (const n of pages) images.set(n, readPgm(new Uint8Array(readFileSync(join(dir, `p${n}.pgm`))), dpi));
    return images;
  });
  if (!r.ok) return r;
  return { ok: true, value: r.value };
}

/** Binary PGM (P5, 8-bit), as mutool writes it. */
function readPgm(bytes: Uint8Array, dpi: number): GrayImage {
  const header = Buffer.from(bytes.subarray(0, 64)).toString('latin1');
  const m = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(header);
  if (!m || m[3] !== '255') throw new Error('mutool wrote a PGM this reader does not know');
  const width = Number(m[1]);
  const height = Number(m[2]);
  return { data: bytes.subarray(m[0].length, m[0].length + width * height), width, height, dpi };
}

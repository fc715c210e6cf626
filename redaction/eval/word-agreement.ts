/**
 * @module
 * How far Daylight's words agree with poppler's (`pdftotext -bbox`), page by page,
 * on PDFs with a text layer: detection and the portal's search both read words, so a
 * word glued to its neighbour ("Yourcurrent") is a name or a term nobody finds.
 *
 * Each pdftotext word is matched by position with the Daylight words whose boxes
 * overlap most of it (or most of them), then counted as
 * - identical: one Daylight word, the same text;
 * - joined: one Daylight word that also covers other pdftotext words;
 * - split: several Daylight words, each within this one;
 * - different: one Daylight word with other text (punctuation, ligatures, encoding);
 * - missing: no Daylight word there (an OCRed page, text Daylight does not read).
 * Only pages Daylight read from the text layer count; pdftotext is a peer, not the
 * truth, but its word breaks follow glyph gaps and are right on nearly all body text.
 *
 * ```ts
 * const figures = await wordAgreement([{ path, document }]);
 * if (figures.status === 'skipped') console.log(figures.reason);
 * ```
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { extractDocument } from '../../pipeline/extract/extract-document.ts';
import { boxArea, overlapArea } from '../../pipeline/model/document-text.ts';
import type { Box, Document, Word } from '../../pipeline/model/types.ts';
import { readCorpus } from './read-corpus.ts';

const run = promisify(execFile);

export interface ReferenceWord {
  text: string;
  box: Box;
}

export interface Counts {
  /** pdftotext words on the pages compared. */
  reference: number;
  identical: number;
  /** pdftotext words that sit inside a Daylight word covering several of them. */
  joined: number;
  /** Daylight words that each cover several pdftotext words. */
  joinedWords: number;
  /**
   * Of those, the ones whose pdftotext words stand a visible space apart (a tenth of
   * their height or more): surely two words. The rest touch or overlap, where pdftotext
   * breaks on a change of size (small capitals "G IFT", footnote markers) and either
   * reading can be right.
   */
  joinedAcrossSpace: number;
  split: number;
  different: number;
  missing: number;
  pages: number;
}

export interface PageComparison {
  counts: Counts;
  /** A few joined and split words, for the report: Daylight's text and pdftotext's words. */
  joinedExamples: string[];
  splitExamples: string[];
}

export type WordAgreement =
  | { status: 'skipped'; reason: string }
  | { status: 'measured'; total: Counts; perDocument: { file: string; counts: Counts }[]; joinedExamples: string[]; splitExamples: string[] };

export function emptyCounts(): Counts {
  return { reference: 0, identical: 0, joined: 0, joinedWords: 0, joinedAcrossSpace: 0, split: 0, different: 0, missing: 0, pages: 0 };
}

function add(into: Counts, more: Counts): void {
  for (const key of Object.keys(into) as (keyof Counts)[]) into[key] += more[key];
}

/** Letters as both tools may spell them: ligatures and compatibility forms as plain letters, quotes and dashes alike. */
function normal(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[‘’‚′]/g, "'")
    .replace(/[“”„″]/g, '"')
    .replace(/[‐‑‒–—−]/g, '-')
    .replace(/\s+/g, '');
}

/** Two boxes belong together when their overlap is most of the smaller one. */
function sameSpot(a: Box, b: Box): boolean {
  const smaller = Math.min(boxArea(a), boxArea(b));
  return smaller > 0 && overlapArea(a, b) > 0.5 * smaller;
}

/** Some two neighbours of these boxes (in reading order along x) stand a visible space apart. */
function apartBySpace(boxes: Box[]): boolean {
  const sorted = [...boxes].sort((a, b) => a[0] - b[0]);
  return sorted.slice(1).some((b, i) => b[0] - sorted[i][2] >= 0.1 * Math.max(b[3] - b[1], sorted[i][3] - sorted[i][1]));
}

/** Compares one page's words. Pure; boxes of both in displayed top-left points. */
export function comparePage(reference: ReferenceWord[], ours: Pick<Word, 'text' | 'box'>[]): PageComparison {
  const counts = emptyCounts();
  counts.pages = 1;
  const joinedExamples: string[] = [];
  const splitExamples: string[] = [];
  // Which reference words each of ours covers, and the other way round.
  const coversOf = ours.map(() => [] as number[]);
  const matchesOf = reference.map(() => [] as number[]);
  reference.forEach((r, i) => {
    ours.forEach((o, j) => {
      if (sameSpot(r.box, o.box)) {
        matchesOf[i].push(j);
        coversOf[j].push(i);
      }
    });
  });
  const seenJoined = new Set<number>();
  reference.forEach((r, i) => {
    counts.reference++;
    const matches = matchesOf[i];
    if (matches.length === 0) {
      counts.missing++;
      return;
    }
    if (matches.length === 1) {
      const j = matches[0];
      if (coversOf[j].length > 1) {
        counts.joined++;
        if (!seenJoined.has(j)) {
          seenJoined.add(j);
          counts.joinedWords++;
          if (apartBySpace(coversOf[j].map((k) => reference[k].box))) counts.joinedAcrossSpace++;
          if (joinedExamples.length < 5) joinedExamples.push(`${ours[j].text} ← ${coversOf[j].map((k) => reference[k].text).join(' ')}`);
        }
      } else if (normal(ours[j].text) === normal(r.text)) counts.identical++;
      else counts.different++;
      return;
    }
    counts.split++;
    if (splitExamples.length < 5) splitExamples.push(`${matches.map((j) => ours[j].text).join(' ')} ← ${r.text}`);
  });
  return { counts, joinedExamples, splitExamples };
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name[0] === '#') return String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10));
    return entities[name] ?? whole;
  });
}

/** Words per page from `pdftotext -bbox` output (XHTML). */
export function parseBbox(xhtml: string): ReferenceWord[][] {
  const pages: ReferenceWord[][] = [];
  for (const page of xhtml.split('<page ').slice(1)) {
    const words: ReferenceWord[] = [];
    for (const m of page.matchAll(/<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<\/word>/g)) {
      words.push({ text: decode(m[5]), box: [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])] });
    }
    pages.push(words);
  }
  return pages;
}

/** pdftotext's words of a file, or undefined when poppler is not installed. */
export async function pdftotextWords(path: string): Promise<ReferenceWord[][] | undefined> {
  try {
    const { stdout } = await run('pdftotext', ['-q', '-bbox', '-enc', 'UTF-8', path, '-'], { maxBuffer: 512 * 1024 * 1024, timeout: 120_000 });
    return parseBbox(stdout);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // A file poppler cannot read has no reference words: its pages count as not compared.
    return [];
  }
}

/** Compares every text-layer page of the documents with pdftotext's words. */
export async function wordAgreement(documents: { path: string; document?: Document }[]): Promise<WordAgreement> {
  const total = emptyCounts();
  const perDocument: { file: string; counts: Counts }[] = [];
  const joinedExamples: string[] = [];
  const splitExamples: string[] = [];
  for (const { path, document } of documents) {
    if (!document || document.mediaType !== 'application/pdf') continue;
    const reference = await pdftotextWords(path);
    if (reference === undefined) return { status: 'skipped', reason: 'pdftotext (poppler-utils) is not installed' };
    const counts = emptyCounts();
    for (const page of document.pages) {
      const words = reference[page.number - 1];
      if (page.source !== 'text' || !words?.length) continue;
      const compared = comparePage(words, page.words);
      add(counts, compared.counts);
      for (const e of compared.joinedExamples) if (joinedExamples.length < 12) joinedExamples.push(e);
      for (const e of compared.splitExamples) if (splitExamples.length < 12) splitExamples.push(e);
    }
    add(total, counts);
    perDocument.push({ file: path.split('/').pop() ?? path, counts });
  }
  return { status: 'measured', total, perDocument, joinedExamples, splitExamples };
}

function share(n: number, of: number): string {
  return of ? `${((n / of) * 100).toFixed(1)} %` : '—';
}

/** Markdown for `npm run eval`. */
export function agreementMarkdown(name: string, figures: WordAgreement): string[] {
  if (figures.status === 'skipped') return [`## Word agreement with pdftotext, ${name}: skipped (${figures.reason})`, ''];
  const row = (label: string, c: Counts) =>
    `| ${label} | ${c.pages} | ${c.reference} | **${share(c.identical, c.reference)}** | ${share(c.joined, c.reference)} | ${c.joinedWords} | **${c.joinedAcrossSpace}** | ${share(c.split, c.reference)} | ${share(c.different, c.reference)} | ${share(c.missing, c.reference)} |`;
  const worst = [...figures.perDocument].filter((d) => d.counts.reference > 0).sort((a, b) => a.counts.identical / a.counts.reference - b.counts.identical / b.counts.reference).slice(0, 5);
  return [
    `## Word agreement with pdftotext, ${name} (text-layer pages)`,
    '',
    '| documents | pages | pdftotext words | identical | in joined words | joined Daylight words | of which across a space | split | other text | missing |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    row(`all ${figures.perDocument.length}`, figures.total),
    ...worst.map((d) => row(d.file, d.counts)),
    '',
    `Joined (Daylight ← pdftotext): ${figures.joinedExamples.join('; ') || 'none'}.`,
    '',
    `Split: ${figures.splitExamples.join('; ') || 'none'}.`,
    '',
  ];
}

/**
 * Both corpora: gov-pdfs through the evaluation's cached reader (as the rest of
 * `npm run eval` sees them), the samples' PDFs read afresh without OCR.
 */
export async function evaluateWordAgreement(govPdfsDir: string, samplesDir: string, onFile?: (name: string, cached: boolean) => void): Promise<{ results: Record<string, WordAgreement>; markdown: string[] }> {
  const results: Record<string, WordAgreement> = {};
  const markdown: string[] = [];
  const pdfsIn = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.pdf')).sort().map((f) => join(dir, f)) : []);
  const gov = pdfsIn(join(govPdfsDir, 'pdfs'));
  if (gov.length) {
    results['gov-pdfs'] = await wordAgreement(await readCorpus(gov, { onFile }));
    markdown.push(...agreementMarkdown('gov-pdfs', results['gov-pdfs']));
  }
  const samples = pdfsIn(join(samplesDir, 'documents'));
  if (samples.length) {
    const read = [];
    for (const path of samples) {
      const r = await extractDocument({ bytes: new Uint8Array(readFileSync(path)), fileName: basename(path) });
      read.push({ path, document: r.ok ? r.value : undefined });
    }
    results.samples = await wordAgreement(read);
    markdown.push(...agreementMarkdown('samples', results.samples));
  }
  return { results, markdown };
}

if (import.meta.main) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const { markdown } = await evaluateWordAgreement(process.env.GOV_PDFS ?? join(root, '..', 'shared', 'corpora', 'gov-pdfs'), join(root, 'samples'), (name, cached) => {
    if (!cached) process.stderr.write(`read ${name}\n`);
  });
  process.stdout.write(`${markdown.join('\n')}\n`);
}

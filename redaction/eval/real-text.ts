/**
 * @module
 * Real public texts as an evaluation corpus (`redaction/eval/real-text/`): US
 * government records stored as plain text with their provenance, labelled by the
 * gov-pdfs guide and split before any tuning. Each text is laid out as a PDF
 * (Letter pages, Helvetica 10 pt, 50 lines a page; the layout is generated, the
 * words are real) so extraction and detection both run on it and "per 100 pages"
 * counts real pages. The bytes are deterministic, so the corpus cache holds.
 *
 * ```ts
 * const made = await writeRealTexts(join(here, 'real-text'), join(tmpdir(), 'daylight-real-text'));
 * const result = made && (await evaluateRealDocuments(made.corpusDir, made.labelsDir, policy));
 * ```
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { PDFFont } from 'pdf-lib';
import { writeLabelledCorpus } from './labelled-corpus.ts';
import { occurrences } from './occurrences.ts';
import { readLabels } from './real-documents.ts';
import type { DocumentLabels } from './real-documents.ts';

/** The labels of one stored text: the gov-pdfs fields, with the text's file and hash, and no page count (the layout makes the pages). */
export interface RealTextLabels extends Omit<DocumentLabels, 'pages' | 'batch'> {
  /** What the record is ("agency FOIA log", "federal appellate docket"). */
  kind: string;
  /** The batch the text was gathered, labelled and split in (1, 2, …): later batches are held out from earlier tuning. */
  batch: number;
}

/**
 * The labels under `realTextDir/labels`, each checked against its text: the file
 * exists and matches its hash, the split, batch and kinds are valid, every labelled
 * string occurs in the text, and PROVENANCE.md names the document.
 */
export function readRealTextLabels(realTextDir: string): RealTextLabels[] {
  const provenance = readFileSync(join(realTextDir, 'PROVENANCE.md'), 'utf8');
  return readLabels(join(realTextDir, 'labels')).map((l) => {
    const labels = l as unknown as RealTextLabels;
    const name = basename(labels.file, '.txt');
    const path = join(realTextDir, labels.file);
    if (!existsSync(path)) throw new Error(`${name}: ${labels.file} does not exist`);
    const text = readFileSync(path, 'utf8');
    if (createHash('sha256').update(text).digest('hex') !== labels.sha256) throw new Error(`${name}: the text no longer matches the hash it was labelled at`);
    if (typeof labels.kind !== 'string' || !labels.kind) throw new Error(`${name}: kind (what the record is) is missing`);
    if (labels.batch === undefined) throw new Error(`${name}: batch (which batch the text was split in) is missing`);
    for (const x of [...labels.redact, ...labels.debatable]) {
      if (occurrences(text, x.text, true).length === 0) throw new Error(`${name}: "${x.text}" does not occur in the text`);
    }
    if (!provenance.includes(`| ${name} |`)) throw new Error(`${name}: no row in PROVENANCE.md`);
    return labels;
  });
}

const PAGE: [number, number] = [612, 792];
const MARGIN = 54;
const SIZE = 10;
const LEADING = 13.5;
export const LINES_PER_PAGE = 50;

/** Breaks one line of text into lines no wider than `width`, at spaces where it can, keeping indentation. */
export function wrapLine(line: string, width: number, measure: (s: string) => number): string[] {
  const out: string[] = [];
  let current = '';
  for (const token of line.replace(/\t/g, '    ').trimEnd().split(/(\s+)/)) {
    if (!token) continue;
    if (measure(current + token) <= width) {
      current += token;
      continue;
    }
    if (/^\s+$/.test(token)) {
      out.push(current);
      current = '';
      continue;
    }
    if (current.trim()) out.push(current.trimEnd());
    current = '';
    // a word wider than the line (a long URL) is cut where it must be
    let word = token;
    while (measure(word) > width) {
      let cut = word.length - 1;
      while (cut > 1 && measure(word.slice(0, cut)) > width) cut--;
      out.push(word.slice(0, cut));
      word = word.slice(cut);
    }
    current = word;
  }
  out.push(current.trimEnd());
  return out;
}

/** The text as Letter pages of at most 50 lines, Helvetica 10 pt; blank lines are kept. */
export async function layOutText(text: string): Promise<{ bytes: Uint8Array; pages: number }> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const font: PDFFont = await pdf.embedFont(StandardFonts.Helvetica);
  const width = PAGE[0] - 2 * MARGIN;
  // a standard font encodes WinAnsi only; say which character and line, not pdf-lib's bare encoding error
  const encodable = new Set(font.getCharacterSet());
  text.split(/\r\n?|\n/).forEach((line, i) => {
    for (const ch of line.replace(/\t/g, ' ')) {
      const code = ch.codePointAt(0) ?? 0;
      if (!encodable.has(code)) throw new Error(`line ${i + 1}: "${ch}" (U+${code.toString(16).toUpperCase().padStart(4, '0')}) is not in the layout font's character set (WinAnsi)`);
    }
  });
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n').flatMap((l) => wrapLine(l, width, (s) => font.widthOfTextAtSize(s, SIZE)));
  for (let first = 0; first < lines.length; first += LINES_PER_PAGE) {
    const page = pdf.addPage(PAGE);
    lines.slice(first, first + LINES_PER_PAGE).forEach((line, i) => {
      if (line.trim()) page.drawText(line, { x: MARGIN, y: PAGE[1] - MARGIN - SIZE - i * LEADING, size: SIZE, font });
    });
  }
  const fixed = new Date('2026-12-01T00:00:00Z');
  pdf.setCreationDate(fixed);
  pdf.setModificationDate(fixed);
  pdf.setProducer('Daylight eval layout');
  return { bytes: await pdf.save(), pages: pdf.getPageCount() };
}

/** Lays every labelled text out as a PDF under `outDir` with its labels; undefined when the folder is not there. */
export async function writeRealTexts(realTextDir: string, outDir: string): Promise<{ corpusDir: string; labelsDir: string } | undefined> {
  if (!existsSync(join(realTextDir, 'labels'))) return undefined;
  const made = [];
  for (const l of readRealTextLabels(realTextDir)) {
    const name = basename(l.file, '.txt');
    const { bytes, pages } = await layOutText(readFileSync(join(realTextDir, l.file), 'utf8')).catch((e: unknown) => {
      throw new Error(`${name}: ${e instanceof Error ? e.message : String(e)}`);
    });
    made.push({ name, bytes, pages, split: l.split, batch: l.batch, redact: l.redact, debatable: l.debatable, notes: `${l.kind}. ${l.notes}` });
  }
  return writeLabelledCorpus(outDir, made);
}

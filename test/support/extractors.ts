/**
 * @module
 * Independent readers for leak tests: poppler's `pdftotext`, MuPDF's
 * `mutool draw -F txt`, pdf.js through our adapter, and the bytes of
 * `qpdf --qdf --object-streams=disable` (every stream uncompressed, every object
 * on its own), and what native tesseract reads off poppler's render (the pixels).
 * A missing tool fails the test with install advice: CI installs poppler-utils,
 * mupdf-tools, qpdf and tesseract-ocr.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPdf } from '../../pipeline/extract/pdfjs.ts';

function withFile<T>(pdf: Uint8Array, fn: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'daylight-test-'));
  try {
    const file = join(dir, 'in.pdf');
    writeFileSync(file, pdf);
    return fn(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function tool(name: string, args: string[], okStatuses = [0]): string {
  const r = spawnSync(name, args, { encoding: 'latin1', maxBuffer: 256 * 1024 * 1024, timeout: 60_000 });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(`${name} is not installed: apt-get install -y poppler-utils mupdf-tools qpdf tesseract-ocr`);
  }
  if (r.error) throw r.error;
  if (!okStatuses.includes(r.status ?? -1)) throw new Error(`${name} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

export function pdftotext(pdf: Uint8Array): string {
  return withFile(pdf, (file) => Buffer.from(tool('pdftotext', ['-q', '-enc', 'UTF-8', file, '-']), 'latin1').toString('utf8'));
}

export function mutoolText(pdf: Uint8Array): string {
  return withFile(pdf, (file) => Buffer.from(tool('mutool', ['draw', '-q', '-F', 'txt', '-o', '-', file]), 'latin1').toString('utf8'));
}

/** Every object uncompressed, as latin1 text, for byte searches. qpdf exits 3 on warnings. */
export function qpdfBytes(pdf: Uint8Array): string {
  return withFile(pdf, (file, dir) => {
    const out = join(dir, 'qdf.pdf');
    tool('qpdf', ['--qdf', '--object-streams=disable', file, out], [0, 3]);
    return readFileSync(out).toString('latin1');
  });
}

/** The pixels, read: poppler renders each page at 150 DPI and native tesseract reads it. */
export function pixelText(pdf: Uint8Array): string {
  return withFile(pdf, (file, dir) => {
    tool('pdftoppm', ['-r', '150', '-gray', file, join(dir, 'p')]);
    const pages = readdirSync(dir).filter((f) => f.endsWith('.pgm')).sort();
    return pages.map((f) => tool('tesseract', [join(dir, f), '-', '--psm', '3'])).join('\n');
  });
}

export async function pdfjsText(pdf: Uint8Array): Promise<string> {
  const opened = await openPdf(pdf);
  if (!opened.ok) throw new Error(opened.problem.message);
  try {
    const pages: string[] = [];
    for (let n = 1; n <= opened.value.pageCount; n++) {
      const { runs } = await (await opened.value.page(n)).textRuns();
      pages.push(runs.map((r) => r.text).join(' '));
    }
    return pages.join('\n');
  } finally {
    await opened.value.close();
  }
}

export interface AllTexts {
  pdftotext: string;
  mutool: string;
  pdfjs: string;
  qpdf: string;
}

export async function allTexts(pdf: Uint8Array): Promise<AllTexts> {
  return { pdftotext: pdftotext(pdf), mutool: mutoolText(pdf), pdfjs: await pdfjsText(pdf), qpdf: qpdfBytes(pdf) };
}

/** Whitespace-insensitive, case-insensitive containment: how a leak test asks "is it still there?". */
export function contains(text: string, needle: string): boolean {
  const squash = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  return squash(text).includes(squash(needle));
}

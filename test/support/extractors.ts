/**
 * @module
 * Independent readers for leak tests: poppler's `pdftotext`, MuPDF's
 * `mutool draw -F txt`, pdf.js through our adapter, and the bytes of
 * `qpdf --qdf --object-streams=disable` (every stream uncompressed, every object
 * on its own), and what native tesseract reads off poppler's render (the pixels).
 * A missing tool fails the test with install advice: CI installs poppler-utils,
 * mupdf-tools, qpdf and tesseract-ocr.
 *
 * The `oracles` below are what leak tests ask "is the secret there?": each reads one
 * channel the way an outsider would (metadata, attachments, object strings, pdf.js's
 * document structure, PDFium's text, earlier revisions), and every leak test first shows
 * its oracle finds the secret in the input.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFStream } from 'pdf-lib';
import { openPdf } from '../../pipeline/extract/pdfjs.ts';
import { pdfiumText as pdfiumRead } from '../../redaction/verify/pdfium-text.ts';

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

/** Info and XMP, as poppler shows them: `pdfinfo` and `pdfinfo -meta`. */
export function pdfinfoMeta(pdf: Uint8Array): string {
  return withFile(pdf, (file) => [tool('pdfinfo', ['-enc', 'UTF-8', file]), tool('pdfinfo', ['-meta', file])].map((t) => Buffer.from(t, 'latin1').toString('utf8')).join('\n'));
}

/** Attached files, as poppler lists them (names and descriptions): `pdfdetach -list`. */
export function pdfdetachList(pdf: Uint8Array): string {
  return withFile(pdf, (file) => Buffer.from(tool('pdfdetach', ['-enc', 'UTF-8', '-list', file]), 'latin1').toString('utf8'));
}

/** Every object as qpdf decodes it (`qpdf --json`): text strings in UTF-8, names, arrays, dictionaries, inline stream data. */
export function qpdfJson(pdf: Uint8Array): string {
  const raw = withFile(pdf, (file) => Buffer.from(tool('qpdf', ['--json', '--json-stream-data=inline', '--decode-level=generalized', file], [0, 3]), 'latin1').toString('utf8'));
  // Stream data comes base64-encoded: decode it so a search reads the inflated bytes too.
  return raw + '\n' + [...raw.matchAll(/"data": "([A-Za-z0-9+/=]+)"/g)].map((m) => Buffer.from(m[1], 'base64').toString('latin1')).join('\n');
}

/** Glyph names of every font's /Differences, joined in order with nothing between (how they would spell a word). */
export function glyphNames(pdf: Uint8Array): string {
  const qdf = qpdfBytes(pdf);
  return [...qdf.matchAll(/\/Differences\s*\[([^\]]*)\]/g)].map((m) => [...m[1].matchAll(/\/([A-Za-z]+)/g)].map((g) => g[1]).join('')).join('\n');
}

/** The text every ToUnicode map gives, in code order (bfchar and bfrange targets, UTF-16BE hex). */
export function toUnicodeText(pdf: Uint8Array): string {
  const qdf = qpdfBytes(pdf);
  const out: string[] = [];
  for (const cmap of qdf.matchAll(/begincmap[\s\S]*?endcmap/g)) {
    const sections = [...cmap[0].matchAll(/beginbf(?:char|range)([\s\S]*?)endbf(?:char|range)/g)].map((m) => m[1]).join(' ');
    // The last hex string of each mapping is its target (bfrange starts from it).
    const targets = [...sections.matchAll(/((?:<[0-9A-Fa-f]+>\s*){2,3})/g)].map((m) => /<([0-9A-Fa-f]+)>\s*$/.exec(m[1])![1]).filter((h) => h.length % 4 === 0);
    out.push(targets.map((h) => Buffer.from(h, 'hex').swap16().toString('utf16le')).join(''));
  }
  return out.join('\n');
}

/** What pdf.js exposes besides page text: outline, destinations, page labels, attachments, annotations, form fields, scripts, structure tree (Alt, ActualText), metadata. */
export async function pdfjsStructure(pdf: Uint8Array): Promise<string> {
  const opened = await openPdf(pdf);
  if (!opened.ok) throw new Error(opened.problem.message);
  const doc = opened.value.proxy;
  const parts: unknown[] = [];
  try {
    const outline = async (items: Awaited<ReturnType<typeof doc.getOutline>> | null): Promise<void> => {
      for (const item of items ?? []) {
        parts.push(item.title, item.url, item.dest);
        await outline(item.items);
      }
    };
    await outline(await doc.getOutline());
    const dests = (await doc.getDestinations()) as Map<string, unknown> | Record<string, unknown> | null;
    parts.push(dests instanceof Map ? [...dests.keys()] : Object.keys(dests ?? {}));
    parts.push(await doc.getPageLabels(), await doc.getJSActions(), await doc.getFieldObjects());
    const attachments = (await doc.getAttachments()) as Record<string, { filename: string; content: Uint8Array }> | null;
    for (const [name, a] of Object.entries(attachments ?? {})) parts.push(name, a.filename, Buffer.from(a.content).toString('latin1'));
    const meta = await doc.getMetadata();
    parts.push(meta.info, meta.metadata?.getRaw());
    for (let n = 1; n <= opened.value.pageCount; n++) {
      const page = (await opened.value.page(n)).proxy;
      parts.push(await page.getAnnotations(), await page.getJSActions(), await page.getStructTree());
    }
  } finally {
    await opened.value.close();
  }
  return JSON.stringify(parts, (_, v) => (v instanceof Map ? Object.fromEntries(v) : v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v));
}

/** PDFium's text of every page (Google's engine, through WebAssembly). */
export async function pdfiumText(pdf: Uint8Array): Promise<string> {
  const out = await pdfiumRead(pdf);
  if (!out.ok) throw new Error(out.message);
  return out.value.pages.map((p) => p.text).join('\n');
}

/** The text of every earlier revision: the file cut after each %%EOF, read by pdftotext. */
export function revisionTexts(pdf: Uint8Array): string {
  const text = Buffer.from(pdf).toString('latin1');
  const cuts = [...text.matchAll(/%%EOF/g)].map((m) => m.index + 5);
  return cuts.map((end) => pdftotext(pdf.subarray(0, end))).join('\n');
}

/** What native tesseract reads in every page thumbnail (/Thumb: 8-bit gray, raw or Flate). */
export async function thumbnailText(pdf: Uint8Array): Promise<string> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const out: string[] = [];
  for (const page of doc.getPages()) {
    const thumb = page.node.lookupMaybe(PDFName.of('Thumb'), PDFStream);
    if (!(thumb instanceof PDFRawStream)) continue;
    const width = thumb.dict.lookup(PDFName.of('Width'), PDFNumber).asNumber();
    const height = thumb.dict.lookup(PDFName.of('Height'), PDFNumber).asNumber();
    const filter = thumb.dict.lookupMaybe(PDFName.of('Filter'), PDFName);
    const pixels = filter?.asString() === '/FlateDecode' ? inflateSync(thumb.contents) : Buffer.from(thumb.contents);
    const pgm = Buffer.concat([Buffer.from(`P5 ${width} ${height} 255\n`), pixels.subarray(0, width * height)]);
    out.push(withFile(pgm, (file) => tool('tesseract', [file, '-', '--psm', '6'])));
  }
  return out.join('\n');
}

export interface Oracle {
  name: string;
  read(pdf: Uint8Array): string | Promise<string>;
}

/** Named oracles, one per channel a leak can take. */
export const oracles = {
  text: { name: 'pdftotext, mutool and pdf.js text', read: async (pdf: Uint8Array) => [pdftotext(pdf), mutoolText(pdf), await pdfjsText(pdf)].join('\n') },
  pdfjsText: { name: "pdf.js's text", read: pdfjsText },
  pdfium: { name: "PDFium's text", read: pdfiumText },
  meta: { name: 'pdfinfo -meta', read: pdfinfoMeta },
  attachments: { name: 'pdfdetach -list and qpdf --json', read: (pdf: Uint8Array) => pdfdetachList(pdf) + qpdfJson(pdf) },
  qpdfJson: { name: 'qpdf --json', read: qpdfJson },
  bytes: { name: 'inflated bytes (qpdf --qdf)', read: qpdfBytes },
  structure: { name: "pdf.js's document structure", read: pdfjsStructure },
  glyphs: { name: 'font glyph names and ToUnicode', read: (pdf: Uint8Array) => glyphNames(pdf) + '\n' + toUnicodeText(pdf) },
  revisions: { name: 'pdftotext of every revision', read: revisionTexts },
  pixels: { name: 'tesseract on the rendered page', read: pixelText },
  thumbnails: { name: 'tesseract on the page thumbnails', read: thumbnailText },
} satisfies Record<string, Oracle>;

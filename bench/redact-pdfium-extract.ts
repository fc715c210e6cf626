/**
 * @module
 * `npm run bench -- redact-pdfium-extract`: an experiment, not a product path. Would
 * reading text PDFs with PDFium (`@embedpdf/pdfium`, already loaded by the writer) make
 * extraction cheaper without losing word quality? On gov-pdfs and the redact bench's
 * 100-page report, in one process, each file read by both engines in turns:
 *
 * - CPU of Daylight's extraction (`extractDocument`: pdf.js, words, text-layer checks),
 *   and of the pdf.js reads alone inside it (open, then per page getTextContent,
 *   getOperatorList and annotations, as `extract-document.ts` asks them);
 * - CPU of PDFium reading each page's words with their boxes (open, text page, every
 *   character's code and loose box), then also walking each page's objects (type, text
 *   render mode, image bounds): what the operator-list summary (invisible text, scan
 *   coverage) would need from PDFium;
 * - word agreement with pdftotext (`redaction/eval/word-agreement.ts`, the figure
 *   `npm run eval` reports) on the pages Daylight reads from the text layer, for
 *   Daylight's words and for PDFium's.
 *
 * PDFium's words here come from the verifier's PDFium reader (`redaction/verify/pdfium-text.ts`):
 * the bench borrows it to measure; extraction does not use it, and must not, since
 * the verifier's engines stay independent of what produced the document model.
 *
 *   node bench/redact-pdfium-extract.ts [--runs N] [--limit FILES]
 *
 * CPU is this thread's (`process.threadCpuUsage`), a median over the runs, after one
 * warm-up read of every file by both engines. The machine is shared and noisy: read the ratios.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { extractDocument } from '../pipeline/extract/extract-document.ts';
import { openPdf } from '../pipeline/extract/pdfjs.ts';
import type { Document } from '../pipeline/model/types.ts';
import { comparePage, emptyCounts, pdftotextWords } from '../redaction/eval/word-agreement.ts';
import type { Counts } from '../redaction/eval/word-agreement.ts';
import { pdfium, pdfiumText } from '../redaction/verify/pdfium-text.ts';
import { reportPdf } from './support/report-pdf.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, limit: { type: 'string' } } });
const runs = Math.max(1, Number(values.runs) || 3);

interface Input {
  name: string;
  path?: string;
  bytes: Uint8Array;
}

const govDir = process.env.GOV_PDFS ?? join(root, '..', 'shared', 'corpora', 'gov-pdfs');
const govFiles = existsSync(join(govDir, 'pdfs')) ? readdirSync(join(govDir, 'pdfs')).filter((f) => f.toLowerCase().endsWith('.pdf')).sort() : [];
const gov: Input[] = govFiles.slice(0, values.limit ? Number(values.limit) : undefined).map((f) => ({ name: f, path: join(govDir, 'pdfs', f), bytes: new Uint8Array(readFileSync(join(govDir, 'pdfs', f))) }));
const report: Input = { name: 'bench report (100 pages, boxes on a fifth)', bytes: await reportPdf(100, (p) => p % 5 === 2) };

const cpuMs = () => {
  const t = process.threadCpuUsage();
  return (t.user + t.system) / 1000;
};
async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = cpuMs();
  const value = await fn();
  return { ms: cpuMs() - start, value };
}

/** The pdf.js reads extraction makes of every page, and nothing else. */
async function pdfjsReads(bytes: Uint8Array): Promise<number> {
  const opened = await openPdf(bytes);
  if (!opened.ok) return 0;
  try {
    for (let n = 1; n <= opened.value.pageCount; n++) {
      const page = await opened.value.page(n);
      await page.textRuns();
      await page.contentSummary();
      await page.annotationRuns();
      page.release();
    }
    return opened.value.pageCount;
  } finally {
    await opened.value.close();
  }
}

/** PDFium's walk over each page's objects: what a summary of the page's content (invisible text, images) would read. */
async function pdfiumObjects(bytes: Uint8Array): Promise<number> {
  const P = await pdfium();
  const heap = P.pdfium;
  const data = heap.wasmExports.malloc(bytes.byteLength);
  const rect = heap.wasmExports.malloc(16);
  let objects = 0;
  try {
    (heap as unknown as { HEAPU8: Uint8Array }).HEAPU8.set(bytes, data);
    const doc = P.FPDF_LoadMemDocument(data, bytes.byteLength, '');
    if (!doc) return 0;
    try {
      for (let i = 0; i < P.FPDF_GetPageCount(doc); i++) {
        const page = P.FPDF_LoadPage(doc, i);
        if (!page) continue;
        const count = P.FPDFPage_CountObjects(page);
        for (let k = 0; k < count; k++) {
          const object = P.FPDFPage_GetObject(page, k);
          const type = P.FPDFPageObj_GetType(object);
          if (type === 1) P.FPDFTextObj_GetTextRenderMode(object);
          else if (type === 3) P.FPDFPageObj_GetBounds(object, rect, rect + 4, rect + 8, rect + 12);
          objects++;
        }
        P.FPDF_ClosePage(page);
      }
    } finally {
      P.FPDF_CloseDocument(doc);
    }
  } finally {
    heap.wasmExports.free(rect);
    heap.wasmExports.free(data);
  }
  return objects;
}

interface Figures {
  pages: number;
  extract: number[];
  pdfjs: number[];
  pdfiumWords: number[];
  pdfiumObjects: number[];
  ours: Counts;
  theirs: Counts;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

function add(into: Counts, c: Counts) {
  for (const k of Object.keys(into) as (keyof Counts)[]) into[k] += c[k];
}

async function measure(input: Input): Promise<Figures | undefined> {
  const read = await extractDocument({ bytes: input.bytes, fileName: input.name });
  if (!read.ok) return undefined;
  const document: Document = read.value;
  const figures: Figures = { pages: document.pages.length, extract: [], pdfjs: [], pdfiumWords: [], pdfiumObjects: [], ours: emptyCounts(), theirs: emptyCounts() };
  const steps = [
    async () => figures.extract.push((await timed(() => extractDocument({ bytes: input.bytes, fileName: input.name }))).ms),
    async () => figures.pdfjs.push((await timed(() => pdfjsReads(input.bytes))).ms),
    async () => figures.pdfiumWords.push((await timed(() => pdfiumText(input.bytes))).ms),
    async () => figures.pdfiumObjects.push((await timed(() => pdfiumObjects(input.bytes))).ms),
  ];
  for (let r = 0; r < runs; r++) for (const step of r % 2 === 0 ? steps : [...steps].reverse()) await step();
  // Word agreement on the pages Daylight reads from the text layer (OCRed pages are not the question).
  const pdfiumRead = await pdfiumText(input.bytes);
  let path = input.path;
  if (!path) {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    path = join(mkdtempSync(join(tmpdir(), 'daylight-pdfium-extract-')), 'report.pdf');
    writeFileSync(path, input.bytes);
  }
  const reference = (await pdftotextWords(path)) ?? [];
  for (const page of document.pages) {
    const words = reference[page.number - 1];
    if (page.source !== 'text' || !words?.length) continue;
    add(figures.ours, comparePage(words, page.words).counts);
    add(figures.theirs, comparePage(words, pdfiumRead.ok ? (pdfiumRead.value.pages[page.number - 1]?.words ?? []) : []).counts);
  }
  return figures;
}

const loadBefore = loadavg()[0].toFixed(1);
// Warm-up: each engine reads every file once, so neither pays its compilation in the figures.
for (const input of [report, ...gov]) {
  await extractDocument({ bytes: input.bytes, fileName: input.name });
  await pdfiumText(input.bytes);
  await pdfiumObjects(input.bytes);
}
const rows: { name: string; f: Figures }[] = [];
for (const input of [report, ...gov]) {
  const f = await measure(input);
  if (f) rows.push({ name: input.name, f });
}
const total = (pick: (f: Figures) => number[], from: typeof rows) => from.reduce((a, r) => a + median(pick(r.f)), 0);
const share = (c: Counts) => (c.reference ? `${((100 * c.identical) / c.reference).toFixed(1)} %` : '–');
const line = (label: string, from: typeof rows) => {
  const pages = from.reduce((a, r) => a + r.f.pages, 0);
  const ours = emptyCounts();
  const theirs = emptyCounts();
  for (const r of from) {
    add(ours, r.f.ours);
    add(theirs, r.f.theirs);
  }
  const perPage = (ms: number) => (ms / Math.max(1, pages)).toFixed(2);
  const extract = total((f) => f.extract, from);
  const pdfjs = total((f) => f.pdfjs, from);
  const words = total((f) => f.pdfiumWords, from);
  const objects = total((f) => f.pdfiumObjects, from);
  return `| ${label} | ${pages} | ${perPage(extract)} | ${perPage(pdfjs)} | ${perPage(words)} | ${perPage(words + objects)} | ${(pdfjs / Math.max(0.001, words + objects)).toFixed(1)}× | ${ours.reference} | ${share(ours)} | ${share(theirs)} |`;
};
const govRows = rows.filter((r) => r.name !== report.name);
console.log(`PDFium as the extraction engine: an experiment (median of ${runs} runs a file, engines taking turns; 1-minute load ${loadBefore} before, ${loadavg()[0].toFixed(1)} after)\n`);
console.log('| files | pages | Daylight extraction, CPU ms a page | of which pdf.js reads | PDFium words + boxes | PDFium words + objects | pdf.js reads ÷ PDFium | pdftotext words (text-layer pages) | identical to pdftotext: Daylight | identical: PDFium words |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
console.log(line(report.name, rows.filter((r) => r.name === report.name)));
if (govRows.length) console.log(line(`gov-pdfs, all ${govRows.length}`, govRows));
const worst = [...govRows].filter((r) => r.f.ours.reference > 0).sort((a, b) => a.f.theirs.identical / a.f.theirs.reference - b.f.theirs.identical / b.f.theirs.reference).slice(0, 5);
for (const r of worst) console.log(line(r.name, [r]));
console.log(
  '\nPDFium words are whitespace-separated runs of its characters with their loose boxes, as the verifier reads them; Daylight builds words from pdf.js runs with glyph widths (`words-from-runs.ts`). "pdf.js reads" is what PDFium would replace; the words, text-layer checks and page text built afterwards would remain.',
);

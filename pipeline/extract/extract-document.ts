/**
 * @module
 * Reads one input (PDF, PNG, JPEG or TIFF bytes) into the document model. PDFs go
 * page by page: a page with a usable text layer is extracted, any other page is
 * rendered and OCRed. Images are decoded page by page and OCRed. Pages are
 * streamed and released as they are done, so memory stays bounded on long files.
 * Every failure is a problem value; one document never throws. `extractPages` hands
 * the pages over one at a time, for callers that need not hold a long file whole.
 *
 * ```ts
 * let engine: Promise<OcrEngine> | undefined;
 * const document = await extractDocument({ bytes, fileName }, { getOcr: () => (engine ??= createOcrEngine()), onPage: log });
 * if (engine) await (await engine).close();
 *
 * const stream = await extractPages({ bytes, fileName });
 * if (stream.ok) for await (const page of stream.value.pages) if (page.ok) store(page.value.page);
 * ```
 */
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';
import { MODEL_VERSION } from '../model/types.ts';
import type { Box, Document, MediaType, Page, Warning } from '../model/types.ts';
import { layoutLines } from '../model/page-text.ts';
import { boxArea, overlapArea } from '../model/document-text.ts';
import type { GrayImage } from '../model/raster.ts';
import { sha256Hex } from '../ingest/hash.ts';
import { sniffType } from '../ingest/sniff-type.ts';
import { findDecompressionBomb, xrefLooksIntact } from '../ingest/pdf-structure.ts';
import type { OcrEngine } from '../ocr/engine.ts';
import { openImage } from '../image/decode.ts';
import { defaultMaxPages } from './limits.ts';
import type { AnnotationText, ContentSummary, PdfHandle, PdfPage, TextRun } from './pdfjs.ts';
import { looksBlank } from '../ocr/blank.ts';
import { readingDpi } from '../ocr/reading-dpi.ts';
import { pageTextFromRuns } from './words-from-runs.ts';
import { judgeTextLayer } from './text-quality.ts';

export interface ExtractOptions {
  /** Called once, on the first page that needs OCR; the caller closes the engine. Without it such pages stay empty, with a warning. */
  getOcr?: () => Promise<OcrEngine>;
  /** Resolution at which PDF pages are rendered for OCR (default 300). */
  ocrDpi?: number;
  /** Refuse documents with more pages than this (default `defaultMaxPages`). */
  maxPages?: number;
  /** Pages OCRed at once (default 2); each holds one page raster. */
  ocrConcurrency?: number;
  onPage?: (progress: { page: number; pages: number; source: 'text' | 'ocr' }) => void;
}

export const defaultOcrDpi = 300;

export { defaultMaxPages };

/**
 * pdf.js caches cleared after this many pages that drew something: often enough to bound
 * memory, rarely enough that reloading fonts costs little. A page that draws nothing loads
 * nothing, and a cleanup also drops pdf.js's page-tree caches, so the next page lookup
 * fetches every earlier page object again: counted over blank pages, that made 5,000
 * blank pages cost 2.8 CPU s more (6.9 against 4.1 s for the page reads alone).
 */
const cleanupEvery = 50;

/** One page as read, with the warnings met while reading it (the first page also carries the file's own). */
export interface ExtractedPage {
  page: Page;
  warnings: Warning[];
}

/** A document being read page by page: what is known before any page, and its pages in order. */
export interface PageStream {
  /** The document without its pages; `warnings` holds only those known before reading (file type). */
  document: Omit<Document, 'pages'>;
  /**
   * Pages in order. A problem that fails the document arrives in place of a page and ends the stream.
   * Iterate to the end, or leave the loop early (`break` closes the file).
   */
  pages: AsyncGenerator<Result<ExtractedPage>>;
}

/** The outcome of one page: the page, or the problem that fails the document. */
type PageOutcome = Result<ExtractedPage>;

/**
 * The whole document in memory. On long files prefer `extractPages`, which hands
 * over each page as it is read, so a caller that stores pages elsewhere keeps memory flat.
 */
export async function extractDocument(input: { bytes: Uint8Array; fileName: string }, options: ExtractOptions = {}): Promise<Result<Document>> {
  const opened = await extractPages(input, options);
  if (!opened.ok) return opened;
  const { document } = opened.value;
  const pages: Page[] = [];
  const warnings = [...document.warnings];
  for await (const outcome of opened.value.pages) {
    if (!outcome.ok) return outcome;
    pages.push(outcome.value.page);
    warnings.push(...outcome.value.warnings);
  }
  if (pages.length === 0) return fail('input.no-pages', `${document.fileName} has no pages.`, { file: document.fileName });
  return ok({ ...document, pages, warnings });
}

/** Reads one input page by page; see `PageStream`. Fails at once only when the bytes are not a readable type. */
export async function extractPages(input: { bytes: Uint8Array; fileName: string }, options: ExtractOptions = {}): Promise<Result<PageStream>> {
  const { bytes, fileName } = input;
  if (bytes.length === 0) return fail('input.empty', `${fileName} is 0 bytes long, so there is nothing to read.`, { file: fileName });
  const sniffed = sniffType(bytes, fileName);
  if (!sniffed.ok) return sniffed;
  const { mediaType } = sniffed.value;
  const document: Omit<Document, 'pages'> = {
    modelVersion: MODEL_VERSION,
    id: sha256Hex(bytes),
    fileName,
    mediaType: mediaType satisfies MediaType,
    byteLength: bytes.length,
    warnings: [...sniffed.value.warnings],
  };
  const pages = mediaType === 'application/pdf' ? pdfPages(bytes, fileName, options) : imagePages(bytes, fileName, options);
  return ok({ document, pages: guarded(pages, fileName) });
}

/** A bug or a library failure not mapped yet fails this document alone, with what is known. */
async function* guarded(pages: AsyncGenerator<PageOutcome>, file: string): AsyncGenerator<PageOutcome> {
  try {
    yield* pages;
  } catch (error) {
    yield fail('extract.failed', `Reading ${file} failed unexpectedly (${messageOf(error)}).`, { file });
  }
}

/** Limits how many OCR jobs (each holding a page raster) run at once. */
function ocrQueue(concurrency: number) {
  const running = new Set<Promise<unknown>>();
  return {
    async admit(): Promise<void> {
      while (running.size >= concurrency) await Promise.race(running);
    },
    track<T>(job: Promise<T>): Promise<T> {
      const settled = job.finally(() => running.delete(settled));
      running.add(settled);
      return settled;
    },
  };
}

/**
 * Yields outcomes in page order while the producer reads ahead: an OCR page still
 * running holds back the pages after it, at most `ahead` of them. Outcomes still
 * running when the consumer stops are awaited, so no OCR job outlives the stream.
 */
function inOrder(ahead: number) {
  const pending: Promise<PageOutcome>[] = [];
  return {
    add(outcome: Promise<PageOutcome>) {
      pending.push(outcome);
    },
    async *due(): AsyncGenerator<PageOutcome> {
      while (pending.length > ahead) yield await pending.shift()!;
    },
    async *rest(): AsyncGenerator<PageOutcome> {
      while (pending.length > 0) yield await pending.shift()!;
    },
    settle: () => Promise.allSettled(pending),
  };
}

function withWarnings(outcome: Promise<PageOutcome>, warnings: Warning[]): Promise<PageOutcome> {
  if (warnings.length === 0) return outcome;
  return outcome.then((o) => (o.ok ? ok({ page: o.value.page, warnings: [...warnings, ...o.value.warnings] }) : o));
}

async function* pdfPages(bytes: Uint8Array, file: string, options: ExtractOptions): AsyncGenerator<PageOutcome> {
  const bomb = await findDecompressionBomb(bytes);
  if (bomb) {
    const megabytes = Math.floor(bomb.inflatedBytes / (1024 * 1024));
    yield fail('input.decompression-bomb', `A ${bomb.compressedBytes}-byte compressed stream at byte ${bomb.offset} expands past ${megabytes} MB, so the file was not opened.`, { file });
    return;
  }
  const warnings: Warning[] = [];
  if (!xrefLooksIntact(bytes)) {
    warnings.push({ code: 'input.repaired', message: `${file} has a damaged cross-reference table; it was rebuilt by scanning the file, so check the pages against the original.` });
  }
  // pdf.js is loaded with the first PDF: reading a scanned image needs none of its ~0.3 CPU s of start-up.
  const { openPdf, readWithoutOnePass } = await import('./pdfjs.ts');
  const opened = await openPdf(bytes, file);
  if (!opened.ok) {
    yield opened;
    return;
  }
  const pdf = opened.value;
  // The pages this thread read without the one-pass worker decide when it starts (ONE_PASS_AFTER_PAGES).
  if (!pdf.onePass) readWithoutOnePass(pdf.pageCount);
  const concurrency = options.ocrConcurrency ?? 2;
  const order = inOrder(concurrency);
  try {
    const pageCount = pdf.pageCount;
    const maxPages = options.maxPages ?? defaultMaxPages;
    if (pageCount > maxPages) {
      yield fail('input.too-many-pages', `${file} has ${pageCount.toLocaleString('en-US')} pages; the limit is ${maxPages.toLocaleString('en-US')} (--max-pages).`, { file });
      return;
    }
    const ocr = ocrSession(options);
    const queue = ocrQueue(concurrency);
    let drawnSinceCleanup = 0;
    for (let number = 1; number <= pageCount; number++) {
      // The next page's text is asked for once this one's has come back, unless a cleanup may come between.
      const ahead = drawnSinceCleanup + 1 < cleanupEvery ? () => pdf.readAhead(number + 1) : () => {};
      const { outcome, failedNow, drewNothing } = await readPdfPage(pdf, number, file, ocr, queue, options, ahead);
      if (number === 1) warnings.push(...damageWarnings(pdf, file));
      order.add(number === 1 ? withWarnings(outcome, warnings) : outcome);
      // Stop at a page that failed at once; OCR pages report when they finish.
      if (failedNow) break;
      if (!drewNothing && ++drawnSinceCleanup >= cleanupEvery) {
        drawnSinceCleanup = 0;
        await pdf.cleanup();
      }
      yield* order.due();
    }
    yield* order.rest();
  } finally {
    await order.settle();
    await pdf.close();
  }
}

function reducedWarning(number: number, size: { width: number; height: number }, got: number, asked: number): Warning {
  const inches = (pt: number) => Math.round(pt / 72);
  return {
    code: 'render.reduced',
    message: `Page ${number} is ${inches(size.width)} × ${inches(size.height)} inches, too large to draw at ${asked} DPI, so it was read at ${Math.round(got)} DPI; check small print on it by eye.`,
    page: number,
  };
}

/** A page with nothing drawn on it: no glyph, painted path, shading or image, and no annotation showing text. */
function drawsNothing(summary: ContentSummary, shown: AnnotationText): boolean {
  return summary.visibleGlyphs + summary.invisibleGlyphs + summary.marks === 0 && shown.runs.length === 0 && shown.unreadAreas.length === 0;
}

/** What pdf.js skipped while opening the file (broken page-tree entries it read ahead and dropped). */
function damageWarnings(pdf: PdfHandle, file: string): Warning[] {
  const damage = pdf.takeDamage();
  if (damage.length === 0) return [];
  const shown = [...new Set(damage)].slice(0, 3).join('; ');
  return [{ code: 'input.repaired', message: `${file} has damaged objects that pdf.js skipped while reading it (${shown}); check the pages against the original.` }];
}

interface OcrSession {
  /** The engine, started on first use; undefined when OCR is off. */
  engine(): Promise<OcrEngine | undefined>;
}

function ocrSession(options: ExtractOptions): OcrSession {
  let started: Promise<OcrEngine> | undefined;
  return {
    engine: async () => {
      if (!options.getOcr) return undefined;
      started ??= options.getOcr();
      return started;
    },
  };
}

/**
 * One PDF page: its text layer when usable, else a render sent to OCR. The text
 * page resolves at once; an OCR page resolves when recognition ends, while the
 * caller moves on to the next page.
 */
async function readPdfPage(
  pdf: PdfHandle,
  number: number,
  file: string,
  ocr: OcrSession,
  queue: ReturnType<typeof ocrQueue>,
  options: ExtractOptions,
  ahead: () => void = () => {},
): Promise<{ outcome: Promise<PageOutcome>; failedNow: boolean; drewNothing?: boolean }> {
  // Wrapped, because an async function returning a promise would wait for it (and for OCR).
  const now = (outcome: PageOutcome) => ({ outcome: Promise.resolve(outcome), failedNow: !outcome.ok });
  const where = { file, page: number };
  let page;
  try {
    page = await pdf.page(number);
  } catch (error) {
    return now({ ok: false, problem: { code: 'extract.failed', message: `Page ${number} could not be read (${messageOf(error)}).`, ...where } });
  }
  const base = { number, width: page.width, height: page.height, rotation: page.rotation };
  let reason: string;
  let scan: ContentSummary | undefined;
  try {
    // One evaluation of the content stream where it tells all (pdfjs-one-pass.ts); both requests queue in pdf.js together.
    const [{ runs, styles, summary }, shown] = await Promise.all([page.textAndSummary(), page.annotationRuns()]);
    ahead();
    const laid = pageTextFromRuns(runs, styles, page.toTopLeft, summary.glyphWidths);
    scan = summary;
    const verdict = judgeTextLayer(laid.text, summary);
    if (verdict.use === 'text') {
      const stamped = shown.unreadAreas.length ? await readUnreadAreas(page, shown.unreadAreas, laid.words, ocr, options) : { runs: [], warnings: [] };
      page.release();
      if ('problem' in stamped) return now({ ok: false, problem: { ...stamped.problem, ...where } });
      options.onPage?.({ page: number, pages: pdf.pageCount, source: 'text' });
      // Filled form fields, free-text notes and stamps are drawn on the page, so they are page text.
      const extra = [...shown.runs, ...stamped.runs];
      const all = extra.length ? pageTextFromRuns([...runs, ...extra], { ...styles, ...shown.styles }, page.toTopLeft, summary.glyphWidths) : laid;
      return now(ok({ page: { ...base, source: 'text', ...all }, warnings: stamped.warnings }));
    }
    if (drawsNothing(summary, shown)) {
      // No glyph, path, shading or image: a blank page, known without drawing it.
      page.release();
      options.onPage?.({ page: number, pages: pdf.pageCount, source: 'text' });
      return { ...now(ok({ page: { ...base, source: 'text', text: '', words: [] }, warnings: [] })), drewNothing: true };
    }
    reason = verdict.detail;
  } catch (error) {
    reason = `its text could not be extracted (${messageOf(error)})`;
  }
  const engine = await ocr.engine().catch((error: unknown) => error as Error);
  if (engine instanceof Error) {
    page.release();
    return now({ ok: false, problem: { code: 'ocr.failed', message: `The OCR engine could not start (${engine.message}).`, ...where } });
  }
  if (!engine) {
    page.release();
    options.onPage?.({ page: number, pages: pdf.pageCount, source: 'ocr' });
    return now(
      ok({
        page: { ...base, source: 'ocr', text: '', words: [] },
        warnings: [{ code: 'ocr.skipped', message: `Page ${number} needs OCR (${reason}) but OCR is off, so it has no words.`, page: number }],
      }),
    );
  }
  await queue.admit();
  // A scan is read at its own resolution when that is lower (reading-dpi.ts).
  const dpi = scan ? readingDpi(options.ocrDpi ?? defaultOcrDpi, scan) : (options.ocrDpi ?? defaultOcrDpi);
  let image: GrayImage;
  try {
    // As a reader sees it: filled form fields and notes are read with the page.
    image = await page.render(dpi, { withAnnotations: true });
  } catch (error) {
    return now({ ok: false, problem: { code: 'render.failed', message: `Page ${number} could not be rendered for OCR (${messageOf(error)}).`, ...where } });
  } finally {
    page.release();
  }
  if (looksBlank(image)) {
    // Near-blank (a white fill, specks): nothing for OCR to read.
    options.onPage?.({ page: number, pages: pdf.pageCount, source: 'ocr' });
    return now(ok({ page: { ...base, source: 'ocr', dpi: image.dpi, text: '', words: [] }, warnings: [] }));
  }
  const outcome = queue.track(recognizePage(engine, image, { ...base, dpi: image.dpi }, where, () => options.onPage?.({ page: number, pages: pdf.pageCount, source: 'ocr' })));
  // A page too large to draw at the asked resolution was drawn at a lower one (see renderLimits).
  if (image.dpi < dpi - 0.5) return { outcome: withWarnings(outcome, [reducedWarning(number, base, image.dpi, dpi)]), failedNow: false };
  return { outcome, failedNow: false };
}

/**
 * Annotations that draw words pdf.js does not give as text (a stamp, a signature's
 * caption) are burned into the release image with the page, so their words must be
 * read and detected like the page's own: OCR of the page as drawn, keeping the words
 * that lie in those annotations and not on text the page already has.
 */
async function readUnreadAreas(
  page: PdfPage,
  areas: Box[],
  pageWords: { box: Box }[],
  ocr: OcrSession,
  options: ExtractOptions,
): Promise<{ runs: TextRun[]; warnings: Warning[] } | { problem: { code: 'ocr.failed'; message: string } }> {
  const n = page.number;
  const engine = await ocr.engine().catch((error: unknown) => error as Error);
  if (engine instanceof Error) return { problem: { code: 'ocr.failed', message: `Page ${n} has annotations (such as stamps) whose words only OCR can read, and the OCR engine could not start (${engine.message}).` } };
  if (!engine) {
    return { runs: [], warnings: [{ code: 'ocr.skipped', message: `Page ${n} has ${areas.length} annotation(s), such as stamps, whose words only OCR can read, and OCR is off: their words were not checked.`, page: n }] };
  }
  let read;
  try {
    read = await engine.recognize(await page.render(options.ocrDpi ?? defaultOcrDpi, { withAnnotations: true }), { width: page.width, height: page.height });
  } catch (error) {
    read = { ok: false as const, problem: { message: messageOf(error) } };
  }
  if (!read.ok) return { problem: { code: 'ocr.failed', message: `OCR of the annotations (such as stamps) on page ${n} failed (${read.problem.message}).` } };
  const inArea = (b: Box) => {
    const cx = (b[0] + b[2]) / 2;
    const cy = (b[1] + b[3]) / 2;
    return areas.some((a) => cx >= a[0] && cx <= a[2] && cy >= a[1] && cy <= a[3]);
  };
  // Half a word on text the page layer already has is that text, read again.
  const known = (b: Box) => pageWords.some((p) => overlapArea(b, p.box) > boxArea(b) / 2);
  const lines = read.value.lines.map((line) => line.filter((w) => w.text.trim() && inArea(w.box) && !known(w.box))).filter((line) => line.length);
  return { runs: page.runsOfWords(lines), warnings: [] };
}

async function recognizePage(
  engine: OcrEngine,
  image: GrayImage,
  page: { number: number; width: number; height: number; rotation: number; dpi: number },
  where: { file: string; page: number },
  onDone: () => void,
): Promise<PageOutcome> {
  let result;
  try {
    result = await engine.recognize(image, { width: page.width, height: page.height });
  } catch (error) {
    return { ok: false, problem: { code: 'ocr.failed', message: `OCR of page ${page.number} failed (${messageOf(error)}).`, ...where } };
  }
  if (!result.ok) return { ok: false, problem: { ...result.problem, file: where.file, page: where.page } };
  const laid = layoutLines(result.value.lines);
  onDone();
  return ok({ page: { ...page, source: 'ocr', ...laid }, warnings: [] });
}

async function* imagePages(bytes: Uint8Array, file: string, options: ExtractOptions): AsyncGenerator<PageOutcome> {
  const opened = await openImage(bytes, file);
  if (!opened.ok) {
    yield opened;
    return;
  }
  const { pageCount } = opened.value;
  const maxPages = options.maxPages ?? defaultMaxPages;
  if (pageCount > maxPages) {
    yield fail('input.too-many-pages', `${file} has ${pageCount.toLocaleString('en-US')} pages; the limit is ${maxPages.toLocaleString('en-US')} (--max-pages).`, { file });
    return;
  }
  const ocr = ocrSession(options);
  const concurrency = options.ocrConcurrency ?? 2;
  const queue = ocrQueue(concurrency);
  const order = inOrder(concurrency);
  try {
    for (let index = 0; index < pageCount; index++) {
      const number = index + 1;
      const where = { file, page: number };
      const white = opened.value.whitePage(index);
      if (white) {
        // Known blank from its compressed data: nothing to decode, nothing for OCR.
        options.onPage?.({ page: number, pages: pageCount, source: 'ocr' });
        const page = { number, width: (white.width / white.dpi) * 72, height: (white.height / white.dpi) * 72, rotation: 0, dpi: white.dpi, source: 'ocr' as const, text: '', words: [] };
        order.add(Promise.resolve(ok({ page, warnings: white.warnings })));
        yield* order.due();
        continue;
      }
      await queue.admit();
      const decoded = await opened.value.page(index);
      if (!decoded.ok) {
        order.add(Promise.resolve(decoded));
        break;
      }
      const { image, warnings } = decoded.value;
      // An image page's size in points follows from its pixels and resolution.
      const base = { number, width: (image.width / image.dpi) * 72, height: (image.height / image.dpi) * 72, rotation: 0, dpi: image.dpi };
      const engine = await ocr.engine().catch((error: unknown) => error as Error);
      if (engine instanceof Error) {
        order.add(Promise.resolve(fail('ocr.failed', `The OCR engine could not start (${engine.message}).`, where)));
        break;
      }
      if (looksBlank(image)) {
        options.onPage?.({ page: number, pages: pageCount, source: 'ocr' });
        order.add(Promise.resolve(ok({ page: { ...base, source: 'ocr', text: '', words: [] }, warnings })));
      } else if (!engine) {
        options.onPage?.({ page: number, pages: pageCount, source: 'ocr' });
        const skipped: Warning = { code: 'ocr.skipped', message: `Page ${number} is an image and OCR is off, so it has no words.`, page: number };
        order.add(Promise.resolve(ok({ page: { ...base, source: 'ocr', text: '', words: [] }, warnings: [...warnings, skipped] })));
      } else {
        order.add(withWarnings(queue.track(recognizePage(engine, image, base, where, () => options.onPage?.({ page: number, pages: pageCount, source: 'ocr' }))), warnings));
      }
      yield* order.due();
    }
    yield* order.rest();
  } finally {
    await order.settle();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

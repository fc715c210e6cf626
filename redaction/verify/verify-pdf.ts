/**
 * @module
 * The leak verifier: the gate every release passes before it is written, reviewed
 * or published. It reads the PDF the way outsiders will (pdf.js, and `pdftotext`
 * and `mutool` where installed), looks at its structure and bytes, at the pixels
 * of every box, and at whether every word an extractor returns shows on its page
 * (which catches text under old boxes, white text and hidden OCR layers in any PDF).
 *
 * ```ts
 * const report = await verifyPdf(pdf, { removed: ['Maria Gonzalez'], boxes });
 * if (!report.ok) for (const p of report.problems) console.error(formatProblem(p));
 * ```
 */
import { renderScale } from '../../pipeline/extract/limits.ts';
import { openRelease } from './pdfjs-reader.ts';
import type { Release } from './pdfjs-reader.ts';
import type { Problem, ProblemCode } from '../../pipeline/problems.ts';
import { timeStage, timeStageSync } from '../../pipeline/stage-times.ts';
import type { Box, PageBox } from '../../pipeline/model/types.ts';
import type { OcrEngine } from '../../pipeline/ocr/engine.ts';
import { isUnder, shapes } from './boxes.ts';
import { findNeedle, findNeedles, isSearchable, prepare } from './normalize.ts';
import { pdfiumText } from './pdfium-text.ts';
import { boxSolidity } from './pixels.ts';
import { unseen } from './showing.ts';
import type { GrayImage } from '../../pipeline/model/raster.ts';
import { inflateAll, isSingleRevision, namesPresent, revisions, stringsInBytes } from './structure.ts';
import { mutoolPages, mutoolRender, mutoolText, pdftotextWords, toolInput } from './tools.ts';
import type { ToolInput, ToolOutcome, ToolText, ToolWord } from './tools.ts';

export interface ExpectedBox extends PageBox {
  /** The exemption code written on the box, e.g. "(b)(6)"; the label's pixels are allowed light. */
  code?: string;
}

export interface Expectation {
  /** Strings that must not be extractable in any form. */
  removed: string[];
  /** Where boxes were burned: no text may lie there except the "[REDACTED …]" marker. */
  boxes: ExpectedBox[];
  /** Strings that must still be extractable (a release must stay searchable). */
  keep?: string[];
  /** Regions where no text may be extracted but whose pixels are not boxed (hidden words of the input). */
  textFree?: PageBox[];
}

/** The text engines the verifier reads a PDF with. pdf.js and PDFium ship in npm; the others run when installed. */
export const TEXT_ENGINES = ['pdf.js', 'pdfium', 'pdftotext', 'mutool'] as const;
export type TextEngine = (typeof TEXT_ENGINES)[number];

/** A release passes only when at least this many engines that did not write it read every page. */
export const MIN_INDEPENDENT_ENGINES = 2;

export interface VerifyOptions {
  file?: string;
  /** Text engines besides pdf.js; each runs (when installed) unless set to false. */
  tools?: { pdfium?: boolean; pdftotext?: boolean; mutool?: boolean };
  /**
   * Engines the writer used to build this release (e.g. ['pdfium'] for surgical removal). They still
   * read the release, but do not count toward the independent engines a pass needs.
   */
  writtenWith?: readonly TextEngine[];
  /** Resolution of the render used for the pixel check. */
  pixelDpi?: number;
  /** Info keys a release may hold. */
  allowedInfo?: readonly string[];
  /** OCR these pages of the output (those that were OCRed on input): catches a box too small for its words. */
  ocr?: { engine: OcrEngine; pages: number[]; dpi?: number };
  /**
   * Let pdf.js read only the pages with a box or a text-free region when pdftotext and mutool,
   * two engines that did not write the release, both read every page: the other pages still have
   * at least two independent engines (three with PDFium when it did not write the release), and
   * pdftotext's words stand in for pdf.js's in the hidden-text check there. pdf.js is the slowest
   * reader by far (about 8 ms a page against 1 to 2 ms for the others). Off by default: the
   * `verify` command and the publish gate read every page with every engine.
   */
  lightPages?: boolean;
}

export interface EngineRun {
  engine: TextEngine;
  /** ran: read every page; off: turned off by the caller; missing: not installed or could not start; failed: could not read this file. */
  status: 'ran' | 'off' | 'missing' | 'failed';
  /** Counts toward the independent engines: it ran, and the writer did not use it. */
  independent: boolean;
  detail: string;
  /** Set when the engine read only these pages (1-based); otherwise it read every page. */
  pages?: number[];
}

export type CheckStatus = 'pass' | 'fail' | 'skipped';

export interface VerifyCheck {
  /** e.g. "text:pdf.js", "text:pdftotext", "structure:revisions", "pixels". */
  id: string;
  status: CheckStatus;
  detail: string;
}

/** A verifier problem, with the check that raised it (e.g. "structure:bytes"), so a writer can tell what to rebuild. */
export interface VerifyProblem extends Problem {
  check?: string;
}

export interface VerifyReport {
  ok: boolean;
  /** True when any problem is a leak (text, structure or pixels), as opposed to missing kept text. */
  leak: boolean;
  /** Every text engine, whether it read the PDF, and whether it counts as independent of the writer. */
  engines: EngineRun[];
  checks: VerifyCheck[];
  problems: VerifyProblem[];
}

export const DAYLIGHT_INFO_KEYS = ['Title', 'Producer', 'CreationDate', 'ModDate'] as const;

/** The fields pdf.js adds to `info` itself; they are not keys of the file's Info dictionary. */
const pdfjsInfoFields = new Set(['PDFFormatVersion', 'Language', 'EncryptFilterName', 'IsLinearized', 'IsAcroFormPresent', 'IsXFAPresent', 'IsCollectionPresent', 'IsSignaturesPresent', 'Custom']);

export async function verifyPdf(pdf: Uint8Array, expect: Expectation, options: VerifyOptions = {}): Promise<VerifyReport> {
  const file = options.file;
  const checks: VerifyCheck[] = [];
  const problems: VerifyProblem[] = [];
  const report = (id: string, failures: { code: ProblemCode; message: string; page?: number }[], passDetail: string) => {
    checks.push({ id, status: failures.length ? 'fail' : 'pass', detail: failures.length ? failures.map((f) => f.message).join(' ') : passDetail });
    for (const f of failures) problems.push({ code: f.code, message: f.message, check: id, ...(file ? { file } : {}), ...(f.page !== undefined ? { page: f.page } : {}) });
  };

  const opened = await timeStage('verify: pdf.js opens the release', () => openRelease(pdf));
  if (!opened.ok) {
    problems.push({ code: 'verify.unreadable', message: `pdf.js could not open the PDF: ${opened.message}`, ...(file ? { file } : {}) });
    checks.push({ id: 'open:pdf.js', status: 'fail', detail: opened.message });
    const engines: EngineRun[] = [{ engine: 'pdf.js', status: 'failed', independent: false, detail: opened.message }];
    return { ok: false, leak: true, engines, checks, problems };
  }
  const handle = opened.value;
  const input = await timeStage('verify: write the file the tools read', () => toolInput(pdf));
  const written = new Set<TextEngine>(options.writtenWith ?? []);
  const engines: EngineRun[] = [];
  try {
    // Started first: the tools read the file and render its pages in their own processes while pdf.js and PDFium read it here.
    // mutool's text comes from the process that renders the first pages (`pageRenders`).
    const renders = pageRenders(input, handle, { dpi: options.pixelDpi ?? 100, mutool: options.tools?.mutool !== false });
    const tools: [TextEngine, boolean | undefined, () => Promise<ToolOutcome>, ToolReader][] = [
      ['pdftotext', options.tools?.pdftotext, () => timeStage('verify: pdftotext text (process, wall)', () => pdftotextWords(input), { cpu: false }), pdftotextWords],
      ['mutool', options.tools?.mutool, () => renders.mutoolText!, mutoolText],
    ];
    const outcomes = tools.map(([, enabled, read]) => (enabled === false ? undefined : read()));
    const outcomesRead = Promise.all(outcomes);
    // Awaited below; until then a failure must not count as unhandled.
    outcomesRead.catch(() => {});
    const all = Array.from({ length: handle.pageCount }, (_, i) => i + 1);
    const marked = new Set([...expect.boxes, ...(expect.textFree ?? [])].map((b) => b.page));
    // The pages pdf.js must read whatever the tools do; it reads them while the tools run.
    const first = options.lightPages ? all.filter((n) => marked.has(n)) : all;
    const readFirst = new Set(first);
    // pdf.js evaluates the pages in its own thread (pdfjs-thread.ts) while PDFium reads the file
    // and the structure is checked here; its words are laid out here as each page comes back.
    const pdfjsFirst = pdfjsWords(handle, first);
    pdfjsFirst.catch(() => {});
    const texts: ToolText[] = [];
    const read = async (engine: TextEngine, out: ToolOutcome | undefined, again?: ToolReader) => {
      if (!out) {
        engines.push({ engine, status: 'off', independent: false, detail: 'turned off by the caller' });
        checks.push({ id: `text:${engine}`, status: 'skipped', detail: 'turned off by the caller' });
        return;
      }
      if (!out.ok) {
        engines.push({ engine, status: out.missing ? 'missing' : 'failed', independent: false, detail: out.message });
        checks.push({ id: `text:${engine}`, status: 'skipped', detail: out.message });
        if (out.missing) return;
        // Named by page where the tool reads some pages and not others, so a writer can rebuild just those.
        const pages = again ? await unreadablePages(handle.pageCount, (range) => again(input, range)) : [];
        if (pages.length) for (const n of pages) problems.push({ code: 'verify.unreadable', message: `${engine} could not read page ${n} of the PDF (${out.message}), so its check did not run.`, page: n, ...(file ? { file } : {}) });
        else problems.push({ code: 'verify.unreadable', message: `${engine} could not read the PDF (${out.message}), so its check did not run.`, ...(file ? { file } : {}) });
        return;
      }
      const independent = !written.has(engine);
      const part = partial.get(engine);
      const readDetail = part ? `${part.length} of ${handle.pageCount} page(s) read (${partialWhy})` : `${out.value.pages.length} page(s) read`;
      engines.push({ engine, status: 'ran', independent, detail: `${readDetail}${independent ? '' : '; the writer used it, so it does not count as independent'}`, ...(part ? { pages: part } : {}) });
      texts.push(out.value);
      report(`text:${engine}`, timeStageSync('verify: search the text for removed strings', () => textLeaks(out.value, expect)), `${readDetail}; no removed text.`);
    };
    const pdfiumOut = options.tools?.pdfium === false ? undefined : await timeStage('verify: PDFium text', () => pdfiumText(pdf));
    // Judged now, reported in its place below: the reads above and the checks' order stay as they were.
    const structure: Parameters<Reporter>[] = [];
    await timeStage('verify: structure and bytes', () => structureChecks(pdf, handle, expect, options, (...call) => structure.push(call)));
    const pdfjsText = await timeStage('verify: wait for pdf.js text (thread, wall)', () => pdfjsFirst, { cpu: false });
    const toolOut = await timeStage('verify: wait for the tools\' text', () => outcomesRead, { cpu: false });
    // Both outside tools read every page: two independent engines there without pdf.js.
    const covered = options.lightPages === true && toolOut.every((o) => o?.ok === true && o.value.pages.length === handle.pageCount);
    const rest = all.filter((n) => !readFirst.has(n));
    if (rest.length && !covered) await timeStage('verify: pdf.js text', () => pdfjsWords(handle, rest, pdfjsText));
    const partial = new Map<TextEngine, number[]>(rest.length && covered ? [['pdf.js', first]] : []);
    const partialWhy = 'the pages with boxes or hidden words; pdftotext and mutool read every page';
    await read('pdf.js', { ok: true, value: pdfjsText });
    await read('pdfium', pdfiumOut);
    for (const [i, [name, , , again]] of tools.entries()) await read(name, toolOut[i], again);
    engineCheck(engines, report);
    if (expect.keep?.length) report('text:kept', keptMissing(texts.filter((t) => !partial.has(t.tool as TextEngine)), expect.keep), `${expect.keep.length} kept string(s) extractable by every tool that read every page.`);
    for (const call of structure) report(...call);
    // The shipped engines' words: each is judged against the pixels on its own. Where pdf.js did
    // not read a page, pdftotext's words are judged there instead, so two engines' words always are.
    const judged = texts.filter((t) => t.tool === 'pdf.js' || t.tool === 'pdfium');
    const stand = partial.has('pdf.js') ? texts.find((t) => t.tool === 'pdftotext') : undefined;
    if (stand) judged.push({ tool: stand.tool, pages: stand.pages.map((p, i) => (readFirst.has(i + 1) ? { text: '' } : p)) });
    await timeStage('verify: pixels and hidden text (renders, looks)', () => renderedChecks(renders, handle, judged, expect.boxes, report));
    if (options.ocr?.pages.length) await ocrCheck(handle, expect, options.ocr, report);
    else checks.push({ id: 'ocr', status: 'skipped', detail: options.ocr ? 'no page was OCRed on input' : 'no OCR engine given' });
  } finally {
    await handle.close();
    await input.dispose();
  }
  // Missing engines or kept text are failures, not leaks: nothing was found, but nothing may pass either.
  const leak = problems.some((p) => p.code !== 'verify.kept-missing' && p.code !== 'verify.engines');
  return { ok: problems.length === 0, leak, engines, checks, problems };
}

type ToolReader = (input: ToolInput, range?: { first: number; last: number }) => Promise<ToolOutcome>;

/** Pages read a chunk at a time when looking for the ones a tool cannot read. */
const PLACE_CHUNK = 16;

/**
 * The pages a tool that failed on the whole file cannot read on their own: chunks of
 * pages first, then each page of a failing chunk. Empty when every chunk reads (the
 * failure is the file's, not a page's) or when every page fails alone.
 */
async function unreadablePages(pageCount: number, readRange: (range: { first: number; last: number }) => Promise<ToolOutcome>): Promise<number[]> {
  if (pageCount < 2) return [];
  const failing: number[] = [];
  for (let first = 1; first <= pageCount; first += PLACE_CHUNK) {
    const last = Math.min(pageCount, first + PLACE_CHUNK - 1);
    if ((await readRange({ first, last })).ok) continue;
    if (first === last) failing.push(first);
    else for (let n = first; n <= last; n++) if (!(await readRange({ first: n, last: n })).ok) failing.push(n);
  }
  return failing.length === pageCount ? [] : failing;
}

/** Fails closed: fewer than two engines independent of the writer read the file, so no pass is possible. */
function engineCheck(engines: EngineRun[], report: Reporter) {
  const independent = engines.filter((e) => e.independent && !e.pages).map((e) => e.engine);
  const some = engines.filter((e) => e.independent && e.pages).map((e) => `${e.engine} read ${e.pages!.length} page(s) besides`);
  const names = (list: string[]) => list.join(', ') || 'none';
  const notCounted = engines.filter((e) => !e.independent).map((e) => `${e.engine}: ${e.status === 'ran' ? 'used by the writer' : e.detail}`);
  const failures: { code: ProblemCode; message: string }[] =
    independent.length >= MIN_INDEPENDENT_ENGINES
      ? []
      : [
          {
            code: 'verify.engines',
            message:
              `Only ${independent.length} text engine(s) independent of the writer read the PDF (${names(independent)}); at least ${MIN_INDEPENDENT_ENGINES} are needed, so it cannot pass` +
              `${notCounted.length ? ` (${notCounted.join('; ')})` : ''}. Install poppler-utils (pdftotext) or mupdf-tools (mutool), e.g. \`apt-get install -y poppler-utils mupdf-tools\`, and reinstall the dependencies (npm ci) if PDFium could not start.`,
          },
        ];
  report('engines', failures, `${independent.length} independent text engine(s) read every page: ${names(independent)}${some.length ? `; ${some.join('; ')}` : ''}${notCounted.length ? `; not counted: ${notCounted.join('; ')}` : ''}.`);
}

/** pdf.js's text of the pages `read` (1-based), into `into` (whose other pages stay empty until read). */
async function pdfjsWords(handle: Release, read: number[], into: ToolText = { tool: 'pdf.js', pages: Array.from({ length: handle.pageCount }, () => ({ text: '' })) }): Promise<ToolText> {
  // A few pages asked for at once, so pdf.js's thread evaluates the next while this one lays out the last.
  let next = 0;
  const reader = async () => {
    while (next < read.length) {
      const n = read[next++];
      into.pages[n - 1] = await (await handle.page(n)).text();
    }
  };
  await Promise.all(Array.from({ length: Math.min(PDFJS_AHEAD, read.length) }, reader));
  return into;
}

/** Pages of pdf.js text asked for at once. */
const PDFJS_AHEAD = 4;

/**
 * Drops Daylight's "[REDACTED (b)(6)]" markers, the only text allowed on a box:
 * a word starting "[REDACTED" and the short words after it up to the closing "]".
 * Extractors split a squeezed marker in different places, so it is found by shape.
 */
/** Longest code list a marker may carry, spaces removed (e.g. "(b)(6),(b)(7)(C)"). */
const MAX_CODES = 40;

export function withoutMarkers(found: ToolWord[]): ToolWord[] {
  // A marker is stretched across its box, so an extractor can interleave its halves with the line below
  // in reading order; pair them by position (line, then x) instead.
  const line = (w: ToolWord) => Math.round((w.box[1] + w.box[3]) / 4);
  const words = [...found].sort((a, b) => line(a) - line(b) || a.box[0] - b.box[0]);
  const out: ToolWord[] = [];
  for (let i = 0; i < words.length; i++) {
    if (!words[i].text.startsWith('[REDACTED')) {
      out.push(words[i]);
      continue;
    }
    let j = i;
    let tail = words[i].text.slice('[REDACTED'.length);
    while (!tail.includes(']') && j + 1 < words.length && tail.length <= MAX_CODES) tail += words[++j].text;
    if (!tail.includes(']') || tail.length > MAX_CODES + 1) out.push(...words.slice(i, j + 1));
    i = j;
  }
  return out;
}

function textLeaks(text: ToolText, expect: Expectation) {
  const failures: { code: ProblemCode; message: string; page?: number }[] = [];
  const searchable = expect.removed.filter(isSearchable);
  text.pages.forEach((page, i) => {
    for (const { needle, how } of findNeedles(page.text, searchable)) {
      failures.push({ code: 'verify.leak', page: i + 1, message: `${text.tool} extracts a removed string on page ${i + 1} (matched by ${how}; ${describe(needle)}).` });
    }
    if (!page.words) return;
    const boxes = [...expect.boxes, ...(expect.textFree ?? [])].filter((b) => b.page === i + 1).map((b) => b.box);
    const under = underBoxes(page.words, boxes);
    if (under.length) {
      failures.push({ code: 'verify.leak', page: i + 1, message: `${text.tool} finds ${under.length} word(s) lying under a redaction box on page ${i + 1} (first at ${fmtBox(under[0].box)}).` });
    }
  });
  return failures;
}

function underBoxes(words: ToolWord[], boxes: Box[]): ToolWord[] {
  if (!boxes.length) return [];
  return withoutMarkers(words).filter((w) => boxes.some((b) => isUnder(w.box, b)));
}

function keptMissing(texts: ToolText[], keep: string[]) {
  const failures: { code: ProblemCode; message: string }[] = [];
  for (const t of texts) {
    const prepared = prepare(t.pages.map((p) => p.text).join('\n'));
    const missing = keep.filter((k) => isSearchable(k) && findNeedle(prepared, k) === undefined);
    if (missing.length) failures.push({ code: 'verify.kept-missing', message: `${t.tool} cannot find ${missing.length} string(s) that should stay readable, e.g. "${missing[0]}".` });
  }
  return failures;
}

type Reporter = (id: string, failures: { code: ProblemCode; message: string; page?: number }[], passDetail: string) => void;

async function structureChecks(pdf: Uint8Array, handle: Release, expect: Expectation, options: VerifyOptions, report: Reporter) {
  const rev = revisions(pdf);
  report(
    'structure:revisions',
    isSingleRevision(rev) ? [] : [{ code: 'verify.structure', message: `The file holds earlier revisions (${rev.eofMarkers} %%EOF markers, ${rev.prevPointers} /Prev pointers): an incremental save can keep the unredacted original.` }],
    'One revision.',
  );
  const view = inflateAll(pdf);
  const names = namesPresent(view);
  report('structure:objects', names.map((n) => ({ code: 'verify.structure' as ProblemCode, message: `The file contains ${n.what} (/${n.name}).` })), `No annotations, forms, attachments, scripts, outlines, XMP, thumbnails, layers, named destinations, page labels or structure tree (${view.inflated}/${view.streams} streams inflated).`);
  const meta = await handle.metadata();
  const allowed = new Set<string>(options.allowedInfo ?? DAYLIGHT_INFO_KEYS);
  const info = (meta?.info ?? {}) as Record<string, unknown>;
  const keys = [...Object.keys(info).filter((k) => !pdfjsInfoFields.has(k)), ...Object.keys((info.Custom as Record<string, unknown>) ?? {})];
  const extra = keys.filter((k) => !allowed.has(k));
  const infoFailures: { code: ProblemCode; message: string }[] = extra.length ? [{ code: 'verify.structure', message: `The Info dictionary holds keys a release must not carry: ${extra.join(', ')}.` }] : [];
  if (meta?.xmp) infoFailures.push({ code: 'verify.structure', message: 'The file carries XMP metadata.' });
  report('structure:metadata', infoFailures, `Info holds only ${[...allowed].join(', ')}; no XMP.`);
  const inBytes = stringsInBytes(view, expect.removed);
  report('structure:bytes', inBytes.map((n) => ({ code: 'verify.leak' as ProblemCode, message: `A removed string is in the file's bytes (${describe(n)}).` })), 'No removed string in the raw or inflated bytes.');
}

interface Renders {
  /** The pages of this chunk, each read when asked for (see `RenderedPages`). */
  pages: number[];
  image(n: number): Promise<GrayImage>;
  renderer: string;
}

/**
 * Most pages one `mutool draw` process renders. Each process costs its start (a few
 * milliseconds of CPU, far more wall time on a loaded machine): a 100-page release took
 * 7 processes in chunks of 16. The pages wait on disk until checked, one in memory at a time.
 */
const RENDER_CHUNK = 64;
/** Most pixels one chunk leaves on disk: 64 letter pages at 100 DPI, or five at the 12-megapixel page bound. */
const RENDER_CHUNK_PIXELS = 64_000_000;

interface PageRenders {
  dpi: number;
  /**
   * mutool's text of every page, read by the process that renders the first chunk (`mutoolPages`);
   * unset when mutool is turned off.
   */
  mutoolText?: Promise<ToolOutcome>;
  /** The renders of every page, a chunk at a time; the next chunk is rendered while this one is checked. */
  chunks(): AsyncGenerator<Renders>;
  /** One page again at another resolution, by the same renderer. */
  again(page: number, dpi: number): Promise<GrayImage>;
  /**
   * The given pages again at another resolution, each as `again` renders it, from as few renderer
   * processes as the chunk bounds allow (one for a few letter pages at 300 DPI, not one a page).
   * Each page is yielded once, in the order given; check it before asking for the next.
   */
  againAll(pages: number[], dpi: number): AsyncGenerator<{ page: number; image: GrayImage }>;
}

/** One renderer run: pages drawn at one resolution. */
interface RenderChunk {
  pages: number[];
  dpi: number;
}

/**
 * The pages in runs for one renderer process each: consecutive pages drawn at the same
 * resolution (a page too large for the render limits is drawn at the lower DPI pdf.js
 * would use, not at gigapixels, and alone in its run so the others keep theirs), at most
 * RENDER_CHUNK pages and RENDER_CHUNK_PIXELS pixels a run.
 */
export function renderChunks(sizes: { page: number; width: number; height: number }[], dpi: number): RenderChunk[] {
  const chunks: (RenderChunk & { pixels: number })[] = [];
  for (const { page, width, height } of sizes) {
    const fitted = Math.max(1, Math.min(dpi, Math.floor(renderScale(width, height, dpi) * 72)));
    const pixels = ((width * fitted) / 72) * ((height * fitted) / 72);
    const last = chunks.at(-1);
    if (last && last.dpi === fitted && last.pages.length < RENDER_CHUNK && last.pixels + pixels <= RENDER_CHUNK_PIXELS) {
      last.pages.push(page);
      last.pixels += pixels;
    } else chunks.push({ pages: [page], dpi: fitted, pixels });
  }
  return chunks.map(({ pages, dpi: at }) => ({ pages, dpi: at }));
}

/**
 * Every page of the output rendered, starting at once. mutool renders in C, far faster than
 * pdf.js on CCITT page images; pdf.js is the fallback.
 */
function pageRenders(input: ToolInput, handle: Release, how: { dpi: number; mutool: boolean }): PageRenders {
  const sizes = async (pages: number[]) =>
    Promise.all(
      pages.map(async (page) => {
        const { width, height } = await handle.page(page);
        return { page, width, height };
      }),
    );
  const planned = sizes(Array.from({ length: handle.pageCount }, (_, i) => i + 1)).then((all) => renderChunks(all, how.dpi));
  let useMutool = how.mutool;
  const render = async (chunk: RenderChunk, pdfjsDpi: number): Promise<Renders> => {
    if (useMutool) {
      const rendered = await timeStage('verify: mutool renders (process, wall)', () => mutoolRender(input, chunk.pages, chunk.dpi), { cpu: false });
      if (rendered.ok) return { ...rendered.value, renderer: 'mutool' };
      if (rendered.missing) useMutool = false;
    }
    return {
      pages: chunk.pages,
      renderer: 'pdf.js',
      image: (n) => timeStage('verify: pdf.js renders', async () => (await handle.page(n)).render(pdfjsDpi, { withAnnotations: true })),
    };
  };
  // mutool's text and the first chunk's renders come from one process and one load of the file.
  // If that run fails in any way, both are read again as before, each by its own `mutool draw`, so
  // a file is judged exactly as it was: the text by `mutoolText` (whose failure is then placed by
  // page), the pixels by `mutoolRender` or, where mutool cannot render them, pdf.js.
  const together = useMutool
    ? planned.then(async (chunks) => {
        const chunk = chunks.at(0);
        const both = await timeStage('verify: mutool text and first renders (process, wall)', () => mutoolPages(input, chunk ?? { pages: [], dpi: how.dpi }), { cpu: false });
        if (both.ok) return { text: { ok: true, value: both.value.text } as ToolOutcome, renders: chunk && { ...both.value.renders, renderer: 'mutool' } };
        if (both.missing) useMutool = false;
        const text = both.missing ? both : await timeStage('verify: mutool text (process, wall)', () => mutoolText(input), { cpu: false });
        return { text, renders: chunk && (await render(chunk, how.dpi)) };
      })
    : undefined;
  const first = together?.then((t) => t.renders);
  const mutoolTextRead = together?.then((t) => t.text);
  first?.catch(() => {});
  mutoolTextRead?.catch(() => {});
  const again = async (page: number, dpi: number) => {
    const [chunk] = renderChunks(await sizes([page]), dpi);
    const one = await render(chunk, dpi);
    return one.image(page);
  };
  return {
    dpi: how.dpi,
    ...(mutoolTextRead ? { mutoolText: mutoolTextRead } : {}),
    again,
    async *againAll(pages, dpi) {
      for (const chunk of renderChunks(await sizes(pages), dpi)) {
        // Only where one `mutool draw` can stand for several: a failed run (or no mutool) leaves each
        // page to `again`, which tries mutool for that page alone and falls back to pdf.js as before,
        // so a page is judged on the render it would have had on its own.
        const rendered =
          useMutool && chunk.pages.length > 1 ? await timeStage('verify: mutool renders (process, wall)', () => mutoolRender(input, chunk.pages, chunk.dpi), { cpu: false }) : undefined;
        for (const page of chunk.pages) yield { page, image: rendered?.ok ? await rendered.value.image(page) : await again(page, dpi) };
      }
    },
    async *chunks() {
      const chunks = await planned;
      let next = first ?? (chunks.length ? render(chunks[0], how.dpi) : undefined);
      for (let i = 0; i < chunks.length; i++) {
        const current = (await next)!;
        next = i + 1 < chunks.length ? render(chunks[i + 1], how.dpi) : undefined;
        yield current;
      }
    },
  };
}

/** The checks that look at the output's pixels: every extractable word shows, every box is solid. */
async function renderedChecks(renders: PageRenders, handle: Release, texts: ToolText[], boxes: ExpectedBox[], report: Reporter) {
  const hidden: Failure[] = [];
  const pixels: Failure[] = [];
  for (const n of new Set(boxes.map((b) => b.page))) {
    if (n < 1 || n > handle.pageCount) pixels.push({ code: 'verify.pixels', page: n, message: `A box is on page ${n}, which the PDF does not have.` });
  }
  const renderers = new Set<string>();
  /** Words that did not show at the first resolution, per page: looked at again, finer. */
  const unseen = new Map<number, { tool: string; words: ToolWord[] }[]>();
  for await (const chunk of renders.chunks()) {
    renderers.add(chunk.renderer);
    for (const n of chunk.pages) {
      const image = await chunk.image(n);
      timeStageSync('verify: look at the renders (words show, boxes solid)', () => {
        for (const text of texts) {
          const words = unseenWords(text, n, image);
          if (words.length) unseen.set(n, [...(unseen.get(n) ?? []), { tool: text.tool, words }]);
        }
        pixels.push(...unsolidBoxes(boxes, n, image, chunk.renderer));
      });
    }
  }
  // Text a few points tall spans a handful of pixels at the first resolution, where a glyph's
  // strokes can fill its cell and read as a dark shape. A word flagged there is judged again on
  // a render at FINE_DPI: hidden text (white, under a box, invisible) shows at no resolution.
  // All flagged pages are rendered again together: one renderer process for a handful of pages, not one a page.
  const fineRenders = renders.againAll([...unseen.keys()], FINE_DPI);
  for (;;) {
    const next = await timeStage('verify: second look at 300 DPI', () => fineRenders.next());
    if (next.done) break;
    const { page: n, image: fine } = next.value;
    const byTool = unseen.get(n)!;
    for (const { tool, words } of byTool) {
      const still = visibilityFailures(fine, words);
      if (still.length) {
        const first = still[0];
        hidden.push({ code: 'verify.leak', page: n, message: `${tool} extracts ${still.length} word(s) on page ${n} that do not show on the page (first at ${fmtBox(first.word.box)}: ${first.how}, also at ${FINE_DPI} DPI).` });
      }
    }
  }
  const by = `rendered by ${[...renderers].join(' and ') || 'nobody: no pages'} at ${renders.dpi} DPI${unseen.size ? `, ${unseen.size} page(s) again at ${FINE_DPI} DPI` : ''}`;
  report('hidden-text', hidden, `Every extractable word shows on its page (${by}).`);
  const boxPages = new Set(boxes.map((b) => b.page)).size;
  report('pixels', pixels, boxes.length ? `${boxes.length} box(es) solid on ${boxPages} page(s) (${by}).` : 'No boxes to check.');
}

type Failure = { code: ProblemCode; message: string; page: number };

/** Resolution of the second look at words that did not show on the first render. */
const FINE_DPI = 300;

/**
 * Text an extractor returns on page `n` but the page does not show (a failed redaction,
 * white or invisible text), as judged on this render.
 */
function unseenWords(text: ToolText, n: number, image: GrayImage): ToolWord[] {
  const page = text.pages[n - 1];
  if (!page?.words?.length) return [];
  return visibilityFailures(image, withoutMarkers(page.words)).map((v) => v.word);
}

function visibilityFailures(image: GrayImage, words: ToolWord[]): { word: ToolWord; how: string }[] {
  const size = { width: (image.width * 72) / image.dpi, height: (image.height * 72) / image.dpi };
  return words.flatMap((word) => {
    const how = unseen(image, word.text, word.box, size);
    return how ? [{ word, how: hows[how] }] : [];
  });
}

const hows = { 'off-page': 'outside the page', 'too-small': 'too small to see', 'no-ink': 'no ink', covered: 'under a dark shape' } as const;

/**
 * Every expected box must be dark but for a label. Overlapping boxes may be drawn as one shape with
 * one label: a box's label may carry its own code or that of any shape or box it overlaps. Each box
 * is checked on its own area, never the bounding box of a shape (whose corners nobody boxed).
 */
function unsolidBoxes(boxes: ExpectedBox[], n: number, image: GrayImage, renderer: string): Failure[] {
  const failures: Failure[] = [];
  const mine = boxes.filter((x) => x.page === n);
  const candidates = [...shapes(mine), ...mine].filter((c) => c.code);
  for (const b of mine) {
    const codes = candidates.filter((c) => meets(c.box, b.box)).map((c) => c.code!);
    // A writer may widen short boxes (so a box does not give away a value's length) until they touch
    // their neighbours, and label the shape they then form with all their codes: the label may join
    // the codes of the boxes near this one, not only of those it overlaps as expected.
    const joined = [...new Set(mine.filter((x) => x.code && near(x.box, b.box)).flatMap((x) => x.code!.split(', ')))].join(', ');
    const s = boxSolidity(image, b.box, joined ? [...codes, joined] : codes);
    if (!s.solid) failures.push({ code: 'verify.pixels', page: n, message: `The box at ${fmtBox(b.box)} on page ${n} is only ${(s.darkShare * 100).toFixed(1)}% dark (rendered by ${renderer}).` });
  }
  return failures;
}

/** Whether `a` lies within a line above or below `b`, or four line heights to either side of it. */
function near(a: Box, b: Box): boolean {
  const h = b[3] - b[1];
  return meets(a, [b[0] - 4 * h, b[1] - h, b[2] + 4 * h, b[3] + h]);
}

function meets(a: Box, b: Box): boolean {
  return Math.min(a[2], b[2]) > Math.max(a[0], b[0]) && Math.min(a[3], b[3]) > Math.max(a[1], b[1]);
}

async function ocrCheck(handle: Release, expect: Expectation, ocr: NonNullable<VerifyOptions['ocr']>, report: Reporter) {
  const failures: { code: ProblemCode; message: string; page?: number }[] = [];
  const searchable = expect.removed.filter(isSearchable);
  for (const n of ocr.pages) {
    const page = await handle.page(n);
    const read = await ocr.engine.recognize(await page.render(ocr.dpi ?? 300), { width: page.width, height: page.height });
    if (!read.ok) {
      failures.push({ code: 'verify.unreadable', page: n, message: `OCR of page ${n} of the output failed (${read.problem.message}).` });
      continue;
    }
    for (const { needle, how } of findNeedles(read.value.lines.map((line) => line.map((w) => w.text).join(' ')).join('\n'), searchable)) {
      failures.push({ code: 'verify.leak', page: n, message: `OCR reads a removed string on page ${n} (matched by ${how}; ${describe(needle)}): a box is too small for its words.` });
    }
  }
  report('ocr', failures, `${ocr.pages.length} OCRed page(s) read again; no removed text.`);
}

/** Messages must not repeat the removed text: give its shape, not its content. */
function describe(needle: string): string {
  return `${needle.length} characters, starting "${needle.slice(0, 1)}…"`;
}

function fmtBox(b: Box): string {
  return `[${b.map((v) => v.toFixed(0)).join(', ')}]`;
}

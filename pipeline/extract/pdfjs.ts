/**
 * @module
 * The one adapter over pdfjs-dist (legacy build, the one that runs in Node):
 * opening a PDF, page geometry, raw text runs and rendering to pixels.
 * pdf.js failures become problems here; nothing else imports pdfjs-dist but the
 * verifier's own reader (redaction/verify/pdfjs-reader.ts), kept apart from the writer's.
 *
 * ```ts
 * const opened = await openPdf(bytes, 'report.pdf');
 * if (!opened.ok) return opened;
 * const page = await opened.value.page(1);
 * const gray = await page.render(300);
 * await opened.value.close();
 * ```
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
// First: loads the canvas package before pdf.js does, its system-font scan put off until a canvas is made (canvas-fonts.ts).
import './canvas-fonts.ts';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';
import type { GrayImage } from '../model/raster.ts';
import type { Box } from '../model/types.ts';
import { charWidth } from './standard-widths.ts';
import { claimStrayErrors } from '../threads/stray-errors.ts';
import { renderLimits, renderScale } from './limits.ts';
import { onTaskEnd } from '../threads/task-end.ts';
import { onePassCounts, onePassFor, onStrayRead } from './pdfjs-one-pass.ts';
export { readWithoutOnePass } from './pdfjs-one-pass.ts';

const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
// pdf.js wants plain filesystem paths ending in "/" (file:// URLs fail in Node).
const assetPaths = {
  standardFontDataUrl: join(pdfjsRoot, 'standard_fonts') + '/',
  cMapUrl: join(pdfjsRoot, 'cmaps') + '/',
  wasmUrl: join(pdfjsRoot, 'wasm') + '/',
  iccUrl: join(pdfjsRoot, 'iccs') + '/',
};

/** A text run as pdf.js reports it, in PDF user space (bottom-left origin). */
export interface TextRun {
  text: string;
  /** [a, b, c, d, e, f]: e,f is the baseline origin. */
  transform: number[];
  /** Advance width of the run in user space. */
  width: number;
  height: number;
  fontName: string;
  hasEOL: boolean;
}

export interface FontStyle {
  ascent: number;
  descent: number;
  vertical: boolean;
  fontFamily: string;
}


export interface PdfPage {
  number: number;
  /** Displayed size in points, after /Rotate. */
  width: number;
  height: number;
  rotation: number;
  /** The page's view box in user space: [x0, y0, x1, y1]. */
  view: number[];
  /** Maps user-space points to displayed top-left points, honouring /Rotate and the view box. */
  toTopLeft(x: number, y: number): [number, number];
  textRuns(): Promise<{ runs: TextRun[]; styles: Record<string, FontStyle> }>;
  /**
   * The text runs and what the page draws, from one evaluation of the content stream when
   * the text pass could count what the operator list would (pdfjs-one-pass.ts), else from
   * both passes as `textRuns()` and `contentSummary()` give them: the same values either way.
   */
  textAndSummary(): Promise<{ runs: TextRun[]; styles: Record<string, FontStyle>; summary: ContentSummary }>;
  /**
   * Text that annotations show on the page (filled form fields, free-text notes), as runs
   * where it is drawn. A reader sees it and the writer burns it into the page image, so it
   * is page text: detection must see it. Positions come from the appearance's first text
   * item and standard font widths, so each run's height is generous.
   */
  annotationRuns(): Promise<AnnotationText>;
  /**
   * Words read off the page's pixels (displayed top-left boxes), as text runs in the
   * annotation font, one line of words per inner array, so they join the page text.
   */
  runsOfWords(lines: { text: string; box: [number, number, number, number] }[][]): TextRun[];
  /** What the page draws: visible and invisible (render mode 3) glyphs, and how much of it images cover. */
  contentSummary(): Promise<ContentSummary>;
  /** Frees what pdf.js keeps for this page (operator lists, decoded images). */
  release(): void;
  /**
   * Renders the page (without annotations' appearances unless asked) at `dpi` as gray pixels,
   * into `into` when it is large enough: a caller that handles one page at a time saves
   * mapping fresh memory for every page.
   *
   * A page too large for `dpi` within `maxPixels` (default `renderLimits.maxPixels`) or the
   * canvas's longest side is rendered at the highest resolution that fits: the returned
   * image's `dpi` says which. Every caller (OCR, the writer, the verifier) maps boxes
   * through that `dpi`, so a 200-inch drawing extracts and redacts instead of failing.
   */
  render(dpi: number, options?: { withAnnotations?: boolean; into?: Uint8Array; maxPixels?: number }): Promise<GrayImage>;
  /** The raw pdf.js page proxy, for adapters in this folder that need more. */
  proxy: pdfjs.PDFPageProxy;
}

export interface AnnotationText {
  runs: TextRun[];
  styles: Record<string, FontStyle>;
  /**
   * Where other annotations (stamps, signatures, typewriter notes of other kinds) draw
   * glyphs whose text pdf.js does not give: displayed top-left boxes [x0, y0, x1, y1].
   * The writer burns what they show into the page image, so only OCR can read it.
   */
  unreadAreas: Box[];
}

export interface ContentSummary {
  /** Glyphs drawn in a visible text render mode (fill, stroke, clip…). */
  visibleGlyphs: number;
  /** Glyphs drawn with text render mode 3 (neither filled nor stroked), as OCR layers are. */
  invisibleGlyphs: number;
  /** Paths painted (filled or stroked, not only clipped), shadings and images: with no glyphs either, the page draws nothing. */
  marks: number;
  /** Share of the page area that images cover (0..1, overlaps counted once per image). */
  imageCoverage: number;
  /** Pixels per inch of the largest image as placed on the page (its coarser axis), when there is one: a scan's own resolution. */
  imageDpi?: number;
  /** Advance widths of the glyphs each font drew, by font (pdf.js loaded name) and character, in the font's glyph units. */
  glyphWidths: Record<string, Record<string, number>>;
}

export interface PdfHandle {
  pageCount: number;
  /** Read with the one-pass worker (pdfjs-one-pass.ts); else with pdf.js's own. */
  onePass: boolean;
  /**
   * Damage pdf.js met in reads it started on its own and then abandoned (it prefetches
   * page-tree nodes, and a broken one rejects with nobody waiting): one message each,
   * taken once. The document still opened; these say what was skipped.
   */
  takeDamage(): string[];
  page(number: number): Promise<PdfPage>;
  /**
   * Asks now for page `number`'s text (the request `textAndSummary` makes first), so pdf.js's
   * worker evaluates it while this thread works on the page before. Call it only once the
   * pages before are evaluated (their text has come back): pdf.js then reads pages in the same
   * order as without, and loads fonts in the same order. Not across a `cleanup()`.
   */
  readAhead(number: number): void;
  /**
   * A read of `proxy` (or its pages) made outside this adapter, raced against the end of
   * pdf.js's worker thread: it fails, rather than waits forever, when that thread has ended.
   */
  guard<T>(read: Promise<T>): Promise<T>;
  /**
   * A guarded read that gives `otherwise` when pdf.js fails it (what the file lacks or cannot
   * give), but still fails when pdf.js's thread has ended: nothing was read, so nothing may
   * pass for "none".
   */
  readOr<T, U>(read: Promise<T>, otherwise: U): Promise<T | U>;
  /** Drops what pdf.js caches across pages (parsed pages, fonts), which otherwise grows with every page read; call between pages of long files. */
  cleanup(): Promise<void>;
  close(): Promise<void>;
  proxy: pdfjs.PDFDocumentProxy;
}

/** Documents open in this thread, to which pdf.js's abandoned reads are attributed. */
const openDamage = new Set<string[]>();

/**
 * pdf.js (in Node its "worker" runs in this thread) prefetches the page tree's kids into a
 * cache and, when a broken one rejects after the page it was read for failed or was found
 * another way, nobody awaits it: an unhandled rejection, which by default ends the
 * process (issue 15: a batch died at the same file on every run). Such an error is damage
 * pdf.js already routed around, so it becomes a note on the documents open here.
 */
function isAbandonedPdfjsRead(error: unknown): boolean {
  if (!(error instanceof Error) && !(typeof error === 'object' && error !== null && 'message' in error)) return false;
  const stack = String((error as Error).stack ?? '');
  // pdf.worker.daylight.mjs: the same worker with the one-pass addition (pdfjs-one-pass.ts).
  return /pdfjs-dist[\\/]legacy[\\/]build[\\/]pdf(\.worker(\.daylight)?)?\.mjs/.test(stack);
}

function noteDamage(error: unknown): void {
  const message = (error as Error).message ?? String(error);
  for (const damage of openDamage) if (damage.length < 20) damage.push(message);
}

claimStrayErrors((error, kind) => {
  if (kind !== 'rejection' || !isAbandonedPdfjsRead(error)) return false;
  noteDamage(error);
  return true;
});
// The same reads, abandoned in pdf.js's own thread (pdfjs-one-pass.ts), come back as messages.
onStrayRead((error) => {
  if (isAbandonedPdfjsRead(error)) noteDamage(error);
});

export async function openPdf(bytes: Uint8Array, file?: string): Promise<Result<PdfHandle>> {
  // pdf.js transfers (detaches) the buffer it is given; keep the caller's bytes intact.
  const data = new Uint8Array(bytes);
  // Registered before opening: pdf.js abandons its first reads while it opens the file.
  const damage: string[] = [];
  openDamage.add(damage);
  // maxImageSize: pdf.js skips (rather than decodes) an image over 100 megapixels, bounding memory.
  // The thread's worker with the one-pass addition, when the installed pdf.js is the one it was written for
  // and the file is large enough to repay its start (else pdf.js's own worker, shared with the verifier's reads).
  const onePass = await onePassFor(bytes.length);
  // With the worker in a thread of its own, every read also ends when that thread does: a failure, not a hang.
  const died = onePass?.died;
  const guard: Guard = died ? (read) => Promise.race([read, died]) : (read) => read;
  // Set before any guarded read hears of the end: this reaction was attached first.
  let dead = false;
  died?.catch(() => {
    dead = true;
  });
  onePass?.hold();
  let held = Boolean(onePass);
  const letGo = () => {
    if (held) onePass?.release();
    held = false;
  };
  const task = pdfjs.getDocument({ data, ...assetPaths, cMapPacked: true, verbosity: 0, stopAtErrors: false, maxImageSize: 100_000_000, ...(onePass ? { worker: onePass.worker } : {}) });
  let doc: pdfjs.PDFDocumentProxy;
  /** Pages asked for ahead (`readAhead`), with their text. */
  const ahead = new Map<number, { page: Promise<pdfjs.PDFPageProxy>; text: Promise<TextContent> }>();
  try {
    doc = await guard(task.promise);
  } catch (error) {
    await guard(task.destroy()).catch(() => {});
    letGo();
    openDamage.delete(damage);
    const name = (error as { name?: string }).name;
    const message = (error as Error).message ?? String(error);
    if (name === 'PasswordException') return fail('input.encrypted', 'The PDF needs a password to open, so its pages cannot be read.', { file });
    return fail('input.corrupt', `pdf.js could not parse the PDF (${message}).`, { file });
  }
  return ok({
    pageCount: doc.numPages,
    onePass: Boolean(onePass),
    proxy: doc,
    takeDamage: () => damage.splice(0),
    page: async (number) => {
      const early = ahead.get(number);
      ahead.delete(number);
      return wrapPage(await (early?.page ?? guard(doc.getPage(number))), number, guard, early?.text);
    },
    readAhead: (number) => {
      if (!onePass?.died || number < 1 || number > doc.numPages || ahead.has(number)) return;
      const page = guard(doc.getPage(number));
      const text = page.then((proxy) => guard(proxy.getTextContent(TEXT_OPTIONS)));
      // Awaited when the page is read; a document closed first drops them.
      page.catch(() => {});
      text.catch(() => {});
      ahead.set(number, { page, text });
    },
    guard,
    readOr: <T, U>(read: Promise<T>, otherwise: U) =>
      guard(read).catch((error: unknown) => {
        if (dead) throw error;
        return otherwise;
      }),
    cleanup: async () => {
      // pdf.js refuses while a page is still rendering; the caches are then simply kept until the next call.
      await guard(doc.cleanup()).catch(() => {});
    },
    close: async () => {
      openDamage.delete(damage);
      try {
        await guard(task.destroy());
      } finally {
        letGo();
      }
    },
  });
}

type Guard = <T>(read: Promise<T>) => Promise<T>;

type TextContent = Awaited<ReturnType<pdfjs.PDFPageProxy['getTextContent']>>;

/** What the text is read with: the same whether asked ahead or when the page is read. */
const TEXT_OPTIONS = { includeMarkedContent: false, disableNormalization: false };

function wrapPage(proxy: pdfjs.PDFPageProxy, number: number, guard: Guard, early?: Promise<TextContent>): PdfPage {
  /** The text asked for ahead, used by the first read of the text. */
  const firstText = () => {
    const text = early;
    early = undefined;
    return text;
  };
  const viewport = proxy.getViewport({ scale: 1 });
  const toTopLeft = (x: number, y: number) => viewport.convertToViewportPoint(x, y) as [number, number];
  return {
    number,
    width: viewport.width,
    height: viewport.height,
    rotation: proxy.rotate,
    view: proxy.view,
    proxy,
    toTopLeft,
    runsOfWords(lines) {
      const toUser = (x: number, y: number) => viewport.convertToPdfPoint(x, y) as [number, number];
      return lines.flatMap((line) =>
        line.map((word, i) => {
          const [x0, y0, x1, y1] = word.box;
          const size = (y1 - y0) / (annotationStyle.ascent - annotationStyle.descent);
          const baseline = y1 + annotationStyle.descent * size;
          // The run's axes in user space, whatever the page's rotation: along the line and up.
          const [ox, oy] = toUser(x0, baseline);
          const [ax, ay] = toUser(x0 + 1, baseline);
          const [ux, uy] = toUser(x0, baseline - 1);
          const transform = [(ax - ox) * size, (ay - oy) * size, (ux - ox) * size, (uy - oy) * size, ox, oy];
          return { text: word.text, transform, width: x1 - x0, height: size, fontName: ANNOTATION_FONT, hasEOL: i === line.length - 1 };
        }),
      );
    },
    async contentSummary() {
      // pdf.js keeps an operator list asked for by getOperatorList apart from a render's, so a render evaluates the page again.
      const list = await guard(proxy.getOperatorList({ intent: 'display', annotationMode: pdfjs.AnnotationMode.DISABLE }));
      return summarizeOperators(list.fnArray, list.argsArray, viewport.width * viewport.height);
    },
    release: () => {
      proxy.cleanup();
    },
    async textRuns() {
      const { runs, styles } = await readText(proxy, guard, firstText());
      return { runs, styles };
    },
    async textAndSummary() {
      const { runs, styles, counted } = await readText(proxy, guard, firstText());
      if (counted?.exact) {
        // What summarizeOperators returns for a page that draws no image.
        const { visibleGlyphs, invisibleGlyphs, marks, glyphWidths } = counted;
        onePassCounts.oneEvaluation++;
        return { runs, styles, summary: { visibleGlyphs, invisibleGlyphs, marks, imageCoverage: 0, glyphWidths } };
      }
      onePassCounts.twoEvaluations++;
      return { runs, styles, summary: await this.contentSummary() };
    },
    async annotationRuns() {
      const annotations = (await guard(proxy.getAnnotations({ intent: 'display' })).catch(() => [])) as ShownAnnotation[];
      const read = annotations.map((a) => ({ a, runs: runsOfAnnotation(a) }));
      // Links and popups draw nothing of their own, a check box's or radio button's glyph is a
      // mark, not words; read annotations are page text already.
      const unread = (a: ShownAnnotation) => a.subtype !== 'Link' && a.subtype !== 'Popup' && !a.checkBox && !a.radioButton;
      const others = new Map(read.filter((r) => !r.runs.length && !r.a.hidden && r.a.id && r.a.rect?.length === 4 && unread(r.a)).map((r) => [r.a.id!, r.a.rect!]));
      const unreadAreas: AnnotationText['unreadAreas'] = [];
      if (others.size) {
        const list = await guard(proxy.getOperatorList({ intent: 'display', annotationMode: pdfjs.AnnotationMode.ENABLE }));
        for (const id of annotationsShowingText(list.fnArray, list.argsArray)) {
          const area = rectToTopLeft(others.get(id), toTopLeft);
          if (area) unreadAreas.push(area);
        }
      }
      return { runs: read.flatMap((r) => r.runs), styles: { [ANNOTATION_FONT]: annotationStyle }, unreadAreas };
    },
    async render(dpi, options = {}) {
      const scale = renderScale(viewport.width, viewport.height, dpi, options.maxPixels ?? renderLimits.maxPixels);
      const vp = proxy.getViewport({ scale });
      const width = Math.ceil(vp.width);
      const height = Math.ceil(vp.height);
      const factory = (proxy as unknown as { _transport: { canvasFactory: CanvasFactory } })._transport.canvasFactory;
      const { canvas, context } = canvasPool.take(factory, width, height);
      let drawn = false;
      try {
        await guard(proxy.render({
          canvas,
          canvasContext: context,
          viewport: vp,
          background: 'rgb(255,255,255)',
          annotationMode: options.withAnnotations ? pdfjs.AnnotationMode.ENABLE : pdfjs.AnnotationMode.DISABLE,
        } as unknown as Parameters<typeof proxy.render>[0]).promise);
        const rgba = context.getImageData(0, 0, width, height).data;
        drawn = true;
        const into = options.into && options.into.length >= width * height ? options.into.subarray(0, width * height) : new Uint8Array(width * height);
        const gray = toGray(new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength), into);
        // Frees the 33 MB read-back now. Left to the collector, every page or two of these
        // forces a full mark-compact of the heap (about 45 ms a page in a long document).
        if (rgba.buffer instanceof ArrayBuffer) rgba.buffer.transfer(0);
        return { data: gray, width, height, dpi: scale * 72 };
      } finally {
        // A render that failed midway may leave a transform or clip on the context: not reused.
        if (drawn) canvasPool.give(factory, { canvas, context }, width, height);
        else factory.destroy({ canvas, context });
        proxy.cleanup();
      }
    },
  };
}

export { renderLimits, renderScale } from './limits.ts';

/** The counts the one-pass worker hands over with a page's text (pdfjs-one-pass.ts). */
interface CountedSummary {
  type: 'daylightSummary';
  exact: boolean;
  visibleGlyphs: number;
  invisibleGlyphs: number;
  marks: number;
  glyphWidths: Record<string, Record<string, number>>;
}

async function readText(proxy: pdfjs.PDFPageProxy, guard: Guard, early?: Promise<TextContent>): Promise<{ runs: TextRun[]; styles: Record<string, FontStyle>; counted?: CountedSummary }> {
  const content = await (early ?? guard(proxy.getTextContent(TEXT_OPTIONS)));
  const runs: TextRun[] = [];
  let counted: CountedSummary | undefined;
  for (const item of content.items) {
    if (!('str' in item)) {
      if ((item as { type?: string }).type === 'daylightSummary') counted = item as unknown as CountedSummary;
      continue;
    }
    runs.push({ text: item.str, transform: item.transform, width: item.width, height: item.height, fontName: item.fontName, hasEOL: item.hasEOL });
  }
  return { runs, styles: content.styles as Record<string, FontStyle>, counted };
}

/** A PDF rectangle (any two opposite corners, user space) as a displayed top-left box; undefined when it is not four numbers. */
export function rectToTopLeft(rect: unknown, toTopLeft: (x: number, y: number) => [number, number]): Box | undefined {
  if (!Array.isArray(rect) || rect.length !== 4 || !rect.every(Number.isFinite)) return undefined;
  const [ax, ay] = toTopLeft(rect[0], rect[1]);
  const [bx, by] = toTopLeft(rect[2], rect[3]);
  return [Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)];
}

/** Ids of the annotations whose drawn appearance shows glyphs (between their begin and end operators). */
function annotationsShowingText(fnArray: number[], argsArray: unknown[]): Set<string> {
  const ids = new Set<string>();
  let current: string | undefined;
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    if (fn === pdfjs.OPS.beginAnnotation) current = String((argsArray[i] as unknown[] | null)?.[0] ?? '');
    else if (fn === pdfjs.OPS.endAnnotation) current = undefined;
    else if (current && showTextOps.has(fn)) ids.add(current);
  }
  return ids;
}

/** The fields of pdf.js's annotation data this adapter reads. */
interface ShownAnnotation {
  id?: string;
  checkBox?: boolean;
  radioButton?: boolean;
  subtype?: string;
  fieldType?: string;
  hidden?: boolean;
  rect?: number[];
  textContent?: string[];
  textPosition?: number[];
  fieldValue?: unknown;
  contentsObj?: { str?: string };
  textAlignment?: number | null;
  defaultAppearanceData?: { fontSize?: number; fontName?: string };
}

const ANNOTATION_FONT = 'daylight-annotation';
// Taller than any Latin font's glyphs, so a box made from these words covers what was drawn.
const annotationStyle: FontStyle = { ascent: 1, descent: -0.3, vertical: false, fontFamily: 'sans-serif' };

function runsOfAnnotation(a: ShownAnnotation): TextRun[] {
  if (a.hidden || !a.rect || a.rect.length !== 4) return [];
  const shown = a.subtype === 'Widget' ? a.fieldType === 'Tx' || a.fieldType === 'Ch' : a.subtype === 'FreeText';
  if (!shown) return [];
  const value = a.fieldValue;
  const lines = (a.textContent?.length ? a.textContent : typeof value === 'string' ? value.split(/\r\n?|\n/) : Array.isArray(value) ? value.map(String) : a.contentsObj?.str?.split(/\r\n?|\n/) ?? []).filter((l) => l.trim());
  if (!lines.length) return [];
  const [x0, y0, x1, y1] = [Math.min(a.rect[0], a.rect[2]), Math.min(a.rect[1], a.rect[3]), Math.max(a.rect[0], a.rect[2]), Math.max(a.rect[1], a.rect[3])];
  const fitted = Math.min(12, ((y1 - y0) * 0.75) / lines.length);
  const size = a.defaultAppearanceData?.fontSize && a.defaultAppearanceData.fontSize > 0 ? a.defaultAppearanceData.fontSize : Math.max(1, fitted);
  const leading = size * 1.15;
  const widthOf = (line: string) => Math.min(x1 - x0, ([...line].reduce((sum, c) => sum + charWidth('sans-serif', c), 0) * size * 1.08) / 1000);
  // pdf.js reports the lowest, leftmost text origin of the appearance (the last line's
  // baseline), relative to the rectangle's lower-left corner.
  const at = a.textPosition?.length === 2 ? [x0 + a.textPosition[0], y0 + a.textPosition[1]] : undefined;
  const lastBaseline = at?.[1] ?? y0 + (y1 - y0 - size) / 2 + size * 0.22;
  return lines.map((line, i) => {
    const width = widthOf(line);
    const x = at?.[0] ?? (a.textAlignment === 1 ? (x0 + x1 - width) / 2 : a.textAlignment === 2 ? x1 - 2 - width : x0 + 2);
    const left = Math.max(x0, Math.min(x, x1 - width));
    return { text: line, transform: [size, 0, 0, size, left, lastBaseline + (lines.length - 1 - i) * leading], width, height: size, fontName: ANNOTATION_FONT, hasEOL: true };
  });
}

interface PooledCanvas {
  canvas: unknown;
  context: {
    getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
    setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void;
    clearRect(x: number, y: number, w: number, h: number): void;
  };
}

/**
 * Canvases kept between renders. A fresh 300 DPI canvas is 33 MB whose memory the
 * kernel maps on first touch; on these machines that cost about 150 ms a page, five
 * times the drawing itself. A reused canvas is already mapped.
 */
const canvasPool = (() => {
  const free: (PooledCanvas & { width: number; height: number; factory: CanvasFactory })[] = [];
  // Two sizes: portrait and landscape pages of the same paper alternate in a batch, and a new
  // canvas costs several pages' drawing. Each kept canvas holds 33 MB at 300 DPI.
  const KEEP = 2;
  return {
    take(factory: CanvasFactory, width: number, height: number): PooledCanvas {
      const i = free.findIndex((c) => c.width === width && c.height === height);
      if (i >= 0) {
        const reused = free.splice(i, 1)[0];
        // Clearing first lets Skia drop the old pixels instead of copying them before the next draw.
        reused.context.setTransform(1, 0, 0, 1, 0, 0);
        reused.context.clearRect(0, 0, width, height);
        return reused;
      }
      return factory.create(width, height) as PooledCanvas;
    },
    give(factory: CanvasFactory, pooled: PooledCanvas, width: number, height: number) {
      free.push({ ...pooled, width, height, factory });
      while (free.length > KEEP) factory.destroy(free.shift()!);
    },
    /** Frees every kept canvas: between tasks, so an idle thread holds none. */
    drain() {
      for (const kept of free.splice(0)) kept.factory.destroy(kept);
    },
  };
})();

// Within a document the pool spares each page a fresh canvas; between documents a kept canvas
// is memory an idle thread holds while others work.
onTaskEnd(() => canvasPool.drain());

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * RGBA (alpha 255: the page is painted on white) to gray, ITU-R BT.601 luma in
 * 8-bit fixed point. A 300 DPI page is 8 million pixels, so the usual case reads
 * a pixel as one 32-bit word and passes white straight through: about twice as
 * fast as reading bytes.
 */
export function toGray(rgba: Uint8Array, gray: Uint8Array = new Uint8Array(rgba.length >>> 2)): Uint8Array {
  if (!littleEndian || rgba.byteOffset % 4 !== 0) {
    for (let i = 0, j = 0; j < gray.length; i += 4, j++) gray[j] = (rgba[i] * 77 + rgba[i + 1] * 150 + rgba[i + 2] * 29) >> 8;
    return gray;
  }
  const pixels = new Int32Array(rgba.buffer, rgba.byteOffset, gray.length);
  for (let j = 0; j < gray.length; j++) {
    const v = pixels[j];
    gray[j] = v === -1 ? 255 : ((v & 0xff) * 77 + ((v >> 8) & 0xff) * 150 + ((v >> 16) & 0xff) * 29) >> 8;
  }
  return gray;
}

type Matrix = [number, number, number, number, number, number];

function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

const showTextOps = new Set<number>([pdfjs.OPS.showText, pdfjs.OPS.showSpacedText, pdfjs.OPS.nextLineShowText, pdfjs.OPS.nextLineSetSpacingShowText]);
const imageOps = new Set<number>([pdfjs.OPS.paintImageXObject, pdfjs.OPS.paintInlineImageXObject, pdfjs.OPS.paintImageMaskXObject, pdfjs.OPS.paintImageXObjectRepeat]);
/** Other operators that put ink on the page (besides paths, glyphs and the images above). */
const otherMarkOps = new Set<number>([
  pdfjs.OPS.shadingFill,
  pdfjs.OPS.paintImageMaskXObjectGroup,
  pdfjs.OPS.paintInlineImageXObjectGroup,
  pdfjs.OPS.paintImageMaskXObjectRepeat,
  pdfjs.OPS.paintSolidColorImageMask,
]);
const invisibleMode = 3;

/**
 * Walks an operator list keeping the graphics state that matters: the render mode
 * (saved and restored with q/Q, like the CTM) and the CTM, whose unit square is where
 * an image lands. Only the determinant of the CTM is needed for an image's area.
 * It also notes each drawn glyph's real advance width, which text runs lack.
 */
function summarizeOperators(fnArray: number[], argsArray: unknown[], pageArea: number): ContentSummary {
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  let mode = 0;
  const stack: { ctm: Matrix; mode: number }[] = [];
  let visibleGlyphs = 0;
  let invisibleGlyphs = 0;
  let marks = 0;
  let imageArea = 0;
  let largest = 0;
  let imageDpi: number | undefined;
  let font = '';
  const glyphWidths: Record<string, Record<string, number>> = {};
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[] | null;
    if (fn === pdfjs.OPS.save || fn === pdfjs.OPS.paintFormXObjectBegin) {
      stack.push({ ctm, mode });
      if (fn === pdfjs.OPS.paintFormXObjectBegin && Array.isArray(args?.[0])) ctm = multiply(ctm, args[0] as Matrix);
    } else if (fn === pdfjs.OPS.restore || fn === pdfjs.OPS.paintFormXObjectEnd) {
      const top = stack.pop();
      if (top) ({ ctm, mode } = top);
    } else if (fn === pdfjs.OPS.transform && args) {
      ctm = multiply(ctm, args as Matrix);
    } else if (fn === pdfjs.OPS.setTextRenderingMode && args) {
      mode = Number(args[0]);
    } else if (fn === pdfjs.OPS.setFont && args) {
      font = String(args[0]);
    } else if (showTextOps.has(fn) && args) {
      const glyphs = (args.find((a) => Array.isArray(a)) as unknown[] | undefined) ?? [];
      const widths = (glyphWidths[font] ??= {});
      let count = 0;
      for (const glyph of glyphs) {
        if (typeof glyph !== 'object' || glyph === null) continue;
        const { unicode, width, isSpace } = glyph as { unicode?: string; width?: number; isSpace?: boolean };
        if (!isSpace) count++;
        if (typeof unicode === 'string' && unicode.length > 0 && typeof width === 'number' && width > 0) widths[unicode] = width;
      }
      if (mode === invisibleMode) invisibleGlyphs += count;
      else visibleGlyphs += count;
    } else if (fn === pdfjs.OPS.constructPath) {
      if (args?.[0] !== pdfjs.OPS.endPath) marks++;
    } else if (otherMarkOps.has(fn)) {
      marks++;
    } else if (imageOps.has(fn)) {
      marks++;
      const area = Math.abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]);
      imageArea += area;
      const size = imagePixels(fn, args);
      if (size && area > largest) {
        largest = area;
        // The unit square's sides as placed, in points; 72 points an inch.
        const across = Math.hypot(ctm[0], ctm[1]);
        const down = Math.hypot(ctm[2], ctm[3]);
        imageDpi = across > 0 && down > 0 ? Math.min((size.width * 72) / across, (size.height * 72) / down) : undefined;
      }
    }
  }
  return { visibleGlyphs, invisibleGlyphs, marks, imageCoverage: pageArea > 0 ? Math.min(1, imageArea / pageArea) : 0, ...(imageDpi ? { imageDpi } : {}), glyphWidths };
}

/** An image operator's pixel size: [objId, width, height] for XObjects, an object with width and height inline. */
function imagePixels(fn: number, args: unknown[] | null): { width: number; height: number } | undefined {
  if (!args) return undefined;
  const [first, w, h] = args;
  if (typeof w === 'number' && typeof h === 'number') return { width: w, height: h };
  if (fn === pdfjs.OPS.paintInlineImageXObject && typeof first === 'object' && first !== null) {
    const { width, height } = first as { width?: unknown; height?: unknown };
    if (typeof width === 'number' && typeof height === 'number') return { width, height };
  }
  return undefined;
}

interface CanvasFactory {
  create(width: number, height: number): { canvas: unknown; context: CanvasRenderingContext2D };
  destroy(pair: { canvas: unknown; context: unknown }): void;
}

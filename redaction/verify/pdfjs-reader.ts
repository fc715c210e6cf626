/**
 * @module
 * The verifier's own pdf.js reader: opens a release, reads each page's text and
 * words, its metadata, and renders a page when no other renderer is installed.
 * The pipeline's pdf.js adapter (pipeline/extract/pdfjs.ts) serves extraction and
 * the writer (which renders pages with it); the verifier reads through this module
 * instead, so that pdf.js counts as an engine independent of the writer: no code of
 * ours between the file and what pdf.js reports is the writer's. Words are laid
 * here from pdf.js's text items with the standard fonts' widths (see `itemWords`): on
 * the 28 gov-pdfs files (first 40 pages each) their left edges lie a median 0.12 pt
 * from PDFium's (90 % within 1.7 pt, 3.2 % beyond 3 pt; the pipeline's layout: 0.13,
 * 1.6 and 2.9 %). A font with no one-word item on the page is taken at the standard
 * widths (a bold line alone drifts by a point or two); taking its least stretched line
 * instead measured no better and judged one more gov-pdfs word hidden.
 *
 * ```ts
 * const opened = await openRelease(pdf);
 * if (opened.ok) { const text = await (await opened.value.page(1)).text(); await opened.value.close(); }
 * ```
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { charWidth } from '../../pipeline/extract/standard-widths.ts';
import type { FontClass } from '../../pipeline/extract/standard-widths.ts';
import { renderScale } from '../../pipeline/extract/limits.ts';
import type { GrayImage } from '../../pipeline/model/raster.ts';
import type { Box } from '../../pipeline/model/types.ts';
import { claimStrayErrors } from '../../pipeline/threads/stray-errors.ts';
import type { ToolWord } from './tools.ts';
import { pdfjsThread } from './pdfjs-thread.ts';
import { ownWorker } from './pdfjs-own-worker.ts';

const home = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
// pdf.js in Node takes plain directory paths that end in a slash.
const assets = {
  standardFontDataUrl: `${join(home, 'standard_fonts')}/`,
  cMapUrl: `${join(home, 'cmaps')}/`,
  wasmUrl: `${join(home, 'wasm')}/`,
  iccUrl: `${join(home, 'iccs')}/`,
};

let openDocuments = 0;
/**
 * pdf.js reads ahead (page-tree nodes) and drops reads it no longer needs; a broken node
 * then rejects with nobody waiting. While the verifier has a file open such a rejection is
 * pdf.js's own business, not a crash: the pages it could not read fail on their own below.
 */
claimStrayErrors((error, kind) => kind === 'rejection' && openDocuments > 0 && /pdfjs-dist[\\/]legacy[\\/]build[\\/]/.test(String((error as Error)?.stack ?? '')));

export interface ReleasePage {
  /** Displayed size in points (after /Rotate). */
  width: number;
  height: number;
  /** The page's text (items as pdf.js gives them, joined two ways) and its words with top-left boxes in points. */
  text(): Promise<{ text: string; words: ToolWord[] }>;
  /** The page as gray pixels at `dpi`, or lower where the page is too large for the render limits (see `dpi` of the result). */
  render(dpi: number, options?: { withAnnotations?: boolean }): Promise<GrayImage>;
}

export interface Release {
  pageCount: number;
  page(n: number): Promise<ReleasePage>;
  /** The Info dictionary as pdf.js reads it, and whether the file carries XMP metadata. */
  metadata(): Promise<{ info: Record<string, unknown>; xmp: boolean } | undefined>;
  close(): Promise<void>;
}

export type Opened = { ok: true; value: Release } | { ok: false; message: string };

export async function openRelease(pdf: Uint8Array): Promise<Opened> {
  const thread = pdfjsThread();
  // Every read also ends when the thread does, so a dead thread fails the verification instead of hanging it.
  const guard = <T>(read: Promise<T>): Promise<T> => (thread ? Promise.race([read, thread.died]) : read);
  // In this thread, pdf.js's own worker, named here: never one another module of this thread set up (pdfjs-own-worker.ts).
  const worker = thread ? thread.worker : await ownWorker();
  thread?.hold();
  // pdf.js takes ownership of (detaches) what it is given.
  const task = pdfjs.getDocument({ data: new Uint8Array(pdf), ...assets, cMapPacked: true, verbosity: 0, stopAtErrors: false, maxImageSize: 100_000_000, worker });
  openDocuments++;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    openDocuments--;
    try {
      await guard(task.destroy());
    } finally {
      thread?.release();
    }
  };
  let doc: pdfjs.PDFDocumentProxy;
  try {
    doc = await guard(task.promise);
  } catch (error) {
    await close().catch(() => {});
    return { ok: false, message: (error as Error)?.message ?? String(error) };
  }
  return {
    ok: true,
    value: {
      pageCount: doc.numPages,
      page: async (n) => releasePage(await guard(doc.getPage(n)), guard),
      metadata: async () => {
        const meta = await guard(doc.getMetadata()).catch(() => undefined);
        return meta ? { info: (meta.info ?? {}) as Record<string, unknown>, xmp: Boolean(meta.metadata) } : undefined;
      },
      close,
    },
  };
}

/** What pdf.js's text content gives for a run of text (its `TextItem`). */
interface TextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  fontName: string;
  hasEOL: boolean;
}

interface Style {
  ascent?: number;
  descent?: number;
  fontFamily?: string;
}

function releasePage(proxy: pdfjs.PDFPageProxy, guard: <T>(read: Promise<T>) => Promise<T>): ReleasePage {
  const viewport = proxy.getViewport({ scale: 1 });
  const topLeft = (x: number, y: number) => viewport.convertToViewportPoint(x, y) as [number, number];
  return {
    width: viewport.width,
    height: viewport.height,
    async text() {
      const content = await guard(proxy.getTextContent({ includeMarkedContent: false }));
      const styles = content.styles as Record<string, Style>;
      const items = content.items.filter((i) => 'str' in i) as TextItem[];
      const scales = glyphScales(items, styles);
      const words = items.flatMap((item) => itemWords(item, styles[item.fontName], scales.get(item.fontName) ?? 1, topLeft));
      // Glued (a word split across items comes back whole) and spaced (items that touch stay apart).
      const glued = items.map((i) => i.str + (i.hasEOL ? '\n' : '')).join('');
      const spaced = items.map((i) => i.str).join(' ');
      return { text: `${glued}\n${spaced}`, words };
    },
    async render(dpi, options = {}) {
      const scale = renderScale(viewport.width, viewport.height, dpi);
      const vp = proxy.getViewport({ scale });
      const width = Math.ceil(vp.width);
      const height = Math.ceil(vp.height);
      const factory = (proxy as unknown as { _transport: { canvasFactory: CanvasFactory } })._transport.canvasFactory;
      const drawing = factory.create(width, height);
      try {
        await guard(proxy.render({
          canvas: drawing.canvas,
          canvasContext: drawing.context,
          viewport: vp,
          background: 'rgb(255,255,255)',
          annotationMode: options.withAnnotations ? pdfjs.AnnotationMode.ENABLE : pdfjs.AnnotationMode.DISABLE,
        } as unknown as Parameters<typeof proxy.render>[0]).promise);
        const rgba = drawing.context.getImageData(0, 0, width, height).data;
        const data = new Uint8Array(width * height);
        // Luminance as a screen shows it (BT.709 weights, 8-bit fixed point); the page is painted on white.
        for (let i = 0, j = 0; j < data.length; i += 4, j++) data[j] = (rgba[i] * 54 + rgba[i + 1] * 183 + rgba[i + 2] * 19) >> 8;
        return { data, width, height, dpi: scale * 72 };
      } finally {
        factory.destroy(drawing);
        proxy.cleanup();
      }
    },
  };
}

interface CanvasFactory {
  create(width: number, height: number): { canvas: unknown; context: { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
  destroy(drawing: unknown): void;
}

function fontClass(family: string | undefined): FontClass {
  return family === 'serif' || family === 'monospace' ? family : 'sans-serif';
}

/** A character's advance in the standard font of its class, in user-space units along a baseline of length `along` per em. */
function advance(cls: FontClass, ch: string, along: number): number {
  return (charWidth(cls, ch) / 1000) * along;
}

/**
 * How much wider than the standard font each font's glyphs are drawn: the median, over the
 * page's items of that font with no white space in them (one word, so no stretched spaces),
 * of the measured width over the standard width. A font with no such item gets 1.
 */
function glyphScales(items: TextItem[], styles: Record<string, Style>): Map<string, number> {
  const ratios = new Map<string, number[]>();
  for (const item of items) {
    if (item.str.length < 2 || /\s/.test(item.str) || !(item.width > 0)) continue;
    const along = Math.hypot(item.transform[0], item.transform[1]);
    const cls = fontClass(styles[item.fontName]?.fontFamily);
    let standard = 0;
    for (const ch of item.str) standard += advance(cls, ch, along);
    if (!(standard > 0)) continue;
    const list = ratios.get(item.fontName);
    if (list) list.push(item.width / standard);
    else ratios.set(item.fontName, [item.width / standard]);
  }
  return new Map([...ratios].map(([font, r]) => [font, r.sort((a, b) => a - b)[r.length >> 1]]));
}

/**
 * The words of one text item: its string split at white space, each placed along the
 * item's baseline. Glyphs take the standard font's widths times the font's scale
 * (`glyphScales`) and the spaces take what is left of the item's measured width (a
 * justified line stretches its spaces, not its letters); where that does not fit (no
 * space, or glyphs already wider than the item) every character is scaled alike. A box
 * spans the font's ascent and descent (0.8 and -0.2 of the size where pdf.js gives none)
 * and is the displayed bounding box of the word's four corners, so rotated text gets an
 * upright box that holds it.
 */
function itemWords(item: TextItem, style: Style | undefined, scale: number, topLeft: (x: number, y: number) => [number, number]): ToolWord[] {
  const chars = [...item.str];
  if (!chars.some((c) => c.trim())) return [];
  const [a, b, c, d, e, f] = item.transform;
  const along = Math.hypot(a, b);
  const across = Math.hypot(c, d);
  if (!(along > 0) || !(across > 0)) return [];
  const ux = a / along;
  const uy = b / along;
  const vx = c / across;
  const vy = d / across;
  const size = item.height > 0 ? item.height : across;
  const ascent = style?.ascent && style.ascent > 0 ? style.ascent : 0.8;
  const descent = style?.descent && style.descent < 0 ? style.descent : -0.2;
  const cls = fontClass(style?.fontFamily);
  const blank = chars.map((ch) => !ch.trim());
  const standard = chars.map((ch) => advance(cls, ch, along));
  let glyphs = 0;
  let spaces = 0;
  let all = 0;
  standard.forEach((w, i) => {
    all += w;
    if (blank[i]) spaces += w;
    else glyphs += w * scale;
  });
  const stretchSpaces = spaces > 0 && item.width >= glyphs;
  const widths = stretchSpaces
    ? standard.map((w, i) => (blank[i] ? (w * (item.width - glyphs)) / spaces : w * scale))
    : standard.map((w) => (all > 0 && item.width > 0 ? (w * item.width) / all : 0));
  const words: ToolWord[] = [];
  let at = 0;
  let start = -1;
  let startAt = 0;
  let text = '';
  const flush = () => {
    if (start < 0) return;
    words.push({ text, box: cornersBox(e, f, ux, uy, vx, vy, startAt, at, size * descent, size * ascent, topLeft) });
    start = -1;
    text = '';
  };
  chars.forEach((ch, i) => {
    if (blank[i]) flush();
    else {
      if (start < 0) {
        start = i;
        startAt = at;
      }
      text += ch;
    }
    at += widths[i];
  });
  flush();
  return words;
}

function cornersBox(e: number, f: number, ux: number, uy: number, vx: number, vy: number, from: number, to: number, low: number, high: number, topLeft: (x: number, y: number) => [number, number]): Box {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const s of [from, to]) {
    for (const t of [low, high]) {
      const [x, y] = topLeft(e + ux * s + vx * t, f + uy * s + vy * t);
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return [x0, y0, x1, y1];
}

/**
 * @module
 * Writes the release as a NEW PDF, page by page, on one of three paths (the log
 * says which, and why):
 * - pass-through: a page with no box and no hidden text is copied with its vector
 *   content, fonts and images, and nothing around it (copy-pages.ts);
 * - surgical: on a page with boxes, PDFium removes the glyphs, image pixels and
 *   paths under them (pdfium.ts) and the page is copied the same way, with the
 *   black boxes and their exemption codes drawn on top;
 * - raster: a page that cannot be handled so (a scan, a rotated page with boxes,
 *   content the copier cannot read, or a surgical result the verifier rejected) is
 *   rendered, the boxes burned into its pixels, and written as a compact image with
 *   an invisible text layer of the words no box touches, plus a "[REDACTED (b)(6)]"
 *   marker at each box.
 * The review app calls this again with the approvers' decisions.
 *
 * ```ts
 * const out = await writeRedacted({ bytes, fileName }, document, redactions, policy, { dpi: 300 });
 * if (out.ok) await writeFile('release.pdf', out.value.pdf);
 * ```
 */
import { createHash } from 'node:crypto';
import { openPdf } from '../../pipeline/extract/pdfjs.ts';
import { openImage } from '../../pipeline/image/decode.ts';
import { fail, ok } from '../../pipeline/problems.ts';
import { timeStage, timeStageSync } from '../../pipeline/stage-times.ts';
import type { Result } from '../../pipeline/problems.ts';
import type { GrayImage } from '../../pipeline/model/raster.ts';
import type { Box, Document, Finding, Page, PageBox, Redaction, Word } from '../../pipeline/model/types.ts';
import type { Policy } from '../policy/types.ts';
import { pageVisibility } from '../audit/glyph-visibility.ts';
import type { HiddenWord } from '../audit/audit-input.ts';
import { BURN_MARGIN_PT, burnBoxes } from './burn.ts';
import { CopySource } from './copy-pages.ts';
import { quantizedBox } from './box-width.ts';
import { mergeOverlapping } from './merge-boxes.ts';
import { WRITE_SHARE, coveredByAny } from './coverage.ts';
import { labelLayout, prepareLabels } from './label.ts';
import type { RedactionLog, RedactionLogEntry } from './log.ts';
import { ReleaseBuilder } from './pdf.ts';
import type { Overlay, PageSpec, PlacedLabel, TextItem } from './pdf.ts';
import { openRenderer, removeUnder } from './pdfium.ts';
import type { LineShift, PageRemoval, PdfiumRenderer } from './pdfium.ts';
import { layoutLines } from './relayout.ts';
import type { Shift } from './relayout.ts';
import { encodePage } from './raster.ts';
import { toWinAnsi } from './winansi.ts';

export interface SourceFile {
  bytes: Uint8Array;
  fileName: string;
}

export interface WriteOptions {
  /** Resolution of the page images (text-layer pages); scans keep their own when known. */
  dpi?: number;
  /**
   * More words to keep out of the text layer (e.g. from the input audit). Words whose glyphs
   * do not show in the render are found and left out here in any case.
   */
  hidden?: PageBox[];
  /** Findings the redactions point at, to name their detectors in the log. */
  findings?: Finding[];
  /** Fixed dates make output reproducible in tests. */
  date?: Date;
  /** Pages to rebuild as images whatever they hold (a surgical result the verifier rejected), with the reason for the log. */
  forceRaster?: { page: number; reason: string }[];
  /**
   * Let PDFium edit pages with boxes (the surgical path). Off by default: the caller must then
   * verify the release with `writtenWith: written.engines`, so PDFium does not count as an
   * engine independent of the writer. Without it, pages with boxes take the raster path.
   */
  surgical?: boolean;
  /**
   * Render each page that would keep its content and send it to the raster path when some of
   * its words do not show (default true). `writeVerifiedRelease` turns it off: its verifier
   * judges every extractable word of the release against the rendered page anyway, and a page
   * that fails there is rebuilt on the raster path, so the writer's own look only doubled the
   * work on every page of a clean document.
   */
  hiddenCheck?: boolean;
}

export interface Written {
  pdf: Uint8Array;
  log: RedactionLog;
  /** Every burned box (overlapping boxes of a line merged) with its label, for the verifier. */
  boxes: DrawnBox[];
  /** Words of the input whose glyphs do not show (and that were therefore left out), for the verifier. */
  hiddenWords: HiddenWord[];
  /** PDF engines that edited the release's content (['pdfium'] when a page took the surgical path): not independent of it. */
  engines: 'pdfium'[];
}

export const DEFAULT_DPI = 300;
/** Below this a scan's words are too coarse for the boxes and the glyph check; such scans are upsampled. */
const MIN_SCAN_DPI = 150;

export interface DrawnBox extends PageBox {
  /** The label written on it: one exemption code, or several joined by ", ". */
  code: string;
}


/** The marker the text layer carries at a box, so screen readers announce the removal. */
export function redactedMarker(code: string): string {
  return `[REDACTED ${code}]`;
}

/** Which way a page reached the release. */
export type PagePath = 'pass-through' | 'surgical' | 'raster';

export interface PageRoute {
  page: number;
  path: PagePath;
  /** Why this path, in words for the log. */
  reason: string;
}

/**
 * Resolution of the render that decides whether a page's words all show. It only
 * routes: a word judged hidden sends its page to the raster path (nothing is
 * removed on its strength), and the verifier judges every word of the release again.
 */
const CHECK_DPI = 100;
/**
 * PDFium removes every glyph whose outline meets a removal rectangle. The rectangle
 * is drawn in a little from the word box, so ascenders and descenders of the lines
 * above and below, which reach into a word box, are not taken with it.
 */
const INSET_Y = 0.15;
const INSET_X_PT = 0.25;

type Plan =
  | { kind: 'raster'; spec: PageSpec }
  | { kind: 'copy'; from: 'original' | 'surgical'; overlay: Overlay };

export async function writeRedacted(
  original: SourceFile,
  document: Document,
  redactions: Redaction[],
  policy: Pick<Policy, 'name' | 'exemptions'>,
  options: WriteOptions = {},
): Promise<Result<Written>> {
  const dpi = options.dpi ?? DEFAULT_DPI;
  const file = original.fileName;
  const live = redactions.filter((r) => r.decision !== 'rejected');
  const detectorOf = new Map((options.findings ?? []).map((f) => [f.id, f.detector]));
  const entries: RedactionLogEntry[] = [];
  for (const r of live) {
    const code = policy.exemptions[r.exemption]?.code ?? r.exemption;
    const detector = 'reviewer' in r.from ? `reviewer:${r.from.reviewer}` : [...new Set(r.from.findings.map((id) => detectorOf.get(id) ?? id))].join(',');
    for (const b of r.boxes) {
      entries.push({ page: b.page, box: b.box, category: r.category, exemption: r.exemption, code, detector, reason: r.reason, pendingReview: r.decision === 'proposed' });
    }
  }
  // Codes with characters beyond the label glyph table load fontkit now; most load nothing.
  await prepareLabels(new Set(entries.map((e) => e.code)));
  const isPdf = document.mediaType === 'application/pdf';
  const forced = new Map((options.forceRaster ?? []).map((f) => [f.page, f.reason]));
  const source = isPdf && document.pages.some((p) => !forced.has(p.number)) ? await timeStage('write: pdf-lib parses the input', () => CopySource.open(original.bytes)) : undefined;
  const rasters = await timeStage('write: pdf.js opens the input', () => pageRasters(original, document));
  if (!rasters.ok) return rasters;
  const plans: Plan[] = [];
  const routes: PageRoute[] = [];
  /** Per page: hidden words left out (a page that falls back to raster is counted again from scratch). */
  const dropped = new Map<number, number>();
  const countDropped = (page: number) => dropped.set(page, (dropped.get(page) ?? 0) + 1);
  const hiddenWords: HiddenWord[] = [];
  const drawnBoxes: DrawnBox[] = [];
  let transliterated = 0;
  const removals: PageRemoval[] = [];

  /** The page as today: rendered, burned, encoded, with an invisible text layer of the kept words. */
  const rasterPage = async (page: Page, drawn: { box: Box; code: string }[], extraHidden: Box[]): Promise<Result<PageSpec>> => {
    const image = await rasters.value.render(page, dpi);
    if (!image.ok) return image;
    // Before burning: a word whose glyphs do not show on the page as drawn is hidden text
    // (under an old box, white, invisible) or, on an OCR page, noise read off a black area;
    // either way it never goes into the release.
    const seen = pageVisibility(image.value, page.words, page).filter((v) => v.how);
    hiddenWords.push(...seen.map((v) => ({ page: page.number, box: v.word.box, text: v.word.text, how: v.how! })));
    const boxes = drawn.map((d) => d.box);
    burnBoxes(image.value, boxes);
    const hidden = [...extraHidden, ...seen.map((v) => v.word.box)];
    const text: TextItem[] = [];
    for (const word of page.words) {
      if (coveredByAny(word.box, boxes, WRITE_SHARE)) continue;
      if (hidden.length && coveredByAny(word.box, hidden)) {
        countDropped(page.number);
        continue;
      }
      if (toWinAnsi(word.text) !== word.text) transliterated++;
      text.push({ text: word.text, box: word.box });
    }
    for (const d of drawn) {
      // Spaces inside the marker's own run, so no reader glues it to the word before or after.
      text.push({ text: ` ${redactedMarker(d.code)} `, box: d.box });
    }
    return ok({ width: page.width, height: page.height, image: await encodePage(image.value), text, labels: placedLabels(drawn) });
  };

  // The quick look that routes each page: PDFium renders a page in a fraction of pdf.js's time.
  let renderer: PdfiumRenderer | undefined;
  if (source && options.hiddenCheck !== false) renderer = await timeStage('write: PDFium loads the input', () => openRenderer(original.bytes)).catch(() => undefined);
  /** The words of `page` whose glyphs do not show on the page as drawn. */
  const hiddenOn = async (page: Page): Promise<Result<Word[]>> => (options.hiddenCheck === false ? ok([]) : timeStage('write: hidden-word check (render, look)', () => hiddenOnPage(page)));
  const hiddenOnPage = async (page: Page): Promise<Result<Word[]>> => {
    let image: GrayImage;
    try {
      if (!renderer) throw new Error('no PDFium renderer');
      image = renderer.render(page.number - 1, CHECK_DPI);
    } catch {
      const drawnByPdfjs = await rasters.value.render(page, CHECK_DPI);
      if (!drawnByPdfjs.ok) return drawnByPdfjs;
      image = drawnByPdfjs.value;
    }
    return ok(pageVisibility(image, page.words, page).filter((v) => v.how).map((v) => v.word));
  };

  try {
    for (const page of document.pages) {
      const drawn = drawnOn(page, entries);
      const drawHere = (list: { box: Box; code: string }[]) => drawnBoxes.push(...list.map((d) => ({ page: page.number, box: d.box, code: d.code })));
      const extraHidden = (options.hidden ?? []).filter((h) => h.page === page.number).map((h) => h.box);
      const toRaster = async (reason: string) => {
        drawHere(drawn);
        const spec = await timeStage('write: raster page', () => rasterPage(page, drawn, extraHidden));
        if (!spec.ok) return spec;
        plans.push({ kind: 'raster', spec: spec.value });
        routes.push({ page: page.number, path: 'raster', reason });
        return undefined;
      };
      const early = forced.get(page.number) ?? rasterReason(page, isPdf, source);
      if (early) {
        const failed = await toRaster(early);
        if (failed) return failed;
        continue;
      }
      const seen = await hiddenOn(page);
      if (!seen.ok) return seen;
      const boxes = drawn.map((d) => d.box);
      // Hidden words (white text, text under a drawn shape, an invisible layer) are not removed
      // from a page that keeps its content: such a page is rebuilt as drawn, never edited blind.
      const hidden = seen.value.length ? `hidden text: ${words(seen.value.length)} on the page ${seen.value.length === 1 ? 'does' : 'do'} not show (white, invisible or under a shape)` : extraHidden.length ? 'hidden text: words on the page were marked hidden (by the input audit: drawn over by other words)' : undefined;
      const late = hidden ?? (boxes.length ? (options.surgical ? editReason(page, source!) : 'boxes on the page, and the caller did not enable surgical editing') : undefined);
      if (late) {
        const failed = await toRaster(late);
        if (failed) return failed;
        continue;
      }
      if (!boxes.length) {
        drawHere(drawn);
        plans.push({ kind: 'copy', from: 'original', overlay: { boxes: [], labels: [], markers: [] } });
        routes.push({ page: page.number, path: 'pass-through', reason: options.hiddenCheck === false ? 'no redaction on the page' : 'no redaction and no hidden text on the page' });
        continue;
      }
      // What goes: the boxes as placed, and whole every word the raster path would leave out of its text layer.
      const laid = page.rotation === 0 ? surgicalLayout(page, entries) : { placed: mergeOverlapping(entries.filter((e) => e.page === page.number)), drawn, shifts: [] };
      const placed = laid.placed.map((m) => m.box);
      const gone: Box[] = [...placed, ...page.words.filter((w) => coveredByAny(w.box, placed, WRITE_SHARE)).map((w) => w.box)];
      const view = source!.viewBox(page.number - 1);
      const shown = source!.displayToUser(page.number - 1);
      removals.push({ index: page.number - 1, rects: gone.map((b) => shown.box(inset(b))), origins: gone.map((b) => shown.box(b)), shifts: laid.shifts.map((sh) => lineShift(sh, view)) });
      drawHere(laid.drawn);
      const markers = laid.drawn.map((d) => ({ text: ` ${redactedMarker(d.code)} `, box: d.box }));
      plans.push({ kind: 'copy', from: 'surgical', overlay: { boxes: laid.drawn.map((d) => grow(d.box, BURN_MARGIN_PT)), labels: placedLabels(laid.drawn), markers } });
      routes.push({ page: page.number, path: 'surgical', reason: `${boxes.length} ${boxes.length === 1 ? 'box' : 'boxes'}` });
    }

    let edited: CopySource | undefined;
    let editFailure = '';
    let refused = new Map<number, string>();
    if (removals.length) {
      try {
        const removed = await timeStage('write: PDFium removes under boxes', () => removeUnder(original.bytes, removals));
        refused = removed.refused;
        edited = await timeStage('write: pdf-lib parses the edited file', () => CopySource.open(removed.bytes));
        if (!edited) editFailure = 'pdf-lib cannot read the file PDFium wrote';
      } catch (error) {
        editFailure = `PDFium could not edit the file (${(error as Error).message})`;
      }
    }
    const builder = await ReleaseBuilder.create();
    for (const [i, plan] of plans.entries()) {
      const page = document.pages[i];
      if (plan.kind === 'copy') {
        const from = plan.from === 'original' ? source : edited;
        const refusal = plan.from === 'surgical' ? refused.get(i) : undefined;
        const copied = refusal ? { ok: false as const, reason: refusal } : from ? timeStageSync('write: copy page', () => builder.copyPage(from, i, plan.overlay)) : { ok: false as const, reason: editFailure };
        if (copied.ok) continue;
        // Back to the raster path for this page; its words are judged again on the fine render, and its boxes drawn where they were.
        hiddenWords.splice(0, hiddenWords.length, ...hiddenWords.filter((h) => h.page !== page.number));
        drawnBoxes.splice(0, drawnBoxes.length, ...drawnBoxes.filter((d) => d.page !== page.number), ...drawnOn(page, entries).map((d) => ({ page: page.number, box: d.box, code: d.code })));
        dropped.delete(page.number);
        routes[i] = { page: page.number, path: 'raster', reason: `${routes[i].path} not possible: ${copied.reason}` };
        const drawn = drawnOn(page, entries);
        const spec = await rasterPage(page, drawn, (options.hidden ?? []).filter((h) => h.page === page.number).map((h) => h.box));
        if (!spec.ok) return spec;
        builder.addImagePage(spec.value);
      } else builder.addImagePage(plan.spec);
    }
    const date = options.date ?? new Date();
    let pdf: Uint8Array;
    try {
      // Never the original file name: a file name can itself be personal data, and the title is public.
      pdf = await timeStage('write: save', () => builder.save({ title: 'Redacted release', date }));
    } catch (error) {
      return fail('redact.failed', `The new PDF could not be assembled (${(error as Error).message}).`, { file });
    }
    const notes: string[] = [];
    if (transliterated > 0) {
      notes.push(`${transliterated} word(s) hold characters outside WinAnsi; the invisible text layer has them transliterated or as "?" (the page image is exact).`);
    }
    const log: RedactionLog = {
      file,
      sourceSha256: createHash('sha256').update(original.bytes).digest('hex'),
      policy: policy.name,
      dpi,
      createdAt: date.toISOString(),
      entries,
      hiddenWordsDropped: [...dropped.values()].reduce((a, b) => a + b, 0),
      pages: routes,
      notes,
    };
    const engines: 'pdfium'[] = routes.some((r) => r.path === 'surgical') ? ['pdfium'] : [];
    return ok({ pdf, log, boxes: drawnBoxes, hiddenWords, engines });
  } finally {
    renderer?.close();
    await rasters.value.close();
  }
}

/** Why a page must be rebuilt as an image whatever it holds, or undefined. */
function rasterReason(page: Page, isPdf: boolean, source: CopySource | undefined): string | undefined {
  if (!isPdf) return 'the input is an image';
  if (!source) return 'pdf-lib cannot read the original (damaged or encrypted), so nothing can be copied from it';
  if (page.source === 'ocr') return 'the page was read by OCR: the release carries its OCR text layer';
  return source.shownAnnotations(page.number - 1);
}

/** Why a page with something to remove cannot take the surgical path, or undefined. */
function editReason(page: Page, source: CopySource): string | undefined {
  if (page.rotation % 90 !== 0) return 'page turned by an angle that is not a quarter turn';
  if (source.usesType3(page.number - 1)) return 'Type3 font on a page with boxes: its glyph boxes prove nothing about its ink';
  return undefined;
}

/**
 * The boxes drawn on a page: the log's boxes, overlapping ones of a line merged,
 * each widened by the box-width rule into free space, merged again.
 */
function drawnOn(page: Page, entries: RedactionLogEntry[]): { box: Box; code: string }[] {
  const merged = mergeOverlapping(entries.filter((e) => e.page === page.number));
  if (!merged.length) return merged;
  const kept = page.words.filter((w) => !coveredByAny(w.box, merged.map((m) => m.box), WRITE_SHARE)).map((w) => w.box);
  return mergeOverlapping(merged.map((m) => ({ box: quantizedBox(m.box, kept, page), code: m.code }))).map((d) => ({ box: d.box, code: [...new Set(d.code.split(', '))].join(', ') }));
}

/**
 * The boxes of an unrotated surgical page: as `drawnOn`, except that on a line with one box the
 * text after it moves along to make room for the box's full width (`relayout.ts`). A rotated
 * page's lines do not run along user space's x axis, where the shifts move glyphs: its boxes
 * grow only into free space, as on the raster path.
 * `placed`: the boxes where the values were, which the removal takes.
 */
function surgicalLayout(page: Page, entries: RedactionLogEntry[]): { placed: { box: Box; code: string }[]; drawn: { box: Box; code: string }[]; shifts: Shift[] } {
  const placed = mergeOverlapping(entries.filter((e) => e.page === page.number));
  const kept = page.words.filter((w) => !coveredByAny(w.box, placed.map((m) => m.box), WRITE_SHARE)).map((w) => w.box);
  const laid = layoutLines(placed, kept, page);
  const drawn = mergeOverlapping(laid.drawn).map((d) => ({ box: d.box, code: [...new Set(d.code.split(', '))].join(', ') }));
  return { placed, drawn, shifts: laid.shifts };
}

/** A shift in PDFium's user space: the band holds the baselines of the box's line and no other. */
function lineShift(sh: Shift, view: [number, number, number, number]): LineShift {
  const h = sh.box[3] - sh.box[1];
  const bottom = view[3] - sh.box[3];
  return { band: [bottom - 0.1 * h, bottom + 0.6 * h], fromX: view[0] + sh.fromX, dx: sh.dx };
}

function words(n: number): string {
  return `${n} ${n === 1 ? 'word' : 'words'}`;
}

function placedLabels(drawn: { box: Box; code: string }[]): PlacedLabel[] {
  const labels: PlacedLabel[] = [];
  for (const d of drawn) {
    const layout = labelLayout(d.box, d.code);
    if (layout) labels.push({ code: d.code, layout });
  }
  return labels;
}

function grow(b: Box, by: number): Box {
  return [b[0] - by, b[1] - by, b[2] + by, b[3] + by];
}

/** A displayed word box drawn in (INSET_Y, INSET_X_PT) for PDFium's removal rectangle. */
function inset(b: Box): Box {
  const dy = (b[3] - b[1]) * INSET_Y;
  const dx = Math.min(INSET_X_PT, (b[2] - b[0]) / 4);
  return [b[0] + dx, b[1] + dy, b[2] - dx, b[3] - dy];
}

interface Rasters {
  /** The page's pixels at `dpi` (scans at most their own), valid until the next call (the buffer is reused). */
  render(page: Page, dpi: number): Promise<Result<GrayImage>>;
  close(): Promise<void>;
}

/**
 * A page buffer kept from one document to the next (taken by one document at a time):
 * the first write to a fresh 8 MB buffer costs about 10 ms of page faults on these machines,
 * which a batch of short documents would otherwise pay every page or two.
 */
const spareBuffers: Uint8Array[] = [];

/** Page pixels of the original: pdf.js for PDFs, the decoder for images. */
async function pageRasters(original: SourceFile, document: Document): Promise<Result<Rasters>> {
  const file = original.fileName;
  if (document.mediaType === 'application/pdf') {
    const opened = await openPdf(original.bytes, file);
    if (!opened.ok) return opened;
    const handle = opened.value;
    // One page is rendered, burned and encoded at a time, so one buffer serves every page.
    let scratch: Uint8Array = spareBuffers.pop() ?? new Uint8Array(0);
    return ok({
      close: async () => {
        spareBuffers.push(scratch);
        while (spareBuffers.length > 1) spareBuffers.shift();
        await handle.close();
      },
      render: async (page, dpi) => {
        try {
          const pdfPage = await handle.page(page.number);
          // A scan keeps its own resolution, so the release is not larger than the input.
          const scanDpi = page.source === 'ocr' ? (await pdfPage.contentSummary()).imageDpi : undefined;
          const pageDpi = scanDpi ? Math.min(dpi, Math.max(MIN_SCAN_DPI, Math.round(scanDpi))) : dpi;
          // As the reader saw it: an opaque annotation over text is burned in like any box.
          const image = await pdfPage.render(pageDpi, { withAnnotations: true, into: scratch });
          if (image.data.buffer !== scratch.buffer) scratch = new Uint8Array(image.data.buffer);
          return ok(image);
        } catch (error) {
          return fail('render.failed', `pdf.js could not render the page (${(error as Error).message}).`, { file, page: page.number });
        }
      },
    });
  }
  // One page decoded at a time, as extraction reads it: a 500-page scan held whole would pass the per-file pixel
  // bound that protects decodeImage's callers, and fail a document that extracted fine.
  const opened = await openImage(original.bytes, file);
  if (!opened.ok) return opened;
  return ok({
    close: async () => {},
    render: async (page) => {
      if (page.number < 1 || page.number > opened.value.pageCount) return fail('render.failed', `The image has no page ${page.number}.`, { file, page: page.number });
      const decoded = await opened.value.page(page.number - 1);
      if (!decoded.ok) return decoded;
      // a fresh decode per call: the burn may write into it
      return ok(decoded.value.image);
    },
  });
}


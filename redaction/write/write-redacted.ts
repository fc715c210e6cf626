/**
 * @module
 * Rebuild, never edit: renders each page of the original, burns the redaction
 * boxes into the pixels, encodes the page compactly and writes a new PDF whose
 * invisible text layer holds only the words no box touches, plus a
 * "[REDACTED (b)(6)]" marker at each box. The review app calls this again with
 * the approvers' decisions.
 *
 * ```ts
 * const out = await writeRedacted({ bytes, fileName }, document, redactions, policy, { dpi: 300 });
 * if (out.ok) await writeFile('release.pdf', out.value.pdf);
 * ```
 */
import { createHash } from 'node:crypto';
import { openPdf } from '../../pipeline/extract/pdfjs.ts';
import { decodeImage } from '../../pipeline/image/decode.ts';
import { fail, ok } from '../../pipeline/problems.ts';
import type { Result } from '../../pipeline/problems.ts';
import type { GrayImage } from '../../pipeline/model/raster.ts';
import type { Document, Finding, Page, PageBox, Redaction } from '../../pipeline/model/types.ts';
import type { Policy } from '../policy/types.ts';
import { pageVisibility } from '../audit/glyph-visibility.ts';
import type { HiddenWord } from '../audit/audit-input.ts';
import { burnBoxes } from './burn.ts';
import { mergeOverlapping } from './merge-boxes.ts';
import { WRITE_SHARE, coveredByAny } from './coverage.ts';
import { labelLayout } from './label.ts';
import type { RedactionLog, RedactionLogEntry } from './log.ts';
import { buildPdf } from './pdf.ts';
import type { PageSpec, PlacedLabel, TextItem } from './pdf.ts';
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
}

export interface Written {
  pdf: Uint8Array;
  log: RedactionLog;
  /** Every burned box (overlapping boxes of a line merged) with its label, for the verifier. */
  boxes: DrawnBox[];
  /** Words of the input whose glyphs do not show (and that were therefore left out), for the verifier. */
  hiddenWords: HiddenWord[];
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
  const rasters = await pageRasters(original, document, dpi);
  if (!rasters.ok) return rasters;
  const specs: PageSpec[] = [];
  let hiddenWordsDropped = 0;
  const hiddenWords: HiddenWord[] = [];
  const drawnBoxes: DrawnBox[] = [];
  let transliterated = 0;
  try {
    for (const page of document.pages) {
      const image = await rasters.value.render(page);
      if (!image.ok) return image;
      // Before burning: a word whose glyphs do not show on the page as drawn is hidden text
      // (under an old box, white, invisible) or, on an OCR page, noise read off a black area;
      // either way it never goes into the release.
      const seen = pageVisibility(image.value, page.words, page).filter((v) => v.how);
      const invisible = seen.map((v) => v.word);
      hiddenWords.push(...seen.map((v) => ({ page: page.number, box: v.word.box, text: v.word.text, how: v.how! })));
      const drawn = mergeOverlapping(entries.filter((e) => e.page === page.number));
      const boxes = drawn.map((d) => d.box);
      burnBoxes(image.value, boxes);
      drawnBoxes.push(...drawn.map((d) => ({ page: page.number, box: d.box, code: d.code })));
      const hidden = [...(options.hidden ?? []).filter((h) => h.page === page.number).map((h) => h.box), ...invisible.map((w) => w.box)];
      const text: TextItem[] = [];
      for (const word of page.words) {
        if (coveredByAny(word.box, boxes, WRITE_SHARE)) continue;
        if (hidden.length && coveredByAny(word.box, hidden)) {
          hiddenWordsDropped++;
          continue;
        }
        if (toWinAnsi(word.text) !== word.text) transliterated++;
        text.push({ text: word.text, box: word.box });
      }
      const labels: PlacedLabel[] = [];
      for (const d of drawn) {
        // Spaces inside the marker's own run, so no reader glues it to the word before or after.
        text.push({ text: ` ${redactedMarker(d.code)} `, box: d.box });
        const layout = labelLayout(d.box, d.code);
        if (layout) labels.push({ code: d.code, layout });
      }
      specs.push({ width: page.width, height: page.height, image: await encodePage(image.value), text, labels });
    }
  } finally {
    await rasters.value.close();
  }
  const date = options.date ?? new Date();
  let pdf: Uint8Array;
  try {
    // Never the original file name: a file name can itself be personal data, and the title is public.
    pdf = await buildPdf(specs, { title: 'Redacted release', date });
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
    hiddenWordsDropped,
    notes,
  };
  return ok({ pdf, log, boxes: drawnBoxes, hiddenWords });
}

interface Rasters {
  /** The page's pixels, valid until the next call (the buffer is reused). */
  render(page: Page): Promise<Result<GrayImage>>;
  close(): Promise<void>;
}

/**
 * A page buffer kept from one document to the next (taken by one document at a time):
 * the first write to a fresh 8 MB buffer costs about 10 ms of page faults on these machines,
 * which a batch of short documents would otherwise pay every page or two.
 */
const spareBuffers: Uint8Array[] = [];

/** Page pixels of the original: pdf.js for PDFs, the decoder for images. */
async function pageRasters(original: SourceFile, document: Document, dpi: number): Promise<Result<Rasters>> {
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
      render: async (page) => {
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
  const decoded = await decodeImage(original.bytes, file);
  if (!decoded.ok) return decoded;
  return ok({
    close: async () => {},
    render: async (page) => {
      const image = decoded.value.pages[page.number - 1];
      if (!image) return fail('render.failed', `The image has no page ${page.number}.`, { file, page: page.number });
      // The burn writes into the buffer; keep the decoded page intact for a second call.
      return ok({ ...image, data: new Uint8Array(image.data) });
    },
  });
}


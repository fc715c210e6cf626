/**
 * @module
 * The one adapter over pdf-lib for the writer (with copy-pages.ts): builds a NEW
 * PDF from page images with an invisible text layer (the raster path) and from
 * sanitised copies of source pages (pass-through and surgical).
 * Streams are deflated with node:zlib (pdf-lib's JS deflate is slow); the Info
 * dictionary holds only Daylight's keys; no XMP, outline, annotation or form.
 */
import { deflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, PDFStream, StandardFonts } from 'pdf-lib';
import type { PDFFont, PDFObject, PDFPage } from 'pdf-lib';
import { displayMap } from './copy-pages.ts';
import type { CopyOutcome, CopySource } from './copy-pages.ts';
import type { Box } from '../../pipeline/model/types.ts';
import { labelEmBox, labelGlyphOperators } from './label.ts';
import type { LabelLayout } from './label.ts';
import type { EncodedPage } from '../../pipeline/image/encode.ts';
import { toWinAnsi, winAnsiHex } from './winansi.ts';

export interface TextItem {
  text: string;
  box: Box;
}

export interface PageSpec {
  /** Displayed size in points. */
  width: number;
  height: number;
  image: EncodedPage;
  /** Invisible (render mode 3) text, each item stretched to its own box. */
  text: TextItem[];
  /** The white exemption codes drawn on the boxes. */
  labels: PlacedLabel[];
}

export interface PlacedLabel {
  code: string;
  layout: LabelLayout;
}

export interface InfoSpec {
  title: string;
  date: Date;
}

/** Helvetica's ascent and descent per unit of font size. */
const ASCENT = 0.718;
const DESCENT = 0.207;

/** What is drawn over a copied page: the black boxes and their codes, in top-left page points. */
export interface Overlay {
  boxes: Box[];
  labels: PlacedLabel[];
  /** Invisible "[REDACTED …]" markers at the boxes, for screen readers and search, as on raster pages. */
  markers: TextItem[];
}

/**
 * The release under construction: a NEW document whose pages are either page
 * images with a text layer (the raster path) or sanitised copies of source pages
 * (pass-through and surgical), in the order they are added.
 */
export class ReleaseBuilder {
  readonly doc: PDFDocument;
  private readonly font: PDFFont;
  /** Each code's outlines are written once, as a form every box with that code draws. */
  private readonly forms = new Map<string, PDFRef>();

  private constructor(doc: PDFDocument) {
    this.doc = doc;
    this.font = doc.embedStandardFont(StandardFonts.Helvetica);
  }

  static async create(): Promise<ReleaseBuilder> {
    return new ReleaseBuilder(await PDFDocument.create({ updateMetadata: false }));
  }

  private formFor(code: string): PDFRef {
    let ref = this.forms.get(code);
    if (!ref) {
      const body = deflateSync(Buffer.from(labelGlyphOperators(code), 'latin1'));
      ref = this.doc.context.register(this.doc.context.stream(body, { Type: 'XObject', Subtype: 'Form', BBox: labelEmBox(code), Filter: 'FlateDecode' }));
      this.forms.set(code, ref);
    }
    return ref;
  }

  private labelOps(page: PDFPage, labels: PlacedLabel[], toUser: (x: number, y: number) => [number, number]): string[] {
    const names = new Map<string, string>();
    return labels.map(({ code, layout }) => {
      let name = names.get(code);
      if (!name) names.set(code, (name = page.node.newXObject('Lb', this.formFor(code)).asString()));
      const [x, y] = toUser(layout.x, layout.baseline);
      return `q ${num(layout.size)} 0 0 ${num(layout.size)} ${num(x)} ${num(y)} cm ${name} Do Q`;
    });
  }

  private addStream(page: PDFPage, content: string) {
    const stream = this.doc.context.stream(deflateSync(Buffer.from(content, 'latin1')), { Filter: 'FlateDecode' });
    page.node.addContentStream(this.doc.context.register(stream));
  }

  addImagePage(spec: PageSpec): void {
    const page = this.doc.addPage([spec.width, spec.height]);
    const fontName = page.node.newFontDictionary('F', this.font.ref);
    const imageName = page.node.newXObject('Im', this.doc.context.register(imageStream(this.doc, spec.image)));
    const content = [
      `q ${num(spec.width)} 0 0 ${num(spec.height)} 0 0 cm ${imageName.asString()} Do Q`,
      ...this.labelOps(page, spec.labels, (x, y) => [x, spec.height - y]),
      textLayer({ height: spec.height, items: spec.text }, this.font, fontName.asString()),
    ].join('\n');
    this.addStream(page, content);
    // pdf-lib gives every page it touches an empty /Annots array; a release has none at all.
    page.node.delete(PDFName.of('Annots'));
  }

  /**
   * Copies page `index` of `source` (sanitised, see copy-pages.ts) and draws the
   * overlay on top, outside the page's own graphics state. The overlay is in the
   * page's displayed coordinates; on a rotated page it is drawn turned with it, so
   * boxes, codes and markers read upright as the page shows.
   */
  copyPage(source: CopySource, index: number, overlay: Overlay): CopyOutcome {
    const copied = source.copyPage(index, this.doc);
    if (!copied.ok || (!overlay.boxes.length && !overlay.labels.length && !overlay.markers.length)) return copied;
    const page = copied.page;
    // Drawn in the displayed page's own bottom-left coordinates, mapped to user space by one matrix.
    const shown = displayMap(page);
    const [a, b, c, d, e, f] = shown.matrix;
    const height = shown.height;
    const place = [a, b, -c, -d, c * height + e, d * height + f];
    const cm = place.join(',') === '1,0,0,1,0,0' ? '' : `${place.map(num).join(' ')} cm`;
    const toUser = (x: number, y: number): [number, number] => [x, height - y];
    // The page's own content may leave its graphics state changed (a clip, a matrix): wrap it.
    const opening = this.doc.context.register(this.doc.context.stream('q'));
    const existing = page.node.Contents();
    const list = existing instanceof PDFArray ? existing.asArray() : existing ? [page.node.get(PDFName.of('Contents'))!] : [];
    page.node.set(PDFName.of('Contents'), this.doc.context.obj([opening, ...list]));
    const boxes = overlay.boxes.map((b) => {
      const [x0, y1] = toUser(b[0], b[3]);
      return `${num(x0)} ${num(y1)} ${num(b[2] - b[0])} ${num(b[3] - b[1])} re`;
    });
    const fontName = page.node.newFontDictionary('F', this.font.ref).asString();
    const markers = textLayer({ height, items: overlay.markers }, this.font, fontName);
    // pdf-lib gives every page it touches an empty /Annots array; a release has none at all.
    page.node.delete(PDFName.of('Annots'));
    this.addStream(page, ['Q', cm ? `q ${cm} 0 g` : 'q 0 g', ...boxes, boxes.length ? 'f' : '', ...this.labelOps(page, overlay.labels, toUser), 'Q', cm ? `q ${cm}` : '', markers, cm ? 'Q' : ''].join('\n'));
    return copied;
  }

  async save(info: InfoSpec): Promise<Uint8Array> {
    // Only Daylight's own keys; pdf-lib adds nothing else with updateMetadata off.
    this.doc.setTitle(info.title);
    this.doc.setProducer('Daylight');
    this.doc.setCreationDate(info.date);
    this.doc.setModificationDate(info.date);
    await this.doc.flush();
    this.dropUnreachable();
    return this.doc.save({ useObjectStreams: false, addDefaultPage: false });
  }

  /**
   * Deletes every object nothing in the file points to. Copying a page copies all its
   * objects reach and then strips keys such as /Metadata from them (copy-pages.ts): the
   * image's XMP packet the stripped key named would otherwise stay in the file, unused.
   */
  private dropUnreachable(): void {
    const ctx = this.doc.context;
    const reached = new Set<string>();
    const stack: (PDFObject | undefined)[] = [ctx.trailerInfo.Root, ctx.trailerInfo.Info];
    while (stack.length) {
      const o = stack.pop();
      if (o instanceof PDFRef) {
        if (reached.has(o.tag)) continue;
        reached.add(o.tag);
        stack.push(ctx.lookup(o));
      } else if (o instanceof PDFDict) for (const [, v] of o.entries()) stack.push(v);
      else if (o instanceof PDFArray) stack.push(...o.asArray());
      else if (o instanceof PDFStream) stack.push(o.dict);
    }
    for (const [ref] of ctx.enumerateIndirectObjects()) if (!reached.has(ref.tag)) ctx.delete(ref);
  }
}

/** A release of page images only (the raster path throughout). */
export async function buildPdf(pages: PageSpec[], info: InfoSpec): Promise<Uint8Array> {
  const builder = await ReleaseBuilder.create();
  for (const spec of pages) builder.addImagePage(spec);
  return builder.save(info);
}

function imageStream(doc: PDFDocument, image: EncodedPage) {
  const common = { Type: 'XObject', Subtype: 'Image', Width: image.width, Height: image.height, ColorSpace: 'DeviceGray' };
  if (image.kind === 'jpeg') return doc.context.stream(image.bytes, { ...common, BitsPerComponent: 8, Filter: 'DCTDecode' });
  return doc.context.stream(image.bytes, {
    ...common,
    BitsPerComponent: 1,
    Filter: 'CCITTFaxDecode',
    // Black runs are black pixels: the default BlackIs1 false.
    DecodeParms: { K: -1, Columns: image.width, Rows: image.height },
  });
}

/** Items in top-left coordinates measured from the top of user space (`height`), drawn invisible (render mode 3). */
function textLayer(spec: { height: number; items: TextItem[] }, font: PDFFont, fontName: string): string {
  const ops: string[] = ['BT 3 Tr'];
  for (const item of spec.items) {
    const text = toWinAnsi(item.text);
    const [x0, y0, x1, y1] = item.box;
    const h = y1 - y0;
    const w = x1 - x0;
    if (!(h > 0) || !(w > 0) || text.trim() === '') continue;
    const size = h / (ASCENT + DESCENT);
    const natural = font.widthOfTextAtSize(text, size);
    const squeeze = natural > 0 ? (100 * w) / natural : 100;
    const baseline = spec.height - (y1 - DESCENT * size);
    // Each word is its own marked-content span: pdf.js starts a new text item at every BMC, so
    // readers get each word at its own box instead of estimating positions inside a merged line.
    ops.push(`/Span BMC ${fontName} ${num(size)} Tf ${num(squeeze)} Tz 1 0 0 1 ${num(x0)} ${num(baseline)} Tm <${winAnsiHex(text)}> Tj EMC`);
  }
  ops.push('ET');
  return ops.length > 2 ? ops.join('\n') : '';
}

function num(v: number): string {
  return (Math.round(v * 1000) / 1000).toString();
}

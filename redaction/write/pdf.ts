/**
 * @module
 * The one adapter over pdf-lib for the writer: builds a NEW PDF from page images
 * and an invisible text layer. Nothing is read from or copied out of the original.
 * Streams are deflated with node:zlib (pdf-lib's JS deflate is slow); the Info
 * dictionary holds only Daylight's keys; no XMP, outline, annotation or form.
 */
import { deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import type { PDFFont, PDFRef } from 'pdf-lib';
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

export async function buildPdf(pages: PageSpec[], info: InfoSpec): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = doc.embedStandardFont(StandardFonts.Helvetica);
  // Each code's outlines are written once, as a form every box with that code draws.
  const forms = new Map<string, PDFRef>();
  const formFor = (code: string) => {
    let ref = forms.get(code);
    if (!ref) {
      const body = deflateSync(Buffer.from(labelGlyphOperators(code), 'latin1'));
      ref = doc.context.register(doc.context.stream(body, { Type: 'XObject', Subtype: 'Form', BBox: labelEmBox(code), Filter: 'FlateDecode' }));
      forms.set(code, ref);
    }
    return ref;
  };
  for (const spec of pages) {
    const page = doc.addPage([spec.width, spec.height]);
    const fontName = page.node.newFontDictionary('F', font.ref);
    const imageName = page.node.newXObject('Im', doc.context.register(imageStream(doc, spec.image)));
    const names = new Map<string, string>();
    const labels = spec.labels.map(({ code, layout }) => {
      let name = names.get(code);
      if (!name) names.set(code, (name = page.node.newXObject('Lb', formFor(code)).asString()));
      return `q ${num(layout.size)} 0 0 ${num(layout.size)} ${num(layout.x)} ${num(spec.height - layout.baseline)} cm ${name} Do Q`;
    });
    const content = [
      `q ${num(spec.width)} 0 0 ${num(spec.height)} 0 0 cm ${imageName.asString()} Do Q`,
      ...labels,
      textLayer(spec, font, fontName.asString()),
    ].join('\n');
    const stream = doc.context.stream(deflateSync(Buffer.from(content, 'latin1')), { Filter: 'FlateDecode' });
    page.node.addContentStream(doc.context.register(stream));
    // pdf-lib gives every page it touches an empty /Annots array; a release has none at all.
    page.node.delete(PDFName.of('Annots'));
  }
  // Only Daylight's own keys; pdf-lib adds nothing else with updateMetadata off.
  doc.setTitle(info.title);
  doc.setProducer('Daylight');
  doc.setCreationDate(info.date);
  doc.setModificationDate(info.date);
  const bytes = await doc.save({ useObjectStreams: false, addDefaultPage: false });
  return bytes;
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

function textLayer(spec: PageSpec, font: PDFFont, fontName: string): string {
  const ops: string[] = ['BT 3 Tr'];
  for (const item of spec.text) {
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

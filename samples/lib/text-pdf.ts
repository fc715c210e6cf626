/**
 * @module
 * Writes a laid-out report as a born-digital PDF with pdf-lib and the standard fonts:
 * a real text layer, fixed dates and producer so that the bytes are the same on every run.
 */
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import type { PDFFont } from 'pdf-lib';
import { layout } from './layout.ts';
import type { FontKey, Layout } from './layout.ts';
import type { Source } from './markup.ts';

export const fixedDate = new Date('2025-09-30T12:00:00Z');
export const producer = 'Daylight sample generator (samples/make-samples.ts)';

const fontNames: Record<FontKey, StandardFonts> = {
  regular: StandardFonts.TimesRoman,
  bold: StandardFonts.TimesRomanBold,
  italic: StandardFonts.TimesRomanItalic,
  sans: StandardFonts.Helvetica,
  sansBold: StandardFonts.HelveticaBold,
};

/** A new PDF whose Info dictionary holds only fixed, known values. */
export async function newDocument(info: { title: string; author?: string; subject?: string; creator: string }): Promise<PDFDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(info.title);
  if (info.author) doc.setAuthor(info.author);
  if (info.subject) doc.setSubject(info.subject);
  doc.setCreator(info.creator);
  doc.setProducer(producer);
  doc.setCreationDate(fixedDate);
  doc.setModificationDate(fixedDate);
  return doc;
}

export async function writeTextPdf(source: Source): Promise<{ bytes: Uint8Array; layout: Layout }> {
  const doc = await newDocument({ title: source.meta.title, author: source.meta.author, subject: source.meta.description, creator: 'Office template (sample)' });
  const fonts = {} as Record<FontKey, PDFFont>;
  for (const key of Object.keys(fontNames) as FontKey[]) fonts[key] = await doc.embedFont(fontNames[key]);
  const result = layout(source, { width: (text, font, size) => fonts[font].widthOfTextAtSize(text, size) });
  const pages = Array.from({ length: result.pageCount }, () => doc.addPage([result.width, result.height]));
  for (const op of result.ops) {
    const page = pages[op.page - 1];
    if (op.kind === 'text') {
      page.drawText(op.text, { x: op.x, y: result.height - op.y, font: fonts[op.font], size: op.size, color: op.color === 'banner' ? rgb(0.62, 0.05, 0.05) : rgb(0, 0, 0) });
    } else if (op.kind === 'line') {
      page.drawLine({ start: { x: op.x0, y: result.height - op.y0 }, end: { x: op.x1, y: result.height - op.y1 }, thickness: op.thickness, color: rgb(0, 0, 0) });
    } else {
      page.drawRectangle({ x: op.x, y: result.height - op.y - op.h, width: op.w, height: op.h, color: rgb(op.gray, op.gray, op.gray) });
    }
  }
  return { bytes: await doc.save({ useObjectStreams: false }), layout: result };
}

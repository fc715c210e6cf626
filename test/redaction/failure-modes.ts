/**
 * @module
 * The famous ways redactions failed, each built from scratch with pdf-lib so the
 * tests know exactly what is hidden where. Every fixture hides `SECRET` somewhere a
 * reader of the page cannot see (or in a place outside the page) and shows `KEPT`.
 */
import { PDFDocument, PDFHexString, PDFName, StandardFonts, TextRenderingMode, beginText, endText, moveText, rgb, setFontAndSize, setTextRenderingMode, showText } from 'pdf-lib';
import type { PDFFont, PDFPage } from 'pdf-lib';
import { openPdf } from '../../pipeline/extract/pdfjs.ts';
import { encodeJpeg } from '../../pipeline/image/encode.ts';

export const SECRET = 'Oluwaseun Adeyemi';
export const KEPT = 'The committee approved the annual budget';

const LINES = [KEPT + '.', 'Funding for road repairs rises next year.', 'Public comment closes on the first of June.'];
const SECRET_AT = { x: 72, y: 600, size: 12 };

export interface FailureMode {
  name: string;
  /** The verifier check that must fail on the input. */
  catches: string;
  build(): Promise<Uint8Array>;
  /** OCR is needed to read the page (a scan). */
  needsOcr?: boolean;
}

async function base(options: { secretOnPage?: boolean; secretColor?: [number, number, number] } = {}) {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([612, 792]);
  LINES.forEach((line, i) => page.drawText(line, { x: 72, y: 700 - i * 20, size: 12, font }));
  if (options.secretOnPage !== false) {
    page.drawText(`Witness: ${SECRET}`, { ...SECRET_AT, font, color: rgb(...(options.secretColor ?? [0, 0, 0])) });
  }
  return { doc, font, page };
}

/** Where the secret's words lie on the page (PDF user space, bottom-left origin). */
function secretRect(font: PDFFont): { x: number; y: number; width: number; height: number } {
  const x = SECRET_AT.x + font.widthOfTextAtSize('Witness: ', SECRET_AT.size);
  return { x: x - 1, y: SECRET_AT.y - 4, width: font.widthOfTextAtSize(SECRET, SECRET_AT.size) + 2, height: SECRET_AT.size + 4 };
}

function annotation(doc: PDFDocument, page: PDFPage, dict: Record<string, unknown>) {
  page.node.addAnnot(doc.context.register(doc.context.obj(dict as never)));
}

function invisibleText(page: PDFPage, doc: PDFDocument, font: PDFFont, lines: { text: string; x: number; y: number }[]) {
  const key = page.node.newFontDictionary('Ocr', font.ref);
  for (const l of lines) {
    page.pushOperators(beginText(), setFontAndSize(key, 12), setTextRenderingMode(TextRenderingMode.Invisible), moveText(l.x, l.y), showText(font.encodeText(l.text)), endText());
  }
  void doc;
}

export const failureModes: FailureMode[] = [
  {
    name: 'black box drawn over live text',
    catches: 'hidden-text',
    async build() {
      const { doc, font, page } = await base();
      page.drawRectangle({ ...secretRect(font), color: rgb(0, 0, 0) });
      return doc.save();
    },
  },
  {
    name: 'black highlight annotation over text',
    catches: 'structure:objects',
    async build() {
      const { doc, font, page } = await base();
      const r = secretRect(font);
      const ap = doc.context.register(doc.context.stream(`0 g 0 0 ${r.width} ${r.height} re f`, { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, r.width, r.height] }));
      const [x0, y0, x1, y1] = [r.x, r.y, r.x + r.width, r.y + r.height];
      annotation(doc, page, { Type: 'Annot', Subtype: 'Highlight', Rect: [x0, y0, x1, y1], QuadPoints: [x0, y1, x1, y1, x0, y0, x1, y0], C: [0, 0, 0], AP: { N: ap } });
      return doc.save();
    },
  },
  {
    name: 'Redact annotation never applied',
    catches: 'structure:objects',
    async build() {
      const { doc, font, page } = await base();
      const r = secretRect(font);
      annotation(doc, page, { Type: 'Annot', Subtype: 'Redact', Rect: [r.x, r.y, r.x + r.width, r.y + r.height], IC: [0, 0, 0] });
      return doc.save();
    },
  },
  {
    name: 'bookmark naming a person',
    catches: 'structure:objects',
    async build() {
      const { doc, page } = await base({ secretOnPage: false });
      const ctx = doc.context;
      const outlinesRef = ctx.nextRef();
      const itemRef = ctx.register(ctx.obj({ Title: PDFHexString.fromText(`Statement of ${SECRET}`), Parent: outlinesRef, Dest: [page.ref, 'Fit'] }));
      ctx.assign(outlinesRef, ctx.obj({ Type: 'Outlines', First: itemRef, Last: itemRef, Count: 1 }));
      doc.catalog.set(PDFName.of('Outlines'), outlinesRef);
      return doc.save();
    },
  },
  {
    name: 'metadata author',
    catches: 'structure:metadata',
    async build() {
      const { doc } = await base({ secretOnPage: false });
      doc.setAuthor(SECRET);
      return doc.save();
    },
  },
  {
    name: 'attached file',
    catches: 'structure:objects',
    async build() {
      const { doc } = await base({ secretOnPage: false });
      await doc.attach(new TextEncoder().encode(`Interview notes: ${SECRET}, born 1984.`), 'notes.txt', { mimeType: 'text/plain' });
      return doc.save();
    },
  },
  {
    name: 'incremental save over the unredacted original',
    catches: 'structure:revisions',
    async build() {
      const { doc } = await base();
      const original = await doc.save({ useObjectStreams: false });
      return appendRevisionWithout(original);
    },
  },
  {
    name: 'invisible OCR layer under a redacted scan',
    catches: 'hidden-text',
    needsOcr: true,
    async build() {
      // The "scan": the page with the secret blacked out, as pixels only.
      const { doc: paper, font: paperFont, page: paperPage } = await base();
      paperPage.drawRectangle({ ...secretRect(paperFont), color: rgb(0, 0, 0) });
      const opened = await openPdf(await paper.save());
      if (!opened.ok) throw new Error(opened.problem.message);
      const gray = await (await opened.value.page(1)).render(200);
      await opened.value.close();
      const jpeg = await encodeJpeg(gray, 80);
      const doc = await PDFDocument.create();
      const font = await doc.embedFont(StandardFonts.Helvetica);
      const page = doc.addPage([612, 792]);
      page.drawImage(await doc.embedJpg(jpeg.bytes), { x: 0, y: 0, width: 612, height: 792 });
      // The OCR layer was made before the boxes were burned, so it still holds the secret.
      invisibleText(page, doc, font, [...LINES.map((text, i) => ({ text, x: 72, y: 700 - i * 20 })), { text: `Witness: ${SECRET}`, x: SECRET_AT.x, y: SECRET_AT.y }]);
      return doc.save();
    },
  },
  {
    name: 'filled form field',
    catches: 'structure:objects',
    async build() {
      const { doc, page } = await base({ secretOnPage: false });
      const field = doc.getForm().createTextField('applicant');
      field.setText(SECRET);
      field.addToPage(page, { x: 72, y: 560, width: 200, height: 20 });
      return doc.save();
    },
  },
  {
    name: 'document JavaScript',
    catches: 'structure:objects',
    async build() {
      const { doc } = await base({ secretOnPage: false });
      doc.addJavaScript('note', `var witness = "${SECRET}";`);
      return doc.save();
    },
  },
  {
    name: 'stamp naming a person',
    catches: 'structure:objects',
    // The stamp's words are drawn by its appearance, which pdf.js does not give as text: OCR reads them.
    needsOcr: true,
    async build() {
      const { doc, font, page } = await base({ secretOnPage: false });
      const text = `Received by ${SECRET}`;
      const size = 14;
      const [width, height] = [font.widthOfTextAtSize(text, size) + 16, 30];
      const content = `0 0 0.6 RG 2 w 1 1 ${width - 2} ${height - 2} re S BT /F1 ${size} Tf 0 0 0.6 rg 8 9 Td (${text}) Tj ET`;
      const ap = doc.context.register(doc.context.stream(content, { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, width, height], Resources: { Font: { F1: font.ref } } }));
      annotation(doc, page, { Type: 'Annot', Subtype: 'Stamp', Rect: [72, 560, 72 + width, 560 + height], AP: { N: ap } });
      return doc.save();
    },
  },
  {
    name: 'white text on a white page',
    catches: 'hidden-text',
    async build() {
      const { doc } = await base({ secretColor: [1, 1, 1] });
      return doc.save();
    },
  },
];

/**
 * Appends an incremental update that replaces the page's content with the kept
 * lines only: viewers show the new page, the old stream (with the secret) stays in the file.
 */
function appendRevisionWithout(original: Uint8Array): Uint8Array {
  const text = Buffer.from(original).toString('latin1');
  const contents = /\/Contents \[?\s*(\d+) 0 R/.exec(text);
  const fontKey = /\/Font <<\s*\/(\S+) \d+ 0 R/.exec(text);
  const size = /\/Size (\d+)/.exec(text);
  const root = /\/Root (\d+ \d+ R)/.exec(text);
  const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text);
  if (!contents || !fontKey || !size || !root || !startxref) throw new Error('unexpected pdf-lib output');
  const stream = `BT /${fontKey[1]} 12 Tf 72 700 Td (${KEPT}.) Tj ET`;
  const object = `${contents[1]} 0 obj\n<< /Length ${stream.length} >>\nstream\n${stream}\nendstream\nendobj\n`;
  const objectOffset = original.length + 1;
  const xrefOffset = objectOffset + object.length;
  const update =
    `\n${object}xref\n0 1\n0000000000 65535 f \n${contents[1]} 1\n${String(objectOffset).padStart(10, '0')} 00000 n \n` +
    `trailer\n<< /Size ${size[1]} /Root ${root[1]} /Prev ${startxref[1]} >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return new Uint8Array(Buffer.concat([Buffer.from(original), Buffer.from(update, 'latin1')]));
}

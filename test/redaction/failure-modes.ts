/**
 * @module
 * The famous ways redactions failed, each built from scratch with pdf-lib so the
 * tests know exactly what is hidden where. Every fixture hides `SECRET` somewhere a
 * reader of the page cannot see (or in a place outside the page) and shows `KEPT`.
 */
import { PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString, StandardFonts, TextRenderingMode, beginText, clip, endPath, endText, moveText, popGraphicsState, pushGraphicsState, rectangle, rgb, setFontAndSize, setTextRenderingMode, showText } from 'pdf-lib';
import type { PDFFont, PDFPage, PDFRef } from 'pdf-lib';
import { openPdf } from '../../pipeline/extract/pdfjs.ts';
import { encodeJpeg } from '../../pipeline/image/encode.ts';
import { oracles } from '../support/extractors.ts';
import type { Oracle } from '../support/extractors.ts';

export const SECRET = 'Oluwaseun Adeyemi';
export const KEPT = 'The committee approved the annual budget';

const LINES = [KEPT + '.', 'Funding for road repairs rises next year.', 'Public comment closes on the first of June.'];
const SECRET_AT = { x: 72, y: 600, size: 12 };

export interface FailureMode {
  name: string;
  /** The verifier check that must fail on the input. */
  catches: string;
  /** False when the verifier sees it only when told the secret (the secret is all that is wrong). */
  blind?: boolean;
  /** An independent reader of the channel the secret hides in: it must find the secret in the input, and not in the release. */
  oracle: Oracle;
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
    oracle: oracles.text,
    async build() {
      const { doc, font, page } = await base();
      page.drawRectangle({ ...secretRect(font), color: rgb(0, 0, 0) });
      return doc.save();
    },
  },
  {
    name: 'black highlight annotation over text',
    catches: 'structure:objects',
    oracle: oracles.text,
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
    oracle: oracles.pdfium,
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
    oracle: oracles.structure,
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
    oracle: oracles.meta,
    async build() {
      const { doc } = await base({ secretOnPage: false });
      doc.setAuthor(SECRET);
      doc.setSubject(`Interview with ${SECRET}`);
      doc.setKeywords([SECRET]);
      return doc.save();
    },
  },
  {
    name: 'attached file',
    catches: 'structure:objects',
    oracle: oracles.attachments,
    async build() {
      const { doc } = await base({ secretOnPage: false });
      await doc.attach(new TextEncoder().encode(`Interview notes: ${SECRET}, born 1984.`), `notes on ${SECRET}.txt`, { mimeType: 'text/plain', description: `Notes on ${SECRET}` });
      return doc.save();
    },
  },
  {
    name: 'incremental save over the unredacted original',
    catches: 'structure:revisions',
    oracle: oracles.revisions,
    async build() {
      const { doc } = await base();
      const original = await doc.save({ useObjectStreams: false });
      return appendRevisionWithout(original);
    },
  },
  {
    name: 'invisible OCR layer under a redacted scan',
    catches: 'hidden-text',
    oracle: oracles.text,
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
    oracle: oracles.qpdfJson,
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
    oracle: oracles.qpdfJson,
    async build() {
      const { doc } = await base({ secretOnPage: false });
      doc.addJavaScript('note', `var witness = "${SECRET}";`);
      return doc.save();
    },
  },
  {
    name: 'stamp naming a person',
    catches: 'structure:objects',
    oracle: oracles.bytes,
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
    oracle: oracles.pdfium,
    async build() {
      const { doc } = await base({ secretColor: [1, 1, 1] });
      return doc.save();
    },
  },
  {
    name: 'white box with new text typed on top',
    catches: 'structure:bytes',
    blind: false,
    oracle: oracles.text,
    async build() {
      const { doc, font, page } = await base();
      page.drawRectangle({ ...secretRect(font), color: rgb(1, 1, 1) });
      // Typed over the white box where the name was: the ink there is the new text's.
      page.drawText('the witness asked not to be named', { x: secretRect(font).x + 1, y: SECRET_AT.y, size: SECRET_AT.size, font });
      return doc.save();
    },
  },
  {
    name: 'image drawn over live text',
    catches: 'hidden-text',
    oracle: oracles.text,
    async build() {
      const { doc, font, page } = await base();
      const r = secretRect(font);
      const gray = { data: new Uint8Array(200 * 40).fill(235), width: 200, height: 40, dpi: 72 };
      page.drawImage(await doc.embedJpg((await encodeJpeg(gray, 90)).bytes), { x: r.x, y: r.y, width: r.width, height: r.height });
      return doc.save();
    },
  },
  {
    name: 'text off the page',
    catches: 'hidden-text',
    oracle: oracles.pdfium,
    async build() {
      const { doc, font, page } = await base({ secretOnPage: false });
      page.drawText(`Witness: ${SECRET}`, { x: -400, y: 600, size: 12, font });
      return doc.save();
    },
  },
  {
    name: 'text too small to read',
    catches: 'hidden-text',
    oracle: oracles.pdfium,
    async build() {
      const { doc, font, page } = await base({ secretOnPage: false });
      page.drawText(`Witness: ${SECRET}`, { ...SECRET_AT, size: 0.5, font });
      return doc.save();
    },
  },
  {
    name: 'text clipped away',
    catches: 'hidden-text',
    oracle: oracles.pdfium,
    async build() {
      const { doc, font, page } = await base({ secretOnPage: false });
      // The clip path is a small square far from the text: nothing of the text is painted.
      page.pushOperators(pushGraphicsState(), rectangle(400, 100, 40, 40), clip(), endPath());
      page.drawText(`Witness: ${SECRET}`, { ...SECRET_AT, font });
      page.pushOperators(popGraphicsState());
      return doc.save();
    },
  },
  {
    name: 'XMP metadata',
    catches: 'structure:objects',
    oracle: oracles.meta,
    async build() {
      const { doc } = await base({ secretOnPage: false });
      const xmp = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>${SECRET}</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
      const stream = doc.context.stream(xmp, { Type: 'Metadata', Subtype: 'XML' });
      doc.catalog.set(PDFName.of('Metadata'), doc.context.register(stream));
      return doc.save();
    },
  },
  {
    name: 'annotations of every kind with notes naming a person',
    catches: 'structure:objects',
    oracle: oracles.qpdfJson,
    async build() {
      const { doc, page } = await base({ secretOnPage: false });
      const kinds = ['Text', 'Square', 'Circle', 'Line', 'Polygon', 'PolyLine', 'Ink', 'Underline', 'StrikeOut', 'Squiggly', 'Caret', 'Popup', 'FileAttachment', 'Sound', 'Movie', 'Screen', 'PrinterMark', 'TrapNet', 'Watermark', '3D', 'Projection', 'RichMedia'];
      kinds.forEach((kind, i) => {
        const y = 100 + i * 12;
        annotation(doc, page, { Type: 'Annot', Subtype: kind, Rect: [400, y, 410, y + 10], Contents: PDFHexString.fromText(`${kind} note: ${SECRET}`), T: PDFString.of(SECRET), F: 32 });
      });
      return doc.save();
    },
  },
  {
    name: 'link to an address naming a person',
    catches: 'structure:objects',
    oracle: oracles.qpdfJson,
    async build() {
      const { doc, page } = await base({ secretOnPage: false });
      const uri = PDFString.of(`https://records.example/people/${SECRET}`);
      annotation(doc, page, { Type: 'Annot', Subtype: 'Link', Rect: [72, 690, 300, 712], Border: [0, 0, 0], A: { S: 'URI', URI: uri } });
      return doc.save();
    },
  },
  {
    name: 'script run on opening (OpenAction)',
    catches: 'structure:objects',
    oracle: oracles.qpdfJson,
    async build() {
      const { doc } = await base({ secretOnPage: false });
      doc.catalog.set(PDFName.of('OpenAction'), doc.context.obj({ S: 'JavaScript', JS: PDFString.of(`app.alert("${SECRET}");`) }));
      return doc.save();
    },
  },
  {
    name: 'page and document additional actions (AA)',
    catches: 'structure:objects',
    oracle: oracles.qpdfJson,
    async build() {
      const { doc, page } = await base({ secretOnPage: false });
      const js = (what: string) => doc.context.obj({ S: 'JavaScript', JS: PDFString.of(`var ${what} = "${SECRET}";`) });
      page.node.set(PDFName.of('AA'), doc.context.obj({ O: js('opened'), C: js('closed') }));
      doc.catalog.set(PDFName.of('AA'), doc.context.obj({ WC: js('closing') }));
      return doc.save();
    },
  },
  {
    name: 'named destination naming a person',
    catches: 'structure:objects',
    oracle: oracles.structure,
    async build() {
      const { doc, page } = await base({ secretOnPage: false });
      const dests = doc.context.obj({ Names: [PDFString.of(`statement of ${SECRET}`), [page.ref, PDFName.of('Fit')]] });
      doc.catalog.set(PDFName.of('Names'), doc.context.obj({ Dests: doc.context.register(dests) }));
      return doc.save();
    },
  },
  {
    name: 'page label naming a person',
    catches: 'structure:objects',
    oracle: oracles.structure,
    async build() {
      const { doc } = await base({ secretOnPage: false });
      doc.catalog.set(PDFName.of('PageLabels'), doc.context.obj({ Nums: [0, { S: 'D', P: PDFString.of(`${SECRET} p.`) }] }));
      return doc.save();
    },
  },
  {
    name: 'hidden layer (optional content)',
    catches: 'structure:objects',
    oracle: oracles.bytes,
    async build() {
      const { doc, font, page } = await base({ secretOnPage: false });
      const ocg = doc.context.register(doc.context.obj({ Type: 'OCG', Name: PDFString.of('Witness names') }));
      doc.catalog.set(PDFName.of('OCProperties'), doc.context.obj({ OCGs: [ocg], D: { Order: [ocg], OFF: [ocg] } }));
      const props = page.node.normalizedEntries().Resources;
      props.set(PDFName.of('Properties'), doc.context.obj({ oc1: ocg }));
      const key = page.node.newFontDictionary('Hid', font.ref);
      return appendContent(doc, page, `/OC /oc1 BDC BT /${key.asString().slice(1)} 12 Tf 72 600 Td (Witness: ${SECRET}) Tj ET EMC`);
    },
  },
  {
    name: 'font glyph names and ToUnicode spelling a person',
    catches: 'hidden-text',
    oracle: oracles.glyphs,
    async build() {
      const { doc, font, page } = await base({ secretOnPage: false });
      // A font whose codes 65… are the secret's letters in order, by glyph name and by ToUnicode.
      const letters = [...SECRET.replace(/\s/g, '')];
      const cmap = `/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Secret def 1 begincodespacerange <00> <FF> endcodespacerange ${letters.length} beginbfchar ${letters.map((c, i) => `<${(65 + i).toString(16)}> <${c.charCodeAt(0).toString(16).padStart(4, '0')}>`).join(' ')} endbfchar endcmap CMapName currentdict /CMap defineresource pop end end`;
      const toUnicode = doc.context.register(doc.context.stream(cmap));
      const secretFont = doc.context.register(
        doc.context.obj({ Type: 'Font', Subtype: 'Type1', BaseFont: 'Helvetica', Encoding: { Type: 'Encoding', Differences: [65, ...letters.map((c) => PDFName.of(c))] }, ToUnicode: toUnicode }),
      );
      const key = page.node.newFontDictionary('Sec', secretFont);
      const codes = letters.map((_, i) => String.fromCharCode(65 + i)).join('');
      // Drawn, then boxed over: a failed redaction whose font still spells what it drew.
      return appendContent(doc, page, `BT /${key.asString().slice(1)} 12 Tf 72 600 Td (${codes}) Tj ET 0 g 70 595 ${font.widthOfTextAtSize(SECRET, 12) + 4} 16 re f`);
    },
  },
  {
    name: 'structure tree with Alt and ActualText',
    catches: 'structure:objects',
    oracle: oracles.structure,
    async build() {
      const { doc, font, page } = await base({ secretOnPage: false });
      const ctx = doc.context;
      const rootRef = ctx.nextRef();
      const figure = ctx.register(ctx.obj({ Type: 'StructElem', S: 'Figure', P: rootRef, Pg: page.ref, Alt: PDFString.of(`Photograph of ${SECRET}`), K: 0 }));
      const span = ctx.register(ctx.obj({ Type: 'StructElem', S: 'Span', P: rootRef, Pg: page.ref, ActualText: PDFString.of(SECRET), K: 1 }));
      const parentTree = ctx.obj({ Nums: [0, [figure, span]] });
      ctx.assign(rootRef, ctx.obj({ Type: 'StructTreeRoot', K: [figure, span], ParentTree: ctx.register(parentTree) }));
      doc.catalog.set(PDFName.of('StructTreeRoot'), rootRef);
      doc.catalog.set(PDFName.of('MarkInfo'), ctx.obj({ Marked: true }));
      page.node.set(PDFName.of('StructParents'), PDFNumber.of(0));
      const key = page.node.newFontDictionary('Tag', font.ref);
      return appendContent(doc, page, `/Figure <</MCID 0>> BDC 0.8 g 72 560 60 30 re f EMC /Span <</MCID 1 /ActualText (${SECRET})>> BDC BT /${key.asString().slice(1)} 12 Tf 140 570 Td (a witness) Tj ET EMC`);
    },
  },
  {
    name: 'page thumbnail showing the unredacted page',
    catches: 'structure:objects',
    oracle: oracles.thumbnails,
    async build() {
      // The thumbnail a viewer saved before the name was blacked out: the name, large enough to read.
      const { doc: paper, font: paperFont, page: paperPage } = await base({ secretOnPage: false });
      paperPage.drawText(`Witness: ${SECRET}`, { x: 20, y: 740, size: 28, font: paperFont });
      const opened = await openPdf(await paper.save());
      if (!opened.ok) throw new Error(opened.problem.message);
      const gray = await (await opened.value.page(1)).render(72);
      await opened.value.close();
      const { doc, font, page } = await base();
      page.drawRectangle({ ...secretRect(font), color: rgb(0, 0, 0) });
      const thumb = doc.context.flateStream(gray.data, { Type: 'XObject', Subtype: 'Image', Width: gray.width, Height: gray.height, BitsPerComponent: 8, ColorSpace: 'DeviceGray' });
      page.node.set(PDFName.of('Thumb'), doc.context.register(thumb));
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

/** Adds a content stream with `operators` to the page, then saves. */
function appendContent(doc: PDFDocument, page: PDFPage, operators: string): Promise<Uint8Array> {
  const ref: PDFRef = doc.context.register(doc.context.stream(operators));
  page.node.addContentStream(ref);
  return doc.save();
}

/**
 * @module
 * Small PDFs built at test time (pdf-lib, or hand-written bytes where pdf-lib has no
 * API, as for Type3 fonts) for the extraction tests. Test support only.
 */
import { PDFDocument, StandardFonts, degrees, rgb } from 'pdf-lib';

export async function textPdf(pages: string[][], options: { rotate?: number; size?: [number, number] } = {}): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = pdf.addPage(options.size ?? [612, 792]);
    if (options.rotate) page.setRotation(degrees(options.rotate));
    lines.forEach((line, i) => page.drawText(line, { x: 72, y: 720 - i * 14, size: 11, font }));
  }
  return pdf.save({ useObjectStreams: false });
}

/** Text drawn on one page, which is then placed (scaled, moved) on another as a Form XObject. */
export async function formXObjectPdf(): Promise<Uint8Array> {
  const source = await PDFDocument.create();
  const font = await source.embedFont(StandardFonts.Helvetica);
  const inner = source.addPage([300, 200]);
  inner.drawText('Inside the form', { x: 10, y: 100, size: 20, font });
  const pdf = await PDFDocument.create();
  const [embedded] = await pdf.embedPdf(await source.save());
  const page = pdf.addPage([612, 792]);
  page.drawPage(embedded, { x: 100, y: 400, xScale: 0.5, yScale: 0.5 });
  return pdf.save();
}

/** A page with only a filled rectangle: nothing to extract. */
export async function blankPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.addPage([612, 792]).drawRectangle({ x: 100, y: 100, width: 200, height: 100, color: rgb(0.2, 0.2, 0.2) });
  return pdf.save();
}

/** Serialises numbered objects into a PDF with a correct xref table. */
export function assemblePdf(objects: (string | Uint8Array)[], rootRef = '1 0 R'): Uint8Array {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n', 'latin1')];
  let length = parts[0].length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(length);
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), typeof body === 'string' ? Buffer.from(body, 'latin1') : Buffer.from(body), Buffer.from('\nendobj\n', 'latin1')]);
    parts.push(chunk);
    length += chunk.length;
  });
  const table = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  parts.push(Buffer.from(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${table}trailer\n<< /Size ${objects.length + 1} /Root ${rootRef} >>\nstartxref\n${length}\n%%EOF\n`, 'latin1'));
  return new Uint8Array(Buffer.concat(parts));
}

function stream(content: string): string {
  return `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`;
}

/** A Type3 font whose glyphs "a" and "b" are drawn boxes, showing the text "ab ba". */
export function type3Pdf(): Uint8Array {
  const widths = Array.from({ length: 98 - 32 + 1 }, (_, i) => (i === 0 ? 250 : i >= 65 ? 500 : 0)).join(' ');
  const content = 'BT /F1 24 Tf 100 700 Td (ab ba) Tj ET';
  return assemblePdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    stream(content),
    `<< /Type /Font /Subtype /Type3 /FontBBox [0 0 500 700] /FontMatrix [0.001 0 0 0.001 0 0] /CharProcs << /a 6 0 R /b 7 0 R /space 8 0 R >> /Encoding << /Type /Encoding /Differences [32 /space 97 /a /b] >> /FirstChar 32 /LastChar 98 /Widths [${widths}] >>`,
    stream('500 0 0 0 450 700 d1 50 0 400 700 re f'),
    stream('500 0 0 0 450 700 d1 50 0 400 350 re f'),
    stream('250 0 d0'),
  ]);
}

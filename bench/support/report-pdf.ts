/**
 * @module
 * The born-digital report the redact and batch benchmarks share: a red heading and
 * a bar chart on every page, 40 lines of text, personal data on chosen pages. A
 * seed gives each report of a batch its own bytes (the batch processes identical
 * files once).
 */
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';

const vocabulary =
  'the department reviewed incident report officer county records request public release exemption budget audit findings payment contract agency director memo hearing bridge inspection schedule council'.split(' ');

/** The personal data written on page `p` (0-based) of a report when it has any: what a redaction must remove. */
export function reportSecrets(p: number): string[] {
  return [`372-41-${String(1000 + p).slice(-4)}`, `555-867-${String(5300 + p).slice(-4)}`, `inspector${p}@kestrelbay.gov`];
}

/** A born-digital report: red heading and a bar chart on every page, 40 lines of text, personal data on pages where `withData(p)`. */
export async function reportPdf(pages: number, withData: (p: number) => boolean, seed = 7): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.TimesRoman);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const next = () => (seed = (seed * 48271) % 2147483647);
  for (let p = 0; p < pages; p++) {
    const page = pdf.addPage([612, 792]);
    page.drawText('CITY OF KESTREL BAY — PUBLIC WORKS REPORT', { x: 72, y: 750, size: 13, font: bold, color: rgb(0.8, 0.1, 0.1) });
    // A bar chart in the bottom margin, clear of the text.
    for (let bar = 0; bar < 4; bar++) page.drawRectangle({ x: 400 + bar * 35, y: 20, width: 25, height: 20 + (next() % 50) + bar * 8, color: rgb(0.1, 0.3 + bar * 0.15, 0.7) });
    const [ssn, phone, email] = reportSecrets(p);
    for (let line = 0; line < 40; line++) {
      let text = Array.from({ length: 10 }, () => vocabulary[next() % vocabulary.length]).join(' ');
      if (withData(p) && line === 12) text = `Contact for the file: SSN ${ssn}, phone ${phone}.`;
      if (withData(p) && line === 27) text = `Reply to ${email} with the case number and the site address.`;
      page.drawText(line === 0 ? `Page ${p + 1} of ${pages}: ${text}` : text, { x: 72, y: 720 - line * 15, size: 11, font });
    }
  }
  return pdf.save();
}

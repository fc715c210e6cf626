/**
 * @module
 * Small text PDFs for the batch tests, written with pdf-lib, and a folder of
 * good and bad inputs built from them.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';

/** A text PDF whose pages hold the given lines. */
export async function textPdf(pages: string[][]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  // Fixed dates: the same lines give the same bytes, so duplicates are real duplicates.
  pdf.setCreationDate(new Date('2020-01-01T00:00:00Z'));
  pdf.setModificationDate(new Date('2020-01-01T00:00:00Z'));
  for (const lines of pages) {
    const page = pdf.addPage([612, 792]);
    lines.forEach((line, i) => page.drawText(line, { x: 72, y: 720 - i * 18, size: 11, font }));
  }
  return pdf.save();
}

/** A report page mentioning a person, an SSN and an email, so detection has work. */
export function reportLines(n: number): string[] {
  return [
    `Case report ${n}`,
    `The applicant Maria Gonzalez, SSN 372-41-${String(1000 + n).slice(-4)}, called on March ${(n % 27) + 1}.`,
    `She may be reached at maria.gonzalez${n}@example.org or 555-867-${String(5300 + n).slice(-4)} during office hours.`,
    'After a visit the inspector found the site in order and closed the file.',
  ];
}

export interface Corpus {
  folder: string;
  /** Relative paths expected to end in review. */
  good: string[];
}

/** Good reports (some of several pages), a duplicate, a zero-byte file and a corrupt PDF. */
export async function writeCorpus(folder: string, reports = 4, pagesOf: (i: number) => number = (i) => (i % 3) + 1): Promise<Corpus> {
  mkdirSync(join(folder, 'sub'), { recursive: true });
  const good: string[] = [];
  for (let i = 1; i <= reports; i++) {
    const path = i % 2 === 0 ? `sub/report-${i}.pdf` : `report-${i}.pdf`;
    const pages = Array.from({ length: pagesOf(i) }, (_, p) => reportLines(i * 10 + p));
    writeFileSync(join(folder, path), await textPdf(pages));
    good.push(path);
  }
  copyFileSync(join(folder, good[0]), join(folder, 'sub', 'copy-of-report-1.pdf'));
  writeFileSync(join(folder, 'empty.pdf'), new Uint8Array());
  writeFileSync(join(folder, 'corrupt.pdf'), '%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ngarbage that is not a PDF\n');
  return { folder, good };
}

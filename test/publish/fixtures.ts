/**
 * @module
 * Tiny documents for the publish tests: an original written with pdf-lib, its
 * document model, the redacted copy made by the real writer (redaction/write),
 * and a fake "redaction" (a box drawn over text that is still there). The removed
 * strings are returned so tests can prove they reach no output file.
 */
import { createHash } from 'node:crypto';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { MODEL_VERSION } from '../../pipeline/model/types.ts';
import type { Box, Document, PageBox, Redaction } from '../../pipeline/model/types.ts';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';
import { writeRedacted } from '../../redaction/write/write-redacted.ts';
import { layoutLines } from '../../pipeline/model/page-text.ts';

/** A page: lines of text; a word written [[like this]] is removed in the redacted copy. */
export type FixturePage = string[];

export interface FixtureDocument {
  /** Every word drawn. */
  original: Uint8Array;
  /** Written by redaction/write from the original: kept words, a burned box and a marker where each removed word was. */
  redacted: Uint8Array;
  /** Every word, with a black box merely drawn over the removed ones: looks redacted, is not. */
  overlaid: Uint8Array;
  /** The document model of the original, as extraction would give it. */
  model: Document;
  boxes: PageBox[];
  removed: string[];
}

/** Lays the words out once, then writes the original and the redacted PDF from the same layout. */
export async function fixtureDocument(pages: FixturePage[], fileName = 'fixture.pdf', exemption = 'b6'): Promise<FixtureDocument> {
  const size = 12;
  const measure = await PDFDocument.create();
  const font = await measure.embedFont(StandardFonts.Helvetica);
  const space = font.widthOfTextAtSize(' ', size);
  const laid = pages.map((lines) =>
    lines.map((line, lineIndex) => {
      const baseline = 720 - lineIndex * 20;
      let x = 72;
      return [...line.matchAll(/\[\[([^\]]+)\]\]|\S+/g)].map((m) => {
        const text = m[1] ?? m[0];
        const width = font.widthOfTextAtSize(text, size);
        const word = { text, removed: m[1] !== undefined, x, baseline, width, box: [x, 792 - baseline - size * 0.95, x + width, 792 - baseline + size * 0.25] as Box };
        x += width + space;
        return word;
      });
    }),
  );
  const write = async (mode: 'original' | 'overlaid') => {
    const pdf = await PDFDocument.create();
    const f = await pdf.embedFont(StandardFonts.Helvetica);
    for (const lines of laid) {
      const page = pdf.addPage([612, 792]);
      for (const w of lines.flat()) {
        page.drawText(w.text, { x: w.x, y: w.baseline, size, font: f });
        if (mode === 'overlaid' && w.removed) page.drawRectangle({ x: w.x - 1, y: w.baseline - 4, width: w.width + 2, height: size + 4, color: rgb(0, 0, 0) });
      }
    }
    pdf.setProducer('Daylight test');
    pdf.setCreator('Daylight test');
    pdf.setCreationDate(new Date('2026-01-01T00:00:00Z'));
    pdf.setModificationDate(new Date('2026-01-01T00:00:00Z'));
    return pdf.save({ useObjectStreams: false });
  };
  const original = await write('original');
  const model: Document = {
    modelVersion: MODEL_VERSION,
    id: sha256(original),
    fileName,
    mediaType: 'application/pdf',
    byteLength: original.byteLength,
    warnings: [],
    pages: laid.map((lines, i) => ({ number: i + 1, width: 612, height: 792, rotation: 0, source: 'text', ...layoutLines(lines.map((l) => l.map((w) => ({ text: w.text, box: w.box })))) })),
  };
  const boxes: PageBox[] = laid.flatMap((lines, i) => lines.flat().filter((w) => w.removed).map((w) => ({ page: i + 1, box: w.box })));
  const redactions: Redaction[] = boxes.map((b, i) => ({ id: `r-${i}`, boxes: [b], category: 'personal.name', exemption, from: { findings: [`f-${i}`] }, decision: 'accepted', reason: 'Name of a private person' }));
  // The real clean-room writer makes the redacted copy, as the review app does on approval.
  const written = await writeRedacted({ bytes: original, fileName }, model, redactions, defaultPolicy(), { dpi: 100, date: new Date('2026-01-01T00:00:00Z') });
  if (!written.ok) throw new Error(`${written.problem.code}: ${written.problem.message}`);
  return { original, redacted: written.value.pdf, overlaid: await write('overlaid'), model, boxes, removed: laid.flat(2).filter((w) => w.removed).map((w) => w.text) };
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * @module
 * Tiny releases for the publish tests: "redacted" PDFs written with pdf-lib that
 * hold only the kept words plus a black box where each removed word was, the way
 * the redaction writer leaves them. The removed strings are returned so tests can
 * prove they reach no output file.
 */
import { createHash } from 'node:crypto';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import type { PassedDocument } from '../../pipeline/publish/collect.ts';
import type { BundleExemption, RedactionLogEntry } from '../../pipeline/publish/bundle.ts';
import { MODEL_VERSION } from '../../pipeline/model/types.ts';
import type { Box, Document, PageBox, Redaction } from '../../pipeline/model/types.ts';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';
import { writeRedacted } from '../../redaction/write/write-redacted.ts';
import { layoutLines } from '../../pipeline/model/page-text.ts';

export const exemptions: BundleExemption[] = [
  { key: 'b6', code: '(b)(6)', label: 'Personal privacy', description: 'Information about a person whose release would be an unwarranted invasion of their privacy, such as home addresses or identity numbers.' },
  { key: 'b5', code: '(b)(5)', label: 'Deliberative process', description: 'Drafts and internal advice written before a decision was made.' },
];

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

export interface FixtureRelease {
  id: string;
  title: string;
  date: string;
  documents: { title: string; pages: FixturePage[]; exemption?: string }[];
}

/** Turns fixture releases into gate-passed documents, with a redaction log row per removed word. */
export async function passedDocuments(releases: FixtureRelease[]): Promise<{ passed: PassedDocument[]; removed: string[] }> {
  const passed: PassedDocument[] = [];
  const removed: string[] = [];
  for (const release of releases) {
    for (const doc of release.documents) {
      const pdf = await fixtureDocument(doc.pages, `${doc.title}.pdf`, doc.exemption ?? 'b6');
      removed.push(...pdf.removed);
      const exemption = exemptions.find((e) => e.key === (doc.exemption ?? 'b6'))!;
      const redactions: RedactionLogEntry[] = pdf.boxes.map(({ page, box }) => ({
        page,
        box,
        category: exemption.key === 'b6' ? 'personal.name' : 'deliberative.draft',
        exemption: exemption.key,
        code: exemption.code,
        detector: 'people',
        reason: exemption.key === 'b6' ? 'Name of a private person' : 'Internal draft advice',
      }));
      passed.push({
        release: { id: release.id, title: release.title, office: 'Office of Public Records, City of Example', date: release.date, description: `Documents released on ${release.date.slice(0, 10)}.` },
        title: doc.title,
        fileName: `${doc.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.pdf`,
        bytes: pdf.redacted,
        sha256: sha256(pdf.redacted),
        approvedBy: 'approver-1',
        approvedAt: release.date,
        publishedAt: release.date,
        redactions,
      });
    }
  }
  return { passed, removed };
}

/**
 * @module
 * A small review workspace built the way the batch leaves one: a batch of two
 * text PDFs (written here with pdf-lib, so every word's box is known), their
 * document models, findings, proposed redactions and pages, both documents in
 * `in_review`. The batch is recorded as run by "batch-runner".
 * It does not depend on the detectors, so review tests stay about review.
 */
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { boxesForRange, documentText } from '../../pipeline/model/document-text.ts';
import type { Document, Finding, Page, Word } from '../../pipeline/model/types.ts';
import { MODEL_VERSION } from '../../pipeline/model/types.ts';
import { proposeRedactions } from '../../pipeline/batch/proposals.ts';
import { createUser, findOrCreateBatch, insertDocument, openWorkspace, pageMeta, putJsonBlob, replaceFindings, replacePages, replaceProposedRedactions, setState, sha256Hex } from '../../pipeline/workspace/store/index.ts';
import type { DocumentRecord, Workspace } from '../../pipeline/workspace/store/index.ts';
import { testPostgres } from '../support/postgres.ts';
import { tempDir } from '../support/temp-dir.ts';

export const PASSWORD = 'review-test-password-1';
export const BATCH_RUNNER = 'batch-runner';

const SIZE = 12;
const LEFT = 72;

export interface Spec {
  fileName: string;
  /** Page 1's lines; `morePages` are pages 2, 3, … */
  lines: string[];
  morePages?: string[][];
  /** Model the pages as read by OCR (a scan), as the review page shows those with a crop of the image. */
  scan?: boolean;
  /** `nth` picks a later occurrence of the text (0-based; the first by default). */
  findings: { text: string; category: string; detector: string; score: number; action?: Finding['action']; nth?: number }[];
}

export const memo: Spec = {
  fileName: 'incident-report.pdf',
  lines: [
    'Incident report 2025-114',
    'Prepared by the records office for public release.',
    'The complainant Maria Gonzalez called on 12 March.',
    'Her SSN is 372-41-8806 and her email is mgonzalez@example.org today.',
    'The officer noted the budget line item 4471 for training.',
    'Witness Daniel Okafor confirmed the account.',
    'Nothing else of note was recorded.',
  ],
  findings: [
    { text: 'Maria Gonzalez', category: 'personal.name', detector: 'people', score: 0.82 },
    { text: '372-41-8806', category: 'personal.ssn', detector: 'ssn', score: 0.95 },
    { text: 'mgonzalez@example.org', category: 'personal.email', detector: 'email', score: 0.99 },
    { text: '4471', category: 'personal.id-number', detector: 'id-number', score: 0.55 },
  ],
};

export const followUp: Spec = {
  fileName: 'follow-up.pdf',
  lines: ['Follow-up memo 2025-115', 'Maria Gonzalez wrote again about the case.', 'The contact line 555-0142 was used twice.'],
  findings: [
    { text: '555-0142', category: 'personal.phone', detector: 'phone', score: 0.9 },
    { text: '2025-115', category: 'government.internal-id', detector: 'internal-id', score: 0.7, action: 'keep' },
  ],
};

async function buildPdf(spec: Spec): Promise<{ bytes: Uint8Array; document: Document }> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const pages: Page[] = [spec.lines, ...(spec.morePages ?? [])].map((lines, p) => {
    const pdfPage = pdf.addPage([612, 792]);
    const words: Word[] = [];
    let offset = 0;
    lines.forEach((line, index) => {
      const baseline = 100 + index * 24;
      pdfPage.drawText(line, { x: LEFT, y: 792 - baseline, size: SIZE, font });
      let x = LEFT;
      for (const [i, text] of line.split(' ').entries()) {
        if (i > 0) {
          x += font.widthOfTextAtSize(' ', SIZE);
          offset += 1;
        }
        const w = font.widthOfTextAtSize(text, SIZE);
        words.push({ text, box: [x, baseline - 0.75 * SIZE, x + w, baseline + 0.22 * SIZE], start: offset, end: offset + text.length, line: index });
        x += w;
        offset += text.length;
      }
      offset += 1; // the "\n" between lines
    });
    return { number: p + 1, width: 612, height: 792, rotation: 0, source: spec.scan ? 'ocr' : 'text', text: lines.join('\n'), words };
  });
  const bytes = await pdf.save();
  return {
    bytes,
    document: { modelVersion: MODEL_VERSION, id: sha256Hex(bytes), fileName: spec.fileName, mediaType: 'application/pdf', byteLength: bytes.length, pages, warnings: [] },
  };
}

function findingsOf(spec: Spec, document: Document): Finding[] {
  const dt = documentText(document);
  return spec.findings.map((f, i) => {
    let start = dt.text.indexOf(f.text);
    for (let n = 0; n < (f.nth ?? 0) && start >= 0; n++) start = dt.text.indexOf(f.text, start + 1);
    if (start < 0) throw new Error(`fixture: "${f.text}" is not in ${spec.fileName}`);
    return {
      id: `f${i + 1}`,
      detector: f.detector,
      category: f.category,
      exemption: 'b6',
      action: f.action ?? 'redact',
      score: f.score,
      text: f.text,
      why: [`pattern ${f.detector}`],
      start,
      end: start + f.text.length,
      boxes: boxesForRange(document, dt, start, start + f.text.length),
    };
  });
}

export async function addDocument(ws: Workspace, batchId: string, spec: Spec): Promise<DocumentRecord> {
  const { bytes, document } = await buildPdf(spec);
  const original = await ws.blobs.put(bytes);
  const model = await putJsonBlob(ws.blobs, document);
  if (!original.ok || !model.ok) throw new Error('fixture: blob write failed');
  const record = await insertDocument(ws, { batchId, path: spec.fileName, fileName: spec.fileName, state: 'queued', sha256: document.id, byteLength: bytes.length, mediaType: 'application/pdf', originalBlob: original.value }, BATCH_RUNNER);
  const move = async (to: Parameters<typeof setState>[2]['to'], patch = {}) => {
    const moved = await setState(ws, record.id, { to, actor: BATCH_RUNNER, patch });
    if (!moved.ok) throw new Error(`fixture: ${moved.problem.message}`);
  };
  await move('extracted', { modelBlob: model.value, pageCount: document.pages.length, mediaType: 'application/pdf' });
  await replacePages(ws, record.id, document.pages.map(pageMeta));
  const findings = findingsOf(spec, document);
  await replaceFindings(ws, record.id, findings);
  await move('detected');
  await replaceProposedRedactions(ws, record.id, proposeRedactions(document, findings), 'batch');
  await move('redacted');
  await move('verified');
  await move('in_review');
  return record;
}

export interface ReviewFixture {
  ws: Workspace;
  dir: string;
  memoId: string;
  followUpId: string;
}

/**
 * A fresh workspace in a temp folder with both documents in review and one user per role (plus a second approver).
 * `extraCopies` adds that many more copies of the memo under other names (for benchmarks). `databaseUrl`
 * puts the tables in that (empty) PostgreSQL database instead of the folder's embedded one.
 */
export async function makeReviewFixture(options: { extraCopies?: number; databaseUrl?: string } = {}): Promise<ReviewFixture> {
  const dir = join(tempDir('daylight-review-'), 'ws');
  const opened = await openWorkspace(dir, { databaseUrl: options.databaseUrl ?? '' });
  if (!opened.ok) throw new Error(opened.problem.message);
  const ws = opened.value;
  const { batch } = await findOrCreateBatch(ws, { name: 'october', folder: '/records/october', policyHash: 'test' }, { codeVersion: 'test', actor: BATCH_RUNNER });
  const a = await addDocument(ws, batch.id, memo);
  const b = await addDocument(ws, batch.id, followUp);
  for (let i = 1; i <= (options.extraCopies ?? 0); i++) await addDocument(ws, batch.id, { ...memo, fileName: `incident-report-${String(i).padStart(3, '0')}.pdf` });
  for (const [name, role] of [['ana', 'approver'], ['bo', 'approver'], ['cy', 'clerk'], ['di', 'admin'], [BATCH_RUNNER, 'approver']] as const) {
    const made = await createUser(ws, { name, role, password: PASSWORD }, 'test');
    if (!made.ok) throw new Error(made.problem.message);
  }
  return { ws, dir, memoId: a.id, followUpId: b.id };
}

/**
 * A long report for benchmarks: `pages` pages of 24 lines, with `findings`
 * proposals spread evenly over them, drawn from 12 values (names, SSNs,
 * emails, phones), so most values occur more than once, as in real files.
 */
export function longReport(fileName: string, pages = 20, findings = 30): Spec {
  const values: [string, string, string][] = [
    ['Lena Marsh', 'personal.name', 'people'],
    ['Tomas Varga', 'personal.name', 'people'],
    ['Ines Calder', 'personal.name', 'people'],
    ['Ravi Okonkwo', 'personal.name', 'people'],
    ['Hanna Ludvik', 'personal.name', 'people'],
    ['521-63-9087', 'personal.ssn', 'ssn'],
    ['618-27-4410', 'personal.ssn', 'ssn'],
    ['lmarsh@example.org', 'personal.email', 'email'],
    ['tvarga@example.net', 'personal.email', 'email'],
    ['555-0187', 'personal.phone', 'phone'],
    ['555-0123', 'personal.phone', 'phone'],
    ['Pia Sorensen', 'personal.name', 'people'],
  ];
  const lines: string[][] = Array.from({ length: pages }, (_, p) =>
    Array.from({ length: 24 }, (_, i) => `Section ${p + 1}.${i + 1}: the committee reviewed the budget and the schedule for the quarter.`),
  );
  const seen = new Map<string, number>();
  const out: Spec['findings'] = [];
  for (let k = 0; k < findings; k++) {
    const [text, category, detector] = values[k % values.length];
    const page = Math.floor((k * pages) / findings);
    const line = 2 + ((k * 7) % 20);
    lines[page][line] = `The statement from ${text} was filed with the office.`;
    const nth = seen.get(text) ?? 0;
    seen.set(text, nth + 1);
    out.push({ text, category, detector, score: 0.9, nth });
  }
  // A line can be overwritten by a later finding on the same page; keep only findings whose line survived.
  const kept = out.filter((f) => lines.flat().filter((l) => l.includes(f.text)).length > (f.nth ?? 0));
  return { fileName, lines: lines[0], morePages: lines.slice(1), findings: kept };
}

export interface FixtureAdapter {
  name: 'sqlite' | 'postgres';
  /** Why this adapter's tests are skipped (false when they run). */
  skip: string | false;
  /** '' for the embedded workspace, else a fresh PostgreSQL database's URL. */
  databaseUrl(): Promise<string>;
}

/**
 * Both workspace adapters, for review tests that must hold on each: the
 * embedded one and PostgreSQL (test/support/postgres.ts starts a throwaway
 * cluster once per process, or uses DAYLIGHT_TEST_DATABASE_URL; `stop` ends it).
 */
export async function fixtureAdapters(): Promise<{ adapters: FixtureAdapter[]; stop(): Promise<void> }> {
  const pg = await testPostgres();
  return {
    adapters: [
      { name: 'sqlite', skip: false, databaseUrl: async () => '' },
      { name: 'postgres', skip: pg.skip, databaseUrl: () => pg.server!.freshDatabase() },
    ],
    stop: async () => {
      await pg.server?.stop();
    },
  };
}

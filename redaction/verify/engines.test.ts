import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import { pdfiumText } from './pdfium-text.ts';
import { verifyPdf } from './verify-pdf.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** A plain one-page PDF with nothing a release may not carry (no annotations, no Creator). */
async function textPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([612, 792]);
  page.drawText('Witness Jane Roe saw the truck.', { x: 72, y: 700, size: 12, font });
  page.drawText('Nothing else happened.', { x: 72, y: 680, size: 12, font });
  page.node.delete(PDFName.of('Annots'));
  return doc.save();
}

test('PDFium reads the words of a page with their boxes, top-left points', async () => {
  const out = await pdfiumText(await textPdf());
  assert.ok(out.ok, out.ok ? '' : out.message);
  const words = out.value.pages[0].words ?? [];
  assert.deepEqual(words.slice(0, 3).map((w) => w.text), ['Witness', 'Jane', 'Roe']);
  const [a, b] = words;
  assert.ok(a.box[0] < a.box[2] && a.box[1] < a.box[3], 'a box is [x0, y0, x1, y1]');
  assert.ok(b.box[0] > a.box[2] && Math.abs(b.box[1] - a.box[1]) < 1, 'the next word is to the right on the same line');
  assert.match(out.value.pages[0].text, /Nothing else happened/);
  const broken = await pdfiumText(new Uint8Array([1, 2, 3]));
  assert.equal(broken.ok, false);
});

test('PDFium: a word hyphenated across a line break is two words, one on each line, and a box over either half still finds it', async () => {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([612, 792]);
  page.drawText('The clinic issues the standard anti-', { x: 72, y: 700, size: 12, font });
  page.drawText('malarial tablets to every traveller.', { x: 72, y: 686, size: 12, font });
  page.node.delete(PDFName.of('Annots'));
  const pdf = await doc.save();
  const out = await pdfiumText(pdf);
  assert.ok(out.ok, out.ok ? '' : out.message);
  const words = out.value.pages[0].words ?? [];
  // The oracle: PDFium joins the halves in its text (a word the verifier must still find by its letters).
  assert.match(out.value.pages[0].text, /anti\uFFFEmalarial/);
  for (const w of words) assert.ok(w.box[3] - w.box[1] < 16, `"${w.text}" spans one line, not two (${w.box.map((v) => v.toFixed(0))})`);
  const second = words.find((w) => w.text.startsWith('malarial'));
  assert.ok(second && second.box[0] < 80, 'the second half starts the second line');
  // A box over the second half: PDFium's word there is still a leak; one over the first line's start meets nothing.
  const tools = { pdftotext: false, mutool: false };
  const under = await verifyPdf(pdf, { removed: [], boxes: [{ page: 1, box: [70, 94, 120, 108] }] }, { tools });
  assert.ok(under.problems.some((p) => p.page === 1 && /pdfium finds \d+ word/.test(p.message)), JSON.stringify(under.problems));
  const clear = await verifyPdf(pdf, { removed: ['antimalarial'], boxes: [] }, { tools });
  assert.ok(clear.problems.some((p) => /pdfium extracts a removed string/.test(p.message)), 'the joined word is still found in the text');
});

test('a clean PDF passes with pdf.js and PDFium alone, and the report names the engines', async () => {
  const report = await verifyPdf(await textPdf(), { removed: [], boxes: [] }, { tools: { pdftotext: false, mutool: false } });
  assert.equal(report.ok, true, JSON.stringify(report.problems));
  assert.deepEqual(report.engines.filter((e) => e.independent).map((e) => e.engine), ['pdf.js', 'pdfium']);
  assert.deepEqual(report.engines.filter((e) => e.status === 'off').map((e) => e.engine), ['pdftotext', 'mutool']);
  assert.equal(report.checks.find((c) => c.id === 'engines')?.status, 'pass');
});

test('fewer than two independent engines is a failure that says what to install, never a pass', async () => {
  const pdf = await textPdf();
  const alone = await verifyPdf(pdf, { removed: [], boxes: [] }, { tools: { pdfium: false, pdftotext: false, mutool: false } });
  assert.equal(alone.ok, false);
  assert.equal(alone.leak, false, 'not a leak: nothing was found, but nothing may pass');
  const problem = alone.problems.find((p) => p.code === 'verify.engines');
  assert.ok(problem, JSON.stringify(alone.problems));
  assert.match(problem.message, /poppler-utils/);
  assert.equal(alone.checks.find((c) => c.id === 'engines')?.status, 'fail');
  // The writer's engine still reads the release but does not count.
  const surgical = await verifyPdf(pdf, { removed: [], boxes: [] }, { tools: { pdftotext: false, mutool: false }, writtenWith: ['pdfium'] });
  assert.equal(surgical.ok, false);
  assert.deepEqual(surgical.engines.map((e) => [e.engine, e.status, e.independent]).slice(0, 2), [['pdf.js', 'ran', true], ['pdfium', 'ran', false]]);
  assert.ok(surgical.problems.some((p) => p.code === 'verify.engines'));
});

test('PDFium on its own catches a removed string pdf.js also sees, and counts with an outside tool', async () => {
  const pdf = await textPdf();
  const report = await verifyPdf(pdf, { removed: ['Jane Roe'], boxes: [] }, { tools: { mutool: false } });
  assert.equal(report.ok, false);
  for (const id of ['text:pdf.js', 'text:pdfium']) assert.equal(report.checks.find((c) => c.id === id)?.status, 'fail', id);
  const tool = report.engines.find((e) => e.engine === 'pdftotext')!;
  // With poppler installed, pdf.js and pdftotext are two independent engines even when PDFium wrote the file.
  if (tool.status === 'ran') {
    const clean = await verifyPdf(pdf, { removed: [], boxes: [] }, { tools: { mutool: false }, writtenWith: ['pdfium'] });
    assert.equal(clean.ok, true, JSON.stringify(clean.problems));
  }
});

test('the verifier imports nothing from the writer', () => {
  for (const file of readdirSync(here).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(join(here, file), 'utf8');
    for (const m of source.matchAll(/from '([^']+)'/g)) assert.ok(!/(^|\/)write\//.test(m[1]) && !/redact-file/.test(m[1]), `${file} imports ${m[1]}`);
  }
});

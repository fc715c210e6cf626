/**
 * @module
 * `npm run bench -- verify-engines`: how long each of the verifier's text engines takes
 * to read every page (text and word boxes) of the same born-digital 100-page report,
 * in one run: pdf.js and PDFium (both shipped, in this process), and poppler's
 * `pdftotext -bbox` and MuPDF's `mutool draw -F txt` (separate processes, as the
 * verifier runs them). Printed as ratios to pdftotext; medians of three runs after a warm-up.
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { openPdf } from '../pipeline/extract/pdfjs.ts';
import { pageTextFromRuns } from '../pipeline/extract/words-from-runs.ts';
import { pdfiumText } from '../redaction/verify/pdfium-text.ts';
import { mutoolText, pdftotextWords, toolInput } from '../redaction/verify/tools.ts';

async function report(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let p = 1; p <= pages; p++) {
    const page = doc.addPage([612, 792]);
    for (let line = 0; line < 45; line++) {
      page.drawText(`Page ${p}, line ${line + 1}: the division reviewed fuel purchases, vehicle records and payroll leave.`, { x: 72, y: 740 - line * 15, size: 10, font });
    }
  }
  return doc.save();
}

async function pdfjs(pdf: Uint8Array): Promise<number> {
  const opened = await openPdf(pdf);
  if (!opened.ok) throw new Error(opened.problem.message);
  let words = 0;
  for (let n = 1; n <= opened.value.pageCount; n++) {
    const page = await opened.value.page(n);
    const { runs, styles } = await page.textRuns();
    words += pageTextFromRuns(runs, styles, page.toTopLeft).words.length;
  }
  await opened.value.close();
  return words;
}

const pdf = await report(100);
const input = await toolInput(pdf);
const engines: [string, () => Promise<number>][] = [
  ['pdftotext -bbox', async () => { const r = await pdftotextWords(input); if (!r.ok) throw new Error(r.message); return r.value.pages.reduce((a, p) => a + (p.words?.length ?? 0), 0); }],
  ['mutool draw -F txt', async () => { const r = await mutoolText(input); if (!r.ok) throw new Error(r.message); return r.value.pages.length; }],
  ['pdf.js (in process)', () => pdfjs(pdf)],
  ['PDFium WebAssembly (in process)', async () => { const r = await pdfiumText(pdf); if (!r.ok) throw new Error(r.message); return r.value.pages.reduce((a, p) => a + (p.words?.length ?? 0), 0); }],
];
const rows: [string, number, number][] = [];
for (const [name, run] of engines) {
  await run();
  const times: number[] = [];
  let count = 0;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    count = await run();
    times.push(performance.now() - t);
  }
  rows.push([name, times.sort((a, b) => a - b)[1], count]);
}
await input.dispose();
const base = rows[0][1];
console.log('| engine (100-page report) | median ms | ÷ pdftotext | words (pages for mutool) |');
console.log('| --- | --- | --- | --- |');
for (const [name, ms, count] of rows) console.log(`| ${name} | ${ms.toFixed(0)} | ${(ms / base).toFixed(2)}× | ${count} |`);
console.log('\nWall time on a shared machine: compare the ratios, not the milliseconds.');
process.exit(0);

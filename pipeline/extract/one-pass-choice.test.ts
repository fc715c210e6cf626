import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { ONE_PASS_AFTER_PAGES, ONE_PASS_MIN_BYTES } from './pdfjs-one-pass.ts';

async function report(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  for (let p = 0; p < pages; p++) {
    const page = doc.addPage([612, 792]);
    for (let line = 0; line < 30; line++) page.drawText(`Line ${line} of page ${p + 1} names the culvert on Alder Road`, { x: 72, y: 710 - line * 18, size: 11, font });
    page.drawRectangle({ x: 400, y: 20, width: 25, height: 40 });
  }
  return doc.save();
}

/**
 * In a fresh process (the choice is per thread and lasts): extracts the file `times` times and
 * prints, for each, whether the one-pass worker read it, then the models.
 */
function extractInChild(bytes: Uint8Array, times: number, env: Record<string, string> = {}): { onePass: boolean[]; pages: unknown[] } {
  const script = `
    import { extractDocument } from ${JSON.stringify(new URL('./extract-document.ts', import.meta.url).href)};
    import { openPdf } from ${JSON.stringify(new URL('./pdfjs.ts', import.meta.url).href)};
    import { readFileSync } from 'node:fs';
    const bytes = new Uint8Array(readFileSync(0));
    const onePass = [];
    const pages = [];
    for (let i = 0; i < ${times}; i++) {
      const r = await extractDocument({ bytes, fileName: 'report.pdf' });
      if (!r.ok) throw new Error(r.problem.message);
      pages.push(r.value.pages);
      // The worker the next file of this size gets: what the extraction just chose, since the choice only moves on.
      const opened = await openPdf(bytes);
      onePass.push(opened.value.onePass);
      await opened.value.close();
    }
    process.stdout.write(JSON.stringify({ onePass, pages }));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { input: bytes, encoding: 'utf8', maxBuffer: 1 << 27, env: { ...process.env, DAYLIGHT_ONE_PASS: '', DAYLIGHT_EXTRACT_THREAD: '', ...env } });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout);
}

test("a small file is read with pdf.js's own worker, to the same model the one-pass worker gives; from ONE_PASS_AFTER_PAGES pages read, the one-pass worker", async () => {
  const bytes = await report(40);
  assert.ok(bytes.length < ONE_PASS_MIN_BYTES);
  const times = Math.ceil(ONE_PASS_AFTER_PAGES / 40) + 1;
  const auto = extractInChild(bytes, times);
  const always = extractInChild(bytes, 1, { DAYLIGHT_ONE_PASS: 'on' });
  // 40 pages, then 80, then 120 read without it: the next file gets it.
  assert.deepEqual(auto.onePass, [false, false, true, true]);
  assert.deepEqual(always.onePass, [true]);
  for (const pages of auto.pages) assert.deepEqual(pages, always.pages[0]);
});

test('a file from ONE_PASS_MIN_BYTES is read with the one-pass worker at once', async () => {
  // Enough pages of text to pass the size; one read.
  let pages = 60;
  let bytes = await report(pages);
  while (bytes.length < ONE_PASS_MIN_BYTES) bytes = await report((pages *= 2));
  assert.deepEqual(extractInChild(bytes, 1).onePass, [true]);
});

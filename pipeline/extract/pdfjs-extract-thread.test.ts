import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { extractDocument } from './extract-document.ts';
import { onePassWorker } from './pdfjs-one-pass.ts';

// The thread is opt-in (off by default); these tests are about it.
process.env.DAYLIGHT_EXTRACT_THREAD = 'on';

async function report(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  for (let p = 0; p < pages; p++) {
    const page = doc.addPage([612, 792]);
    page.drawText(`Inspection report, page ${p + 1}`, { x: 72, y: 740, size: 14, font: bold });
    for (let line = 0; line < 30; line++) page.drawText(`Line ${line} names the culvert on Alder Road and its repair schedule`, { x: 72, y: 710 - line * 18, size: 11, font });
    page.drawRectangle({ x: 400, y: 20, width: 25, height: 40 });
  }
  return doc.save({ updateFieldAppearances: false });
}

test("extraction's pdf.js worker runs in a thread of its own and gives the model it gives in this thread", async () => {
  const bytes = await report(6);
  const inThread = await extractDocument({ bytes, fileName: 'report.pdf' });
  assert.ok(inThread.ok);
  // pdf.worker(.daylight).mjs marks the thread that loads it; run here, the worker would have marked this one.
  assert.equal((globalThis as { pdfjsWorker?: unknown }).pdfjsWorker, undefined, "pdf.js's worker was loaded in the extracting thread");
  assert.equal(inThread.value.pages.length, 6);
  assert.match(inThread.value.pages[5].text, /Inspection report, page 6/);
  // The same document read with the worker in the extracting thread, in a child process.
  const script = `
    import { extractDocument } from ${JSON.stringify(new URL('./extract-document.ts', import.meta.url).href)};
    import { readFileSync } from 'node:fs';
    const r = await extractDocument({ bytes: new Uint8Array(readFileSync(0)), fileName: 'report.pdf' });
    process.stdout.write(JSON.stringify(r.ok ? r.value.pages : r.problem));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { input: bytes, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, DAYLIGHT_EXTRACT_THREAD: 'off' } });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), JSON.parse(JSON.stringify(inThread.value.pages)));
});

test('extraction fails, not hangs, when the thread ends under it; the next document gets a new thread', async () => {
  const bytes = await report(40);
  const worker = await onePassWorker();
  assert.ok(worker?.died, 'no thread of its own (DAYLIGHT_EXTRACT_THREAD=off?)');
  const reading = extractDocument({ bytes, fileName: 'report.pdf' }, { onPage: ({ page }) => void (page === 2 && worker.stop()) });
  const read = await reading;
  assert.equal(read.ok, false);
  assert.match(read.ok ? '' : read.problem.message, /pdf\.js thread/);
  const again = await extractDocument({ bytes: await report(1), fileName: 'again.pdf' });
  assert.ok(again.ok, again.ok ? '' : again.problem.message);
  assert.notEqual(await onePassWorker(), worker);
});

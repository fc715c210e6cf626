import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { openRelease } from './pdfjs-reader.ts';
import { pdfjsThread } from './pdfjs-thread.ts';

process.env.DAYLIGHT_VERIFY_THREAD = 'on';

async function pages(n: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let p = 0; p < n; p++) {
    const page = doc.addPage([612, 792]);
    for (let line = 0; line < 40; line++) page.drawText(`Page ${p + 1} line ${line} of the quarterly road repair report`, { x: 72, y: 740 - line * 16, size: 11, font });
  }
  return doc.save();
}

test('pdf.js stays in the verifying thread unless DAYLIGHT_VERIFY_THREAD=on', () => {
  // Off by default: for one release on two idle cores the thread's cold start cost more than it gained.
  const saved = process.env.DAYLIGHT_VERIFY_THREAD;
  delete process.env.DAYLIGHT_VERIFY_THREAD;
  try {
    assert.equal(pdfjsThread(), undefined);
  } finally {
    process.env.DAYLIGHT_VERIFY_THREAD = saved ?? 'on';
  }
});

test("the verifier's pdf.js evaluates pages in a thread of its own, and reads the same text", async () => {
  const thread = pdfjsThread();
  assert.ok(thread, 'no pdf.js thread (DAYLIGHT_VERIFY_THREAD=off?)');
  const opened = await openRelease(await pages(2));
  assert.ok(opened.ok);
  try {
    const { text, words } = await (await opened.value.page(2)).text();
    assert.match(text, /Page 2 line 39 of the quarterly road repair report/);
    assert.equal(words.filter((w) => w.text === 'quarterly').length, 40);
  } finally {
    await opened.value.close();
  }
  // pdf.worker.mjs marks the thread that loads it (globalThis.pdfjsWorker); in-thread, pdf.js would have loaded it here.
  assert.equal((globalThis as { pdfjsWorker?: unknown }).pdfjsWorker, undefined, "pdf.js's worker was loaded in the verifier's own thread");
});

test('a read fails, not hangs, when the thread ends under it; the next release gets a new thread', async () => {
  const opened = await openRelease(await pages(30));
  assert.ok(opened.ok);
  const thread = pdfjsThread()!;
  const reads = Array.from({ length: 30 }, async (_, i) => (await opened.value.page(i + 1)).text());
  await thread.stop();
  await assert.rejects(Promise.all(reads), /pdf\.js thread/);
  await assert.rejects(opened.value.close(), /pdf\.js thread/);
  assert.notEqual(pdfjsThread(), thread);
  const again = await openRelease(await pages(1));
  assert.ok(again.ok);
  try {
    assert.match((await (await again.value.page(1)).text()).text, /Page 1 line 0/);
  } finally {
    await again.value.close();
  }
});

test('a process that verified a release ends by itself: an idle thread holds nothing open', () => {
  const script = `
    import { openRelease } from ${JSON.stringify(new URL('./pdfjs-reader.ts', import.meta.url).href)};
    import { PDFDocument } from 'pdf-lib';
    const doc = await PDFDocument.create(); doc.addPage();
    const opened = await openRelease(await doc.save());
    if (!opened.ok) process.exit(3);
    await (await opened.value.page(1)).text();
    await opened.value.close();
    console.log('read');`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000, cwd: new URL('../..', import.meta.url).pathname });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /read/);
});

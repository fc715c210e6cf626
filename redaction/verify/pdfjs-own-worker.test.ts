import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { extractDocument } from '../../pipeline/extract/extract-document.ts';
import { openRelease } from './pdfjs-reader.ts';

delete process.env.DAYLIGHT_VERIFY_THREAD;
delete process.env.DAYLIGHT_EXTRACT_THREAD;
// Extraction reads a small file with pdf.js's own worker (ONE_PASS_MIN_BYTES): the case tested here is the thread
// that has the patched one, which a large file, or enough pages read, brings.
process.env.DAYLIGHT_ONE_PASS = 'on';

async function pdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([612, 792]);
  page.drawText('Invoice 4471 for the culvert repair on Mill Road', { x: 72, y: 700, size: 11, font });
  return doc.save();
}

type Handler = { setup(...args: unknown[]): unknown };

test("the verifier's pdf.js runs pdf.js's own worker, not extraction's patched one, in a thread that extracted first", async () => {
  const bytes = await pdf();
  // Extraction in this thread loads its patched worker, which names itself the thread's pdf.js worker.
  const extracted = await extractDocument({ bytes, fileName: 'a.pdf' });
  assert.ok(extracted.ok);
  const named = (globalThis as { pdfjsWorker?: { WorkerMessageHandler: Handler } }).pdfjsWorker?.WorkerMessageHandler;
  // @ts-expect-error: the worker file has no types.
  const patched = ((await import('pdfjs-dist/legacy/build/pdf.worker.daylight.mjs')) as { WorkerMessageHandler: Handler }).WorkerMessageHandler;
  assert.equal(named, patched, 'extraction did not load its patched worker here: the test would prove nothing');
  let patchedSetups = 0;
  const setup = patched.setup.bind(patched);
  patched.setup = (...args: unknown[]) => {
    patchedSetups++;
    return setup(...args);
  };
  const opened = await openRelease(bytes);
  assert.ok(opened.ok);
  try {
    const { text } = await (await opened.value.page(1)).text();
    assert.match(text, /culvert repair on Mill Road/);
  } finally {
    await opened.value.close();
  }
  assert.equal(patchedSetups, 0, "the verifier's pdf.js set up extraction's patched worker");
  // Others in the thread keep the worker they had, though the verifier loaded pdf.js's own file, which names itself.
  assert.equal((globalThis as { pdfjsWorker?: { WorkerMessageHandler: Handler } }).pdfjsWorker?.WorkerMessageHandler, patched);
  // @ts-expect-error: the worker file has no types.
  const own = ((await import('pdfjs-dist/legacy/build/pdf.worker.mjs')) as { WorkerMessageHandler: Handler }).WorkerMessageHandler;
  assert.notEqual(own, patched);
});

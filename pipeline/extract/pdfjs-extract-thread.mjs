/**
 * Extraction's pdf.js worker (pdf.js's own with the one-pass addition, pdfjs-one-pass.ts)
 * in a thread of its own, answering on the port the extracting thread handed over.
 * The file is imported only after the extracting thread found it exactly the patched text.
 */
import { workerData } from 'node:worker_threads';
import { WorkerMessageHandler } from 'pdfjs-dist/legacy/build/pdf.worker.daylight.mjs';

const { port, stray } = workerData;

/*
 * pdf.js reads ahead (page-tree nodes) and drops reads it no longer needs; a broken node then
 * rejects with nobody waiting. In the extracting thread such a rejection became a note on the
 * open documents (pdfjs.ts); here it is sent there, on the same port as pdf.js's own messages
 * (which pdf.js ignores: it is addressed to nobody it knows), so it arrives in the same order
 * relative to the replies. Anything else unhandled is a fault: it ends the thread, and every
 * read waiting on it fails.
 */
process.on('unhandledRejection', (reason) => {
  const stack = String(reason?.stack ?? '');
  if (!/pdfjs-dist[\\/]legacy[\\/]build[\\/]/.test(stack)) throw reason;
  port.postMessage({ targetName: stray, message: String(reason?.message ?? reason), stack });
});

WorkerMessageHandler.initializeFromPort(port);
port.start();

/**
 * The verifier's pdf.js worker in a thread of its own (see `pdfjs-thread.ts`): pdf.js's
 * own, unpatched worker, answering on the port the main side handed over. Parsing the
 * release and evaluating its pages' content happen here, on the other core, while the
 * verifier's thread reads the file with PDFium and checks its structure.
 */
import { workerData } from 'node:worker_threads';
import { WorkerMessageHandler } from 'pdfjs-dist/legacy/build/pdf.worker.mjs';

const { port } = workerData;

/*
 * pdf.js reads ahead (page-tree nodes) and drops reads it no longer needs; a broken node then
 * rejects with nobody waiting. That is pdf.js's own business, as it was in the verifier's thread
 * (pdfjs-reader.ts): the pages it could not read fail on their own. Anything else unhandled is
 * a fault: it ends the thread, and every read waiting on it fails.
 */
process.on('unhandledRejection', (reason) => {
  if (!/pdfjs-dist[\\/]legacy[\\/]build[\\/]/.test(String(reason?.stack ?? ''))) throw reason;
});

WorkerMessageHandler.initializeFromPort(port);
port.start();

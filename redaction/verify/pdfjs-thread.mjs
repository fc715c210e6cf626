/**
 * The verifier's pdf.js worker in a thread of its own (see `pdfjs-thread.ts`): pdf.js's
 * own, unpatched worker, answering on the port the main side handed over. Parsing the
 * release and evaluating its pages' content happen here, on the other core, while the
 * verifier's thread reads the file with PDFium and checks its structure.
 */
import { workerData } from 'node:worker_threads';
import { WorkerMessageHandler } from 'pdfjs-dist/legacy/build/pdf.worker.mjs';

const { port } = workerData;
WorkerMessageHandler.initializeFromPort(port);
port.start();

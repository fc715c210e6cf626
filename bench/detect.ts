/**
 * @module
 * Detection throughput on real documents first: the extracted text of gov-pdfs
 * (608 pages, read through the evaluation's cache), detected as one batch, in
 * pages per CPU second of the detecting thread (issue 14's target: ≥ 150 per core),
 * beside compromise's tagging alone on the same pages. Then throughput and memory
 * on a synthetic text batch (report-like pages of about 450 words with names,
 * addresses, phone numbers and identifiers), as the batch grows to 1,000 pages.
 * Peers in the same run: the regex detectors alone and compromise's tagging alone,
 * to show where the time goes. Target: ≥ 200 pages/s on 2 cores; memory flat as
 * the batch grows. The machine is shared, so pages per CPU-second are given beside
 * wall-clock rates.
 * Memory is measured on the two-pass batch API with documents built on demand
 * (as a pipeline loads them), so the heap shows what detection keeps between
 * passes, not the input documents the caller holds.
 *
 *   npx node bench/detect.ts [pages]
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { batchDetection, detectDocuments } from '../redaction/detect/run.ts';
import { detectors } from '../redaction/detect/index.ts';
import { analyze } from '../redaction/detect/nlp.ts';
import { textDocument } from '../redaction/detect/text-document.ts';
import { defaultPolicy } from '../redaction/policy/load-policy.ts';
import { describeSpeed, isolatedDetectionSpeed } from '../redaction/eval/detection-speed.ts';
import { readCorpus } from '../redaction/eval/read-corpus.ts';
import { readLabels } from '../redaction/eval/real-documents.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Document } from '../pipeline/model/types.ts';
import { seeded } from '../samples/lib/seeded.ts';

const PAGES = Number(process.argv[2] ?? 1000);
const PAGES_PER_DOC = 10;
/** Detection runs about a third slower for its first hundred pages (JIT, compromise's caches): every timed run is warmed up alike. */
const WARM_UP_PAGES = 100;

const FIRST = ['Maria', 'James', 'Aisha', 'Oluwaseun', 'Priya', 'Tobias', 'Wren', 'Chen', 'Fatima', 'Lars', 'Ines', 'Dmitri', 'Grace', 'Mateo', 'Yuki'];
const LAST = ['Gonzalez', 'Patel', 'Adeyemi', 'Raghunathan', 'Quill', 'Okafor-Lund', 'Nakamura', 'Haddad', 'Lindqvist', 'Moreau', 'Kowalski', 'Brennan', "O'Neill", 'Ferreira', 'Sato'];
const STREETS = ['Elm Street', 'Oak Avenue', 'Harbor Road', 'Maple Lane', 'Ridge Drive', 'Cedar Court'];
const PROSE = [
  'The committee reviewed the budget and agreed to continue the program through the next fiscal year.',
  'Staff from the Department of Energy briefed the working group on the status of the inspection schedule.',
  'The regional office received fourteen requests during the reporting period and closed eleven of them.',
  'Contractors completed the roof repairs ahead of schedule, and the final invoice was approved in March.',
  'The audit found no material weaknesses in the controls over procurement and travel expenses.',
  'Public comments were collected at three meetings held in the county library over two weeks.',
  'Following the review, the agency updated its guidance on records retention for field offices.',
  'Inspectors noted that the storage area was secured and that access logs were complete for the quarter.',
];

function page(r: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const name = () => `${pick(FIRST)} ${pick(LAST)}`;
  const lines: string[] = [];
  while (lines.join(' ').split(' ').length < 450) {
    const roll = r();
    if (roll < 0.55) lines.push(pick(PROSE));
    else if (roll < 0.7) lines.push(`On ${1 + Math.floor(r() * 28)} March 2024, investigator ${name()} interviewed ${name()} about the incident.`);
    else if (roll < 0.78) lines.push(`The witness resides at ${100 + Math.floor(r() * 9000)} ${pick(STREETS)}, Springfield, IL 62704 and can be reached at (217) 555-${String(1000 + Math.floor(r() * 8999))}.`);
    else if (roll < 0.84) lines.push(`Ms. ${pick(LAST)} provided her SSN 3${Math.floor(10 + r() * 89)}-${Math.floor(10 + r() * 89)}-${Math.floor(1000 + r() * 8999)} and email ${pick(FIRST).toLowerCase()}@example.org for the file.`);
    else if (roll < 0.9) lines.push(`Mr. ${pick(LAST)}'s statement was reviewed by ${name()} of the regional office.`);
    else lines.push(pick(PROSE));
  }
  // wrap at about 90 characters a line, as extracted text would be
  return lines.join(' ').replace(/(.{1,90})(?:\s|$)/g, '$1\n').trim();
}

/** The `d`th document of the batch, the same on every call: a batch can be loaded twice without holding it. */
function documentAt(d: number, pages = PAGES_PER_DOC): Document {
  const r = seeded(20261125 + d);
  return textDocument(Array.from({ length: pages }, () => page(r)), { fileName: `report-${d}.pdf` });
}

function batch(pages: number): Document[] {
  return Array.from({ length: Math.ceil(pages / PAGES_PER_DOC) }, (_, d) => documentAt(d, Math.min(PAGES_PER_DOC, pages - d * PAGES_PER_DOC)));
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

const policy = defaultPolicy();
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

if (!isMainThread) {
  // a worker: detect its share of the batch and report the time it took
  const { pages, offset } = workerData as { pages: number; offset: number };
  const docs = Array.from({ length: Math.ceil(pages / PAGES_PER_DOC) }, (_, i) => documentAt(offset / PAGES_PER_DOC + i));
  detectDocuments(batch(WARM_UP_PAGES), policy);
  const t0 = performance.now();
  const c0 = process.threadCpuUsage();
  detectDocuments(docs, policy);
  const c = process.threadCpuUsage(c0);
  parentPort!.postMessage({ wallMs: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 });
} else {
  await main();
}

/**
 * Pages/s of `workers` threads, each timing its own half (after building it and warming up); the slowest sets the
 * rate. Beside the wall-clock rate, the rate the same threads would reach with a core each, from their own CPU time:
 * on a shared machine the other processes' load shows in the first and not in the second.
 */
async function inWorkers(pages: number, workers: number): Promise<{ wall: number; perOwnCore: number }> {
  const share = Math.ceil(pages / workers / PAGES_PER_DOC) * PAGES_PER_DOC;
  const times = await Promise.all(
    Array.from({ length: workers }, (_, i) =>
      new Promise<{ wallMs: number; cpuMs: number }>((done, failed) => {
        const w = new Worker(new URL(import.meta.url), { workerData: { pages: Math.min(share, pages - i * share), offset: i * share } });
        w.once('message', done);
        w.once('error', failed);
      }),
    ),
  );
  return { wall: pages / (Math.max(...times.map((t) => t.wallMs)) / 1000), perOwnCore: pages / (Math.max(...times.map((t) => t.cpuMs)) / 1000) };
}

/**
 * Streams `pages` pages through the two-pass API, building each document when a pass needs it. Returns the heap
 * kept between the passes (hits and the batch's distinct values), the highest heap seen, and the findings count.
 */
function streamed(pages: number): { keptMb: number; peakMb: number; findings: number } {
  const docs = Math.ceil(pages / PAGES_PER_DOC);
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  // the live heap after a GC every tenth document: what detection holds, garbage excluded
  const sample = (d: number) => {
    if (d % 10 !== 9) return;
    gc();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  };
  const detection = batchDetection(policy);
  for (let d = 0; d < docs; d++) {
    detection.scan(documentAt(d));
    sample(d);
  }
  gc();
  const kept = process.memoryUsage().heapUsed - base;
  let findings = 0;
  for (let d = 0; d < docs; d++) {
    findings += detection.findings(d, documentAt(d)).length;
    sample(d);
  }
  return { keptMb: kept / 1024 / 1024, peakMb: (peak - base) / 1024 / 1024, findings };
}

/**
 * gov-pdfs' documents as the evaluation reads them (text layer, OCR where a page has none; cached in the temp
 * folder, so only the first run extracts), or undefined when the corpus is not there.
 */
async function realDocuments(): Promise<Document[] | undefined> {
  const root = join(import.meta.dirname, '..');
  const corpus = process.env.GOV_PDFS ?? join(root, '..', 'shared', 'corpora', 'gov-pdfs');
  const labels = join(root, 'redaction', 'eval', 'gov-pdfs', 'labels');
  if (!existsSync(corpus) || !existsSync(labels)) return undefined;
  const read = await readCorpus(readLabels(labels).map((l) => join(corpus, l.file)), { onFile: (name, cached) => cached || process.stderr.write(`read ${name}\n`) });
  return read.flatMap((r) => (r.document ? [r.document] : []));
}

function threadCpuSeconds(): number {
  const c = process.threadCpuUsage();
  return (c.user + c.system) / 1e6;
}

/** Detection on gov-pdfs' extracted text, against its target, with compromise's tagging alone on the same pages as the peer. */
async function onRealDocuments(): Promise<string[]> {
  const docs = await realDocuments();
  if (!docs) return ['gov-pdfs not found (set GOV_PDFS): detection on real documents not measured.', ''];
  // as the eval measures it: alone in a fresh thread, warmed up, fresh copies after a full GC (detection-speed.ts)
  const speed = await isolatedDetectionSpeed(docs, policy);
  // the peer warm too: this thread has not tagged these pages before
  for (const d of docs) for (const p of d.pages) analyze(p.text);
  const c0 = threadCpuSeconds();
  for (const d of docs) for (const p of d.pages) analyze(p.text);
  const tagging = threadCpuSeconds() - c0;
  return [
    `Detection on real documents (gov-pdfs' extracted text, ${docs.length} documents as one batch; CPU time of the detecting thread): ${describeSpeed(speed)}.`,
    `Peer in the same run: compromise's tagging alone on the same pages, ${(speed.pages / tagging).toFixed(0)} pages per CPU second (${((100 * tagging) / speed.cpuSeconds).toFixed(0)} % of detection's time).`,
    '',
  ];
}

async function main(): Promise<void> {
  const real = await onRealDocuments();
  // warm-up: compile regexes, load compromise's model, JIT
  detectDocuments(batch(WARM_UP_PAGES), policy);
  const sizes = [100, 250, 500, PAGES].filter((s, i, a) => s <= PAGES && a.indexOf(s) === i);
  const rows: string[] = [];
  for (const size of sizes) {
    const docs = batch(size);
    gc();
    const t0 = performance.now();
    const c0 = cpuMs();
    const findings = detectDocuments(docs, policy);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = (cpuMs() - c0) / 1000;
    const n = findings.reduce((s, f) => s + f.length, 0);
    rows.push(`| full detection, 1 thread | ${size} | ${(size / seconds).toFixed(0)} | ${(size / cpu).toFixed(0)} | ${n} |`);
  }
  const docs = batch(PAGES);
  const regexOnly = detectors.filter((d) => d.patterns && !d.find);
  let t0 = performance.now();
  let c0 = cpuMs();
  detectDocuments(docs, policy, regexOnly);
  rows.push(`| peer: regex detectors only | ${PAGES} | ${(PAGES / ((performance.now() - t0) / 1000)).toFixed(0)} | ${(PAGES / ((cpuMs() - c0) / 1000)).toFixed(0)} | – |`);
  t0 = performance.now();
  c0 = cpuMs();
  for (const d of docs) for (const p of d.pages) analyze(p.text);
  rows.push(`| peer: compromise tagging only | ${PAGES} | ${(PAGES / ((performance.now() - t0) / 1000)).toFixed(0)} | ${(PAGES / ((cpuMs() - c0) / 1000)).toFixed(0)} | – |`);
  const parallel = await inWorkers(PAGES, 2);
  rows.push(`| full detection, 2 worker threads (a half-batch each, slowest worker's time; CPU column: a core each) | ${PAGES} | ${parallel.wall.toFixed(0)} | ${parallel.perOwnCore.toFixed(0)} | – |`);

  const memory = sizes.map((size) => {
    const m = streamed(size);
    return `| ${size} | ${m.findings} | ${m.keptMb.toFixed(1)} | ${((m.keptMb * 1024) / size).toFixed(1)} | ${m.peakMb.toFixed(1)} |`;
  });

  process.stdout.write(
    [
      ...real,
      `Detection on a synthetic batch (${PAGES_PER_DOC} pages a document, ~450 words a page, names in about a third of the sentences), Node ${process.version}, load average ${(await import('node:os')).loadavg()[0].toFixed(1)}.`,
      '',
      '| run | pages | pages/s (wall) | pages per CPU-s | findings |',
      '|---|---:|---:|---:|---:|',
      ...rows,
      '',
      'Memory of the two-pass batch API (`batchDetection`: scan every document, then take each one\'s findings; documents built on demand). "Kept" is the heap after the first pass and a GC, above the heap before it: what batch consistency holds. "Peak" is the highest live heap (after a GC every tenth document) above that base.',
      '',
      '| pages | findings | kept between passes MB | kept KB a page | peak live heap MB |',
      '|---:|---:|---:|---:|---:|',
      ...memory,
      '',
    ].join('\n'),
  );
}

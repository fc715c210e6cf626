/**
 * @module
 * Detection throughput and memory on a synthetic text batch (report-like pages
 * of about 450 words with names, addresses, phone numbers and identifiers), as
 * the batch grows to 1,000 pages. Peers in the same run: the regex detectors
 * alone and compromise's tagging alone, to show where the time goes.
 * Target: ≥ 200 pages/s on 2 cores; memory flat as the batch grows. The machine
 * is shared, so pages per CPU-second are given beside wall-clock rates.
 *
 *   npx node bench/detect.ts [pages]
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { detectDocuments } from '../redaction/detect/run.ts';
import { detectors } from '../redaction/detect/index.ts';
import { analyze } from '../redaction/detect/nlp.ts';
import { textDocument } from '../redaction/detect/text-document.ts';
import { defaultPolicy } from '../redaction/policy/load-policy.ts';
import type { Document } from '../pipeline/model/types.ts';

const PAGES = Number(process.argv[2] ?? 1000);
const PAGES_PER_DOC = 10;

/** Deterministic pseudo-random numbers (mulberry32), so every run reads the same batch. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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

function batch(pages: number): Document[] {
  const r = rng(20261125);
  const docs: Document[] = [];
  for (let d = 0; d * PAGES_PER_DOC < pages; d++) {
    const n = Math.min(PAGES_PER_DOC, pages - d * PAGES_PER_DOC);
    docs.push(textDocument(Array.from({ length: n }, () => page(r)), { fileName: `report-${d}.pdf` }));
  }
  return docs;
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

const policy = defaultPolicy();

if (!isMainThread) {
  // a worker: detect its share of the batch and report the time it took
  const { pages, offset } = workerData as { pages: number; offset: number };
  const docs = batch(offset + pages).slice(offset / PAGES_PER_DOC);
  detectDocuments(batch(20), policy);
  const t0 = performance.now();
  detectDocuments(docs, policy);
  parentPort!.postMessage(performance.now() - t0);
} else {
  await main();
}

async function inWorkers(pages: number, workers: number): Promise<number> {
  const share = Math.ceil(pages / workers / PAGES_PER_DOC) * PAGES_PER_DOC;
  // each worker times its own detection (after building its half and warming up); the slowest sets the rate
  const times = await Promise.all(
    Array.from({ length: workers }, (_, i) =>
      new Promise<number>((done, failed) => {
        const w = new Worker(new URL(import.meta.url), { workerData: { pages: Math.min(share, pages - i * share), offset: i * share } });
        w.once('message', done);
        w.once('error', failed);
      }),
    ),
  );
  return pages / (Math.max(...times) / 1000);
}

async function main(): Promise<void> {
  // warm-up: compile regexes, load compromise's model, JIT
  detectDocuments(batch(20), policy);
  const rows: string[] = [];
  for (const size of [100, 250, 500, PAGES].filter((s, i, a) => s <= PAGES && a.indexOf(s) === i)) {
    const docs = batch(size);
    globalThis.gc?.();
    const t0 = performance.now();
    const c0 = cpuMs();
    const findings = detectDocuments(docs, policy);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = (cpuMs() - c0) / 1000;
    const mem = process.memoryUsage();
    const n = findings.reduce((s, f) => s + f.length, 0);
    rows.push(`| full detection, 1 thread | ${size} | ${(size / seconds).toFixed(0)} | ${(size / cpu).toFixed(0)} | ${n} | ${mb(mem.heapUsed)} | ${mb(mem.rss)} |`);
  }
  const docs = batch(PAGES);
  const regexOnly = detectors.filter((d) => d.patterns && !d.find);
  let t0 = performance.now();
  let c0 = cpuMs();
  detectDocuments(docs, policy, regexOnly);
  rows.push(`| peer: regex detectors only | ${PAGES} | ${(PAGES / ((performance.now() - t0) / 1000)).toFixed(0)} | ${(PAGES / ((cpuMs() - c0) / 1000)).toFixed(0)} | – | – | – |`);
  t0 = performance.now();
  c0 = cpuMs();
  for (const d of docs) for (const p of d.pages) analyze(p.text);
  rows.push(`| peer: compromise tagging only | ${PAGES} | ${(PAGES / ((performance.now() - t0) / 1000)).toFixed(0)} | ${(PAGES / ((cpuMs() - c0) / 1000)).toFixed(0)} | – | – | – |`);
  const parallel = await inWorkers(PAGES, 2);
  rows.push(`| full detection, 2 worker threads (a half-batch each, slowest worker's time) | ${PAGES} | ${parallel.toFixed(0)} | – | – | – | – |`);

  process.stdout.write(
    [
      `Detection on a synthetic batch (${PAGES_PER_DOC} pages a document, ~450 words a page, names in about a third of the sentences), Node ${process.version}, load average ${(await import('node:os')).loadavg()[0].toFixed(1)}.`,
      '',
      '| run | pages | pages/s (wall) | pages per CPU-s | findings | heap MB | RSS MB |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...rows,
      '',
    ].join('\n'),
  );
}

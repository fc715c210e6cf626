/**
 * @module
 * Batch benchmarks: a mixed batch (text PDFs, scanned PDFs, PNG and JPEG
 * scans) in pages/min and peak RSS; N text pages end to end in pages/s, peak
 * RSS (and RSS at each quarter, to see it stay flat), workspace bytes a page;
 * and the resume overhead (rerunning the finished batch, as % of the first
 * run). Peer in the same run: `pdftotext` over the same text PDFs, the floor of
 * merely reading the text.
 *
 *   npx node bench/batch.ts                      # 2,000 text pages, 200 mixed pages
 *   npx node bench/batch.ts --large              # 10,000 text pages
 *   npx node bench/batch.ts --pages 200 --mixed-pages 40
 *
 * Each batch runs in its own process so peak RSS figures stay separate.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { runBatch } from '../pipeline/batch/run-batch.ts';
import { stages } from '../pipeline/batch/stages.ts';
import { createOcrEngine } from '../pipeline/ocr/engine.ts';
import { openWorkspace } from '../pipeline/workspace/store/index.ts';
import { defaultPolicy } from '../redaction/policy/load-policy.ts';
import { renderPages } from '../samples/lib/scan.ts';
import { reportLines, textPdf } from '../test/batch/fixtures.ts';

const self = fileURLToPath(import.meta.url);
const { values } = parseArgs({
  options: {
    pages: { type: 'string' },
    'mixed-pages': { type: 'string' },
    large: { type: 'boolean' },
    child: { type: 'string' },
    folder: { type: 'string' },
    workspace: { type: 'string' },
  },
});

interface ChildResult {
  ms: number;
  documents: number;
  failed: number;
  /** Failed documents by problem code. */
  failures: Record<string, number>;
  pages: number;
  peakRssMb: number;
  /** Per stage label: wall seconds and peak RSS (sampled every 250 ms) while it ran. */
  stages: Record<string, { seconds: number; peakRssMb: number }>;
}

/** Child mode: one batch in this process, measured. */
async function child(folder: string, workspace: string): Promise<void> {
  const opened = await openWorkspace(workspace);
  if (!opened.ok) throw new Error(opened.problem.message);
  const byStage: ChildResult['stages'] = {};
  let stage = 'Reading';
  let stageStart = performance.now();
  const sample = () => {
    const entry = (byStage[stage] ??= { seconds: 0, peakRssMb: 0 });
    entry.peakRssMb = Math.max(entry.peakRssMb, Math.round(process.memoryUsage().rss / 2 ** 20));
  };
  const timer = setInterval(sample, 250);
  const switchTo = (next: string) => {
    sample();
    byStage[stage].seconds += (performance.now() - stageStart) / 1000;
    stage = next;
    stageStart = performance.now();
    sample();
  };
  const started = performance.now();
  const run = await runBatch({
    folder,
    workspace: opened.value,
    policy: defaultPolicy(),
    stages,
    createOcr: (workers) => createOcrEngine({ workers }),
    actor: 'bench',
    onProgress: (p) => p.stage !== stage && switchTo(p.stage),
  });
  switchTo('end');
  clearInterval(timer);
  delete byStage.end;
  const ms = performance.now() - started;
  if (!run.ok) throw new Error(run.problem.message);
  const docs = run.value.documents;
  const result: ChildResult = {
    ms,
    documents: docs.length,
    failed: docs.filter((d) => d.state === 'failed').length,
    failures: docs.reduce<Record<string, number>>((m, d) => (d.failure ? { ...m, [d.failure.code]: (m[d.failure.code] ?? 0) + 1 } : m), {}),
    pages: docs.reduce((n, d) => n + (d.state === 'duplicate' ? 0 : (d.pageCount ?? 0)), 0),
    peakRssMb: (process.resourceUsage().maxRSS * 1024) / 2 ** 20,
    stages: byStage,
  };
  opened.value.close();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runChild(folder: string, workspace: string): ChildResult {
  const out = spawnSync(process.execPath, [self, '--child', 'run', '--folder', folder, '--workspace', workspace], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  if (out.status !== 0) throw new Error(`batch child exited with ${out.status ?? out.signal}`);
  return JSON.parse(out.stdout.trim().split('\n').at(-1)!);
}

const PAGES_PER_TEXT_PDF = 10;

async function writeTextCorpus(folder: string, pages: number): Promise<void> {
  mkdirSync(folder, { recursive: true });
  for (let d = 0; d * PAGES_PER_TEXT_PDF < pages; d++) {
    const n = Math.min(PAGES_PER_TEXT_PDF, pages - d * PAGES_PER_TEXT_PDF);
    const body = Array.from({ length: n }, (_, p) => [...reportLines(d * 100 + p), ...filler(d * 100 + p)]);
    writeFileSync(join(folder, `report-${String(d).padStart(5, '0')}.pdf`), await textPdf(body));
  }
}

/** Ordinary report prose, so a page has a realistic amount of text besides the findings. */
function filler(seed: number): string[] {
  const sentences = [
    'The committee reviewed the quarterly figures and noted a modest rise in permit applications.',
    'Staff recommended that the renovation of the east annex proceed in two phases.',
    'Budget lines for maintenance were carried over from the previous fiscal year without change.',
    'Residents raised concerns about parking during the street works, which the office will address.',
    'The inspection schedule for public buildings remains on track for the spring season.',
  ];
  return Array.from({ length: 30 }, (_, i) => sentences[(seed + i) % sentences.length]);
}

/** A quarter text PDFs, a quarter scanned PDFs, a quarter PNG scans, a quarter JPEG scans (by pages). */
async function writeMixedCorpus(folder: string, pages: number): Promise<void> {
  mkdirSync(folder, { recursive: true });
  const quarter = Math.max(1, Math.floor(pages / 4));
  await writeTextCorpus(join(folder, 'text'), pages - 3 * quarter);
  const source = await textPdf([[...reportLines(7), ...filler(7).slice(0, 12)]]);
  const [image] = await renderPages(source, 200);
  const gray = () => sharp(Buffer.from(image.data), { raw: { width: image.width, height: image.height, channels: 1 } }).withMetadata({ density: 200 });
  const png = await gray().png().toBuffer();
  const jpeg = await gray().jpeg({ quality: 80 }).toBuffer();
  mkdirSync(join(folder, 'scans'), { recursive: true });
  // Each scan gets one distinct byte in a comment-free place (the PDF's title), so none is a duplicate.
  for (let i = 0; i < quarter; i++) {
    const pdf = await PDFDocument.create();
    pdf.setTitle(`scan ${i}`);
    const embedded = await pdf.embedPng(png);
    const page = pdf.addPage([612, 792]);
    page.drawImage(embedded, { x: 0, y: 0, width: 612, height: 792 });
    writeFileSync(join(folder, 'scans', `scan-${i}.pdf`), await pdf.save());
    writeFileSync(join(folder, 'scans', `scan-${i}.png`), await sharp(png).withMetadata({ density: 200 + (i % 50) }).png().toBuffer());
    writeFileSync(join(folder, 'scans', `scan-${i}.jpg`), await sharp(jpeg).withMetadata({ density: 200 + (i % 50) }).jpeg({ quality: 80 - (i % 10) }).toBuffer());
  }
}

function failureNote(r: ChildResult): string {
  const codes = Object.entries(r.failures);
  return codes.length ? `failed: ${codes.map(([c, n]) => `${n}× ${c}`).join(', ')}` : '';
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? folderBytes(p) : statSync(p).size;
  }
  return total;
}

function pdftotextSeconds(folder: string): number | undefined {
  const files = readdirSync(folder).filter((f) => f.endsWith('.pdf'));
  const started = performance.now();
  for (const f of files) {
    const r = spawnSync('pdftotext', ['-q', join(folder, f), '-'], { stdio: ['ignore', 'ignore', 'ignore'] });
    if (r.error) return undefined;
  }
  return (performance.now() - started) / 1000;
}

async function main(): Promise<void> {
  const textPages = values.large ? 10_000 : Number(values.pages ?? 2000);
  const mixedPages = Number(values['mixed-pages'] ?? 200);
  const temp = mkdtempSync(join(tmpdir(), 'daylight-bench-batch-'));
  try {
    const rows: string[][] = [];
    const fmt = (n: number, d = 1) => n.toFixed(d);

    if (mixedPages > 0) {
      process.stderr.write(`bench batch: writing a mixed batch of ${mixedPages} pages…\n`);
      await writeMixedCorpus(join(temp, 'mixed'), mixedPages);
      const mixed = runChild(join(temp, 'mixed'), join(temp, 'ws-mixed'));
      rows.push([`Mixed batch (text PDFs, scanned PDFs, PNG, JPEG)`, `${mixed.pages} pages, ${mixed.documents} docs${mixed.failed ? `, ${mixed.failed} failed` : ''}`, `${fmt((mixed.pages / mixed.ms) * 60_000)} pages/min`, `${fmt(mixed.peakRssMb, 0)} MB`, failureNote(mixed)]);
    }

    process.stderr.write(`bench batch: writing ${textPages} text pages…\n`);
    const textFolder = join(temp, 'text');
    await writeTextCorpus(textFolder, textPages);
    const text = runChild(textFolder, join(temp, 'ws-text'));
    const bytesPerPage = folderBytes(join(temp, 'ws-text')) / Math.max(1, text.pages);
    const peer = pdftotextSeconds(textFolder);
    rows.push([
      `Text pages end to end (extract → detect → redact → verify)`,
      `${text.pages} pages, ${text.documents} docs${text.failed ? `, ${text.failed} failed` : ''}`,
      `${fmt(text.pages / (text.ms / 1000), 2)} pages/s`,
      `${fmt(text.peakRssMb, 0)} MB`,
      `${fmt(bytesPerPage / 1024, 0)} KB/page in the workspace${text.failed ? `; ${failureNote(text)}` : ''}`,
    ]);
    if (peer !== undefined) {
      rows.push([`Peer: pdftotext over the same PDFs (reading only)`, `${text.pages} pages`, `${fmt(text.pages / peer, 0)} pages/s`, '', `Daylight is ${fmt(peer / (text.ms / 1000) * 100, 2)}% of its speed, doing the whole pipeline`]);
    }
    const rerun = runChild(textFolder, join(temp, 'ws-text'));
    rows.push([`Resume: rerun of the finished text batch`, `${rerun.documents} docs`, `${fmt(rerun.ms / 1000, 2)} s`, `${fmt(rerun.peakRssMb, 0)} MB`, `${fmt((rerun.ms / text.ms) * 100, 2)}% of the first run (target < 2%)`]);

    const stageRows = Object.entries(text.stages).map(([label, st]) => `| ${label} | ${fmt(st.seconds, 1)} s | ${fmt((st.seconds / (text.ms / 1000)) * 100, 0)}% | ${st.peakRssMb} MB |`);
    process.stdout.write(
      [
        '| Run | Size | Speed | Peak RSS | Notes |',
        '| --- | --- | --- | --- | --- |',
        ...rows.map((r) => `| ${r.join(' | ')} |`),
        '',
        `Concurrency: the number of cores; first run of each batch on a fresh workspace.`,
        '',
        `Where the ${text.pages}-page text run spends its time (stages run one after another over all documents):`,
        '',
        '| Stage | Wall time | Share | Peak RSS |',
        '| --- | --- | --- | --- |',
        ...stageRows,
        '',
      ].join('\n'),
    );
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

if (values.child === 'run') await child(values.folder!, values.workspace!);
// Writes the mixed corpus to --folder and stops, to look at it or run the CLI on it.
else if (values.child === 'mixed-corpus') await writeMixedCorpus(values.folder!, Number(values['mixed-pages'] ?? 200));
else await main();

/**
 * @module
 * Generates every bundled sample from its one source text in `samples/source/`: the text PDF,
 * the simulated scans (scanned PDF, TIFF, PNG, JPEG), per-page ground-truth text, the
 * malformed files, and `truth.json`, which says for each file what must be redacted and what
 * must stay. Deterministic: fixed dates and producer, seeded skew and noise.
 *
 * ```sh
 * npm run samples                              # rewrites samples/
 * npx node samples/make-samples.ts --out DIR   # writes the same files under DIR
 * npx node samples/make-samples.ts --out DIR --only memo.pdf,malformed/encrypted.pdf
 * ```
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import type { GrayImage } from '../pipeline/model/raster.ts';
import { pageTexts } from './lib/layout.ts';
import { malformedSet } from './lib/malformed.ts';
import { parseSource } from './lib/markup.ts';
import type { OutputSpec, Source } from './lib/markup.ts';
import { degrade, encodeJpeg, encodePng, encodeScanPdf, encodeTiff, renderPages, seedOf } from './lib/scan.ts';
import type { Degraded } from './lib/scan.ts';
import { writeTextPdf } from './lib/text-pdf.ts';
import { checkMarks, truthFor } from './lib/truth.ts';
import type { TruthItem } from './lib/truth.ts';

const here = dirname(fileURLToPath(import.meta.url));

export const TRUTH_VERSION = 1;
/** The documents go in their own folder, so a batch over it sees documents only (truth.json keys are relative to it). */
export const DOCUMENTS = 'documents';

export interface SampleTruth {
  report: string;
  source: string;
  mediaType: 'application/pdf' | 'image/png' | 'image/jpeg' | 'image/tiff';
  kind: OutputSpec['kind'];
  pages: number;
  /** Which pages of the report the file shows, in order. */
  reportPages: number[];
  textLayer: boolean;
  /** Pixels per inch of the raster (scans), and whether the file records it. */
  dpi?: number;
  dpiRecorded?: boolean;
  exifOrientation?: number;
  bilevel?: boolean;
  /** Skew of each page, degrees, positive clockwise. */
  skew?: number[];
  /** Info dictionary entries of the PDF. */
  metadata?: Record<string, string>;
  /** Ground-truth text of each page, relative to the samples folder. */
  groundTruth: string[];
  redact: TruthItem[];
  keep: TruthItem[];
}

const mediaTypes = { 'text-pdf': 'application/pdf', 'scan-pdf': 'application/pdf', tiff: 'image/tiff', png: 'image/png', jpeg: 'image/jpeg' } as const;

async function scanOutput(textPdf: Uint8Array, spec: OutputSpec, pages: number[]): Promise<{ bytes: Uint8Array; degraded: Degraded[] }> {
  const rendered = await renderPages(textPdf, spec.dpi ?? 300, pages);
  const degraded: Degraded[] = [];
  for (const [i, page] of rendered.entries()) degraded.push(await degrade(page, spec, seedOf(`${spec.file}#${pages[i]}`)));
  switch (spec.kind) {
    case 'scan-pdf':
      return { bytes: await encodeScanPdf(degraded, spec, `Scanned document ${spec.file}`), degraded };
    case 'tiff':
      return { bytes: await encodeTiff(degraded, spec), degraded };
    case 'png':
    case 'jpeg':
      if (degraded.length !== 1) throw new Error(`${spec.file}: a ${spec.kind} holds one page`);
      return { bytes: spec.kind === 'png' ? await encodePng(degraded[0], spec) : await encodeJpeg(degraded[0], spec), degraded };
    default:
      throw new Error(`${spec.file}: not a scan kind`);
  }
}

type Want = (file: string) => boolean;

async function makeReport(source: Source, sourceFile: string, out: string, truth: Record<string, SampleTruth>, want: Want): Promise<Uint8Array> {
  const { meta } = source;
  const { bytes: textPdf, layout } = await writeTextPdf(source);
  const problems = checkMarks(layout);
  if (problems.length > 0) throw new Error(`${sourceFile}:\n  ${problems.join('\n  ')}`);
  const gt = pageTexts(layout).map((text, i) => {
    const file = `gt/${meta.id}-p${i + 1}.txt`;
    writeFileSync(join(out, file), text);
    return file;
  });
  const all = Array.from({ length: layout.pageCount }, (_, i) => i + 1);
  for (const spec of meta.outputs) {
    if (!want(spec.file)) continue;
    const pages = spec.pages ?? all;
    const entry: SampleTruth = {
      report: meta.id,
      source: sourceFile,
      mediaType: mediaTypes[spec.kind],
      kind: spec.kind,
      pages: pages.length,
      reportPages: pages,
      textLayer: spec.kind === 'text-pdf',
      groundTruth: pages.map((p) => gt[p - 1]),
      ...truthFor(layout, pages),
    };
    if (spec.kind === 'text-pdf') {
      writeFileSync(join(out, DOCUMENTS, spec.file), textPdf);
      entry.metadata = { Title: meta.title, ...(meta.author ? { Author: meta.author } : {}) };
    } else {
      const { bytes, degraded } = await scanOutput(textPdf, spec, pages);
      writeFileSync(join(out, DOCUMENTS, spec.file), bytes);
      entry.dpi = spec.dpi ?? 300;
      entry.dpiRecorded = spec.kind !== 'png' || spec.recordDpi === true;
      entry.skew = degraded.map((d) => Math.round(d.skew * 100) / 100);
      if (spec.kind === 'jpeg') entry.exifOrientation = spec.orientation ?? 1;
      if (spec.kind === 'tiff') entry.bilevel = spec.bilevel === true;
    }
    truth[spec.file] = entry;
  }
  return textPdf;
}

/** Pretty JSON with one truth item (or one short list) a line, so that diffs stay readable. */
function formatJson(value: unknown, indent = ''): string {
  const compact = JSON.stringify(value);
  const leaf = Array.isArray(value) ? value.every((v) => typeof v !== 'object') : typeof value !== 'object' || value === null || 'text' in value;
  if (leaf || compact.length < 60) return compact;
  const inner = indent + '  ';
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + formatJson(v, inner)).join(',\n')}\n${indent}]`;
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`);
  return `{\n${entries.join(',\n')}\n${indent}}`;
}

async function smallJpeg(pdf: Uint8Array): Promise<Uint8Array> {
  const [page]: GrayImage[] = await renderPages(pdf, 40, [1]);
  const image = sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 } }).toColourspace('b-w');
  return new Uint8Array(await image.jpeg({ quality: 60 }).withDensity(40).toBuffer());
}

/** Writes the samples under `out`; with `only`, just those files (paths relative to the samples folder) and no truth.json. */
export async function makeSamples(out: string, only?: string[]): Promise<{ files: string[] }> {
  const want: Want = (file) => !only || only.includes(file);
  mkdirSync(join(out, 'gt'), { recursive: true });
  mkdirSync(join(out, DOCUMENTS, 'malformed'), { recursive: true });
  const truth: Record<string, SampleTruth> = {};
  const textPdfs = new Map<string, Uint8Array>();
  for (const name of readdirSync(join(here, 'source')).filter((f) => f.endsWith('.md')).sort()) {
    const source = parseSource(readFileSync(join(here, 'source', name), 'utf8'));
    textPdfs.set(source.meta.id, await makeReport(source, `source/${name}`, out, truth, want));
  }
  const base = textPdfs.get('incident-report');
  if (!base) throw new Error('the malformed set is built from incident-report');
  const malformed: Record<string, Omit<Awaited<ReturnType<typeof malformedSet>>[number], 'bytes' | 'file'>> = {};
  const wantMalformed = !only || only.some((f) => f.startsWith('malformed/'));
  for (const { file, bytes, ...rest } of wantMalformed ? await malformedSet(base, await smallJpeg(base)) : []) {
    if (!want(`malformed/${file}`)) continue;
    writeFileSync(join(out, DOCUMENTS, 'malformed', file), bytes);
    malformed[`malformed/${file}`] = rest;
  }
  const document = {
    version: TRUTH_VERSION,
    description: 'What every bundled sample must give: strings to redact (with category and exemption) and strings that must stay extractable. All people and data are invented. Format: samples/README.md.',
    files: truth,
    malformed,
  };
  if (!only) writeFileSync(join(out, 'truth.json'), formatJson(document) + '\n');
  return { files: [...Object.keys(truth), ...Object.keys(malformed)] };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, only: { type: 'string' } } });
  const out = values.out ?? here;
  const started = Date.now();
  const { files } = await makeSamples(out, values.only?.split(','));
  process.stderr.write(`wrote ${files.length} samples and truth.json to ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

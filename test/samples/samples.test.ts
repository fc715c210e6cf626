/**
 * The committed samples agree with samples/truth.json, checked with tools that are not ours:
 * poppler reads every redact and keep string of a text PDF (names cut by a line end or a page
 * break included), scans carry no text layer, images have the declared DPI, orientation and
 * pages, the malformed files are broken in the declared way, and the generator reproduces
 * the committed bytes.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createInflate, inflateSync } from 'node:zlib';
import sharp from 'sharp';
import type { SampleTruth } from '../../samples/make-samples.ts';
import type { TruthItem } from '../../samples/lib/truth.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const samples = join(root, 'samples');
/** The documents themselves; truth.json and the ground-truth texts sit beside the folder, not in it. */
const documents = join(samples, 'documents');
const truth = JSON.parse(readFileSync(join(samples, 'truth.json'), 'utf8')) as {
  version: number;
  files: Record<string, SampleTruth>;
  malformed: Record<string, { expect: string; password?: string; mediaType?: string }>;
};
const entries = Object.entries(truth.files);
const byKind = (kind: SampleTruth['kind']) => entries.filter(([, t]) => t.kind === kind);

function tool(name: string, args: string[], options: { allowFailure?: boolean } = {}): { ok: boolean; stdout: string; stderr: string } {
  const run = spawnSync(name, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(`${name} is not installed; these tests need it (apt-get install -y poppler-utils qpdf)`);
  }
  if (run.status !== 0 && !options.allowFailure) throw new Error(`${name} ${args.join(' ')} failed: ${run.stderr}`);
  return { ok: run.status === 0, stdout: run.stdout, stderr: run.stderr };
}

const normal = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();

/** pdftotext of each page, in the default (reading-order) mode. */
function pageTexts(file: string, pages: number): string[] {
  return Array.from({ length: pages }, (_, i) => tool('pdftotext', ['-enc', 'UTF-8', '-f', String(i + 1), '-l', String(i + 1), file, '-']).stdout);
}

/** Page bodies joined, without the lines every page repeats (running head, footer, banner) or "Page N of M". */
function joinedBodies(texts: string[]): string {
  const lines = texts.map((t) => t.split('\n').map((l) => l.trim()).filter(Boolean));
  const seen = new Map<string, number>();
  for (const page of lines) for (const l of new Set(page)) seen.set(l, (seen.get(l) ?? 0) + 1);
  const furniture = (l: string) => /^Page \d+ of \d+$/.test(l) || (texts.length > 1 && (seen.get(l) ?? 0) > 1 && l.length > 25);
  return normal(lines.map((page) => page.filter((l) => !furniture(l)).join(' ')).join(' '));
}

function pdfInfo(file: string): Record<string, string> {
  const info: Record<string, string> = {};
  for (const line of tool('pdfinfo', ['-enc', 'UTF-8', file]).stdout.split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) info[m[1]] = m[2];
  }
  return info;
}

test('truth.json lists files that exist, with their ground truth, and nothing undeclared is missing', () => {
  assert.equal(truth.version, 1);
  assert.ok(entries.length >= 10, 'expected at least ten samples');
  for (const [file, t] of entries) {
    assert.ok(existsSync(join(documents, file)), `${file} is missing`);
    assert.equal(t.groundTruth.length, t.pages, `${file}: one ground-truth file a page`);
    for (const gt of t.groundTruth) assert.ok(readFileSync(join(samples, gt), 'utf8').trim().length > 100, `${gt} is empty`);
    assert.ok(t.redact.length > 0 && t.keep.length > 0, `${file}: both lists are filled`);
    for (const item of [...t.redact, ...t.keep]) assert.ok(item.pages.every((p) => t.reportPages.includes(p)), `${file}: "${item.text}" lies on a page the file shows`);
  }
  for (const file of Object.keys(truth.malformed)) assert.ok(existsSync(join(documents, file)), `${file} is missing`);
  const kinds = new Set(entries.map(([, t]) => t.kind));
  for (const kind of ['text-pdf', 'scan-pdf', 'tiff', 'png', 'jpeg'] as const) assert.ok(kinds.has(kind), `no ${kind} sample`);
});

test('the media type of every sample matches its bytes', () => {
  const magic: Record<SampleTruth['mediaType'], (b: Buffer) => boolean> = {
    'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
    'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
    'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
    'image/tiff': (b) => ['II*\0', 'MM\0*'].includes(b.subarray(0, 4).toString('latin1')),
  };
  for (const [file, t] of entries) assert.ok(magic[t.mediaType](readFileSync(join(documents, file))), `${file} is not ${t.mediaType}`);
});

/** Asserts that poppler reads `item` in a text PDF, joining the parts of a name a line or page break cut. */
function assertExtractable(file: string, item: TruthItem, texts: string[], whole: string, joined: string) {
  const broken = item.broken ?? [];
  if (item.count > broken.length) assert.ok(whole.includes(normal(item.text)), `${file}: "${item.text}" not extractable`);
  for (const occurrence of broken) {
    if (occurrence.kind === 'page') {
      occurrence.parts.forEach((part, i) => assert.ok(normal(texts[occurrence.pages[i] - 1]).includes(normal(part)), `${file}: "${part}" not on page ${occurrence.pages[i]}`));
      assert.ok(joined.includes(normal(item.text)), `${file}: "${item.text}" does not join across pages ${occurrence.pages}`);
    } else {
      const page = normal(texts[occurrence.pages[0] - 1]);
      for (const part of occurrence.parts) assert.ok(page.includes(normal(part)), `${file}: "${part}" not on page ${occurrence.pages[0]}`);
      assert.ok(page.includes(normal(item.text)), `${file}: "${item.text}" does not join across its line break`);
    }
  }
}

test('every redact and keep string of a text PDF is extractable by pdftotext', () => {
  for (const [file, t] of byKind('text-pdf')) {
    const path = join(documents, file);
    const info = pdfInfo(path);
    assert.equal(Number(info.Pages), t.pages, `${file}: page count`);
    for (const [key, value] of Object.entries(t.metadata ?? {})) assert.equal(info[key], value, `${file}: Info ${key}`);
    const texts = pageTexts(path, t.pages);
    const whole = normal(texts.join(' '));
    const joined = joinedBodies(texts);
    for (const item of [...t.redact, ...t.keep]) assertExtractable(file, item, texts, whole, joined);
  }
});

test('the audit report has a name cut by a line end and another cut by a page break', () => {
  const audit = byKind('text-pdf').find(([, t]) => t.report === 'audit-report');
  assert.ok(audit, 'no audit report');
  const names = audit[1].redact.filter((i) => i.category === 'name');
  const line = names.find((i) => i.broken?.some((b) => b.kind === 'line'));
  const page = names.find((i) => i.broken?.some((b) => b.kind === 'page'));
  assert.ok(line && page, 'both kinds of break are present');
  assert.notEqual(line.text, page.text);
  const cut = page.broken!.find((b) => b.kind === 'page')!;
  assert.equal(cut.pages[1], cut.pages[0] + 1);
  // Poppler must put the two parts on different lines and pages, or the sample proves nothing.
  const texts = pageTexts(join(documents, audit[0]), audit[1].pages);
  assert.ok(!normal(texts[cut.pages[0] - 1]).includes(normal(page.text)));
  const linePage = normal(texts[line.broken![0].pages[0] - 1].split('\n').find((l) => l.includes(line.broken![0].parts[0])) ?? '');
  assert.ok(!linePage.includes(normal(line.text)), 'the line-end name is not on one line');
});

test('scanned PDFs have no text layer and one image a page', () => {
  for (const [file, t] of byKind('scan-pdf')) {
    const path = join(documents, file);
    assert.equal(Number(pdfInfo(path).Pages), t.pages, `${file}: page count`);
    const fonts = tool('pdffonts', [path]).stdout.trim().split('\n');
    assert.equal(fonts.length, 2, `${file}: pdffonts lists fonts: ${fonts.slice(2).join('; ')}`);
    assert.equal(tool('pdftotext', [path, '-']).stdout.trim(), '', `${file}: pdftotext finds text`);
    const images = tool('pdfimages', ['-list', path]).stdout.trim().split('\n').slice(2);
    assert.equal(images.length, t.pages, `${file}: one image a page`);
    for (const row of images) assert.ok(row.includes(` ${t.dpi} `), `${file}: image at ${t.dpi} ppi: ${row}`);
  }
});

test('image scans have the declared pages, DPI and EXIF orientation', async () => {
  const letter = [8.5, 11];
  for (const [file, t] of entries.filter(([, e]) => ['tiff', 'png', 'jpeg'].includes(e.kind))) {
    const meta = await sharp(join(documents, file)).metadata();
    assert.equal(meta.pages ?? 1, t.pages, `${file}: pages`);
    assert.equal(meta.density, t.dpiRecorded ? t.dpi : undefined, `${file}: recorded DPI`);
    assert.equal(meta.orientation ?? 1, t.exifOrientation ?? 1, `${file}: EXIF orientation`);
    const sideways = meta.orientation === 6 || meta.orientation === 8;
    const [w, h] = sideways ? [meta.height, meta.width] : [meta.width, meta.height];
    const page = t.report === 'personnel-roster' ? [...letter].reverse() : letter;
    assert.ok(Math.abs(w / t.dpi! - page[0]) < 0.02 && Math.abs((meta.pageHeight ?? h) / t.dpi! - page[1]) < 0.02, `${file}: ${w}×${h} px is not a Letter page at ${t.dpi} DPI`);
    if (t.bilevel) assert.equal(meta.channels, 1);
  }
  const kinds = entries.map(([, t]) => t);
  assert.ok(kinds.some((t) => t.kind === 'tiff' && t.pages > 1), 'a multi-page TIFF');
  assert.ok(kinds.some((t) => t.kind === 'png' && !t.dpiRecorded), 'a PNG without DPI');
  assert.ok(kinds.some((t) => t.kind === 'jpeg' && (t.exifOrientation ?? 1) !== 1), 'a JPEG with an EXIF orientation');
});

test('the malformed files are broken the declared way', async () => {
  const m = (f: string) => join(documents, 'malformed', f);
  assert.equal(statSync(m('zero-byte.pdf')).size, 0);
  assert.equal(tool('pdftotext', [m('truncated.pdf'), '-'], { allowFailure: true }).ok, false, 'truncated.pdf must not read cleanly');
  const recovered = tool('pdftotext', [m('broken-xref.pdf'), '-']);
  assert.match(recovered.stderr, /reconstruct/i, 'poppler had to rebuild the xref');
  assert.ok(recovered.stdout.includes('KESTREL BAY POLICE DEPARTMENT'));
  const password = truth.malformed['malformed/encrypted.pdf'].password!;
  assert.equal(tool('pdftotext', [m('encrypted.pdf'), '-'], { allowFailure: true }).ok, false, 'opens without its password');
  assert.ok(tool('pdftotext', ['-upw', password, m('encrypted.pdf'), '-']).stdout.includes('INCIDENT REPORT'));
  const jpeg = readFileSync(m('jpeg-named.pdf'));
  assert.deepEqual([...jpeg.subarray(0, 3)], [0xff, 0xd8, 0xff]);
  assert.equal(readFileSync(m('unsupported.docx')).subarray(0, 4).toString('latin1'), 'PK\x03\x04');
  const bomb = readFileSync(m('decompression-bomb.pdf'));
  assert.ok(bomb.length < 16 * 1024, 'the bomb file is small');
  const start = bomb.indexOf('stream\n') + 7;
  const once = inflateSync(bomb.subarray(start, bomb.lastIndexOf('\nendstream')));
  let inflated = 0;
  await new Promise<void>((resolve, reject) => {
    const inflate = createInflate();
    inflate.on('data', (chunk: Buffer) => (inflated += chunk.length));
    inflate.on('end', resolve).on('error', reject);
    inflate.end(once);
  });
  assert.ok(inflated >= 200 * 1024 * 1024, `the bomb inflates to ${inflated} bytes`);
});

test('the generator reproduces the committed bytes', { timeout: 120_000 }, () => {
  const out = mkdtempSync(join(tmpdir(), 'daylight-samples-test-'));
  try {
    const files = [...byKind('text-pdf').map(([f]) => f), 'incident-report-photo.jpg', 'malformed/broken-xref.pdf', 'malformed/encrypted.pdf', 'malformed/unsupported.docx'];
    execFileSync(process.execPath, [join(samples, 'make-samples.ts'), '--out', out, '--only', files.join(',')], { stdio: 'pipe' });
    const hash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
    for (const file of files) assert.equal(hash(join(out, 'documents', file)), hash(join(documents, file)), `${file} differs when regenerated`);
    for (const [, t] of byKind('text-pdf')) for (const gt of t.groundTruth) assert.equal(hash(join(out, gt)), hash(join(samples, gt)), `${gt} differs`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

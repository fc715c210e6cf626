/**
 * Every kind of bad input a records office sends, generated at test time: each fails
 * alone with its exact problem code (or, where pdf.js can recover, succeeds with a
 * warning), and none crashes, hangs or blows memory.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createDeflate, deflateSync } from 'node:zlib';
import { grayPng } from '../support/png.ts';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { extractDocument } from '../../pipeline/extract/extract-document.ts';
import { assemblePdf, textPdf } from '../../pipeline/extract/test-pdfs.ts';
import { readInput } from '../../pipeline/ingest/read-input.ts';
import type { Document } from '../../pipeline/model/types.ts';
import type { Result } from '../../pipeline/problems.ts';

const dir = mkdtempSync(join(tmpdir(), 'daylight-bad-input-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the bytes under `name`, then reads and extracts them as the CLI does. */
async function extractFile(name: string, bytes: Uint8Array, options: { maxPages?: number } = {}): Promise<Result<Document>> {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const input = await readInput(path);
  if (!input.ok) return input;
  return extractDocument(input.value, options);
}

const codeOf = (result: Result<unknown>) => (result.ok ? 'ok' : result.problem.code);

test('a zero-byte file fails with input.empty', async () => {
  const result = await extractFile('empty.pdf', new Uint8Array());
  assert.equal(codeOf(result), 'input.empty');
  assert.equal(codeOf(await extractDocument({ bytes: new Uint8Array(), fileName: 'empty.pdf' })), 'input.empty');
});

test('a truncated PDF fails with input.corrupt, whatever the cut', async () => {
  const whole = await textPdf([['Incident report'], ['Second page']]);
  for (const share of [0.2, 0.5, 0.9]) {
    const result = await extractFile(`truncated-${share}.pdf`, whole.slice(0, Math.floor(whole.length * share)));
    assert.equal(codeOf(result), 'input.corrupt', `cut at ${share}`);
    assert.ok(!result.ok && result.problem.file === `truncated-${share}.pdf`);
  }
});

test('a broken xref is rebuilt by pdf.js: the text comes out, with an input.repaired warning', async () => {
  const whole = Buffer.from(await textPdf([['Recovered text here']])).toString('latin1');
  const broken = whole.replace(/startxref\n\d+/, 'startxref\n123');
  const result = await extractFile('broken-xref.pdf', new Uint8Array(Buffer.from(broken, 'latin1')));
  assert.ok(result.ok, !result.ok ? result.problem.message : '');
  assert.equal(result.value.pages[0].text, 'Recovered text here');
  assert.deepEqual(result.value.warnings.map((w) => w.code), ['input.repaired']);
});

test('a PDF with a user password fails with input.encrypted', { skip: spawnSync('qpdf', ['--version']).status !== 0 && 'qpdf is not installed' }, async () => {
  const plain = join(dir, 'plain.pdf');
  const locked = join(dir, 'locked.pdf');
  writeFileSync(plain, await textPdf([['Secret']]));
  const run = spawnSync('qpdf', ['--encrypt', 'user-pw', 'owner-pw', '256', '--', plain, locked]);
  assert.equal(run.status, 0, run.stderr.toString());
  const result = await extractFile('locked.pdf', new Uint8Array(readFileSync(locked)));
  assert.equal(codeOf(result), 'input.encrypted');
  assert.match(!result.ok ? result.problem.message : '', /password/);
});

test('a JPEG named .pdf is read as a JPEG with an input.mislabelled warning', async () => {
  const jpeg = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#ffffff' } }).jpeg().withMetadata({ density: 150 }).toBuffer();
  const result = await extractFile('scan.pdf', new Uint8Array(jpeg));
  assert.ok(result.ok, !result.ok ? result.problem.message : '');
  assert.equal(result.value.mediaType, 'image/jpeg');
  assert.equal(result.value.warnings[0].code, 'input.mislabelled');
  assert.equal(result.value.warnings[0].message, 'scan.pdf is named .pdf but is a JPEG; read as JPEG.');
  // 300 × 200 px at 150 dpi is 144 × 96 pt.
  assert.deepEqual([result.value.pages[0].width, result.value.pages[0].height, result.value.pages[0].dpi], [144, 96, 150]);
});

test('an unsupported type fails with input.unsupported-type', async () => {
  const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...Buffer.from('[Content_Types].xml word/document.xml')]);
  assert.equal(codeOf(await extractFile('memo.docx', zip)), 'input.unsupported-type');
  assert.equal(codeOf(await extractFile('photo.gif', new Uint8Array(Buffer.from('GIF89a\x01\x00\x01\x00')))), 'input.unsupported-type');
});

test('a 2,000-page PDF over the page limit fails with input.too-many-pages without reading its pages', async () => {
  const pdf = await PDFDocument.create();
  for (let i = 0; i < 2000; i++) pdf.addPage([612, 792]);
  const result = await extractFile('long.pdf', await pdf.save(), { maxPages: 1000 });
  assert.equal(codeOf(result), 'input.too-many-pages');
  assert.match(!result.ok ? result.problem.message : '', /2,000 pages; the limit is 1,000/);
});

test('a decompression bomb fails with input.decompression-bomb before pdf.js inflates it', async () => {
  // 512 MB of spaces as a page's content stream, about 0.5 MB compressed, made in
  // chunks so the test itself never holds the inflated stream.
  const content = await deflateRepeated(Buffer.alloc(1024 * 1024, 0x20), 512);
  const bytes = assemblePdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>',
    new Uint8Array(Buffer.concat([Buffer.from(`<< /Length ${content.length} /Filter /FlateDecode >>\nstream\n`), content, Buffer.from('\nendstream')])),
  ]);
  const before = process.memoryUsage().rss;
  const result = await extractFile('bomb.pdf', bytes);
  assert.equal(codeOf(result), 'input.decompression-bomb');
  assert.ok(process.memoryUsage().rss - before < 400 * 1024 * 1024, 'memory grew by more than 400 MB');
});

async function deflateRepeated(chunk: Buffer, times: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const ended = new Promise((resolve) => deflate.on('end', resolve));
  for (let i = 0; i < times; i++) if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve));
  deflate.end();
  await ended;
  return Buffer.concat(out);
}

/** A PNG whose header claims width × height; only the header is valid. */
function pngHeader(width: number, height: number): Uint8Array {
  return new Uint8Array(grayPng(width, height, deflateSync(Buffer.alloc(width + 1))));
}

test('a 20,000 × 20,000 px image fails with input.image-too-large from its header', async () => {
  const before = process.memoryUsage().rss;
  const result = await extractFile('huge.png', pngHeader(20_000, 20_000));
  assert.equal(codeOf(result), 'input.image-too-large');
  assert.ok(process.memoryUsage().rss - before < 200 * 1024 * 1024, 'the pixels were decoded');
});

test('random bytes behind a PDF header fail cleanly', async () => {
  const noise = new Uint8Array(4096).map((_, i) => (i * 7919) % 251);
  noise.set(Buffer.from('%PDF-1.7\n'), 0);
  assert.equal(codeOf(await extractFile('noise.pdf', noise)), 'input.corrupt');
});

/**
 * `daylight extract`: stdout carries only the result (a summary, or one JSON document
 * with --json), progress and problems go to stderr, and the exit code follows the table.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { main } from '../../pipeline/cli/main.ts';
import type { Io } from '../../pipeline/cli/command.ts';
import { blankPdf, textPdf } from '../../pipeline/extract/test-pdfs.ts';
import { validateDocument } from '../../pipeline/model/schema.ts';
import { encodePng } from '../../pipeline/image/encode.ts';
import { renderText } from '../ocr/text-image.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'daylight-cli-extract-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function captureIo(): Io & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
    stderrIsTTY: false,
    cwd: dir,
  };
  return io;
}

test('a summary on stdout, progress per page on stderr, exit 0', async () => {
  writeFileSync(join(dir, 'report.pdf'), await textPdf([['Incident report for Jane Roe'], ['Page two']]));
  const io = captureIo();
  assert.equal(await main(['extract', 'report.pdf'], io), 0);
  assert.match(io.out, /^report\.pdf {2}application\/pdf {2}2 pages {2}7 words\n/);
  assert.match(io.out, /\n {2}p\.1 {2}text {2}5 words\n {2}p\.2 {2}text {2}2 words\n/);
  assert.equal(io.err, 'report.pdf  p.1/2  text\nreport.pdf  p.2/2  text\n');
});

test('--json prints one valid document and nothing else; --no-ocr warnings travel inside it', async () => {
  writeFileSync(join(dir, 'scan.pdf'), await blankPdf());
  const io = captureIo();
  assert.equal(await main(['extract', 'scan.pdf', '--json', '--no-ocr'], io), 0);
  const document = JSON.parse(io.out);
  assert.ok(validateDocument(document).ok);
  assert.equal(io.out.trim().split('\n').length, 1);
  assert.deepEqual(document.warnings.map((w: { code: string }) => w.code), ['ocr.skipped']);
});

test('a document that fails exits 1 with the problem code on stderr and nothing on stdout', async () => {
  writeFileSync(join(dir, 'empty.pdf'), '');
  writeFileSync(join(dir, 'notes.pdf'), 'just some text, not a PDF');
  for (const [file, code] of [['empty.pdf', 'input.empty'], ['notes.pdf', 'input.unsupported-type'], ['missing.pdf', 'input.unreadable']]) {
    const io = captureIo();
    assert.equal(await main(['extract', file], io), 1, file);
    assert.equal(io.out, '', file);
    assert.match(io.err, new RegExp(`\\[${code.replace('.', '\\.')}\\]`), file);
  }
});

test('usage errors exit 2 and name the flag', async () => {
  let io = captureIo();
  assert.equal(await main(['extract'], io), 2);
  assert.match(io.err, /extract needs a file/);
  io = captureIo();
  assert.equal(await main(['extract', 'x.pdf', '--dpi', '5'], io), 2);
  assert.match(io.err, /--dpi must be a whole number from 72 to 1200/);
  io = captureIo();
  assert.equal(await main(['extract', 'x.pdf', '--max-pages', 'lots'], io), 2);
  assert.match(io.err, /--max-pages/);
  io = captureIo();
  assert.equal(await main(['extract', 'x.pdf', '--page-timeout', '0'], io), 2);
  assert.match(io.err, /--page-timeout must be a whole number from 1 to 86400/);
});

test('--page-timeout bounds the OCR of a page: a dense page given 1 s fails with ocr.timeout', async () => {
  // Forty lines of text at 300 DPI take Tesseract well over a CPU second on any machine.
  const lines = Array.from({ length: 40 }, (_, i) => ({ text: `Line ${i}: the committee reviewed the budget of the department in full`, x: 150, y: 200 + i * 75, size: 40 }));
  const page = await renderText(2550, 3300, 300, lines);
  writeFileSync(join(dir, 'dense.png'), await encodePng(page, page.width));
  const io = captureIo();
  assert.equal(await main(['extract', 'dense.png', '--page-timeout', '1', '--quiet'], io), 1);
  assert.match(io.err, /OCR took longer than 1 s .*\[ocr\.timeout\]/);
  assert.equal(io.out, '');
});

test('through the real binary, stdout of --json is exactly one JSON document', async () => {
  writeFileSync(join(dir, 'memo.pdf'), await textPdf([['Memo to staff']]));
  const run = spawnSync(process.execPath, [join(root, 'bin', 'daylight.mjs'), 'extract', '--json', join(dir, 'memo.pdf')], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(JSON.parse(run.stdout).pages[0].text, 'Memo to staff');
  assert.match(run.stderr, /p\.1\/1 {2}text/);
});

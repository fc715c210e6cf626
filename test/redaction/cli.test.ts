/**
 * `daylight redact`, `verify` and `audit-input` through the CLI entry point:
 * exit codes, a clean stdout under --json, files written only after verification.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { main } from '../../pipeline/cli/main.ts';
import type { Io } from '../../pipeline/cli/command.ts';
import { contains, pdftotext } from '../support/extractors.ts';
import { KEPT, SECRET, failureModes } from './failure-modes.ts';

const dir = mkdtempSync(join(tmpdir(), 'daylight-redact-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function captureIo(): Io & { out: string; err: string } {
  const io = { out: '', err: '', stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t), stderrIsTTY: false, cwd: dir };
  return io;
}

const boxOverText = failureModes.find((m) => m.name === 'black box drawn over live text')!;

test('verify exits 3 on a failed redaction and 0 on Daylight\'s release of it; redact writes the release and its log', async () => {
  writeFileSync(join(dir, 'in.pdf'), await boxOverText.build());
  writeFileSync(join(dir, 'secrets.txt'), `${SECRET}\n`);

  const before = captureIo();
  assert.equal(await main(['verify', 'in.pdf', '--secrets', 'secrets.txt', '--json'], before), 3);
  const report = JSON.parse(before.out);
  assert.equal(report.ok, false);
  assert.ok(!before.out.includes(SECRET) && !before.err.includes(SECRET), 'the report repeats the secret');

  const io = captureIo();
  assert.equal(await main(['redact', 'in.pdf', '-o', 'out.pdf', '--json', '--no-ocr', '--dpi', '150'], io), 0, io.err);
  const summary = JSON.parse(io.out);
  assert.equal(summary.ok, true);
  assert.equal(io.out.trim().split('\n').length, 1, 'stdout holds one JSON object');
  const pdf = new Uint8Array(readFileSync(join(dir, 'out.pdf')));
  assert.ok(!contains(pdftotext(pdf), SECRET));
  assert.ok(contains(pdftotext(pdf), KEPT));
  const log = readFileSync(join(dir, 'out.log.json'), 'utf8');
  assert.ok(!log.includes(SECRET), 'the log holds removed text');
  const parsed = JSON.parse(log);
  assert.ok(parsed.hiddenWordsDropped + parsed.entries.length >= 1, 'the hidden secret was neither left out nor boxed');
  assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('.out.pdf.')), [], 'a temporary file was left behind');

  const after = captureIo();
  assert.equal(await main(['verify', 'out.pdf', '--secrets', 'secrets.txt'], after), 0, after.err);
});

test('audit-input lists the hidden words and off-page content; redact needs -o', async () => {
  const io = captureIo();
  assert.equal(await main(['audit-input', 'in.pdf', '--json'], io), 0, io.err);
  const audit = JSON.parse(io.out);
  assert.ok(audit.hiddenWords.some((w: { text: string; how: string }) => SECRET.includes(w.text) && w.how === 'under-dark-shape'));
  assert.ok(audit.findings.every((f: { category: string }) => f.category === 'hidden-content'));
  const usage = captureIo();
  assert.equal(await main(['redact', 'in.pdf'], usage), 2);
});

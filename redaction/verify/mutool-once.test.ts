/**
 * How many times verification starts mutool, seen through a `mutool` on PATH that logs its
 * subcommand and runs the real one. A small release is read and rendered by one `mutool run`;
 * when that run fails or reports an error, mutool draw reads and renders it as before and the
 * verdict is the same. PATH is set before the first tool starts, so the tool helper inherits it
 * (each test file runs in its own process).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { verifyPdf } from './verify-pdf.ts';

const real = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v mutool'], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
})();

const shims = mkdtempSync(join(tmpdir(), 'daylight-mutool-shim-'));
const log = join(shims, 'calls.log');
/** How the shim treats `mutool run`: pass it on, fail it, or pass it on and print a MuPDF error. */
const mode = join(shims, 'mode');
writeFileSync(
  join(shims, 'mutool'),
  `#!/bin/sh
echo "$1" >> '${log}'
if [ "$1" = run ]; then
  case "$(cat '${mode}')" in
    fail) echo "error: the shim refuses" >&2; exit 1 ;;
    noisy) '${real}' "$@"; status=$?; echo "error: something went wrong on a page" >&2; exit $status ;;
  esac
fi
exec '${real}' "$@"
`,
);
chmodSync(join(shims, 'mutool'), 0o755);
process.env.PATH = `${shims}:${process.env.PATH}`;
process.on('exit', () => rmSync(shims, { recursive: true, force: true }));

const calls = () => readFileSync(log, 'utf8').trim().split('\n');

/** Three pages with a black box on page 3; with `hidden`, "Jane Roe" written in white on page 2 (extractable, not visible). */
async function release(hidden: boolean): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= 3; i++) {
    const page = doc.addPage([612, 792]);
    page.drawText(`Page ${i} of the annual report on road maintenance.`, { x: 72, y: 700, size: 12, font });
  }
  if (hidden) doc.getPage(1).drawText('Jane Roe', { x: 72, y: 600, size: 12, font, color: rgb(1, 1, 1) });
  doc.getPage(2).drawRectangle({ x: 72, y: 500, width: 120, height: 16, color: rgb(0, 0, 0) });
  return doc.save();
}

const box = { page: 3, box: [72, 276, 192, 292] as [number, number, number, number] };
const clean = { removed: ['Richard Moe'], boxes: [box], keep: ['annual report on road maintenance'] };
const leaking = { removed: ['Jane Roe'], boxes: [box] };

test('a small release is read and rendered by one mutool run', { skip: !real && 'mutool is not installed' }, async () => {
  writeFileSync(mode, 'pass');
  writeFileSync(log, '');
  const report = await verifyPdf(await release(false), clean);
  assert.deepEqual(calls(), ['run'], `one mutool process for the text and every render: ${report.checks.find((c) => c.id === 'hidden-text')?.detail}`);
  // (pdf-lib's own Info keys and page entries fail the structure checks: only the reads are looked at here.)
  for (const id of ['text:mutool', 'text:kept', 'hidden-text', 'pixels']) assert.equal(report.checks.find((c) => c.id === id)?.status, 'pass', id);
  // The oracle: mutool read every page (the kept text is found by every engine) and rendered the box.
  assert.equal(report.engines.find((e) => e.engine === 'mutool')?.detail, '3 page(s) read');
  assert.equal(report.checks.find((c) => c.id === 'text:kept')?.status, 'pass');
  assert.match(report.checks.find((c) => c.id === 'pixels')!.detail, /rendered by mutool/);
});

test('when the one run fails or prints a MuPDF error, mutool draw reads and renders the file and the verdict is the same', { skip: !real && 'mutool is not installed' }, async () => {
  const pdf = await release(true);
  writeFileSync(mode, 'pass');
  writeFileSync(log, '');
  const once = await verifyPdf(pdf, leaking);
  // The oracle: mutool read the white secret, and the pixel check saw that it does not show.
  assert.equal(once.checks.find((c) => c.id === 'text:mutool')?.status, 'fail');
  assert.equal(once.checks.find((c) => c.id === 'hidden-text')?.status, 'fail');
  // The run, then mutool draw for the second look at the hidden word at 300 DPI.
  assert.deepEqual(calls(), ['run', 'draw']);
  for (const how of ['fail', 'noisy']) {
    writeFileSync(mode, how);
    writeFileSync(log, '');
    const again = await verifyPdf(pdf, leaking);
    assert.deepEqual(calls(), ['run', 'draw', 'draw', 'draw'], `${how}: the text, the renders and the second look by mutool draw`);
    assert.deepEqual(again.engines, once.engines, how);
    assert.deepEqual(again.checks, once.checks, how);
    assert.deepEqual(again.problems, once.problems, how);
  }
});

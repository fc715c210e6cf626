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
/** With this file present, a `mutool draw` of several pages (a list with a comma) fails. */
const failManyDraw = join(shims, 'fail-many-draw');
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
if [ "$1" = draw ] && [ -e '${failManyDraw}' ]; then
  for last; do :; done
  case "$last" in *,*) echo "error: the shim refuses many pages" >&2; exit 1 ;; esac
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

test('words that do not show on several pages are looked at again at 300 DPI by one mutool draw, each page judged as on its own', { skip: !real && 'mutool is not installed' }, async () => {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= 4; i++) {
    const page = doc.addPage([612, 792]);
    page.drawText(`Page ${i} of the annual report on road maintenance.`, { x: 72, y: 700, size: 12, font });
    // White, extractable and not visible, on pages 1, 2 and 4.
    if (i !== 3) page.drawText('Jane Roe', { x: 72, y: 600 - 20 * i, size: 12, font, color: rgb(1, 1, 1) });
  }
  const pdf = await doc.save();
  writeFileSync(mode, 'pass');
  writeFileSync(log, '');
  const report = await verifyPdf(pdf, { removed: ['Jane Roe'], boxes: [] });
  const hidden = report.problems.filter((p) => p.check === 'hidden-text');
  // The oracle: each engine's hidden words are found on each of the three pages.
  assert.deepEqual([...new Set(hidden.map((p) => p.page))], [1, 2, 4], JSON.stringify(hidden));
  // The text and first renders in one run, the three pages' second look in one draw (not three).
  assert.deepEqual(calls(), ['run', 'draw']);
  // The same verdict when that draw fails: each page is then drawn on its own, as before.
  writeFileSync(failManyDraw, '');
  writeFileSync(log, '');
  try {
    const alone = await verifyPdf(pdf, { removed: ['Jane Roe'], boxes: [] });
    assert.deepEqual(calls(), ['run', 'draw', 'draw', 'draw', 'draw']);
    assert.deepEqual(alone.checks, report.checks);
    assert.deepEqual(alone.problems, report.problems);
  } finally {
    rmSync(failManyDraw, { force: true });
  }
});

/**
 * File names as `extract` and `batch` read them: a non-UTF-8 name is opened by
 * its bytes and shown with its stray bytes escaped, the same way by both; a
 * newline in a name never breaks a line of output.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { displayName, printable } from '../../pipeline/ingest/names.ts';
import { walkFolder } from '../../pipeline/batch/walk.ts';
import { textPdf } from '../../pipeline/extract/test-pdfs.ts';

const dir = mkdtempSync(join(tmpdir(), 'daylight-names-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const cli = join(import.meta.dirname, '../../bin/daylight.mjs');

test('a name is shown as UTF-8 with stray bytes as \\xNN, and printed on one line', () => {
  assert.equal(displayName(Buffer.from('rapport-é.pdf')), 'rapport-é.pdf');
  assert.equal(displayName(Buffer.from([0x6e, 0x6f, 0x6e, 0x2d, 0xe9, 0x2e, 0x70, 0x64, 0x66])), 'non-\\xe9.pdf');
  assert.equal(displayName(Buffer.from([0xc3, 0xa9, 0xff])), 'é\\xff');
  assert.equal(printable('line\nbreak\t.pdf'), 'line\\nbreak\\t.pdf');
  assert.equal(printable('bell\u0007.pdf'), 'bell\\x07.pdf');
});

test('`daylight extract` opens a Latin-1 name given by the shell, and names it as the batch walker does', async () => {
  const raw = Buffer.from([0x6e, 0x6f, 0x6e, 0x2d, 0xe9, 0x2e, 0x70, 0x64, 0x66]);
  writeFileSync(Buffer.concat([Buffer.from(`${dir}/`), raw]), await textPdf([['Latin one name']]));
  writeFileSync(join(dir, 'line\nbreak.pdf'), await textPdf([['Newline name']]));
  // The shell passes the raw byte 0xE9; Node sees U+FFFD in argv.
  const run = spawnSync('bash', ['-c', `"${process.execPath}" "${cli}" extract $'non-\\xe9.pdf'`], { cwd: dir, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^non-\\xe9\.pdf {2}application\/pdf {2}1 page {2}3 words$/m);
  const walked = await walkFolder(dir);
  assert.deepEqual(walked.map((e) => [e.path, e.problem?.code]), [['line\nbreak.pdf', undefined], ['non-\\xe9.pdf', undefined]]);
  // Progress and the summary keep a newline in a name on its own line.
  const newline = spawnSync(process.execPath, [cli, 'extract', 'line\nbreak.pdf'], { cwd: dir, encoding: 'utf8' });
  assert.equal(newline.status, 0, newline.stderr);
  assert.deepEqual(newline.stderr.split('\n').filter(Boolean).filter((l) => !l.startsWith('Warning')), ['line\\nbreak.pdf  p.1/1  text']);
  assert.match(newline.stdout.split('\n')[0], /^line\\nbreak\.pdf {2}application\/pdf/);
});

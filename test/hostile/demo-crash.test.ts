/**
 * `daylight demo` runs its batch under the same supervisor as `daylight batch`: a
 * crash of the batch process (here a real SIGSEGV sent to it while documents are
 * in flight) restarts it on the same workspace, the documents in flight run again
 * alone, and the demo finishes in one run with every document approved.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const root = join(import.meta.dirname, '../..');
const temp = mkdtempSync(join(tmpdir(), 'daylight-demo-crash-'));
after(() => rmSync(temp, { recursive: true, force: true }));

/** The supervisor's child: the process that runs the demo and its batch. */
function childOf(pid: number): number | undefined {
  try {
    const first = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)[0];
    return first ? Number(first) : undefined;
  } catch {
    return undefined;
  }
}

const scans = ['benefits-letter-scan.png', 'incident-report-scan.pdf', 'audit-report-scan.tiff'];

test('a crash of the demo\'s batch process restarts it on the same workspace and the demo still finishes', { timeout: 600_000 }, async () => {
  const input = join(temp, 'in');
  mkdirSync(input);
  // Scans: OCR keeps extraction going for seconds, longer than the 5 s between plain progress lines, so a
  // line with pages read and documents still open is printed (born-digital files were done before one was).
  for (const name of scans) copyFileSync(join(root, 'samples/documents', name), join(input, name));
  const demo = spawn(process.execPath, [join(root, 'bin/daylight.mjs'), 'demo', '--no-serve', '--json', '--input', input, '--out', join(temp, 'out')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let crashedPid: number | undefined;
  demo.stdout.on('data', (d) => (stdout += d));
  demo.stderr.on('data', (d) => {
    stderr += d;
    // A page is read and not every document is done: extraction is under way (an open attempt, which the
    // supervisor has heard of over IPC by now; between stages none may be open, and a crash then is a bug's).
    // Not only '0/3': on a fast run the first line printed may already count a finished document.
    if (crashedPid === undefined && /Extracting: [0-2]\/3 documents done, [1-9]/.test(stderr)) {
      crashedPid = childOf(demo.pid!);
      if (crashedPid !== undefined) process.kill(crashedPid, 'SIGSEGV');
    }
  });
  const code = await new Promise<number | null>((resolve) => demo.on('exit', (c) => resolve(c)));
  assert.ok(crashedPid, `the batch process was found and crashed; stderr: ${stderr.slice(-500)}`);
  assert.notEqual(crashedPid, demo.pid, 'the demo ran in a child of the process started');
  assert.match(stderr, /daylight demo: the batch process crashed \(SIGSEGV\) on the document\(s\) it was working on; restarting/);
  assert.equal(code, 0, stderr.slice(-800));
  const result = JSON.parse(stdout) as { batch: { batch: { resumed: boolean }; documents: { total: number; ok: number; failed: number } }; approved: string[] };
  assert.equal(result.batch.batch.resumed, true, 'the restarted batch resumed the workspace the crashed one left, not a fresh one');
  assert.deepEqual(result.batch.documents, { ...result.batch.documents, total: 3, ok: 3, failed: 0 });
  assert.deepEqual([...result.approved].sort(), [...scans].sort());
});

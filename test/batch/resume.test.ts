/**
 * Resume after kill -9, end to end: the real CLI and the real stages on small
 * text PDFs. One workspace is built by an uninterrupted run; another by runs
 * killed at random moments and a final run. Both must hold the same documents,
 * states, findings, redactions and artifact bytes, with nothing lost or
 * duplicated and the audit chain intact.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { leftoverTempFiles } from '../../pipeline/workspace/blobs.ts';
import type { FileBlobStore } from '../../pipeline/workspace/blobs.ts';
import { listDocuments, listFindings, listPages, listRedactions, lockHolder, openWorkspace, verifyAuditChain } from '../../pipeline/workspace/store/index.ts';
import { isAlive } from '../../pipeline/workspace/store/lock.ts';
import { writeCorpus } from './fixtures.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'bin', 'daylight.mjs');
const temp = mkdtempSync(join(tmpdir(), 'daylight-resume-'));
after(() => rmSync(temp, { recursive: true, force: true }));

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `daylight batch`; with `killAfterMs`, sends SIGKILL at that moment. */
function batch(folder: string, workspace: string, killAfterMs?: number): Promise<Exit> {
  const started = performance.now();
  // The kills come from outside, as a user's kill -9: the next run resumes, and no document is counted as a
  // crasher however often a kill lands in one stage of it (the default --max-crashes is 2).
  const child = spawn(process.execPath, [cli, 'batch', folder, '--workspace', workspace, '--json', '--concurrency', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started });
    }),
  );
}

/**
 * Waits for the batch process a killed `daylight batch` ran (its supervisor's child, which
 * stops when it sees the supervisor gone) to end, as a user rerunning the command would.
 */
async function batchProcessGone(dir: string): Promise<void> {
  for (let waited = 0; waited < 30_000; waited += 100) {
    const opened = await openWorkspace(dir, { mustExist: true, databaseUrl: '' });
    if (!opened.ok) return;
    const holder = await lockHolder(opened.value);
    await opened.value.close();
    if (!holder || !isAlive(holder)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail('the batch process did not end after its supervisor was killed');
}

/** Everything a run produces, keyed by path (ids are random per workspace). */
async function snapshot(dir: string) {
  const opened = await openWorkspace(dir, { mustExist: true, databaseUrl: '' });
  assert.ok(opened.ok);
  const ws = opened.value;
  try {
    const docs = await listDocuments(ws);
    const pathOf = new Map(docs.map((d) => [d.id, d.path]));
    const chain = await verifyAuditChain(ws);
    assert.ok(chain.ok, !chain.ok ? chain.problem.message : '');
    return {
      tempFiles: leftoverTempFiles(ws.blobs as FileBlobStore).length,
      counts: await Promise.all(['documents', 'pages', 'findings', 'redactions', 'checkpoints'].map(async (t) => Number((await ws.sql(`SELECT COUNT(*) AS n FROM ${t}`)).rows[0].n))),
      documents: Object.fromEntries(
        await Promise.all(docs.map(async (d) => [
          d.path,
          {
            state: d.state,
            failure: d.failure?.code ?? null,
            failedStage: d.failure?.stage ?? null,
            sha256: d.sha256,
            duplicateOf: d.duplicateOf ? pathOf.get(d.duplicateOf) : null,
            pageCount: d.pageCount,
            pages: (await listPages(ws, d.id)).map((p) => [p.number, p.width, p.height, p.source, p.wordCount]),
            modelBlob: d.modelBlob,
            artifactBlob: d.artifactBlob,
            findings: (await listFindings(ws, d.id)).map((f) => [f.id, f.category, f.text, JSON.stringify(f.boxes)]),
            redactions: (await listRedactions(ws, d.id)).map((r) => [r.id, r.decision, r.exemption, JSON.stringify(r.boxes)]),
          },
        ])),
      ),
    };
  } finally {
    await ws.close();
  }
}

test('a batch killed with SIGKILL at random moments and rerun ends exactly like an uninterrupted one', { timeout: 600_000 }, async (t) => {
  const folder = join(temp, 'in');
  const corpus = await writeCorpus(folder, 2, () => 1);
  const reference = await batch(folder, join(temp, 'reference'));
  assert.equal(reference.code, 1, 'the empty and corrupt files fail, so exit 1');
  // --json: stdout is exactly one JSON object; progress and problems went to stderr.
  assert.equal(reference.stdout.trim().split('\n').length, 1);
  const summary = JSON.parse(reference.stdout);
  assert.match(reference.stderr, /Extracting: \d+\/5 documents done/);
  assert.match(reference.stderr, /failed: corrupt\.pdf: .*\[input\.corrupt\]/);
  assert.deepEqual(summary.documents, { total: 5, ok: 2, failed: 2, duplicate: 1 });
  const expected = await snapshot(join(temp, 'reference'));
  for (const path of corpus.good) assert.equal(expected.documents[path].state, 'in_review', path);
  assert.ok(expected.documents['report-1.pdf'].findings.length > 0, 'detection found something to redact');

  // A seeded generator: the kill moments are random but a failure can be replayed.
  let seed = Number(process.env.DAYLIGHT_RESUME_SEED ?? Date.now() % 100_000);
  t.diagnostic(`seed ${seed}`);
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  // Kill moments are drawn from the reference run's length; a later run can be quicker (a loaded machine
  // quietens, caches are warm) and finish before its kill. Then the series starts again on a fresh
  // workspace with moments half as late, so a kill really lands mid-batch.
  let killed = '';
  let kills: string[] = [];
  for (let series = 0, scale = 1; series < 4 && !kills.some((k) => k.includes('SIGKILL')); series++, scale /= 2) {
    killed = join(temp, `killed-${series}`);
    kills = [];
    for (let i = 0; i < 3; i++) {
      const at = Math.round(reference.ms * scale * (0.25 + 0.7 * random()));
      const run = await batch(folder, killed, at);
      kills.push(`${at} ms: ${run.signal ?? `exit ${run.code}`}`);
      await batchProcessGone(killed);
    }
    t.diagnostic(`kills, series ${series + 1}: ${kills.join('; ')}`);
  }
  const final = await batch(folder, killed);
  assert.equal(final.code, 1);
  const got = await snapshot(killed);
  assert.deepEqual(got.documents, expected.documents);
  assert.deepEqual(got.counts, expected.counts, 'documents, pages, findings, redactions, checkpoints: nothing lost or duplicated');
  assert.equal(got.tempFiles, 0, 'temp files of killed writes are cleaned up');
  assert.ok(kills.some((k) => k.includes('SIGKILL')), `at least one run was really killed (${kills.join('; ')})`);
});

/**
 * Each document is processed in isolation: a library's stray rejection, a worker
 * thread that dies, and a process that crashed inside a stage each fail that
 * document alone with a code, and the rest of the batch reaches review in the
 * same run; a batch killed from outside fails nothing. Fake stages
 * (fake-stages.ts) with the real thread pool and the real supervisor.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { DatabaseSync } from 'node:sqlite';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runBatch } from '../../pipeline/batch/run-batch.ts';
import { crashesSoFar, markAttemptStarted, recordCrash, settleOpenAttempts } from '../../pipeline/batch/attempts.ts';
import { CODE_VERSION, policyHash } from '../../pipeline/batch/keys.ts';
import { takeStrayRejections } from '../../pipeline/threads/stray-errors.ts';
import { listDocuments, openWorkspace } from '../../pipeline/workspace/store/index.ts';
import type { Workspace } from '../../pipeline/workspace/store/index.ts';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';
import { misbehavingStages } from './fake-stages.ts';

const temp = mkdtempSync(join(tmpdir(), 'daylight-isolation-'));
after(() => rmSync(temp, { recursive: true, force: true }));
let n = 0;

function folderWith(files: Record<string, string>): string {
  const folder = join(temp, `in-${++n}`);
  mkdirSync(folder, { recursive: true });
  for (const [path, text] of Object.entries(files)) writeFileSync(join(folder, path), text);
  return folder;
}

async function workspace(): Promise<Workspace> {
  const opened = await openWorkspace(join(temp, `ws-${++n}`), { databaseUrl: '' });
  assert.ok(opened.ok);
  return opened.value;
}

/** The fake stages, with an extract that misbehaves as libraries do when the text asks it to. */
function hostileStages() {
  return misbehavingStages(async (text, ctx) => {
    if (text.startsWith('STRAY')) {
      // A rejection nobody awaits, on the main thread, while this document is in flight.
      void Promise.reject(new Error('Illegal character: 41'));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (text.startsWith('DIE')) await ctx.tasks.run('probe', 'exit');
  });
}

async function states(ws: Workspace): Promise<Record<string, string>> {
  return Object.fromEntries((await listDocuments(ws)).map((d) => [d.path, d.state === 'failed' ? `failed:${d.failure?.code}` : d.state]));
}

test('a stray rejection and a dying worker fail their own documents with codes; the batch finishes in one run', async (t) => {
  // The test runner reports any unhandled rejection against the running test; this one makes one on purpose.
  t.after(takeStrayRejections());
  const ws = await workspace();
  const folder = folderWith({ 'a.txt': 'Report A.', 'b.txt': 'STRAY Report B.', 'c.txt': 'DIE Report C.', 'd.txt': 'Report D names SECRET-x.' });
  const { stages } = hostileStages();
  const run = await runBatch({ folder, workspace: ws, policy: defaultPolicy(), concurrency: 2, stages, actor: 'tester' });
  assert.ok(run.ok);
  assert.deepEqual((await states(ws)), { 'a.txt': 'in_review', 'b.txt': 'failed:input.library-error', 'c.txt': 'failed:input.crashed', 'd.txt': 'in_review' });
  const c = (await listDocuments(ws)).find((d) => d.path === 'c.txt')!;
  assert.match(c.failure!.message, /crashed 2 times/);
  // A rerun does not run the crashing document a third time, and keeps the rest.
  const again = await runBatch({ folder, workspace: ws, policy: defaultPolicy(), concurrency: 2, stages: hostileStages().stages, actor: 'tester' });
  assert.ok(again.ok);
  assert.equal((await states(ws))['c.txt'], 'failed:input.crashed');
  assert.equal((await states(ws))['a.txt'], 'in_review');
  await ws.close();
});

test('open attempts of a process the supervisor saw crash count; those of a process killed from outside do not', async () => {
  const folder = folderWith({ 'a.txt': 'Report A.', 'b.txt': 'Report B.' });
  const markB = async (ws: Workspace, version: string) => {
    const b = (await listDocuments(ws)).find((d) => d.path === 'b.txt')!;
    return { sha256: b.sha256!, stage: 'extract', policyHash: policyHash(defaultPolicy()), codeVersion: `${CODE_VERSION}/${version}` };
  };
  // An earlier run ingested the files and crashed inside extract on b.txt once (counted), then a second time.
  const ws = await workspace();
  const first = hostileStages();
  assert.ok((await runBatch({ folder, workspace: ws, policy: defaultPolicy(), concurrency: 1, stages: [], actor: 'tester' })).ok);
  const key = await markB(ws, first.stages[0].version);
  await markAttemptStarted(ws, key);
  await recordCrash(ws, key);
  await markAttemptStarted(ws, key);
  const deadPid = 2 ** 22 + 17;
  await ws.sql("UPDATE checkpoints SET output = json_set(output, '$.pid', ?) WHERE stage = 'attempt/extract'", [deadPid]);
  const run = await runBatch({ folder, workspace: ws, policy: defaultPolicy(), concurrency: 2, stages: first.stages, actor: 'tester', crashedPids: [deadPid] });
  assert.ok(run.ok);
  assert.deepEqual((await states(ws)), { 'a.txt': 'in_review', 'b.txt': 'failed:input.crashed' });
  assert.match((await listDocuments(ws)).find((d) => d.path === 'b.txt')!.failure!.message, /crashed 2 times/);
  assert.equal(first.calls.extract, 1, 'only a.txt was extracted');

  // The same open attempts left by a batch killed from outside (kill -9, Ctrl-C): nothing counts, however often.
  const ws2 = await workspace();
  const killed = hostileStages();
  assert.ok((await runBatch({ folder, workspace: ws2, policy: defaultPolicy(), concurrency: 1, stages: [], actor: 'tester' })).ok);
  const key2 = await markB(ws2, killed.stages[0].version);
  for (let i = 0; i < 3; i++) {
    await markAttemptStarted(ws2, key2);
    await ws2.sql("UPDATE checkpoints SET output = json_set(output, '$.pid', ?) WHERE stage = 'attempt/extract'", [deadPid + i]);
    await settleOpenAttempts(ws2, []);
  }
  assert.equal(await crashesSoFar(ws2, key2), 0);
  assert.ok((await runBatch({ folder, workspace: ws2, policy: defaultPolicy(), concurrency: 2, stages: killed.stages, actor: 'tester', crashedPids: [deadPid + 99] })).ok);
  assert.deepEqual((await states(ws2)), { 'a.txt': 'in_review', 'b.txt': 'in_review' });
  await ws.close();
  await ws2.close();
});

test('the attempt count the supervisor hears covers every attempt mark open in the workspace, through crashes and failures', async () => {
  // A mark written before the supervisor heard of its attempt, or still there after it heard the
  // attempt ended, is a moment where a native crash would be judged "outside any document" (exit 70).
  const folder = folderWith({ 'a.txt': 'Report A.', 'b.txt': 'STRAY Report B.', 'c.txt': 'DIE Report C.', 'd.txt': 'Report D.', 'e.txt': 'Report E.' });
  const ws = await workspace();
  const openMarks = async () => Number((await ws.sql("SELECT count(*) AS n FROM checkpoints WHERE stage LIKE 'attempt/%' AND json_extract(output, '$.pid') = ?", [process.pid])).rows[0].n);
  let heard = 0;
  const uncovered: string[] = [];
  let calls = 0;
  const stages = hostileStages();
  const released = takeStrayRejections();
  try {
    const run = await runBatch({
      folder,
      workspace: ws,
      policy: defaultPolicy(),
      concurrency: 2,
      stages: stages.stages,
      actor: 'tester',
      onAttempts: async (running) => {
        calls++;
        // Until this call settles the supervisor knows only the earlier count; after, the new one.
        const marks = await openMarks();
        if (marks > Math.min(heard, running)) uncovered.push(`${marks} open mark(s) while the supervisor knew of ${heard}, now ${running}`);
        heard = running;
      },
    });
    assert.ok(run.ok);
  } finally {
    released();
  }
  assert.ok(calls >= 2 * 5, `every attempt was announced and ended (${calls} calls)`);
  assert.equal(heard, 0);
  assert.deepEqual(uncovered, []);
  assert.equal((await states(ws))['a.txt'], 'in_review');
  await ws.close();
});

/** Runs the supervised fake batch (supervised-fake.ts); with `killWhen`, polled, sends SIGKILL to the supervisor once it holds. */
function supervised(folder: string, ws: string, killWhen?: () => boolean, env: Record<string, string> = {}): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'supervised-fake.ts'), folder, ws], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const poll = killWhen && setInterval(() => {
    if (killWhen()) child.kill('SIGKILL');
  }, 50);
  return new Promise((resolve) => child.on('close', (code, signal) => {
    clearInterval(poll);
    resolve({ code, signal, stderr });
  }));
}

/** The pid of each attempt mark a process has open in the workspace at `dir` (read beside the running batch). */
function openAttempts(dir: string): number[] {
  try {
    const db = new DatabaseSync(join(dir, 'workspace.sqlite'), { readOnly: true });
    try {
      const rows = db.prepare("SELECT json_extract(output, '$.pid') AS pid FROM checkpoints WHERE stage LIKE 'attempt/%' AND json_extract(output, '$.pid') IS NOT NULL").all() as { pid: number }[];
      return rows.map((r) => r.pid);
    } finally {
      db.close();
    }
  } catch {
    return [];
  }
}

test('a document that crashes the batch process natively fails alone with input.crashed; the batch finishes in one run', async () => {
  const folder = folderWith({ 'a.txt': 'Report A.', 'b.txt': 'SEGV Report B.', 'c.txt': 'Report C.', 'd.txt': 'Report D.' });
  const dir = join(temp, `ws-${++n}`);
  const run = await supervised(folder, dir);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /crashed \(SIGSEGV\)/);
  const opened = await openWorkspace(dir, { databaseUrl: '' });
  assert.ok(opened.ok);
  // The document beside it when it crashed ran again alone and is not blamed.
  assert.deepEqual((await states(opened.value)), { 'a.txt': 'in_review', 'b.txt': 'failed:input.crashed', 'c.txt': 'in_review', 'd.txt': 'in_review' });
  await opened.value.close();
});

test('kill -9 of the batch mid-document, twice, then a rerun: nothing is failed as a crasher', async () => {
  const folder = folderWith({ 'a.txt': 'SLOW Report A.', 'b.txt': 'SLOW Report B.' });
  const dir = join(temp, `ws-${++n}`);
  const seen = new Set<number>();
  for (let i = 0; i < 2; i++) {
    // Killed while both documents are inside extract (attempts this run opened), as a user's kill -9 lands.
    // Their extraction lasts until the kill here (10 min at most), so a loaded machine cannot finish one
    // before the other has started and leave the run nothing to be killed in.
    const killed = await supervised(folder, dir, () => openAttempts(dir).filter((pid) => !seen.has(pid)).length === 2, { DAYLIGHT_FAKE_SLOW_MS: '600000' });
    assert.equal(killed.signal, 'SIGKILL');
    const left = openAttempts(dir);
    assert.equal(left.length, 2, 'the killed run left both attempts open');
    for (const pid of left) seen.add(pid);
    // The batch process stops with its supervisor.
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let waited = 0; left.some(alive) && waited < 60_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(!left.some(alive), 'the batch process ended with its supervisor');
  }
  const final = await supervised(folder, dir);
  assert.equal(final.code, 0, final.stderr);
  const opened = await openWorkspace(dir, { databaseUrl: '' });
  assert.ok(opened.ok);
  assert.deepEqual((await states(opened.value)), { 'a.txt': 'in_review', 'b.txt': 'in_review' });
  await opened.value.close();
});

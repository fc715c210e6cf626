/**
 * The batch runner's machinery on plain-text documents and fake stages (see
 * fake-stages.ts): bad inputs fail alone with their codes, duplicates are
 * processed once, reruns skip finished work, and a busy or locked workspace is
 * handled. Real PDFs and kill -9 are in resume.test.ts.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fail } from '../../pipeline/problems.ts';
import { runBatch } from '../../pipeline/batch/run-batch.ts';
import type { RunBatchOptions } from '../../pipeline/batch/run-batch.ts';
import { readInput } from '../../pipeline/batch/read-input.ts';
import { leftoverTempFiles, nodeBlobFs } from '../../pipeline/workspace/blobs.ts';
import type { BlobFs } from '../../pipeline/workspace/blobs.ts';
import { listDocuments, listFindings, openWorkspace, verifyAuditChain } from '../../pipeline/workspace/store/index.ts';
import type { OpenWorkspaceOptions, Workspace } from '../../pipeline/workspace/store/index.ts';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';
import { fakeStages } from './fake-stages.ts';

const temp = mkdtempSync(join(tmpdir(), 'daylight-batch-'));
after(() => rmSync(temp, { recursive: true, force: true }));
let n = 0;

function folderWith(files: Record<string, string>): string {
  const folder = join(temp, `in-${++n}`);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(folder, path, '..'), { recursive: true });
    writeFileSync(join(folder, path), text);
  }
  return folder;
}

async function workspace(options: OpenWorkspaceOptions = {}): Promise<Workspace> {
  const opened = await openWorkspace(join(temp, `ws-${++n}`), { databaseUrl: '', ...options });
  assert.ok(opened.ok);
  return opened.value;
}

function run(ws: Workspace, folder: string, extra: Partial<RunBatchOptions> = {}) {
  const fake = fakeStages();
  return { calls: fake.calls, result: runBatch({ folder, workspace: ws, policy: defaultPolicy(), concurrency: 2, stages: fake.stages, actor: 'tester', ...extra }) };
}

async function states(ws: Workspace): Promise<Record<string, string>> {
  return Object.fromEntries((await listDocuments(ws)).map((d) => [d.path, d.state === 'failed' ? `failed:${d.failure?.code}` : d.state]));
}

const good = {
  'a.txt': 'Report A names SECRET-alpha.\fPage two.',
  'nested/deeper/b.txt': 'Report B mentions alpha as SECRET-alpha and SECRET-beta.',
  'c.txt': 'Report C is clean.',
};

test('bad inputs fail alone with their codes; good ones reach review; duplicates are processed once', async () => {
  const folder = folderWith({
    ...good,
    'copy-of-a.txt': good['a.txt'],
    'empty.txt': '',
    'corrupt.txt': 'CORRUPT bytes',
    'crash.txt': 'CRASH now',
    'gone.txt': 'This file is removed after the folder is listed.',
    'locked.txt': 'Nobody may read this one.',
  });
  symlinkSync(folder, join(folder, 'nested', 'loop')); // a link back to the batch folder
  writeFileSync(Buffer.concat([Buffer.from(`${folder}/bad-`), Buffer.from([0xff, 0xfe]), Buffer.from('.txt')]), 'not UTF-8 name');
  const long = join(folder, ...Array.from({ length: 5 }, (_, i) => `${String(i).repeat(240)}`));
  mkdirSync(long, { recursive: true });
  writeFileSync(join(long, 'deep.txt'), 'A path longer than the workspace keeps.');
  const ws = await workspace();
  const progress: string[] = [];
  const { result, calls } = run(ws, folder, {
    afterWalk: () => unlinkSync(join(folder, 'gone.txt')),
    // Root reads any file whatever its mode, so a reader that is refused is injected for this one file.
    readInput: async (absolute, path) => (path === 'locked.txt' ? fail('input.unreadable', `${path} may not be read by this user (EACCES).`, { file: path }) : readInput(absolute, path)),
    onProgress: (p) => p.outcome && progress.push(`${p.outcome.state} ${p.outcome.path}`),
  });
  const batch = await result;
  assert.ok(batch.ok, !batch.ok ? batch.problem.message : '');
  const got = await states(ws);
  const badName = Object.keys(got).find((p) => p.startsWith('bad-'))!;
  // A name that is not UTF-8 is read like any other, shown with its stray bytes escaped (as `extract` reads it).
  assert.equal(badName, 'bad-\\xff\\xfe.txt');
  // The folder whose path passes the limit is reported once, not followed.
  const deep = Object.keys(got).find((p) => p.startsWith('0000'))!;
  assert.deepEqual(got, {
    'a.txt': 'in_review',
    'nested/deeper/b.txt': 'in_review',
    'c.txt': 'in_review',
    'copy-of-a.txt': 'duplicate',
    'empty.txt': 'failed:input.empty',
    'corrupt.txt': 'failed:input.corrupt',
    'crash.txt': 'failed:batch.stage-failed',
    'gone.txt': 'failed:input.vanished',
    'locked.txt': 'failed:input.unreadable',
    'nested/loop': 'failed:input.symlink-loop',
    [badName]: 'in_review',
    [deep]: 'failed:input.bad-name',
  });
  // The duplicate points at the processed copy, and was never extracted.
  const docs = await listDocuments(ws);
  const a = docs.find((d) => d.path === 'a.txt')!;
  assert.equal(docs.find((d) => d.path === 'copy-of-a.txt')!.duplicateOf, a.id);
  assert.equal(calls.extract, 6, 'a, b, c, corrupt, crash and the non-UTF-8 name');
  // Consistency across the batch: SECRET-alpha is found in a and b; c has none.
  assert.deepEqual((await listFindings(ws, docs.find((d) => d.path === 'nested/deeper/b.txt')!.id)).map((f) => f.text), ['SECRET-alpha', 'SECRET-beta']);
  assert.equal(docs.find((d) => d.path === 'crash.txt')!.failure?.stage, 'extract');
  assert.match(docs.find((d) => d.path === 'crash.txt')!.failure!.message, /fell over/);
  assert.ok(progress.includes('duplicate copy-of-a.txt') && progress.includes('failed corrupt.txt'));
  assert.ok((await verifyAuditChain(ws)).ok);
  await ws.close();
});

test('a file without read permission fails as unreadable', { skip: process.getuid?.() === 0 ? 'running as root, which reads files whatever their mode; the reader-level EACCES case above covers the batch side' : false }, async () => {
  const folder = folderWith({ ...good, 'locked.txt': 'secret' });
  chmodSync(join(folder, 'locked.txt'), 0o000);
  const ws = await workspace();
  const batch = await run(ws, folder).result;
  assert.ok(batch.ok);
  assert.equal((await states(ws))['locked.txt'], 'failed:input.unreadable');
  await ws.close();
});

test('a rerun of a finished batch runs no stage and duplicates nothing; failed documents are retried', async () => {
  const folder = folderWith({ ...good, 'corrupt.txt': 'CORRUPT' });
  const ws = await workspace();
  assert.ok((await run(ws, folder).result).ok);
  const before = await states(ws);
  const rows = (await listDocuments(ws)).length;
  const again = run(ws, folder);
  const second = await again.result;
  assert.ok(second.ok && second.value.resumed);
  assert.deepEqual((await states(ws)), before);
  assert.equal((await listDocuments(ws)).length, rows);
  // Only the failed document went round again, and its extraction replayed nothing else.
  assert.deepEqual(again.calls, { extract: 1, detect: 0, redact: 0, verify: 0 });
  await ws.close();
});

test('the same files in a new batch reuse checkpoints instead of recomputing', async () => {
  const folder = folderWith(good);
  const ws = await workspace();
  assert.ok((await run(ws, folder, { name: 'first' }).result).ok);
  const second = run(ws, folder, { name: 'second' });
  const batch = await second.result;
  assert.ok(batch.ok && !batch.value.resumed);
  assert.equal((await listDocuments(ws, { state: 'in_review' })).length, 6);
  assert.deepEqual(second.calls, { extract: 0, detect: 0, redact: 0, verify: 0 });
  await ws.close();
});

test('disk full while storing a document: that document fails, the rest go on, no partial blob stays', async () => {
  const full: BlobFs = {
    ...nodeBlobFs,
    writeDurably(path, bytes) {
      if (Buffer.from(bytes).includes('DISKFULL')) {
        writeFileSync(path, bytes.subarray(0, 5));
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }
      nodeBlobFs.writeDurably(path, bytes);
    },
  };
  const folder = folderWith({ ...good, 'big.txt': 'DISKFULL would not fit' });
  const ws = await workspace({ blobFs: full });
  assert.ok((await run(ws, folder).result).ok);
  const got = await states(ws);
  assert.equal(got['big.txt'], 'failed:workspace.disk-full');
  assert.equal(got['a.txt'], 'in_review');
  assert.deepEqual(await leftoverTempFiles(ws.blobs), []);
  await ws.close();
});

interface Holder {
  pid: number;
  /** Runs the release script in the child and resolves once it has exited. */
  release(): Promise<void>;
}

/**
 * Starts a child that runs `hold` on the workspace database, prints "ready", and holds until told
 * to run `release` (or until this process ends and its stdin closes), so a hold lasts as long as
 * the test needs it however slow the machine: with a timer alone, a loaded machine could reach the
 * batch after the hold was over. `releaseAfterMs` lets the child also release on its own, for a
 * batch that waits synchronously (SQLite's busy timeout blocks this process's event loop).
 */
function holdLock(dbPath: string, hold: string, release: string, releaseAfterMs?: number): Promise<Holder> {
  const script = `import { DatabaseSync } from 'node:sqlite'; const db = new DatabaseSync(${JSON.stringify(dbPath)}, { timeout: 5000 }); ${hold}
    console.log('ready');
    const done = () => { ${release}; process.exit(0); };
    process.stdin.once('data', done);
    process.stdin.once('end', done);
    ${releaseAfterMs === undefined ? '' : `setTimeout(done, ${releaseAfterMs});`}`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A child that already let go on its own has closed its end of the pipe: nothing to tell it.
  child.stdin!.on('error', () => {});
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => String(d).includes('ready') && resolve({ pid: child.pid!, release: () => (child.stdin!.end('release\n'), exited) }));
    child.once('exit', (code) => reject(new Error(`lock holder exited early (${code})`)));
  });
}

/** Lets `holder` go once `ms` have passed, as another process finishing its work would. */
const releaseLater = (holder: Holder, ms: number) => new Promise((resolve) => setTimeout(resolve, ms)).then(() => holder.release());

test('a second batch on a busy workspace refuses with a clear message, or waits when asked', async () => {
  const folder = folderWith(good);
  const ws = await workspace();
  const holder = await holdLock(
    join(ws.dir, 'workspace.sqlite'),
    `db.prepare("INSERT INTO locks (name, pid, host, process_start, purpose, acquired_at) VALUES ('batch', ?, ?, NULL, 'batch', 'now')").run(process.pid, (await import('node:os')).hostname());`,
    'db.exec("DELETE FROM locks")',
  );
  const refused = await run(ws, folder).result;
  assert.ok(!refused.ok);
  assert.equal(refused.problem.code, 'workspace.locked');
  assert.match(refused.problem.message, new RegExp(`Another batch \\(pid ${holder.pid}`));
  assert.deepEqual(await listDocuments(ws), [], 'the refused run wrote nothing');
  const [waited] = await Promise.all([run(ws, folder, { lockWaitMs: 120_000 }).result, releaseLater(holder, 500)]);
  assert.ok(waited.ok);
  assert.equal((await listDocuments(ws, { state: 'in_review' })).length, 3);
  await ws.close();
});

test('a database held by another process: the batch waits it out, or stops cleanly and resumes later', async () => {
  const folder = folderWith(good);
  // Short hold, normal timeout: the batch just waits (if the hold is over before the batch gets there, it has nothing to wait for).
  const ws = await workspace({ busyTimeoutMs: 10_000 });
  const dbPath = join(ws.dir, 'workspace.sqlite');
  const brief = await holdLock(dbPath, "db.exec('BEGIN IMMEDIATE');", "db.exec('COMMIT')", 1000);
  const waited = await run(ws, folder).result;
  assert.ok(waited.ok, !waited.ok ? waited.problem.message : '');
  await brief.release();
  await ws.close();
  // Held throughout the run, short timeout: the run stops with workspace.busy, and a later run finishes the job.
  const ws2 = await workspace({ busyTimeoutMs: 300 });
  const long = await holdLock(join(ws2.dir, 'workspace.sqlite'), "db.exec('BEGIN IMMEDIATE');", "db.exec('COMMIT')");
  const busy = await run(ws2, folder).result;
  assert.ok(!busy.ok);
  assert.equal(busy.problem.code, 'workspace.busy');
  await long.release();
  const resumed = await run(ws2, folder).result;
  assert.ok(resumed.ok);
  assert.equal((await listDocuments(ws2, { state: 'in_review' })).length, 3);
  assert.ok((await verifyAuditChain(ws2)).ok);
  await ws2.close();
  assert.ok(readFileSync(join(folder, 'a.txt')).length > 0, 'inputs are never modified');
});

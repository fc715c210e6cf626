/**
 * The status, purge and audit commands over a workspace filled by the batch
 * runner (fake stages), and the batch command's usage errors.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { main } from '../../pipeline/cli/main.ts';
import type { Io } from '../../pipeline/cli/command.ts';
import { runBatch } from '../../pipeline/batch/run-batch.ts';
import { blobPath } from '../../pipeline/workspace/blobs.ts';
import type { FileBlobStore } from '../../pipeline/workspace/blobs.ts';
import { approvedArtifact, decisionSetHash, getDocument, listAudit, listDocuments, listFindings, markPublished, openWorkspace, recordApproval } from '../../pipeline/workspace/store/index.ts';
import type { Workspace } from '../../pipeline/workspace/store/index.ts';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';
import { fakeStages } from './fake-stages.ts';

const temp = mkdtempSync(join(tmpdir(), 'daylight-commands-'));
after(() => rmSync(temp, { recursive: true, force: true }));

function captureIo(): Io & { out: string; err: string } {
  const io = { out: '', err: '', stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t), stderrIsTTY: false, cwd: temp };
  return io;
}

async function filled(name: string, files: Record<string, string>, batchName = 'b'): Promise<Workspace> {
  const folder = join(temp, `in-${name}`);
  mkdirSync(folder, { recursive: true });
  for (const [p, text] of Object.entries(files)) writeFileSync(join(folder, p), text);
  const opened = await openWorkspace(join(temp, `ws-${name}`), { databaseUrl: '' });
  assert.ok(opened.ok);
  const run = await runBatch({ folder, workspace: opened.value, policy: defaultPolicy(), stages: fakeStages().stages, name: batchName, actor: 'clerk' });
  assert.ok(run.ok);
  return opened.value;
}

test('batch: usage errors exit 2 before touching anything', async () => {
  for (const argv of [['batch'], ['batch', temp, '--concurrency', '0'], ['batch', join(temp, 'no-such-folder'), '--workspace', join(temp, 'ws-usage')], ['batch', temp, '--bogus']]) {
    const io = captureIo();
    assert.equal(await main(argv, io), 2, argv.join(' '));
    assert.equal(io.out, '', argv.join(' '));
    assert.notEqual(io.err, '', argv.join(' '));
  }
  assert.ok(!existsSync(join(temp, 'ws-usage', 'blobs', 'ab')), 'no blobs written');
});

test('status: batches by state, failures with code and reason, the review queue; --json is one object', async () => {
  const ws = await filled('status', { 'a.txt': 'SECRET-x here', 'bad.txt': 'CORRUPT' });
  await ws.close();
  const io = captureIo();
  assert.equal(await main(['status', '--workspace', join(temp, 'ws-status')], io), 0);
  assert.match(io.out, /in_review\s+1/);
  assert.match(io.out, /bad\.txt: bad\.txt is not a document\. \[input\.corrupt, extract\]/);
  assert.match(io.out, /Waiting for review \(1\)\n {2}a\.txt/);
  const json = captureIo();
  assert.equal(await main(['status', '--workspace', join(temp, 'ws-status'), '--json'], json), 0);
  const report = JSON.parse(json.out);
  assert.equal(report.batches[0].documents.failed, 1);
  assert.deepEqual(report.waitingForReview.map((w: { path: string }) => w.path), ['a.txt']);
  const missing = captureIo();
  // A folder that is not a workspace is a usage or config error, the same for every workspace command.
  assert.equal(await main(['status', '--workspace', join(temp, 'nowhere')], missing), 2);
  assert.match(missing.err, /workspace\.invalid/);
});

test('status tells a batch whose process is gone (killed, crashed) from a running one, and a file name with a newline stays on one line', async () => {
  const ws = await filled('dead', { 'a.txt': 'Report A', 'line\nbreak.txt': 'CORRUPT' });
  // A lock row left behind: a pid no process has, as after kill -9.
  const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
  await ws.sql('INSERT INTO locks (name, pid, host, process_start, purpose, acquired_at) VALUES (?, ?, ?, ?, ?, ?)', ['batch', dead, hostname(), null, 'batch', '2026-01-01T00:00:00Z']);
  await ws.close();
  const io = captureIo();
  assert.equal(await main(['status', '--workspace', join(temp, 'ws-dead')], io), 0);
  assert.doesNotMatch(io.out, /is running/);
  assert.match(io.out, new RegExp(`The batch started 2026-01-01T00:00:00Z \\(pid ${dead}\\) is no longer running: it was killed or crashed`));
  assert.match(io.out, /^ {2}line\\nbreak\.txt: line\\nbreak\.txt is not a document\. \[input\.corrupt, extract\]$/m);
  const json = captureIo();
  assert.equal(await main(['status', '--workspace', join(temp, 'ws-dead'), '--json'], json), 0);
  const report = JSON.parse(json.out);
  assert.equal(report.running, null);
  assert.equal(report.interrupted.pid, dead);
  // This process holds a live lock: it is running.
  const live = await openWorkspace(join(temp, 'ws-dead'), { databaseUrl: '' });
  assert.ok(live.ok);
  await live.value.sql('UPDATE locks SET pid = ?, process_start = NULL', [process.pid]);
  await live.value.close();
  const running = captureIo();
  assert.equal(await main(['status', '--workspace', join(temp, 'ws-dead')], running), 0);
  assert.match(running.out, new RegExp(`a batch is running: pid ${process.pid}`));
  assert.doesNotMatch(running.out, /no longer running/);
});

test('audit verify: intact exits 0; a row edited with raw SQL exits 1 and names it', async () => {
  const ws = await filled('audit', { 'a.txt': 'SECRET-y' });
  const dir = ws.dir;
  const io = captureIo();
  await ws.close();
  assert.equal(await main(['audit', 'verify', '--workspace', dir], io), 0);
  assert.match(io.out, /Audit log intact: \d+ entries, head [0-9a-f]{64}/);
  const reopened = await openWorkspace(dir, { databaseUrl: '' });
  assert.ok(reopened.ok);
  await reopened.value.sql('DROP TRIGGER audit_log_no_update');
  await reopened.value.sql("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2");
  await reopened.value.close();
  const bad = captureIo();
  assert.equal(await main(['audit', 'verify', '--workspace', dir], bad), 1);
  assert.match(bad.err, /Audit entry 2 .*changed.*\[audit\.tampered\]/);
  assert.equal(await main(['audit', 'check', '--workspace', dir], captureIo()), 2);
});

test('purge: disposes of originals and intermediates of published documents only, keeps outputs and shared bytes, audits each removal', async () => {
  const ws = await filled('purge', { 'pub.txt': 'SECRET-p released', 'shared.txt': 'same bytes in two batches', 'wait.txt': 'SECRET-w still in review' });
  // A second batch holds the same bytes as shared.txt and is not released: its original must stay.
  mkdirSync(join(temp, 'in-purge2'));
  writeFileSync(join(temp, 'in-purge2', 'shared-copy.txt'), 'same bytes in two batches');
  assert.ok((await runBatch({ folder: join(temp, 'in-purge2'), workspace: ws, policy: defaultPolicy(), stages: fakeStages().stages, actor: 'clerk' })).ok);
  const docs = await listDocuments(ws);
  const byPath = (p: string) => docs.find((d) => d.path === p)!;
  for (const path of ['pub.txt', 'shared.txt']) {
    const approved = await recordApproval(ws, { documentId: byPath(path).id, artifact: new TextEncoder().encode(`approved ${path}`), decisionSetSha256: await decisionSetHash(ws, byPath(path)), approver: 'ana' });
    assert.ok(approved.ok);
    assert.ok((await markPublished(ws, byPath(path).id, 'publisher')).ok);
  }
  const pub = (await getDocument(ws, byPath('pub.txt').id))!;
  const dir = ws.dir;
  await ws.close();

  const dry = captureIo();
  assert.equal(await main(['purge', '--workspace', dir, '--released-before', '2999-01-01', '--dry-run', '--json'], dry), 0);
  const plan = JSON.parse(dry.out);
  assert.deepEqual(plan.documents.sort(), ['pub.txt', 'shared.txt']);
  assert.ok(plan.sharedKept >= 1, 'the shared original is planned to stay');
  assert.ok(existsSync(join(dir, 'blobs', pub.originalBlob!.slice(0, 2), pub.originalBlob!.slice(2, 4), pub.originalBlob!)), 'dry run removed nothing');
  assert.equal((await main(['purge', '--workspace', dir, '--released-before', '2000-01-01'], captureIo())), 0);

  const io = captureIo();
  assert.equal(await main(['purge', '--workspace', dir, '--released-before', '2999-01-01'], io), 0);
  const reopened = await openWorkspace(dir, { databaseUrl: '' });
  assert.ok(reopened.ok);
  const after = reopened.value;
  const store = after.blobs as FileBlobStore;
  assert.ok(!existsSync(blobPath(store, pub.originalBlob!)), 'original disposed of');
  assert.ok(!existsSync(blobPath(store, pub.modelBlob!)), 'extracted text disposed of');
  const shared = (await getDocument(after, byPath('shared.txt').id))!;
  assert.ok(existsSync(blobPath(store, shared.originalBlob!)), 'bytes another unreleased document uses are kept');
  const released = await approvedArtifact(after, pub.id);
  assert.ok(released.ok, 'the approved output stays readable');
  assert.ok((await listFindings(after, pub.id)).every((f) => f.text === ''), 'matched text blanked');
  assert.ok((await listFindings(after, byPath('wait.txt').id)).some((f) => f.text === 'SECRET-w'), 'unreleased findings untouched');
  assert.ok((await getDocument(after, pub.id))!.purgedAt);
  const disposed = await listAudit(after, { action: 'blob.disposed' });
  assert.ok(disposed.some((e) => e.details.blob === pub.originalBlob && e.details.kind === 'original'));
  assert.deepEqual(disposed.map((e) => e.details.blob).sort(), plan.disposed.map((d: { blob: string }) => d.blob).sort(), 'exactly what the dry run listed');
  assert.ok(!plan.disposed.some((d: { blob: string }) => d.blob === shared.originalBlob));
  // A second purge finds nothing more to do.
  const again = captureIo();
  assert.equal(await main(['purge', '--workspace', dir, '--released-before', '2999-01-01', '--json'], again), 0);
  assert.deepEqual(JSON.parse(again.out).disposed, []);
  await after.close();
  assert.equal(await main(['purge', '--released-before', '2999-01-01'], captureIo()), 2, '--workspace is required');
  assert.equal(await main(['purge', '--workspace', dir, '--released-before', 'yesterday'], captureIo()), 2);
});

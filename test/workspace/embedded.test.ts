/**
 * The embedded workspace (node:sqlite and the file blob store) on the
 * workspace interface: what only a folder has (file blobs under their hash,
 * a disk filling up, a crash before rename, a folder that holds other files,
 * a schema newer than the code), and the lock, users and approval gate checked
 * against the rows themselves. test/workspace/contract.test.ts runs the shared
 * contract on both adapters.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { blobPath, hasBlob, leftoverTempFiles, nodeBlobFs, putBlob, readBlob, sha256Hex } from '../../pipeline/workspace/blobs.ts';
import type { BlobFs, FileBlobStore } from '../../pipeline/workspace/blobs.ts';
import {
  acquireWorkspaceLock,
  approvedArtifact,
  createSession,
  createUser,
  decisionSetHash,
  findOrCreateBatch,
  getDocument,
  getSession,
  insertDocument,
  openWorkspace,
  recordApproval,
  setState,
  verifyPassword,
} from '../../pipeline/workspace/store/index.ts';
import type { Workspace } from '../../pipeline/workspace/store/index.ts';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function fresh(options: Parameters<typeof openWorkspace>[1] = {}): Promise<Workspace> {
  const dir = mkdtempSync(join(tmpdir(), 'daylight-ws-'));
  dirs.push(dir);
  const opened = await openWorkspace(join(dir, 'ws'), { databaseUrl: '', ...options });
  assert.ok(opened.ok, !opened.ok ? opened.problem.message : '');
  return opened.value;
}

async function newDoc(ws: Workspace) {
  const { batch } = await findOrCreateBatch(ws, { name: 'b', folder: '/in', policyHash: 'p' }, { codeVersion: 'c', actor: 'clerk' });
  return await insertDocument(ws, { batchId: batch.id, path: 'a.pdf', fileName: 'a.pdf', state: 'queued', sha256: 'x'.repeat(64) }, 'clerk');
}

test('a blob is stored under its SHA-256 and read back verified', async () => {
  const ws = await fresh();
  const bytes = new TextEncoder().encode('hello');
  const put = await putBlob(ws.blobs, bytes);
  assert.ok(put.ok);
  assert.equal(put.value, sha256Hex(bytes));
  assert.match(blobPath(ws.blobs as FileBlobStore, put.value), /blobs\/2c\/f2\/2cf24dba/);
  const back = await readBlob(ws.blobs, put.value);
  assert.ok(back.ok);
  assert.deepEqual(back.value, bytes);
  // A damaged blob is refused, not returned.
  writeFileSync(blobPath(ws.blobs as FileBlobStore, put.value), 'hellO');
  const damaged = await readBlob(ws.blobs, put.value);
  assert.ok(!damaged.ok && damaged.problem.code === 'workspace.missing-blob');
  assert.throws(() => blobPath(ws.blobs as FileBlobStore, '../../etc/passwd'));
  await ws.close();
});

test('disk full mid-write: a problem, no blob, no temp file left', async () => {
  const failing: BlobFs = {
    ...nodeBlobFs,
    writeDurably(path, bytes) {
      writeFileSync(path, bytes.subarray(0, bytes.length >> 1)); // half the bytes reached the disk
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    },
  };
  const ws = await fresh({ blobFs: failing });
  const bytes = new Uint8Array(10_000).fill(7);
  const put = await putBlob(ws.blobs, bytes);
  assert.ok(!put.ok);
  assert.equal(put.problem.code, 'workspace.disk-full');
  assert.equal(await hasBlob(ws.blobs, sha256Hex(bytes)), false);
  assert.deepEqual(leftoverTempFiles(ws.blobs as FileBlobStore), []);
  await ws.close();
});

test('a crash between write and rename leaves no blob under the final name', async () => {
  const crashing: BlobFs = { ...nodeBlobFs, rename: () => { throw Object.assign(new Error('EIO'), { code: 'EIO' }); } };
  const ws = await fresh({ blobFs: crashing });
  const put = await putBlob(ws.blobs, new Uint8Array([1, 2, 3]));
  assert.ok(!put.ok && put.problem.code === 'workspace.write-failed');
  assert.equal(await hasBlob(ws.blobs, sha256Hex(new Uint8Array([1, 2, 3]))), false);
  await ws.close();
});

test('setState enforces the state machine and audits each move', async () => {
  const ws = await fresh();
  const doc = await newDoc(ws);
  const skip = await setState(ws, doc.id, { to: 'detected', actor: 'batch' });
  assert.ok(!skip.ok && skip.problem.code === 'state.invalid-transition');
  assert.equal((await getDocument(ws, doc.id))?.state, 'queued');
  assert.ok((await setState(ws, doc.id, { to: 'extracted', actor: 'batch', patch: { pageCount: 3 } })).ok);
  assert.equal((await getDocument(ws, doc.id))?.pageCount, 3);
  const failed = await setState(ws, doc.id, { to: 'failed', actor: 'batch', failure: { code: 'input.corrupt', message: 'bad', stage: 'detect' } });
  assert.ok(failed.ok);
  assert.deepEqual(failed.value.failure, { code: 'input.corrupt', message: 'bad', stage: 'detect' });
  const actions = (await ws.sql('SELECT action FROM audit_log WHERE subject = ? ORDER BY seq', [doc.id])).rows.map((r) => r.action);
  assert.deepEqual(actions, ['document.queued', 'document.extracted', 'document.failed']);
  await ws.close();
});

test('the lock refuses a live holder and takes over from a dead one', async () => {
  const ws = await fresh();
  const first = await acquireWorkspaceLock(ws, { purpose: 'batch', actor: 't' });
  assert.ok(first.ok);
  // Pretend the parent process (alive) holds it.
  await ws.sql('UPDATE locks SET pid = ?, process_start = NULL', [process.ppid]);
  const second = await acquireWorkspaceLock(ws, { purpose: 'batch', actor: 't', waitMs: 50 });
  assert.ok(!second.ok && second.problem.code === 'workspace.locked');
  assert.match(second.problem.message, new RegExp(`pid ${process.ppid}`));
  // A process that has exited: its lock is stale.
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
  await ws.sql('UPDATE locks SET pid = ?', [Number(dead)]);
  const third = await acquireWorkspaceLock(ws, { purpose: 'batch', actor: 't' });
  assert.ok(third.ok);
  assert.equal((await ws.sql("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'lock.stale-taken-over'")).rows[0].n, 1);
  await third.value.release();
  assert.equal((await ws.sql('SELECT COUNT(*) AS n FROM locks')).rows[0].n, 0);
  await ws.close();
});

test('users: scrypt check, wrong password and disabled account refused, sessions idle out', async () => {
  const ws = await fresh();
  const created = await createUser(ws, { name: 'ana', role: 'approver', password: 'correct horse battery' }, 'admin');
  assert.ok(created.ok);
  const row = (await ws.sql('SELECT password_hash, salt FROM users')).rows[0] as { password_hash: string; salt: string };
  assert.ok(!row.password_hash.includes('correct'));
  assert.match(row.password_hash, /^scrypt\$16384\$8\$1\$[0-9a-f]{64}$/);
  assert.ok((await verifyPassword(ws, 'ana', 'correct horse battery')).ok);
  assert.ok(!(await verifyPassword(ws, 'ana', 'correct horse batterY')).ok);
  assert.ok(!(await verifyPassword(ws, 'nobody', 'correct horse battery')).ok);
  assert.ok(!(await createUser(ws, { name: 'bo', role: 'approver', password: 'short' }, 'admin')).ok);
  const s = await createSession(ws, created.value.id);
  assert.equal((await ws.sql('SELECT COUNT(*) AS n FROM sessions WHERE token_hash = ?', [s.token])).rows[0].n, 0, 'token stored in clear');
  assert.equal((await getSession(ws, s.token))?.user.name, 'ana');
  assert.equal(await getSession(ws, s.token, { now: new Date(Date.now() + 31 * 60_000) }), undefined);
  assert.equal(await getSession(ws, s.token), undefined, 'an idle session is deleted');
  await ws.close();
});

test('approval gate: only bytes matching the latest approval come back', async () => {
  const ws = await fresh();
  const doc = await newDoc(ws);
  for (const to of ['extracted', 'detected', 'redacted', 'verified'] as const) assert.ok((await setState(ws, doc.id, { to, actor: 'batch' })).ok);
  const early = await recordApproval(ws, { documentId: doc.id, artifact: new Uint8Array([1]), decisionSetSha256: await decisionSetHash(ws, doc), approver: 'ana' });
  assert.ok(!early.ok && early.problem.code === 'state.invalid-transition', 'approval before in_review');
  assert.ok((await setState(ws, doc.id, { to: 'in_review', actor: 'batch' })).ok);
  assert.ok(!(await approvedArtifact(ws, doc.id)).ok, 'nothing approved yet');
  const approved = await recordApproval(ws, { documentId: doc.id, artifact: new Uint8Array([1, 2, 3]), decisionSetSha256: await decisionSetHash(ws, doc), approver: 'ana' });
  assert.ok(approved.ok);
  const got = await approvedArtifact(ws, doc.id);
  assert.ok(got.ok);
  assert.deepEqual(got.value.bytes, new Uint8Array([1, 2, 3]));
  // Swap the artifact column to other stored bytes: the gate refuses.
  const other = await putBlob(ws.blobs, new Uint8Array([9]));
  assert.ok(other.ok);
  await ws.sql('UPDATE documents SET artifact_blob = ? WHERE id = ?', [other.value, doc.id]);
  assert.ok(!(await approvedArtifact(ws, doc.id)).ok);
  await ws.close();
});

test('a new workspace is not made inside a folder holding other files; a newer schema is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'daylight-ws-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'report.pdf'), 'x');
  const r = await openWorkspace(dir, { databaseUrl: '' });
  assert.ok(!r.ok && r.problem.code === 'workspace.invalid');
  assert.ok(!existsSync(join(dir, 'workspace.sqlite')));
  const ws = await fresh();
  await ws.sql("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'now')");
  const dirOf = ws.dir;
  await ws.close();
  const again = await openWorkspace(dirOf, { databaseUrl: '' });
  assert.ok(!again.ok && again.problem.code === 'workspace.newer-schema');
  assert.ok(readdirSync(dirOf).includes('workspace.sqlite'));
});

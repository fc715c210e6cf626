/**
 * `daylight audit verify --against SITE`: the heads a publish anchored in the
 * site catch what the key alone cannot, a history rewritten by someone who
 * holds the key too.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { main } from '../../pipeline/cli/main.ts';
import type { Io } from '../../pipeline/cli/command.ts';
import { AUDIT_ANCHORS_FILE, latestApproval, markPublished, openWorkspace, verifyAuditChain, writeAuditAnchors } from '../../pipeline/workspace/store/index.ts';
import type { Workspace } from '../../pipeline/workspace/store/index.ts';
import { rehashChain, tamper } from '../support/audit-forgery.ts';
import { seedBatch, seedDocument } from '../publish/workspace-fixture.ts';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function io(cwd: string): Io & { out: string; err: string } {
  const o = { out: '', err: '', cwd, stderrIsTTY: false, stdout: (t: string) => void (o.out += t), stderr: (t: string) => void (o.err += t) };
  return o;
}

/** A workspace with one approved, published document, and a site folder holding its anchors. */
async function published(): Promise<{ wsDir: string; site: string; documentId: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'daylight-anchors-'));
  dirs.push(dir);
  const opened = await openWorkspace(join(dir, 'ws'), { databaseUrl: '' });
  assert.ok(opened.ok);
  const ws = opened.value;
  const { record } = await seedDocument(ws, await seedBatch(ws, 'Anchors'), 'memo.pdf', [['Budget memo.', 'Call [[Wilhelmina]] Quist.']], 'approved');
  assert.ok((await markPublished(ws, record.id, 'publisher')).ok);
  const anchored = await writeAuditAnchors(ws, dir, [{ documentId: record.id, sha256: (await latestApproval(ws, record.id))!.artifactSha256 }], new Date());
  assert.ok(anchored.ok, anchored.ok ? '' : anchored.problem.message);
  const text = readFileSync(join(dir, AUDIT_ANCHORS_FILE), 'utf8');
  assert.ok(!text.includes(record.id) && !text.includes('memo'), 'no internal id or file name in the public file');
  await ws.close();
  return { wsDir: join(dir, 'ws'), site: dir, documentId: record.id };
}

async function against(p: { wsDir: string; site: string }): Promise<{ code: number; out: string; err: string }> {
  const run = io(p.site);
  const code = await main(['audit', 'verify', '--against', p.site, '--workspace', p.wsDir], run);
  return { code, out: run.out, err: run.err };
}

async function reopen(wsDir: string): Promise<Workspace> {
  const opened = await openWorkspace(wsDir, { mustExist: true, databaseUrl: '' });
  assert.ok(opened.ok, opened.ok ? '' : opened.problem.message);
  return opened.value;
}

test('an untouched workspace matches the site it published', async () => {
  const p = await published();
  const ok = await against(p);
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, /matching the site published .*: 1 released documents/);
});

test('a history rewritten with the stolen key passes audit verify but not --against', async () => {
  const p = await published();
  const ws = await reopen(p.wsDir);
  const key = Buffer.from(JSON.parse(readFileSync(join(p.wsDir, 'audit.key'), 'utf8')).key, 'hex');
  await ws.sql("UPDATE approvals SET approver = 'mallory' WHERE document_id = ?", [p.documentId]);
  tamper(ws, "UPDATE audit_log SET actor = 'mallory' WHERE chain = ? AND action = 'document.approved'", p.documentId);
  rehashChain(ws, p.documentId, key);
  assert.ok((await verifyAuditChain(ws)).ok, 'with the real key the forgery is consistent');
  await ws.close();
  const caught = await against(p);
  assert.equal(caught.code, 1);
  assert.match(caught.err, /no longer matches the site published .*\[audit\.mismatch\]/);
});

test('a deleted entry, the chain rebuilt with the stolen key, is caught by --against', async () => {
  const p = await published();
  const ws = await reopen(p.wsDir);
  const key = Buffer.from(JSON.parse(readFileSync(join(p.wsDir, 'audit.key'), 'utf8')).key, 'hex');
  tamper(ws, "DELETE FROM audit_log WHERE chain = ? AND action = 'redaction.accepted'", p.documentId);
  rehashChain(ws, p.documentId, key);
  await ws.close();
  const caught = await against(p);
  assert.equal(caught.code, 1);
  assert.match(caught.err, /\[audit\.(mismatch|tampered)\]/);
});

test('an edited row re-hashed with a guessed key fails both checks', async () => {
  const p = await published();
  const ws = await reopen(p.wsDir);
  tamper(ws, "UPDATE audit_log SET actor = 'mallory' WHERE chain = ? AND action = 'document.approved'", p.documentId);
  rehashChain(ws, p.documentId, randomBytes(32));
  await ws.close();
  const plain = io(p.site);
  assert.equal(await main(['audit', 'verify', '--workspace', p.wsDir], plain), 1);
  assert.match(plain.err, /\[audit\.tampered\]/);
  const caught = await against(p);
  assert.equal(caught.code, 1);
  assert.match(caught.err, /\[audit\.tampered\]/);
});

test('a site naming a release no approval in the workspace signed does not match; a folder without anchors is a usage error', async () => {
  const p = await published();
  const path = join(p.site, AUDIT_ANCHORS_FILE);
  const anchors = JSON.parse(readFileSync(path, 'utf8'));
  anchors.documents[0].sha256 = 'e'.repeat(64);
  const other = mkdtempSync(join(tmpdir(), 'daylight-anchors-site-'));
  dirs.push(other);
  writeFileSync(join(other, AUDIT_ANCHORS_FILE), JSON.stringify(anchors));
  const caught = await against({ wsDir: p.wsDir, site: other });
  assert.equal(caught.code, 1);
  assert.match(caught.err, /no approval in this workspace signed it/);
  const empty = mkdtempSync(join(tmpdir(), 'daylight-anchors-none-'));
  dirs.push(empty);
  assert.equal((await against({ wsDir: p.wsDir, site: empty })).code, 2);
});

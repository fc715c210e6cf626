/**
 * The publish gate against a real workspace: every way an original, an unapproved
 * or a sent-back document, or a changed artifact, could try to get in.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gateDocument } from '../../pipeline/publish/gate.ts';
import type { ArtifactVerifier } from '../../pipeline/publish/gate.ts';
import { releaseVerifier } from '../../pipeline/publish/verifier.ts';
import { fail, ok } from '../../pipeline/problems.ts';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';
import { blobPath, decisionSetHash, getDocument, openWorkspace, putBlob, updateDocumentBlobs } from '../../pipeline/workspace/index.ts';
import type { FileBlobStore } from '../../pipeline/workspace/blobs.ts';
import { rehashChain, tamper } from '../support/audit-forgery.ts';
import type { Workspace } from '../../pipeline/workspace/index.ts';
import { sha256 } from './fixtures.ts';
import { seedBatch, seedDocument } from './workspace-fixture.ts';

const page = [['Budget memo for the gazebo repair.', 'Call [[Wilhelmina]] Quist about the invoice.']];
let dir: string;
let ws: Workspace;
let batch: string;
let verify: ArtifactVerifier;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'daylight-gate-'));
  const opened = await openWorkspace(join(dir, 'ws'), { databaseUrl: '' });
  assert.ok(opened.ok);
  ws = opened.value;
  batch = await seedBatch(ws, 'Gate tests');
  verify = releaseVerifier(ws, defaultPolicy().exemptions);
});

after(async () => {
  await ws.close();
  await rm(dir, { recursive: true, force: true });
});

test('an approved redacted artifact passes, with exactly the approved bytes', async () => {
  const { record, fixture } = await seedDocument(ws, batch, 'approved.pdf', page, 'approved');
  const gated = await gateDocument(ws, record, verify);
  assert.ok(gated.ok, gated.ok ? '' : gated.problem.message);
  assert.equal(sha256(gated.value.bytes), sha256(fixture.redacted));
  assert.equal(gated.value.approval.artifactSha256, sha256(fixture.redacted));
});

const refusals = [
  { target: 'in_review', code: 'publish.not-approved', why: 'never approved' },
  { target: 'sent_back', code: 'publish.not-approved', why: 'sent back before approval' },
  { target: 'reopened_sent_back', code: 'publish.not-approved', why: 'approved, then reopened and sent back' },
  { target: 'approved_original', code: 'publish.original', why: 'the approver signed the original file' },
  { target: 'approved_overlaid', code: 'publish.verify-failed', why: 'a box drawn over text that is still there' },
] as const;

for (const { target, code, why } of refusals) {
  test(`refused (${code}): ${why}`, async () => {
    const { record } = await seedDocument(ws, batch, `${target}.pdf`, page, target);
    const gated = await gateDocument(ws, record, verify);
    assert.equal(gated.ok, false);
    assert.equal(gated.ok ? '' : gated.problem.code, code);
    assert.equal(gated.ok ? '' : gated.problem.file, `${target}.pdf`);
    // The drawn box hides nothing: the verifier must find the text under it, not merely object to the file.
    if (target === 'approved_overlaid') assert.match(gated.ok ? '' : gated.problem.message, /verify\.leak/);
  });
}

test('refused (publish.hash-mismatch): the stored artifact was changed on disk after approval', async () => {
  const { record, fixture } = await seedDocument(ws, batch, 'tampered.pdf', page, 'approved');
  await writeFile(blobPath(ws.blobs as FileBlobStore, record.artifactBlob!), fixture.original);
  const gated = await gateDocument(ws, (await getDocument(ws, record.id))!, verify);
  assert.equal(gated.ok ? '' : gated.problem.code, 'publish.hash-mismatch');
});

test('refused (publish.hash-mismatch): the artifact was swapped for another blob after approval', async () => {
  const { record, fixture } = await seedDocument(ws, batch, 'swapped.pdf', page, 'approved');
  const other = await putBlob(ws.blobs, fixture.overlaid);
  assert.ok(other.ok);
  const swapped = await updateDocumentBlobs(ws, record.id, { artifactBlob: other.value }, 'clerk-1');
  assert.ok(swapped.ok);
  const gated = await gateDocument(ws, swapped.value, verify);
  assert.equal(gated.ok ? '' : gated.problem.code, 'publish.hash-mismatch');
});

test('refused (publish.hash-mismatch): the artifact was pointed back at the original', async () => {
  const { record } = await seedDocument(ws, batch, 'pointed.pdf', page, 'approved');
  const swapped = await updateDocumentBlobs(ws, record.id, { artifactBlob: record.originalBlob! }, 'clerk-1');
  assert.ok(swapped.ok);
  const gated = await gateDocument(ws, swapped.value, verify);
  assert.equal(gated.ok ? '' : gated.problem.code, 'publish.hash-mismatch');
});

test('the verifier runs on the approved bytes, and its failure keeps the document out', async () => {
  const { record, fixture } = await seedDocument(ws, batch, 'verify.pdf', page, 'approved');
  let seen: string | undefined;
  const failing: ArtifactVerifier = async (pdf) => {
    seen = sha256(pdf);
    return fail('verify.pixels', 'A box is not solid on page 1.', { page: 1 });
  };
  const gated = await gateDocument(ws, record, failing);
  assert.equal(gated.ok ? '' : gated.problem.code, 'publish.verify-failed', gated.ok ? '' : gated.problem.message);
  assert.equal(seen, sha256(fixture.redacted));
  assert.equal(gated.ok ? '' : gated.problem.code, 'publish.verify-failed');
  assert.equal(gated.ok ? undefined : gated.problem.page, 1);
  assert.ok((await gateDocument(ws, record, async () => ok(undefined))).ok);
});

// ---- Forged approvals: what someone who can write the database (but not read the audit key) tries.

test('refused (publish.unaudited): an approvals row inserted by hand, with the document set to approved', async () => {
  const { record, fixture } = await seedDocument(ws, batch, 'forged.pdf', page, 'in_review');
  const artifact = await putBlob(ws.blobs, fixture.redacted);
  assert.ok(artifact.ok);
  await ws.sql("INSERT INTO approvals (document_id, artifact_sha256, decision_set_sha256, approver, approved_at) VALUES (?, ?, ?, 'approver-1', ?)", [record.id, artifact.value, await decisionSetHash(ws, record), new Date().toISOString()]);
  await ws.sql("UPDATE documents SET state = 'approved', artifact_blob = ? WHERE id = ?", [artifact.value, record.id]);
  const gated = await gateDocument(ws, (await getDocument(ws, record.id))!, verify);
  assert.equal(gated.ok ? '' : gated.problem.code, 'publish.unaudited');
  assert.match(gated.ok ? '' : gated.problem.message, /has no audit entry/);
});

const forgeries: [string, (id: string) => Promise<unknown> | void, RegExp][] = [
  ['the approval entry deleted', (id) => tamper(ws, "DELETE FROM audit_log WHERE chain = ? AND action = 'document.approved'", id), /audit chain does not verify/],
  ['the approver changed in the approvals row', (id) => ws.sql("UPDATE approvals SET approver = 'mallory' WHERE document_id = ?", [id]), /no longer says what its audit entry recorded/],
  ['the approver changed in the row and in its audit entry, re-hashed with a guessed key', async (id) => {
    await ws.sql("UPDATE approvals SET approver = 'mallory' WHERE document_id = ?", [id]);
    tamper(ws, "UPDATE audit_log SET actor = 'mallory' WHERE chain = ? AND action = 'document.approved'", id);
    rehashChain(ws, id, randomBytes(32));
  }, /audit chain does not verify/],
  ['a decision flipped after approval', (id) => ws.sql("UPDATE redactions SET decision = 'rejected' WHERE document_id = ? AND id = 'r-0'", [id]), /redactions changed after approval/],
  ['the approver made a decider too', (id) => ws.sql("INSERT INTO review_decisions (document_id, redaction_id, actor, action, at) VALUES (?, 'r-0', 'approver-1', 'redaction.accepted', ?)", [id, new Date().toISOString()]), /two-person rule/],
];

for (const [what, forge, message] of forgeries) {
  test(`refused (publish.unaudited): ${what}`, async () => {
    const { record } = await seedDocument(ws, batch, `${what.replace(/\W+/g, '-')}.pdf`, page, 'approved');
    assert.ok((await gateDocument(ws, record, async () => ok(undefined))).ok, 'passes before the forgery');
    await forge(record.id);
    const gated = await gateDocument(ws, (await getDocument(ws, record.id))!, async () => ok(undefined));
    assert.equal(gated.ok ? '' : gated.problem.code, 'publish.unaudited', what);
    assert.match(gated.ok ? '' : gated.problem.message, message, what);
  });
}

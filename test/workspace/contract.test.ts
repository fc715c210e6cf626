/**
 * One contract for both workspace adapters (the Hono router pattern): every
 * test below runs on the embedded node:sqlite workspace and on PostgreSQL
 * (test/support/postgres.ts starts one, or says why it is skipped). The same
 * calls must give the same answers: compare-and-set state moves, approval
 * races, the audit chain built and verified the same way, users and sessions.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import type { Finding, Redaction } from '../../pipeline/model/types.ts';
import {
  addReviewerRedaction,
  appendAudit,
  confirmRejection,
  countByState,
  createSession,
  createUser,
  decideRedaction,
  decisionSetHash,
  deleteSession,
  findOrCreateBatch,
  getCheckpoint,
  getDocument,
  getSession,
  insertDocument,
  listAudit,
  listDocuments,
  listFindings,
  listPages,
  listRedactions,
  openWorkspace,
  putCheckpoint,
  recordApproval,
  replaceFindings,
  replacePages,
  replaceProposedRedactions,
  sendBack,
  setState,
  setUserDisabled,
  signOffBlockers,
  transaction,
  verifyAuditChain,
  verifyDocumentChain,
  verifyPassword,
  approvedArtifact,
  acquireWorkspaceLock,
  lockHolder,
  countAudit,
  auditActors,
  lastLook,
  recordLook,
} from '../../pipeline/workspace/store/index.ts';
import type { DocumentRecord, DocumentState, Workspace } from '../../pipeline/workspace/store/index.ts';
import { bothAdapters } from '../support/workspaces.ts';

const { adapters, tempDir, track, openAt } = await bothAdapters('daylight-contract-');

const PIPELINE: DocumentState[] = ['extracted', 'detected', 'redacted', 'verified', 'in_review'];

/** The SQL text of every statement sent to PostgreSQL while `fn` runs (any connection of this process). */
async function statementsOf(fn: () => Promise<unknown>): Promise<string[]> {
  const sent: string[] = [];
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, config: unknown, ...rest: unknown[]) {
    sent.push((typeof config === 'string' ? config : ((config as { text?: string })?.text ?? '')).replace(/\s+/g, ' ').trim());
    return (query as (...args: unknown[]) => unknown).call(this, config, ...rest);
  } as typeof query;
  try {
    await fn();
  } finally {
    pg.Client.prototype.query = query;
  }
  return sent;
}

async function newDocument(ws: Workspace, path = 'a.pdf', actor = 'clerk'): Promise<DocumentRecord> {
  const { batch } = await findOrCreateBatch(ws, { name: 'b', folder: '/in', policyHash: 'p' }, { codeVersion: 'c', actor });
  return insertDocument(ws, { batchId: batch.id, path, fileName: path, state: 'queued', sha256: 'a'.repeat(64) }, actor);
}

function finding(id: string, action: Finding['action'], start: number): Finding {
  return { id, detector: 'ssn', category: 'personal.ssn', exemption: 'b6', action, score: 0.9, text: `secret ${id}`, why: ['pattern dashed'], start, end: start + 11, boxes: [{ page: 1, box: [10, 10, 50, 20] }] } as Finding;
}

/** A document in review with one automatic (redact) and one review proposal. */
async function documentInReview(ws: Workspace, path = 'a.pdf'): Promise<DocumentRecord> {
  const doc = await newDocument(ws, path);
  for (const to of PIPELINE) assert.ok((await setState(ws, doc.id, { to, actor: 'batch' })).ok);
  const findings = [finding('f1', 'redact', 0), finding('f2', 'review', 20)];
  await replaceFindings(ws, doc.id, findings);
  const proposals: Redaction[] = findings.map((f) => ({ id: `r-${f.id}`, boxes: f.boxes, category: f.category, exemption: f.exemption, from: { findings: [f.id] }, decision: 'proposed', reason: 'SSN' }));
  await replaceProposedRedactions(ws, doc.id, proposals, 'batch');
  return (await getDocument(ws, doc.id))!;
}

/** Runs `count` copies of a script that opens the workspace and tries the same CAS move; how many won. */
function raceInProcesses(where: { dir: string; url: string }, documentId: string, count: number): Promise<number[]> {
  const store = new URL('../../pipeline/workspace/store/index.ts', import.meta.url).href;
  const script = `
    const { openWorkspace, setState } = await import(${JSON.stringify(store)});
    const opened = await openWorkspace(${JSON.stringify(where.dir)}, { databaseUrl: ${JSON.stringify(where.url)} });
    if (!opened.ok) { console.error(opened.problem.message); process.exit(2); }
    const moved = await setState(opened.value, ${JSON.stringify(documentId)}, { to: 'extracted', from: 'queued', actor: 'worker-' + process.pid });
    await opened.value.close();
    process.exit(moved.ok ? 0 : moved.problem.code === 'state.invalid-transition' ? 1 : 3);`;
  return Promise.all(
    Array.from({ length: count }, () => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'inherit'] });
      return new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
    }),
  );
}

for (const adapter of adapters) {
  describe(`workspace contract: ${adapter.name}`, { skip: adapter.skip }, () => {
    test('documents move through the state machine; a move from the wrong state is refused', async () => {
      const ws = await openAt(await adapter.make());
      assert.equal(ws.kind, adapter.name);
      const doc = await newDocument(ws);
      assert.equal(doc.state, 'queued');
      const moved = await setState(ws, doc.id, { to: 'extracted', actor: 'batch', patch: { pageCount: 3, mediaType: 'application/pdf', verifyOk: true } });
      assert.ok(moved.ok);
      assert.equal(moved.value.pageCount, 3);
      assert.equal(moved.value.verifyOk, true);
      const skipped = await setState(ws, doc.id, { to: 'in_review', actor: 'batch' });
      assert.ok(!skipped.ok && skipped.problem.code === 'state.invalid-transition');
      const failed = await setState(ws, doc.id, { to: 'failed', actor: 'batch', failure: { code: 'extract.failed', message: 'broken', stage: 'detect' } });
      assert.ok(failed.ok);
      assert.deepEqual(failed.value.failure, { code: 'extract.failed', message: 'broken', stage: 'detect' });
      assert.deepEqual(await countByState(ws), { failed: 1 });
    });

    test('a second delivery of the same move changes nothing: no second audit entry', async () => {
      const ws = await openAt(await adapter.make());
      const doc = await newDocument(ws);
      assert.ok((await setState(ws, doc.id, { to: 'extracted', from: 'queued', actor: 'w1' })).ok);
      const again = await setState(ws, doc.id, { to: 'extracted', from: 'queued', actor: 'w2' });
      assert.ok(!again.ok && again.problem.code === 'state.invalid-transition');
      const moves = await listAudit(ws, { subject: doc.id, action: 'document.extracted' });
      assert.deepEqual(moves.map((e) => e.actor), ['w1']);
    });

    test("a stage's move sends its compare-and-set and two audit statements (PostgreSQL); the chain stays whole", { skip: adapter.name === 'postgres' ? false : 'counts PostgreSQL statements' }, async () => {
      const ws = await openAt(await adapter.make());
      const doc = await newDocument(ws);
      const other = await newDocument(ws, 'b.pdf');
      const sent = await statementsOf(() => setState(ws, doc.id, { to: 'extracted', from: 'queued', actor: 'w1' }));
      // No read before the move (the compare-and-set says whether it moved), the chain's head locked with
      // the entry's seq drawn, the entry written with the head moved: three, where there were six.
      assert.deepEqual(sent.filter((q) => !/^(begin|commit)$/i.test(q)).map((q) => q.split(' ').slice(0, 3).join(' ')), ['update "documents" set', 'with "head" as', 'with "entry" as']);
      const moves = await listAudit(ws, { subject: doc.id, action: 'document.extracted' });
      assert.deepEqual(moves.map((e) => [e.actor, e.details]), [['w1', { from: 'queued' }]]);
      // A move from the wrong state still says why, and writes nothing.
      const wrong = await setState(ws, other.id, { to: 'detected', from: 'extracted', actor: 'w1' });
      assert.ok(!wrong.ok && /is queued, not extracted/.test(wrong.problem.message));
      const missing = await setState(ws, 'd_missing', { to: 'extracted', from: 'queued', actor: 'w1' });
      assert.ok(!missing.ok && missing.problem.code === 'workspace.not-found');
      // Entries on two chains in one transaction, two of them on one chain: positions in append order.
      await transaction(ws, async (tx) => {
        await appendAudit(tx, { actor: 'w1', action: 'test.one', subject: doc.id });
        await appendAudit(tx, { actor: 'w1', action: 'test.ws', subject: 'batch-1' });
        await appendAudit(tx, { actor: 'w1', action: 'test.two', subject: doc.id });
      });
      const chain = await listAudit(ws, { subject: doc.id });
      assert.deepEqual(chain.map((e) => e.action).slice(-3), ['document.extracted', 'test.one', 'test.two']);
      const verified = await verifyAuditChain(ws);
      assert.ok(verified.ok, verified.ok ? '' : verified.problem.message);
    });

    test('concurrent compare-and-set moves on one handle: exactly one wins', async () => {
      const ws = await openAt(await adapter.make());
      const doc = await newDocument(ws);
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => setState(ws, doc.id, { to: 'extracted', actor: `w${i}` })));
      assert.equal(results.filter((r) => r.ok).length, 1);
      assert.ok(results.every((r) => r.ok || r.problem.code === 'state.invalid-transition'));
      assert.equal((await listAudit(ws, { subject: doc.id, action: 'document.extracted' })).length, 1);
      assert.ok((await verifyAuditChain(ws)).ok);
    });

    test('concurrent compare-and-set moves from separate processes: exactly one wins, the chain verifies', async () => {
      const where = await adapter.make();
      const ws = await openAt(where);
      const doc = await newDocument(ws);
      const codes = await raceInProcesses(where, doc.id, 3);
      assert.deepEqual([...codes].sort(), [0, 1, 1]);
      assert.equal((await getDocument(ws, doc.id))!.state, 'extracted');
      assert.equal((await listAudit(ws, { subject: doc.id, action: 'document.extracted' })).length, 1);
      const verified = await verifyAuditChain(ws);
      assert.ok(verified.ok, verified.ok ? '' : verified.problem.message);
    });

    test('listings sort byte-wise on both adapters', async () => {
      const ws = await openAt(await adapter.make());
      for (const path of ['b.pdf', 'B.pdf', 'a.pdf', 'Z/z.pdf', 'ä.pdf']) await newDocument(ws, path);
      assert.deepEqual((await listDocuments(ws)).map((d) => d.path), ['B.pdf', 'Z/z.pdf', 'a.pdf', 'b.pdf', 'ä.pdf']);
      assert.deepEqual((await listDocuments(ws, { limit: 2, offset: 1 })).map((d) => d.path), ['Z/z.pdf', 'a.pdf']);
      assert.deepEqual((await listDocuments(ws, { state: [] })).length, 0);
    });

    test('a throw inside a transaction rolls back every write in it', async () => {
      const ws = await openAt(await adapter.make());
      const doc = await newDocument(ws);
      const entries = (await listAudit(ws)).length;
      await assert.rejects(
        transaction(ws, async (tx) => {
          assert.ok((await setState(tx, doc.id, { to: 'extracted', actor: 'batch' })).ok);
          throw new Error('stage crashed');
        }),
        /stage crashed/,
      );
      assert.equal((await getDocument(ws, doc.id))!.state, 'queued');
      assert.equal((await listAudit(ws)).length, entries);
    });

    test('pages, findings, proposals and checkpoints round-trip', async () => {
      const ws = await openAt(await adapter.make());
      const doc = await documentInReview(ws);
      await replacePages(ws, doc.id, [
        { number: 1, width: 612, height: 792, rotation: 0, source: 'text-layer', dpi: undefined, wordCount: 120 },
        { number: 2, width: 612.5, height: 792, rotation: 90, source: 'ocr', dpi: 300, wordCount: 0 },
      ] as never);
      const pages = await listPages(ws, doc.id);
      assert.deepEqual(pages.map((p) => [p.number, p.width, p.rotation, p.source, p.dpi, p.wordCount]), [[1, 612, 0, 'text-layer', null, 120], [2, 612.5, 90, 'ocr', 300, 0]]);
      const findings = await listFindings(ws, doc.id);
      assert.deepEqual(findings.map((f) => [f.id, f.action, f.start, f.end, f.score, f.why]), [['f1', 'redact', 0, 11, 0.9, ['pattern dashed']], ['f2', 'review', 20, 31, 0.9, ['pattern dashed']]]);
      const redactions = await listRedactions(ws, doc.id);
      assert.deepEqual(redactions.map((r) => [r.id, r.decision, r.createdBy, JSON.stringify(r.from)]), [['r-f1', 'proposed', 'batch', '{"findings":["f1"]}'], ['r-f2', 'proposed', 'batch', '{"findings":["f2"]}']]);
      const key = { sha256: 'a'.repeat(64), stage: 'extract', policyHash: 'p', codeVersion: 'c' };
      assert.equal(await getCheckpoint(ws, key), undefined);
      await putCheckpoint(ws, key, { model: 'b'.repeat(64) });
      await putCheckpoint(ws, key, { model: 'c'.repeat(64) });
      assert.deepEqual(await getCheckpoint(ws, key), { model: 'c'.repeat(64) });
    });

    test('thousands of findings and pages are written whole, across several statements', async () => {
      const ws = await openAt(await adapter.make());
      const doc = await newDocument(ws);
      // More rows than one statement takes (8,000 parameters: 666 findings, 1,000 pages).
      const many = Array.from({ length: 2_345 }, (_, i) => finding(`f${i}`, i % 2 ? 'review' : 'redact', i * 20));
      await replaceFindings(ws, doc.id, many);
      const read = await listFindings(ws, doc.id);
      assert.equal(read.length, many.length);
      assert.deepEqual(read.map((f) => f.id).sort(), many.map((f) => f.id).sort());
      const pages = Array.from({ length: 2_500 }, (_, i) => ({ number: i + 1, width: 612, height: 792, rotation: 0, source: 'text-layer', dpi: undefined, wordCount: i }));
      await replacePages(ws, doc.id, pages as never);
      const stored = await listPages(ws, doc.id);
      assert.deepEqual(stored.map((p) => p.wordCount), pages.map((p) => p.wordCount));
    });

    test('two-person rule: blockers, a confirmed rejection, then one approval', async () => {
      const ws = await openAt(await adapter.make());
      const doc = await documentInReview(ws);
      assert.match((await signOffBlockers(ws, doc, 'ana')).join(' '), /2 redactions are still undecided/);
      assert.ok((await decideRedaction(ws, doc.id, 'r-f1', 'rejected', 'rev')).ok);
      assert.ok((await decideRedaction(ws, doc.id, 'r-f2', 'accepted', 'rev')).ok);
      assert.match((await signOffBlockers(ws, doc, 'ana')).join(' '), /need[s]? a second person to confirm/);
      const self = await confirmRejection(ws, doc.id, 'r-f1', 'rev');
      assert.ok(!self.ok && self.problem.code === 'review.blocked');
      assert.ok((await confirmRejection(ws, doc.id, 'r-f1', 'second')).ok);
      assert.deepEqual(await signOffBlockers(ws, doc, 'ana'), []);
      assert.match((await signOffBlockers(ws, doc, 'rev')).join(' '), /two-person rule/);
      assert.match((await signOffBlockers(ws, doc, 'clerk')).join(' '), /ran the batch/);
      const artifact = new TextEncoder().encode('%PDF-1.7 redacted');
      const approved = await recordApproval(ws, { documentId: doc.id, artifact, decisionSetSha256: await decisionSetHash(ws, doc), approver: 'ana' });
      assert.ok(approved.ok, approved.ok ? '' : approved.problem.message);
      assert.equal(approved.value.document.state, 'approved');
      const gate = await approvedArtifact(ws, doc.id);
      assert.ok(gate.ok);
      assert.deepEqual(gate.value.bytes, artifact);
    });

    test('a decision changed after the rebuild started refuses the approval', async () => {
      const ws = await openAt(await adapter.make());
      const doc = await documentInReview(ws);
      await decideRedaction(ws, doc.id, 'r-f1', 'accepted', 'rev');
      await decideRedaction(ws, doc.id, 'r-f2', 'accepted', 'rev');
      const signed = await decisionSetHash(ws, doc);
      assert.ok((await addReviewerRedaction(ws, doc.id, { id: 'drawn-1', boxes: [{ page: 1, box: [1, 1, 5, 5] }], category: 'personal.name', exemption: 'b6', reason: 'name' }, 'rev2')).ok);
      const refused = await recordApproval(ws, { documentId: doc.id, artifact: new TextEncoder().encode('x'), decisionSetSha256: signed, approver: 'ana' });
      assert.ok(!refused.ok && refused.problem.code === 'review.changed');
      assert.equal((await getDocument(ws, doc.id))!.state, 'in_review');
      assert.equal((await listAudit(ws, { subject: doc.id, action: 'document.approved' })).length, 0);
    });

    test('two approvers at once on separate connections: one approval, one refusal', async () => {
      const where = await adapter.make();
      const ws = await openAt(where);
      const doc = await documentInReview(ws);
      await decideRedaction(ws, doc.id, 'r-f1', 'accepted', 'rev');
      await decideRedaction(ws, doc.id, 'r-f2', 'accepted', 'rev');
      const signed = await decisionSetHash(ws, doc);
      // On SQLite a second handle in this process would block the event loop on the file lock: one handle, serialised by Kysely.
      const other = adapter.name === 'postgres' ? await openAt(where) : ws;
      const results = await Promise.all([
        recordApproval(ws, { documentId: doc.id, artifact: new TextEncoder().encode('by ana'), decisionSetSha256: signed, approver: 'ana' }),
        recordApproval(other, { documentId: doc.id, artifact: new TextEncoder().encode('by bo'), decisionSetSha256: signed, approver: 'bo' }),
      ]);
      assert.equal(results.filter((r) => r.ok).length, 1);
      const loser = results.find((r) => !r.ok);
      assert.ok(loser && !loser.ok && loser.problem.code === 'state.invalid-transition');
      assert.equal((await listAudit(ws, { subject: doc.id, action: 'document.approved' })).length, 1);
      const verified = await verifyDocumentChain(ws, doc.id);
      assert.ok(verified.ok);
      assert.ok((await verifyAuditChain(ws)).ok);
    });

    test('the audit chain: per document and workspace, verified, and tampering found', async () => {
      const ws = await openAt(await adapter.make());
      const doc = await documentInReview(ws);
      await sendBack(ws, doc.id, 'ana', 'check page 2');
      await appendAudit(ws, { actor: 'admin', action: 'user.created', subject: 'bo' });
      const verified = await verifyAuditChain(ws);
      assert.ok(verified.ok, verified.ok ? '' : verified.problem.message);
      // batch.started + workspace entries vs the document's own chain.
      const chain = await verifyDocumentChain(ws, doc.id);
      assert.ok(chain.ok);
      assert.deepEqual(chain.value.entries.map((e) => e.action), ['document.queued', ...PIPELINE.map((s) => `document.${s}`), 'document.sent_back']);
      assert.equal(verified.value.chains, 2);
      assert.equal(verified.value.entries, chain.value.entries.length + 2);
      // The engine refuses casual edits...
      await assert.rejects(sql`UPDATE audit_log SET actor = 'mallory' WHERE seq = 2`.execute(ws.db), /append-only/);
      await assert.rejects(sql`DELETE FROM audit_log WHERE seq = 2`.execute(ws.db), /append-only/);
      // ...and with the guard removed, the chain finds the edit.
      await dropGuards(ws);
      await sql`UPDATE audit_log SET actor = 'mallory' WHERE seq = 3`.execute(ws.db);
      const tampered = await verifyAuditChain(ws);
      assert.ok(!tampered.ok && tampered.problem.code === 'audit.tampered');
      assert.match(tampered.problem.message, /entry 3 .*changed/);
    });

    test('removing the append-only guard alone is found', async () => {
      const ws = await openAt(await adapter.make());
      await newDocument(ws);
      await dropGuards(ws);
      const verified = await verifyAuditChain(ws);
      assert.ok(!verified.ok && /append-only guard was removed/.test(verified.problem.message));
    });

    test('entries deleted from the end are found through the stored heads', async () => {
      const ws = await openAt(await adapter.make());
      const doc = await newDocument(ws);
      await setState(ws, doc.id, { to: 'extracted', actor: 'batch' });
      await dropGuards(ws);
      await sql`DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)`.execute(ws.db);
      const verified = await verifyAuditChain(ws);
      assert.ok(!verified.ok && verified.problem.code === 'audit.tampered');
      const chain = await verifyDocumentChain(ws, doc.id);
      assert.ok(!chain.ok && chain.problem.code === 'audit.tampered');
    });

    test('a missing key is refused at open; another key does not verify the log', async () => {
      const where = await adapter.make();
      const ws = await openAt(where);
      await newDocument(ws);
      const otherKey = join(tempDir(), 'other.key');
      const wrong = await openWorkspace(where.dir, { databaseUrl: where.url, auditKeyPath: otherKey });
      // No key file there yet: the keyed log cannot be extended without it.
      assert.ok(!wrong.ok && wrong.problem.code === 'audit.key-missing');
      const { auditKeyStore } = await import('../../pipeline/workspace/audit-key.ts');
      const made = auditKeyStore(otherKey);
      assert.ok(made.ok);
      made.value.create({ entries: 0, head: '0'.repeat(64) });
      const mismatched = await openWorkspace(where.dir, { databaseUrl: where.url, auditKeyPath: otherKey });
      assert.ok(mismatched.ok);
      track(mismatched.value);
      const verified = await verifyAuditChain(mismatched.value);
      assert.ok(!verified.ok && verified.problem.code === 'audit.tampered');
    });

    test('users and sessions', async () => {
      const ws = await openAt(await adapter.make());
      const made = await createUser(ws, { name: 'ana', role: 'approver', password: 'correct horse battery' }, 'admin');
      assert.ok(made.ok);
      const dup = await createUser(ws, { name: 'ANA', role: 'clerk', password: 'correct horse battery' }, 'admin');
      assert.ok(!dup.ok && /already exists/.test(dup.problem.message));
      assert.ok(!(await verifyPassword(ws, 'ana', 'wrong password!!')).ok);
      const signedIn = await verifyPassword(ws, 'ana ', 'correct horse battery');
      assert.ok(signedIn.ok);
      const session = await createSession(ws, signedIn.value.id);
      assert.equal((await getSession(ws, session.token))?.user.name, 'ana');
      assert.equal(await getSession(ws, session.token, { now: new Date(Date.now() + 31 * 60 * 1000) }), undefined);
      const again = await createSession(ws, signedIn.value.id);
      assert.ok((await setUserDisabled(ws, 'ana', true, 'admin')).ok);
      assert.equal(await getSession(ws, again.token), undefined);
      const third = await createSession(ws, signedIn.value.id);
      await deleteSession(ws, third.token);
      assert.equal(await getSession(ws, third.token), undefined);
    });

    test('audit listings filter by family, actor and page; looks are remembered', async () => {
      const ws = await openAt(await adapter.make());
      const doc = await documentInReview(ws);
      await decideRedaction(ws, doc.id, 'r-f1', 'accepted', 'rev');
      await decideRedaction(ws, doc.id, 'r-f2', 'rejected', 'ana');
      assert.deepEqual((await listAudit(ws, { subject: doc.id, action: 'redaction.' })).map((e) => e.actor), ['rev', 'ana']);
      assert.deepEqual((await listAudit(ws, { subject: doc.id, actions: ['redaction.', 'document.in_review'], notActor: 'rev', newestFirst: true })).map((e) => e.action), ['redaction.rejected', 'document.in_review']);
      assert.equal(await countAudit(ws, { subject: doc.id, action: 'document.' }), 1 + PIPELINE.length);
      // A family's dot is literal: "redaction_" is not a family of "redaction.".
      assert.equal(await countAudit(ws, { action: 'redaction_' }), 0);
      assert.deepEqual((await listAudit(ws, { subject: doc.id, limit: 2, offset: 1 })).map((e) => e.action), ['document.extracted', 'document.detected']);
      assert.deepEqual(await auditActors(ws), ['ana', 'batch', 'clerk', 'rev']);
      assert.equal(await lastLook(ws, doc.id, 'ana'), undefined);
      await recordLook(ws, doc.id, 'ana', 7);
      await recordLook(ws, doc.id, 'ana', 9);
      assert.equal((await lastLook(ws, doc.id, 'ana'))?.seq, 9);
    });

    test('the workspace lock: one holder, released', async () => {
      const ws = await openAt(await adapter.make());
      const lock = await acquireWorkspaceLock(ws, { purpose: 'batch', actor: 'clerk' });
      assert.ok(lock.ok);
      assert.equal((await lockHolder(ws))?.pid, process.pid);
      await lock.value.release();
      assert.equal(await lockHolder(ws), undefined);
    });
  });
}

/** What an attacker with write access to the database does first. */
async function dropGuards(ws: Workspace): Promise<void> {
  if (ws.kind === 'postgres') {
    await sql`DROP TRIGGER audit_log_no_update ON audit_log`.execute(ws.db);
    await sql`DROP TRIGGER audit_log_no_delete ON audit_log`.execute(ws.db);
  } else {
    await sql`DROP TRIGGER audit_log_no_update`.execute(ws.db);
    await sql`DROP TRIGGER audit_log_no_delete`.execute(ws.db);
  }
}

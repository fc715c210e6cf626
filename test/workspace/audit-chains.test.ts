/**
 * The audit log's chains and seal on both adapters (issue 19): one chain per
 * document and one for the workspace, appends that lock only their chain's
 * head row, and a seal over the set of chain heads. Each attack is done with
 * raw SQL on the workspace's own database, the append-only triggers dropped
 * for it and put back after, so that only the chains can tell; each must be
 * found by `verifyAuditChain` with the chain and position named, the same way
 * on SQLite and PostgreSQL. Each attack first shows that the log verified
 * before it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  appendAudit,
  chainHead,
  findOrCreateBatch,
  flushAudit,
  insertDocument,
  listAudit,
  sealAudit,
  transaction,
  verifyAuditChain,
  verifyDocumentChain,
} from '../../pipeline/workspace/store/index.ts';
import type { Workspace } from '../../pipeline/workspace/store/index.ts';
import { bothAdapters } from '../support/workspaces.ts';

const { adapters, openAt } = await bothAdapters('daylight-audit-chains-');

const DOC_A = `d_${'a'.repeat(24)}`;
const DOC_B = `d_${'b'.repeat(24)}`;

/** Nine entries over two documents and the workspace, interleaved; verified. */
async function filled(ws: Workspace): Promise<void> {
  const subjects = [DOC_A, 'batch-1', DOC_B, DOC_A, 'ana', DOC_B, DOC_A, DOC_B, 'batch-1'];
  for (const [i, subject] of subjects.entries()) await appendAudit(ws, { actor: 'clerk', action: 'test.entry', subject, details: { i } });
  const verified = await verifyAuditChain(ws);
  assert.ok(verified.ok, verified.ok ? '' : verified.problem.message);
  assert.equal(verified.value.entries, 9);
  assert.equal(verified.value.chains, 3);
}

/** The `seq` of entry `n` of a chain. */
async function seqOf(ws: Workspace, chain: string, n: number): Promise<number> {
  const rows = await ws.sql(`SELECT seq FROM audit_log WHERE chain = '${chain}' AND chain_seq = ${n}`);
  assert.equal(rows.rows.length, 1, `entry ${n} of ${chain} exists`);
  return Number(rows.rows[0].seq);
}

/** Raw SQL with the append-only triggers out of the way, then put back as they were. */
async function tamper(ws: Workspace, ...statements: string[]): Promise<void> {
  const guards = ['audit_log_no_update', 'audit_log_no_delete'];
  for (const name of guards) await ws.sql(ws.kind === 'postgres' ? `DROP TRIGGER ${name} ON audit_log` : `DROP TRIGGER ${name}`);
  for (const statement of statements) await ws.sql(statement);
  for (const [name, on] of [['audit_log_no_update', 'UPDATE'], ['audit_log_no_delete', 'DELETE']]) {
    await ws.sql(
      ws.kind === 'postgres'
        ? `CREATE TRIGGER ${name} BEFORE ${on} ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`
        : `CREATE TRIGGER ${name} BEFORE ${on} ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
    );
  }
}

async function expectTampered(ws: Workspace, message: RegExp): Promise<void> {
  const verified = await verifyAuditChain(ws);
  assert.ok(!verified.ok, 'the attack is found');
  assert.equal(verified.problem.code, 'audit.tampered');
  assert.match(verified.problem.message, message);
}

for (const adapter of adapters) {
  describe(`audit chains: ${adapter.name}`, { skip: adapter.skip }, () => {
    test('each document has its own chain; seq only orders them, the chain positions have no gaps', async () => {
      const ws = await openAt(await adapter.make());
      await filled(ws);
      const a = await verifyDocumentChain(ws, DOC_A);
      assert.ok(a.ok);
      assert.deepEqual(a.value.entries.map((e) => [e.chainSeq, e.details.i]), [[1, 0], [2, 3], [3, 6]]);
      assert.equal((await chainHead(ws, 'workspace'))?.chainSeq, 3);
      // Entries written in one transaction keep the order they were appended in.
      await transaction(ws, async (tx) => {
        await appendAudit(tx, { actor: 'clerk', action: 'test.first', subject: 'workspace-thing' });
        await appendAudit(tx, { actor: 'clerk', action: 'test.second', subject: DOC_A });
      });
      const newest = await listAudit(ws, { newestFirst: true, limit: 2 });
      assert.deepEqual(newest.map((e) => e.action), ['test.second', 'test.first']);
      assert.ok((await verifyAuditChain(ws)).ok);
    });

    test('a rolled-back transaction writes no entry and leaves the chain whole', async () => {
      const ws = await openAt(await adapter.make());
      await filled(ws);
      await assert.rejects(
        transaction(ws, async (tx) => {
          await appendAudit(tx, { actor: 'clerk', action: 'test.lost', subject: DOC_A });
          await flushAudit(tx);
          throw new Error('crashed after the entry was written');
        }),
        /crashed/,
      );
      await appendAudit(ws, { actor: 'clerk', action: 'test.kept', subject: DOC_A });
      const a = await verifyDocumentChain(ws, DOC_A);
      assert.ok(a.ok, a.ok ? '' : a.problem.message);
      assert.deepEqual(a.value.entries.map((e) => e.action).slice(-2), ['test.entry', 'test.kept']);
      assert.ok((await verifyAuditChain(ws)).ok);
    });

    test('tampering with an entry is found, by its seq', async () => {
      const ws = await openAt(await adapter.make());
      await filled(ws);
      const seq = await seqOf(ws, DOC_B, 2);
      await tamper(ws, `UPDATE audit_log SET details = '{"i":99}' WHERE seq = ${seq}`);
      await expectTampered(ws, new RegExp(`entry ${seq} .*changed`));
    });

    test('deleting an entry inside a chain is found, with the chain and position', async () => {
      const ws = await openAt(await adapter.make());
      await filled(ws);
      await tamper(ws, `DELETE FROM audit_log WHERE seq = ${await seqOf(ws, DOC_A, 2)}`);
      await expectTampered(ws, new RegExp(`Entry 2 of the chain of document ${DOC_A} was deleted: the chain goes from entry 1 to entry 3`));
      const one = await verifyDocumentChain(ws, DOC_A);
      assert.ok(!one.ok && /Entry 2 .* was deleted/.test(one.problem.message));
      assert.ok((await verifyDocumentChain(ws, DOC_B)).ok, 'the other document is untouched');
    });

    test('truncating a chain is found through its head row', async () => {
      const ws = await openAt(await adapter.make());
      await filled(ws);
      await tamper(ws, `DELETE FROM audit_log WHERE seq = ${await seqOf(ws, DOC_A, 3)}`);
      await expectTampered(ws, new RegExp(`chain of document ${DOC_A} ends at entry 2, but its recorded head is entry 3: entries were deleted from its end`));
    });

    test('truncating a chain and rolling its head row back to an older genuine head is found through the seal', async () => {
      const ws = await openAt(await adapter.make());
      await filled(ws);
      const at3 = await seqOf(ws, DOC_A, 3);
      const sealed = await sealAudit(ws, 'admin');
      assert.ok(sealed.ok);
      assert.equal(sealed.value.chains, 3);
      assert.ok((await verifyAuditChain(ws)).ok);
      // The head row as it was after entry 2, with the MAC Daylight wrote then (an attacker's saved copy)...
      const two = (await ws.sql(`SELECT seq, hash FROM audit_log WHERE chain = '${DOC_A}' AND chain_seq = 2`)).rows[0];
      const { headMac } = await import('../../pipeline/workspace/audit-chain.ts');
      const key = ws.auditKey.current()!;
      const oldMac = headMac(key, 'chain', DOC_A, 2, String(two.hash));
      // ...and after the seal deletes entry 3 and puts that genuine older head back.
      await tamper(ws, `DELETE FROM audit_log WHERE seq = ${at3}`, `UPDATE audit_chain_heads SET seq = ${Number(two.seq)}, chain_seq = 2, hash = '${two.hash}', mac = '${oldMac}' WHERE chain = '${DOC_A}'`);
      await expectTampered(ws, new RegExp(`chain of document ${DOC_A} has 2 entries, but the seal of .* recorded entry 3: entries were deleted from its end`));
      const one = await verifyDocumentChain(ws, DOC_A);
      assert.ok(!one.ok && /the last seal recorded entry 3/.test(one.problem.message), 'the publish gate sees it too');
    });

    test('deleting a whole document chain (entries and head) is found through the seal, by name', async () => {
      const ws = await openAt(await adapter.make());
      await filled(ws);
      assert.ok((await sealAudit(ws, 'admin')).ok);
      await tamper(ws, `DELETE FROM audit_log WHERE chain = '${DOC_B}'`, `DELETE FROM audit_chain_heads WHERE chain = '${DOC_B}'`);
      await expectTampered(ws, new RegExp(`chain of document ${DOC_B} was sealed at entry 3 on .*, but none of its entries are left: the whole chain was deleted`));
    });

    test('deleting a whole chain and its sealed head too breaks the seal', async () => {
      const ws = await openAt(await adapter.make());
      await filled(ws);
      assert.ok((await sealAudit(ws, 'admin')).ok);
      await tamper(ws, `DELETE FROM audit_log WHERE chain = '${DOC_B}'`, `DELETE FROM audit_chain_heads WHERE chain = '${DOC_B}'`, `DELETE FROM audit_sealed_heads WHERE chain = '${DOC_B}'`);
      await expectTampered(ws, /The seal of .* covered 3 chains, but only 2 are listed: 1 sealed chain\(s\) were removed/);
    });

    test("deleting a real document's whole chain before any seal is found through the documents", async () => {
      const ws = await openAt(await adapter.make());
      const { batch } = await findOrCreateBatch(ws, { name: 'b', folder: '/in', policyHash: 'p' }, { codeVersion: 'c', actor: 'clerk' });
      const doc = await insertDocument(ws, { batchId: batch.id, path: 'a.pdf', fileName: 'a.pdf', state: 'queued', sha256: 'a'.repeat(64) }, 'clerk');
      assert.ok((await verifyAuditChain(ws)).ok);
      await tamper(ws, `DELETE FROM audit_log WHERE chain = '${doc.id}'`, `DELETE FROM audit_chain_heads WHERE chain = '${doc.id}'`);
      await expectTampered(ws, new RegExp(`Document ${doc.id} has no audit chain: its entries and its head were deleted`));
    });

    test('reordering entries is found: swapped seq, and swapped chain positions', async () => {
      const ws = await openAt(await adapter.make());
      await filled(ws);
      const [one, two] = [await seqOf(ws, DOC_A, 1), await seqOf(ws, DOC_A, 2)];
      await tamper(ws, `UPDATE audit_log SET seq = -1 WHERE seq = ${one}`, `UPDATE audit_log SET seq = ${one} WHERE seq = ${two}`, `UPDATE audit_log SET seq = ${two} WHERE seq = -1`);
      await expectTampered(ws, new RegExp(`chain of document ${DOC_A}`));

      const other = await openAt(await adapter.make());
      await filled(other);
      await tamper(other, `UPDATE audit_log SET chain_seq = -1 WHERE chain = '${DOC_B}' AND chain_seq = 1`, `UPDATE audit_log SET chain_seq = 1 WHERE chain = '${DOC_B}' AND chain_seq = 2`, `UPDATE audit_log SET chain_seq = 2 WHERE chain = '${DOC_B}' AND chain_seq = -1`);
      await expectTampered(other, new RegExp(`chain of document ${DOC_B}`));
    });

    test('a forged seal is found', async () => {
      const ws = await openAt(await adapter.make());
      await filled(ws);
      assert.ok((await sealAudit(ws, 'admin')).ok);
      await ws.sql(`UPDATE audit_seal SET chains = 2 WHERE id = 1`);
      await expectTampered(ws, /audit seal of .* was not written by Daylight/);
    });

    test('writers of one document take turns: no fork, positions 1…n', async () => {
      const where = await adapter.make();
      const ws = await openAt(where);
      // PostgreSQL: two handles (two pools) racing; SQLite: one handle, its transactions serialised by BEGIN IMMEDIATE.
      const other = adapter.name === 'postgres' ? await openAt(where) : ws;
      await Promise.all(Array.from({ length: 24 }, (_, i) => appendAudit(i % 2 ? other : ws, { actor: `w${i}`, action: 'test.race', subject: DOC_A, details: { i } })));
      const a = await verifyDocumentChain(ws, DOC_A);
      assert.ok(a.ok, a.ok ? '' : a.problem.message);
      assert.deepEqual(a.value.entries.map((e) => e.chainSeq), Array.from({ length: 24 }, (_, i) => i + 1));
      assert.deepEqual(new Set(a.value.entries.map((e) => e.details.i)).size, 24);
      assert.ok((await verifyAuditChain(ws)).ok);
    });

    test('audit verify while others write reads one snapshot: no false alarm', async () => {
      const where = await adapter.make();
      const ws = await openAt(where);
      const writer = adapter.name === 'postgres' ? await openAt(where) : ws;
      await filled(ws);
      let writing = true;
      const docs = Array.from({ length: 6 }, (_, i) => `d_${String(i).repeat(24)}`);
      const writers = Array.from({ length: 4 }, async (_, w) => {
        let n = 0;
        while (writing || n < 10) await appendAudit(writer, { actor: `w${w}`, action: 'test.busy', subject: docs[(w + n++) % docs.length] });
        return n;
      });
      const results = [];
      for (let i = 0; i < 5; i++) results.push(await verifyAuditChain(ws));
      writing = false;
      const written = (await Promise.all(writers)).reduce((a, b) => a + b, 0);
      assert.ok(written >= 40);
      for (const r of results) assert.ok(r.ok, r.ok ? '' : r.problem.message);
      const final = await verifyAuditChain(ws);
      assert.ok(final.ok && final.value.entries === 9 + written);
    });

    test('writers of different documents do not wait for each other; a writer of the same document does', { skip: adapter.name === 'sqlite' ? 'SQLite serialises every write transaction (BEGIN IMMEDIATE): one writer at a time by design' : false }, async () => {
      const where = await adapter.make();
      const holder = await openAt(where);
      const other = await openAt(where);
      await filled(holder);
      // A writer of DOC_A has written its entry and not committed yet: it holds DOC_A's head row.
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let holding!: () => void;
      const held = new Promise<void>((resolve) => (holding = resolve));
      let committed = false;
      const first = transaction(holder, async (tx) => {
        await appendAudit(tx, { actor: 'ana', action: 'test.holder', subject: DOC_A });
        await flushAudit(tx);
        holding();
        await released;
      }).then(() => (committed = true));
      await held;
      // A writer of DOC_B commits while the DOC_A transaction is still open.
      await appendAudit(other, { actor: 'bo', action: 'test.other-document', subject: DOC_B });
      await appendAudit(other, { actor: 'bo', action: 'test.workspace', subject: 'batch-1' });
      assert.equal(committed, false, 'the DOC_A transaction was still open when both other chains committed');
      // A second writer of DOC_A is seen waiting on a lock (the head row) until the first commits.
      const second = appendAudit(other, { actor: 'bo', action: 'test.same-document', subject: DOC_A });
      let waiting = 0;
      for (let tries = 0; tries < 400 && waiting === 0; tries++) {
        const rows = await holder.sql(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%audit_chain_heads%'`);
        waiting = Number(rows.rows[0].n);
        if (waiting === 0) await new Promise((resolve) => setTimeout(resolve, 25));
      }
      assert.equal(waiting, 1, 'the same-document writer waits on the lock');
      assert.equal(committed, false);
      release();
      await first;
      await second;
      const a = await verifyDocumentChain(holder, DOC_A);
      assert.ok(a.ok);
      assert.deepEqual(a.value.entries.slice(-2).map((e) => [e.chainSeq, e.action]), [[4, 'test.holder'], [5, 'test.same-document']]);
      const all = await verifyAuditChain(holder);
      assert.ok(all.ok, all.ok ? '' : all.problem.message);
    });
  });
}

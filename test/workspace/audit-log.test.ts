/**
 * The keyed, per-document audit log against someone who can write the
 * database: each attack is done the way they would (raw SQL, triggers dropped
 * and put back, hashes recomputed with a guessed key) and must be caught. The
 * attacks edit the embedded database file; contract.test.ts runs the chain's
 * tamper checks on PostgreSQL too.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { dropTriggers, raw, rehashChain, restoreTriggers, tamper } from '../support/audit-forgery.ts';
import { canonicalJson } from '../../pipeline/workspace/canonical-json.ts';
import { headMac } from '../../pipeline/workspace/audit-chain.ts';
import { main } from '../../pipeline/cli/main.ts';
import { WORKSPACE_CHAIN, appendAudit, chainHead, openWorkspace, sha256Hex, verifyAuditChain, verifyDocumentChain } from '../../pipeline/workspace/store/index.ts';
import type { OpenWorkspaceOptions, Workspace } from '../../pipeline/workspace/store/index.ts';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function fresh(options: OpenWorkspaceOptions = {}): Promise<Workspace> {
  const dir = mkdtempSync(join(tmpdir(), 'daylight-audit-'));
  dirs.push(dir);
  const opened = await openWorkspace(join(dir, 'ws'), { databaseUrl: '', ...options });
  assert.ok(opened.ok, opened.ok ? '' : opened.problem.message);
  return opened.value;
}

const DOC_A = `d_${'a'.repeat(24)}`;
const DOC_B = `d_${'b'.repeat(24)}`;

/** Ten entries over two documents and the workspace, interleaved. */
async function filled(options: OpenWorkspaceOptions = {}): Promise<Workspace> {
  const ws = await fresh(options);
  const subjects = [DOC_A, 'batch-1', DOC_B, DOC_A, 'ana', DOC_B, DOC_A, DOC_A, 'batch-1', DOC_B];
  for (const [i, subject] of subjects.entries()) await appendAudit(ws, { actor: 'clerk', action: 'test.entry', subject, details: { i } });
  const v = await verifyAuditChain(ws);
  assert.ok(v.ok, v.ok ? '' : v.problem.message);
  assert.equal(v.value.entries, 10);
  return ws;
}

test('the key is made on the first entry, mode 0600, beside the database and not in it; its path is configurable', async () => {
  const ws = await fresh();
  const keyPath = join(ws.dir, 'audit.key');
  assert.equal(existsSync(keyPath), false, 'no key before anything is logged');
  await appendAudit(ws, { actor: 'a', action: 'test.entry' });
  assert.equal(statSync(keyPath).mode & 0o777, 0o600);
  const key = JSON.parse(readFileSync(keyPath, 'utf8')).key as string;
  assert.match(key, /^[0-9a-f]{64}$/);
  await ws.close();
  assert.ok(!readFileSync(join(ws.dir, 'workspace.sqlite')).toString('latin1').includes(key), 'the key is not in the database');
  // Readable by others: refused, as ssh refuses such a private key.
  chmodSync(keyPath, 0o644);
  const loose = await openWorkspace(ws.dir, { mustExist: true, databaseUrl: '' });
  assert.ok(!loose.ok && loose.problem.code === 'audit.key-invalid' && /chmod 600/.test(loose.problem.message));
  // Elsewhere: a key folder the service account alone can read.
  const elsewhere = mkdtempSync(join(tmpdir(), 'daylight-key-'));
  dirs.push(elsewhere);
  const apart = await fresh({ auditKeyPath: join(elsewhere, 'workspace.key') });
  await appendAudit(apart, { actor: 'a', action: 'test.entry' });
  assert.ok(existsSync(join(elsewhere, 'workspace.key')));
  assert.equal(existsSync(join(apart.dir, 'audit.key')), false);
  await apart.close();
  // Opened without its key, a keyed log is refused with the reason, not re-keyed.
  const lost = await openWorkspace(apart.dir, { mustExist: true, databaseUrl: '' });
  assert.ok(!lost.ok && lost.problem.code === 'audit.key-missing', lost.ok ? '' : lost.problem.message);
});

test('entries are chained per document, with a workspace chain for the rest', async () => {
  const ws = await filled();
  const a = await verifyDocumentChain(ws, DOC_A);
  assert.ok(a.ok);
  assert.deepEqual(a.value.entries.map((e) => [e.chainSeq, e.details.i]), [[1, 0], [2, 3], [3, 6], [4, 7]]);
  assert.deepEqual(a.value.head, await chainHead(ws, DOC_A));
  assert.equal((await chainHead(ws, WORKSPACE_CHAIN))?.chainSeq, 3);
  const all = await verifyAuditChain(ws);
  assert.equal(all.ok && all.value.chains, 3);
  await ws.close();
});

/** What each attack does to a filled log, and what the report must say. */
const attacks: { name: string; act: (ws: Workspace) => void | Promise<void>; message: RegExp }[] = [
  { name: 'edit a row', act: (ws) => tamper(ws, `UPDATE audit_log SET details = '{"i":99}' WHERE seq = 4`), message: /entry 4 .*changed/ },
  { name: 'edit the actor and write a plausible hash', act: (ws) => tamper(ws, "UPDATE audit_log SET actor = 'mallory', hash = 'f' || substr(hash, 2) WHERE seq = 4"), message: /entry 4/ },
  { name: 'delete a middle row', act: (ws) => tamper(ws, 'DELETE FROM audit_log WHERE seq = 2'), message: /Entry 1 of the workspace chain was deleted: the chain goes from its start to entry 2 \(audit entry 5\)/ },
  {
    name: 'delete the newest row and point the head at the one before',
    act: (ws) => {
      tamper(ws, 'DELETE FROM audit_log WHERE seq = 10');
      raw(ws, (db) => {
        const nine = db.prepare('SELECT hash FROM audit_log WHERE seq = 9').get() as { hash: string };
        db.prepare('UPDATE audit_head SET seq = 9, hash = ? WHERE id = 1').run(nine.hash);
      });
    },
    message: /recorded head/,
  },
  {
    name: 'insert a forged entry at the end, hashed with a guessed key',
    act: async (ws) => {
      const head = (await chainHead(ws, DOC_A))!;
      raw(ws, (db) => db.prepare('INSERT INTO audit_log (seq, at, actor, action, subject, details, chain, chain_seq, prev_hash, hash) VALUES (11, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(new Date().toISOString(), 'mallory', 'document.approved', DOC_A, '{}', DOC_A, head.chainSeq + 1, head.hash, randomBytes(32).toString('hex')));
    },
    message: /entry 11 .*changed/,
  },
  {
    name: 're-hash an edited chain with a guessed key',
    act: (ws) => {
      tamper(ws, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 7");
      rehashChain(ws, DOC_A, randomBytes(32));
    },
    message: /entry 1 .*changed|entry 4 .*changed/,
  },
  {
    name: 're-hash an edited chain as a plain SHA-256 chain',
    act: (ws) => {
      tamper(ws, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 7");
      rehashChain(ws, DOC_A, Buffer.from(sha256Hex('daylight'), 'hex'));
    },
    message: /changed/,
  },
  { name: 'drop the append-only triggers', act: (ws) => dropTriggers(ws), message: /append-only guard was removed/ },
];

for (const { name, act, message } of attacks) {
  test(`audit verify catches: ${name}`, async () => {
    const ws = await filled();
    await act(ws);
    const v = await verifyAuditChain(ws);
    assert.ok(!v.ok, name);
    assert.equal(v.problem.code, 'audit.tampered', name);
    assert.match(v.problem.message, message, name);
    await ws.close();
  });
}

test('a document chain is checked on its own: a deleted entry of another document does not hide, its own does', async () => {
  const ws = await filled();
  tamper(ws, 'DELETE FROM audit_log WHERE seq = 4'); // the second entry of DOC_A
  const a = await verifyDocumentChain(ws, DOC_A);
  assert.ok(!a.ok && /Entry 2 of the chain of document d_a+ was deleted: the chain goes from entry 1 to entry 3/.test(a.problem.message), a.ok ? '' : a.problem.message);
  assert.ok((await verifyDocumentChain(ws, DOC_B)).ok);
  await ws.close();
});

test('entries from before the key are sealed by it: rewriting them as a plain chain is caught', async () => {
  const ws = await fresh();
  // Three entries as an older Daylight wrote them: a plain SHA-256 chain, no key yet.
  let prev = '0'.repeat(64);
  for (let seq = 1; seq <= 3; seq++) {
    const row = { seq, at: `2025-01-0${seq}T00:00:00.000Z`, actor: 'old', action: 'test.legacy', subject: null, details: '{}', prev_hash: prev };
    const hash = sha256Hex(canonicalJson(row));
    raw(ws, (db) => {
      db.prepare('INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(seq, row.at, row.actor, row.action, null, row.details, prev, hash);
      db.prepare('INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash').run(seq, hash);
    });
    prev = hash;
  }
  await appendAudit(ws, { actor: 'new', action: 'test.keyed', subject: DOC_A });
  const v = await verifyAuditChain(ws);
  assert.ok(v.ok, v.ok ? '' : v.problem.message);
  assert.equal(v.value.legacyEntries, 3);
  // Rewrite entry 2 and re-hash the plain chain after it, as the old scheme allowed.
  dropTriggers(ws);
  raw(ws, (db) => {
    db.prepare("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2").run();
    let p = (db.prepare('SELECT hash FROM audit_log WHERE seq = 1').get() as { hash: string }).hash;
    for (const seq of [2, 3]) {
      const r = db.prepare('SELECT * FROM audit_log WHERE seq = ?').get(seq) as { at: string; actor: string; action: string; subject: null; details: string };
      const hash = sha256Hex(canonicalJson({ seq, at: r.at, actor: r.actor, action: r.action, subject: r.subject, details: r.details, prev_hash: p }));
      db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?').run(p, hash, seq);
      p = hash;
    }
  });
  restoreTriggers(ws);
  const after = await verifyAuditChain(ws);
  assert.ok(!after.ok && /written before the log was keyed .* were changed/.test(after.problem.message), after.ok ? '' : after.problem.message);
  await ws.close();
});

test('a workspace head left by migration 6 stays checked: its entry cut off, with the chain head rolled back, is caught', async () => {
  const ws = await filled();
  // Before migration 6 every append rewrote one workspace head (the newest entry, HMAC'd); the migration leaves the last one.
  const key = ws.auditKey.current()!;
  raw(ws, (db) => {
    const newest = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string };
    db.prepare('INSERT INTO audit_head (id, seq, hash, mac) VALUES (1, ?, ?, ?)').run(newest.seq, newest.hash, headMac(key, 'workspace', WORKSPACE_CHAIN, newest.seq, newest.hash));
  });
  const before = await verifyAuditChain(ws);
  assert.ok(before.ok, before.ok ? '' : before.problem.message);
  // Entry 10 is the last of DOC_B's chain; cut it and put DOC_B's head back as it was after its entry 2 (a genuine old head).
  raw(ws, (db) => {
    const two = db.prepare('SELECT seq, hash FROM audit_log WHERE chain = ? AND chain_seq = 2').get(DOC_B) as { seq: number; hash: string };
    db.exec('DROP TRIGGER audit_log_no_delete');
    db.prepare('DELETE FROM audit_log WHERE seq = 10').run();
    db.exec("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;");
    db.prepare('UPDATE audit_chain_heads SET seq = ?, chain_seq = 2, hash = ?, mac = ? WHERE chain = ?').run(two.seq, two.hash, headMac(key, 'chain', DOC_B, 2, two.hash), DOC_B);
  });
  const after = await verifyAuditChain(ws);
  assert.ok(!after.ok && /workspace head kept from before per-chain locking names audit entry 10, but that entry is gone/.test(after.problem.message), after.ok ? '' : after.problem.message);
  await ws.close();
});

test('daylight audit seal, then verify: a chain deleted whole is named; --json on stdout', async () => {
  const ws = await filled();
  const dir = ws.dir;
  await ws.close();
  const out = () => ({ out: '', err: '', cwd: dir, stderrIsTTY: false, stdout(t: string) { this.out += t; }, stderr(t: string) { this.err += t; } });
  const sealed = out();
  assert.equal(await main(['audit', 'seal', '--workspace', dir, '--json'], sealed), 0);
  const seal = JSON.parse(sealed.out);
  assert.equal(seal.ok, true);
  assert.equal(seal.chains, 3);
  const intact = out();
  assert.equal(await main(['audit', 'verify', '--workspace', dir], intact), 0);
  assert.match(intact.out, /Audit log intact: 11 entries, .*3 chains, .*last sealed .*, 3 chains/);
  const reopened = await openWorkspace(dir, { mustExist: true, databaseUrl: '' });
  assert.ok(reopened.ok);
  tamper(reopened.value, 'DELETE FROM audit_log WHERE chain = ?', DOC_A);
  raw(reopened.value, (db) => db.prepare('DELETE FROM audit_chain_heads WHERE chain = ?').run(DOC_A));
  await reopened.value.close();
  const broken = out();
  assert.equal(await main(['audit', 'verify', '--workspace', dir], broken), 1);
  assert.match(broken.err, new RegExp(`chain of document ${DOC_A} was sealed at entry 4 on .*the whole chain was deleted.*\\[audit\\.tampered\\]`));
  assert.equal(await main(['audit', 'seal', '--against', dir, '--workspace', dir], out()), 2);
});

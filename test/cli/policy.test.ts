/**
 * Learning from decisions, end to end through the CLI: batch 1 over similar
 * reports proposes two wrong values in every document; one approver rejects
 * them; `daylight policy suggest` lists them; an admin accepts them into the
 * office's policy file (audited); batch 2 over new, similar reports run with
 * that policy proposes fewer wrong findings, and still every SSN and name.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { main } from '../../pipeline/cli/main.ts';
import type { Io } from '../../pipeline/cli/command.ts';
import { confirmRejection, createUser, decideRedaction, listAudit, listBatches, listDocuments, listFindings, listRedactions, openWorkspace, unconfirmedRejections, verifyAuditChain } from '../../pipeline/workspace/store/index.ts';
import type { Workspace } from '../../pipeline/workspace/store/index.ts';
import { DEFAULT_POLICY_PATH, loadPolicy } from '../../redaction/policy/load-policy.ts';
import { textPdf } from '../batch/fixtures.ts';

const temp = mkdtempSync(join(tmpdir(), 'daylight-policy-'));
after(() => rmSync(temp, { recursive: true, force: true }));
const ws = join(temp, 'ws');
const office = join(temp, 'office.yaml');
copyFileSync(DEFAULT_POLICY_PATH, office);

/** Values the detector wrongly takes for people's names in these short reports: a records system and a vendor. */
const WRONG = ['Essentris', 'Medicode'];

function captureIo(): Io & { out: string; err: string } {
  const io = { out: '', err: '', stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t), stderrIsTTY: false, cwd: temp };
  return io;
}

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}

async function withWorkspace<T>(f: (w: Workspace) => Promise<T>): Promise<T> {
  const opened = await openWorkspace(ws, { databaseUrl: '' });
  assert.ok(opened.ok, opened.ok ? '' : opened.problem.message);
  try {
    return await f(opened.value);
  } finally {
    await opened.value.close();
  }
}

async function writeReports(folder: string, people: string[], first: number): Promise<void> {
  mkdirSync(folder, { recursive: true });
  for (const [i, person] of people.entries()) {
    const n = first + i;
    const lines = [`Benefit claim ${n}`, `The claimant ${person} filed on March ${n}.`, `Her SSN is 372-41-${1000 + n}.`, 'Notes go into Essentris daily.', 'Claims are checked by Medicode for filing.'];
    writeFileSync(join(folder, `claim-${n}.pdf`), await textPdf([lines]));
  }
}

/** The findings of one batch's documents, as text. */
async function batchFindings(w: Workspace, batchName: string): Promise<string[]> {
  const batch = (await listBatches(w)).find((b) => b.name === batchName);
  assert.ok(batch, `no batch ${batchName}`);
  const texts: string[] = [];
  for (const d of await listDocuments(w, { batchId: batch.id })) texts.push(...(await listFindings(w, d.id)).map((f) => f.text));
  return texts;
}

test('values rejected across documents become allow-list suggestions; accepted by an admin, the next batch proposes fewer wrong findings', async () => {
  await writeReports(join(temp, 'in-1'), ['Dana Copeland', 'Harriet Osei', 'Miguel Arroyo'], 1);
  await writeReports(join(temp, 'in-2'), ['Tobias Quill', 'Amara Lindqvist', 'Rosalind Achterberg'], 4);
  await withWorkspace(async (w) => {
    for (const [name, role] of [['clerk', 'clerk'], ['ana', 'approver'], ['ben', 'approver'], ['root', 'admin']] as const) assert.ok((await createUser(w, { name, role, password: 'correct horse battery' }, 'setup')).ok);
  });

  // batch 1: the oracle first — the wrong values are proposed in every document
  const one = await run('batch', join(temp, 'in-1'), '--workspace', ws, '--policy', office, '--as', 'clerk', '--name', 'first', '--quiet');
  assert.equal(one.code, 0, one.err);
  const first = await withWorkspace((w) => batchFindings(w, 'first'));
  for (const value of WRONG) assert.equal(first.filter((t) => t === value).length, 3, `${value} in ${JSON.stringify(first)}`);

  // nothing rejected yet: nothing to suggest
  const none = await run('policy', 'suggest', '--workspace', ws, '--policy', office, '--json');
  assert.equal(none.code, 0, none.err);
  assert.deepEqual(JSON.parse(none.out).suggestions, []);

  // one approver rejects the wrong values in every document, and one of them in one document only is not enough
  await withWorkspace(async (w) => {
    const batch = (await listBatches(w)).find((b) => b.name === 'first')!;
    for (const d of await listDocuments(w, { batchId: batch.id })) {
      const text = new Map((await listFindings(w, d.id)).map((f) => [`r-${f.id}`, f.text]));
      for (const r of await listRedactions(w, d.id)) {
        if (WRONG.includes(text.get(r.id) ?? '')) assert.ok((await decideRedaction(w, d.id, r.id, 'rejected', 'ana')).ok);
        else if (text.get(r.id) === 'Dana Copeland') assert.ok((await decideRedaction(w, d.id, r.id, 'rejected', 'ana')).ok);
      }
    }
  });

  // rejecting a redaction the policy applies automatically is no decision until a second person confirms it
  const unconfirmed = await run('policy', 'suggest', '--workspace', ws, '--policy', office, '--json', '--min', '1');
  assert.equal(unconfirmed.code, 0, unconfirmed.err);
  const automatic = await withWorkspace(async (w) => {
    const batch = (await listBatches(w)).find((b) => b.name === 'first')!;
    const values = new Set<string>();
    for (const d of await listDocuments(w, { batchId: batch.id })) {
      const text = new Map((await listFindings(w, d.id)).map((f) => [`r-${f.id}`, f.text]));
      for (const r of await unconfirmedRejections(w, d.id)) {
        values.add(text.get(r.id)!);
        assert.ok((await confirmRejection(w, d.id, r.id, 'ben')).ok);
      }
    }
    return values;
  });
  assert.ok(automatic.size > 0, 'the oracle: some rejected redactions were automatic');
  const early = (JSON.parse(unconfirmed.out) as { suggestions: { value: string }[] }).suggestions.map((s) => s.value);
  assert.deepEqual(early.filter((v) => automatic.has(v)), [], 'unconfirmed rejections of automatic redactions are not counted');

  const suggested = await run('policy', 'suggest', '--workspace', ws, '--policy', office, '--json');
  assert.equal(suggested.code, 0, suggested.err);
  const report = JSON.parse(suggested.out) as { minDocuments: number; suggestions: { value: string; documents: number; rejections: number; batches: number; rejectedBy: string[]; categories: string[] }[] };
  assert.equal(report.minDocuments, 2);
  assert.deepEqual(report.suggestions.map((s) => s.value).sort(), [...WRONG].sort(), 'a value rejected in one document only is not suggested');
  for (const s of report.suggestions) assert.deepEqual([s.documents, s.rejections, s.batches, s.rejectedBy, s.categories], [3, 3, 1, ['ana'], ['personal.name']]);
  const text = await run('policy', 'suggest', '--workspace', ws, '--policy', office, '--min', '1');
  assert.match(text.out, /^3\t3\t1\t"Essentris"\tpersonal\.name\tana$/m);
  assert.match(text.out, /^1\t1\t1\t"Dana Copeland"/m);

  // only an admin changes the allow list; usage errors name what is missing and change nothing
  const unchanged = readFileSync(office, 'utf8');
  for (const argv of [
    ['policy', 'accept', ...WRONG, '--workspace', ws, '--policy', office, '--as', 'ana'],
    ['policy', 'accept', ...WRONG, '--workspace', ws, '--as', 'root'],
    ['policy', 'accept', ...WRONG, '--workspace', ws, '--policy', office],
    ['policy', 'accept', '--workspace', ws, '--policy', office, '--as', 'root'],
    ['policy', 'accept', ...WRONG, '--workspace', ws, '--policy', office, '--as', 'nobody'],
    ['policy', 'suggest', '--workspace', ws, '--min', '0'],
    ['policy', 'forget', '--workspace', ws],
  ]) {
    const r = await run(...argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.equal(r.out, '', argv.join(' '));
    assert.match(r.err, /\S/, argv.join(' '));
  }
  assert.equal(readFileSync(office, 'utf8'), unchanged);

  const accepted = await run('policy', 'accept', ...WRONG, '--workspace', ws, '--policy', office, '--as', 'root', '--json');
  assert.equal(accepted.code, 0, accepted.err);
  assert.deepEqual(JSON.parse(accepted.out).added, WRONG);
  const policy = loadPolicy(office);
  assert.ok(policy.ok);
  assert.deepEqual(policy.value.allow.map((a) => a.text), WRONG);
  assert.match(policy.value.allow[0].note ?? '', /rejected in 3 documents; allowed by root/);
  assert.match(readFileSync(office, 'utf8'), /# Never redacted: public officials/, 'the office\'s comments stay');
  await withWorkspace(async (w) => {
    const entries = await listAudit(w, { action: 'policy.allow-added' });
    assert.equal(entries.length, 1);
    assert.equal(entries[0].actor, 'root');
    assert.deepEqual((entries[0].details as { added: string[] }).added, WRONG);
    assert.ok((await verifyAuditChain(w)).ok);
  });
  // accepting again adds nothing and audits nothing
  const again = await run('policy', 'accept', 'essentris ', '--workspace', ws, '--policy', office, '--as', 'root', '--json');
  assert.deepEqual(JSON.parse(again.out), { policy: office, added: [], alreadyAllowed: ['essentris'] });
  // what the allow list holds is no longer suggested
  assert.deepEqual(JSON.parse((await run('policy', 'suggest', '--workspace', ws, '--policy', office, '--json')).out).suggestions, []);

  // batch 2 over new, similar reports with the office's policy: fewer wrong findings, the real ones all still there
  const two = await run('batch', join(temp, 'in-2'), '--workspace', ws, '--policy', office, '--as', 'clerk', '--name', 'second', '--quiet');
  assert.equal(two.code, 0, two.err);
  const second = await withWorkspace((w) => batchFindings(w, 'second'));
  const wrong = (texts: string[]) => texts.filter((t) => WRONG.includes(t)).length;
  assert.equal(wrong(first), 6);
  assert.equal(wrong(second), 0, JSON.stringify(second));
  assert.ok(second.length < first.length, `${second.length} findings in batch 2, ${first.length} in batch 1`);
  for (const expected of ['Tobias Quill', 'Amara Lindqvist', 'Rosalind Achterberg', '372-41-1004', '372-41-1005', '372-41-1006']) assert.ok(second.includes(expected), `${expected} in ${JSON.stringify(second)}`);
});

test('policy --help documents both actions and the exit codes', async () => {
  const r = await run('policy', '--help');
  assert.equal(r.code, 0);
  assert.match(r.out, /suggest .*\| accept VALUE\.\.\. --policy FILE --as ADMIN/);
  assert.match(r.out, /Exit codes:/);
});

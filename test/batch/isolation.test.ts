/**
 * Each document is processed in isolation: a library's stray rejection, a worker
 * thread that dies, and a process that died inside a stage on an earlier run
 * each fail that document alone with a code, and the rest of the batch reaches
 * review in the same run. Fake stages (fake-stages.ts) with the real thread pool.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runBatch } from '../../pipeline/batch/run-batch.ts';
import { markAttemptStarted } from '../../pipeline/batch/attempts.ts';
import { CODE_VERSION, policyHash } from '../../pipeline/batch/keys.ts';
import type { DocumentStage } from '../../pipeline/batch/stage.ts';
import { takeStrayRejections } from '../../pipeline/threads/stray-errors.ts';
import { readBlob } from '../../pipeline/workspace/blobs.ts';
import { listDocuments } from '../../pipeline/workspace/documents.ts';
import { openWorkspace } from '../../pipeline/workspace/workspace.ts';
import type { Workspace } from '../../pipeline/workspace/workspace.ts';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';
import { fakeStages } from './fake-stages.ts';

const temp = mkdtempSync(join(tmpdir(), 'daylight-isolation-'));
after(() => rmSync(temp, { recursive: true, force: true }));
let n = 0;

function folderWith(files: Record<string, string>): string {
  const folder = join(temp, `in-${++n}`);
  mkdirSync(folder, { recursive: true });
  for (const [path, text] of Object.entries(files)) writeFileSync(join(folder, path), text);
  return folder;
}

function workspace(): Workspace {
  const opened = openWorkspace(join(temp, `ws-${++n}`));
  assert.ok(opened.ok);
  return opened.value;
}

/** The fake stages, with an extract that misbehaves as libraries do when the text asks it to. */
function hostileStages() {
  const fake = fakeStages();
  const extract = fake.stages[0] as DocumentStage;
  const hostile: DocumentStage = {
    ...extract,
    async run(document, ctx) {
      const bytes = await readBlob(ctx.ws.blobs, document.originalBlob!);
      const text = bytes.ok ? new TextDecoder().decode(bytes.value) : '';
      if (text.startsWith('STRAY')) {
        // A rejection nobody awaits, on the main thread, while this document is in flight.
        void Promise.reject(new Error('Illegal character: 41'));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if (text.startsWith('DIE')) await ctx.tasks.run('probe', 'exit');
      return extract.run(document, ctx);
    },
  };
  return { stages: [hostile, ...fake.stages.slice(1)], calls: fake.calls };
}

function states(ws: Workspace): Record<string, string> {
  return Object.fromEntries(listDocuments(ws).map((d) => [d.path, d.state === 'failed' ? `failed:${d.failure?.code}` : d.state]));
}

test('a stray rejection and a dying worker fail their own documents with codes; the batch finishes in one run', async (t) => {
  // The test runner reports any unhandled rejection against the running test; this one makes one on purpose.
  t.after(takeStrayRejections());
  const ws = workspace();
  const folder = folderWith({ 'a.txt': 'Report A.', 'b.txt': 'STRAY Report B.', 'c.txt': 'DIE Report C.', 'd.txt': 'Report D names SECRET-x.' });
  const { stages } = hostileStages();
  const run = await runBatch({ folder, workspace: ws, policy: defaultPolicy(), concurrency: 2, stages, actor: 'tester' });
  assert.ok(run.ok);
  assert.deepEqual(states(ws), { 'a.txt': 'in_review', 'b.txt': 'failed:input.library-error', 'c.txt': 'failed:input.crashed', 'd.txt': 'in_review' });
  const c = listDocuments(ws).find((d) => d.path === 'c.txt')!;
  assert.match(c.failure!.message, /crashed 2 times/);
  // A rerun does not run the crashing document a third time, and keeps the rest.
  const again = await runBatch({ folder, workspace: ws, policy: defaultPolicy(), concurrency: 2, stages: hostileStages().stages, actor: 'tester' });
  assert.ok(again.ok);
  assert.equal(states(ws)['c.txt'], 'failed:input.crashed');
  assert.equal(states(ws)['a.txt'], 'in_review');
  ws.close();
});

test('a document whose stage killed the process on two earlier runs is failed with input.crashed, not run again', async () => {
  const ws = workspace();
  const folder = folderWith({ 'a.txt': 'Report A.', 'b.txt': 'Report B.' });
  const first = hostileStages();
  // An earlier run ingested the files and died inside extract on b.txt twice: its marks are still there.
  const ingestOnly = await runBatch({ folder, workspace: ws, policy: defaultPolicy(), concurrency: 1, stages: [], actor: 'tester' });
  assert.ok(ingestOnly.ok);
  const b = listDocuments(ws).find((d) => d.path === 'b.txt')!;
  const key = { sha256: b.sha256!, stage: 'extract', policyHash: policyHash(defaultPolicy()), codeVersion: `${CODE_VERSION}/${first.stages[0].version}` };
  markAttemptStarted(ws, key);
  markAttemptStarted(ws, key);
  const run = await runBatch({ folder, workspace: ws, policy: defaultPolicy(), concurrency: 2, stages: first.stages, actor: 'tester' });
  assert.ok(run.ok);
  assert.deepEqual(states(ws), { 'a.txt': 'in_review', 'b.txt': 'failed:input.crashed' });
  assert.equal(first.calls.extract, 1, 'only a.txt was extracted');
  // One earlier death is not enough: the document is tried again.
  const ws2 = workspace();
  const once = hostileStages();
  assert.ok((await runBatch({ folder, workspace: ws2, policy: defaultPolicy(), concurrency: 1, stages: [], actor: 'tester' })).ok);
  markAttemptStarted(ws2, { ...key });
  assert.ok((await runBatch({ folder, workspace: ws2, policy: defaultPolicy(), concurrency: 2, stages: once.stages, actor: 'tester' })).ok);
  assert.deepEqual(states(ws2), { 'a.txt': 'in_review', 'b.txt': 'in_review' });
  ws.close();
  ws2.close();
});

/**
 * `daylight users`: the password comes from stdin only, short ones are refused,
 * and list/disable work on the workspace the review app reads.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../pipeline/cli/main.ts';
import type { Io } from '../../pipeline/cli/command.ts';
import { openWorkspace } from '../../pipeline/workspace/store/index.ts';
import { findUser, verifyPassword } from '../../pipeline/workspace/store/index.ts';
import { createSession, getSession } from '../../pipeline/workspace/store/index.ts';
import { listBatches } from '../../pipeline/workspace/store/index.ts';
import { tempDir } from '../support/temp-dir.ts';

function io(cwd: string, stdin = ''): Io & { out: string; err: string } {
  const o = {
    out: '',
    err: '',
    cwd,
    stderrIsTTY: false,
    stdout: (t: string) => void (o.out += t),
    stderr: (t: string) => void (o.err += t),
    stdin: async () => stdin,
  };
  return o;
}

test('users add reads the password from stdin; list and disable follow', async () => {
  const cwd = tempDir('daylight-users-');
  const ws = ['--workspace', 'ws'];
  let run = io(cwd, 'a long enough password\n');
  assert.equal(await main(['users', 'add', 'ana', '--role', 'approver', ...ws], run), 0, run.err);
  assert.match(run.out, /Added ana \(approver\)/);
  assert.doesNotMatch(run.out + run.err, /a long enough password/);

  run = io(cwd, 'short\n');
  assert.equal(await main(['users', 'add', 'bo', '--role', 'clerk', ...ws], run), 2);
  assert.match(run.err, /at least 12 characters/);

  run = io(cwd);
  assert.equal(await main(['users', 'add', 'cy', '--role', 'root', ...ws], run), 2, 'unknown role');
  assert.equal(await main(['users', 'add', 'cy', ...ws], io(cwd, 'another long password')), 2, 'role is required');
  assert.equal(await main(['users', 'add', 'ana', '--role', 'clerk', ...ws], io(cwd, 'another long password')), 2, 'names are unique');

  run = io(cwd);
  assert.equal(await main(['users', 'list', '--json', ...ws], run), 0);
  assert.deepEqual(JSON.parse(run.out).map((u: { name: string; role: string; disabled: boolean }) => [u.name, u.role, u.disabled]), [['ana', 'approver', false]]);

  assert.equal(await main(['users', 'disable', 'ana', ...ws], io(cwd)), 0);
  const opened = await openWorkspace(join(cwd, 'ws'), { mustExist: true });
  assert.ok(opened.ok);
  const check = await verifyPassword(opened.value, 'ana', 'a long enough password');
  assert.equal(check.ok, false, 'a disabled account cannot sign in');
  await opened.value.close();
  assert.equal(await main(['users', 'disable', 'nobody', ...ws], io(cwd)), 1);
});

test('batch --as records a review-app account as the runner; unknown or disabled accounts are refused first', async () => {
  const cwd = tempDir('daylight-batch-as-');
  const ws = ['--workspace', 'ws'];
  mkdirSync(join(cwd, 'in'));
  assert.equal(await main(['users', 'add', 'cy', '--role', 'clerk', ...ws], io(cwd, 'a long enough password\n')), 0);
  assert.equal(await main(['users', 'add', 'dee', '--role', 'clerk', ...ws], io(cwd, 'a long enough password\n')), 0);
  assert.equal(await main(['users', 'disable', 'dee', ...ws], io(cwd)), 0);
  for (const [name, message] of [['nobody', /No review-app account named "nobody"/], ['dee', /"dee" is disabled/], ['bad name!', /must be 1–64 letters/]] as const) {
    const run = io(cwd);
    assert.equal(await main(['batch', 'in', '--as', name, '--quiet', ...ws], run), 2, name);
    assert.match(run.err, message);
  }
  const run = io(cwd);
  assert.equal(await main(['batch', 'in', '--as', ' cy ', '--quiet', '--json', ...ws], run), 0, run.err);
  const opened = await openWorkspace(join(cwd, 'ws'), { mustExist: true });
  assert.ok(opened.ok);
  assert.deepEqual((await listBatches(opened.value)).map((b) => b.createdBy), ['cy']);
  await opened.value.close();
});

test('users passwd sets a new password from stdin and ends the sessions; names are compared as normalised', async () => {
  const cwd = tempDir('daylight-passwd-');
  const ws = ['--workspace', 'ws'];
  assert.equal(await main(['users', 'add', 'ana', '--role', 'approver', ...ws], io(cwd, 'the first long password\n')), 0);
  assert.equal(await main(['users', 'add', 'Ana', '--role', 'clerk', ...ws], io(cwd, 'another long password\n')), 2, '"Ana" beside "ana" is refused');
  let opened = await openWorkspace(join(cwd, 'ws'), { mustExist: true });
  assert.ok(opened.ok);
  const session = await createSession(opened.value, (await findUser(opened.value, 'ana'))!.id);
  await opened.value.close();
  assert.equal(await main(['users', 'passwd', 'ana ', ...ws], io(cwd, 'short\n')), 2, 'too short');
  const run = io(cwd, 'the second long password\n');
  assert.equal(await main(['users', 'passwd', 'ana ', ...ws], run), 0, run.err);
  assert.match(run.out, /New password set for ana; their sessions have ended/);
  assert.equal(await main(['users', 'passwd', 'nobody', ...ws], io(cwd, 'the second long password\n')), 1);
  opened = await openWorkspace(join(cwd, 'ws'), { mustExist: true });
  assert.ok(opened.ok);
  assert.equal((await verifyPassword(opened.value, 'ana', 'the first long password')).ok, false);
  assert.equal((await verifyPassword(opened.value, 'ana', 'the second long password')).ok, true);
  assert.equal(await getSession(opened.value, session.token), undefined, 'signed out everywhere');
  await opened.value.close();
});

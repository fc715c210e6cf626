/** `daylight worker` as a user meets it first: without a database it says what it needs, with exit 2. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const cli = join(import.meta.dirname, '../../bin/daylight.mjs');

test('daylight worker without DAYLIGHT_DATABASE_URL: exit 2 and what to set', () => {
  const env = { ...process.env };
  delete env.DAYLIGHT_DATABASE_URL;
  const r = spawnSync(process.execPath, [cli, 'worker'], { env, encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /needs DAYLIGHT_DATABASE_URL/);
  assert.equal(r.stdout, '');
  const help = spawnSync(process.execPath, [cli, 'worker', '--help'], { env, encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--exit-when-idle/);
  assert.match(help.stdout, /DAYLIGHT_JOB_HEARTBEAT_SECONDS/);
});

test('daylight worker with a bad heartbeat setting: exit 2, the setting named', () => {
  const r = spawnSync(process.execPath, [cli, 'worker'], { env: { ...process.env, DAYLIGHT_DATABASE_URL: 'postgres://nobody@127.0.0.1:9/none', DAYLIGHT_JOB_HEARTBEAT_SECONDS: '3' }, encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /DAYLIGHT_JOB_HEARTBEAT_SECONDS="3" must be a whole number of seconds from 10/);
});

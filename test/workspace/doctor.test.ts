/**
 * `daylight doctor`'s database checks on both adapters: what they say when the
 * workspace is right, not made yet, newer than this Daylight, unreachable, or
 * read with another audit key; and the command's exit codes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { main } from '../../pipeline/cli/main.ts';
import { auditKeyStore } from '../../pipeline/workspace/audit-key.ts';
import { SCHEMA_VERSION } from '../../pipeline/workspace/store/migrations.ts';
import { checkAuditKey, checkDatabase, checkMigrations } from '../../pipeline/workspace/store/doctor.ts';
import { appendAudit, openWorkspace } from '../../pipeline/workspace/store/index.ts';
import { testPostgres } from '../support/postgres.ts';

const pg = await testPostgres();
const temp = mkdtempSync(join(tmpdir(), 'daylight-doctor-db-'));
after(async () => {
  await pg.server?.stop();
  rmSync(temp, { recursive: true, force: true });
});
let n = 0;

function captureIo() {
  const io = { out: '', err: '', stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t), stderrIsTTY: false, cwd: temp };
  return io;
}

const modes = [
  { name: 'sqlite', skip: false as const, url: async () => '' },
  { name: 'postgres', skip: pg.skip, url: async () => pg.server!.freshDatabase() },
];

for (const mode of modes) {
  describe(`doctor: ${mode.name}`, { skip: mode.skip }, () => {
    test('before the first batch, then up to date with its key; another key is named', async () => {
      const dir = join(temp, `ws-${++n}`);
      const env = { DAYLIGHT_DATABASE_URL: await mode.url() };
      const before = await checkMigrations(dir, env);
      assert.ok(before.ok && /not made yet/.test(before.value), JSON.stringify(before));
      const opened = await openWorkspace(dir, { databaseUrl: env.DAYLIGHT_DATABASE_URL });
      assert.ok(opened.ok);
      await appendAudit(opened.value, { actor: 'admin', action: 'user.created', subject: 'ana' });
      await opened.value.close();
      const database = await checkDatabase(dir, env);
      assert.ok(database.ok && (mode.name === 'sqlite' ? /embedded workspace/ : /PostgreSQL 1\d/).test(database.value), JSON.stringify(database));
      const migrations = await checkMigrations(dir, env);
      assert.ok(migrations.ok && migrations.value.includes(`version ${SCHEMA_VERSION}, up to date`));
      const key = await checkAuditKey(dir, env);
      assert.ok(key.ok && /matches the log/.test(key.value), JSON.stringify(key));
      const otherPath = join(temp, `other-${n}.key`);
      const other = auditKeyStore(otherPath);
      assert.ok(other.ok);
      other.value.create({ entries: 0, head: '0'.repeat(64) });
      const wrong = await checkAuditKey(dir, { ...env, DAYLIGHT_AUDIT_KEY: otherPath });
      assert.ok(!wrong.ok && wrong.problem.code === 'audit.key-invalid');
      const missing = await checkAuditKey(dir, { ...env, DAYLIGHT_AUDIT_KEY: join(temp, 'nowhere.key') });
      assert.ok(!missing.ok && missing.problem.code === 'audit.key-missing');
    });
  });
}

describe('doctor: postgres problems', { skip: pg.skip }, () => {
  test('a schema newer than this Daylight is refused, and nothing is migrated by looking', async () => {
    const url = await pg.server!.freshDatabase();
    const dir = join(temp, `ws-${++n}`);
    const opened = await openWorkspace(dir, { databaseUrl: url });
    assert.ok(opened.ok);
    await opened.value.sql('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [SCHEMA_VERSION + 1, 'from the future', new Date().toISOString()]);
    await opened.value.close();
    const newer = await checkMigrations(dir, { DAYLIGHT_DATABASE_URL: url });
    assert.ok(!newer.ok && newer.problem.code === 'workspace.newer-schema');
    const fresh = await pg.server!.freshDatabase();
    for (let look = 0; look < 2; look++) {
      const untouched = await checkMigrations(dir, { DAYLIGHT_DATABASE_URL: fresh });
      assert.ok(untouched.ok && /not made yet/.test(untouched.value), 'looking made no schema');
    }
  });
});

test('an unreachable server and a malformed URL are named', async () => {
  const down = await checkDatabase(temp, { DAYLIGHT_DATABASE_URL: 'postgres://nobody@127.0.0.1:9/none' });
  assert.ok(!down.ok && down.problem.code === 'workspace.unreachable', JSON.stringify(down));
  const bad = await checkDatabase(temp, { DAYLIGHT_DATABASE_URL: 'mysql://x' });
  assert.ok(!bad.ok && bad.problem.code === 'config.invalid');
});

test('the command: every check on an embedded workspace passes (exit 0); --json is one object', async () => {
  const saved = process.env.DAYLIGHT_DATABASE_URL;
  delete process.env.DAYLIGHT_DATABASE_URL;
  try {
    const io = captureIo();
    assert.equal(await main(['doctor', '--workspace', join(temp, 'cmd')], io), 0, io.out + io.err);
    assert.match(io.out, /^ok {4}database: embedded workspace/m);
    assert.match(io.out, /^ok {4}blobs: folder/m);
    const json = captureIo();
    assert.equal(await main(['doctor', '--workspace', join(temp, 'cmd'), '--json'], json), 0);
    const report = JSON.parse(json.out);
    assert.equal(report.ok, true);
    assert.deepEqual(report.checks.map((c: { check: string }) => c.check), ['database', 'migrations', 'audit key', 'blobs', 'job queue']);
  } finally {
    if (saved !== undefined) process.env.DAYLIGHT_DATABASE_URL = saved;
  }
});

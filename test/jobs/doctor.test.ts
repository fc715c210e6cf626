/** `daylight doctor`'s queue and bucket checks: what they say when things are right, and when not. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { checkBlobStore, checkJobQueue } from '../../pipeline/jobs/doctor.ts';
import { startS3Server } from '../support/s3-server.ts';
import { testPostgres } from '../support/postgres.ts';
import { scaledFixture } from './support.ts';

const pg = await testPostgres();
const dir = mkdtempSync(join(tmpdir(), 'daylight-doctor-'));
after(async () => {
  await pg.server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('the bucket check: the file store, an S3 bucket, a missing bucket, an unreachable service', async () => {
  const file = await checkBlobStore(dir, {});
  assert.ok(file.ok && /^blobs: folder .*blobs \(a probe file/.test(file.value), JSON.stringify(file));
  const s3 = await startS3Server();
  try {
    const good = await checkBlobStore(dir, s3.env);
    assert.ok(good.ok && /S3 bucket daylight/.test(good.value), JSON.stringify(good));
    const missing = await checkBlobStore(dir, { ...s3.env, DAYLIGHT_S3_BUCKET: 'not-made' });
    assert.ok(!missing.ok && missing.problem.code === 'blobs.unavailable' && /not-made .*does not exist/.test(missing.problem.message));
    const down = await checkBlobStore(dir, { ...s3.env, DAYLIGHT_S3_ENDPOINT: 'http://127.0.0.1:9' });
    assert.ok(!down.ok && down.problem.code === 'blobs.unavailable');
    const bad = await checkBlobStore(dir, { ...s3.env, DAYLIGHT_S3_SSE: 'rot13' });
    assert.ok(!bad.ok && bad.problem.code === 'config.invalid');
  } finally {
    await s3.close();
  }
});

describe('the queue check', { skip: pg.skip }, () => {
  test('embedded, not installed, installed with counts, unreachable', async () => {
    const embedded = await checkJobQueue({});
    assert.ok(embedded.ok && /embedded mode/.test(embedded.value));
    const url = await pg.server!.freshDatabase();
    const before = await checkJobQueue({ DAYLIGHT_DATABASE_URL: url });
    assert.ok(before.ok && /not installed yet/.test(before.value), JSON.stringify(before));
    const fx = await scaledFixture(url);
    try {
      await fx.queue.send({ batchId: 'b', stage: 'extract', documentId: 'd' }, 'doctor-test');
      const installed = await checkJobQueue({ DAYLIGHT_DATABASE_URL: url });
      assert.ok(installed.ok && /1 waiting, 0 running/.test(installed.value) && /heartbeat 10 s/.test(installed.value), JSON.stringify(installed));
    } finally {
      await fx.close();
    }
    const down = await checkJobQueue({ DAYLIGHT_DATABASE_URL: 'postgres://postgres@127.0.0.1:9/none' });
    assert.ok(!down.ok && down.problem.code === 'jobs.unavailable');
  });
});

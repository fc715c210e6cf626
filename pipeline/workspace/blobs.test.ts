import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { blobPath, blobStoreFromEnv, fileBlobStore, s3BlobStore, s3SettingsFromEnv } from './blobs.ts';
import type { S3BlobSettings } from './blobs.ts';
import { runBlobContract } from './blobs.contract.ts';
import { startS3Server } from '../../test/support/s3-server.ts';
import type { TestS3Server } from '../../test/support/s3-server.ts';

const dirs: string[] = [];
const closers: (() => void)[] = [];
let server: TestS3Server;
before(async () => {
  server = await startS3Server();
});
after(async () => {
  closers.forEach((c) => c());
  await server.close();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function settingsFor(s: TestS3Server, extra: Partial<S3BlobSettings> = {}): S3BlobSettings {
  const parsed = s3SettingsFromEnv(s.env);
  assert.ok(parsed.ok && parsed.value);
  return { ...parsed.value, ...extra };
}

runBlobContract('file store', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'daylight-blobs-'));
  dirs.push(dir);
  const store = fileBlobStore(join(dir, 'blobs'));
  return { store, corrupt: async (sha, bytes) => writeFileSync(blobPath(store, sha), bytes) };
});

runBlobContract('S3 store', async () => {
  const settings = settingsFor(server, { prefix: `t${Math.random().toString(36).slice(2, 8)}/` });
  const store = s3BlobStore(settings);
  closers.push(() => store.close());
  const raw = new S3Client({ region: settings.region, endpoint: settings.endpoint, forcePathStyle: true, credentials: settings.credentials });
  closers.push(() => raw.destroy());
  const key = (sha: string) => `${settings.prefix}${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`;
  return { store, corrupt: async (sha, bytes) => void (await raw.send(new PutObjectCommand({ Bucket: settings.bucket, Key: key(sha), Body: bytes }))) };
});

test('S3: the server-side encryption settings go on every PUT', async () => {
  const settings = settingsFor(server, { serverSideEncryption: 'aws:kms', sseKmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/test' });
  const client = new S3Client({ region: settings.region, endpoint: settings.endpoint, forcePathStyle: true, credentials: settings.credentials });
  const sent: Record<string, string>[] = [];
  client.middlewareStack.add((next) => async (args) => {
    const request = args.request as { method?: string; headers?: Record<string, string> };
    if (request.method === 'PUT') sent.push({ ...request.headers });
    return next(args);
  }, { step: 'finalizeRequest', name: 'captureHeaders' });
  const store = s3BlobStore(settings, client);
  try {
    const put = await store.put(new TextEncoder().encode('encrypted at rest'));
    assert.ok(put.ok, !put.ok ? put.problem.message : '');
    assert.equal(sent.length, 1);
    assert.equal(sent[0]['x-amz-server-side-encryption'], 'aws:kms');
    assert.equal(sent[0]['x-amz-server-side-encryption-aws-kms-key-id'], 'arn:aws:kms:us-east-1:111122223333:key/test');
  } finally {
    store.close();
  }
});

test('S3: an unreachable service or a missing bucket is a problem that names it, not a crash', async () => {
  const down = s3BlobStore(settingsFor(server, { endpoint: 'http://127.0.0.1:9' }));
  const noBucket = s3BlobStore(settingsFor(server, { bucket: 'no-such-bucket' }));
  try {
    const put = await down.put(new TextEncoder().encode('nowhere to go'));
    assert.ok(!put.ok && put.problem.code === 'blobs.unavailable');
    assert.match(put.problem.message, /127\.0\.0\.1:9/);
    const checked = await down.check();
    assert.ok(!checked.ok && checked.problem.code === 'blobs.unavailable');
    const missing = await noBucket.check();
    assert.ok(!missing.ok && /no-such-bucket .*does not exist/.test(missing.problem.message), !missing.ok ? missing.problem.message : '');
  } finally {
    down.close();
    noBucket.close();
  }
});

test('configuration: S3 only with a bucket; each bad setting is named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'daylight-blobs-'));
  dirs.push(dir);
  const file = blobStoreFromEnv(dir, {});
  assert.ok(file.ok && file.value.kind === 'file');
  assert.match(file.value.describe(), /blobs$/);
  const s3 = blobStoreFromEnv(dir, { ...server.env, DAYLIGHT_S3_PREFIX: 'office', DAYLIGHT_S3_SSE: 'AES256' });
  assert.ok(s3.ok && s3.value.kind === 's3');
  assert.match(s3.value.describe(), /bucket daylight \(prefix office\/\)/);
  s3.value.close();
  const cases: [Record<string, string>, RegExp][] = [
    [{ DAYLIGHT_S3_ENDPOINT: 'http://x' }, /DAYLIGHT_S3_BUCKET is not/],
    [{ DAYLIGHT_S3_BUCKET: 'Bad_Bucket' }, /not a bucket name/],
    [{ DAYLIGHT_S3_BUCKET: 'b1b', DAYLIGHT_S3_ENDPOINT: 'ftp://x' }, /not an http\(s\) URL/],
    [{ DAYLIGHT_S3_BUCKET: 'b1b', DAYLIGHT_S3_SSE: 'rot13' }, /must be one of AES256/],
    [{ DAYLIGHT_S3_BUCKET: 'b1b', DAYLIGHT_S3_SSE_KMS_KEY_ID: 'k' }, /SSE is not aws:kms/],
    [{ DAYLIGHT_S3_BUCKET: 'b1b', DAYLIGHT_S3_ACCESS_KEY_ID: 'k' }, /both/],
    [{ DAYLIGHT_S3_BUCKET: 'b1b', DAYLIGHT_S3_FORCE_PATH_STYLE: 'maybe' }, /true or false/],
  ];
  for (const [env, message] of cases) {
    const r = blobStoreFromEnv(dir, env);
    assert.ok(!r.ok && r.problem.code === 'config.invalid', JSON.stringify(env));
    assert.match(r.problem.message, message);
  }
  // Credentials never appear in what the store says about itself.
  const secret = blobStoreFromEnv(dir, { ...server.env, DAYLIGHT_S3_SECRET_ACCESS_KEY: 'very-secret-value' });
  assert.ok(secret.ok && !secret.value.describe().includes('very-secret-value'));
  secret.value.close();
});

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { MIN_PART_SIZE, blobPath, blobStoreFromEnv, fileBlobStore, s3SettingsFromEnv, sha256Hex } from './blobs.ts';
import { s3BlobStore, s3Client } from './blobs-s3.ts';
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

/** A client for `settings` that records each request's method, query and headers. */
function watchedClient(settings: S3BlobSettings) {
  const client = s3Client(settings);
  const sent: { method: string; path: string; query: Record<string, unknown>; headers: Record<string, string> }[] = [];
  client.middlewareStack.add((next) => async (args) => {
    const request = args.request as { method: string; path: string; query?: Record<string, unknown>; headers: Record<string, string> };
    sent.push({ method: request.method, path: request.path, query: { ...request.query }, headers: { ...request.headers } });
    return next(args);
  }, { step: 'finalizeRequest', name: 'watchRequests' });
  return { client, sent };
}

test('S3: a blob larger than the part size goes up in parts and reads back whole', async () => {
  const settings = settingsFor(server, { prefix: 'multipart/', partSize: MIN_PART_SIZE });
  const { client, sent } = watchedClient(settings);
  const store = s3BlobStore(settings, client);
  try {
    const big = randomBytes(2 * MIN_PART_SIZE + 12345);
    const put = await store.put(big);
    assert.ok(put.ok, !put.ok ? put.problem.message : '');
    assert.equal(put.value, sha256Hex(big));
    const parts = sent.filter((r) => r.method === 'PUT' && r.query.partNumber !== undefined).map((r) => Number(r.query.partNumber));
    assert.deepEqual(parts.sort(), [1, 2, 3], 'three parts: two full, one short');
    assert.equal(sent.filter((r) => r.method === 'POST' && 'uploads' in r.query).length, 1, 'one multipart upload created');
    assert.equal(sent.filter((r) => r.method === 'POST' && r.query.uploadId !== undefined).length, 1, 'and completed');
    assert.equal(sent.filter((r) => r.method === 'PUT' && r.query.partNumber === undefined).length, 0, 'no single PUT of the whole');
    const back = await store.get(put.value);
    assert.ok(back.ok, !back.ok ? back.problem.message : '');
    assert.equal(sha256Hex(back.value), put.value);
    // At the part size itself: one PUT.
    sent.length = 0;
    const edge = await store.put(randomBytes(MIN_PART_SIZE));
    assert.ok(edge.ok);
    assert.deepEqual(sent.filter((r) => r.method !== 'HEAD').map((r) => `${r.method}${r.query.partNumber === undefined ? '' : ' part'}`), ['PUT']);
  } finally {
    store.close();
  }
});

test('S3: with SSE-C the key and its MD5 go on every PUT, part, GET and HEAD, and never into messages', async () => {
  const key = randomBytes(32).toString('base64');
  const parsed = s3SettingsFromEnv({ ...server.env, DAYLIGHT_S3_SSE_C_KEY: key, DAYLIGHT_S3_PART_SIZE_MB: '5', DAYLIGHT_S3_PREFIX: 'ssec' });
  assert.ok(parsed.ok && parsed.value);
  assert.equal(parsed.value.partSize, MIN_PART_SIZE);
  const { client, sent } = watchedClient(parsed.value);
  const store = s3BlobStore(parsed.value, client);
  try {
    const small = await store.put(new TextEncoder().encode('sealed with the office key'));
    const large = await store.put(randomBytes(MIN_PART_SIZE + 1));
    assert.ok(small.ok && large.ok);
    assert.ok((await store.get(small.value)).ok);
    assert.equal(await store.has(large.value), true);
    assert.ok((await store.check()).ok);
    const md5 = createHash('md5').update(Buffer.from(key, 'base64')).digest('base64');
    // Requests on an object (not the bucket's HEAD or version listing) that read or write its bytes.
    const touching = sent.filter((r) => ['PUT', 'GET', 'HEAD'].includes(r.method) && r.path.includes('/ssec/'));
    const kinds = new Set(touching.map((r) => `${r.method}${r.query.partNumber !== undefined ? ' part' : ''}`));
    for (const k of ['PUT', 'PUT part', 'GET', 'HEAD']) assert.ok(kinds.has(k), `${k} was sent (${[...kinds].join(', ')})`);
    for (const r of touching) {
      assert.equal(r.headers['x-amz-server-side-encryption-customer-algorithm'], 'AES256', `${r.method} ${JSON.stringify(r.query)}`);
      assert.equal(r.headers['x-amz-server-side-encryption-customer-key'], key);
      assert.equal(r.headers['x-amz-server-side-encryption-customer-key-md5'], md5);
      assert.equal(r.headers['x-amz-server-side-encryption'], undefined, 'not with SSE-S3 or SSE-KMS');
    }
    assert.ok(!store.describe().includes(key));
    const down = s3BlobStore({ ...parsed.value, endpoint: 'http://127.0.0.1:9' });
    const failed = await down.put(new TextEncoder().encode('x'));
    down.close();
    assert.ok(!failed.ok && !failed.problem.message.includes(key));
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
    [{ DAYLIGHT_S3_BUCKET: 'b1b', DAYLIGHT_S3_SSE_C_KEY: 'c2hvcnQ=' }, /256-bit key in base64/],
    [{ DAYLIGHT_S3_BUCKET: 'b1b', DAYLIGHT_S3_SSE_C_KEY: randomBytes(32).toString('base64'), DAYLIGHT_S3_SSE: 'AES256' }, /both set/],
    [{ DAYLIGHT_S3_BUCKET: 'b1b', DAYLIGHT_S3_PART_SIZE_MB: '4' }, /from 5/],
    [{ DAYLIGHT_S3_BUCKET: 'b1b', DAYLIGHT_S3_PART_SIZE_MB: 'big' }, /from 5/],
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

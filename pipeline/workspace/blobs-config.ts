/**
 * @module
 * Which blob store a workspace uses, from the environment: an S3 bucket when
 * `DAYLIGHT_S3_BUCKET` is set, else the folder `<workspace>/blobs`.
 *
 * | variable | meaning |
 * | --- | --- |
 * | `DAYLIGHT_S3_BUCKET` | the bucket (switches S3 on) |
 * | `DAYLIGHT_S3_PREFIX` | key prefix, e.g. `daylight/` (default none) |
 * | `DAYLIGHT_S3_ENDPOINT` | an S3-compatible service's URL (MinIO, Ceph); unset for AWS |
 * | `DAYLIGHT_S3_REGION` | default `AWS_REGION`, else `us-east-1` |
 * | `DAYLIGHT_S3_ACCESS_KEY_ID`, `DAYLIGHT_S3_SECRET_ACCESS_KEY` (`DAYLIGHT_S3_SESSION_TOKEN`) | both or neither; neither = the SDK's default chain |
 * | `DAYLIGHT_S3_FORCE_PATH_STYLE` | `true` for most self-hosted services |
 * | `DAYLIGHT_S3_SSE` | `AES256`, `aws:kms` or `aws:kms:dsse`, sent on every PUT |
 * | `DAYLIGHT_S3_SSE_KMS_KEY_ID` | the KMS key for `aws:kms` |
 * | `DAYLIGHT_S3_SSE_C_KEY` | SSE-C: a 256-bit key in base64 (`openssl rand -base64 32`), sent on every read and write; not with `_SSE` |
 * | `DAYLIGHT_S3_PART_SIZE_MB` | blobs above this go up in parts of this size (default 16, at least 5) |
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ServerSideEncryption } from '@aws-sdk/client-s3';
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';
import { fileBlobStore, nodeBlobFs } from './blobs-file.ts';
import type { BlobFs } from './blobs-file.ts';
import type { S3BlobSettings } from './blobs-s3.ts';
import type { BlobStore } from './blobs-store.ts';

const MIB = 1024 * 1024;
/** The default part size: 16 MiB (a 5 GB object in about 320 parts, well under S3's 10,000). */
export const DEFAULT_PART_SIZE = 16 * MIB;
/** S3 refuses smaller parts (except the last). */
export const MIN_PART_SIZE = 5 * MIB;

/**
 * The S3 store's module, loaded only when S3 is configured: the AWS SDK costs about
 * 0.35 CPU s to load, which every `daylight` process on a folder store paid at start.
 * Loaded with `require` (an ES module without top-level await loads that way) so that
 * choosing the store stays synchronous.
 */
function s3Module(): typeof import('./blobs-s3.ts') {
  return createRequire(import.meta.url)('./blobs-s3.ts') as typeof import('./blobs-s3.ts');
}
const SSE_VALUES = ['AES256', 'aws:kms', 'aws:kms:dsse'];
const BOOLEAN: Record<string, boolean> = { '1': true, true: true, yes: true, '0': false, false: false, no: false, '': false };

/** The S3 settings in `env`, undefined when S3 is not configured. */
export function s3SettingsFromEnv(env: NodeJS.ProcessEnv): Result<S3BlobSettings | undefined> {
  const get = (name: string) => env[`DAYLIGHT_S3_${name}`]?.trim() ?? '';
  const bucket = get('BUCKET');
  const others = Object.keys(env).filter((k) => k.startsWith('DAYLIGHT_S3_') && k !== 'DAYLIGHT_S3_BUCKET' && env[k]);
  if (!bucket) {
    if (others.length > 0) return fail('config.invalid', `${others.join(', ')} ${others.length === 1 ? 'is' : 'are'} set but DAYLIGHT_S3_BUCKET is not: set the bucket to store blobs in S3, or unset the others.`);
    return ok(undefined);
  }
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) return fail('config.invalid', `DAYLIGHT_S3_BUCKET=${JSON.stringify(bucket)} is not a bucket name (3-63 lower-case letters, digits, dots and hyphens).`);
  const endpoint = get('ENDPOINT');
  if (endpoint) {
    try {
      const url = new URL(endpoint);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
    } catch {
      return fail('config.invalid', `DAYLIGHT_S3_ENDPOINT=${JSON.stringify(endpoint)} is not an http(s) URL.`);
    }
  }
  const pathStyle = get('FORCE_PATH_STYLE').toLowerCase();
  if (!(pathStyle in BOOLEAN)) return fail('config.invalid', `DAYLIGHT_S3_FORCE_PATH_STYLE=${JSON.stringify(pathStyle)} must be true or false.`);
  const sse = get('SSE');
  if (sse && !SSE_VALUES.includes(sse)) return fail('config.invalid', `DAYLIGHT_S3_SSE=${JSON.stringify(sse)} must be one of ${SSE_VALUES.join(', ')}.`);
  const kmsKey = get('SSE_KMS_KEY_ID');
  if (kmsKey && !sse.startsWith('aws:kms')) return fail('config.invalid', 'DAYLIGHT_S3_SSE_KMS_KEY_ID is set but DAYLIGHT_S3_SSE is not aws:kms or aws:kms:dsse.');
  const customerKey = get('SSE_C_KEY');
  if (customerKey) {
    if (sse) return fail('config.invalid', 'DAYLIGHT_S3_SSE_C_KEY and DAYLIGHT_S3_SSE are both set: an object is encrypted either with your key (SSE-C) or by the service (SSE), not both. Unset one.');
    if (!/^[A-Za-z0-9+/]{43}=$/.test(customerKey) || Buffer.from(customerKey, 'base64').length !== 32) {
      return fail('config.invalid', 'DAYLIGHT_S3_SSE_C_KEY must be a 256-bit key in base64 (44 characters, e.g. from `openssl rand -base64 32`).');
    }
  }
  const partMb = get('PART_SIZE_MB');
  const partSize = partMb ? Number(partMb) * MIB : DEFAULT_PART_SIZE;
  if (!Number.isInteger(partSize) || partSize < MIN_PART_SIZE || partSize > 5120 * MIB) {
    return fail('config.invalid', `DAYLIGHT_S3_PART_SIZE_MB=${JSON.stringify(partMb)} must be a whole number of MiB from 5 (S3's smallest part) to 5120.`);
  }
  const accessKeyId = get('ACCESS_KEY_ID');
  const secretAccessKey = get('SECRET_ACCESS_KEY');
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) return fail('config.invalid', 'Set both DAYLIGHT_S3_ACCESS_KEY_ID and DAYLIGHT_S3_SECRET_ACCESS_KEY, or neither (then the AWS SDK finds credentials itself).');
  const sessionToken = get('SESSION_TOKEN');
  let prefix = get('PREFIX').replace(/^\/+/, '');
  if (prefix && !prefix.endsWith('/')) prefix += '/';
  return ok({
    bucket,
    prefix,
    ...(endpoint ? { endpoint } : {}),
    region: get('REGION') || env.AWS_REGION?.trim() || 'us-east-1',
    ...(accessKeyId ? { credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } } : {}),
    forcePathStyle: BOOLEAN[pathStyle],
    ...(sse ? { serverSideEncryption: sse as ServerSideEncryption } : {}),
    ...(kmsKey ? { sseKmsKeyId: kmsKey } : {}),
    ...(customerKey ? { sseCustomerKey: customerKey } : {}),
    partSize,
  });
}

/** The blob store of the workspace in `dir`: S3 when configured in `env`, else `<dir>/blobs`. */
export function blobStoreFromEnv(dir: string, env: NodeJS.ProcessEnv = process.env, options: { blobFs?: BlobFs } = {}): Result<BlobStore> {
  const s3 = s3SettingsFromEnv(env);
  if (!s3.ok) return s3;
  if (s3.value) return ok(s3Module().s3BlobStore(s3.value));
  try {
    return ok(fileBlobStore(join(dir, 'blobs'), options.blobFs ?? nodeBlobFs));
  } catch (error) {
    return fail('workspace.write-failed', `The blob folder ${join(dir, 'blobs')} could not be made: ${(error as Error).message}.`);
  }
}

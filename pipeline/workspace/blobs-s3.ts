/**
 * @module
 * The S3 blob store (the one adapter of `@aws-sdk/client-s3`): each blob is the
 * object `<prefix>ab/cd/<sha>` in one bucket, as in the file store. A PUT is
 * atomic (an object exists whole or not at all), so there are no temp files.
 * Server-side encryption settings go on every PUT as given; the service does
 * the encrypting.
 *
 * Secure disposal is deletion plus encryption: the object is deleted, every
 * older version of it too when the bucket keeps versions, and what the
 * service may still hold on its disks is encrypted under keys the office
 * controls (SSE-KMS) or the service's own (SSE-S3). An object-lock retention
 * that forbids deletion makes disposal fail loudly, never silently.
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { PutObjectCommandInput, ServerSideEncryption } from '@aws-sdk/client-s3';
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';
import { contentAddressed, sha256Hex } from './blobs-store.ts';
import type { BlobBackend, BlobStore } from './blobs-store.ts';

export interface S3BlobSettings {
  bucket: string;
  /** Key prefix, '' or ending in '/'. */
  prefix: string;
  /** An S3-compatible service (MinIO, Ceph, a test server); unset for AWS. */
  endpoint?: string;
  region: string;
  /** Unset: the SDK's default chain (environment, profile, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  forcePathStyle: boolean;
  /** Passed through on every PUT. */
  serverSideEncryption?: ServerSideEncryption;
  sseKmsKeyId?: string;
}

export interface S3BlobStore extends BlobStore {
  kind: 's3';
  settings: S3BlobSettings;
  /** The parameters every PUT carries besides bucket, key and body (tests read the SSE settings here). */
  putParameters(): Partial<PutObjectCommandInput>;
}

interface S3Error {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

function isNotFound(error: unknown): boolean {
  const e = error as S3Error;
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

function why(error: unknown): string {
  const e = error as S3Error;
  const status = e?.$metadata?.httpStatusCode;
  return `${e?.name ?? 'Error'}${status ? ` (HTTP ${status})` : ''}: ${e?.message ?? String(error)}`;
}

export function s3BlobStore(settings: S3BlobSettings, client?: S3Client): S3BlobStore {
  const s3 = client ?? new S3Client({
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    maxAttempts: 3,
  });
  const { bucket } = settings;
  const where = `S3 bucket ${bucket}${settings.prefix ? ` (prefix ${settings.prefix})` : ''}${settings.endpoint ? ` at ${settings.endpoint}` : ''}`;
  const key = (sha: string) => `${settings.prefix}${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`;
  const putParameters = (): Partial<PutObjectCommandInput> => ({
    ContentType: 'application/octet-stream',
    ...(settings.serverSideEncryption ? { ServerSideEncryption: settings.serverSideEncryption } : {}),
    ...(settings.sseKmsKeyId ? { SSEKMSKeyId: settings.sseKmsKeyId } : {}),
  });

  async function write(sha: string, bytes: Uint8Array): Promise<Result<void>> {
    try {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key(sha), Body: bytes, ContentLength: bytes.length, ...putParameters() }));
      return ok(undefined);
    } catch (error) {
      return fail('blobs.unavailable', `A ${bytes.length}-byte file could not be stored in ${where}: ${why(error)}.`);
    }
  }

  async function exists(sha: string): Promise<boolean> {
    try {
      await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key(sha) }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw new Error(`${where} could not be asked for ${sha}: ${why(error)}`);
    }
  }

  /** Deletes the object and, on a bucket that keeps versions, each of its versions. */
  async function remove(sha: string): Promise<number> {
    const k = key(sha);
    let size = 0;
    try {
      size = (await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: k }))).ContentLength ?? 0;
    } catch (error) {
      if (!isNotFound(error)) throw new Error(`${where} could not be asked for ${sha}: ${why(error)}`);
    }
    let versions: { VersionId?: string }[] = [];
    try {
      const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: k }));
      versions = [...(listed.Versions ?? []), ...(listed.DeleteMarkers ?? [])].filter((v) => (v as { Key?: string }).Key === k && v.VersionId && v.VersionId !== 'null');
    } catch {
      // A service without versioning support (or without the permission to list versions): plain deletion below.
    }
    if (size === 0 && versions.length === 0) return 0;
    try {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: k }));
      for (const v of versions) await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: k, VersionId: v.VersionId }));
    } catch (error) {
      throw new Error(`${sha} could not be deleted from ${where}: ${why(error)}`);
    }
    return size;
  }

  const backend: BlobBackend & { kind: 's3'; settings: S3BlobSettings; putParameters: typeof putParameters } = {
    kind: 's3',
    settings,
    putParameters,
    describe: () => where,
    write,
    async read(sha) {
      try {
        const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key(sha) }));
        return ok(await got.Body!.transformToByteArray());
      } catch (error) {
        if (isNotFound(error)) return fail('workspace.missing-blob', `Stored file ${sha} is not in ${where}.`);
        return fail('blobs.unavailable', `Stored file ${sha} could not be read from ${where}: ${why(error)}.`);
      }
    },
    exists,
    remove,
    async check() {
      try {
        await s3.send(new HeadBucketCommand({ Bucket: bucket }));
      } catch (error) {
        if (isNotFound(error)) return fail('blobs.unavailable', `${where} does not exist. Create the bucket, or fix DAYLIGHT_S3_BUCKET.`);
        return fail('blobs.unavailable', `${where} could not be reached: ${why(error)}.`);
      }
      const probe = new TextEncoder().encode(`daylight doctor ${process.pid} ${Date.now()} ${Math.random()}`);
      const sha = sha256Hex(probe);
      const written = await write(sha, probe);
      if (!written.ok) return written;
      try {
        await remove(sha);
      } catch (error) {
        return fail('blobs.unavailable', `${where} accepts writes but a probe file could not be deleted, so secure disposal would fail: ${(error as Error).message}.`);
      }
      return ok(undefined);
    },
    close: () => s3.destroy(),
  };
  return contentAddressed(backend);
}

/**
 * @module
 * The S3 blob store (the one adapter of `@aws-sdk/client-s3`): each blob is the
 * object `<prefix>ab/cd/<sha>` in one bucket, as in the file store. A PUT is
 * atomic (an object exists whole or not at all), so there are no temp files.
 * Server-side encryption settings go on every PUT as given; the service does
 * the encrypting. With a customer-provided key (SSE-C) the key goes on every
 * request that writes or reads an object's bytes (PUT, multipart parts, GET,
 * HEAD): the service encrypts with it and keeps only its MD5, so without the
 * key the stored bytes cannot be read back, by anyone.
 *
 * A blob larger than the part size is uploaded in parts (`@aws-sdk/lib-storage`'s
 * Upload: CreateMultipartUpload, UploadPart ×n, CompleteMultipartUpload; an
 * upload that fails is aborted so no parts linger), so objects may exceed the
 * 5 GB limit of one PUT and a large original does not go in one request.
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
import { Upload } from '@aws-sdk/lib-storage';
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
  /** SSE-C: a 256-bit key, base64; sent on every PUT, part, GET and HEAD (never with `serverSideEncryption`). */
  sseCustomerKey?: string;
  /** Blobs larger than this go up in parts of this size (bytes; S3's minimum part is 5 MiB). */
  partSize: number;
}


export interface S3BlobStore extends BlobStore {
  kind: 's3';
  settings: S3BlobSettings;
  /** The parameters every PUT carries besides bucket, key and body (tests read the SSE settings here). */
  putParameters(): Partial<PutObjectCommandInput>;
}

/** The S3 client for these settings (tests wrap it to watch the requests). */
export function s3Client(settings: S3BlobSettings): S3Client {
  return new S3Client({
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    maxAttempts: 3,
  });
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
  const s3 = client ?? s3Client(settings);
  const { bucket } = settings;
  const where = `S3 bucket ${bucket}${settings.prefix ? ` (prefix ${settings.prefix})` : ''}${settings.endpoint ? ` at ${settings.endpoint}` : ''}`;
  const key = (sha: string) => `${settings.prefix}${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`;
  /** SSE-C: the key (the SDK adds its MD5) on every request that touches an object's bytes. */
  const customerKey = settings.sseCustomerKey ? { SSECustomerAlgorithm: 'AES256', SSECustomerKey: settings.sseCustomerKey } : {};
  const putParameters = (): Partial<PutObjectCommandInput> => ({
    ContentType: 'application/octet-stream',
    ...(settings.serverSideEncryption ? { ServerSideEncryption: settings.serverSideEncryption } : {}),
    ...(settings.sseKmsKeyId ? { SSEKMSKeyId: settings.sseKmsKeyId } : {}),
    ...customerKey,
  });

  async function write(sha: string, bytes: Uint8Array): Promise<Result<void>> {
    try {
      const params = { Bucket: bucket, Key: key(sha), Body: bytes, ...putParameters() };
      if (bytes.length <= settings.partSize) await s3.send(new PutObjectCommand({ ...params, ContentLength: bytes.length }));
      else await new Upload({ client: s3, params, partSize: settings.partSize, queueSize: 4, leavePartsOnError: false }).done();
      return ok(undefined);
    } catch (error) {
      return fail('blobs.unavailable', `A ${bytes.length}-byte file could not be stored in ${where}: ${why(error)}${keyHint(error)}.`);
    }
  }

  /** A read refused with SSE-C on: most likely the object was stored under another key (or none). */
  const keyHint = (error: unknown) => {
    const status = (error as S3Error)?.$metadata?.httpStatusCode;
    return settings.sseCustomerKey && (status === 400 || status === 403) ? ' (is DAYLIGHT_S3_SSE_C_KEY the key the objects were stored with?)' : '';
  };

  async function exists(sha: string): Promise<boolean> {
    try {
      await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key(sha), ...customerKey }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw new Error(`${where} could not be asked for ${sha}: ${why(error)}${keyHint(error)}`);
    }
  }

  /** Deletes the object and, on a bucket that keeps versions, each of its versions. */
  async function remove(sha: string): Promise<number> {
    const k = key(sha);
    let size = 0;
    try {
      size = (await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: k, ...customerKey }))).ContentLength ?? 0;
    } catch (error) {
      if (!isNotFound(error)) throw new Error(`${where} could not be asked for ${sha}: ${why(error)}${keyHint(error)}`);
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

  async function read(sha: string): Promise<Result<Uint8Array>> {
    try {
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key(sha), ...customerKey }));
      return ok(await got.Body!.transformToByteArray());
    } catch (error) {
      if (isNotFound(error)) return fail('workspace.missing-blob', `Stored file ${sha} is not in ${where}.`);
      return fail('blobs.unavailable', `Stored file ${sha} could not be read from ${where}: ${why(error)}${keyHint(error)}.`);
    }
  }

  const backend: BlobBackend & { kind: 's3'; settings: S3BlobSettings; putParameters: typeof putParameters } = {
    kind: 's3',
    settings,
    putParameters,
    describe: () => where,
    write,
    read,
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
      // Read back: with SSE-C this proves the key opens what it sealed.
      const back = await read(sha);
      if (!back.ok) return back;
      if (sha256Hex(back.value) !== sha) return fail('blobs.unavailable', `${where} returned other bytes than the probe file written to it.`);
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

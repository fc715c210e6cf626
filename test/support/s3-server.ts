/**
 * @module
 * An S3 server on loopback for tests and for trying the scaled mode on one
 * machine: s3rver (npm, MIT; files under a folder), started in-process. It
 * speaks enough of S3 for the blob store (PUT, GET, HEAD, DELETE, HEAD bucket)
 * and ignores server-side encryption headers, so tests check that Daylight
 * sends them, not that the server encrypts.
 *
 * As a command: `node test/support/s3-server.ts [--port 9000] [--dir DIR] [--bucket daylight]`
 * prints the DAYLIGHT_S3_* settings to export and runs until Ctrl-C.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import S3rver from 's3rver';

export interface TestS3Server {
  endpoint: string;
  bucket: string;
  /** The environment that points Daylight's blob store at this server. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** s3rver accepts these credentials and no others. */
const KEY = 'S3RVER';

export async function startS3Server(options: { port?: number; dir?: string; bucket?: string } = {}): Promise<TestS3Server> {
  const own = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'daylight-s3-'));
  const bucket = options.bucket ?? 'daylight';
  const server = new S3rver({ address: '127.0.0.1', port: options.port ?? 0, directory: dir, silent: true, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    env: {
      DAYLIGHT_S3_BUCKET: bucket,
      DAYLIGHT_S3_ENDPOINT: endpoint,
      DAYLIGHT_S3_REGION: 'us-east-1',
      DAYLIGHT_S3_ACCESS_KEY_ID: KEY,
      DAYLIGHT_S3_SECRET_ACCESS_KEY: KEY,
      DAYLIGHT_S3_FORCE_PATH_STYLE: 'true',
    },
    async close() {
      await server.close();
      if (own) rmSync(dir, { recursive: true, force: true });
    },
  };
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '9000' }, dir: { type: 'string' }, bucket: { type: 'string', default: 'daylight' } } });
  const server = await startS3Server({ port: Number(values.port), dir: values.dir, bucket: values.bucket });
  process.stdout.write(`S3 server (s3rver) on ${server.endpoint}, bucket ${server.bucket}${values.dir ? `, files in ${values.dir}` : ' (files removed on exit)'}. Export:\n`);
  for (const [k, v] of Object.entries(server.env)) process.stdout.write(`export ${k}=${v}\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

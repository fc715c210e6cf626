/**
 * @module
 * `daylight doctor`'s checks of the job queue and the blob store: each says
 * what it found, or what is wrong and what to do. The queue check only reads
 * (it never installs pg-boss's schema).
 */
import pg from 'pg';
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';
import { blobStoreFromEnv } from '../workspace/blobs.ts';
import { DEAD_QUEUE, STAGE_QUEUE, queueSettingsFromEnv } from './queue.ts';

/** The job queue on DAYLIGHT_DATABASE_URL: installed, its queues' settings, jobs by state. */
export async function checkJobQueue(env: NodeJS.ProcessEnv = process.env): Promise<Result<string>> {
  const url = env.DAYLIGHT_DATABASE_URL?.trim();
  if (!url) return ok('embedded mode: no job queue (`daylight batch` does the work itself; set DAYLIGHT_DATABASE_URL for workers)');
  const settings = queueSettingsFromEnv(env);
  if (!settings.ok) return settings;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    const installed = await client.query("SELECT to_regclass('pgboss.job') IS NOT NULL AS yes");
    if (!installed.rows[0].yes) return ok('job queue not installed yet: the first `daylight batch` or `daylight worker` on this database installs it');
    const queues = await client.query('SELECT name, heartbeat_seconds, retry_limit, dead_letter FROM pgboss.queue WHERE name = ANY($1)', [[STAGE_QUEUE, DEAD_QUEUE]]);
    const stage = queues.rows.find((q) => q.name === STAGE_QUEUE);
    if (!stage) return ok('job queue installed, no Daylight queue yet: the first `daylight batch` or `daylight worker` makes it');
    if (stage.heartbeat_seconds === null) return fail('jobs.unavailable', `The queue ${STAGE_QUEUE} has no heartbeat, so a killed worker's jobs would wait out their expiry. Start any \`daylight worker\` once: it sets the heartbeat (${settings.value.heartbeatSeconds} s).`);
    if (stage.dead_letter !== DEAD_QUEUE) return fail('jobs.unavailable', `The queue ${STAGE_QUEUE} has no dead-letter queue. Start any \`daylight worker\` once: it sets ${DEAD_QUEUE}.`);
    const counts = await client.query('SELECT name, state, COUNT(*)::int AS n FROM pgboss.job WHERE name = ANY($1) GROUP BY name, state', [[STAGE_QUEUE, DEAD_QUEUE]]);
    const of = (name: string, state: string) => counts.rows.find((r) => r.name === name && r.state === state)?.n ?? 0;
    const waiting = of(STAGE_QUEUE, 'created') + of(STAGE_QUEUE, 'retry');
    const dead = of(DEAD_QUEUE, 'created') + of(DEAD_QUEUE, 'retry') + of(DEAD_QUEUE, 'active');
    return ok(`job queue: ${waiting} waiting, ${of(STAGE_QUEUE, 'active')} running, ${of(STAGE_QUEUE, 'completed')} done, ${of(STAGE_QUEUE, 'failed')} given up; ${dead} dead letters for a worker to settle; heartbeat ${stage.heartbeat_seconds} s, ${stage.retry_limit} retries`);
  } catch (error) {
    return fail('jobs.unavailable', `The job queue's database could not be read: ${(error as Error).message}.`);
  } finally {
    await client.end().catch(() => {});
  }
}

/** The blob store this machine would use: reachable, and a probe blob written and disposed of. */
export async function checkBlobStore(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<Result<string>> {
  const store = blobStoreFromEnv(dir, env);
  if (!store.ok) return store;
  try {
    const checked = await store.value.check();
    if (!checked.ok) return checked;
    return ok(`blobs: ${store.value.describe()} (a probe file was written, read back and disposed of)`);
  } finally {
    store.value.close();
  }
}

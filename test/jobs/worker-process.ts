/**
 * @module
 * A worker process for the crash tests: `runWorker` with the fake stages of
 * `fake-stages.ts`, configured from the environment (the database URL, the
 * workspace folder, the knobs), logging to stderr. Killed with -9 by the
 * tests, or stopped with SIGTERM.
 */
import { openWorkspace } from '../../pipeline/workspace/store/index.ts';
import { ensureJobTables } from '../../pipeline/jobs/batches.ts';
import { openJobQueue } from '../../pipeline/jobs/queue.ts';
import { runWorker } from '../../pipeline/jobs/worker.ts';
import { jobStages } from './fake-stages.ts';
import { FAST_QUEUE } from './support.ts';

const env = process.env;
const url = env.JOBS_TEST_URL!;
const opened = await openWorkspace(env.JOBS_TEST_WS!, { databaseUrl: url });
if (!opened.ok) throw new Error(opened.problem.message);
const queue = await openJobQueue(url, { ...FAST_QUEUE, ...(env.JOBS_TEST_RETRY_LIMIT ? { retryLimit: Number(env.JOBS_TEST_RETRY_LIMIT) } : {}) });
if (!queue.ok) throw new Error(queue.problem.message);
await ensureJobTables(opened.value);
const stop = new AbortController();
process.on('SIGTERM', () => stop.abort());
const summary = await runWorker({
  ws: opened.value,
  queue: queue.value,
  stages: jobStages({ extractMs: Number(env.JOBS_TEST_EXTRACT_MS ?? 0), hangInApply: env.JOBS_TEST_HANG_IN_APPLY, hangAfter: Number(env.JOBS_TEST_HANG_AFTER ?? 0), eventsFile: env.JOBS_TEST_EVENTS, dieOn: env.JOBS_TEST_DIE_ON }),
  limits: { pageTimeoutMs: 600_000, maxPages: 1000 },
  actor: `worker-${process.pid}`,
  signal: stop.signal,
  log: (line) => process.stderr.write(`[${process.pid}] ${line}\n`),
  pollMs: 200,
});
process.stdout.write(`${JSON.stringify(summary)}\n`);
await queue.value.stop();
await opened.value.close();

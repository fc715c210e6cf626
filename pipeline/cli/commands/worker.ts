/**
 * @module
 * `daylight worker`: one process of the scaled mode. It takes (document,
 * stage) jobs from the PostgreSQL job queue and runs them until stopped
 * (SIGTERM: jobs in hand finish first, a second SIGTERM leaves at once;
 * Ctrl-C leaves at once). Jobs a worker leaves unfinished go to another
 * worker after their heartbeat lapses.
 */
import { resolve } from 'node:path';
import { ExitCode, intOption, stringOption } from '../command.ts';
import type { Command } from '../command.ts';
import { workspaceOption } from '../workspace-option.ts';
import { formatProblem } from '../../problems.ts';
import { createOcrEngine } from '../../ocr/engine.ts';
import { DEFAULT_PAGE_TIMEOUT_MS } from '../../batch/run-batch.ts';
import { batchActor } from '../../batch/keys.ts';
import { stages } from '../../batch/stages.ts';
import { defaultMaxPages } from '../../extract/limits.ts';
import { DEFAULT_WORKER_MEMORY_MB } from '../../threads/task-pool.ts';
import { DEFAULT_WORKSPACE_DIR, openWorkspace } from '../../workspace/store/index.ts';
import { ensureJobTables } from '../../jobs/batches.ts';
import { openJobQueue, queueSettingsFromEnv } from '../../jobs/queue.ts';
import { runWorker } from '../../jobs/worker.ts';

export const worker: Command = {
  name: 'worker',
  summary: 'Take batch jobs from the shared PostgreSQL queue and run them (scaled mode; run one or more per machine).',
  usage: '[--workspace DIR] [--concurrency N] [--exit-when-idle S] [--json] [--quiet]',
  options: {
    workspace: { ...workspaceOption, help: 'Local folder: the audit key (unless DAYLIGHT_AUDIT_KEY says) and file blobs when no S3 bucket is set.' },
    concurrency: { type: 'string', value: 'N', help: 'Jobs this process runs at once (default 1; start more workers to use more cores or machines).' },
    'exit-when-idle': { type: 'string', value: 'S', help: 'Stop after the queue has been empty this many seconds (default: run until stopped).' },
    'worker-memory': { type: 'string', value: 'MB', help: `Heap each worker thread may use (default: ${DEFAULT_WORKER_MEMORY_MB}).` },
    'max-pages': { type: 'string', value: 'N', help: `Documents with more pages fail with input.too-many-pages (default: ${defaultMaxPages}).` },
    'page-timeout': { type: 'string', value: 'S', help: `Seconds one page may take to read, and to OCR (default: ${DEFAULT_PAGE_TIMEOUT_MS / 1000}).` },
    json: { type: 'boolean', help: 'Print what this worker did as one JSON object on stdout when it stops.' },
    quiet: { type: 'boolean', short: 'q', help: 'No progress lines on stderr.' },
  },
  positionals: { min: 0, max: 0, name: '' },
  details: `
Needs DAYLIGHT_DATABASE_URL=postgres://… (the same database as \`daylight batch\`)
and, for several machines, a shared blob store: DAYLIGHT_S3_BUCKET and the other
DAYLIGHT_S3_* settings (see the README). Every worker needs a copy of the audit
key (DAYLIGHT_AUDIT_KEY or audit.key in --workspace).
A job whose worker is killed is taken up by another worker within the heartbeat
(DAYLIGHT_JOB_HEARTBEAT_SECONDS, default 10) plus about 10 s; every stage moves a
document once, whatever the deliveries. Exit 0 when stopped cleanly, 2 when not
configured, 1 when the database could not be reached.`,
  async run({ values, io }) {
    if (!process.env.DAYLIGHT_DATABASE_URL?.trim()) {
      io.stderr('daylight worker: needs DAYLIGHT_DATABASE_URL (postgres://user@host/db): workers share the batch through PostgreSQL. The embedded mode needs no worker: `daylight batch DIR` does the work itself.\n');
      return ExitCode.usage;
    }
    const settings = queueSettingsFromEnv();
    if (!settings.ok) {
      io.stderr(`daylight worker: ${formatProblem(settings.problem)}\n`);
      return ExitCode.usage;
    }
    const concurrency = intOption(values, 'concurrency', 1, { min: 1, max: 64 });
    const pageTimeoutMs = intOption(values, 'page-timeout', DEFAULT_PAGE_TIMEOUT_MS / 1000, { min: 1, max: 86_400 }) * 1000;
    const idle = values['exit-when-idle'] === undefined ? undefined : intOption(values, 'exit-when-idle', 0, { min: 0, max: 86_400 }) * 1000;
    const dir = resolve(io.cwd, stringOption(values, 'workspace') ?? DEFAULT_WORKSPACE_DIR);
    // Workers may start before the first `daylight batch` made the workspace: they wait for it
    // (a worker never makes one, so the audit key comes from the batch's machine).
    let opened = await openWorkspace(dir, { mustExist: true });
    for (let waited = false; !opened.ok && opened.problem.code === 'workspace.invalid'; opened = await openWorkspace(dir, { mustExist: true })) {
      if (!waited && values.quiet !== true) io.stderr(`daylight worker: no workspace in the database yet; waiting for the first \`daylight batch\` (${formatProblem(opened.problem).split('\n')[0]})\n`);
      waited = true;
      await new Promise((r) => setTimeout(r, 2000));
    }
    if (!opened.ok) {
      io.stderr(`daylight worker: ${formatProblem(opened.problem)}\n`);
      return opened.problem.code === 'config.invalid' ? ExitCode.usage : ExitCode.failed;
    }
    const ws = opened.value;
    const queue = await openJobQueue(process.env.DAYLIGHT_DATABASE_URL, settings.value);
    if (!queue.ok) {
      io.stderr(`daylight worker: ${formatProblem(queue.problem)}\n`);
      await ws.close();
      return ExitCode.failed;
    }
    await ensureJobTables(ws);
    const stop = new AbortController();
    let signals = 0;
    const onSignal = () => {
      signals++;
      if (signals === 1) {
        io.stderr('daylight worker: stopping after the jobs in hand (SIGTERM again or Ctrl-C to leave now)\n');
        stop.abort();
      } else process.exit(ExitCode.interrupted);
    };
    process.on('SIGTERM', onSignal);
    const quiet = values.quiet === true;
    const started = performance.now();
    try {
      if (!quiet) io.stderr(`daylight worker ${process.pid}: loading the OCR engine and the extraction libraries…\n`);
      const summary = await runWorker({
        ws,
        queue: queue.value,
        stages,
        concurrency,
        createOcr: (workers) => createOcrEngine({ workers, pageTimeoutMs }),
        limits: { pageTimeoutMs, maxPages: intOption(values, 'max-pages', defaultMaxPages, { min: 1, max: 1_000_000 }) },
        workerMemoryMb: intOption(values, 'worker-memory', DEFAULT_WORKER_MEMORY_MB, { min: 64, max: 65_536 }),
        actor: batchActor(),
        signal: stop.signal,
        log: (line) => quiet || io.stderr(`[worker ${process.pid}] ${line}\n`),
        exitWhenIdleMs: idle,
        warm: true,
        onReady: () => quiet || io.stderr(`daylight worker ${process.pid}: taking jobs from ${ws.location}, blobs in ${ws.blobs.describe()}\n`),
      });
      const seconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage();
      if (values.json) io.stdout(`${JSON.stringify({ pid: process.pid, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, ...summary })}\n`);
      else io.stdout(`Worker ${process.pid}: ${summary.jobs} jobs, ${summary.moved} stage moves, ${summary.failedDocuments} documents failed, ${summary.retried} retried, ${summary.duplicates} repeat deliveries, in ${seconds.toFixed(1)} s.\n`);
      return ExitCode.ok;
    } finally {
      process.off('SIGTERM', onSignal);
      await queue.value.stop().catch(() => {});
      await ws.close();
    }
  },
};

/**
 * @module
 * `daylight batch <folder>`: takes every document of a folder through extract →
 * detect → redact → verify on a workspace and queues it for review. Progress on
 * stderr; the summary (or `--json`) on stdout. Running it again resumes.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { ExitCode, intOption, stringOption } from '../command.ts';
import { openWorkspaceOption, workspaceOption } from '../workspace-option.ts';
import type { Command } from '../command.ts';
import { formatProblem } from '../../problems.ts';
import { startOcrEngine } from '../ocr-engine.ts';
import { DEFAULT_PAGE_TIMEOUT_MS, runBatch } from '../../batch/run-batch.ts';
import { defaultMaxPages } from '../../extract/limits.ts';
import { MAX_CRASHES } from '../../batch/attempts.ts';
import { DEFAULT_WORKER_MEMORY_MB } from '../../threads/task-pool.ts';
import { stages } from '../../batch/stages.ts';
import { supervisedOptions } from '../../batch/supervisor.ts';
import { progressReporter } from '../../batch/progress.ts';
import { formatSummary, summarize } from '../../batch/summary.ts';
import { defaultPolicy, loadPolicy } from '../../../redaction/policy/load-policy.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import type { StageRunnerArgs } from '../../jobs/scaled-batch.ts';
import { activeUser } from '../../workspace/store/index.ts';

export const batch: Command = {
  name: 'batch',
  summary: 'Run a folder of documents through extraction, detection, redaction and verification, and queue them for review.',
  usage: '<folder> [--workspace DIR] [--as USER] [--policy FILE] [--name TEXT] [--concurrency N] [--json] [--quiet]',
  options: {
    workspace: workspaceOption,
    policy: { type: 'string', value: 'FILE', help: 'Redaction policy (YAML or JSON); the built-in US FOIA policy if absent.' },
    name: { type: 'string', value: 'TEXT', help: "Batch name (default: the folder's name)." },
    as: { type: 'string', value: 'USER', help: 'The review-app account running the batch (see `daylight users`); the two-person rule keeps it from approving these documents. Default: the operating-system user.' },
    concurrency: { type: 'string', value: 'N', help: 'How many documents run at once, each with its own OCR worker and rebuild-and-verify thread (default: the number of cores).' },
    'worker-memory': { type: 'string', value: 'MB', help: `Heap each worker thread may use; a document needing more fails alone with resource.memory (default: ${DEFAULT_WORKER_MEMORY_MB}).` },
    'max-pages': { type: 'string', value: 'N', help: `Documents with more pages fail with input.too-many-pages (default: ${defaultMaxPages}).` },
    'page-timeout': { type: 'string', value: 'S', help: `Seconds one page may take to read, and to OCR, before its document fails (default: ${DEFAULT_PAGE_TIMEOUT_MS / 1000}).` },
    'max-crashes': { type: 'string', value: 'N', help: `A document on which a stage crashed a worker or the whole process this many times is failed with input.crashed instead of being run again (default: ${MAX_CRASHES}).` },
    json: { type: 'boolean', help: 'Print the summary as one JSON object on stdout.' },
    quiet: { type: 'boolean', short: 'q', help: 'No progress on stderr.' },
  },
  positionals: { min: 1, max: 1, name: 'folder' },
  details: `
The same folder, name and policy make the same batch: run the command again after
an interruption (Ctrl-C, kill, power cut) and it resumes, skipping finished stages.
Failed documents are retried; files with the same bytes are processed once.
Each document is isolated: a library error, a dead or out-of-memory worker
thread fails that document alone with a code. The batch runs in a child process:
if that process crashes, it is restarted at once and the documents it was working
on run again alone; one that crashes twice is failed with input.crashed. Stopping
the batch (Ctrl-C, kill) is no crash: the next run resumes every document.
Exit 0 when every document is ready for review, 1 when some failed (each listed),
70 when Daylight itself crashed (run it again to resume).`,
  async run({ values, positionals, io }) {
    const pageTimeoutMs = intOption(values, 'page-timeout', DEFAULT_PAGE_TIMEOUT_MS / 1000, { min: 1, max: 86_400 }) * 1000;
    const concurrency = intOption(values, 'concurrency', availableParallelism(), { min: 1, max: 64 });
    const policyPath = stringOption(values, 'policy');
    const policy = policyPath ? loadPolicy(resolve(io.cwd, policyPath)) : { ok: true as const, value: defaultPolicy() };
    if (!policy.ok) {
      io.stderr(`daylight batch: ${formatProblem(policy.problem)}\n`);
      return ExitCode.usage;
    }
    const ws = await openWorkspaceOption('batch', values, io, {});
    if (typeof ws === 'number') return ws;
    const as = stringOption(values, 'as');
    const runner = as === undefined ? undefined : await activeUser(ws, as);
    if (runner && !runner.ok) {
      io.stderr(`daylight batch: --as: ${formatProblem(runner.problem)}\n`);
      await ws.close();
      return ExitCode.usage;
    }
    // The scaled mode: `daylight worker` processes run the stages; this command queues and waits.
    let queue: JobQueue | undefined;
    let runStages: ((args: StageRunnerArgs) => Promise<void>) | undefined;
    if (ws.kind === 'postgres') {
      // pg-boss and the job modules load only here: the embedded batch never pays for them.
      const { openJobQueue, queueSettingsFromEnv } = await import('../../jobs/queue.ts');
      const settings = queueSettingsFromEnv();
      const opened = settings.ok ? await openJobQueue(process.env.DAYLIGHT_DATABASE_URL!, settings.value) : settings;
      if (!opened.ok) {
        io.stderr(`daylight batch: ${formatProblem(opened.problem)}\n`);
        await ws.close();
        return opened.problem.code === 'config.invalid' ? ExitCode.usage : ExitCode.failed;
      }
      queue = opened.value;
      runStages = (await import('../../jobs/scaled-batch.ts')).runStagesOnWorkers(queue);
      if (values.quiet !== true) io.stderr(`daylight batch: scaled mode (${ws.location}): the stages run on \`daylight worker\` processes; waiting for them.\n`);
    }
    const quiet = values.quiet === true;
    const progress = progressReporter({ write: io.stderr, isTTY: io.stderrIsTTY, columns: io.stderrIsTTY ? process.stderr.columns : undefined });
    try {
      const run = await runBatch({
        folder: resolve(io.cwd, positionals[0]),
        workspace: ws,
        policy: policy.value,
        name: stringOption(values, 'name'),
        actor: runner?.value.name,
        concurrency,
        workerMemoryMb: intOption(values, 'worker-memory', DEFAULT_WORKER_MEMORY_MB, { min: 64, max: 65_536 }),
        pageTimeoutMs,
        maxPages: intOption(values, 'max-pages', defaultMaxPages, { min: 1, max: 1_000_000 }),
        maxCrashes: intOption(values, 'max-crashes', MAX_CRASHES, { min: 1, max: 100 }),
        stages,
        createOcr: (workers) => startOcrEngine({ workers, pageTimeoutMs }),
        ...supervisedOptions(),
        onProgress: quiet ? undefined : (p) => progress.update(p),
        ...(runStages ? { runStages } : {}),
      });
      if (!quiet) progress.end();
      if (!run.ok) {
        io.stderr(`daylight batch: ${formatProblem(run.problem)}\n`);
        return run.problem.code === 'usage.invalid' ? ExitCode.usage : ExitCode.failed;
      }
      const summary = await summarize(ws, run.value);
      io.stdout(values.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary));
      return summary.documents.failed > 0 ? ExitCode.failed : ExitCode.ok;
    } finally {
      await queue?.stop().catch(() => {});
      await ws.close();
    }
  },
};

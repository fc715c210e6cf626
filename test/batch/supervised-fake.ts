/**
 * @module
 * A batch of fake stages (fake-stages.ts) under the real supervisor, as
 * bin/daylight.mjs runs `daylight batch`: run without arguments' environment it
 * supervises a copy of itself, which runs the batch. Text starting with "SEGV"
 * kills the batch process with a segmentation fault inside extract (as a native
 * library would); "SLOW" takes two seconds there (DAYLIGHT_FAKE_SLOW_MS), so a
 * test can kill the batch mid-document.
 *
 *   node test/batch/supervised-fake.ts FOLDER WORKSPACE
 */
import { fileURLToPath } from 'node:url';
import { runBatch } from '../../pipeline/batch/run-batch.ts';
import { runsBatchHere, stopWithSupervisor, superviseBatch, supervisedOptions } from '../../pipeline/batch/supervisor.ts';
import { installStrayErrorHandlers } from '../../pipeline/threads/stray-errors.ts';
import { openWorkspace } from '../../pipeline/workspace/store/index.ts';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';
import { misbehavingStages } from './fake-stages.ts';

const args = process.argv.slice(2);
if (!runsBatchHere()) {
  process.exitCode = await superviseBatch(fileURLToPath(import.meta.url), args);
} else {
  installStrayErrorHandlers();
  stopWithSupervisor();
  const [folder, workspace] = args;
  const opened = await openWorkspace(workspace, { databaseUrl: '' });
  if (!opened.ok) throw new Error(opened.problem.message);
  const { stages } = misbehavingStages(async (text) => {
    if (text.startsWith('SEGV')) process.kill(process.pid, 'SIGSEGV');
    if (text.startsWith('SLOW')) await new Promise((resolve) => setTimeout(resolve, Number(process.env.DAYLIGHT_FAKE_SLOW_MS ?? 2000)));
  });
  const run = await runBatch({ folder, workspace: opened.value, policy: defaultPolicy(), concurrency: 2, stages, actor: 'tester', ...supervisedOptions() });
  await opened.value.close();
  process.exitCode = run.ok ? 0 : 2;
}

/**
 * @module
 * `daylight purge --released-before DATE`: secure disposal of the originals and
 * intermediate files of documents published before DATE, keeping the released
 * outputs, logs and audit trail. `--dry-run` lists what would go.
 */
import { ExitCode, UsageError, stringOption } from '../command.ts';
import { openWorkspaceOption } from '../workspace-option.ts';
import type { Command } from '../command.ts';
import { formatProblem } from '../../problems.ts';
import { acquireWorkspaceLock, executePurge, planPurge } from '../../workspace/store/index.ts';
import { batchActor } from '../../batch/keys.ts';

export const purge: Command = {
  name: 'purge',
  summary: 'Securely dispose of originals and intermediate files of documents released before a date.',
  usage: '--workspace DIR --released-before DATE [--dry-run] [--json]',
  options: {
    workspace: { type: 'string', value: 'DIR', help: 'Workspace folder (required, so nothing is purged by accident).' },
    'released-before': { type: 'string', value: 'DATE', help: 'Purge documents published before this date (YYYY-MM-DD or an ISO time).' },
    'dry-run': { type: 'boolean', help: 'List what would be disposed of; change nothing.' },
    json: { type: 'boolean', help: 'Print one JSON object on stdout.' },
  },
  positionals: { min: 0, max: 0, name: 'arguments' },
  details: `
Kept: the approved redacted PDFs, their verification reports, redaction rows, approvals
and the audit log. Disposed of: originals, extracted text, page renders and the batch's
intermediate files; files are overwritten with zeros before deletion, and every removal
is written to the audit log. On SSDs and copy-on-write file systems old blocks may
survive overwriting: keep the workspace on an encrypted volume.`,
  async run({ values, io }) {
    if (!stringOption(values, 'workspace')) throw new UsageError('--workspace is required.');
    const raw = stringOption(values, 'released-before');
    if (!raw) throw new UsageError('--released-before is required.');
    const before = /^\d{4}-\d{2}-\d{2}/.test(raw) ? new Date(raw) : new Date(Number.NaN);
    if (Number.isNaN(before.getTime())) throw new UsageError(`--released-before must be a date like 2026-01-31 (got "${raw}").`);
    const ws = await openWorkspaceOption('purge', values, io);
    if (typeof ws === 'number') return ws;
    const actor = batchActor();
    const lock = await acquireWorkspaceLock(ws, { purpose: 'purge', actor });
    if (!lock.ok) {
      io.stderr(`daylight purge: ${formatProblem(lock.problem)}\n`);
      await ws.close();
      return ExitCode.failed;
    }
    try {
      const plan = await planPurge(ws, before);
      const dryRun = values['dry-run'] === true;
      const items = dryRun ? plan.items : await executePurge(ws, plan, actor);
      const result = { dryRun, releasedBefore: before.toISOString(), documents: plan.documents.map((d) => d.path), disposed: items.map((i) => ({ path: i.path, kind: i.kind, blob: i.blob, bytes: i.bytes })), sharedKept: plan.sharedKept };
      if (values.json) io.stdout(`${JSON.stringify(result)}\n`);
      else {
        const verb = dryRun ? 'Would dispose of' : 'Disposed of';
        io.stdout(`${verb} ${items.length} files of ${plan.documents.length} documents released before ${raw}${dryRun ? '' : ` (${items.reduce((n, i) => n + i.bytes, 0)} bytes)`}.\n`);
        for (const i of items) io.stdout(`  ${i.kind.padEnd(12)} ${i.path} ${i.blob.slice(0, 12)}\n`);
        if (plan.sharedKept > 0) io.stdout(`Kept ${plan.sharedKept} files still used by documents not yet released.\n`);
      }
      return ExitCode.ok;
    } finally {
      await lock.value.release();
      await ws.close();
    }
  },
};

/**
 * @module
 * `daylight audit verify`: walks the workspace's hash-chained audit log and
 * reports the first changed, inserted or deleted entry. Prints the head hash,
 * which an office can record elsewhere to anchor the log.
 */
import { ExitCode, UsageError } from '../command.ts';
import { openWorkspaceOption, workspaceOption } from '../workspace-option.ts';
import type { Command } from '../command.ts';
import { formatProblem } from '../../problems.ts';
import { verifyAuditChain } from '../../workspace/audit-log.ts';

export const audit: Command = {
  name: 'audit',
  summary: "Check the workspace's audit log: `daylight audit verify`.",
  usage: 'verify [--workspace DIR] [--json]',
  options: {
    workspace: workspaceOption,
    json: { type: 'boolean', help: 'Print one JSON object on stdout.' },
  },
  positionals: { min: 1, max: 1, name: 'action' },
  details: 'Exit 0 when the chain is intact, 1 when an entry was changed, inserted or deleted.',
  async run({ values, positionals, io }) {
    if (positionals[0] !== 'verify') throw new UsageError(`unknown action "${positionals[0]}"; the only action is "verify".`);
    const opened = openWorkspaceOption('audit', values, io);
    if (typeof opened === 'number') return opened;
    try {
      const result = verifyAuditChain(opened);
      if (values.json) io.stdout(`${JSON.stringify(result.ok ? { ok: true, ...result.value } : { ok: false, problem: result.problem })}\n`);
      if (!result.ok) {
        io.stderr(`daylight audit: ${formatProblem(result.problem)}\n`);
        return ExitCode.failed;
      }
      if (!values.json) io.stdout(`Audit log intact: ${result.value.entries} entries, head ${result.value.headHash}\n`);
      return ExitCode.ok;
    } finally {
      opened.close();
    }
  },
};

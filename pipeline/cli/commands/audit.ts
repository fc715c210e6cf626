/**
 * @module
 * `daylight audit verify`: walks the workspace's hash-chained audit log and
 * reports the first changed, inserted or deleted entry. Prints the head hash,
 * which an office can record elsewhere to anchor the log.
 */
import { resolve } from 'node:path';
import { ExitCode, UsageError, stringOption } from '../command.ts';
import type { Command } from '../command.ts';
import { formatProblem } from '../../problems.ts';
import { verifyAuditChain } from '../../workspace/audit-log.ts';
import { DEFAULT_WORKSPACE_DIR, openWorkspace } from '../../workspace/workspace.ts';

export const audit: Command = {
  name: 'audit',
  summary: "Check the workspace's audit log: `daylight audit verify`.",
  usage: 'verify [--workspace DIR] [--json]',
  options: {
    workspace: { type: 'string', value: 'DIR', help: 'Workspace folder.', default: DEFAULT_WORKSPACE_DIR },
    json: { type: 'boolean', help: 'Print one JSON object on stdout.' },
  },
  positionals: { min: 1, max: 1, name: 'action' },
  details: 'Exit 0 when the chain is intact, 1 when an entry was changed, inserted or deleted.',
  async run({ values, positionals, io }) {
    if (positionals[0] !== 'verify') throw new UsageError(`unknown action "${positionals[0]}"; the only action is "verify".`);
    const opened = openWorkspace(resolve(io.cwd, stringOption(values, 'workspace') ?? DEFAULT_WORKSPACE_DIR), { mustExist: true });
    if (!opened.ok) {
      io.stderr(`daylight audit: ${formatProblem(opened.problem)}\n`);
      return ExitCode.failed;
    }
    try {
      const result = verifyAuditChain(opened.value);
      if (values.json) io.stdout(`${JSON.stringify(result.ok ? { ok: true, ...result.value } : { ok: false, problem: result.problem })}\n`);
      if (!result.ok) {
        io.stderr(`daylight audit: ${formatProblem(result.problem)}\n`);
        return ExitCode.failed;
      }
      if (!values.json) io.stdout(`Audit log intact: ${result.value.entries} entries, head ${result.value.headHash}\n`);
      return ExitCode.ok;
    } finally {
      opened.value.close();
    }
  },
};

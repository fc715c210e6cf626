/**
 * @module
 * The `--workspace DIR` option every workspace command shares, and opening it:
 * one message and one exit code for a folder that is not a workspace (a usage
 * or config error, 2) or one held by another process (1, try again).
 */
import { resolve } from 'node:path';
import { formatProblem } from '../problems.ts';
import { DEFAULT_WORKSPACE_DIR, openWorkspace } from '../workspace/workspace.ts';
import type { OpenWorkspaceOptions, Workspace } from '../workspace/workspace.ts';
import { ExitCode, stringOption } from './command.ts';
import type { Io, OptionSpec, OptionValues } from './command.ts';

export const workspaceOption: OptionSpec = { type: 'string', value: 'DIR', default: DEFAULT_WORKSPACE_DIR, help: 'Workspace folder.' };

const retryable = new Set(['workspace.busy', 'workspace.locked']);

/** The workspace named by --workspace, or the exit code to return after the reason was written to stderr. */
export function openWorkspaceOption(command: string, values: OptionValues, io: Io, options: OpenWorkspaceOptions = { mustExist: true }): Workspace | ExitCode {
  const opened = openWorkspace(resolve(io.cwd, stringOption(values, 'workspace') ?? DEFAULT_WORKSPACE_DIR), options);
  if (opened.ok) return opened.value;
  io.stderr(`daylight ${command}: ${formatProblem(opened.problem)}\n`);
  return retryable.has(opened.problem.code) ? ExitCode.failed : ExitCode.usage;
}

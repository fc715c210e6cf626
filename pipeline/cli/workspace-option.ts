/**
 * @module
 * The `--workspace DIR` option every workspace command shares, and opening it:
 * one message and one exit code for a folder that is not a workspace (a usage
 * or config error, 2) or one held by another process or an unreachable
 * database server (1, try again). With DAYLIGHT_DATABASE_URL the tables are in
 * PostgreSQL and DIR keeps the local files (see pipeline/workspace/store).
 */
import { resolve } from 'node:path';
import { formatProblem } from '../problems.ts';
import { DEFAULT_WORKSPACE_DIR, openWorkspace } from '../workspace/store/index.ts';
import type { OpenWorkspaceOptions, Workspace } from '../workspace/store/index.ts';
import { ExitCode, stringOption } from './command.ts';
import type { Io, OptionSpec, OptionValues } from './command.ts';

export const workspaceOption: OptionSpec = { type: 'string', value: 'DIR', default: DEFAULT_WORKSPACE_DIR, help: 'Workspace folder (with DAYLIGHT_DATABASE_URL: the local folder for file blobs and the audit key).' };

const retryable = new Set(['workspace.busy', 'workspace.locked', 'workspace.unreachable', 'blobs.unavailable']);

/** The workspace named by --workspace (and DAYLIGHT_DATABASE_URL), or the exit code to return after the reason was written to stderr. */
export async function openWorkspaceOption(command: string, values: OptionValues, io: Io, options: OpenWorkspaceOptions = { mustExist: true }): Promise<Workspace | ExitCode> {
  const opened = await openWorkspace(resolve(io.cwd, stringOption(values, 'workspace') ?? DEFAULT_WORKSPACE_DIR), options);
  if (opened.ok) return opened.value;
  io.stderr(`daylight ${command}: ${formatProblem(opened.problem)}\n`);
  return retryable.has(opened.problem.code) ? ExitCode.failed : ExitCode.usage;
}

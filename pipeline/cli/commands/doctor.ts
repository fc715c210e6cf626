/**
 * @module
 * `daylight doctor`: checks what this machine needs to run Daylight on its
 * workspace, without changing anything: the mode DAYLIGHT_DATABASE_URL
 * selects and the database, its migrations, the audit key, the blob store
 * (files or S3) and, in the scaled mode, the job queue. Each check prints what
 * it found, or what is wrong and what to do.
 */
import { resolve } from 'node:path';
import { ExitCode, stringOption } from '../command.ts';
import type { Command } from '../command.ts';
import { workspaceOption } from '../workspace-option.ts';
import { formatProblem } from '../../problems.ts';
import type { Problem, Result } from '../../problems.ts';
import { DEFAULT_WORKSPACE_DIR } from '../../workspace/store/index.ts';
import { checkAuditKey, checkDatabase, checkMigrations } from '../../workspace/store/doctor.ts';
import { checkBlobStore, checkJobQueue } from '../../jobs/doctor.ts';

export interface DoctorCheck {
  name: string;
  run(dir: string, env: NodeJS.ProcessEnv): Promise<Result<string>>;
}

/** Every check, in the order they print; the database comes first, since the rest need it. */
export const doctorChecks: DoctorCheck[] = [
  { name: 'database', run: checkDatabase },
  { name: 'migrations', run: checkMigrations },
  { name: 'audit key', run: checkAuditKey },
  { name: 'blobs', run: checkBlobStore },
  { name: 'job queue', run: (_dir, env) => checkJobQueue(env) },
];

export const doctor: Command = {
  name: 'doctor',
  summary: 'Check the database, migrations, audit key, blob store and job queue this machine would use.',
  usage: '[--workspace DIR] [--json]',
  options: {
    workspace: workspaceOption,
    json: { type: 'boolean', help: 'Print one JSON object on stdout.' },
  },
  positionals: { min: 0, max: 0, name: 'arguments' },
  details: `
Reads DAYLIGHT_DATABASE_URL (PostgreSQL; unset: the embedded workspace in the folder),
DAYLIGHT_AUDIT_KEY and DAYLIGHT_S3_* as every other command does. Nothing is created
or migrated, except a small probe file written to the blob store and disposed of.
Exit 0 when every check passes, 1 when one fails (each says why and what to do).`,
  async run({ values, io }) {
    const dir = resolve(io.cwd, stringOption(values, 'workspace') ?? DEFAULT_WORKSPACE_DIR);
    const results: { check: string; ok: boolean; detail?: string; problem?: Problem }[] = [];
    for (const check of doctorChecks) {
      let result: Result<string>;
      try {
        result = await check.run(dir, process.env);
      } catch (error) {
        result = { ok: false, problem: { code: 'config.invalid', message: `The check stopped with an unexpected error: ${(error as Error)?.message ?? String(error)}` } };
      }
      results.push(result.ok ? { check: check.name, ok: true, detail: result.value } : { check: check.name, ok: false, problem: result.problem });
      if (!values.json) io.stdout(result.ok ? `ok    ${result.value}\n` : `FAIL  ${check.name}: ${formatProblem(result.problem)}\n`);
    }
    const healthy = results.every((r) => r.ok);
    if (values.json) io.stdout(`${JSON.stringify({ ok: healthy, checks: results })}\n`);
    return healthy ? ExitCode.ok : ExitCode.failed;
  },
};

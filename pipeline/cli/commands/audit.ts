/**
 * @module
 * `daylight audit verify [--against SITE]`: walks the workspace's audit log
 * (every document chain, keyed with the key outside the database, the chain
 * heads and the seal) and reports the first changed, inserted, reordered or
 * deleted entry, naming its chain and position. With `--against`, also checks
 * that the workspace still holds the history a published site anchored
 * (`audit-anchors.json`), which catches a log rewritten even with the real key.
 *
 * `daylight audit seal`: commits to the set of chain heads now (every publish
 * does it too), so that a chain deleted whole or cut back later is found; for
 * a cron job between publishes.
 */
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ExitCode, UsageError, stringOption } from '../command.ts';
import { openWorkspaceOption, workspaceOption } from '../workspace-option.ts';
import type { Command } from '../command.ts';
import { formatProblem } from '../../problems.ts';
import type { Result } from '../../problems.ts';
import { batchActor } from '../../batch/keys.ts';
import { AUDIT_ANCHORS_FILE, checkAnchors, sealAudit, verifyAuditChain } from '../../workspace/store/index.ts';
import type { AnchorCheck, AuditVerification } from '../../workspace/store/index.ts';

/** The anchors file of a site folder (or the file itself). */
function readAnchors(path: string): unknown {
  let file = path;
  try {
    if (statSync(path).isDirectory()) file = join(path, AUDIT_ANCHORS_FILE);
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--against: ${file} could not be read as a published site's ${AUDIT_ANCHORS_FILE} (${(error as Error).message}).`);
  }
}

export const audit: Command = {
  name: 'audit',
  summary: "Check the workspace's audit log (`daylight audit verify [--against SITE]`) or seal its chains (`daylight audit seal`).",
  usage: 'verify|seal [--against SITE_FOLDER] [--workspace DIR] [--json]',
  options: {
    workspace: workspaceOption,
    against: { type: 'string', value: 'SITE_FOLDER', help: `A site built by \`daylight publish\` (or its ${AUDIT_ANCHORS_FILE}): check that the workspace still holds the history it published.` },
    json: { type: 'boolean', help: 'Print one JSON object on stdout.' },
  },
  positionals: { min: 1, max: 1, name: 'action' },
  details: `
Each document's entries form their own hash chain, and everything else the
workspace chain. The log is keyed with the audit key file (audit.key beside
workspace.sqlite, or $DAYLIGHT_AUDIT_KEY): someone who can write the database but
not read the key cannot re-hash it. Keep a backup of the key apart from the workspace.

verify  walks every chain, its head, the last seal and the append-only guards.
        Exit 0 when the log is intact (and matches the site), 1 when an entry was
        changed, inserted, reordered or deleted, a chain was cut back or removed, or
        the site's history differs; 2 on a usage error.
seal    records every chain's head now, with the key (publish does it too). A chain
        deleted whole, or cut below its sealed entry, is then found by verify even if
        its head row was put back as it was. Run it after each batch or from cron.`,
  async run({ values, positionals, io }) {
    const action = positionals[0];
    if (action !== 'verify' && action !== 'seal') throw new UsageError(`unknown action "${action}"; the actions are "verify" and "seal".`);
    const against = stringOption(values, 'against');
    if (action === 'seal' && against !== undefined) throw new UsageError('--against goes with "verify", not "seal".');
    const anchors = against === undefined ? undefined : readAnchors(resolve(io.cwd, against));
    const opened = await openWorkspaceOption('audit', values, io);
    if (typeof opened === 'number') return opened;
    try {
      if (action === 'seal') {
        const sealed = await sealAudit(opened, batchActor());
        if (values.json) io.stdout(`${JSON.stringify(sealed.ok ? { ok: true, ...sealed.value } : { ok: false, problem: sealed.problem })}\n`);
        if (!sealed.ok) {
          io.stderr(`daylight audit: ${formatProblem(sealed.problem)}\n`);
          return ExitCode.failed;
        }
        if (!values.json) io.stdout(`Audit log sealed: ${sealed.value.chains} chains, ${sealed.value.entries} entries, root ${sealed.value.root}\n`);
        return ExitCode.ok;
      }
      const result: Result<AuditVerification | AnchorCheck> = anchors === undefined ? await verifyAuditChain(opened) : await checkAnchors(opened, anchors);
      if (values.json) io.stdout(`${JSON.stringify(result.ok ? { ok: true, ...result.value } : { ok: false, problem: result.problem })}\n`);
      if (!result.ok) {
        io.stderr(`daylight audit: ${formatProblem(result.problem)}\n`);
        return result.problem.code === 'usage.invalid' ? ExitCode.usage : ExitCode.failed;
      }
      if (!values.json) {
        io.stdout(
          'headHash' in result.value
            ? `Audit log intact: ${result.value.entries} entries, head ${result.value.headHash} (${result.value.chains} chains, keyed with ${opened.auditKey.path}; ${result.value.sealed ? `last sealed ${result.value.sealed.at}, ${result.value.sealed.chains} chains` : 'never sealed: run `daylight audit seal`'})\n`
            : `Audit log intact and matching the site published ${result.value.publishedAt}: ${result.value.documents} released documents, ${result.value.entries} entries.\n`,
        );
      }
      return ExitCode.ok;
    } finally {
      await opened.close();
    }
  },
};

/**
 * @module
 * `daylight demo` (what `npm run demo` calls): the whole path on the bundled
 * samples or any folder, then serves the portal and the review app on
 * localhost. `--no-serve` builds and exits, for scripts and CI.
 */
import { existsSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPolicy } from '../../../redaction/policy/load-policy.ts';
import { progressReporter } from '../../batch/progress.ts';
import { formatSummary } from '../../batch/summary.ts';
import { restartedAfterCrash, supervisedOptions } from '../../batch/supervisor.ts';
import { runDemo } from '../../demo/run-demo.ts';
import { formatProblem } from '../../problems.ts';
import { serveStatic } from '../../publish/serve-site.ts';
import { startReviewServer } from '../../review/server.ts';
import { openWorkspace } from '../../workspace/store/index.ts';
import { ExitCode, UsageError, intOption, stringOption } from '../command.ts';
import type { Command } from '../command.ts';

const bundledSamples = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'samples', 'documents');
/** Marks a folder the demo made, so a rerun may replace it and nothing else is ever deleted. */
const MARKER = '.daylight-demo';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Run the whole path (batch → approve → publish) on the samples and serve the portal and review app.',
  usage: '[--input DIR] [--out DIR] [--no-serve] [--json]',
  options: {
    input: { type: 'string', value: 'DIR', help: 'Folder of documents to run (default: the bundled samples, malformed ones included).' },
    out: { type: 'string', value: 'DIR', default: 'demo-out', help: 'Where the workspace (<out>/workspace) and the site (<out>/site) are built; replaced on each run.' },
    'no-serve': { type: 'boolean', help: 'Build, print the summary and exit instead of serving.' },
    policy: { type: 'string', value: 'FILE', help: 'Redaction policy (default: the built-in US FOIA policy).' },
    'site-port': { type: 'string', value: 'PORT', default: '4321', help: 'Port of the portal on 127.0.0.1.' },
    'review-port': { type: 'string', value: 'PORT', default: '4310', help: 'Port of the review app on 127.0.0.1.' },
    json: { type: 'boolean', help: 'Print the result as one JSON object on stdout.' },
    quiet: { type: 'boolean', short: 'q', help: 'No progress on stderr.' },
  },
  positionals: { min: 0, max: 0, name: 'arguments' },
  details: `
The demo makes an approver account named demo-approver with a random password (printed),
accepts every proposed redaction as a stand-in for a person, and approves; each approval
still rebuilds and verifies the release, and publishing still passes the gate. Documents
that fail (the samples include malformed files on purpose) are listed with their reason.`,
  async run({ values, io }) {
    const sitePort = intOption(values, 'site-port', 4321, { min: 1, max: 65535 });
    const reviewPort = intOption(values, 'review-port', 4310, { min: 1, max: 65535 });
    const input = resolve(io.cwd, stringOption(values, 'input') ?? bundledSamples);
    if (!existsSync(input)) throw new UsageError(`--input ${input} does not exist.`);
    const out = resolve(io.cwd, stringOption(values, 'out') ?? 'demo-out');
    // Started again after the batch process crashed: the workspace keeps the crashed attempts, so
    // the documents in flight then run alone and one that crashes twice fails (supervisor.ts).
    if (!restartedAfterCrash()) prepareOut(out);
    const policyPath = stringOption(values, 'policy');
    const policy = loadPolicy(policyPath ? resolve(io.cwd, policyPath) : undefined);
    if (!policy.ok) {
      io.stderr(`${formatProblem(policy.problem)}\n`);
      return ExitCode.usage;
    }
    const quiet = Boolean(values.quiet);
    const progress = progressReporter({ write: io.stderr, isTTY: io.stderrIsTTY, columns: io.stderrIsTTY ? process.stderr.columns : undefined });
    const siteUrl = `http://127.0.0.1:${sitePort}/`;
    const result = await runDemo({
      input,
      out,
      policy: policy.value,
      siteUrl,
      ...supervisedOptions(),
      onProgress: quiet ? undefined : (p) => progress.update(p),
      onBatchEnd: quiet ? undefined : () => progress.end(),
      log: (line) => {
        if (!quiet) io.stderr(line.endsWith('\n') ? line : `${line}\n`);
      },
    });
    if (!result.ok) {
      io.stderr(`daylight demo: ${formatProblem(result.problem)}\n`);
      return ExitCode.failed;
    }
    const r = result.value;
    if (values.json) {
      io.stdout(`${JSON.stringify({ ...r, approver: { name: r.approver.name } })}\n`);
    } else {
      io.stdout(
        [
          formatSummary(r.batch).trimEnd(),
          '',
          `Approved ${r.approved.length} documents as ${r.approver.name}; ${r.notApproved.length} left in review.`,
          ...r.notApproved.map((p) => `  not approved: ${p.file}: ${p.message} [${p.code}]`),
          `Published ${r.published.documents} documents to ${r.siteDir}`,
          `Workspace: ${r.workspaceDir}`,
          '',
        ].join('\n'),
      );
    }
    if (values['no-serve']) return ExitCode.ok;

    const site = await serveStatic(r.siteDir, { port: sitePort });
    const opened = await openWorkspace(r.workspaceDir, { mustExist: true, databaseUrl: '' });
    if (!opened.ok) {
      await site.close();
      io.stderr(`daylight demo: ${formatProblem(opened.problem)}\n`);
      return ExitCode.failed;
    }
    const review = await startReviewServer({ ws: opened.value, policy: policy.value }, { host: '127.0.0.1', port: reviewPort });
    io.stdout(
      [
        `Portal:     ${site.url}/`,
        `Review app: ${review.url}/   sign in as ${r.approver.name} with password ${r.approver.password}  (demo account, made for this run only)`,
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
    await new Promise<void>((done) => process.once('SIGINT', done));
    await Promise.all([site.close(), review.close()]);
    await opened.value.close();
    return ExitCode.ok;
  },
};

/** Empties a folder the demo made earlier; refuses one it did not make. */
function prepareOut(out: string): void {
  if (existsSync(out) && readdirSync(out).length > 0) {
    if (!existsSync(join(out, MARKER))) {
      throw new UsageError(`--out ${out} is not empty and was not made by the demo; choose another folder.`);
    }
    rmSync(out, { recursive: true, force: true });
  }
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, MARKER), 'Made by `daylight demo`; the next demo run replaces this folder.\n');
}

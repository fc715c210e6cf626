/**
 * @module
 * `daylight publish`: builds the public portal from the approved documents of a
 * workspace. Progress and refusals go to stderr; the summary (or `--json`) to stdout.
 */
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { loadPolicy } from '../../../redaction/policy/load-policy.ts';
import { formatProblem } from '../../problems.ts';
import { loadPortalConfig } from '../../publish/portal-config.ts';
import { publish } from '../../publish/publish.ts';
import { releaseVerifier } from '../../publish/verifier.ts';
import { ExitCode, UsageError, stringOption } from '../command.ts';
import { openWorkspaceOption, workspaceOption } from '../workspace-option.ts';
import type { Command } from '../command.ts';

export const publishCommand: Command = {
  name: 'publish',
  summary: 'Build the public portal (static site) from approved documents only.',
  usage: '[--workspace DIR] [--out DIR] [--base-url URL] [--config portal.yaml] [--contact-email ADDRESS] [--json]',
  options: {
    workspace: workspaceOption,
    out: { type: 'string', value: 'DIR', default: 'daylight-site', help: 'Folder the static site is written to (replaced only when the build succeeds).' },
    'base-url': { type: 'string', value: 'URL', default: 'http://localhost:4321/', help: 'Absolute URL the site will be served from (used in data.json, the feed and the sitemap).' },
    config: { type: 'string', value: 'FILE', help: "The office's portal configuration (YAML or JSON): title, office, contact, request path, licence, and titles an approver confirmed for releases." },
    title: { type: 'string', value: 'TEXT', help: 'Name of the portal (overrides the configuration; default "Public records").' },
    office: { type: 'string', value: 'TEXT', help: 'The office releasing the records (overrides the configuration; default: the title).' },
    'contact-email': { type: 'string', value: 'ADDRESS', help: "The office's contact address, shown on the portal and in data.json (required here or as contact.email in --config)." },
    policy: { type: 'string', value: 'FILE', help: 'Policy whose exemptions the portal explains (default: the built-in US FOIA policy).' },
    bundle: { type: 'string', value: 'DIR', help: 'Release bundle folder, reused between runs (default: <workspace>/publish-bundle).' },
    reverify: { type: 'boolean', help: 'Run the verifier again on every artifact, also those published by an earlier run.' },
    rebuild: { type: 'boolean', help: 'Build every page and search bundle again, not only those of releases that changed (the folder is replaced when done).' },
    json: { type: 'boolean', help: 'Print the result as one JSON object on stdout.' },
  },
  positionals: { min: 0, max: 0, name: 'arguments' },
  details: `
Every approved document passes the publish gate: its artifact's SHA-256 must match its
recorded approval and the verifier runs again on those bytes. Originals, unapproved and
sent-back documents never enter the site. Published documents move to "published" with an
audit entry. Earlier releases are kept; only new documents are rendered and verified again
(every hash is re-checked each run; --reverify runs the verifier on all of them), and
only releases that changed are built again: their pages and search index (a new portal
folder, a changed configuration or site template, or --rebuild builds everything).
Titles are neutral ("Release 2026-0001, document 3") unless an approver confirmed one in
--config (releases."2026-0001".title with confirmedBy: an approver); confirmed text holding
anything withheld from its documents stops the publish.
Exit 1 when a document was refused (the rest is published), 2 for a configuration error,
3 when the re-check found a leak.`,
  async run({ values, io }) {
    const baseUrl = stringOption(values, 'base-url') ?? 'http://localhost:4321/';
    if (!URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol)) throw new UsageError(`--base-url must be an absolute http(s) URL (got "${baseUrl}").`);
    const contactEmail = stringOption(values, 'contact-email');
    if (contactEmail !== undefined && !/^[\w.-]+@[\w.-]+\.[\w.-]+$/.test(contactEmail)) throw new UsageError(`--contact-email must be a plain address such as records@city.example (got "${contactEmail}").`);
    const configPath = stringOption(values, 'config');
    const config = configPath ? loadPortalConfig(resolve(io.cwd, configPath)) : undefined;
    if (config && !config.ok) {
      io.stderr(`${formatProblem(config.problem)}\n`);
      return ExitCode.usage;
    }
    if (!contactEmail && !config?.value.contact?.email) throw new UsageError('The portal needs a contact address: pass --contact-email ADDRESS or set contact.email in --config FILE.');
    const policyPath = stringOption(values, 'policy');
    const policy = loadPolicy(policyPath ? resolve(io.cwd, policyPath) : undefined);
    if (!policy.ok) {
      io.stderr(`${formatProblem(policy.problem)}\n`);
      return ExitCode.usage;
    }
    const ws = await openWorkspaceOption('publish', values, io);
    if (typeof ws === 'number') return ws;
    const bundleDir = stringOption(values, 'bundle');
    const quiet = Boolean(values.json);
    try {
      const result = await publish(ws, {
        outDir: resolve(io.cwd, stringOption(values, 'out') ?? 'daylight-site'),
        bundleDir: bundleDir ? resolve(io.cwd, bundleDir) : undefined,
        siteUrl: baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`,
        title: stringOption(values, 'title') ?? config?.value.title ?? 'Public records',
        office: stringOption(values, 'office') ?? config?.value.office,
        contactEmail,
        config: config?.value,
        exemptions: policy.value.exemptions,
        verify: releaseVerifier(ws, policy.value.exemptions),
        reverifyAll: Boolean(values.reverify),
        rebuildSite: Boolean(values.rebuild),
        actor: process.env.DAYLIGHT_USER || userInfo().username,
        log: (text) => {
          if (!quiet || text.startsWith('[astro]') || text.startsWith('[pagefind]')) io.stderr(text);
        },
      });
      if (!result.ok) {
        io.stderr(`${formatProblem(result.problem)}\n`);
        return result.problem.code === 'usage.invalid' ? ExitCode.usage : ExitCode.failed;
      }
      const r = result.value;
      for (const p of r.refused) io.stderr(`refused: ${formatProblem(p)}\n`);
      if (values.json) {
        io.stdout(`${JSON.stringify(r)}\n`);
      } else {
        io.stdout(
          [
            `Published ${r.documents} documents in ${r.releases} releases to ${r.outDir}`,
            `  new this run: ${r.newlyPublished.length}; pages rendered: ${r.rendered} documents, reused: ${r.reused}`,
            `  refused: ${r.refused.length}`,
            `  site: ${r.timings.full ? 'full build' : 'incremental'}; releases rebuilt ${r.timings.releasesBuilt}, kept ${r.timings.releasesKept}; search bundles built ${r.timings.searchBundlesBuilt} of ${r.timings.searchBundles}`,
            `  time: gate ${ms(r.timings.gateMs)}, bundle ${ms(r.timings.collectMs)}, astro ${ms(r.timings.astroMs)}, pagefind ${ms(r.timings.pagefindMs)}, assemble ${ms(r.timings.assembleMs)}`,
            `It is plain static files: serve the folder with any web server.`,
            '',
          ].join('\n'),
        );
      }
      if (r.refused.some((p) => p.code === 'publish.verify-failed')) return ExitCode.leak;
      return r.refused.length > 0 ? ExitCode.failed : ExitCode.ok;
    } finally {
      await ws.close();
    }
  },
};

function ms(n: number): string {
  return n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(1)} s`;
}

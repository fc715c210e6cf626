/**
 * @module
 * `daylight review`: serves the review app over a workspace until interrupted.
 */
import { resolve } from 'node:path';
import { loadPolicy } from '../../../redaction/policy/load-policy.ts';
import { policyHash } from '../../batch/keys.ts';
import { formatProblem } from '../../problems.ts';
import { startReviewServer } from '../../review/server.ts';
import { clientAddressBehind } from '../../review/auth/client-address.ts';
import { listBatches, listUsers } from '../../workspace/store/index.ts';
import { ExitCode, intOption, stringOption } from '../command.ts';
import { openWorkspaceOption, workspaceOption } from '../workspace-option.ts';
import type { Command } from '../command.ts';

export const reviewCommand: Command = {
  name: 'review',
  summary: 'Serve the review app: approvers check each proposed redaction, decide and sign off.',
  usage: '[--workspace DIR] [--host 127.0.0.1] [--port 4310] [--policy FILE]',
  options: {
    workspace: workspaceOption,
    host: { type: 'string', value: 'ADDRESS', default: '127.0.0.1', help: 'Address to listen on (loopback by default).' },
    port: { type: 'string', value: 'PORT', default: '4310', help: 'Port to listen on.' },
    policy: { type: 'string', value: 'FILE', help: 'The policy the batches ran with (its exemption codes label the boxes; default: the built-in US FOIA policy).' },
    secure: { type: 'boolean', help: 'The app is reached over HTTPS (through a TLS proxy): cookies are marked Secure and Strict-Transport-Security is sent.' },
    'trust-proxy': { type: 'string', value: 'ADDRESS[,ADDRESS]', help: "The reverse proxy's address: requests from it are attributed (and sign-in failures throttled) by X-Forwarded-For, not as one client." },
    'idle-minutes': { type: 'string', value: 'N', default: '30', help: 'Sign people out after this many minutes without a request.' },
  },
  positionals: { min: 0, max: 0, name: 'arguments' },
  details: `
Create accounts first with \`daylight users add <name> --role approver\`; there is no default
account. Stop the server with Ctrl-C.`,
  async run({ values, io }) {
    const port = intOption(values, 'port', 4310, { min: 0, max: 65535 });
    const idleMinutes = intOption(values, 'idle-minutes', 30, { min: 1, max: 24 * 60 });
    const policyPath = stringOption(values, 'policy');
    const policy = loadPolicy(policyPath ? resolve(io.cwd, policyPath) : undefined);
    if (!policy.ok) {
      io.stderr(`${formatProblem(policy.problem)}\n`);
      return ExitCode.usage;
    }
    const ws = await openWorkspaceOption('review', values, io);
    if (typeof ws === 'number') return ws;
    const hash = policyHash(policy.value);
    for (const b of await listBatches(ws)) {
      if (b.policyHash !== hash) io.stderr(`warning: batch "${b.name}" ran with another policy than ${policy.value.source}; pass the same file with --policy so codes and rebuilt releases match.\n`);
    }
    if (!(await listUsers(ws)).some((u) => !u.disabled)) io.stderr('warning: the workspace has no active users; add one with `daylight users add <name> --role approver`.\n');
    let server;
    try {
      server = await startReviewServer(
        { ws, policy: policy.value, secure: Boolean(values.secure), idleMs: idleMinutes * 60_000, clientAddress: clientAddressBehind((stringOption(values, 'trust-proxy') ?? '').split(',').filter((a) => a.trim() !== '')) },
        { host: stringOption(values, 'host') ?? '127.0.0.1', port },
      );
    } catch (error) {
      await ws.close();
      io.stderr(`daylight review: could not listen: ${(error as Error).message}\n`);
      return ExitCode.failed;
    }
    io.stderr(`Daylight review is serving ${ws.location} at ${server.url}/ (Ctrl-C to stop)\n`);
    io.stdout(`${server.url}/\n`);
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    await server.close();
    await ws.close();
    return ExitCode.ok;
  },
};

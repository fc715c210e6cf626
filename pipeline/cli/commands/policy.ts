/**
 * @module
 * `daylight policy suggest|accept`: learning from decisions. Values approvers
 * rejected in several documents (the workspace's decisions) are suggested for
 * the office's allow list; an admin accepts them into the policy file, with an
 * entry in the workspace's audit chain. The next batch run with that policy no
 * longer proposes them.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { formatProblem } from '../../problems.ts';
import { activeUser, appendAudit, rejectedValues, valueKey } from '../../workspace/store/index.ts';
import type { RejectedValue } from '../../workspace/store/index.ts';
import { defaultPolicy, loadPolicy } from '../../../redaction/policy/load-policy.ts';
import { addToAllowList } from '../../../redaction/policy/allow-list.ts';
import { ExitCode, UsageError, intOption, stringOption } from '../command.ts';
import type { Command, CommandContext } from '../command.ts';
import { openWorkspaceOption, workspaceOption } from '../workspace-option.ts';

const DEFAULT_MIN = 2;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Suggestions: values rejected in at least `--min` documents, not yet on the policy's allow list. */
async function suggest({ values, io }: CommandContext): Promise<ExitCode> {
  const min = intOption(values, 'min', DEFAULT_MIN);
  if (values.as !== undefined) throw new UsageError('--as applies only to policy accept.');
  const policyPath = stringOption(values, 'policy');
  const policy = policyPath ? loadPolicy(resolve(io.cwd, policyPath)) : { ok: true as const, value: defaultPolicy() };
  if (!policy.ok) {
    io.stderr(`daylight policy: ${formatProblem(policy.problem)}\n`);
    return ExitCode.usage;
  }
  const ws = await openWorkspaceOption('policy', values, io);
  if (typeof ws === 'number') return ws;
  let found: RejectedValue[];
  try {
    found = await rejectedValues(ws, { minDocuments: min });
  } finally {
    await ws.close();
  }
  const allowed = new Set(policy.value.allow.map((a) => valueKey(a.text)));
  const suggestions = found.filter((v) => !allowed.has(valueKey(v.value)));
  if (values.json) {
    io.stdout(`${JSON.stringify({ minDocuments: min, policy: policy.value.source, suggestions })}\n`);
    return ExitCode.ok;
  }
  if (suggestions.length === 0) {
    io.stdout(`No value was rejected in ${min} or more documents${found.length > 0 ? ' that the allow list does not already hold' : ''}.\n`);
    return ExitCode.ok;
  }
  io.stdout(`Values approvers rejected in ${min} or more documents and accepted nowhere (documents, rejections, batches, value, categories, rejected by):\n`);
  for (const s of suggestions) io.stdout(`${s.documents}\t${s.rejections}\t${s.batches}\t${JSON.stringify(s.value)}\t${s.categories.join(',')}\t${s.rejectedBy.join(',')}\n`);
  io.stdout(`\nAdd them to the allow list with: daylight policy accept VALUE... --policy FILE --as ADMIN\n`);
  return ExitCode.ok;
}

/** An admin adds values to the policy file's allow list; the change is audited before the file is written. */
async function accept({ values, positionals, io }: CommandContext): Promise<ExitCode> {
  const accepted = positionals.slice(1).map((v) => v.replace(/\s+/g, ' ').trim());
  if (accepted.length === 0) throw new UsageError('policy accept needs at least one VALUE.');
  if (accepted.some((v) => v === '')) throw new UsageError('An allow-list value cannot be empty.');
  const policyPath = stringOption(values, 'policy');
  if (!policyPath) throw new UsageError('policy accept needs --policy FILE: the policy file whose allow list gets the values.');
  const as = stringOption(values, 'as');
  if (!as) throw new UsageError('policy accept needs --as ADMIN: an admin account of the review app (see `daylight users`).');
  if (values.min !== undefined) throw new UsageError('--min applies only to policy suggest.');
  const file = resolve(io.cwd, policyPath);
  let before: string;
  try {
    before = readFileSync(file, 'utf8');
  } catch (error) {
    io.stderr(`daylight policy: the policy file ${file} could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).\n`);
    return ExitCode.usage;
  }
  const ws = await openWorkspaceOption('policy', values, io);
  if (typeof ws === 'number') return ws;
  try {
    const admin = await activeUser(ws, as);
    if (!admin.ok) {
      io.stderr(`daylight policy: --as: ${formatProblem(admin.problem)}\n`);
      return ExitCode.usage;
    }
    if (admin.value.role !== 'admin') {
      io.stderr(`daylight policy: only an admin may change the allow list; "${admin.value.name}" is ${admin.value.role === 'approver' ? 'an' : 'a'} ${admin.value.role}.\n`);
      return ExitCode.usage;
    }
    const suggested = new Map((await rejectedValues(ws, { minDocuments: 1 })).map((v) => [valueKey(v.value), v]));
    const date = new Date().toISOString().slice(0, 10);
    const entries = accepted.map((text) => {
      const s = suggested.get(valueKey(text));
      return { text, note: s ? `rejected in ${s.documents} document${s.documents === 1 ? '' : 's'}; allowed by ${admin.value.name} on ${date}` : `allowed by ${admin.value.name} on ${date}` };
    });
    const change = addToAllowList(before, file, entries);
    if (!change.ok) {
      io.stderr(`daylight policy: ${formatProblem(change.problem)}\n`);
      return ExitCode.usage;
    }
    const { added, present, text } = change.value;
    if (added.length > 0) {
      // audited first: a change the audit chain does not record must never be in the file
      await appendAudit(ws, {
        actor: admin.value.name,
        action: 'policy.allow-added',
        subject: `policy:${basename(file)}`,
        details: { policy: file, added, alreadyAllowed: present, suggested: added.filter((v) => suggested.has(valueKey(v))).length, sha256Before: sha256(before), sha256After: sha256(text) },
      });
      const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
      try {
        writeFileSync(temp, text);
        renameSync(temp, file);
      } catch (error) {
        await appendAudit(ws, { actor: admin.value.name, action: 'policy.allow-not-written', subject: `policy:${basename(file)}`, details: { policy: file, error: (error as NodeJS.ErrnoException).code ?? 'error' } });
        io.stderr(`daylight policy: the policy file ${file} could not be written (${(error as NodeJS.ErrnoException).code ?? 'error'}); nothing was changed.\n`);
        return ExitCode.failed;
      }
    }
    if (values.json) io.stdout(`${JSON.stringify({ policy: file, added, alreadyAllowed: present })}\n`);
    else {
      if (added.length > 0) io.stdout(`Added to the allow list of ${file}: ${added.map((v) => JSON.stringify(v)).join(', ')}.\n`);
      if (present.length > 0) io.stdout(`Already on the allow list: ${present.map((v) => JSON.stringify(v)).join(', ')}.\n`);
      if (added.length > 0) io.stdout('Batches run with this policy no longer propose these values.\n');
    }
    return ExitCode.ok;
  } finally {
    await ws.close();
  }
}

export const policyCommand: Command = {
  name: 'policy',
  summary: "Suggest values approvers keep rejecting for the office's allow list, and accept them into the policy file (admins).",
  usage: 'suggest [--min N] [--policy FILE] [--workspace DIR] [--json] | accept VALUE... --policy FILE --as ADMIN [--workspace DIR] [--json]',
  options: {
    workspace: workspaceOption,
    policy: { type: 'string', value: 'FILE', help: 'The policy file (YAML or JSON). suggest leaves out what its allow list holds (default: the built-in policy); accept adds to it.' },
    min: { type: 'string', value: 'N', help: `suggest: only values rejected in at least N documents (default ${DEFAULT_MIN}).` },
    as: { type: 'string', value: 'ADMIN', help: 'accept: the admin account making the change (see `daylight users`); it is recorded in the audit log.' },
    json: { type: 'boolean', help: 'Print the result as one JSON object on stdout.' },
  },
  positionals: { min: 1, max: Number.MAX_SAFE_INTEGER, name: 'arguments' },
  details: `
suggest lists the values whose proposed redactions people rejected in at least N
documents (across batches) and accepted nowhere, with the number of documents,
rejections and batches, their categories and who rejected them. A rejected
automatic redaction counts only once a second person has confirmed the rejection.
accept adds values to the allow list of the policy file, keeping its comments and
layout, and records the change (values, file, hashes before and after) in the
workspace's audit chain before writing the file. Values on an allow list are never
proposed again by batches run with that policy:
  daylight policy suggest --min 3
  daylight policy accept "Harbor Desk" "PAT CAT" --policy office.yaml --as admin`,
  async run(ctx) {
    const [action] = ctx.positionals;
    if (action === 'suggest') {
      if (ctx.positionals.length > 1) throw new UsageError('policy suggest takes no values.');
      return suggest(ctx);
    }
    if (action === 'accept') return accept(ctx);
    throw new UsageError(`Unknown policy action "${action}"; use suggest or accept.`);
  },
};

/**
 * @module
 * `daylight status`: the workspace's batches and documents by state, failed
 * documents with their code and reason, and what waits for review.
 */
import { ExitCode } from '../command.ts';
import { openWorkspaceOption, workspaceOption } from '../workspace-option.ts';
import type { Command } from '../command.ts';
import { DOCUMENT_STATES, countByState, countFindingsByCategory, countPages, listBatches, listDocuments, lockHolder } from '../../workspace/store/index.ts';
import { isAlive } from '../../workspace/store/lock.ts';
import { table } from '../../batch/summary.ts';
import { printable } from '../../ingest/names.ts';

export const status: Command = {
  name: 'status',
  summary: 'Show batches and documents by state, failures with their reasons, and the review queue.',
  usage: '[--workspace DIR] [--json]',
  options: {
    workspace: workspaceOption,
    json: { type: 'boolean', help: 'Print one JSON object on stdout.' },
  },
  positionals: { min: 0, max: 0, name: 'arguments' },
  async run({ values, io }) {
    const ws = await openWorkspaceOption('status', values, io);
    if (typeof ws === 'number') return ws;
    try {
      const batches = [];
      for (const b of await listBatches(ws)) {
        batches.push({
          id: b.id,
          name: b.name,
          folder: b.folder,
          createdBy: b.createdBy,
          createdAt: b.createdAt,
          finishedAt: b.finishedAt,
          documents: await countByState(ws, b.id),
          pages: await countPages(ws, b.id),
          findings: await countFindingsByCategory(ws, { batchId: b.id }),
        });
      }
      const failed = (await listDocuments(ws, { state: 'failed' })).map((d) => ({ id: d.id, batch: d.batchId, path: d.path, code: d.failure?.code, stage: d.failure?.stage, message: d.failure?.message }));
      const waiting = (await listDocuments(ws, { state: 'in_review' })).map((d) => ({ id: d.id, batch: d.batchId, path: d.path, pages: d.pageCount, proposalsLeak: d.verifyOk === false }));
      // The lock row stays when its process was killed or crashed: only a live process is running.
      const lock = await lockHolder(ws);
      const holder = lock && isAlive(lock) ? lock : undefined;
      const dead = lock && !holder ? { pid: lock.pid, purpose: lock.purpose, since: lock.acquiredAt } : null;
      const report = { workspace: ws.kind === 'postgres' ? ws.location : ws.dir, running: holder ? { pid: holder.pid, purpose: holder.purpose, since: holder.acquiredAt } : null, interrupted: dead, totals: await countByState(ws), batches, failed, waitingForReview: waiting };
      if (values.json) {
        io.stdout(`${JSON.stringify(report)}\n`);
        return ExitCode.ok;
      }
      const lines = [`Workspace ${ws.kind === 'postgres' ? ws.location : ws.dir}${holder ? ` (a ${holder.purpose} is running: pid ${holder.pid} since ${holder.acquiredAt})` : ''}`];
      if (dead) lines.push(`The ${dead.purpose} started ${dead.since} (pid ${dead.pid}) is no longer running: it was killed or crashed. Run \`daylight batch\` on the same folder again to resume it.`);
      if (batches.length === 0) lines.push('No batches yet. Run `daylight batch <folder>`.');
      for (const b of batches) {
        lines.push('', `Batch "${b.name}" (${b.id}) from ${b.folder}, by ${b.createdBy}, ${b.finishedAt ? `finished ${b.finishedAt}` : 'not finished'}`);
        lines.push(table([...DOCUMENT_STATES.filter((s) => b.documents[s]).map((s): [string, number] => [s, b.documents[s]!]), ['pages', b.pages]]));
      }
      if (failed.length > 0) lines.push('', 'Failed documents', ...failed.map((f) => printable(`  ${f.path}: ${f.message} [${f.code}, ${f.stage}]`)));
      lines.push('', waiting.length > 0 ? `Waiting for review (${waiting.length})` : 'Nothing waits for review.', ...waiting.slice(0, 50).map((w) => `  ${w.path} (${w.pages ?? '?'} pages) ${w.id}${w.proposalsLeak ? '  needs attention: the proposed redactions leave protected text readable' : ''}`));
      if (waiting.length > 50) lines.push(`  … and ${waiting.length - 50} more (use --json for all)`);
      io.stdout(`${lines.join('\n')}\n`);
      return ExitCode.ok;
    } finally {
      await ws.close();
    }
  },
};

/**
 * @module
 * The whole path on a folder, for `daylight demo`: batch → a demo reviewer
 * accepts every proposed redaction → a demo approver (a second person, as the
 * two-person rule requires) signs → publish. It calls the same
 * functions the `batch`, `review` and `publish` commands use, so the demo
 * shows the product, not a shortcut: approval still rebuilds and verifies each
 * release, and publishing still passes the gate.
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Policy } from '../../redaction/policy/types.ts';
import { runBatch } from '../batch/run-batch.ts';
import type { RunBatchOptions } from '../batch/run-batch.ts';
import type { BatchProgress } from '../batch/run-batch.ts';
import { stages } from '../batch/stages.ts';
import { summarize } from '../batch/summary.ts';
import type { BatchSummary } from '../batch/summary.ts';
import { createOcrEngine } from '../ocr/engine.ts';
import type { Problem, Result } from '../problems.ts';
import { publish } from '../publish/publish.ts';
import type { PublishReport } from '../publish/publish.ts';
import { releaseVerifier } from '../publish/verifier.ts';
import { approveDocument } from '../review/approve.ts';
import { verifiedArtifact } from '../review/artifact.ts';
import { createUser, decideRedaction, getDocument, listDocuments, listRedactions, openWorkspace as openStore } from '../workspace/store/index.ts';
import type { Workspace } from '../workspace/store/index.ts';

export const DEMO_APPROVER = 'demo-approver';
/** Decides the proposals; the approver, a different account, signs. */
export const DEMO_REVIEWER = 'demo-reviewer';

export interface DemoOptions {
  input: string;
  /** `<out>/workspace` and `<out>/site` are made here. */
  out: string;
  policy: Policy;
  siteUrl: string;
  concurrency?: number;
  /** From the supervisor (supervisor.ts): earlier batch processes that crashed, and the running attempts. */
  crashedPids?: RunBatchOptions['crashedPids'];
  onAttempts?: RunBatchOptions['onAttempts'];
  onProgress?: (progress: BatchProgress) => void;
  /** Called once the batch has finished, before anything else is logged (a progress bar clears here). */
  onBatchEnd?: () => void;
  log: (line: string) => void;
}

export interface DemoResult {
  workspaceDir: string;
  siteDir: string;
  approver: { name: string; password: string };
  batch: BatchSummary;
  approved: string[];
  /** Documents the demo approver could not sign, with the reason (they stay in review). */
  notApproved: Problem[];
  published: PublishReport;
}

export async function runDemo(options: DemoOptions): Promise<Result<DemoResult>> {
  const workspaceDir = join(options.out, 'workspace');
  const siteDir = join(options.out, 'site');
  // The demo is the embedded workspace whatever DAYLIGHT_DATABASE_URL says.
  const opened = await openStore(workspaceDir, { databaseUrl: '' });
  if (!opened.ok) return opened;
  const store = opened.value;
  try {
    options.log(`1/3 Batch: ${options.input}`);
    const run = await runBatch({
      folder: options.input,
      workspace: store,
      policy: options.policy,
      name: 'Sample reports (demo)',
      concurrency: options.concurrency ?? availableParallelism(),
      stages,
      createOcr: (workers) => createOcrEngine({ workers }),
      onProgress: options.onProgress,
      ...(options.crashedPids ? { crashedPids: options.crashedPids } : {}),
      ...(options.onAttempts ? { onAttempts: options.onAttempts } : {}),
    });
    options.onBatchEnd?.();
    if (!run.ok) return run;
    const batch = await summarize(store, run.value);

    options.log(`2/3 Review: ${DEMO_REVIEWER} accepts every proposed redaction, ${DEMO_APPROVER} signs`);
    const reviewer = await demoAccount(store, DEMO_REVIEWER);
    if (!reviewer.ok) return reviewer;
    const approver = await demoAccount(store, DEMO_APPROVER);
    if (!approver.ok) return approver;
    const { approved, notApproved } = await approveAll(store, options.policy, reviewer.value.name, approver.value.name);

    options.log(`3/3 Publish: ${siteDir}`);
    const published = await publish(store, {
      outDir: siteDir,
      siteUrl: options.siteUrl,
      title: 'Daylight demo portal',
      office: 'Daylight demo office (invented sample reports)',
      // Invented addresses on a reserved domain: a real office sets these in its portal configuration.
      config: { contact: { name: 'Records desk (demo)', email: 'records@demo-office.example' }, requests: { email: 'requests@demo-office.example' } },
      exemptions: options.policy.exemptions,
      verify: releaseVerifier(store, options.policy.exemptions),
      actor: approver.value.name,
      log: options.log,
    });
    if (!published.ok) return published;
    return { ok: true, value: { workspaceDir, siteDir, approver: approver.value, batch, approved, notApproved, published: published.value } };
  } finally {
    await store.close();
  }
}

/** A fresh approver account with a random password, made for this demo only (the workspace is new each run). */
async function demoAccount(ws: Workspace, name: string): Promise<Result<{ name: string; password: string }>> {
  const password = randomBytes(12).toString('base64url');
  const user = await createUser(ws, { name, role: 'approver', password }, 'daylight demo');
  if (!user.ok) return user;
  return { ok: true, value: { name, password } };
}

async function approveAll(ws: Workspace, policy: Policy, reviewer: string, approver: string): Promise<{ approved: string[]; notApproved: Problem[] }> {
  const approved: string[] = [];
  const notApproved: Problem[] = [];
  for (const record of await listDocuments(ws, { state: 'in_review' })) {
    for (const r of await listRedactions(ws, record.id)) {
      if (r.decision === 'proposed') await decideRedaction(ws, record.id, r.id, 'accepted', reviewer, 'demo: accepted as proposed');
    }
    const fresh = await getDocument(ws, record.id);
    if (!fresh) continue;
    const result = await approveDocument(ws, fresh, approver, { policy, buildArtifact: verifiedArtifact });
    if (result.ok) approved.push(record.fileName);
    else notApproved.push({ ...result.problem, file: record.path });
  }
  return { approved, notApproved };
}

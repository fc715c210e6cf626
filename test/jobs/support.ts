/**
 * @module
 * A scaled-mode workspace for the job tests: a fresh PostgreSQL database, a
 * workspace on it, the job queue, and a batch of plain-text documents queued
 * as `daylight batch` queues them.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { putBlob, sha256Hex } from '../../pipeline/workspace/blobs.ts';
import { findOrCreateBatch, insertDocument, openWorkspace } from '../../pipeline/workspace/store/index.ts';
import type { Batch, Workspace } from '../../pipeline/workspace/store/index.ts';
import { ensureJobTables } from '../../pipeline/jobs/batches.ts';
import { openJobQueue } from '../../pipeline/jobs/queue.ts';
import type { JobQueue, QueueSettings } from '../../pipeline/jobs/queue.ts';
import { enqueueBatch, prepareScaledBatch } from '../../pipeline/jobs/scaled-batch.ts';
import type { Stage } from '../../pipeline/batch/stage.ts';
import type { WorkerOptions } from '../../pipeline/jobs/worker.ts';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';

export interface ScaledFixture {
  url: string;
  dir: string;
  ws: Workspace;
  queue: JobQueue;
  close(): Promise<void>;
}

export const FAST_QUEUE: QueueSettings = { heartbeatSeconds: 10, retryLimit: 1, retryDelaySeconds: 1, expireInSeconds: 600 };

export async function scaledFixture(url: string, settings: QueueSettings = FAST_QUEUE): Promise<ScaledFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'daylight-jobs-'));
  const opened = await openWorkspace(join(dir, 'ws'), { databaseUrl: url });
  if (!opened.ok) throw new Error(opened.problem.message);
  const queue = await openJobQueue(url, settings);
  if (!queue.ok) throw new Error(queue.problem.message);
  await ensureJobTables(opened.value);
  return {
    url,
    dir: join(dir, 'ws'),
    ws: opened.value,
    queue: queue.value,
    async close() {
      await queue.value.stop();
      await opened.value.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An in-process worker on the fixture: quick polls, stops once the queue has been idle 2.5 s. */
export function testWorkerOptions(fx: ScaledFixture, stages: readonly Stage[], extra: Partial<WorkerOptions> = {}): WorkerOptions {
  return {
    ws: fx.ws,
    queue: fx.queue,
    stages,
    limits: { pageTimeoutMs: 60_000, maxPages: 1000 },
    actor: 'worker',
    signal: new AbortController().signal,
    log: () => {},
    pollMs: 100,
    exitWhenIdleMs: 2500,
    ...extra,
  };
}

/** Ingests `files` (path → text) as one batch and enqueues it, as scaled `daylight batch` does. */
export async function queueTextBatch(ws: Workspace, queue: JobQueue, stages: readonly Stage[], files: Record<string, string>, name = 'b'): Promise<Batch> {
  const policy = defaultPolicy();
  const { batch } = await findOrCreateBatch(ws, { name, folder: '/in', policyHash: 'p' }, { codeVersion: 'test', actor: 'clerk' });
  await prepareScaledBatch(ws, batch, policy);
  for (const [path, text] of Object.entries(files)) {
    const bytes = new TextEncoder().encode(text);
    const blob = await putBlob(ws.blobs, bytes);
    if (!blob.ok) throw new Error(blob.problem.message);
    await insertDocument(ws, { batchId: batch.id, path, fileName: path, state: 'queued', sha256: sha256Hex(bytes), byteLength: bytes.length, originalBlob: blob.value }, 'clerk');
  }
  await enqueueBatch(ws, queue, batch, stages);
  return batch;
}

/** How many audit entries each (document, action) has: exactly-once means all 1. */
export async function auditCounts(ws: Workspace, batchId: string): Promise<Map<string, number>> {
  const { rows } = await ws.sql(
    "SELECT a.subject, a.action, COUNT(*) AS n FROM audit_log a JOIN documents d ON d.id = a.subject WHERE d.batch_id = $1 AND a.action LIKE 'document.%' GROUP BY a.subject, a.action",
    [batchId],
  );
  return new Map(rows.map((r) => [`${r.subject} ${r.action}`, Number(r.n)]));
}

/** The samples the mode-equivalence tests run: small, with findings of several kinds. */
export const EQUIVALENCE_SAMPLES = ['memo.pdf', 'benefits-letter.pdf', 'personnel-roster.pdf'];

/** A temp folder holding `in/` with copies of these sample documents, removed after the test file. */
export function sampleFolder(prefix: string, names: readonly string[] = EQUIVALENCE_SAMPLES): { temp: string; folder: string } {
  const temp = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(temp, { recursive: true, force: true }));
  const folder = join(temp, 'in');
  mkdirSync(folder);
  for (const f of names) copyFileSync(join(import.meta.dirname, '../../samples/documents', f), join(folder, f));
  return { temp, folder };
}

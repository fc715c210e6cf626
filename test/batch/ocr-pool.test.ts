/**
 * OCR start-up is paid once per batch, not per document: every scanned document
 * of a batch sends its pages to the one engine the batch starts (starting
 * tesseract.js workers costs about half a CPU second each, and their first page
 * more again), whichever worker thread renders them.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ok } from '../../pipeline/problems.ts';
import { runBatch } from '../../pipeline/batch/run-batch.ts';
import { extract } from '../../pipeline/batch/stages.ts';
import { listDocuments, openWorkspace } from '../../pipeline/workspace/store/index.ts';
import type { OcrEngine } from '../../pipeline/ocr/engine.ts';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';

const samples = join(import.meta.dirname, '..', '..', 'samples', 'documents');
const temp = mkdtempSync(join(tmpdir(), 'daylight-ocr-pool-'));
after(() => rmSync(temp, { recursive: true, force: true }));

test('a batch of scanned documents starts one OCR engine and sends every page to it', async () => {
  const folder = join(temp, 'in');
  mkdirSync(folder);
  const scans = ['benefits-letter-scan.png', 'personnel-roster-scan.png', 'memo-scan.pdf'];
  for (const name of scans) copyFileSync(join(samples, name), join(folder, name));
  const opened = await openWorkspace(join(temp, 'ws'), { databaseUrl: '' });
  assert.ok(opened.ok);

  let started = 0;
  let closed = 0;
  const pagesRead: number[] = [];
  const createOcr = async (): Promise<OcrEngine> => {
    started++;
    return {
      recognize: async (image) => {
        pagesRead.push(image.width);
        return ok({ lines: [], meanConfidence: 0 });
      },
      close: async () => {
        closed++;
      },
    };
  };
  const run = await runBatch({ folder, workspace: opened.value, policy: defaultPolicy(), concurrency: 2, stages: [extract], createOcr, actor: 'tester' });
  assert.ok(run.ok, run.ok ? '' : run.problem.message);
  const documents = await listDocuments(opened.value);
  assert.deepEqual(documents.map((d) => d.state).sort(), scans.map(() => 'extracted'));
  assert.ok(pagesRead.length >= scans.length, `${pagesRead.length} pages went to OCR`);
  assert.equal(started, 1, 'one engine for the whole batch');
  assert.equal(closed, 1, 'closed when the stage ended');
});

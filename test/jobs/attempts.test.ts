/**
 * Named attempt marks (the scaled worker's): a crash is counted at most once per
 * attempt, and an attempt another delivery counted as abandoned takes that count
 * back when it clears late (its worker lost the database exactly at the clear).
 * On both adapters.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { claimAttempt, clearAttempt, countAbandonedAttempt, crashesSoFar, markAttemptStarted, recordCrash } from '../../pipeline/batch/attempts.ts';
import { getCheckpoint } from '../../pipeline/workspace/store/index.ts';
import type { CheckpointKey } from '../../pipeline/workspace/store/index.ts';
import { bothAdapters } from '../support/workspaces.ts';

const { adapters, fresh } = await bothAdapters('daylight-attempts-');
let n = 0;
const newKey = (): CheckpointKey => ({ sha256: `doc-${++n}`.padEnd(64, '0'), stage: 'extract', policyHash: 'p', codeVersion: 'v' });
const markOf = (ws: Parameters<typeof getCheckpoint>[0], key: CheckpointKey) => getCheckpoint<{ pid: number | null }>(ws, { ...key, stage: `attempt/${key.stage}` });

for (const adapter of adapters) {
  describe(`attempt marks on ${adapter.name}`, { skip: adapter.skip }, () => {
    test('an attempt that comes back after another delivery counted it abandoned takes the count back', async () => {
      const ws = await fresh(adapter);
      const key = newKey();
      await markAttemptStarted(ws, key, 'job-1/0/0');
      // Worker 1 cannot reach the database to clear; its job is delivered again and the mark is seen open.
      assert.equal(await countAbandonedAttempt(ws, key), 1, 'an open mark counts as a crash');
      await markAttemptStarted(ws, key, 'job-1/1/0');
      // Worker 1's clear gets through at last.
      await clearAttempt(ws, key, 'job-1/0/0');
      assert.equal(await crashesSoFar(ws, key), 0, 'the attempt did not crash');
      assert.notEqual((await markOf(ws, key))?.pid, null, "the second delivery's attempt is still open");
      await clearAttempt(ws, key, 'job-1/1/0');
      assert.equal(await markOf(ws, key), undefined);
    });

    test('each attempt counts at most once, whoever counts it', async () => {
      const ws = await fresh(adapter);
      const key = newKey();
      await markAttemptStarted(ws, key, 'job-2/0/0');
      assert.equal(await countAbandonedAttempt(ws, key), 1);
      assert.equal(await countAbandonedAttempt(ws, key), 1, 'a closed mark is not counted again');
      // A worker thread died in the attempt the other delivery already counted: still one.
      await recordCrash(ws, key, 'job-2/0/0');
      assert.equal(await crashesSoFar(ws, key), 1);
      // A real second crash counts.
      await markAttemptStarted(ws, key, 'job-2/1/0');
      await recordCrash(ws, key, 'job-2/1/0');
      assert.equal(await crashesSoFar(ws, key), 2);
      assert.equal(await countAbandonedAttempt(ws, key), 2, 'nothing open: nothing more');
    });

    test('concurrent settling of one mark loses no change', async () => {
      const ws = await fresh(adapter);
      const key = newKey();
      const names = Array.from({ length: 6 }, (_, i) => `job-3/${i}/0`);
      // Six attempts each opened and counted abandoned by another delivery, then all cleared late at once.
      for (const name of names) {
        await markAttemptStarted(ws, key, name);
        await countAbandonedAttempt(ws, key);
      }
      assert.equal(await crashesSoFar(ws, key), 6);
      await Promise.all(names.map((name) => clearAttempt(ws, key, name)));
      assert.equal(await crashesSoFar(ws, key), 0);
    });

    test('a claim counts what was left open, and marks its own attempt only when nothing was', async () => {
      const ws = await fresh(adapter);
      const key = newKey();
      assert.equal(await claimAttempt(ws, key, 'job-4/0/0'), 0, 'nothing before it');
      assert.notEqual((await markOf(ws, key))?.pid, null, 'claimed: marked started');
      // Its worker died: the next delivery's claim counts it and marks nothing (the caller runs it alone, marking then).
      assert.equal(await claimAttempt(ws, key, 'job-4/1/0'), 1);
      assert.equal((await markOf(ws, key))?.pid, null, 'a claim after a crash leaves the mark closed');
      assert.equal(await claimAttempt(ws, key, 'job-4/2/0'), 1, 'a closed mark is not counted again');
      // As countAbandonedAttempt: an attempt counted abandoned that clears late takes its count back.
      const other = newKey();
      assert.equal(await claimAttempt(ws, other, 'job-5/0/0'), 0);
      assert.equal(await claimAttempt(ws, other, 'job-5/1/0'), 1);
      await clearAttempt(ws, other, 'job-5/0/0');
      assert.equal(await crashesSoFar(ws, other), 0);
      assert.equal(await claimAttempt(ws, other, 'job-5/2/0'), 0, 'no crash left: this one is marked');
      await clearAttempt(ws, other, 'job-5/2/0');
      assert.equal(await markOf(ws, other), undefined, 'a cleared claim leaves no mark');
    });

    test('the embedded batch, unnamed: as before (a clear removes the mark)', async () => {
      const ws = await fresh(adapter);
      const key = newKey();
      await markAttemptStarted(ws, key);
      await recordCrash(ws, key);
      await markAttemptStarted(ws, key);
      assert.equal(await crashesSoFar(ws, key), 1);
      await clearAttempt(ws, key);
      assert.equal(await markOf(ws, key), undefined);
    });
  });
}

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { STAGE_CHANNEL, WHOLE_MAIN_THREAD, WHOLE_PROCESS, collectStages, sumStages, timeStage, timeStageSync } from './stage-times.ts';
import type { StageTime } from './stage-times.ts';

const spin = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

test('stage times: each stage summed over its calls, nested stages each counted, waits without CPU', async () => {
  const times = collectStages();
  try {
    const value = await timeStage('outer', async () => {
      timeStageSync('inner', () => spin(15));
      timeStageSync('inner', () => spin(15));
      await timeStage('wait', () => new Promise((resolve) => setTimeout(resolve, 20)), { cpu: false });
      return 42;
    });
    assert.equal(value, 42);
    await assert.rejects(timeStage('failing', async () => Promise.reject(new Error('boom'))), /boom/);
    const byStage = new Map(times.totals().map((t) => [t.stage, t]));
    assert.deepEqual([...byStage.keys()], ['inner', 'wait', 'outer', 'failing']);
    assert.equal(byStage.get('inner')!.calls, 2);
    assert.ok(byStage.get('inner')!.wallMs >= 29, 'two busy 15 ms calls');
    assert.ok(byStage.get('inner')!.cpuMs! > 0);
    assert.equal(byStage.get('wait')!.cpuMs, undefined, 'a wait on another process reports no CPU');
    assert.ok(byStage.get('outer')!.wallMs >= byStage.get('inner')!.wallMs + byStage.get('wait')!.wallMs - 1);
  } finally {
    times.stop();
  }
  // Nobody listens: the stage is a plain call and nothing is recorded.
  const after = collectStages();
  after.stop();
  assert.equal(await timeStage('unheard', async () => 'plain'), 'plain');
  assert.deepEqual(after.totals(), []);
});

test('stage times: sums JSON lines of several threads as one table', () => {
  const totals = sumStages([
    { stage: 'a', wallMs: 10, cpuMs: 4 },
    { stage: 'b', wallMs: 5 },
    { stage: 'a', wallMs: 20, cpuMs: 6 },
  ]);
  assert.deepEqual(totals, [
    { stage: 'a', calls: 2, wallMs: 30, cpuMs: 10 },
    { stage: 'b', calls: 1, wallMs: 5 },
  ]);
});

test('stage times: DAYLIGHT_STAGE_TIMES makes a process append every stage to a file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'daylight-stages-'));
  try {
    const file = join(dir, 'stages.jsonl');
    const module = new URL('./stage-times.ts', import.meta.url).href;
    const script = `const { timeStage } = await import(${JSON.stringify(module)}); await timeStage('first', async () => 1); await timeStage('second', async () => 2);`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, DAYLIGHT_STAGE_TIMES: file }, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { stage: string; pid: number; thread: number; cpuMs?: number });
    // As the process ends: its main thread's and all its threads' CPU, for a run's split by where the CPU went.
    assert.deepEqual(lines.map((l) => l.stage), ['first', 'second', WHOLE_MAIN_THREAD, WHOLE_PROCESS]);
    assert.ok(lines.every((l) => l.pid === run.pid && l.thread === 0));
    const [main, all] = lines.slice(2).map((l) => l.cpuMs!);
    assert.ok(main > 0 && all >= main, `main thread ${main} ms, process ${all} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('stage times: a short stage is credited with its own CPU, not a tick later', { skip: process.platform !== 'linux' && 'the lag this guards against is Linux\'s' }, () => {
  // Each stage does some work between two readings of this thread's CPU, so each used some.
  // Read without bringing the running thread's time up to date, most such stages read 0.
  const seen: StageTime[] = [];
  const listener = (m: unknown) => seen.push(m as StageTime);
  subscribe(STAGE_CHANNEL, listener);
  try {
    for (let i = 0; i < 50; i++) {
      timeStageSync('short', () => {
        let x = 0;
        for (let j = 0; j < 20_000; j++) x += Math.sqrt(j);
        return x;
      });
    }
  } finally {
    unsubscribe(STAGE_CHANNEL, listener);
  }
  const short = seen.filter((t) => t.stage === 'short');
  assert.equal(short.length, 50);
  assert.deepEqual(short.filter((t) => !(t.cpuMs! > 0)), [], 'a stage that worked read no CPU');
});

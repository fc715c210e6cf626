import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runDirect, runTool } from './tool-runner.ts';

const request = (tool: string, args: string[]) => ({ tool, args, timeoutMs: 10_000, maxBuffer: 1024 * 1024 });

test('a tool run through the helper gives what it printed, as a direct run does', async () => {
  const args = ['-c', 'printf "page one\\fpage two"; printf warn >&2'];
  const [helped, direct] = await Promise.all([runTool(request('sh', args)), runDirect(request('sh', args))]);
  assert.equal(helped.stdout, 'page one\fpage two');
  assert.equal(helped.stderr, 'warn');
  assert.equal(helped.error, undefined);
  assert.deepEqual(helped, direct);
  // Started by the helper, not by this process.
  const parent = await runTool(request('sh', ['-c', 'echo $PPID']));
  assert.notEqual(Number(parent.stdout.trim()), process.pid);
  assert.equal(Number((await runDirect(request('sh', ['-c', 'echo $PPID']))).stdout.trim()), process.pid);
});

test('a missing tool and a failing tool come back as errors with their codes', async () => {
  const missing = await runTool(request('daylight-no-such-tool', []));
  assert.equal(missing.error?.code, 'ENOENT');
  const failing = await runTool(request('sh', ['-c', 'echo bad input >&2; exit 3']));
  assert.equal(failing.error?.code, 3);
  assert.equal(failing.stderr.trim(), 'bad input');
});

test('many requests at once each get their own reply', async () => {
  const replies = await Promise.all(Array.from({ length: 12 }, (_, i) => runTool(request('sh', ['-c', `echo ${i}`]))));
  assert.deepEqual(replies.map((r) => r.stdout.trim()), Array.from({ length: 12 }, (_, i) => String(i)));
});

test('a process that used the helper exits on its own once its tools are done', async () => {
  const runner = fileURLToPath(new URL('./tool-runner.ts', import.meta.url));
  const script = `const { runTool } = await import(${JSON.stringify(runner)}); const r = await runTool({ tool: 'sh', args: ['-c', 'echo done'], timeoutMs: 5000, maxBuffer: 65536 }); console.log(r.stdout.trim());`;
  const out = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', script], { timeout: 20_000 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
  assert.equal(out.trim(), 'done');
});

test('a helper started ahead runs the tools asked for later, and an unused one keeps nobody alive', async () => {
  const runner = fileURLToPath(new URL('./tool-runner.ts', import.meta.url));
  // The helper's pid as its child sees it, against what the tool then reports as its parent's.
  const used = `const { runTool, startToolHelper } = await import(${JSON.stringify(runner)});
    startToolHelper();
    const helper = (await import('node:fs')).readFileSync('/proc/self/task/' + process.pid + '/children', 'utf8').trim();
    const r = await runTool({ tool: 'sh', args: ['-c', 'echo $PPID'], timeoutMs: 5000, maxBuffer: 65536 });
    console.log(helper === r.stdout.trim() ? 'same helper' : 'helper ' + helper + ', tool parent ' + r.stdout.trim());`;
  const unused = `const { startToolHelper } = await import(${JSON.stringify(runner)}); startToolHelper(); console.log('started');`;
  for (const [script, expected] of [[used, 'same helper'], [unused, 'started']]) {
    const out = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--input-type=module', '-e', script], { timeout: 20_000 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
    });
    assert.equal(out.trim(), expected);
  }
});

test('a tool over its memory bound is stopped and says so; one within it runs as before', async () => {
  // dash holding 50 MB in a variable: refused at a 20 MB bound, fine without one. Building it took
  // over 10 s at load 20, so its time bound is far from what is tested here.
  const hog = { ...request('sh', ['-c', 'x=$(head -c 50000000 /dev/zero | tr "\\0" a); echo ${#x}']), timeoutMs: 300_000 };
  const unbounded = await runTool(hog);
  assert.equal(unbounded.stdout.trim(), '50000000', `the oracle: without a bound the tool takes what it asks for (${JSON.stringify(unbounded.error)})`);
  const bounded = await runTool({ ...hog, memoryBytes: 20 * 1024 * 1024 });
  assert.equal(bounded.error?.limit, 'memory', JSON.stringify(bounded.error));
  const small = await runTool({ ...request('sh', ['-c', 'echo fits']), memoryBytes: 20 * 1024 * 1024 });
  assert.equal(small.stdout.trim(), 'fits');
  assert.equal(small.error, undefined);
});

test('a bounded tool keeps its exit code, a missing one is ENOENT, and one past its time is stopped with limit "time"', async () => {
  const memoryBytes = 64 * 1024 * 1024;
  const failing = await runTool({ ...request('sh', ['-c', 'echo bad input >&2; exit 3']), memoryBytes });
  assert.equal(failing.error?.code, 3);
  assert.equal(failing.error?.limit, undefined);
  const missing = await runTool({ ...request('daylight-no-such-tool', []), memoryBytes });
  assert.equal(missing.error?.code, 'ENOENT');
  const slow = await runTool({ ...request('sh', ['-c', 'exec sleep 5']), timeoutMs: 300, memoryBytes });
  assert.equal(slow.error?.limit, 'time', JSON.stringify(slow.error));
});

/**
 * A shell pause until `n` tools have logged their start in the log at `log` (a shell word), then
 * 0.1 s more so each end is strictly later than every start; bounded at about 20 s so a runner that
 * never starts them all still ends (and the overlap check fails).
 */
function untilStarted(n: number, log: string): string {
  return `i=0; while [ "$(grep -c ' start ' ${log})" -lt ${n} ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done; sleep 0.1`;
}

test('with DAYLIGHT_TOOL_CONCURRENCY=1 tools run one at a time, in the order asked, and a failing tool frees its slot', async () => {
  const runner = fileURLToPath(new URL('./tool-runner.ts', import.meta.url));
  // Each tool writes its start and end times (ms) to the log; a tool that fails still ends. In
  // between it pauses: 0.3 s, or (the oracle's run) until all three have started, so tools that are
  // free to run together overlap however late the machine starts each one.
  const script = `
    const { runTool } = await import(${JSON.stringify(runner)});
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'daylight-toolcap-'));
    const log = join(dir, 'log');
    const pause = process.argv.at(-1) === 'together' ? ${JSON.stringify(untilStarted(3, '$LOG'))} : 'sleep 0.3';
    const step = (name, fail) => runTool({ tool: 'sh', args: ['-c', 'LOG=' + log + '; echo "' + name + ' start $(date +%s%3N)" >> ' + log + '; ' + pause + '; echo "' + name + ' end $(date +%s%3N)" >> ' + log + (fail ? '; exit 4' : '')], timeoutMs: 30000, maxBuffer: 65536 });
    const replies = await Promise.all([step('a', false), step('b', true), step('c', false)]);
    console.log(JSON.stringify({ codes: replies.map((r) => r.error?.code ?? 0), log: readFileSync(log, 'utf8') }));
    rmSync(dir, { recursive: true, force: true });
  `;
  const run = (concurrency: string, pause = 'sleep') =>
    new Promise<{ codes: (number | string)[]; log: string }>((resolve, reject) => {
      execFile(process.execPath, ['--input-type=module', '-e', script, pause], { timeout: 120_000, env: { ...process.env, DAYLIGHT_TOOL_CONCURRENCY: concurrency } }, (error, stdout) =>
        error ? reject(error) : resolve(JSON.parse(stdout)),
      );
    });
  const intervals = (log: string) => {
    const at = new Map<string, { start: number; end: number }>();
    for (const line of log.trim().split('\n')) {
      const [name, kind, ms] = line.split(' ');
      at.set(name, { ...(at.get(name) ?? { start: 0, end: 0 }), [kind]: Number(ms) });
    }
    return at;
  };
  const overlaps = (at: Map<string, { start: number; end: number }>) =>
    [...at.values()].some((x, i) => [...at.values()].some((y, j) => i !== j && x.start < y.end && y.start < x.end));

  // The oracle: with three slots the same tools do overlap.
  const free = await run('3', 'together');
  assert.ok(overlaps(intervals(free.log)), free.log);

  const one = await run('1');
  assert.deepEqual(one.codes, [0, 4, 0]);
  const at = intervals(one.log);
  assert.equal(overlaps(at), false, one.log);
  assert.deepEqual([...at.entries()].sort((x, y) => x[1].start - y[1].start).map(([name]) => name), ['a', 'b', 'c']);
  // c ran after b failed: the failure gave its slot back.
  assert.ok(at.get('c')!.start >= at.get('b')!.end, one.log);
});

test('threads that share the tool count keep to one bound between them; threads that do not, each have their own', async () => {
  const runner = fileURLToPath(new URL('./tool-runner.ts', import.meta.url));
  // Two worker threads each run one slow tool, logging its start and end; `share` says whether they
  // adopt the main thread's count. Apart (the oracle), each tool waits until both have started, so
  // they overlap however far apart the threads come up; shared, each pauses 0.4 s.
  const script = `
    const { Worker } = await import('node:worker_threads');
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { toolSlots } = await import(${JSON.stringify(runner)});
    const dir = mkdtempSync(join(tmpdir(), 'daylight-toolcap-'));
    const log = join(dir, 'log');
    const share = process.argv.at(-1) === 'share';
    const body = \`
      const { workerData, parentPort } = await import('node:worker_threads');
      const { runTool, shareToolSlots } = await import(\${JSON.stringify(${JSON.stringify(runner)})});
      if (workerData.share) shareToolSlots(workerData.toolSlots);
      const n = workerData.name, log = workerData.log;
      const pause = workerData.share ? 'sleep 0.4' : \${JSON.stringify(${JSON.stringify(untilStarted(2, '$LOG'))})};
      const r = await runTool({ tool: 'sh', args: ['-c', 'LOG=' + log + '; echo "' + n + ' start $(date +%s%3N)" >> ' + log + '; ' + pause + '; echo "' + n + ' end $(date +%s%3N)" >> ' + log], timeoutMs: 30000, maxBuffer: 65536 });
      parentPort.postMessage(r.error ? 'error' : 'ok');\`;
    const ran = await Promise.all(['a', 'b'].map((name) => new Promise((done) => new Worker(body, { eval: true, workerData: { name, log, share, toolSlots: toolSlots() } }).once('message', done))));
    console.log(JSON.stringify({ ran, log: readFileSync(log, 'utf8') }));
    rmSync(dir, { recursive: true, force: true });
  `;
  const run = (mode: string) =>
    new Promise<{ ran: string[]; log: string }>((resolve, reject) => {
      execFile(process.execPath, ['--input-type=module', '-e', script, mode], { timeout: 120_000, env: { ...process.env, DAYLIGHT_TOOL_CONCURRENCY: '1' } }, (error, stdout) =>
        error ? reject(error) : resolve(JSON.parse(stdout)),
      );
    });
  const overlap = (log: string) => {
    const at: Record<string, Record<string, number>> = {};
    for (const [name, kind, ms] of log.trim().split('\n').map((l) => l.split(' '))) (at[name] ??= {})[kind] = Number(ms);
    return at.a.start < at.b.end && at.b.start < at.a.end;
  };
  const apart = await run('own');
  assert.deepEqual(apart.ran, ['ok', 'ok']);
  assert.ok(overlap(apart.log), `the oracle: with a count each, the two threads' tools overlap\n${apart.log}`);
  const shared = await run('share');
  assert.deepEqual(shared.ran, ['ok', 'ok']);
  assert.equal(overlap(shared.log), false, shared.log);
});

test('output the helper sends back as bytes is read as UTF-8, as a direct run reads it', async () => {
  const args = ['-c', 'printf "caf\\303\\251 \\342\\202\\254 \\360\\237\\223\\204"'];
  const [helped, direct] = await Promise.all([runTool(request('sh', args)), runDirect(request('sh', args))]);
  assert.equal(direct.stdout, 'café € 📄');
  assert.deepEqual(helped, direct);
});

test("a tool's messages are kept only at their two ends: a flood of warnings is not held whole", async () => {
  // 4 MB of warnings between a first and a last line, as mutool prints on a self-drawing Type3 font.
  const flood = ['-c', 'echo first-line >&2; yes "warning: something odd in the content stream" | head -c 4000000 >&2; echo last-line >&2; exit 2'];
  const reply = await runTool(request('sh', flood));
  assert.equal(reply.error?.code, 2);
  assert.ok(reply.stderr.startsWith('first-line'), reply.stderr.slice(0, 100));
  assert.ok(reply.stderr.trimEnd().endsWith('last-line'), reply.stderr.slice(-100));
  assert.ok(reply.stderr.length < 100_000, `${reply.stderr.length} characters kept`);
  assert.match(reply.stderr, /bytes of messages left out/);
  // The oracle: the same tool's messages are 4 MB.
  const whole = await new Promise<number>((resolve) => {
    execFile('sh', flood, { maxBuffer: 64 * 1024 * 1024, encoding: 'buffer' }, (_e, _o, err) => resolve(err.length));
  });
  assert.ok(whole > 4_000_000);
});

test('a tool printing more than its maxBuffer is stopped with an error', async () => {
  const reply = await runTool(request('sh', ['-c', 'head -c 3000000 /dev/zero; sleep 5']));
  assert.equal(reply.error?.code, 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER');
  assert.ok(reply.stdout.length <= 1024 * 1024);
});

test('one verifying thread runs two tools at once; once a pool counts two threads that may verify, one at a time', async () => {
  const runner = fileURLToPath(new URL('./tool-runner.ts', import.meta.url));
  // Two tools asked for together, each logging its start and end. Alone (no pool counted), each
  // waits until both have started, so two slots show as an overlap however late the second starts;
  // with two threads counted, each pauses 0.4 s, so a second slot would show as an overlap too.
  const script = `
    const { runTool, countVerifyingThreads, toolConcurrency } = await import(${JSON.stringify(runner)});
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'daylight-toolpair-'));
    const log = join(dir, 'log');
    const threads = Number(process.argv.at(-1));
    countVerifyingThreads(threads);
    const pause = threads <= 1 ? ${JSON.stringify(untilStarted(2, '$LOG'))} : 'sleep 0.4';
    const step = (name) => runTool({ tool: 'sh', args: ['-c', 'LOG=' + log + '; echo "' + name + ' start $(date +%s%3N)" >> ' + log + '; ' + pause + '; echo "' + name + ' end $(date +%s%3N)" >> ' + log], timeoutMs: 30000, maxBuffer: 65536 });
    const replies = await Promise.all([step('a'), step('b')]);
    console.log(JSON.stringify({ limit: toolConcurrency(), codes: replies.map((r) => r.error?.code ?? 0), log: readFileSync(log, 'utf8') }));
    rmSync(dir, { recursive: true, force: true });
  `;
  const env = { ...process.env };
  delete env.DAYLIGHT_TOOL_CONCURRENCY;
  const run = (threads: number) =>
    new Promise<{ limit: number; codes: (number | string)[]; log: string }>((resolve, reject) => {
      execFile(process.execPath, ['--input-type=module', '-e', script, String(threads)], { timeout: 120_000, env }, (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout))));
    });
  const overlap = (log: string) => {
    const at: Record<string, Record<string, number>> = {};
    for (const [name, kind, ms] of log.trim().split('\n').map((l) => l.split(' '))) (at[name] ??= {})[kind] = Number(ms);
    return at.a.start < at.b.end && at.b.start < at.a.end;
  };
  const alone = await run(0);
  assert.equal(alone.limit, 2);
  assert.deepEqual(alone.codes, [0, 0]);
  assert.ok(overlap(alone.log), `one thread verifying: its two tools overlap\n${alone.log}`);
  const two = await run(2);
  assert.equal(two.limit, 1);
  assert.deepEqual(two.codes, [0, 0]);
  assert.equal(overlap(two.log), false, two.log);
});

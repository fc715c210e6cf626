import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, test } from 'node:test';
import { extractDocument } from '../extract/extract-document.ts';
import { textPdf } from '../extract/test-pdfs.ts';
import type { Redaction } from '../model/types.ts';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';
import { DEFAULT_RECYCLE_TASKS, TaskFailure, inlinePool, threadEnv, threadPool } from './task-pool.ts';
import { runTool, verifyingThreads } from '../../redaction/verify/tool-runner.ts';

const run = promisify(execFile);

const pool = threadPool(2);
after(() => pool.close());

test('a task run on a worker thread gives the same bytes as run inline, and several run side by side', async () => {
  const bytes = await textPdf([['Witness Jane Roe saw the truck.', 'Nothing else happened.']]);
  const extracted = await extractDocument({ bytes, fileName: 'w.pdf' }, {});
  assert.ok(extracted.ok);
  const word = extracted.value.pages[0].words.find((w) => w.text === 'Roe')!;
  const redactions: Redaction[] = [
    { id: 'r1', category: 'personal.name', exemption: 'b6', reason: 'a name', decision: 'accepted', boxes: [{ page: 1, box: word.box }], from: { findings: [] } },
  ];
  const policy = defaultPolicy();
  const options = { dpi: 100, date: new Date('2020-01-01T00:00:00Z') };
  const inline = await inlinePool().run('writeRedacted', { bytes, fileName: 'w.pdf' }, extracted.value, redactions, policy, options);
  const threaded = await Promise.all([1, 2, 3].map(() => pool.run('writeRedacted', { bytes, fileName: 'w.pdf' }, extracted.value, redactions, policy, options)));
  assert.ok(inline.ok);
  for (const t of threaded) {
    assert.ok(t.ok);
    assert.deepEqual(Buffer.from(t.value.pdf), Buffer.from(inline.value.pdf));
  }
  const report = await pool.run('verifyPdf', inline.value.pdf, { removed: ['Roe'], boxes: inline.value.boxes }, { tools: { pdftotext: false, mutool: false } });
  assert.equal(report.ok, true, JSON.stringify(report.problems));
});

test('a task whose arguments cannot be sent fails alone; the pool goes on', async () => {
  const bad = { engine: { recognize: () => undefined }, pages: [1] } as never;
  await assert.rejects(pool.run('verifyPdf', new Uint8Array([1]), { removed: [], boxes: [] }, { ocr: bad }), /could not be cloned/);
  const report = await pool.run('verifyPdf', new Uint8Array([1, 2, 3]), { removed: [], boxes: [] }, {});
  assert.equal(report.ok, false);
  assert.equal(report.problems[0].code, 'verify.unreadable');
});

test('a closed pool refuses new tasks', async () => {
  const closed = threadPool(1);
  await closed.close();
  await assert.rejects(closed.run('verifyPdf', new Uint8Array(), { removed: [], boxes: [] }), /closed/);
});

test('a library failure inside a thread fails that task alone with a code; the pool replaces the thread and goes on', async () => {
  const small = threadPool(1, { memoryMb: 64 });
  try {
    const failures: Record<string, string> = {};
    for (const kind of ['stray', 'exit', 'oom'] as const) {
      const error = await small.run('probe', kind).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof TaskFailure, `${kind}: ${String(error)}`);
      failures[kind] = error.code;
      // The next task runs on a fresh thread.
      assert.equal(await small.run('probe', 'ok'), 'ok');
    }
    assert.deepEqual(failures, { stray: 'input.library-error', exit: 'input.crashed', oom: 'resource.memory' });
    await assert.rejects(small.run('probe', 'throw'), /the probe threw/);
    assert.equal(await small.run('probe', 'ok'), 'ok');
    // Idle threads end between stages; the next task starts a fresh one.
    await small.recycle();
    assert.equal(await small.run('probe', 'ok'), 'ok');
  } finally {
    await small.close();
  }
});

test('a thread that holds more memory than its budget after a task, or has run its share of tasks, is replaced before the next', async () => {
  const lean = threadPool(1, { recycleMb: 48, recycleTasks: 1000 });
  const old = threadPool(1, { recycleMb: 10_000, recycleTasks: 2 });
  try {
    // Each `hold` keeps 64 MB of WebAssembly memory: over the 48 MB budget, so each runs on a fresh thread.
    const threads = [await lean.run('probe', 'hold'), await lean.run('probe', 'hold')];
    assert.notEqual(threads[0], threads[1]);
    const roomy = threadPool(1, { recycleMb: 10_000, recycleTasks: 1000 });
    try {
      assert.equal(await roomy.run('probe', 'hold'), await roomy.run('probe', 'hold'), 'under budget, the thread is kept');
    } finally {
      await roomy.close();
    }
    const ages = [await old.run('probe', 'hold'), await old.run('probe', 'hold'), await old.run('probe', 'hold')];
    assert.equal(ages[0], ages[1]);
    assert.notEqual(ages[1], ages[2], 'replaced after two tasks');
  } finally {
    await lean.close();
    await old.close();
  }
});

test('with the default bounds a thread is kept for a long batch: its start-up (seconds of CPU) is not paid again every dozen documents', async () => {
  const lasting = threadPool(1);
  try {
    // 60 tasks: a 30-document batch's extraction and release. The old bound (25 tasks) replaced the thread twice.
    const seen = new Set<string>();
    for (let i = 0; i < 60; i++) seen.add(await lasting.run('probe', 'thread'));
    assert.equal(seen.size, 1, `the tasks ran on ${[...seen].join(', ')}`);
    assert.ok(DEFAULT_RECYCLE_TASKS > 60);
  } finally {
    await lasting.close();
  }
});

test('threads share the module compile cache their process enabled, so each does not compile the code afresh', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'daylight-compile-cache-'));
  try {
    // A fresh process: it enables the cache as bin/daylight.mjs does (not through the environment), then asks a thread.
    const script = `
      import { enableCompileCache } from 'node:module';
      enableCompileCache(${JSON.stringify(dir)});
      const { threadPool } = await import(${JSON.stringify(new URL('./task-pool.ts', import.meta.url).href)});
      const pool = threadPool(1);
      console.log(await pool.run('probe', 'compile-cache'));
      await pool.close();`;
    const env = { ...process.env };
    delete env.NODE_COMPILE_CACHE;
    const file = join(dir, 'ask-a-thread.mjs');
    await writeFile(file, script);
    const { stdout } = await run(process.execPath, [file], { env });
    // Node keeps each version's cache in a folder of its own inside the one named.
    assert.ok(stdout.trim().startsWith(dir), `the thread's cache: ${stdout.trim()}`);
    assert.deepEqual(threadEnv({ A: '1' }, undefined), { A: '1' }, 'no cache, nothing added');
    assert.equal(threadEnv({ NODE_COMPILE_CACHE: '/elsewhere' }, dir).NODE_COMPILE_CACHE, '/elsewhere', 'a cache chosen by the user is kept');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("every thread's outside tools run in one helper process, the one the pool's own thread uses", async () => {
  const two = threadPool(2);
  try {
    // Two tasks at once, so both threads start; each asks which process started its tool.
    const answers = await Promise.all([two.run('probe', 'tool-parent'), two.run('probe', 'tool-parent')]);
    const [threads, parents] = [0, 1].map((i) => answers.map((a) => a.split(': ')[i]));
    assert.notEqual(threads[0], threads[1], 'two threads asked');
    const own = (await runTool({ tool: 'sh', args: ['-c', 'echo $PPID'], timeoutMs: 60_000, maxBuffer: 1024 })).stdout.trim();
    assert.notEqual(own, String(process.pid), 'the oracle: this thread starts its tools from a helper, not itself');
    assert.deepEqual(parents, [own, own]);
  } finally {
    await two.close();
  }
});

test('a pool made to start with one thread runs tasks sent together on that one, and on more only after grow()', async () => {
  const lazy = threadPool(2, { startWith: 1 });
  try {
    const before = await Promise.all([1, 2, 3].map(() => lazy.run('probe', 'slow-thread')));
    assert.equal(new Set(before).size, 1, `before grow(): ${before.join(', ')}`);
    lazy.grow();
    const after = await Promise.all([1, 2].map(() => lazy.run('probe', 'slow-thread')));
    assert.equal(new Set(after).size, 2, `after grow(): ${after.join(', ')}`);
  } finally {
    await lazy.close();
  }
});

test('grow() lets tasks that were already waiting start on a new thread at once', async () => {
  const lazy = threadPool(2, { startWith: 1 });
  try {
    const sent = [lazy.run('probe', 'slow-thread'), lazy.run('probe', 'slow-thread')];
    lazy.grow();
    const threads = await Promise.all(sent);
    assert.equal(new Set(threads).size, 2, threads.join(', '));
  } finally {
    await lazy.close();
  }
});

test('an idle thread with nothing queued loads the modules of the task named by preloadWhenIdle, once; tasks sent later run after it', async () => {
  const pool = threadPool(1);
  try {
    const first = await pool.run('probe', 'loaded');
    assert.doesNotMatch(first, /verifyPdf/, 'the oracle: not loaded before');
    pool.preloadWhenIdle('verifyPdf');
    const after = await pool.run('probe', 'loaded');
    assert.equal(after.split(': ')[0], first.split(': ')[0], 'the same thread');
    assert.match(after, /verifyPdf/);
    assert.match(after, /preload/);
    // Stopped: a new thread (after a recycle) loads nothing more.
    pool.preloadWhenIdle(undefined);
    await pool.recycle();
    assert.doesNotMatch(await pool.run('probe', 'loaded'), /verifyPdf/);
  } finally {
    await pool.close();
  }
});

test('a pool tells the tool runner how many of its threads may verify: those it may start, all once grown, none once closed', async () => {
  // The module's pool of two is counted already: the figures below are over it.
  const before = verifyingThreads();
  const small = threadPool(3, { startWith: 1 });
  assert.equal(verifyingThreads(), before + 1);
  small.grow();
  assert.equal(verifyingThreads(), before + 3);
  small.grow();
  assert.equal(verifyingThreads(), before + 3);
  await small.close();
  assert.equal(verifyingThreads(), before);
  await small.close();
  assert.equal(verifyingThreads(), before);
});

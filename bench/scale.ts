/**
 * @module
 * Scale-out benchmark: the same fixed corpus (bench/batch.ts's mixed corpus:
 * text PDFs, scanned PDFs, PNG and JPEG scans) through `daylight batch` in the
 * scaled mode (PostgreSQL on loopback) with 1, 2 and 4 `daylight worker`
 * processes, beside the embedded mode (`daylight batch` alone, node:sqlite).
 *
 * Scaled time = from the first job's start to the last job's completion, read
 * from the job table's timestamps (so process start-up and the ingest are not
 * counted). The workers are started, and have warmed up (`pipeline/jobs/warm-up.ts`),
 * before the batch is queued. `--timeline` adds, per stage, the jobs, their
 * summed seconds and their span; per worker, its jobs, idle gaps and first-use
 * costs; the CPU each process (workers, the batch command, PostgreSQL) used
 * while the batch ran; PostgreSQL's wait events, sampled; and, from /proc every
 * 200 ms (`support/proc-sample.ts`), each stage's CPU by kind of thread (main,
 * worker threads, V8's background threads, libuv, libvips, tool processes), the
 * seconds its threads stood runnable waiting for a core, each worker's runnable
 * threads, and where the machine's cores went (ours, everything else, idle,
 * steal). Embedded time =
 * the batch command's own stage time (its summary); the embedded default runs
 * one document per core at once, so `--embedded-serial` adds the embedded
 * batch with `--concurrency 1`, one worker's like-for-like peer.
 * Each scaled run is also split at its last extraction's end: the extraction (and
 * OCR) phase, then detection, redaction and the rest, each with its speed-up over
 * one worker (one worker extracts at about one core but redacts at nearly two).
 * CPU seconds per page = CPU of every process involved (all threads) / pages.
 * The machine's load average is printed beside each run: on a shared machine
 * the ratios say more than the times, and a busy machine flattens the scaling.
 *
 *   npm run bench -- scale                  # 40 pages
 *   node bench/scale.ts --pages 80 --workers 1,2,4
 *   node bench/scale.ts --workers 2 --skip-embedded --timeline   # one scaled run, where its time goes
 *   node bench/scale.ts --workers 2 --skip-embedded --worker-flags '--v8-pool-size=1'   # Node flags for the workers
 *   node bench/scale.ts --workers 1,2 --skip-embedded --baseline DIR   # also another checkout's workers, taking turns
 *   npm run bench -- scale --skip-embedded --repeat 5   # 1 and 2 workers taking turns 5 times: each run, the median speed-up and its spread
 *
 * PostgreSQL: $DAYLIGHT_BENCH_DATABASE_URL (a server where databases may be
 * created), else a throwaway cluster started here (Debian's binaries).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { testPostgres } from '../test/support/postgres.ts';
import { openWorkspace } from '../pipeline/workspace/store/index.ts';
import { liveDescendantsCpuSeconds } from './support/child-cpu.ts';
import { KINDS, cpuTotal, sampleTrees } from './support/proc-sample.ts';
import type { Series } from './support/proc-sample.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const cli = join(root, 'bin', 'daylight.mjs');
const cpuHook = join(here, 'support', 'cpu-on-exit.ts');
const { values } = parseArgs({ options: { pages: { type: 'string', default: '40' }, workers: { type: 'string' }, heartbeat: { type: 'string' }, repeat: { type: 'string', default: '1' }, timeline: { type: 'boolean' }, jobs: { type: 'boolean' }, 'embedded-serial': { type: 'boolean' }, 'skip-embedded': { type: 'boolean' }, 'worker-flags': { type: 'string' }, baseline: { type: 'string' } } });
const pages = Number(values.pages);
const rounds = Math.max(1, Number(values.repeat) || 1);
// Repeated runs are about the 2-worker ratio: 1 and 2 workers unless asked otherwise.
const workerCounts = (values.workers ?? (rounds > 1 ? '1,2' : '1,2,4')).split(',').map(Number);

interface RunResult {
  mode: string;
  workers: number;
  pages: number;
  seconds: number;
  cpuSeconds: number;
  inReview: number;
  failed: number;
  load: number;
  /** Which checkout ran it: this one, or `--baseline`'s. */
  checkout: string;
  /** Scaled runs: seconds until the last extraction ended, and from then to the last completion (detection, redaction, the rest). */
  phases?: { extract: number; rest: number };
  /**
   * Scaled runs: the workers' CPU (every thread, not their tool processes) from the batch's start to its
   * end, so without their start-up and warm-up, which `cpuSeconds` counts once per worker process.
   */
  workerWindowCpu?: number;
  /** Scaled runs: which round of `--repeat` (from 1). */
  round?: number;
  /**
   * Scaled runs, from /proc: cores (of the machine's) left idle on average in each phase, and over the
   * batch's run (ingest included) the cores our processes used (workers, batch command, PostgreSQL) and
   * everything else did.
   */
  machine?: { idleExtract: number; idleRest: number; ours: number; tools: number; others: number; idle: number; bench: number };
}

function cpuOf(file: string): number {
  if (!existsSync(file)) return 0;
  return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).reduce((n, l) => n + (JSON.parse(l) as { cpuSeconds: number }).cpuSeconds, 0);
}

const THIS = 'this checkout';
/** `daylight` of this checkout, or of `--baseline`'s (a before/after in the same run). */
const bins: Record<string, string> = { [THIS]: cli, ...(values.baseline ? { [`baseline ${values.baseline}`]: join(values.baseline, 'bin', 'daylight.mjs') } : {}) };

function daylight(args: string[], env: NodeJS.ProcessEnv, checkout = THIS) {
  const flags = args[0] === 'worker' ? (values['worker-flags'] ?? process.env.BENCH_WORKER_FLAGS ?? '').split(' ').filter(Boolean) : [];
  return spawn(process.execPath, [...flags, '--import', cpuHook, bins[checkout], ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
}

function finished(child: ReturnType<typeof spawn>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

/** Resolves when a worker says it takes jobs (after its warm-up). */
function ready(child: ReturnType<typeof spawn>): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer) => {
      seen += d;
      if (/taking jobs/.test(seen)) {
        child.stderr!.off('data', onData);
        resolve();
      }
    };
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`a worker exited (${code}) before it was ready:\n${seen.slice(-2000)}`)));
  });
}

interface Summary {
  documents: { total: number; ok: number; failed: number; duplicate: number };
  pages?: number;
  seconds?: number;
}

function summaryOf(out: { code: number | null; stdout: string; stderr: string }): Summary {
  const last = out.stdout.trim().split('\n').at(-1);
  if (!last) throw new Error(`daylight batch exited ${out.code} without a summary:\n${out.stderr.slice(-2000)}`);
  return JSON.parse(last);
}

/** The embedded batch; `concurrency` 1 runs one document at a time, as one worker does (the default is one per core). */
async function embedded(corpus: string, temp: string, concurrency?: number): Promise<RunResult> {
  const name = `embedded-${concurrency ?? 'default'}`;
  const cpuFile = join(temp, `cpu-${name}.jsonl`);
  const env = { ...process.env, DAYLIGHT_DATABASE_URL: '', DAYLIGHT_BENCH_CPU_FILE: cpuFile };
  const load = loadavg()[0];
  const out = await finished(daylight(['batch', corpus, '--workspace', join(temp, `ws-${name}`), '--json', '--quiet', ...(concurrency ? ['--concurrency', String(concurrency)] : [])], env));
  if (out.code !== 0 && out.code !== 1) throw new Error(`embedded batch exited ${out.code}: ${out.stderr}`);
  const s = summaryOf(out);
  return { mode: concurrency ? `embedded, --concurrency ${concurrency}` : `embedded (node:sqlite, one process, ${availableParallelism()} documents at once)`, workers: 0, pages: s.pages ?? 0, seconds: s.seconds ?? 0, cpuSeconds: cpuOf(cpuFile), inReview: s.documents.ok, failed: s.documents.failed, load, checkout: THIS };
}

async function scaled(corpus: string, temp: string, url: string, workers: number, checkout = THIS): Promise<RunResult> {
  const tag = `${workers}-${Object.keys(bins).indexOf(checkout)}`;
  const cpuFile = join(temp, `cpu-${tag}.jsonl`);
  // each process appends its CPU to this file when it exits: a repeated run starts it afresh, or its CPU per page
  // would add up the earlier rounds' processes too
  rmSync(cpuFile, { force: true });
  const ws = join(temp, `ws-scaled-${tag}`);
  const env = { ...process.env, DAYLIGHT_DATABASE_URL: url, DAYLIGHT_BENCH_CPU_FILE: cpuFile, ...(values.heartbeat ? { DAYLIGHT_JOB_HEARTBEAT_SECONDS: values.heartbeat } : {}) };
  // The workspace first (tables, audit key), then the workers, each warmed up and saying so, then the
  // batch: the clock times the batch's work, not how long a worker process takes to start.
  const made = await openWorkspace(ws, { databaseUrl: url });
  if (!made.ok) throw new Error(made.problem.message);
  await made.value.close();
  const procs = Array.from({ length: workers }, () => daylight(['worker', '--workspace', ws, '--json'], env, checkout));
  const ends = procs.map(finished);
  await Promise.all(procs.map(ready));
  const load = loadavg()[0];
  const postmaster = await postmasterPid(url);
  const serverAtStart = treeCpuSeconds(postmaster);
  const xactsAtStart = await transactionsOf(url);
  const batchProc = daylight(['batch', corpus, '--workspace', ws, '--json', '--quiet'], env, checkout);
  const cpuAtStart = procs.map((p) => procCpuSeconds(p.pid!));
  const toolsAtStart = procs.map((p) => liveDescendantsCpuSeconds(p.pid!));
  let batchCpu = 0;
  const batchCpuWatch = setInterval(() => (batchCpu = Math.max(batchCpu, treeCpuSeconds(batchProc.pid!))), 500);
  const waits = values.timeline ? sampleWaits(url) : undefined;
  const roots = [...procs.map((p) => p.pid!), batchProc.pid!, ...(postmaster ? [postmaster] : [])];
  // Without --timeline only the machine's figures (idle cores per phase): two small files a tick.
  const sampler = sampleTrees(values.timeline ? roots : [], 200);
  const watchStart = Date.now();
  // This process's own CPU (the samplers above) is on the same cores: part of "everything else".
  const benchAtStart = process.cpuUsage();
  const out = await finished(batchProc);
  const watchEnd = Date.now();
  const benchUsage = process.cpuUsage(benchAtStart);
  const series = sampler.stop();
  clearInterval(batchCpuWatch);
  const cpuAtEnd = procs.map((p) => procCpuSeconds(p.pid!));
  // A tool runner that exited meanwhile is missed (it lives as long as its worker).
  const toolsCpu = procs.reduce((n, p, i) => n + Math.max(0, liveDescendantsCpuSeconds(p.pid!) - toolsAtStart[i]), 0);
  const serverCpu = treeCpuSeconds(postmaster) - serverAtStart;
  const waitCounts = await waits?.stop();
  for (const p of procs) p.kill('SIGTERM');
  await Promise.all(ends);
  if (out.code !== 0 && out.code !== 1) throw new Error(`scaled batch exited ${out.code}: ${out.stderr}`);
  const s = summaryOf(out);
  // Counted after the workers stopped (a session reports its counts when it ends; the idle polls are in it), and
  // before this bench's own queries on the batch's database below.
  const xacts = values.timeline ? (await transactionsOf(url)) - xactsAtStart : 0;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query("SELECT EXTRACT(EPOCH FROM (MAX(completed_on) - MIN(started_on)))::float AS seconds FROM pgboss.job WHERE name = 'daylight-stage'");
  const split = await client.query(`SELECT EXTRACT(EPOCH FROM MIN(started_on))::float * 1000 AS first, EXTRACT(EPOCH FROM MAX(completed_on) FILTER (WHERE data->>'stage' = 'extract'))::float * 1000 AS extracted,
    EXTRACT(EPOCH FROM MAX(completed_on))::float * 1000 AS last FROM pgboss.job WHERE name = 'daylight-stage'`);
  if (values.timeline) {
    await timeline(client, workers, Number(rows[0].seconds));
    const window = cpuAtEnd.map((c, i) => c - cpuAtStart[i]);
    const seconds = Number(rows[0].seconds);
    process.stderr.write(`    CPU while the batch ran (s): workers ${window.map((c) => c.toFixed(1)).join(', ')}; the batch command ${batchCpu.toFixed(1)} (ingest included); PostgreSQL ${serverCpu.toFixed(1)}. Cores used: workers ${(window.reduce((a, b) => a + b, 0) / seconds).toFixed(2)}, all three ${((window.reduce((a, b) => a + b, 0) + batchCpu + serverCpu) / seconds).toFixed(2)}\n`);
    process.stderr.write(`    CPU per process, whole life (s): ${readFileSync(cpuFile, 'utf8').trim().split('\n').map((l) => { const j = JSON.parse(l) as { argv: string[]; cpuSeconds: number }; return `${j.argv.join(' ')}=${j.cpuSeconds.toFixed(1)}`; }).join(' ')}\n`);
    if (waitCounts) process.stderr.write(`    PostgreSQL sessions seen active (every 250 ms), by wait event: ${[...waitCounts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}=${n}`).join(', ') || 'none'}\n`);
    await perJob(client, series, procs.map((p) => p.pid!), batchProc.pid!, postmaster);
    const jobCount = Number((await client.query("SELECT COUNT(*)::int AS n FROM pgboss.job WHERE name = 'daylight-stage'")).rows[0].n);
    process.stderr.write(`    PostgreSQL transactions (each statement outside one counts as one) while the batch ran: ${xacts}, ${(xacts / Math.max(1, jobCount)).toFixed(1)} per job (${jobCount} jobs; the batch command's ingest and progress included${benchApart ? '; this bench\'s own sampling and timeline queries not' : ', and this bench\'s own sampling (every 250 ms)'})\n`);
  }
  await client.end();
  const at = split.rows[0] as { first: number | null; extracted: number | null; last: number | null } | undefined;
  const phases = at?.first == null || at.extracted == null || at.last == null ? undefined : { extract: (at.extracted - at.first) / 1000, rest: (at.last - at.first) / 1000 - (at.extracted - at.first) / 1000 };
  // Idle cores on average between two moments, from /proc/stat.
  const idleBetween = (a: number, b: number) => (series.machineAt(b).idle - series.machineAt(a).idle) / Math.max(0.001, (b - a) / 1000);
  const watched = (watchEnd - watchStart) / 1000;
  const oursCpu = cpuAtEnd.reduce((n, c, i) => n + c - cpuAtStart[i], 0) + batchCpu + serverCpu;
  const busy = series.machineAt(watchEnd).busy - series.machineAt(watchStart).busy;
  const machine = at?.first == null || at.extracted == null || at.last == null ? undefined : {
    idleExtract: idleBetween(at.first, at.extracted),
    idleRest: idleBetween(at.extracted, at.last),
    ours: oursCpu / watched,
    tools: toolsCpu / watched,
    others: Math.max(0, busy - oursCpu - toolsCpu) / watched,
    idle: idleBetween(watchStart, watchEnd),
    bench: (benchUsage.user + benchUsage.system) / 1e6 / watched,
  };
  const workerWindowCpu = cpuAtEnd.reduce((n, c, i) => n + c - cpuAtStart[i], 0);
  return { mode: `scaled (PostgreSQL + pg-boss)${checkout === THIS ? '' : `, ${checkout}`}`, workers, pages: s.pages ?? 0, seconds: Number(rows[0].seconds), cpuSeconds: cpuOf(cpuFile), workerWindowCpu, inReview: s.documents.ok, failed: s.documents.failed, load, phases, machine, checkout };
}

/** CPU seconds (user + system, every thread) a live process has used, from /proc (0 where there is no /proc). */
function procCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 Hz on Linux)
  } catch {
    return 0;
  }
}

/** Transactions committed and rolled back in the database so far (pg_stat_database). */
async function transactionsOf(url: string): Promise<number> {
  const client = await benchClient(url);
  try {
    // A fresh snapshot of the statistics, not the one this session cached.
    await client.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await client.query('SELECT (xact_commit + xact_rollback)::bigint AS n FROM pg_stat_database WHERE datname = $1', [databaseOf(url)]);
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

/** The database a URL names. */
function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

/**
 * Whether this bench's own statistics and sampling queries run on the server's `postgres` database (true once one
 * connected there), so that the batch's database counts the workers' and the batch command's transactions only: the
 * 250 ms sampling alone made about four a second, more than the workers' share on a long (loaded) run.
 */
let benchApart = false;

/** A connection for this bench's own looks at the server: on its `postgres` database where there is one, else the batch's. */
async function benchClient(url: string): Promise<pg.Client> {
  const other = new URL(url);
  other.pathname = '/postgres';
  const apart = new pg.Client({ connectionString: other.toString() });
  try {
    await apart.connect();
    benchApart = true;
    return apart;
  } catch {
    await apart.end().catch(() => undefined);
    benchApart = false;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return client;
  }
}

/** The PostgreSQL server's process id (the parent of this connection's backend). */
async function postmasterPid(url: string): Promise<number | undefined> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT pg_backend_pid() AS pid');
    const stat = readFileSync(`/proc/${rows[0].pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  } finally {
    await client.end();
  }
}

/**
 * CPU seconds of a process and its live children: the PostgreSQL server and its backends, or
 * `daylight batch` (a supervisor) and the batch process it runs. Children that ended meanwhile
 * are not counted.
 */
function treeCpuSeconds(parent: number | undefined): number {
  if (parent === undefined) return 0;
  let total = procCpuSeconds(parent);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent) total += procCpuSeconds(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return total;
}

/** Samples pg_stat_activity every 250 ms: how often sessions were seen active, by wait event (lock waits show here). */
function sampleWaits(url: string): { stop(): Promise<Map<string, number>> } {
  const counts = new Map<string, number>();
  let running = true;
  const loop = (async () => {
    // pg_stat_activity shows every database's sessions: looked at from `postgres`, the sampling adds no transaction to the batch's.
    const client = await benchClient(url);
    while (running) {
      const { rows } = await client.query("SELECT COALESCE(wait_event_type || ':' || wait_event, 'cpu') AS w, application_name AS app FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND pid <> pg_backend_pid()", [databaseOf(url)]);
      for (const r of rows) counts.set(`${r.app || 'daylight'} ${r.w}`, (counts.get(`${r.app || 'daylight'} ${r.w}`) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await client.end();
  })();
  return {
    async stop() {
      running = false;
      await loop.catch(() => undefined);
      return counts;
    },
  };
}

/** Per stage and per worker, from the job table: what ran when, and where workers stood idle. */
async function timeline(client: pg.Client, workers: number, total: number): Promise<void> {
  const zero = "(SELECT MIN(started_on) FROM pgboss.job WHERE name = 'daylight-stage')";
  const t = await client.query(`SELECT data->>'stage' AS stage, COUNT(*)::int AS jobs,
    SUM(EXTRACT(EPOCH FROM (completed_on - started_on)))::float AS busy,
    EXTRACT(EPOCH FROM (MIN(started_on) - ${zero}))::float AS first_start,
    EXTRACT(EPOCH FROM (MAX(completed_on) - ${zero}))::float AS last_end,
    EXTRACT(EPOCH FROM AVG(started_on - created_on))::float AS wait
    FROM pgboss.job WHERE name = 'daylight-stage' GROUP BY 1 ORDER BY MIN(started_on)`);
  process.stderr.write(`  ${workers} worker(s), ${total.toFixed(1)} s: stage, jobs, job-seconds, first start → last end (s), mean wait in queue (s)\n`);
  for (const r of t.rows) process.stderr.write(`    ${r.stage}\t${r.jobs}\t${r.busy.toFixed(1)}\t${r.first_start.toFixed(1)} → ${r.last_end.toFixed(1)}\t${r.wait.toFixed(2)}\n`);
  const jobs = await client.query(`SELECT output->>'worker' AS worker, data->>'stage' AS stage,
    EXTRACT(EPOCH FROM (created_on - ${zero}))::float AS created,
    EXTRACT(EPOCH FROM (started_on - ${zero}))::float AS start, EXTRACT(EPOCH FROM (completed_on - ${zero}))::float AS "end"
    FROM pgboss.job WHERE name = 'daylight-stage' AND state = 'completed' ORDER BY started_on`);
  // A job sent while the worker that took it stood idle (its last job done, or none yet): the
  // seconds from the send to the start are the queue's wake-up latency (a poll, or a notice), not
  // work. Jobs sent while their worker was busy wait for the worker, and are not counted.
  const lastEnd = new Map<string, number>();
  const pickups: number[] = [];
  for (const j of jobs.rows as { worker: string | null; created: number; start: number; end: number }[]) {
    const w = j.worker ?? '?';
    const free = lastEnd.get(w) ?? -Infinity;
    if (j.created >= free) pickups.push(j.start - Math.max(0, j.created));
    lastEnd.set(w, Math.max(free, j.end));
  }
  const sortedPickups = [...pickups].sort((a, b) => a - b);
  process.stderr.write(`    jobs sent while their worker stood idle: ${pickups.length}, ${pickups.reduce((n, x) => n + x, 0).toFixed(2)} s from send to start in all (median ${pickups.length ? (sortedPickups[Math.floor(pickups.length / 2)] * 1000).toFixed(0) : '-'} ms, longest ${pickups.length ? (sortedPickups.at(-1)! * 1000).toFixed(0) : '-'} ms)\n`);
  // The barrier, from the same rows: the last extraction's end, the detect job's start and end, and the
  // first redaction's start. Until that start every other worker stands idle: the detect job's work
  // before its first commit is what the batch waits for here.
  const all = jobs.rows as { stage: string; start: number; end: number }[];
  const extracted = Math.max(...all.filter((j) => j.stage === 'extract').map((j) => j.end));
  const detects = all.filter((j) => j.stage === 'detect');
  const firstRedact = Math.min(...all.filter((j) => j.stage === 'redact').map((j) => j.start));
  if (detects.length > 0 && Number.isFinite(extracted) && Number.isFinite(firstRedact)) {
    const detect = { start: Math.min(...detects.map((j) => j.start)), end: Math.max(...detects.map((j) => j.end)) };
    process.stderr.write(`    barrier: last extraction ends ${extracted.toFixed(2)} s, detect job ${detect.start.toFixed(2)} → ${detect.end.toFixed(2)} s, first redaction starts ${firstRedact.toFixed(2)} s: ${(firstRedact - extracted).toFixed(2)} s from the last extraction to the first redaction (${(firstRedact - detect.start).toFixed(2)} s into the detect job)\n`);
  }
  await slots(client, zero);
  const byWorker = new Map<string, { stage: string; start: number; end: number }[]>();
  for (const j of jobs.rows) byWorker.set(j.worker ?? '?', [...(byWorker.get(j.worker ?? '?') ?? []), j]);
  process.stderr.write('    worker: jobs, busy s, idle s inside its span (gaps > 0.5 s: where), first start, last end\n');
  for (const [w, list] of byWorker) {
    const busy = list.reduce((n, j) => n + j.end - j.start, 0);
    const gaps = list.slice(1).map((j, i) => ({ at: list[i].end, gap: j.start - list[i].end, before: j.stage })).filter((g) => g.gap > 0.5);
    const idle = list.slice(1).reduce((n, j, i) => n + Math.max(0, j.start - list[i].end), 0);
    process.stderr.write(`    ${w}: ${list.length}, ${busy.toFixed(1)}, ${idle.toFixed(1)} (${gaps.map((g) => `${g.gap.toFixed(1)} s at ${g.at.toFixed(1)} before ${g.before}`).join('; ') || 'none'}), ${list[0].start.toFixed(1)}, ${list.at(-1)!.end.toFixed(1)}\n`);
    // A worker's first job of a stage against the stage's median: what first use costs in a process
    // (jobs go biggest first, so a first job is also often the biggest).
    const stages = [...new Set(list.map((j) => j.stage))];
    process.stderr.write(`      first / median job of each stage (s; the first is often the biggest): ${stages.map((st) => {
      const d = list.filter((j) => j.stage === st).map((j) => j.end - j.start);
      const sorted = [...d].sort((a, b) => a - b);
      return `${st} ${d[0].toFixed(2)} / ${sorted[Math.floor(sorted.length / 2)].toFixed(2)}`;
    }).join(', ')}\n`);
  }
}

/** The union of intervals, clipped to [from, to], in order. */
function unionOf(intervals: readonly (readonly [number, number])[], from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  for (const [a, b] of [...intervals].map(([a, b]) => [Math.max(a, from), Math.min(b, to)] as const).filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0])) {
    const last = out.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

const spanOf = (xs: readonly (readonly [number, number])[]) => xs.reduce((n, [a, b]) => n + b - a, 0);

/** What of `xs` (a union) lies inside `ys` (a union). */
function overlapOf(xs: readonly (readonly [number, number])[], ys: readonly (readonly [number, number])[]): number {
  let n = 0;
  for (const [a, b] of xs) for (const [c, d] of ys) n += Math.max(0, Math.min(b, d) - Math.max(a, c));
  return n;
}

/**
 * Each worker's job slot by phase (`--timeline`): the extraction phase (the first job's start to
 * the last extraction's end) and the rest (to the last completion). A worker holds a job from its
 * start to its completion (commit included); otherwise it stands idle, either while some job waited
 * in the queue (created, not yet taken: the fetch's or notice's latency, or the other worker took
 * it) or with nothing to take (a dependency: the last extraction before detection, detection's
 * first commit before the redactions, another worker's last job at the end). `--jobs` lists the
 * rest phase's jobs.
 */
async function slots(client: pg.Client, zero: string): Promise<void> {
  const { rows } = await client.query(`SELECT output->>'worker' AS worker, data->>'stage' AS stage, d.path, d.page_count AS pages,
    EXTRACT(EPOCH FROM (j.created_on - ${zero}))::float AS created,
    EXTRACT(EPOCH FROM (j.started_on - ${zero}))::float AS start, EXTRACT(EPOCH FROM (j.completed_on - ${zero}))::float AS "end"
    FROM pgboss.job j LEFT JOIN documents d ON d.id = j.data->>'documentId'
    WHERE j.name = 'daylight-stage' AND j.state = 'completed' ORDER BY j.started_on`);
  const jobs = rows as { worker: string | null; stage: string; path: string | null; pages: number | null; created: number; start: number; end: number }[];
  if (jobs.length === 0) return;
  const extracted = Math.max(...jobs.filter((j) => j.stage === 'extract').map((j) => j.end));
  const last = Math.max(...jobs.map((j) => j.end));
  const waiting = (from: number, to: number) => unionOf(jobs.map((j) => [Math.max(0, j.created), j.start] as const), from, to);
  const workers = [...new Set(jobs.map((j) => j.worker ?? '?'))];
  const f = (n: number) => n.toFixed(2);
  process.stderr.write(`    job slots by phase (s): worker: extraction phase 0 → ${f(extracted)}: holding a job / idle while a job waited / idle with nothing to take; rest phase ${f(extracted)} → ${f(last)}: the same; its last job ended (s before the batch's end)\n`);
  for (const w of workers) {
    const mine = jobs.filter((j) => (j.worker ?? '?') === w);
    const phase = (from: number, to: number) => {
      const held = unionOf(mine.map((j) => [j.start, j.end] as const), from, to);
      // The window minus what the worker held.
      const idle: [number, number][] = [];
      let at = from;
      for (const [c, d] of held) {
        if (c > at) idle.push([at, c]);
        at = Math.max(at, d);
      }
      if (to > at) idle.push([at, to]);
      const withWork = overlapOf(idle, waiting(from, to));
      return `${f(spanOf(held))} / ${f(withWork)} / ${f(spanOf(idle) - withWork)}`;
    };
    const lastEnd = Math.max(...mine.map((j) => j.end));
    process.stderr.write(`      ${w}: ${phase(0, extracted)}; ${phase(extracted, last)}; ${f(lastEnd)} (${f(last - lastEnd)})\n`);
  }
  if (!values.jobs) return;
  process.stderr.write(`    rest-phase jobs (s from the first job's start): worker, stage, document (pages), created, start, end\n`);
  for (const j of jobs.filter((j) => j.end > extracted - 0.001)) {
    process.stderr.write(`      w${workers.indexOf(j.worker ?? '?') + 1} ${j.stage.padEnd(7)} ${(j.path ?? '(group)').padEnd(26)} ${j.pages ?? '-'}\t${f(j.created)}\t${f(j.start)}\t${f(j.end)}\n`);
  }
}

/**
 * Per stage, from the /proc samples of each job's worker between the job's start and end: CPU by
 * kind of thread, the time its threads waited for a core, and so CPU / wall; then where the
 * machine's cores went while the batch ran (ours, the rest of the machine, idle).
 */
async function perJob(client: pg.Client, series: Series, workers: number[], batchPid: number, postmaster: number | undefined): Promise<void> {
  const { rows } = await client.query(`SELECT output->>'worker' AS worker, data->>'stage' AS stage,
    EXTRACT(EPOCH FROM started_on)::float * 1000 AS start, EXTRACT(EPOCH FROM completed_on)::float * 1000 AS "end"
    FROM pgboss.job WHERE name = 'daylight-stage' AND state = 'completed' ORDER BY started_on`);
  const byStage = new Map<string, { jobs: number; wall: number; wait: number; cpu: Record<string, number> }>();
  /** Per stage, each job's CPU (the worker's own threads, tool processes left out) in the order its worker took them. */
  const jobCpu = new Map<string, Map<number, number[]>>();
  for (const j of rows as { worker: string | null; stage: string; start: number; end: number }[]) {
    const pid = Number(j.worker?.split('/').at(-1));
    if (!workers.includes(pid)) continue;
    const a = series.at(pid, j.start);
    const b = series.at(pid, j.end);
    const perWorker = jobCpu.get(j.stage) ?? new Map<number, number[]>();
    perWorker.set(pid, [...(perWorker.get(pid) ?? []), KINDS.filter((k) => k !== 'children').reduce((n, k) => n + b.cpu[k] - a.cpu[k], 0)]);
    jobCpu.set(j.stage, perWorker);
    const s = byStage.get(j.stage) ?? { jobs: 0, wall: 0, wait: 0, cpu: Object.fromEntries(KINDS.map((k) => [k, 0])) };
    s.jobs++;
    s.wall += (j.end - j.start) / 1000;
    s.wait += b.wait - a.wait;
    for (const k of KINDS) s.cpu[k] += b.cpu[k] - a.cpu[k];
    byStage.set(j.stage, s);
  }
  const f = (n: number) => n.toFixed(1);
  process.stderr.write(`    per stage, from /proc every 200 ms: jobs, wall s, CPU s (${KINDS.join(' / ')}), CPU / wall, s waiting for a core\n`);
  for (const [stage, s] of byStage) {
    const cpu = KINDS.reduce((n, k) => n + s.cpu[k], 0);
    process.stderr.write(`      ${stage}\t${s.jobs}\t${f(s.wall)}\t${f(cpu)} (${KINDS.map((k) => f(s.cpu[k])).join(' / ')})\t${(cpu / Math.max(0.001, s.wall)).toFixed(2)}\t${f(s.wait)}\n`);
  }
  // What a job costs a worker by its place in that worker's run: a cost paid once per process
  // inside the batch (code first compiled, a thread replaced) is paid once per worker, so it
  // grows with the number of workers; contention (shared caches, memory) raises every job alike.
  process.stderr.write(`    worker CPU per job (own threads, s), by the job's place in its worker's run: first 3 jobs' mean / the rest's mean (jobs)\n`);
  for (const [stage, perWorker] of jobCpu) {
    const mean = (xs: number[]) => (xs.length ? xs.reduce((n, x) => n + x, 0) / xs.length : NaN);
    process.stderr.write(`      ${stage}: ${[...perWorker].map(([pid, xs]) => `${pid} ${mean(xs.slice(0, 3)).toFixed(2)} / ${mean(xs.slice(3)).toFixed(2)} (${xs.length})`).join('; ')}\n`);
  }
  const first = series.machine[0];
  const last = series.machine.at(-1)!;
  const seconds = (last.t - first.t) / 1000;
  const tree = (pid: number) => {
    const list = series.trees.get(pid) ?? [];
    return list.length ? { cpu: cpuTotal(list.at(-1)!) - cpuTotal(list[0]), wait: list.at(-1)!.wait - list[0].wait, runnable: list.reduce((n, p) => n + p.runnable, 0) / list.length, kinds: KINDS.map((k) => list.at(-1)!.cpu[k] - list[0].cpu[k]) } : { cpu: 0, wait: 0, runnable: 0, kinds: KINDS.map(() => 0) };
  };
  const ws = workers.map(tree);
  for (const [i, w] of ws.entries()) {
    const seen = series.seen.get(workers[i]);
    process.stderr.write(`    worker ${workers[i]} over the whole batch: CPU ${f(w.cpu)} s (${w.kinds.map(f).join(' / ')}), waited for a core ${f(w.wait)} s, ${w.runnable.toFixed(2)} threads runnable on average; seen: ${seen ? `${seen.threads} worker threads, ${seen.v8} V8 threads, ${seen.children} child processes` : '?'}; peak RSS ${f(series.memory.get(workers[i])?.peakMb ?? 0)} MB, ${series.memory.get(workers[i])?.majorFaults ?? 0} major page faults\n`);
  }
  const ours = ws.reduce((n, w) => n + w.cpu, 0) + tree(batchPid).cpu + (postmaster ? tree(postmaster).cpu : 0);
  const busy = last.busy - first.busy;
  const machineRunnable = series.machine.reduce((n, p) => n + p.runnable, 0) / series.machine.length;
  const ourRunnable = ws.reduce((n, w) => n + w.runnable, 0);
  process.stderr.write(`    machine over ${f(seconds)} s: cores busy ${(busy / seconds).toFixed(2)} (ours ${(ours / seconds).toFixed(2)}: workers, batch command, PostgreSQL; everything else ${((busy - ours) / seconds).toFixed(2)}), idle ${((last.idle - first.idle) / seconds).toFixed(2)}, steal ${((last.steal - first.steal) / seconds).toFixed(2)}; runnable threads on average: machine ${machineRunnable.toFixed(2)}, our workers ${ourRunnable.toFixed(2)}\n`);
}

/** One scaled run in one line: time, phases, CPU, load, and where the machine's cores went. */
function runLine(r: RunResult): string {
  const m = r.machine;
  return [
    `${r.workers} worker${r.workers === 1 ? '' : 's'}: ${r.seconds.toFixed(1)} s`,
    r.phases ? `(extraction ${r.phases.extract.toFixed(1)} s, the rest ${r.phases.rest.toFixed(1)} s)` : '',
    `${(r.cpuSeconds / Math.max(1, r.pages)).toFixed(2)} CPU s/page${r.workerWindowCpu !== undefined ? ` (workers while the batch ran, warm-ups left out: ${(r.workerWindowCpu / Math.max(1, r.pages)).toFixed(2)})` : ''}, load ${r.load.toFixed(2)} at start`,
    m ? `; cores: ours ${m.ours.toFixed(2)}, the workers' tool processes ${m.tools.toFixed(2)}, everything else ${m.others.toFixed(2)} (this bench ${m.bench.toFixed(2)}), idle ${m.idle.toFixed(2)} (idle while extracting ${m.idleExtract.toFixed(2)}, after ${m.idleRest.toFixed(2)})` : '',
  ].filter(Boolean).join(' ');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * `--repeat`: per worker count and checkout, the speed-up of each round (against that round's
 * 1-worker run), their median and spread, and the median of each phase. One run on a shared
 * machine says little: the same code has read 1.33× and 1.77× ten minutes apart.
 */
function repeatSummary(results: RunResult[], oneOf: (r: RunResult) => RunResult | undefined): string[] {
  const lines = ['Repeated runs (each speed-up against the 1-worker run of the same round):'];
  const keys = [...new Set(results.filter((r) => r.workers > 0).map((r) => `${r.workers}\0${r.checkout}`))];
  for (const key of keys) {
    const [w, checkout] = key.split('\0');
    const runs = results.filter((r) => r.workers === Number(w) && r.checkout === checkout);
    const ratios = runs.map((r) => ({ r, one: oneOf(r) })).filter((x) => x.one).map(({ r, one }) => one!.seconds / r.seconds);
    const f = (xs: number[], d = 1) => `median ${median(xs).toFixed(d)} (${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)})`;
    lines.push(
      `- ${w} worker${w === '1' ? '' : 's'}${checkout === THIS ? '' : ` (${checkout})`}, ${runs.length} runs: time ${f(runs.map((r) => r.seconds))} s` +
        (Number(w) === 1 ? '' : `; speed-up ${ratios.map((x) => `${x.toFixed(2)}×`).join(', ')}: ${f(ratios, 2)}×`) +
        (runs.every((r) => r.workerWindowCpu !== undefined) ? `; workers' CPU s/page while the batch ran ${f(runs.map((r) => r.workerWindowCpu! / Math.max(1, r.pages)), 2)}` : '') +
        (runs.every((r) => r.phases) ? `; extraction ${f(runs.map((r) => r.phases!.extract))} s, the rest ${f(runs.map((r) => r.phases!.rest))} s` : '') +
        // Ours over the 1-worker run's ours is what the speed-up can reach when both runs cost the same CPU.
        (runs.every((r) => r.machine) ? `; cores used by ours ${f(runs.map((r) => r.machine!.ours), 2)}, by the workers' tool processes ${f(runs.map((r) => r.machine!.tools), 2)}, by everything else ${f(runs.map((r) => r.machine!.others), 2)}, idle ${f(runs.map((r) => r.machine!.idle), 2)}` : '') +
        `; load at start ${runs.map((r) => r.load.toFixed(1)).join(', ')}`,
    );
  }
  return lines;
}

async function main(): Promise<void> {
  const temp = mkdtempSync(join(tmpdir(), 'daylight-bench-scale-'));
  const server = process.env.DAYLIGHT_BENCH_DATABASE_URL ? undefined : await testPostgres();
  try {
    const corpus = join(temp, 'corpus');
    process.stderr.write(`bench scale: writing a mixed corpus of ${pages} pages…\n`);
    const made = spawnSync(process.execPath, [join(here, 'batch.ts'), '--child', 'mixed-corpus', '--folder', corpus, '--mixed-pages', String(pages)], { stdio: 'inherit' });
    if (made.status !== 0) throw new Error('the corpus could not be written');
    const freshUrl = async (): Promise<string> => {
      if (server?.server) return server.server.freshDatabase();
      const admin = process.env.DAYLIGHT_BENCH_DATABASE_URL!;
      const name = `daylight_bench_${process.pid}_${Date.now()}`;
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`CREATE DATABASE ${name}`);
      await c.end();
      const u = new URL(admin);
      u.pathname = `/${name}`;
      return u.toString();
    };
    if (server?.skip) throw new Error(`no PostgreSQL: ${server.skip}`);
    const results: RunResult[] = [];
    if (!values['skip-embedded']) {
      process.stderr.write('bench scale: embedded mode…\n');
      results.push(await embedded(corpus, temp));
    }
    // The peer of one worker: one document at a time in one process (what the embedded default does on one core).
    if (values['embedded-serial']) {
      process.stderr.write('bench scale: embedded mode, one document at a time…\n');
      results.push(await embedded(corpus, temp, 1));
    }
    for (let round = 1; round <= rounds; round++) {
      // With --repeat, the worker counts take turns going first (1, 2, then 2, 1, …): the load of a shared machine drifts.
      for (const [i, w] of (round % 2 === 1 ? workerCounts : [...workerCounts].reverse()).entries()) {
        // With a baseline, the checkouts take turns going first too.
        const checkouts = Object.keys(bins);
        for (const checkout of i % 2 === 0 ? checkouts : checkouts.reverse()) {
          process.stderr.write(`bench scale: ${rounds > 1 ? `round ${round} of ${rounds}, ` : ''}scaled mode, ${w} worker${w === 1 ? '' : 's'}${checkout === THIS ? '' : `, ${checkout}`}…\n`);
          try {
            const r = { ...(await scaled(corpus, temp, await freshUrl(), w, checkout)), round };
            results.push(r);
            process.stderr.write(`  ${runLine(r)}\n`);
          } catch (error) {
            process.stderr.write(`bench scale: the run with ${w} workers (${checkout}) failed: ${(error as Error).message}\n`);
          }
        }
      }
    }
    // Each run against the 1-worker run of the same round and checkout (the nearest in time).
    const oneOf = (r: RunResult) => results.find((o) => o.workers === 1 && o.checkout === r.checkout && o.round === r.round);
    const fmt = (n: number, d = 1) => n.toFixed(d);
    process.stdout.write(
      [
        '| Mode | Workers | Pages (in review / failed docs) | Time, first job → last completion | Speed-up over 1 worker | CPU s / page | Workers\' CPU s / page while the batch ran | Load avg (1 min) at start |',
        '| --- | --- | --- | --- | --- | --- | --- | --- |',
        ...results.map((r) => {
          const one = oneOf(r);
          return `| ${r.mode}${rounds > 1 && r.round ? `, round ${r.round}` : ''} | ${r.workers || '—'} | ${r.pages} (${r.inReview} / ${r.failed}) | ${fmt(r.seconds)} s | ${one && r.workers ? `${fmt(one.seconds / r.seconds, 2)}×` : '—'} | ${fmt(r.cpuSeconds / Math.max(1, r.pages), 2)} | ${r.workerWindowCpu !== undefined ? fmt(r.workerWindowCpu / Math.max(1, r.pages), 2) : '—'} | ${fmt(r.load, 2)} |`;
        }),
        '',
        `Machine: ${loadavg().map((l) => l.toFixed(2)).join(' / ')} load (1/5/15 min) at the end, on ${(await import('node:os')).availableParallelism()} cores. Target: ≥ 1.7× with 2 workers over 1 on an idle 2-core machine; a loaded machine cannot show it.`,
        'Embedded time is the batch\'s own stage time (ingest included); scaled time excludes ingest and process start-up (job timestamps).',
        'CPU s / page counts each Daylight process\'s own threads over its whole life, a worker\'s warm-up included (about 6 CPU s a worker, once per process), not the verifier\'s tool processes (`--timeline` shows those, as "children", and the CPU while the batch ran). The workers\' CPU while the batch ran leaves the warm-ups out: compare 1 and 2 workers there (each added worker adds a warm-up to CPU s / page, about 0.15 s a page on 40 pages).',
        // Extraction (OCR) keeps about one core busy per job, redaction one and a half to two: a second worker speeds up the first phase far more than the second.
        ...results.filter((r) => r.phases).map((r) => {
          const one = oneOf(r);
          return `Phases, ${r.workers} worker${r.workers === 1 ? '' : 's'}${r.checkout === THIS ? '' : ` (${r.checkout})`}: extraction ${fmt(r.phases!.extract)} s${one?.phases && r !== one ? ` (${fmt(one.phases.extract / r.phases!.extract, 2)}×)` : ''}, then detection, redaction and the rest ${fmt(r.phases!.rest)} s${one?.phases && r !== one ? ` (${fmt(one.phases.rest / r.phases!.rest, 2)}×)` : ''}.`;
        }),
        ...(rounds > 1 ? ['', ...repeatSummary(results, oneOf)] : []),
        '',
      ].join('\n'),
    );
  } finally {
    await server?.server?.stop();
    rmSync(temp, { recursive: true, force: true });
  }
}

await main();

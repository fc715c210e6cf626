/**
 * @module
 * Samples, from /proc, what a few process trees do while a benchmark runs: CPU by
 * kind of thread (main thread, worker threads, V8's background threads, libuv's and
 * libvips' pools, child processes such as the verifier's tools), the time their
 * threads spent runnable but waiting for a core (the scheduler's run-queue wait,
 * `/proc/<pid>/task/<tid>/schedstat`), how many of their threads were runnable at
 * each sample, and the machine's CPU (`/proc/stat`: busy, idle, steal). A job's
 * CPU is then the difference of its worker's series at the job's start and end.
 *
 * ```ts
 * const s = sampleTrees([worker.pid], 200);
 * // … the work …
 * const series = s.stop();
 * const cpu = series.at(worker.pid, endMs).cpu.main - series.at(worker.pid, startMs).cpu.main;
 * ```
 * `sampleTrees([])` samples the machine alone (`/proc/stat`, `/proc/loadavg`).
 * Linux only; elsewhere every figure is 0.
 */
import { readFileSync, readdirSync } from 'node:fs';

/** Kinds of thread a Daylight worker process has, by the name Node, V8, libuv and libvips give them. */
export const KINDS = ['main', 'threads', 'v8', 'libuv', 'libvips', 'children', 'other'] as const;
export type Kind = (typeof KINDS)[number];

function kindOf(comm: string, inRoot: boolean): Kind {
  if (!inRoot) return 'children';
  if (comm === 'MainThread' || comm === 'node') return 'main';
  if (comm === 'WorkerThread') return 'threads';
  if (comm.startsWith('V8Worker') || comm.startsWith('DelayedTaskSche')) return 'v8';
  if (comm.startsWith('libuv-worker')) return 'libuv';
  if (comm.startsWith('libvips')) return 'libvips';
  return 'other';
}

/** Cumulative figures of one tree at one moment (seconds). */
export interface TreePoint {
  t: number;
  /** CPU seconds by kind of thread, since the sampler started. */
  cpu: Record<Kind, number>;
  /** Seconds its threads waited on a run queue (runnable, no core free), since the sampler started. */
  wait: number;
  /** Threads runnable at this sample. */
  runnable: number;
}

export interface MachinePoint {
  t: number;
  /** Cumulative seconds of CPU time since the sampler started, over all cores. */
  busy: number;
  idle: number;
  steal: number;
  /** Runnable threads on the whole machine at this sample (/proc/loadavg, the sampler itself excluded). */
  runnable: number;
}

export interface Series {
  trees: Map<number, TreePoint[]>;
  /** Per tree: distinct threads seen, by kind, and distinct child processes (a thread or helper started anew shows here). */
  seen: Map<number, Record<Kind, number>>;
  /** Per root process: its peak resident memory (MB, VmHWM) and the major page faults (reads from disk) it took while sampled. */
  memory: Map<number, { peakMb: number; majorFaults: number }>;
  machine: MachinePoint[];
  /** A tree's figures at `t` (ms, Date.now() clock), interpolated between samples. */
  at(root: number, t: number): TreePoint;
  machineAt(t: number): MachinePoint;
}

const zero = (): Record<Kind, number> => Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Fields of /proc/<pid>/stat after the command name (index 0 = state). */
function statFields(path: string): string[] | undefined {
  const stat = read(path);
  return stat ? stat.slice(stat.lastIndexOf(')') + 2).split(' ') : undefined;
}

function machineNow(t: number): MachinePoint {
  const cpu = (read('/proc/stat') ?? '').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = cpu;
  const running = Number((read('/proc/loadavg') ?? '').split(' ')[3]?.split('/')[0] ?? 1);
  return { t, busy: (user + nice + system + irq + softirq) / 100, idle: (idle + iowait) / 100, steal: steal / 100, runnable: Math.max(0, running - 1) };
}

export function sampleTrees(roots: number[], everyMs = 200): { stop(): Series } {
  const trees = new Map<number, TreePoint[]>(roots.map((r) => [r, []]));
  const machine: MachinePoint[] = [];
  // Per thread: last on-CPU and wait nanoseconds seen; per child process: its reaped children's ticks.
  const lastThread = new Map<string, { run: number; wait: number; kind: Kind; root: number }>();
  const lastReaped = new Map<number, number>();
  const totals = new Map<number, { cpu: Record<Kind, number>; wait: number }>(roots.map((r) => [r, { cpu: zero(), wait: 0 }]));
  const start = machineNow(Date.now());
  const seenKeys = new Map<number, Set<string>>(roots.map((r) => [r, new Set()]));
  const majorFaults = (pid: number) => Number(statFields(`/proc/${pid}/stat`)?.[9] ?? 0);
  const faultsAtStart = new Map(roots.map((r) => [r, majorFaults(r)]));

  const tick = () => {
    const t = Date.now();
    // Parent links of every process, to find each root's descendants (tool helpers and their tools).
    const parent = new Map<number, number>();
    // No trees: the machine's figures alone (two small files a tick, cheap enough for every run).
    if (roots.length > 0) for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const f = statFields(`/proc/${entry}/stat`);
      if (f) parent.set(Number(entry), Number(f[1]));
    }
    const rootOf = (pid: number): number | undefined => {
      for (let p: number | undefined = pid, hops = 0; p !== undefined && p > 1 && hops < 16; p = parent.get(p), hops++) if (trees.has(p)) return p;
      return undefined;
    };
    const runnable = new Map<number, number>(roots.map((r) => [r, 0]));
    for (const [pid] of parent) {
      const root = rootOf(pid);
      if (root === undefined) continue;
      const total = totals.get(root)!;
      if (pid !== root) {
        // Tools that ended were reaped by their parent (the tool helper): their CPU is its cutime + cstime.
        const f = statFields(`/proc/${pid}/stat`);
        const reaped = f ? (Number(f[13]) + Number(f[14])) / 100 : 0;
        total.cpu.children += Math.max(0, reaped - (lastReaped.get(pid) ?? 0));
        lastReaped.set(pid, reaped);
      }
      let tasks: string[] = [];
      try {
        tasks = readdirSync(`/proc/${pid}/task`);
      } catch {
        continue;
      }
      for (const tid of tasks) {
        const sched = read(`/proc/${pid}/task/${tid}/schedstat`);
        const f = statFields(`/proc/${pid}/task/${tid}/stat`);
        if (!sched || !f) continue;
        const [run, wait] = sched.split(' ').map(Number);
        const key = `${pid}/${tid}`;
        const comm = (read(`/proc/${pid}/task/${tid}/comm`) ?? '').trim();
        const before = lastThread.get(key);
        const kind = before?.kind ?? kindOf(comm, pid === root);
        // A thread first seen now counts from its start (threads appear during the run).
        total.cpu[kind] += (run - (before?.run ?? 0)) / 1e9;
        total.wait += (wait - (before?.wait ?? 0)) / 1e9;
        lastThread.set(key, { run, wait, kind, root });
        seenKeys.get(root)!.add(kind === 'children' ? `children/${pid}` : `${kind}/${key}`);
        if (f[0] === 'R') runnable.set(root, runnable.get(root)! + 1);
      }
    }
    for (const r of roots) {
      const total = totals.get(r)!;
      trees.get(r)!.push({ t, cpu: { ...total.cpu }, wait: total.wait, runnable: runnable.get(r)! });
    }
    const m = machineNow(t);
    machine.push({ t, busy: m.busy - start.busy, idle: m.idle - start.idle, steal: m.steal - start.steal, runnable: m.runnable });
  };

  // Threads that already ran before the sampler started (warm-up) are not the run's: a first pass sets the baseline.
  tick();
  for (const total of totals.values()) {
    total.cpu = zero();
    total.wait = 0;
  }
  for (const list of trees.values()) list.length = 0;
  machine.length = 0;
  tick();
  const timer = setInterval(tick, everyMs);

  const interpolate = <P extends { t: number }>(list: P[], t: number, mix: (a: P, b: P, w: number) => P): P => {
    if (list.length === 0) throw new Error('no samples');
    if (t <= list[0].t) return list[0];
    for (let i = 1; i < list.length; i++) if (list[i].t >= t) return mix(list[i - 1], list[i], (t - list[i - 1].t) / Math.max(1, list[i].t - list[i - 1].t));
    return list.at(-1)!;
  };
  const lerp = (a: number, b: number, w: number) => a + (b - a) * w;

  return {
    stop() {
      clearInterval(timer);
      tick();
      const seen = new Map([...seenKeys].map(([root, keys]) => {
        const counts = zero();
        for (const k of keys) counts[k.split('/')[0] as Kind]++;
        return [root, counts] as const;
      }));
      const memory = new Map(roots.map((r) => [r, { peakMb: Number(/VmHWM:\s+(\d+)/.exec(read(`/proc/${r}/status`) ?? '')?.[1] ?? 0) / 1024, majorFaults: majorFaults(r) - faultsAtStart.get(r)! }]));
      return {
        trees,
        seen,
        memory,
        machine,
        at: (root, t) =>
          interpolate(trees.get(root) ?? [], t, (a, b, w) => ({
            t,
            cpu: Object.fromEntries(KINDS.map((k) => [k, lerp(a.cpu[k], b.cpu[k], w)])) as Record<Kind, number>,
            wait: lerp(a.wait, b.wait, w),
            runnable: w < 0.5 ? a.runnable : b.runnable,
          })),
        machineAt: (t) => interpolate(machine, t, (a, b, w) => ({ t, busy: lerp(a.busy, b.busy, w), idle: lerp(a.idle, b.idle, w), steal: lerp(a.steal, b.steal, w), runnable: w < 0.5 ? a.runnable : b.runnable })),
      };
    },
  };
}

/** Sum of a point's CPU over every kind. */
export function cpuTotal(p: TreePoint): number {
  return KINDS.reduce((n, k) => n + p.cpu[k], 0);
}

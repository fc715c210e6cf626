/**
 * @module
 * Wall and CPU seconds of a command's whole process tree, orphans included. A
 * benchmark that reads its finished children's CPU (`child-cpu.ts`) misses every
 * process that outlives its parent: `daylight batch` exits before its worker
 * threads' tool runners notice, so the runners and every pdftotext and mutool they
 * started were reaped by init and counted nowhere. Here the command runs under a
 * small Python parent that declares itself the tree's subreaper (Linux
 * PR_SET_CHILD_SUBREAPER), so orphans come back to it, and it waits for all of them
 * before reading its children's CPU.
 *
 * ```ts
 * const t = treeCpu([process.execPath, 'bin/daylight.mjs', 'batch', dir]);
 * console.log(t.cpu, t.orphans);
 * ```
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { SpawnSyncOptions } from 'node:child_process';
import { python } from './pymupdf.ts';

const subreaper = String.raw`
import ctypes, json, os, resource, sys, time
ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.close(int(sys.argv[1]))
    os.execvp(sys.argv[2], sys.argv[2:])
status, wall, orphans = 0, 0.0, 0
while True:
    try:
        p, st = os.wait()
    except ChildProcessError:
        break
    if p == pid:
        status, wall = os.waitstatus_to_exitcode(st), time.perf_counter() - start
    else:
        orphans += 1
r = resource.getrusage(resource.RUSAGE_CHILDREN)
os.write(int(sys.argv[1]), json.dumps({"status": status, "wall": wall, "cpu": r.ru_utime + r.ru_stime, "orphans": orphans}).encode())
`;

export interface TreeRun {
  /** The command's exit status (negative: killed by that signal). */
  status: number;
  /** Seconds until the command itself exited. */
  wall: number;
  /** CPU seconds of every process of the tree, the command's orphans included, once all had ended. */
  cpu: number;
  /** Processes that outlived their parent and were reaped here. */
  orphans: number;
  stdout: string;
  stderr: string;
}

/** Runs `command` (argv) to the end of its whole tree; throws when Python cannot run the subreaper. */
export function treeCpu(command: string[], options: Pick<SpawnSyncOptions, 'env' | 'cwd'> = {}): TreeRun {
  // The figures come back on a pipe of their own (fd 3), so the command keeps stdout and stderr.
  const r = spawnSync(python, ['-c', subreaper, '3', ...command], { ...options, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  const figures = (r.output?.[3] as string | null | undefined) ?? '';
  if (r.error || !figures) throw new Error(`the subreaper (${python}) did not run: ${r.error?.message ?? r.stderr.slice(-400)}`);
  const f = JSON.parse(figures) as Omit<TreeRun, 'stdout' | 'stderr'>;
  return { ...f, stdout: r.stdout, stderr: r.stderr };
}

/**
 * `treeCpu`, without blocking, and the tree's peak resident memory: the sum of every live
 * process's RSS in the tree (the command, its threads' tool runner, the tools), sampled
 * every `sampleMs` (default 50). A tool that lives less than a sample can be missed: read
 * the peak as a lower bound.
 */
export function treeCpuAndRss(command: string[], options: Pick<SpawnSyncOptions, 'env' | 'cwd'> & { sampleMs?: number } = {}): Promise<TreeRun & { peakRssMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, ['-c', subreaper, '3', ...command], { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let figures = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (d: Buffer) => (figures += d.toString()));
    let peak = 0;
    const timer = setInterval(() => {
      if (child.pid) peak = Math.max(peak, treeRssBytes(child.pid));
    }, options.sampleMs ?? 50);
    child.on('error', (e) => {
      clearInterval(timer);
      reject(e);
    });
    child.on('close', () => {
      clearInterval(timer);
      if (!figures) return reject(new Error(`the subreaper (${python}) did not run: ${stderr.slice(-400)}`));
      const f = JSON.parse(figures) as Omit<TreeRun, 'stdout' | 'stderr'>;
      resolve({ ...f, stdout, stderr, peakRssMb: peak / 2 ** 20 });
    });
  });
}

/** The resident memory of a process and all its descendants now (bytes), from /proc; the subreaper itself left out. */
function treeRssBytes(root: number): number {
  let total = 0;
  const walk = (pid: string, self: boolean) => {
    if (!self) {
      try {
        const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        if (m) total += Number(m[1]) * 1024;
      } catch {
        return;
      }
    }
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      return;
    }
    for (const t of tasks) {
      try {
        for (const kid of readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) walk(kid, false);
      } catch {
        // The thread ended meanwhile.
      }
    }
  };
  walk(String(root), true);
  return total;
}

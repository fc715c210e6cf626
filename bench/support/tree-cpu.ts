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
import { spawnSync } from 'node:child_process';
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

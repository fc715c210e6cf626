/**
 * @module
 * Whole-process CPU of the commands a benchmark runs: what its finished children used.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds used so far by this process's finished (waited-for) child processes, Linux: cutime + cstime of /proc/self/stat. */
export function childCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  // cutime and cstime, fields 16 and 17 of stat(5), in clock ticks of 1/100 s.
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/**
 * CPU seconds of a live process's descendants so far (each one's own CPU plus what it reaped), read from
 * /proc/PID/task/N/children and each child's stat; 0 where there is none. The verifier's long-lived tool runner has
 * not ended when a benchmark round does, so `childCpuSeconds` would miss it and the tools it runs.
 */
export function liveDescendantsCpuSeconds(pid: number | 'self' = 'self'): number {
  let total = 0;
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return 0;
  }
  for (const task of tasks) {
    let kids: string[] = [];
    try {
      kids = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    } catch {
      continue;
    }
    for (const kid of kids) {
      try {
        const stat = readFileSync(`/proc/${kid}/stat`, 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // utime, stime, cutime, cstime: fields 14-17 of stat(5), counted from field 3 here, in ticks of 1/100 s
        total += (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100 + liveDescendantsCpuSeconds(Number(kid));
      } catch {
        // gone between the listing and the read
      }
    }
  }
  return total;
}

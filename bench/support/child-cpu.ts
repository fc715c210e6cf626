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
 * CPU seconds of this process's live children so far (their own and what they reaped), read from
 * /proc/self/task/N/children and each child's stat: the verifier's long-lived tool processes have not ended when a
 * benchmark round does, so `childCpuSeconds` would miss them.
 */
export function liveChildrenCpuSeconds(): number {
  let total = 0;
  for (const task of readdirSync('/proc/self/task')) {
    let kids: string[] = [];
    try {
      kids = readFileSync(`/proc/self/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    } catch {
      continue;
    }
    for (const pid of kids) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // utime, stime, cutime, cstime: fields 14-17 of stat(5), counted from field 3 here, in ticks of 1/100 s
        total += (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100;
      } catch {
        // gone between the listing and the read
      }
    }
  }
  return total;
}

/**
 * @module
 * Whole-process CPU of the commands a benchmark runs: what its finished children used.
 */
import { readFileSync } from 'node:fs';

/** CPU seconds used so far by this process's finished (waited-for) child processes, Linux: cutime + cstime of /proc/self/stat. */
export function childCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  // cutime and cstime, fields 16 and 17 of stat(5), in clock ticks of 1/100 s.
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

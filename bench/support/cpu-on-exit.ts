/**
 * @module
 * Loaded with `node --import` into a process a benchmark starts: when the
 * process exits, its CPU time (every thread: getrusage of the process) is
 * appended as one JSON line to $DAYLIGHT_BENCH_CPU_FILE.
 */
import { appendFileSync } from 'node:fs';

const file = process.env.DAYLIGHT_BENCH_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    appendFileSync(file, `${JSON.stringify({ pid: process.pid, argv: process.argv.slice(2, 3), cpuSeconds: (user + system) / 1e6 })}\n`);
  });
}

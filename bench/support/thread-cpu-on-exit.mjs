/**
 * @module
 * Loaded with `node --import` into a process bench/ocr.ts starts: when the process
 * exits, the CPU seconds of its threads still alive then are written as one JSON
 * line to $DAYLIGHT_BENCH_THREADS_FILE, by thread name (Linux /proc/self/task):
 * `MainThread`, `V8Worker` (V8's background threads: WebAssembly tier-up
 * compilation, JavaScript optimisation, garbage collection) and the rest. OCR
 * threads have ended by then: their share is the process's total minus these.
 *
 * Plain JavaScript: Node runs an `--import` module in every worker thread too, and a
 * `.ts` one would start the type stripper in each OCR thread (about 0.08 CPU s a thread,
 * measured), a cost the process does not pay when a user runs it.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.DAYLIGHT_BENCH_THREADS_FILE;
if (file && isMainThread) {
  process.on('exit', () => {
    /** @type {Record<string, number>} */
    const byName = {};
    for (const task of readdirSync('/proc/self/task')) {
      try {
        const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        // utime and stime, fields 14 and 15 of stat(5), in clock ticks of 1/100 s.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        byName[name] = (byName[name] ?? 0) + (Number(fields[11]) + Number(fields[12])) / 100;
      } catch {
        // A thread that ended while being read.
      }
    }
    writeFileSync(file, JSON.stringify(byName));
  });
}

/**
 * @module
 * A node:test reporter for CI (`.ci/run`): beside the spec reporter's output it
 * writes, once the run ends, the slowest test files (each file's own process,
 * from start to exit), the slowest top-level tests, and how long the run took
 * against CI's budget, so a test that grows slow shows up before CI gets long.
 *
 *   node --test --test-reporter=spec --test-reporter-destination=stdout \
 *     --test-reporter=./.ci/slowest.ts --test-reporter-destination=slowest.txt "test/**\/*.test.ts"
 *
 * `DAYLIGHT_CI_SLOWEST` sets how many of each are listed (default 15).
 */
import { relative } from 'node:path';

interface TestEvent {
  type: string;
  data: {
    name?: string;
    nesting?: number;
    file?: string;
    duration_ms?: number;
    details?: { duration_ms?: number };
    counts?: { tests?: number; passed?: number; failed?: number };
  };
}

const count = Number(process.env.DAYLIGHT_CI_SLOWEST ?? 15);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`.padStart(9);
const shown = (file: string | undefined) => (file ? relative(process.cwd(), file) : '?');

export default async function* slowest(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  const files: { file: string; ms: number; tests: number }[] = [];
  const tests: { name: string; file: string; ms: number; failed: boolean }[] = [];
  let totalMs = 0;
  for await (const event of source) {
    const { type, data } = event;
    if ((type === 'test:pass' || type === 'test:fail') && data.nesting === 0) {
      tests.push({ name: data.name ?? '?', file: shown(data.file), ms: data.details?.duration_ms ?? 0, failed: type === 'test:fail' });
    } else if (type === 'test:summary') {
      // One summary per file (its process's wall time), then one for the whole run without a file.
      if (data.file) files.push({ file: shown(data.file), ms: data.duration_ms ?? 0, tests: data.counts?.tests ?? 0 });
      else totalMs = data.duration_ms ?? 0;
    }
  }
  files.sort((a, b) => b.ms - a.ms);
  tests.sort((a, b) => b.ms - a.ms);
  const fileMs = files.reduce((sum, f) => sum + f.ms, 0);
  const lines = [
    `Test run: ${seconds(totalMs).trim()} wall, ${files.length} files, ${tests.length} top-level tests; the files' own times add up to ${seconds(fileMs).trim()} (they run two at a time).`,
    '',
    `Slowest ${Math.min(count, files.length)} test files (each file's process, start to exit; share of the files' summed time):`,
    ...files.slice(0, count).map((f) => `${seconds(f.ms)}  ${((100 * f.ms) / (fileMs || 1)).toFixed(1).padStart(5)} %  ${f.file} (${f.tests} tests)`),
    '',
    `Slowest ${Math.min(count, tests.length)} top-level tests:`,
    ...tests.slice(0, count).map((t) => `${seconds(t.ms)}  ${t.failed ? 'FAILED ' : ''}${t.name}  (${t.file})`),
    '',
  ];
  yield `${lines.join('\n')}\n`;
}

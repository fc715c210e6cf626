/**
 * @module
 * `npm run bench`: runs every benchmark in this folder, one after another (they
 * compete for the same two cores otherwise), each in its own process so peak
 * RSS figures stay separate. `npm run bench -- ocr redact` runs a subset; options
 * after the names go to each benchmark run (`npm run bench -- batch-ten --baseline DIR`).
 * `npm run bench -- --help` lists the benchmarks with the first line of each one's own
 * description, without running any (a whole run takes the machine for many minutes);
 * `npm run bench -- NAME --help` prints that benchmark's whole description (its options
 * are written there) and runs nothing: most benchmarks read no `--help` of their own, so
 * passing it on would start them.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const firstOption = args.findIndex((a) => a.startsWith('-'));
const wanted = firstOption < 0 ? args : args.slice(0, firstOption);
const options = firstOption < 0 ? [] : args.slice(firstOption);
const all = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('.test.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();
/** A benchmark's module comment as lines of text, without the comment's stars. */
function description(name: string): string[] {
  const lines = readFileSync(join(here, `${name}.ts`), 'utf8').split('\n');
  const start = lines.findIndex((l) => l.includes('@module'));
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && /\*\//.test(l));
  return lines.slice(start + 1, end < 0 ? undefined : end).map((l) => l.replace(/^\s*\*( |$)/, ''));
}
/** The first sentence line of a benchmark's module comment, for the list `--help` prints. */
function summary(name: string): string {
  return description(name).find((l) => /\S/.test(l)) ?? '';
}
const help = options.includes('--help') || options.includes('-h');
if (wanted.length === 0 && help) {
  process.stdout.write(
    'Usage: npm run bench -- [NAME ...] [OPTIONS]\n' +
      'Runs the named benchmarks (all of them without a name), one after another; OPTIONS go to each.\n' +
      'Each prints Daylight beside its peers measured in the same run. Benchmarks:\n' +
      all.map((n) => `  ${n.padEnd(22)} ${summary(n)}`).join('\n') +
      '\n',
  );
  process.exit(0);
}
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown benchmark(s) ${unknown.join(', ')}; available: ${all.join(', ')}\n`);
  process.exit(2);
}
if (help) {
  for (const name of wanted) process.stdout.write(`${name}: npm run bench -- ${name} [OPTIONS]\n\n${description(name).join('\n').trim()}\n\n`);
  process.exit(0);
}
let failed = 0;
for (const name of wanted.length > 0 ? wanted : all) {
  process.stdout.write(`\n## ${name}\n\n`);
  const run = spawnSync(process.execPath, [join(here, `${name}.ts`), ...options], { stdio: 'inherit' });
  if (run.status !== 0) {
    failed++;
    process.stderr.write(`bench: ${name} exited with ${run.status ?? run.signal}\n`);
  }
}
process.exit(failed > 0 ? 1 : 0);

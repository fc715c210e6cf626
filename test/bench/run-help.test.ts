/**
 * `npm run bench -- --help` lists the benchmarks and runs none of them: a whole run holds the
 * machine for many minutes, and before this a `--help` started every benchmark.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const run = fileURLToPath(new URL('../../bench/run.ts', import.meta.url));
const benchDir = fileURLToPath(new URL('../../bench/', import.meta.url));

test('bench --help lists every benchmark with its description and runs none', () => {
  const out = spawnSync(process.execPath, [run, '--help'], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stdout, /^Usage: npm run bench/);
  assert.doesNotMatch(out.stdout, /^## /m, 'no benchmark was started');
  const names = readdirSync(benchDir).filter((f) => f.endsWith('.ts') && f !== 'run.ts').map((f) => f.replace(/\.ts$/, ''));
  for (const name of names) assert.match(out.stdout, new RegExp(`^  ${name} +\\S`, 'm'), `${name} is listed with a description`);
});

test('bench NAME --help prints that benchmark\'s description and runs nothing', () => {
  // detect reads no --help of its own: passed on, it would start reading gov-pdfs ("read …" lines).
  const out = spawnSync(process.execPath, [run, 'detect', '--help'], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stdout, /^detect: npm run bench -- detect/);
  assert.match(out.stdout, /Detection throughput on real documents/);
  assert.doesNotMatch(out.stdout, /^(## |read )/m, 'no benchmark was started');
});

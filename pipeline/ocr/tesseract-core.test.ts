/**
 * What tesseract-core.ts sets up for V8's optimising compiler before Tesseract is compiled
 * (cheaperTierUp). V8 flags are per process, so each case runs in a child process of its own.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const core = pathToFileURL(join(import.meta.dirname, 'tesseract-core.ts')).href;

/**
 * A child that (with `load`) loads Tesseract through tesseract-core.ts, then compiles a small
 * counting loop straight to V8's optimising tier and prints the machine code size V8 reports
 * for it: unrolling makes that loop's code larger, so the size tells whether unrolling was on.
 */
async function loopCodeSize(options: { load: boolean; v8Flags?: string[]; env?: NodeJS.ProcessEnv }): Promise<{ size: number; tierUp?: string[] }> {
  // (func (export "f") (param i32) (result i32) (local i32)
  //   (loop (local.set 1 (i32.add (local.get 1) (local.get 0))) (br_if 0 (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))) (local.get 1))
  const loop = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 6, 1, 0x60, 1, 0x7f, 1, 0x7f, 3, 2, 1, 0, 7, 5, 1, 1, 0x66, 0, 0, 10, 0x1b, 1, 0x19, 1, 1, 0x7f, 3, 0x40, 0x20, 1, 0x20, 0, 0x6a, 0x21, 1, 0x20, 0, 0x41, 1, 0x6b, 0x22, 0, 0x0d, 0, 0x0b, 0x20, 1, 0x0b];
  const script = [
    options.load ? `const files = await (await import(${JSON.stringify(core)})).tesseractFiles();` : 'const files = undefined;',
    `const f = new WebAssembly.Instance(new WebAssembly.Module(Uint8Array.from(${JSON.stringify(loop)}))).exports.f;`,
    // 10 + 9 + … + 1: the loop computes the same either way.
    `if (f(10) !== 55) throw new Error('the loop computed ' + f(10));`,
    `console.log(JSON.stringify({ tierUp: files?.tierUp.flags }));`,
  ].join('\n');
  // Function 0 of the small module is the only one compiled eagerly with the optimising compiler:
  // Tesseract's function 0 is an import, so nothing of Tesseract is compiled by this flag.
  const { stdout } = await run(process.execPath, ['--wasm-eager-tier-up-function=0', '--trace-wasm-compilation-times', ...(options.v8Flags ?? []), '--input-type=module', '-e', script], {
    env: { ...process.env, DAYLIGHT_WASM_CACHE: 'off', ...options.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines = stdout.split('\n');
  const compiled = lines.filter((line) => /using TurboFan/.test(line) && /bodysize 25 /.test(line));
  assert.equal(compiled.length, 1, `expected one optimised compilation of the loop, got:\n${compiled.join('\n')}`);
  const size = Number(/codesize (\d+)/.exec(compiled[0])?.[1]);
  const report = JSON.parse(lines.find((line) => line.startsWith('{')) ?? '{}') as { tierUp?: string[] };
  return { size, tierUp: report.tierUp };
}

test("once Tesseract is loaded, V8 compiles WebAssembly without loop unrolling, as with --no-wasm-loop-unrolling; DAYLIGHT_WASM_UNROLL=on keeps V8's default", async () => {
  const [unrolled, notUnrolled, afterLoad, keptDefault] = await Promise.all([
    loopCodeSize({ load: false }),
    loopCodeSize({ load: false, v8Flags: ['--no-wasm-loop-unrolling'] }),
    loopCodeSize({ load: true }),
    loopCodeSize({ load: true, env: { DAYLIGHT_WASM_UNROLL: 'on' } }),
  ]);
  // Otherwise the loop says nothing about the flag.
  assert.ok(unrolled.size > notUnrolled.size, `V8 did not unroll the test loop (${unrolled.size} vs ${notUnrolled.size} bytes)`);
  assert.equal(afterLoad.size, notUnrolled.size);
  assert.deepEqual(afterLoad.tierUp, ['--no-wasm-loop-unrolling']);
  assert.equal(keptDefault.size, unrolled.size);
  assert.deepEqual(keptDefault.tierUp, []);
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { commands } from '../../pipeline/cli/commands/index.ts';
import { main } from '../../pipeline/cli/main.ts';
import type { Io } from '../../pipeline/cli/command.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function captureIo(): Io & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => {
      io.out += t;
    },
    stderr: (t: string) => {
      io.err += t;
    },
    stderrIsTTY: false,
    cwd: root,
  };
  return io;
}

test('every index entry loads a command of its name and summary', async () => {
  for (const entry of commands) {
    const command = await entry.load();
    assert.equal(command.name, entry.name);
    assert.equal(command.summary, entry.summary, `${entry.name}: the index's summary differs from the module's`);
  }
});

/** The command modules a fresh process loads to run `daylight ARGS` (module hooks record every load). */
/** The URLs of the modules `daylight ARGS` loads in its own thread. */
function modulesLoaded(args: string[]): string[] {
  const script = `
    import { registerHooks } from 'node:module';
    const seen = [];
    registerHooks({ load(url, context, next) { seen.push(url); return next(url, context); } });
    const { main } = await import(${JSON.stringify(join(root, 'pipeline', 'cli', 'main.ts'))});
    const io = { stdout() {}, stderr() {}, stderrIsTTY: false, cwd: process.cwd() };
    await main(${JSON.stringify(args)}, io);
    process.stderr.write(JSON.stringify(seen));
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: root });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stderr) as string[];
}

function commandModulesLoaded(args: string[]): string[] {
  return modulesLoaded(args).filter((u) => u.includes('/cli/commands/')).map((u) => u.split('/').pop()!);
}

test('--help loads no command module, and a command loads only its own', () => {
  assert.deepEqual(commandModulesLoaded(['--help']), ['index.ts']);
  assert.deepEqual(commandModulesLoaded(['extract', '--help']), ['index.ts', 'extract.ts']);
});

test('commands load neither the AWS SDK (S3 blobs) nor the OCR engine before they need them', () => {
  // Each costs a few tenths of a CPU second at every start; S3 loads when configured, OCR when a page needs it.
  for (const command of ['batch', 'redact', 'status', 'extract']) {
    const loaded = modulesLoaded([command, '--help']);
    assert.ok(loaded.some((u) => u.endsWith(`/cli/commands/${command}.ts`)), `${command}.ts was not loaded: the check would prove nothing`);
    assert.deepEqual(loaded.filter((u) => /node_modules\/(@aws-sdk|tesseract\.js(-core)?)\//.test(u) || u.endsWith('/ocr/engine.ts')), [], command);
  }
});

test('every command prints its own --help on stdout and exits 0', async () => {
  assert.ok(commands.length > 0, 'no commands registered');
  for (const command of commands) {
    const io = captureIo();
    const code = await main([command.name, '--help'], io);
    assert.equal(code, 0, command.name);
    assert.match(io.out, new RegExp(`^Usage: daylight ${command.name} `), command.name);
    assert.match(io.out, /--help/);
    assert.equal(io.err, '', `${command.name} --help wrote to stderr`);
  }
});

test('command names are unique', () => {
  const names = commands.map((c) => c.name);
  assert.deepEqual([...new Set(names)], names);
});

test('an unknown command or option is a usage error (exit 2) explained on stderr', async () => {
  let io = captureIo();
  assert.equal(await main(['frobnicate'], io), 2);
  assert.match(io.err, /unknown command "frobnicate"/);
  assert.equal(io.out, '');

  const first = commands[0];
  io = captureIo();
  assert.equal(await main([first.name, '--no-such-flag'], io), 2);
  assert.match(io.err, /--no-such-flag/);
  assert.match(io.err, new RegExp(`daylight ${first.name} --help`));
});

test('no command prints the overview and exits 2; --help exits 0', async () => {
  let io = captureIo();
  assert.equal(await main([], io), 2);
  assert.match(io.out, /Commands:/);
  io = captureIo();
  assert.equal(await main(['--help'], io), 0);
  for (const c of commands) assert.match(io.out, new RegExp(`\\b${c.name}\\b`));
});

test('the bin runs under the pinned Node and answers --version', () => {
  const run = spawnSync(process.execPath, [join(root, 'bin', 'daylight.mjs'), '--version'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^daylight \d+\.\d+\.\d+\n$/);
});

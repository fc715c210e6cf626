/**
 * @module
 * Entry point of `daylight`: finds the command, parses its options from its own
 * table, runs it and maps the outcome to the exit table. stdout carries only
 * results; everything for people watching goes to stderr. Only the command
 * that runs is loaded (commands/index.ts).
 */
import { commands } from './commands/index.ts';
import { ExitCode, UsageError, helpText, parseCommandArgs } from './command.ts';
import type { Io } from './command.ts';
import packageJson from '../../package.json' with { type: 'json' };
import { markSinceStart } from '../stage-times.ts';

export function processIo(): Io {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
    stdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    'Usage: daylight <command> [options]',
    '',
    'Daylight turns an office\'s reports into public releases without leaking what the law protects.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Run `daylight <command> --help` for the options of one command.',
    '',
  ].join('\n');
}

export async function main(argv: string[], io: Io = processIo()): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(overview());
    return name === undefined ? ExitCode.usage : ExitCode.ok;
  }
  if (name === '--version') {
    io.stdout(`daylight ${packageJson.version}\n`);
    return ExitCode.ok;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.stderr(`daylight: unknown command "${name}". Commands: ${commands.map((c) => c.name).join(', ')}.\n`);
    return ExitCode.usage;
  }
  const command = await entry.load();
  try {
    const { values, positionals } = parseCommandArgs(command, rest);
    if (values.help) {
      io.stdout(helpText(command));
      return ExitCode.ok;
    }
    markSinceStart('start-up: Node and modules, to the command running (main thread)');
    return await command.run({ values, positionals, io });
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`daylight ${command.name}: ${error.message}\nRun \`daylight ${command.name} --help\` for usage.\n`);
      return ExitCode.usage;
    }
    throw error;
  }
}

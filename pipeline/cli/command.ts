/**
 * @module
 * The command contract: one option table per command drives `parseArgs`, the
 * `--help` text and validation, so the three never disagree.
 *
 * ```ts
 * export const extract: Command = {
 *   name: 'extract', summary: 'Read a PDF or image into the document model.',
 *   usage: '<file> [--json]',
 *   options: { json: { type: 'boolean', help: 'Print the document model as JSON on stdout.' } },
 *   positionals: { min: 1, max: 1, name: 'file' },
 *   run: async ({ values, positionals, io }) => ExitCode.ok,
 * };
 * ```
 */
import { parseArgs } from 'node:util';

/** The exit table every command uses. */
export const ExitCode = {
  ok: 0,
  /** The document, or some documents of a batch, failed; the rest completed. */
  failed: 1,
  usage: 2,
  /** Verification found a leak: nothing was written or published. */
  leak: 3,
  /** Daylight itself crashed on an error it could not attribute to a document (a bug); run again to resume. */
  crashed: 70,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface OptionSpec {
  type: 'boolean' | 'string';
  short?: string;
  multiple?: boolean;
  help: string;
  /** Shown in help as `--name VALUE`. */
  value?: string;
  default?: string | boolean;
  /** Allowed values for string options; checked before `run`. */
  choices?: readonly string[];
}

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is a terminal (progress bars only then). */
  stderrIsTTY: boolean;
  cwd: string;
  stdin?: () => Promise<string>;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface CommandContext {
  values: OptionValues;
  positionals: string[];
  io: Io;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: Record<string, OptionSpec>;
  positionals: { min: number; max: number; name: string };
  /** Longer text printed after the options in --help. */
  details?: string;
  run(ctx: CommandContext): Promise<ExitCode>;
}

/**
 * A line of the command index: enough for the overview, with the module loaded only
 * when the command runs (see commands/index.ts).
 */
export interface CommandEntry {
  name: string;
  /** The same text as the loaded command's `summary` (a test checks it). */
  summary: string;
  load(): Promise<Command>;
}

export class UsageError extends Error {}

const helpOption: OptionSpec = { type: 'boolean', short: 'h', help: 'Show this help.' };

export function parseCommandArgs(command: Command, argv: string[]): { values: OptionValues; positionals: string[] } {
  const options = { ...command.options, help: helpOption };
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(
        Object.entries(options).map(([name, spec]) => [
          name,
          { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}), ...(spec.default !== undefined ? { default: spec.default } : {}) },
        ]),
      ),
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const values = parsed.values as OptionValues;
  if (values.help) return { values, positionals: parsed.positionals };
  for (const [name, spec] of Object.entries(command.options)) {
    const v = values[name];
    if (spec.choices && typeof v === 'string' && !spec.choices.includes(v)) {
      throw new UsageError(`--${name} must be one of ${spec.choices.join(', ')} (got "${v}").`);
    }
  }
  const { min, max, name } = command.positionals;
  if (parsed.positionals.length < min) throw new UsageError(`${command.name} needs ${min === 1 ? `a ${name}` : `at least ${min} ${name}`}.`);
  if (parsed.positionals.length > max) {
    throw new UsageError(max === 0 ? `${command.name} takes no arguments (got "${parsed.positionals[0]}").` : `${command.name} takes at most ${max} ${name} (got ${parsed.positionals.length}).`);
  }
  return { values, positionals: parsed.positionals };
}

export function helpText(command: Command): string {
  const rows = Object.entries({ ...command.options, help: helpOption }).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : ''}`;
    const extra = [spec.choices ? `one of: ${spec.choices.join(', ')}` : '', spec.default !== undefined && spec.type === 'string' ? `default: ${spec.default}` : '']
      .filter(Boolean)
      .join('; ');
    return [flag, spec.help + (extra ? ` (${extra})` : '')];
  });
  const width = Math.max(...rows.map(([f]) => f.length)) + 2;
  return [
    `Usage: daylight ${command.name} ${command.usage}`,
    '',
    command.summary,
    '',
    'Options:',
    ...rows.map(([f, h]) => `  ${f.padEnd(width)}${h}`),
    ...(command.details ? ['', command.details.trim()] : []),
    '',
    'Exit codes: 0 ok · 1 a document failed · 2 usage error · 3 leak found · 70 Daylight crashed (a bug) · 130 interrupted',
    '',
  ].join('\n');
}

/** Reads a string option that may be absent. */
export function stringOption(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

/** Parses a positive integer option, naming the flag when it is not one. */
export function intOption(values: OptionValues, name: string, fallback: number, range: { min: number; max: number } = { min: 1, max: Number.MAX_SAFE_INTEGER }): number {
  const raw = stringOption(values, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < range.min || n > range.max) {
    throw new UsageError(`--${name} must be a whole number from ${range.min} to ${range.max} (got "${raw}").`);
  }
  return n;
}

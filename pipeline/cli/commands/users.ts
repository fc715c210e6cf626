/**
 * @module
 * `daylight users add|list|disable|passwd`: the accounts of the review app. A password
 * is read from standard input (never from an argument, where `ps` and shell
 * history would see it); on a terminal it is asked for twice without echo.
 */
import { formatProblem } from '../../problems.ts';
import { batchActor } from '../../batch/keys.ts';
import { ROLES, createUser, listUsers, setPassword, setUserDisabled } from '../../workspace/store/index.ts';
import type { Role } from '../../workspace/store/index.ts';
import { ExitCode, UsageError, stringOption } from '../command.ts';
import { openWorkspaceOption, workspaceOption } from '../workspace-option.ts';
import type { Command, Io } from '../command.ts';

/** Reads one line from a terminal without echoing it. */
function readHiddenLine(prompt: string, io: Io): Promise<string> {
  const stdin = process.stdin;
  io.stderr(prompt);
  return new Promise((done) => {
    let line = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          io.stderr('\n');
          done(line);
          return;
        }
        if (ch === '\u0003') process.exit(ExitCode.interrupted);
        line = ch === '\u007f' ? line.slice(0, -1) : line + ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function readPassword(io: Io): Promise<string | undefined> {
  if (process.stdin.isTTY) {
    const first = await readHiddenLine('Password: ', io);
    const second = await readHiddenLine('Repeat password: ', io);
    if (first !== second) throw new UsageError('The two passwords differ.');
    return first;
  }
  if (!io.stdin) return undefined;
  const text = await io.stdin();
  // Only the first line: `printf 'pw\n' | daylight users add …` and here-strings both work.
  return text.split(/\r?\n/)[0];
}

export const usersCommand: Command = {
  name: 'users',
  summary: 'Add, list or disable the people who may sign in to `daylight review`, or set a new password.',
  usage: 'add <name> --role clerk|approver|admin | list | disable <name> | passwd <name> [--workspace DIR] [--json]',
  options: {
    workspace: workspaceOption,
    role: { type: 'string', value: 'ROLE', choices: ROLES, help: 'Role of a new user: clerks view and propose, approvers decide and sign, admins manage users and read the audit log.' },
    json: { type: 'boolean', help: 'Print the result as JSON on stdout.' },
  },
  positionals: { min: 1, max: 2, name: 'arguments' },
  details: `
The password of a new user is read from standard input, never from the command line:
  printf '%s\\n' "$PASSWORD" | daylight users add ana --role approver
On a terminal it is asked for twice, without echo. It needs at least 12 characters.
\`users passwd <name>\` sets a new password the same way and signs that person out everywhere.
There is no default account: create the first admin and approvers this way.`,
  async run({ values, positionals, io }) {
    const [action, name] = positionals;
    if (action === 'list') {
      if (name !== undefined) throw new UsageError('users list takes no name.');
    } else if (action === 'add' || action === 'disable' || action === 'passwd') {
      if (!name) throw new UsageError(`users ${action} needs a user name.`);
    } else {
      throw new UsageError(`Unknown users action "${action}"; use add, list, disable or passwd.`);
    }
    const role = stringOption(values, 'role') as Role | undefined;
    if (action === 'add' && !role) throw new UsageError('users add needs --role clerk|approver|admin.');
    if (action !== 'add' && role) throw new UsageError('--role applies only to users add.');
    const ws = await openWorkspaceOption('users', values, io, { mustExist: action !== 'add' });
    if (typeof ws === 'number') return ws;
    try {
      if (action === 'list') {
        const users = await listUsers(ws);
        if (values.json) io.stdout(`${JSON.stringify(users.map(({ name, role, disabled, createdAt }) => ({ name, role, disabled, createdAt })))}\n`);
        else for (const u of users) io.stdout(`${u.name}\t${u.role}\t${u.disabled ? 'disabled' : 'active'}\t${u.createdAt}\n`);
        return ExitCode.ok;
      }
      if (action === 'disable') {
        const done = await setUserDisabled(ws, name, true, batchActor());
        if (!done.ok) {
          io.stderr(`${formatProblem(done.problem)}\n`);
          return ExitCode.failed;
        }
        io.stdout(values.json ? `${JSON.stringify({ name, disabled: true })}\n` : `${name} is disabled; their sessions have ended.\n`);
        return ExitCode.ok;
      }
      const password = await readPassword(io);
      if (password === undefined) throw new UsageError('Pipe the password on standard input.');
      if (action === 'passwd') {
        const changed = await setPassword(ws, name, password, batchActor());
        if (!changed.ok) {
          io.stderr(`daylight users: ${formatProblem(changed.problem)}\n`);
          return changed.problem.code === 'usage.invalid' ? ExitCode.usage : ExitCode.failed;
        }
        io.stdout(values.json ? `${JSON.stringify({ name: changed.value.name, passwordChanged: true })}\n` : `New password set for ${changed.value.name}; their sessions have ended.\n`);
        return ExitCode.ok;
      }
      const created = await createUser(ws, { name, role: role!, password }, batchActor());
      if (!created.ok) {
        io.stderr(`daylight users: ${created.problem.message}\n`);
        return ExitCode.usage;
      }
      io.stdout(values.json ? `${JSON.stringify({ name: created.value.name, role: created.value.role })}\n` : `Added ${created.value.name} (${created.value.role}).\n`);
      return ExitCode.ok;
    } finally {
      await ws.close();
    }
  },
};

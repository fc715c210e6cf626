/**
 * @module
 * Review-app users on the workspace interface: scrypt password hashes with a
 * per-user salt, roles, and disabling (never deleting, so the audit log's names
 * stay meaningful). Hashing and name rules are ../users.ts's.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { fail, ok } from '../../problems.ts';
import type { Result } from '../../problems.ts';
import { appendAudit } from './audit.ts';
import { nowIso, transaction } from './workspace.ts';
import type { Workspace } from './workspace.ts';

export const ROLES = ['clerk', 'approver', 'admin'] as const;

export type Role = (typeof ROLES)[number];

export interface User {
  id: number;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

export interface UserRow {
  id: number;
  name: string;
  role: Role;
  password_hash: string;
  salt: string;
  disabled: number;
  created_at: string;
}

export const SCRYPT = { N: 16384, r: 8, p: 1, keyLength: 32 } as const;

export const MIN_PASSWORD_LENGTH = 12;

export function toUser(r: UserRow): User {
  return { id: r.id, name: r.name, role: r.role, disabled: r.disabled !== 0, createdAt: r.created_at };
}

export function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number; keyLength: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, params.keyLength, { N: params.N, r: params.r, p: params.p, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** "scrypt$N$r$p$hex"; the parameters travel with the hash so they can be raised later. */
export async function hashPassword(password: string, salt: Buffer): Promise<string> {
  const key = await derive(password, salt, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${key.toString('hex')}`;
}

const USER_NAME = /^[\p{L}\p{N}._@-]{1,64}$/u;

/**
 * A user name as every boundary (CLI, forms, `--as`) must pass it on: NFKC,
 * no surrounding space, 1–64 letters, digits, dots, dashes, underscores or @.
 * "ana " and "ana" are one name, never two.
 */
export function normalizeUserName(input: string): Result<string> {
  const name = input.normalize('NFKC').trim();
  if (!USER_NAME.test(name)) return fail('usage.invalid', `User name "${input.slice(0, 80)}" must be 1–64 letters, digits, dots, dashes, underscores or @.`);
  return ok(name);
}


const asUser = (row: unknown): User => toUser(row as UserRow);

/** The active account with this name (for `--as USER`): unknown or disabled names are refused. */
export async function activeUser(ws: Workspace, input: string): Promise<Result<User>> {
  const name = normalizeUserName(input);
  if (!name.ok) return name;
  const user = await findUser(ws, name.value);
  if (!user) return fail('usage.invalid', `No review-app account named "${name.value}"; add it with \`daylight users add ${name.value} --role clerk\`.`);
  if (user.disabled) return fail('usage.invalid', `The account "${name.value}" is disabled.`);
  return ok(user);
}

async function nameTaken(ws: Workspace, name: string): Promise<boolean> {
  // "Ana" beside "ana" would be two accounts people take for one.
  return (await ws.db.selectFrom('users').select('id').where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase())).executeTakeFirst()) !== undefined;
}

export async function createUser(ws: Workspace, input: { name: string; role: Role; password: string }, actor: string): Promise<Result<User>> {
  const normalized = normalizeUserName(input.name);
  if (!normalized.ok) return normalized;
  const name = normalized.value;
  if (!ROLES.includes(input.role)) return fail('usage.invalid', `Role must be one of ${ROLES.join(', ')} (got "${input.role}").`);
  if (input.password.length < MIN_PASSWORD_LENGTH) return fail('usage.invalid', `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`);
  if (await nameTaken(ws, name)) return fail('usage.invalid', `A user named "${name}" already exists.`);
  const salt = randomBytes(16);
  const hash = await hashPassword(input.password, salt);
  return transaction(ws, async (tx) => {
    if (await nameTaken(tx, name)) return fail('usage.invalid', `A user named "${name}" already exists.`);
    const at = nowIso();
    const { id } = await tx.db.insertInto('users').values({ name, role: input.role, password_hash: hash, salt: salt.toString('hex'), created_at: at }).returning('id').executeTakeFirstOrThrow();
    await appendAudit(tx, { actor, action: 'user.created', subject: name, details: { role: input.role } });
    return ok({ id, name, role: input.role, disabled: false, createdAt: at });
  });
}

/**
 * Checks a name and password. Unknown names cost the same scrypt as known ones,
 * so timing does not tell which names exist. Throttling is the caller's job.
 */
export async function verifyPassword(ws: Workspace, name: string, password: string): Promise<Result<User>> {
  const row = (await ws.db.selectFrom('users').selectAll().where('name', '=', name.normalize('NFKC').trim()).executeTakeFirst()) as UserRow | undefined;
  const salt = row ? Buffer.from(row.salt, 'hex') : randomBytes(16);
  const [, n, r, p, hex] = (row?.password_hash ?? `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${'00'.repeat(SCRYPT.keyLength)}`).split('$');
  const expected = Buffer.from(hex, 'hex');
  const actual = await derive(password, salt, { N: Number(n), r: Number(r), p: Number(p), keyLength: expected.length });
  const match = timingSafeEqual(actual, expected);
  if (!row || !match || row.disabled) return fail('usage.invalid', 'The user name or password is wrong, or the account is disabled.');
  return ok(toUser(row));
}

export async function getUser(ws: Workspace, id: number): Promise<User | undefined> {
  const row = await ws.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row && asUser(row);
}

/** The account with this name, as `normalizeUserName` reads it ("ana " is ana). */
export async function findUser(ws: Workspace, name: string): Promise<User | undefined> {
  const row = await ws.db.selectFrom('users').selectAll().where('name', '=', name.normalize('NFKC').trim()).executeTakeFirst();
  return row && asUser(row);
}

export async function listUsers(ws: Workspace): Promise<User[]> {
  return (await ws.db.selectFrom('users').selectAll().orderBy('name').execute()).map(asUser);
}

/** Disables (or re-enables) a user and ends their sessions. */
export function setUserDisabled(ws: Workspace, name: string, disabled: boolean, actor: string): Promise<Result<User>> {
  return transaction(ws, async (tx) => {
    const user = await findUser(tx, name);
    if (!user) return fail('workspace.not-found', `No user named "${name}".`);
    await tx.db.updateTable('users').set({ disabled: disabled ? 1 : 0 }).where('id', '=', user.id).execute();
    if (disabled) await tx.db.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    await appendAudit(tx, { actor, action: disabled ? 'user.disabled' : 'user.enabled', subject: user.name });
    return ok({ ...user, disabled });
  });
}

export async function setPassword(ws: Workspace, name: string, password: string, actor: string): Promise<Result<User>> {
  const user = await findUser(ws, name);
  if (!user) return fail('workspace.not-found', `No user named "${name}".`);
  if (password.length < MIN_PASSWORD_LENGTH) return fail('usage.invalid', `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`);
  const salt = randomBytes(16);
  const hash = await hashPassword(password, salt);
  return transaction(ws, async (tx) => {
    await tx.db.updateTable('users').set({ password_hash: hash, salt: salt.toString('hex') }).where('id', '=', user.id).execute();
    await tx.db.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    await appendAudit(tx, { actor, action: 'user.password-changed', subject: user.name });
    return ok(user);
  });
}

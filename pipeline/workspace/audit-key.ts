/**
 * @module
 * The audit log's key, held outside the database so that someone who can write
 * the SQLite file cannot re-hash the log after changing it. A small JSON file
 * made on the first audit entry with mode 0600 (`wx`, so two processes never
 * make two keys): 32 random bytes for HMAC-SHA256, and where the entries
 * written before the key existed end (they stay in the plain SHA-256 chain and
 * are sealed by `legacyHead`).
 *
 * Default path: `audit.key` beside `workspace.sqlite`; `DAYLIGHT_AUDIT_KEY`
 * (or `openWorkspace(dir, { auditKeyPath })`) puts it elsewhere, e.g. in a
 * folder only the service account can read. Losing it makes the log
 * unverifiable; back it up apart from the workspace.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';

export const AUDIT_KEY_FILE = 'audit.key';

export interface AuditKey {
  key: Buffer;
  /** Entries 1…legacyEntries were written before the key and are checked as a plain SHA-256 chain. */
  legacyEntries: number;
  /** The hash of entry `legacyEntries` when the key was made (all zeros for none). */
  legacyHead: string;
}

export interface AuditKeyStore {
  path: string;
  /** The key, once made. */
  current(): AuditKey | undefined;
  /** Makes the key (or reads the one another process just made). Throws only on a file-system failure. */
  create(legacy: { entries: number; head: string }): AuditKey;
}

interface KeyFile {
  daylightAuditKey: 1;
  key: string;
  createdAt: string;
  legacyEntries: number;
  legacyHead: string;
}

function parse(path: string, text: string): Result<AuditKey> {
  let file: Partial<KeyFile>;
  try {
    file = JSON.parse(text) as Partial<KeyFile>;
  } catch {
    return fail('audit.key-invalid', `The audit key file ${path} is not valid JSON.`);
  }
  if (file.daylightAuditKey !== 1 || !/^[0-9a-f]{64}$/.test(file.key ?? '') || !Number.isInteger(file.legacyEntries) || !/^[0-9a-f]{64}$/.test(file.legacyHead ?? '')) {
    return fail('audit.key-invalid', `The audit key file ${path} does not hold a Daylight audit key.`);
  }
  return ok({ key: Buffer.from(file.key!, 'hex'), legacyEntries: file.legacyEntries!, legacyHead: file.legacyHead! });
}

function read(path: string): Result<AuditKey | undefined> {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok(undefined);
    return fail('audit.key-invalid', `The audit key file ${path} could not be read: ${(error as Error).message}.`);
  }
  // Like ssh with a private key: a key others can read is no key.
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    return fail('audit.key-invalid', `The audit key file ${path} can be read by other users (mode ${(mode & 0o777).toString(8)}); run \`chmod 600 ${path}\`.`);
  }
  return parse(path, readFileSync(path, 'utf8'));
}

export function auditKeyStore(path: string): Result<AuditKeyStore> {
  const loaded = read(path);
  if (!loaded.ok) return loaded;
  let key = loaded.value;
  return ok({
    path,
    current: () => key,
    create(legacy) {
      if (key) return key;
      const file: KeyFile = { daylightAuditKey: 1, key: randomBytes(32).toString('hex'), createdAt: new Date().toISOString(), legacyEntries: legacy.entries, legacyHead: legacy.head };
      let fd: number | undefined;
      try {
        fd = openSync(path, 'wx', 0o600);
        writeSync(fd, `${JSON.stringify(file)}\n`);
        fsyncSync(fd);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      } finally {
        if (fd !== undefined) closeSync(fd);
      }
      const made = read(path);
      if (!made.ok || !made.value) throw new Error(`audit key ${path}: ${made.ok ? 'missing after creation' : made.problem.message}`);
      key = made.value;
      return key;
    },
  });
}

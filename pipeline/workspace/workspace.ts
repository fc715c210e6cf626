/**
 * @module
 * Opening a workspace: a folder holding `workspace.sqlite` (the database) and
 * `blobs/` (the content-addressed files). Every table module takes the
 * `Workspace` this returns.
 *
 * ```ts
 * const opened = openWorkspace('./daylight-workspace');
 * if (!opened.ok) return opened;
 * const ws = opened.value;
 * try { listDocuments(ws, { state: 'in_review' }); } finally { ws.close(); }
 * ```
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';
import { AUDIT_KEY_FILE, auditKeyStore } from './audit-key.ts';
import type { AuditKeyStore } from './audit-key.ts';
import { blobStoreFromEnv } from './blobs.ts';
import type { BlobFs, BlobStore } from './blobs.ts';
import { dbFailure, openDb } from './database.ts';
import type { Db } from './database.ts';
import { migrate } from './migrations.ts';

export const DEFAULT_WORKSPACE_DIR = 'daylight-workspace';
export const DATABASE_FILE = 'workspace.sqlite';

export interface Workspace {
  dir: string;
  db: Db;
  blobs: BlobStore;
  /** The audit log's HMAC key, kept outside the database (`audit-key.ts`). */
  auditKey: AuditKeyStore;
  close(): void;
}

export interface OpenWorkspaceOptions {
  /** Refuse to create a new workspace; for commands that only read one. */
  mustExist?: boolean;
  busyTimeoutMs?: number;
  /** Tests inject failing file operations here. */
  blobFs?: BlobFs;
  /** Where the audit key lives; default `$DAYLIGHT_AUDIT_KEY`, else `audit.key` in the workspace folder. */
  auditKeyPath?: string;
}

export function openWorkspace(dir: string, options: OpenWorkspaceOptions = {}): Result<Workspace> {
  const root = resolve(dir);
  const dbPath = join(root, DATABASE_FILE);
  const exists = existsSync(dbPath);
  if (!exists) {
    if (options.mustExist) return fail('workspace.invalid', `${root} is not a Daylight workspace (no ${DATABASE_FILE}). Run \`daylight batch <folder> --workspace ${dir}\` first.`);
    if (existsSync(root)) {
      if (!statSync(root).isDirectory()) return fail('workspace.invalid', `${root} is a file, not a folder.`);
      const unexpected = readdirSync(root).filter((n) => n !== 'blobs' && !n.startsWith(DATABASE_FILE) && n !== 'workspace.lock' && n !== AUDIT_KEY_FILE);
      if (unexpected.length > 0) {
        return fail('workspace.invalid', `${root} already holds other files (${unexpected.slice(0, 3).join(', ')}); a new workspace needs an empty or missing folder.`);
      }
    }
    try {
      mkdirSync(root, { recursive: true });
    } catch (error) {
      return fail('workspace.write-failed', `The workspace folder ${root} could not be made: ${(error as Error).message}.`);
    }
  }
  const opened = openDb(dbPath, { busyTimeoutMs: options.busyTimeoutMs });
  if (!opened.ok) return opened;
  const db = opened.value;
  try {
    const migrated = migrate(db);
    if (!migrated.ok) {
      db.close();
      return migrated;
    }
  } catch (error) {
    db.close();
    return dbFailure(error, dbPath);
  }
  const keyPath = resolve(options.auditKeyPath ?? (process.env.DAYLIGHT_AUDIT_KEY || join(root, AUDIT_KEY_FILE)));
  const auditKey = auditKeyStore(keyPath);
  if (!auditKey.ok) {
    db.close();
    return auditKey;
  }
  // A keyed log without its key cannot be verified or extended: say so now, not on the first write.
  if (!auditKey.value.current() && db.prepare('SELECT 1 FROM audit_log WHERE chain IS NOT NULL LIMIT 1').get()) {
    db.close();
    return fail('audit.key-missing', `The audit log of ${root} is keyed, but its key file ${keyPath} is missing. Restore it from its backup, or set DAYLIGHT_AUDIT_KEY to its path.`);
  }
  const blobs = blobStoreFromEnv(root, process.env, { blobFs: options.blobFs });
  if (!blobs.ok) {
    db.close();
    return blobs;
  }
  const store = blobs.value;
  return ok({ dir: root, db, blobs: store, auditKey: auditKey.value, close: () => {
    store.close();
    if (db.isOpen) db.close();
  } });
}

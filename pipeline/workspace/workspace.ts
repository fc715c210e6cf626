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
import { blobStore, nodeBlobFs } from './blobs.ts';
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
  close(): void;
}

export interface OpenWorkspaceOptions {
  /** Refuse to create a new workspace; for commands that only read one. */
  mustExist?: boolean;
  busyTimeoutMs?: number;
  /** Tests inject failing file operations here. */
  blobFs?: BlobFs;
}

export function openWorkspace(dir: string, options: OpenWorkspaceOptions = {}): Result<Workspace> {
  const root = resolve(dir);
  const dbPath = join(root, DATABASE_FILE);
  const exists = existsSync(dbPath);
  if (!exists) {
    if (options.mustExist) return fail('workspace.invalid', `${root} is not a Daylight workspace (no ${DATABASE_FILE}). Run \`daylight batch <folder> --workspace ${dir}\` first.`);
    if (existsSync(root)) {
      if (!statSync(root).isDirectory()) return fail('workspace.invalid', `${root} is a file, not a folder.`);
      const unexpected = readdirSync(root).filter((n) => n !== 'blobs' && !n.startsWith(DATABASE_FILE) && n !== 'workspace.lock');
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
  const blobs = blobStore(join(root, 'blobs'), options.blobFs ?? nodeBlobFs);
  return ok({ dir: root, db, blobs, close: () => db.isOpen && db.close() });
}

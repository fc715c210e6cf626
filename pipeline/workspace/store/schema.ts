/**
 * @module
 * The workspace tables as Kysely sees them: one description for both adapters
 * (the DDL is in ../migrations.ts). Times are ISO-8601 text on both, so they
 * compare and sort the same way; flags are integers 0/1 on both.
 */
import type { Generated } from 'kysely';
import type { AuditRow } from '../audit-chain.ts';

export interface BatchesTable {
  id: string;
  name: string;
  folder: string;
  policy_hash: string;
  code_version: string;
  created_by: string;
  created_at: string;
  finished_at: string | null;
}

export interface DocumentsTable {
  id: string;
  batch_id: string;
  path: string;
  file_name: string;
  sha256: string | null;
  byte_length: number | null;
  media_type: string | null;
  page_count: number | null;
  state: string;
  failed_code: string | null;
  failed_message: string | null;
  failed_stage: string | null;
  duplicate_of: string | null;
  original_blob: string | null;
  model_blob: string | null;
  artifact_blob: string | null;
  verify_blob: string | null;
  verify_ok: number | null;
  published_at: string | null;
  purged_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface PagesTable {
  document_id: string;
  number: number;
  width: number;
  height: number;
  rotation: number;
  source: string;
  dpi: number | null;
  word_count: number;
  render_blob: string | null;
}

export interface FindingsTable {
  document_id: string;
  id: string;
  detector: string;
  category: string;
  exemption: string;
  action: string;
  score: number;
  text: string;
  why: string;
  start: number;
  end: number;
  boxes: string;
}

export interface RedactionsTable {
  document_id: string;
  id: string;
  category: string;
  exemption: string;
  boxes: string;
  origin: string;
  decision: string;
  reason: string;
  created_by: string;
  created_at: string;
  decided_by: string | null;
  decided_at: string | null;
  confirmed_by: string | null;
  confirmed_at: string | null;
}

export interface ReviewDecisionsTable {
  id: Generated<number>;
  document_id: string;
  redaction_id: string | null;
  actor: string;
  action: string;
  comment: string | null;
  at: string;
}

export interface ApprovalsTable {
  id: Generated<number>;
  document_id: string;
  artifact_sha256: string;
  decision_set_sha256: string | null;
  approver: string;
  approved_at: string;
}

export interface UsersTable {
  id: Generated<number>;
  name: string;
  role: string;
  password_hash: string;
  salt: string;
  disabled: Generated<number>;
  created_at: string;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  csrf_secret: string;
  created_at: string;
  last_seen_at: string;
}

/** The row `audit-chain.ts` hashes and checks, the same on both adapters. */
export type AuditLogTable = AuditRow;

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
  mac: string | null;
}

/** The last seal over the chain heads (migration 6); one row. */
export interface AuditSealTable {
  id: number;
  sealed_at: string;
  chains: number;
  entries: number;
  root: string;
  mac: string;
}

/** Each chain's head when the last seal was made. */
export interface AuditSealedHeadsTable {
  chain: string;
  chain_seq: number;
  hash: string;
}

export interface AuditChainHeadsTable {
  chain: string;
  seq: number;
  chain_seq: number;
  hash: string;
  mac: string;
}

export interface LocksTable {
  name: string;
  pid: number;
  host: string;
  process_start: string | null;
  purpose: string;
  acquired_at: string;
}

export interface CheckpointsTable {
  sha256: string;
  stage: string;
  policy_hash: string;
  code_version: string;
  output: string;
  created_at: string;
}

export interface DocumentViewsTable {
  document_id: string;
  user_name: string;
  seen_seq: number;
  seen_at: string;
}

export interface ReviewSecretsTable {
  name: string;
  value: string;
  created_at: string;
}

export interface LoginFailuresTable {
  key: string;
  failures: number;
  /** Milliseconds since the epoch (BIGINT on PostgreSQL, which pg returns as a string: read it with Number). */
  last_failure: number;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: string;
}

export interface Schema {
  batches: BatchesTable;
  documents: DocumentsTable;
  pages: PagesTable;
  findings: FindingsTable;
  redactions: RedactionsTable;
  review_decisions: ReviewDecisionsTable;
  approvals: ApprovalsTable;
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  audit_chain_heads: AuditChainHeadsTable;
  audit_seal: AuditSealTable;
  audit_sealed_heads: AuditSealedHeadsTable;
  locks: LocksTable;
  checkpoints: CheckpointsTable;
  document_views: DocumentViewsTable;
  review_secrets: ReviewSecretsTable;
  login_failures: LoginFailuresTable;
  schema_migrations: SchemaMigrationsTable;
}

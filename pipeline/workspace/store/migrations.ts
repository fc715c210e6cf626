/**
 * @module
 * The workspace schema as a list of versioned migrations. Each runs once, in a
 * transaction, and is recorded in `schema_migrations`; a database newer than
 * this code is refused rather than guessed at. Append new migrations; never
 * edit one that has shipped.
 */

export interface Migration {
  version: number;
  name: string;
  /** SQLite (node:sqlite), run as one script. */
  sql: string;
  /**
   * The same change for PostgreSQL. The differences are the dialects' own:
   * identity columns for AUTOINCREMENT, DOUBLE PRECISION for REAL, a PL/pgSQL
   * function for RAISE(ABORT) triggers, and text in the "C" collation so rows
   * sort byte-wise as in SQLite (a listing is the same on both adapters).
   */
  postgres: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE batches (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  folder TEXT NOT NULL,
  policy_hash TEXT NOT NULL,
  code_version TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  finished_at TEXT,
  UNIQUE (folder, name, policy_hash)
);

CREATE TABLE documents (
  id TEXT PRIMARY KEY,
  batch_id TEXT NOT NULL REFERENCES batches(id),
  path TEXT NOT NULL,
  file_name TEXT NOT NULL,
  sha256 TEXT,
  byte_length INTEGER,
  media_type TEXT,
  page_count INTEGER,
  state TEXT NOT NULL,
  failed_code TEXT,
  failed_message TEXT,
  failed_stage TEXT,
  duplicate_of TEXT REFERENCES documents(id),
  original_blob TEXT,
  model_blob TEXT,
  artifact_blob TEXT,
  verify_blob TEXT,
  published_at TEXT,
  purged_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (batch_id, path)
);
CREATE INDEX documents_state ON documents(state);
CREATE INDEX documents_sha ON documents(sha256);

CREATE TABLE pages (
  document_id TEXT NOT NULL REFERENCES documents(id),
  number INTEGER NOT NULL,
  width REAL NOT NULL,
  height REAL NOT NULL,
  rotation INTEGER NOT NULL,
  source TEXT NOT NULL,
  dpi REAL,
  word_count INTEGER NOT NULL,
  render_blob TEXT,
  PRIMARY KEY (document_id, number)
);

CREATE TABLE findings (
  document_id TEXT NOT NULL REFERENCES documents(id),
  id TEXT NOT NULL,
  detector TEXT NOT NULL,
  category TEXT NOT NULL,
  exemption TEXT NOT NULL,
  action TEXT NOT NULL,
  score REAL NOT NULL,
  text TEXT NOT NULL,
  why TEXT NOT NULL,
  start INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  boxes TEXT NOT NULL,
  PRIMARY KEY (document_id, id)
);
CREATE INDEX findings_category ON findings(category);

CREATE TABLE redactions (
  document_id TEXT NOT NULL REFERENCES documents(id),
  id TEXT NOT NULL,
  category TEXT NOT NULL,
  exemption TEXT NOT NULL,
  boxes TEXT NOT NULL,
  origin TEXT NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('proposed', 'accepted', 'rejected')),
  reason TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  decided_by TEXT,
  decided_at TEXT,
  PRIMARY KEY (document_id, id)
);

CREATE TABLE review_decisions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  document_id TEXT NOT NULL REFERENCES documents(id),
  redaction_id TEXT,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  comment TEXT,
  at TEXT NOT NULL
);
CREATE INDEX review_decisions_document ON review_decisions(document_id);

CREATE TABLE approvals (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  document_id TEXT NOT NULL REFERENCES documents(id),
  artifact_sha256 TEXT NOT NULL,
  approver TEXT NOT NULL,
  approved_at TEXT NOT NULL
);
CREATE INDEX approvals_document ON approvals(document_id);

CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('clerk', 'approver', 'admin')),
  password_hash TEXT NOT NULL,
  salt TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  csrf_secret TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL
);

CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT,
  details TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
-- Append-only: the log can be verified, and the engine refuses casual edits.
-- Tampering with raw SQL can drop these triggers; the hash chain still catches it.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- The newest entry, so that deleting rows at the end of the log is caught too.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL
);

-- Who runs a batch on this workspace now; a row whose process is gone is stale.
CREATE TABLE locks (
  name TEXT PRIMARY KEY,
  pid INTEGER NOT NULL,
  host TEXT NOT NULL,
  process_start TEXT,
  purpose TEXT NOT NULL,
  acquired_at TEXT NOT NULL
);

CREATE TABLE checkpoints (
  sha256 TEXT NOT NULL,
  stage TEXT NOT NULL,
  policy_hash TEXT NOT NULL,
  code_version TEXT NOT NULL,
  output TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (sha256, stage, policy_hash, code_version)
);
`,
    postgres: `
CREATE TABLE batches (
  id TEXT COLLATE "C" PRIMARY KEY,
  name TEXT COLLATE "C" NOT NULL,
  folder TEXT COLLATE "C" NOT NULL,
  policy_hash TEXT COLLATE "C" NOT NULL,
  code_version TEXT COLLATE "C" NOT NULL,
  created_by TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  finished_at TEXT COLLATE "C",
  UNIQUE (folder, name, policy_hash)
);

CREATE TABLE documents (
  id TEXT COLLATE "C" PRIMARY KEY,
  batch_id TEXT COLLATE "C" NOT NULL REFERENCES batches(id),
  path TEXT COLLATE "C" NOT NULL,
  file_name TEXT COLLATE "C" NOT NULL,
  sha256 TEXT COLLATE "C",
  byte_length BIGINT,
  media_type TEXT COLLATE "C",
  page_count INTEGER,
  state TEXT COLLATE "C" NOT NULL,
  failed_code TEXT COLLATE "C",
  failed_message TEXT COLLATE "C",
  failed_stage TEXT COLLATE "C",
  duplicate_of TEXT COLLATE "C" REFERENCES documents(id),
  original_blob TEXT COLLATE "C",
  model_blob TEXT COLLATE "C",
  artifact_blob TEXT COLLATE "C",
  verify_blob TEXT COLLATE "C",
  published_at TEXT COLLATE "C",
  purged_at TEXT COLLATE "C",
  created_at TEXT COLLATE "C" NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL,
  UNIQUE (batch_id, path)
);
CREATE INDEX documents_state ON documents(state);
CREATE INDEX documents_sha ON documents(sha256);

CREATE TABLE pages (
  document_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id),
  number INTEGER NOT NULL,
  width DOUBLE PRECISION NOT NULL,
  height DOUBLE PRECISION NOT NULL,
  rotation INTEGER NOT NULL,
  source TEXT COLLATE "C" NOT NULL,
  dpi DOUBLE PRECISION,
  word_count INTEGER NOT NULL,
  render_blob TEXT COLLATE "C",
  PRIMARY KEY (document_id, number)
);

CREATE TABLE findings (
  document_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id),
  id TEXT COLLATE "C" NOT NULL,
  detector TEXT COLLATE "C" NOT NULL,
  category TEXT COLLATE "C" NOT NULL,
  exemption TEXT COLLATE "C" NOT NULL,
  action TEXT COLLATE "C" NOT NULL,
  score DOUBLE PRECISION NOT NULL,
  text TEXT COLLATE "C" NOT NULL,
  why TEXT COLLATE "C" NOT NULL,
  start INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  boxes TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (document_id, id)
);
CREATE INDEX findings_category ON findings(category);

CREATE TABLE redactions (
  document_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id),
  id TEXT COLLATE "C" NOT NULL,
  category TEXT COLLATE "C" NOT NULL,
  exemption TEXT COLLATE "C" NOT NULL,
  boxes TEXT COLLATE "C" NOT NULL,
  origin TEXT COLLATE "C" NOT NULL,
  decision TEXT COLLATE "C" NOT NULL CHECK (decision IN ('proposed', 'accepted', 'rejected')),
  reason TEXT COLLATE "C" NOT NULL,
  created_by TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  decided_by TEXT COLLATE "C",
  decided_at TEXT COLLATE "C",
  PRIMARY KEY (document_id, id)
);

CREATE TABLE review_decisions (
  id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  document_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id),
  redaction_id TEXT COLLATE "C",
  actor TEXT COLLATE "C" NOT NULL,
  action TEXT COLLATE "C" NOT NULL,
  comment TEXT COLLATE "C",
  at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX review_decisions_document ON review_decisions(document_id);

CREATE TABLE approvals (
  id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  document_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id),
  artifact_sha256 TEXT COLLATE "C" NOT NULL,
  approver TEXT COLLATE "C" NOT NULL,
  approved_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX approvals_document ON approvals(document_id);

CREATE TABLE users (
  id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  name TEXT COLLATE "C" NOT NULL UNIQUE,
  role TEXT COLLATE "C" NOT NULL CHECK (role IN ('clerk', 'approver', 'admin')),
  password_hash TEXT COLLATE "C" NOT NULL,
  salt TEXT COLLATE "C" NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT COLLATE "C" NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT COLLATE "C" PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  csrf_secret TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  last_seen_at TEXT COLLATE "C" NOT NULL
);

CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at TEXT COLLATE "C" NOT NULL,
  actor TEXT COLLATE "C" NOT NULL,
  action TEXT COLLATE "C" NOT NULL,
  subject TEXT COLLATE "C",
  details TEXT COLLATE "C" NOT NULL,
  prev_hash TEXT COLLATE "C" NOT NULL,
  hash TEXT COLLATE "C" NOT NULL
);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  hash TEXT COLLATE "C" NOT NULL
);

CREATE TABLE locks (
  name TEXT COLLATE "C" PRIMARY KEY,
  pid INTEGER NOT NULL,
  host TEXT COLLATE "C" NOT NULL,
  process_start TEXT COLLATE "C",
  purpose TEXT COLLATE "C" NOT NULL,
  acquired_at TEXT COLLATE "C" NOT NULL
);

CREATE TABLE checkpoints (
  sha256 TEXT COLLATE "C" NOT NULL,
  stage TEXT COLLATE "C" NOT NULL,
  policy_hash TEXT COLLATE "C" NOT NULL,
  code_version TEXT COLLATE "C" NOT NULL,
  output TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (sha256, stage, policy_hash, code_version)
);
`,
  },
  {
    version: 2,
    name: 'documents.verify_ok',
    // 1 when the batch's proposed artifact passed verification, 0 when it leaves
    // protected text readable (the document still goes to review, flagged).
    sql: 'ALTER TABLE documents ADD COLUMN verify_ok INTEGER;',
    postgres: 'ALTER TABLE documents ADD COLUMN verify_ok INTEGER;',
  },
  {
    version: 3,
    name: 'signed decision sets and confirmed rejections',
    // An approval names the hash of the decision set it was built from (see decision-set.ts);
    // rejecting a redaction the policy applies automatically waits for a second person's confirmation.
    sql: `
ALTER TABLE approvals ADD COLUMN decision_set_sha256 TEXT;
ALTER TABLE redactions ADD COLUMN confirmed_by TEXT;
ALTER TABLE redactions ADD COLUMN confirmed_at TEXT;
`,
    postgres: `
ALTER TABLE approvals ADD COLUMN decision_set_sha256 TEXT COLLATE "C";
ALTER TABLE redactions ADD COLUMN confirmed_by TEXT COLLATE "C";
ALTER TABLE redactions ADD COLUMN confirmed_at TEXT COLLATE "C";
`,
  },
  {
    version: 4,
    name: 'audit chains per document, keyed heads',
    // Entries before this stay in the plain SHA-256 chain (chain NULL), sealed by the key file (audit-key.ts).
    sql: `
ALTER TABLE audit_log ADD COLUMN chain TEXT;
ALTER TABLE audit_log ADD COLUMN chain_seq INTEGER;
CREATE UNIQUE INDEX audit_log_chain ON audit_log(chain, chain_seq);
ALTER TABLE audit_head ADD COLUMN mac TEXT;
CREATE TABLE audit_chain_heads (
  chain TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  chain_seq INTEGER NOT NULL,
  hash TEXT NOT NULL,
  mac TEXT NOT NULL
);
`,
    postgres: `
ALTER TABLE audit_log ADD COLUMN chain TEXT COLLATE "C";
ALTER TABLE audit_log ADD COLUMN chain_seq INTEGER;
CREATE UNIQUE INDEX audit_log_chain ON audit_log(chain, chain_seq);
ALTER TABLE audit_head ADD COLUMN mac TEXT COLLATE "C";
CREATE TABLE audit_chain_heads (
  chain TEXT COLLATE "C" PRIMARY KEY,
  seq INTEGER NOT NULL,
  chain_seq INTEGER NOT NULL,
  hash TEXT COLLATE "C" NOT NULL,
  mac TEXT COLLATE "C" NOT NULL
);
`,
  },
  {
    version: 5,
    name: 'when each person last looked at a document',
    // The review page shows what others changed since then (audit entries after `seen_seq`).
    // Audit entries are read by subject for a document's history and its changes.
    sql: `
CREATE TABLE document_views (
  document_id TEXT NOT NULL,
  user_name TEXT NOT NULL,
  seen_seq INTEGER NOT NULL,
  seen_at TEXT NOT NULL,
  PRIMARY KEY (document_id, user_name)
);
CREATE INDEX audit_log_subject ON audit_log(subject, seq);
`,
    postgres: `
CREATE TABLE document_views (
  document_id TEXT COLLATE "C" NOT NULL,
  user_name TEXT COLLATE "C" NOT NULL,
  seen_seq INTEGER NOT NULL,
  seen_at TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (document_id, user_name)
);
CREATE INDEX audit_log_subject ON audit_log(subject, seq);
`,
  },
  {
    version: 6,
    name: 'audit appends lock only their chain; a seal over the chain heads',
    // The single workspace head (audit_head) is no longer written: it stays as the head at
    // migration. `seq` may have gaps from now on (PostgreSQL draws it from a sequence). The
    // seal (audit_seal + audit_sealed_heads) commits to every chain's head; see audit-chain.ts.
    sql: `
CREATE TABLE audit_seal (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  sealed_at TEXT NOT NULL,
  chains INTEGER NOT NULL,
  entries INTEGER NOT NULL,
  root TEXT NOT NULL,
  mac TEXT NOT NULL
);
CREATE TABLE audit_sealed_heads (
  chain TEXT PRIMARY KEY,
  chain_seq INTEGER NOT NULL,
  hash TEXT NOT NULL
);
`,
    postgres: `
CREATE TABLE audit_seal (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  sealed_at TEXT COLLATE "C" NOT NULL,
  chains INTEGER NOT NULL,
  entries INTEGER NOT NULL,
  root TEXT COLLATE "C" NOT NULL,
  mac TEXT COLLATE "C" NOT NULL
);
CREATE TABLE audit_sealed_heads (
  chain TEXT COLLATE "C" PRIMARY KEY,
  chain_seq INTEGER NOT NULL,
  hash TEXT COLLATE "C" NOT NULL
);
CREATE SEQUENCE audit_log_seq;
SELECT setval('audit_log_seq', COALESCE((SELECT MAX(seq) FROM audit_log), 0) + 1, false);
`,
  },
  {
    version: 7,
    name: 'review servers share the sign-in form secret and the sign-in throttle',
    // Several `daylight review` servers behind one balancer: a form one signed, another accepts,
    // and failed sign-ins count across all of them. Keys are SHA-256 of (account, address) or
    // the address: typed names (sometimes a password typed in the wrong box) are not stored.
    sql: `
CREATE TABLE review_secrets (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE login_failures (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_failure INTEGER NOT NULL
);
`,
    postgres: `
CREATE TABLE review_secrets (
  name TEXT COLLATE "C" PRIMARY KEY,
  value TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL
);
CREATE TABLE login_failures (
  key TEXT COLLATE "C" PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_failure BIGINT NOT NULL
);
`,
  },
];

export const SCHEMA_VERSION = migrations[migrations.length - 1].version;

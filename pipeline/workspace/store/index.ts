/**
 * @module
 * The workspace interface in one import: async functions over a `Workspace`
 * that `openWorkspace` returns for either adapter (node:sqlite embedded, or
 * PostgreSQL when DAYLIGHT_DATABASE_URL is set). See ../README.md.
 */
export { openWorkspace, transaction, databaseUrlFrom, redactUrl, DEFAULT_WORKSPACE_DIR } from './workspace.ts';
export type { Workspace, WorkspaceKind, OpenWorkspaceOptions } from './workspace.ts';
export type { BlobStore } from '../blobs.ts';
export { tryStorage, isStorageError, storageProblem } from './dialect.ts';
export { DOCUMENT_STATES, canTransition, isDocumentState, PIPELINE_STATES } from '../states.ts';
export type { DocumentState } from '../states.ts';
export { sha256Hex, putJsonBlob, readJsonBlob } from '../blobs.ts';
export { findOrCreateBatch, finishBatch, getBatch, listBatches, newId } from './batches.ts';
export type { Batch, BatchKey } from './batches.ts';
export { insertDocument, getDocument, findDocumentByPath, findPrimaryBySha, listDocuments, countByState, setState, updateDocumentBlobs, failureOf } from './documents.ts';
export type { DocumentRecord, DocumentFailure, DocumentQuery, DocumentPatch, NewDocument, StateChange } from './documents.ts';
export { replacePages, listPages, setPageRender, countPages, pageMeta } from './pages.ts';
export type { PageRecord, PageMeta } from './pages.ts';
export { replaceFindings, listFindings, countFindingsByCategory } from './findings.ts';
export { rejectedValues, valueKey } from './rejected-values.ts';
export type { RejectedValue } from './rejected-values.ts';
export { getCheckpoint, putCheckpoint, deleteCheckpoint, deleteCheckpoints } from './checkpoints.ts';
export type { CheckpointKey } from './checkpoints.ts';
export {
  replaceProposedRedactions,
  listRedactions,
  getRedaction,
  decideRedaction,
  addReviewerRedaction,
  withdrawReviewerRedaction,
  lastRedactionEditor,
  confirmRejection,
  unconfirmedRejections,
  automaticRedactionIds,
} from './redactions.ts';
export type { RedactionRecord } from './redactions.ts';
export { decisionSet, decisionSetHash, hashDecisionSet, decisionMakers, signOffBlockers } from './decision-set.ts';
export type { DecisionSet } from './decision-set.ts';
export { recordReviewDecision, listReviewDecisions, sendBack, requeueForReview, addComment } from './reviews.ts';
export type { ReviewDecision } from './reviews.ts';
export { recordApproval, latestApproval, approvedArtifact, markPublished, documentsApprovedWith } from './approvals.ts';
export type { Approval, ApprovalInput } from './approvals.ts';
export { ROLES, MIN_PASSWORD_LENGTH, normalizeUserName, activeUser, createUser, verifyPassword, getUser, findUser, listUsers, setUserDisabled, setPassword } from './users.ts';
export type { Role, User } from './users.ts';
export { createSession, getSession, deleteSession, deleteExpiredSessions, DEFAULT_IDLE_MS, DEFAULT_MAX_AGE_MS } from './sessions.ts';
export type { Session, NewSession, SessionLimits } from './sessions.ts';
export { appendAudit, flushAudit, sealAudit, listAudit, countAudit, auditActors, auditEntryCount, auditVersion, latestAuditSeq, verifyAuditChain, verifyDocumentChain, chainHead, chainEntry, chainOf, WORKSPACE_CHAIN, GENESIS_HASH } from './audit.ts';
export { workspaceSecret, loginFailures, recordLoginFailure, clearLoginFailures, forgetLoginFailures } from './review-guard.ts';
export type { LoginFailures } from './review-guard.ts';
export type { AuditEntry, AuditInput, AuditQuery, AuditVerification, ChainHead } from './audit.ts';
export { lastLook, recordLook } from './document-views.ts';
export type { DocumentLook } from './document-views.ts';
export { auditAnchors, writeAuditAnchors, checkAnchors, AUDIT_ANCHORS_FILE } from './anchors.ts';
export type { AuditAnchors, AnchorCheck } from './anchors.ts';
export { acquireWorkspaceLock, lockHolder } from './lock.ts';
export type { WorkspaceLock, LockHolder } from './lock.ts';
export { planPurge, executePurge } from './purge.ts';
export type { PurgeItem, PurgePlan } from './purge.ts';
export { opRows, opSteps } from './review-ops.ts';
export type { OpRow } from './review-ops.ts';
